"""The admin audit trail: every change to reference data (who, when, which record, what it was
before and after) is one `AdminChange` row, written in the caller's transaction, so the change
and its record commit or roll back together. One writer for the console's admin pages, the
calendars, the routing-rule import, the phone line's blocklist and the service's operator."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from hotline import clock
from hotline.directory.tables import AdminChange


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    # Dates and datetimes as text: the record is JSON.
    return json.loads(json.dumps(data, default=str))  # type: ignore[no-any-return]


async def record(
    actor: str,
    entity: str,
    key: str,
    action: str,
    data: dict[str, Any],
    *,
    at: datetime | None = None,
) -> None:
    await AdminChange.insert(
        AdminChange(
            at=at or clock.now(),
            actor=actor[:80],
            entity=entity,
            entity_key=str(key)[:80],
            action=action,
            data=_plain(data),
        )
    )
