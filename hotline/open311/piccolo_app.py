import os

from piccolo.conf.apps import AppConfig

from hotline.open311 import tables

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="open311",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[tables.Submission],
    migration_dependencies=["hotline.notify.piccolo_app"],
    commands=[],
)
