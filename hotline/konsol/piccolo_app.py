import os

from piccolo.conf.apps import AppConfig

from hotline.konsol import tables

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="konsol",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[tables.ReplyTemplate],
    migration_dependencies=["hotline.notify.piccolo_app"],
    commands=[],
)
