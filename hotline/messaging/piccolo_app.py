import os

from piccolo.conf.apps import AppConfig

from hotline.messaging import tables

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="messaging",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[tables.InboundMessage, tables.Conversation, tables.OptOut],
    migration_dependencies=["hotline.ivr.piccolo_app"],
    commands=[],
)
