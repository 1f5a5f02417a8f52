"""Retention (UU 27/2022 PDP): `ticket.anonymised_at`, when the retention step erased the
report's personal data (NULL while it is held). The index and the history's exception follow in
the next migration: Piccolo runs a migration's raw SQL before its new columns."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T05:40:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "retention: ticket.anonymised_at"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="tickets", description=DESCRIPTION)
    manager.add_column(
        table_class_name="Ticket",
        tablename="ticket",
        column_name="anonymised_at",
        db_column_name="anonymised_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
