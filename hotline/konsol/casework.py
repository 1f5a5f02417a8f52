"""The console's operations on a ticket that the lifecycle core does not already offer.

Each is one transaction with its history event. Corrections never overwrite silently: the event
keeps the values before and after, so the reporter's original words stay in the history.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hotline import clock
from hotline.accounts.roles import AGENCY_ROLES
from hotline.accounts.tables import User
from hotline.db.tx import transaction
from hotline.directory import conflicts
from hotline.directory.service import agency_names, region_by_code, route_report
from hotline.directory.tables import Agency, Category, Region
from hotline.errors import Conflict, FieldError, ValidationFailed
from hotline.i18n import N_
from hotline.konsol import duplicates
from hotline.konsol.access import Perm, Staff
from hotline.tickets import publication, service
from hotline.tickets.events import ActorType, EventKind
from hotline.tickets.lifecycle import CLOSED_UNRESOLVED, OPEN, Action, Status, Transition
from hotline.tickets.records import TicketRow
from hotline.tickets.service import add_event, load_ticket, perform
from hotline.tickets.tables import Ticket

EDITABLE_BEFORE_DISPATCH = frozenset({Status.BARU, Status.DIVERIFIKASI, Status.PERLU_DILENGKAPI})


async def correct(
    ticket_id: int,
    staff: Staff,
    *,
    title: str,
    description: str,
    location_text: str,
    category_code: str,
    region_code: str,
) -> list[str]:
    """Complete or correct a report (typically a phone report from its recording).

    Returns the names of the fields that changed. A new category re-asks the routing rules
    which agency to propose.
    """
    errors: list[FieldError] = []
    category_id = None
    if category_code:
        cat = (
            await Category.select(Category.id)
            .where((Category.service_code == category_code) & Category.active.eq(True))
            .first()
        )
        if cat is None:
            errors.append(FieldError("category", N_("Choose a category from the list.")))
        else:
            category_id = cat["id"]
    region_id = None
    if region_code:
        region = await region_by_code(region_code)
        if region is None or not region["active"]:
            errors.append(FieldError("region", N_("Choose an area from the list.")))
        else:
            region_id = region["id"]
    if not description.strip():
        errors.append(FieldError("description", N_("The description cannot be empty.")))
    if errors:
        raise ValidationFailed(errors)
    now = clock.now()
    async with transaction():
        ticket = await load_ticket(ticket_id, for_update=True)
        if Status(ticket["status"]) not in EDITABLE_BEFORE_DISPATCH:
            raise Conflict(N_("A report can be corrected only before it is dispatched."))
        after = {
            "title": title.strip()[:200],
            "description": description.strip(),
            "location_text": location_text.strip(),
            "category": category_id,
            "region": region_id,
        }
        before: Mapping[str, Any] = ticket  # read by the names of the corrected fields
        changed = [k for k, v in after.items() if before[k] != v]
        if not changed:
            return []
        updates: dict[Any, Any] = {getattr(Ticket, k): after[k] for k in changed}
        updates[Ticket.updated_at] = now
        if "category" in changed or "region" in changed:
            routed = await route_report(category_id, category_code or None, region_code or None)
            updates[Ticket.proposed_agency] = routed.agency_id if routed else None
        if "description" in changed:
            # A phone report completed from its recording is no longer incomplete.
            updates[Ticket.incomplete] = False
        await Ticket.update(updates).where(Ticket.id == ticket_id)
        await add_event(
            ticket_id,
            EventKind.EDITED,
            staff.actor,
            at=now,
            public=False,
            data={
                "fields": changed,
                "before": {k: before[k] for k in changed},
                "after": {k: after[k] for k in changed},
            },
        )
        # A phone report given its category becomes a request the public can follow.
        await publication.refresh(ticket_id, at=now, announce=False)
    return changed


async def redact(ticket_id: int, staff: Staff, public_description: str) -> None:
    """The text that may be published: the report with personal data removed, by a person."""
    await service.redact(ticket_id, public_description, actor=staff.actor)


async def assign(ticket_id: int, staff: Staff, assignee_id: int | None) -> None:
    """Give the ticket to an officer of its agency (supervisors), or take it (officers)."""
    if assignee_id is None:
        raise ValidationFailed([FieldError("assignee", N_("Choose an officer."))])
    if assignee_id != staff.id and not staff.may(Perm.ASSIGN_ANYONE):
        raise ValidationFailed(
            [FieldError("assignee", N_("Only a supervisor can assign a report to someone else."))]
        )
    now = clock.now()
    async with transaction():
        ticket = await load_ticket(ticket_id, for_update=True)
        if Status(ticket["status"]) not in OPEN:
            raise Conflict(N_("This report is closed."))
        officer = (
            await User.select(User.id, User.display_name, User.role, User.agency, User.active)
            .where(User.id == assignee_id)
            .first()
        )
        if (
            officer is None
            or not officer["active"]
            or officer["role"] not in AGENCY_ROLES
            or officer["agency"] != ticket["agency"]
        ):
            raise ValidationFailed(
                [FieldError("assignee", N_("Choose an active officer of this agency."))]
            )
        if ticket["assignee"] == assignee_id:
            return
        await Ticket.update({Ticket.assignee: assignee_id, Ticket.updated_at: now}).where(
            Ticket.id == ticket_id
        )
        await add_event(
            ticket_id,
            EventKind.ASSIGNED,
            staff.actor,
            at=now,
            public=False,
            body=officer["display_name"],
            data={"from": ticket["assignee"], "to": assignee_id},
        )


async def dispatch(ticket_id: int, staff: Staff, agency_id: int | None, reason: str) -> Transition:
    """Send the report to the agency the routing rules propose, or to another with a reason."""
    ticket = await load_ticket(ticket_id)
    if agency_id is None:
        raise ValidationFailed([FieldError("agency", N_("Choose the agency."))])
    if agency_id != ticket["proposed_agency"] and not reason.strip():
        raise ValidationFailed(
            [
                FieldError(
                    "reason",
                    N_("Explain why the report goes to another agency than the one proposed."),
                )
            ]
        )
    return await perform(
        ticket_id,
        Action.DISPATCH,
        actor=staff.actor,
        agency_id=agency_id,
        reason=reason.strip() or "proposed",
    )


async def merge_suggestions(ticket: TicketRow) -> list[tuple[duplicates.Candidate, float]]:
    """Likely duplicates of `ticket`: same category, same kecamatan, filed close in time."""
    if ticket["category"] is None:
        return []
    created: datetime = ticket["created_at"]
    rows = (
        await Ticket.select(
            Ticket.id,
            Ticket.reference,
            Ticket.created_at,
            Ticket.title,
            Ticket.description,
            Ticket.region.code,
        )
        .where(
            (Ticket.category == ticket["category"])
            & (Ticket.id != ticket["id"])
            & (Ticket.created_at >= created - duplicates.DUPLICATE_WINDOW)
            & (Ticket.created_at <= created + duplicates.DUPLICATE_WINDOW)
            & Ticket.status.not_in([s.value for s in CLOSED_UNRESOLVED])
        )
        .order_by(Ticket.created_at, ascending=False)
        .limit(200)
    )
    own = None
    if ticket["region"] is not None:
        region = await Region.select(Region.code).where(Region.id == ticket["region"]).first()
        own = duplicates.kecamatan_of(region["code"] if region else None)
    candidates = [
        duplicates.Candidate(
            ticket_id=r["id"],
            reference=r["reference"],
            created_at=r["created_at"],
            text=f"{r['title']} {r['description']}",
            same_region=own is not None and duplicates.kecamatan_of(r["region.code"]) == own,
        )
        for r in rows
    ]
    if own is not None:
        # Same kecamatan first: a report elsewhere is rarely the same pothole.
        candidates = [c for c in candidates if c.same_region] or candidates
    return duplicates.rank(f"{ticket['title']} {ticket['description']}", created, candidates)


@dataclass(frozen=True)
class InterestConflict:
    """The report names the agency it goes to (or is with): it may be about that agency."""

    agency: str
    oversight: list[str]


async def conflict_of_interest(ticket: TicketRow) -> InterestConflict | None:
    target = ticket["agency"] or ticket["proposed_agency"]
    names = await agency_names()
    text = " ".join((ticket["title"], ticket["description"], ticket["location_text"]))
    if not conflicts.names_target(text, target, names):
        return None
    oversight = await Agency.select(Agency.name).where(
        Agency.is_oversight.eq(True) & Agency.active.eq(True) & (Agency.id != target)
    )
    return InterestConflict(
        agency=next(a.name for a in names if a.id == target),
        oversight=[r["name"] for r in oversight],
    )


def publishable_events(
    staff: Staff, ticket: TicketRow, events: list[dict[str, Any]]
) -> dict[int, bool]:
    """The history entries this staff member may publish: event id -> already published.

    Empty while the report itself is not published, and always for `rahasia` reports. What a
    reporter wrote may be published by the central unit only (service.publish_update)."""
    if not publication.is_publishable(ticket):
        return {}
    done = {int(e["data"].get("source", 0)) for e in events if e["kind"] == "update_published"}
    return {
        int(e["id"]): int(e["id"]) in done
        for e in events
        if EventKind(e["kind"]) in service.PUBLISHABLE_EVENTS
        and e["public"]
        and (e["body"] or "").strip()
        and (staff.central_unit or e["actor_type"] != ActorType.REPORTER.value)
    }
