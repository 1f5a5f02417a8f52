import os

from piccolo.conf.apps import AppConfig

from hotline.callcentre import tables

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="callcentre",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[tables.CallCentreEvent, tables.Shift],
    migration_dependencies=["hotline.transparency.piccolo_app"],
    commands=[],
)
