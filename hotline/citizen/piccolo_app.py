import os

from piccolo.conf.apps import AppConfig

from hotline.citizen.tables import WebSubmission

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="citizen",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[WebSubmission],
    migration_dependencies=["hotline.notify.piccolo_app", "hotline.tickets.piccolo_app"],
    commands=[],
)
