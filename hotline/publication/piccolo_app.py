import os

from piccolo.conf.apps import AppConfig

from hotline.publication.tables import PublishedReport, PublishedUpdate

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="publication",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[PublishedReport, PublishedUpdate],
    # After tickets: its second migration fills the projection from the reports already there.
    migration_dependencies=["hotline.tickets.piccolo_app"],
    commands=[],
)
