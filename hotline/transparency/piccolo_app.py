import os

from piccolo.conf.apps import AppConfig

from hotline.transparency.tables import MonthFigures, Publication

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="transparency",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[MonthFigures, Publication],
    migration_dependencies=["hotline.notify.piccolo_app", "hotline.ivr.piccolo_app"],
    commands=[],
)
