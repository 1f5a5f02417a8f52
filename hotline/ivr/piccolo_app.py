import os

from piccolo.conf.apps import AppConfig

from hotline.ivr import tables

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="ivr",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[
        tables.QueueCall,
        tables.IvrCall,
        tables.IvrStep,
        tables.IvrQueueEvent,
        tables.IvrAgent,
        tables.IvrBlock,
        tables.ConversationRecording,
    ],
    migration_dependencies=["hotline.notify.piccolo_app"],
    commands=[],
)
