import os

from piccolo.conf.apps import AppConfig

from hotline.tickets import tables

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="tickets",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[
        tables.Reporter,
        tables.Ticket,
        tables.TicketClock,
        tables.TicketEvent,
        tables.Attachment,
    ],
    migration_dependencies=["hotline.accounts.piccolo_app"],
    commands=[],
)
