"""Hand-written: a message about a ticket keeps its link, as ("ticket", id) instead of the foreign
key (same SQL on both engines). Between the migration that adds the columns and the one that
drops the foreign key, because a migration's raw SQL runs before its column changes."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-06T05:57:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "outbox: name the ticket a message is about"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="notify", description=DESCRIPTION)

    async def run():
        from hotline.notify.tables import OutboxMessage

        await OutboxMessage.raw(
            "UPDATE outbox_message SET about_type = 'ticket', about_id = ticket"
            " WHERE ticket IS NOT NULL"
        )

    async def run_backwards():
        from hotline.notify.tables import OutboxMessage

        await OutboxMessage.raw(
            "UPDATE outbox_message SET ticket = about_id WHERE about_type = 'ticket'"
        )

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
