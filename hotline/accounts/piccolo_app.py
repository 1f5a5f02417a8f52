import os

from piccolo.conf.apps import AppConfig

from hotline.accounts import tables

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="accounts",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[tables.User, tables.ApiKey, tables.StoredValue, tables.AccessEvent],
    migration_dependencies=["hotline.directory.piccolo_app"],
    commands=[],
)
