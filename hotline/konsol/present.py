"""How the console shows times, deadlines and labels in the reader's language and time zone."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, format_timedelta

from hotline import clock
from hotline.i18n import N_, t
from hotline.sla.policy import ClockKind
from hotline.tickets.channels import Channel
from hotline.tickets.events import ROUTING_RULE, ActorType, EventKind
from hotline.tickets.lifecycle import RejectReason, Status
from hotline.tickets.privacy import Privacy


class Present:
    """Passed to templates as `fmt`."""

    def __init__(self, locale: str, timezone: str) -> None:
        self.locale = locale
        self.zone = ZoneInfo(timezone)
        self.now = clock.now()

    def when(self, value: datetime | None) -> str:
        if value is None:
            return ""
        return format_datetime(value.astimezone(self.zone), "d MMM y HH:mm zzz", locale=self.locale)

    def left(self, due: datetime | None) -> str:
        """ "in 2 days" / "3 hours ago", plainly; the template marks overdue ones."""
        if due is None:
            return ""
        return format_timedelta(
            due - self.now,
            granularity="minute",
            threshold=1.5,
            add_direction=True,
            locale=self.locale,
        )

    def overdue(self, due: datetime | None) -> bool:
        return due is not None and due < self.now

    def status(self, key: str) -> str:
        return t(self.locale, Status(key).label) if key else ""

    def channel(self, key: str) -> str:
        return t(self.locale, Channel(key).label)

    def privacy(self, key: str) -> str:
        return t(self.locale, Privacy(key).label)

    def event(self, key: str) -> str:
        return t(self.locale, EventKind(key).label)

    def reject_reason(self, key: str) -> str:
        return t(self.locale, RejectReason(key).label) if key else ""

    def clock(self, key: str) -> str:
        return t(self.locale, ClockKind(key).label)

    def actor(self, name: str | None, actor_type: str) -> str:
        return name or t(self.locale, ActorType(actor_type).label)

    def by(self, event: dict[str, Any]) -> str:
        """Who did what a history entry records; a routing rule's dispatch names the rule."""
        data = event.get("data") or {}
        if data.get("reason") == ROUTING_RULE:
            return routing_rule_actor(self.locale, data)
        return self.actor(event.get("actor_name"), event["actor_type"])

    def agency_move(
        self, event: dict[str, Any], by_code: dict[str, str], by_id: dict[int, str]
    ) -> str:
        """Where a dispatch, transfer or "bukan wewenang" moved the report, by agency name."""
        data = event.get("data") or {}
        if event.get("kind") != EventKind.STATUS_CHANGED.value:
            return ""
        action = data.get("action")
        new = by_code.get(data.get("agency") or "", data.get("agency") or "")
        old = by_id.get(data.get("from_agency") or 0, "")
        if action == "transfer" and new:
            if old:
                return t(self.locale, N_("Transferred from {old} to {new}"), old=old, new=new)
            return t(self.locale, N_("Transferred to {agency}"), agency=new)
        if action == "dispatch" and new:
            return t(self.locale, N_("Dispatched to {agency}"), agency=new)
        if action == "not_our_mandate" and old:
            return t(self.locale, N_("Returned by {agency} to the central unit"), agency=old)
        return ""

    def category(self, row: dict[str, Any], prefix: str = "category_") -> str:
        return str(row.get(f"{prefix}name_{'en' if self.locale == 'en' else 'id'}") or "")


def routing_rule_actor(locale: str, data: dict[str, Any]) -> str:
    """ "System (routing rule #3: note)": a dispatch no person made."""
    rule = data.get("rule")
    if not rule:
        return t(locale, N_("System (a routing rule)"))
    note = str(data.get("rule_note") or "").strip()
    if note:
        return t(locale, N_("System (routing rule #{rule}: {note})"), rule=rule, note=note)
    return t(locale, N_("System (routing rule #{rule})"), rule=rule)
