"""Hand-written: a partial index so the delivery loop reads only pending messages that are due."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-22T09:58:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "outbox due index"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="notify", description=DESCRIPTION)

    async def run():
        from hotline.notify.tables import OutboxMessage

        await OutboxMessage.raw(
            "CREATE INDEX IF NOT EXISTS outbox_message_pending_due "
            "ON outbox_message (next_attempt_at) WHERE status IN ('pending', 'sending')"
        )

    async def run_backwards():
        from hotline.notify.tables import OutboxMessage

        await OutboxMessage.raw("DROP INDEX IF EXISTS outbox_message_pending_due")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
