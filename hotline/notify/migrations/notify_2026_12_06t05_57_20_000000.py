from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-06T05:57:20:000000"
VERSION = "1.38.0"
DESCRIPTION = "outbox: drop the ticket foreign key"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="notify", description=DESCRIPTION
    )

    manager.drop_column(
        table_class_name="OutboxMessage",
        tablename="outbox_message",
        column_name="ticket",
        db_column_name="ticket",
        schema=None,
    )

    return manager
