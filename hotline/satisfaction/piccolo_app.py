import os

from piccolo.conf.apps import AppConfig

from hotline.satisfaction import tables

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="satisfaction",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[tables.Survey],
    migration_dependencies=["hotline.tickets.piccolo_app"],
    commands=[],
)
