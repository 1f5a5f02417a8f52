"""Signing in, the queues, the ticket page and its actions, recordings, live updates."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from hotline.accounts import service as accounts
from hotline.accounts import sessions
from hotline.accounts.roles import AGENCY_ROLES
from hotline.accounts.tables import User
from hotline.directory.tables import Agency, Category, Region
from hotline.errors import Forbidden, NotFound, ValidationFailed
from hotline.i18n import N_, t
from hotline.konsol import casework, failed_messages, queues
from hotline.konsol.access import Perm, Staff, may_see_identity, sees_ticket
from hotline.konsol.auth import (
    allow,
    clear_session_cookie,
    client_address,
    session_store,
    set_session_cookie,
    sign_out,
    user_agent,
)
from hotline.konsol.common import form_data, render, see_other, to_int
from hotline.konsol.config import konsol_settings
from hotline.konsol.tables import ReplyTemplate
from hotline.konsol.ticket_actions import ACTIONS
from hotline.tickets import service, storage
from hotline.tickets.lifecycle import RejectReason, Status, allowed_actions
from hotline.tickets.records import TicketRow
from hotline.tickets.tables import Attachment, Ticket, TicketClock, TicketEvent
from hotline.web.errors import problem, renders
from hotline.web.locale import request_locale

# --- signing in and out -------------------------------------------------------------------


def _safe_next(value: str | None) -> str:
    # Only back into the console: never an open redirect to another site.
    if value and value.startswith("/konsol") and not value.startswith("//"):
        return value
    return "/konsol"


@get("/masuk", opt={"public": True})
async def login_form(request: Request[Any, Any, Any]) -> Template:
    return render(request, None, "login.html", next=_safe_next(request.query_params.get("next")))


@post("/masuk", opt={"public": True})
async def login(request: Request[Any, Any, Any]) -> Response[Any]:
    data = await form_data(request)
    locale = request_locale(request)
    next_url = _safe_next(data.get("next"))
    result = await accounts.authenticate(
        data.get("username", ""),
        data.get("password", ""),
        address=client_address(request),
        user_agent=user_agent(request),
    )
    if result.outcome is not accounts.LoginOutcome.OK:
        # A lock reads the same whoever it protects (this address, or the account), and
        # whether the account exists or not.
        error = {
            accounts.LoginOutcome.BAD_CREDENTIALS: t(locale, N_("Wrong username or password.")),
            accounts.LoginOutcome.LOCKED: t(
                locale,
                N_(
                    "Too many failed sign-ins. Wait {minutes} minutes and try again, or ask an"
                    " administrator."
                ),
                minutes=max(1, -(-result.wait_seconds // 60)),
            ),
            accounts.LoginOutcome.DISABLED: t(locale, N_("This account is disabled.")),
        }[result.outcome]
        return render(
            request,
            None,
            "login.html",
            status_code=429 if result.outcome is accounts.LoginOutcome.LOCKED else 401,
            error=error,
            username=data.get("username", ""),
            next=next_url,
        )
    assert result.user_id is not None
    store = session_store(request)
    # Whatever session id the browser brought is dropped: the new one is made here (fixation).
    old = request.cookies.get("hotline_konsol", "")
    await sessions.end(store, old)
    sid = await sessions.start(store, result.user_id, konsol_settings().session_policy)
    response = see_other(next_url)
    set_session_cookie(response, request, sid)
    return response


@post("/keluar", opt={"public": True})
async def logout(request: Request[Any, Any, Any]) -> Redirect:
    await sign_out(request)
    response = see_other("/konsol/masuk")
    clear_session_cookie(response)
    return response


@get("/")
async def start(staff: Staff) -> Redirect:
    return see_other(staff.home)


# --- queues -------------------------------------------------------------------------------


def _filters(request: Request[Any, Any, Any]) -> queues.QueueFilter:
    q = request.query_params
    return queues.QueueFilter(
        status=q.get("status", ""),
        due=q.get("due", "") if q.get("due") in ("soon", "breached") else "",
        category=to_int(q.get("category")),
        kecamatan=q.get("kecamatan", "").strip(),
        assignee=q.get("assignee", ""),
        after=q.get("after", "")[:40],
    )


async def _filter_choices(agency_id: int | None) -> dict[str, Any]:
    categories = await Category.select(Category.id, Category.name_id, Category.name_en).order_by(
        Category.name_id
    )
    kecamatan = (
        await Region.select(Region.code, Region.name)
        .where((Region.level == "kecamatan") & Region.active.eq(True))
        .order_by(Region.name)
    )
    officers = (
        await User.select(User.id, User.display_name)
        .where((User.agency == agency_id) & User.active.eq(True))
        .order_by(User.display_name)
        if agency_id is not None
        else []
    )
    return {"categories": categories, "kecamatan": kecamatan, "officers": officers}


@get("/verifikasi", guards=[allow(Perm.VERIFICATION_QUEUE)])
async def verification_queue(request: Request[Any, Any, Any], staff: Staff) -> Template:
    filters = _filters(request)
    page = await queues.queue(
        agency_id=None,
        statuses=queues.VERIFICATION_STATUSES,
        filters=filters,
        user_id=staff.id,
        page_size=konsol_settings().page_size,
    )
    return render(
        request,
        staff,
        "queue.html",
        title=N_("Verification queue"),
        page=page,
        statuses=queues.VERIFICATION_STATUSES,
        queue_name="verifikasi",
        **(await _filter_choices(None)),
    )


@get("/antrian", guards=[allow(Perm.AGENCY_QUEUE)])
async def agency_queue(request: Request[Any, Any, Any], staff: Staff) -> Template:
    filters = _filters(request)
    page = await queues.queue(
        agency_id=staff.agency_id,
        statuses=queues.AGENCY_STATUSES,
        filters=filters,
        user_id=staff.id,
        page_size=konsol_settings().page_size,
    )
    return render(
        request,
        staff,
        "queue.html",
        title=N_("Agency queue"),
        page=page,
        statuses=queues.AGENCY_STATUSES,
        queue_name="antrian",
        **(await _filter_choices(staff.agency_id)),
    )


# Polled by queue.js, which reads JSON (a 401 sends it to the sign-in page): errors as problems.
@get(
    "/pembaruan",
    guards=[allow(Perm.VERIFICATION_QUEUE, Perm.AGENCY_QUEUE)],
    opt=renders(problem),
)
async def updates(request: Request[Any, Any, Any], staff: Staff) -> dict[str, str]:
    """Polled by the queue pages: a new signature means "fetch the list again"."""
    if staff.may(Perm.AGENCY_QUEUE):
        sig = await queues.signature(agency_id=staff.agency_id, statuses=queues.AGENCY_STATUSES)
    else:
        sig = await queues.signature(agency_id=None, statuses=queues.VERIFICATION_STATUSES)
    return {"signature": sig}


# --- the ticket page ----------------------------------------------------------------------


async def visible_ticket(staff: Staff, ticket_id: int) -> TicketRow:
    """The ticket if it is in the staff member's scope; otherwise it does not exist (404)."""
    ticket = await service.load_ticket(ticket_id)
    if not sees_ticket(staff, ticket):
        raise NotFound(N_("Report not found."))
    return ticket


def available_actions(staff: Staff, ticket: TicketRow) -> set[str]:
    lifecycle = set(allowed_actions(Status(ticket["status"])))
    open_ = Status(ticket["status"]) in queues.OPEN
    found = set()
    for name, entry in ACTIONS.items():
        perm, action = entry.perm, entry.lifecycle
        if not staff.may(perm):
            continue
        if action is not None and action not in lifecycle:
            continue
        # Publishing a redacted answer matters most once the report is resolved; whether the
        # report itself may be published is the service's rule (publication.is_publishable).
        if action is None and not open_ and name != "publish":
            continue
        if name == "correct" and Status(ticket["status"]) not in casework.EDITABLE_BEFORE_DISPATCH:
            continue
        if name == "assign" and ticket["agency"] is None:
            continue
        found.add(name)
    return found


async def ticket_context(staff: Staff, ticket: TicketRow) -> dict[str, Any]:
    tid = ticket["id"]
    events = (
        await TicketEvent.select(
            *TicketEvent.all_columns(), TicketEvent.actor.display_name.as_alias("actor_name")
        )
        .where(TicketEvent.ticket == tid)
        .order_by(TicketEvent.at)
        .order_by(TicketEvent.id)
        .output(load_json=True)
    )
    clocks = await TicketClock.select().where(TicketClock.ticket == tid).order_by(TicketClock.id)
    attachments = await Attachment.select().where(Attachment.ticket == tid).order_by(Attachment.id)
    names = await _names(ticket)
    actions = available_actions(staff, ticket)
    agencies = (
        await Agency.select(Agency.id, Agency.code, Agency.name, Agency.is_oversight)
        .where(Agency.active.eq(True) & Agency.is_central.eq(False))
        # Internal oversight first: where a complaint about an agency's own staff belongs.
        .order_by(Agency.is_oversight, ascending=False)
        .order_by(Agency.name)
    )
    # Names for the history's dispatches and transfers and for each clock's owner, inactive
    # agencies included: the history keeps naming an agency after it is deactivated.
    every_agency = await Agency.select(Agency.id, Agency.code, Agency.name, Agency.is_central)
    central = next((a for a in every_agency if a["is_central"]), None)
    context: dict[str, Any] = {
        "ticket": ticket,
        "events": events,
        "agency_by_code": {a["code"]: a["name"] for a in every_agency},
        "agency_by_id": {a["id"]: a["name"] for a in every_agency},
        "central_name": central["name"] if central else "",
        "clocks": clocks,
        "next_clock": next_deadline(clocks),
        "attachments": attachments,
        "actions": actions,
        "agencies": agencies,
        "reject_reasons": list(RejectReason),
        "may_see_identity": may_see_identity(staff, ticket) and ticket["reporter"] is not None,
        "failed_messages": await failed_messages.ticket_panel(tid),
        **names,
    }
    if actions & {"dispatch", "transfer"}:
        context["conflict"] = await casework.conflict_of_interest(ticket)
    if "publish" in actions:
        context["publishable_events"] = casework.publishable_events(staff, ticket, events)
    if "merge" in actions:
        context["suggestions"] = await casework.merge_suggestions(ticket)
    if "correct" in actions:
        context["categories"] = (
            await Category.select(Category.service_code, Category.name_id, Category.name_en)
            .where(Category.active.eq(True))
            .order_by(Category.name_id)
        )
    if actions & {"reply", "resolve", "request_info"}:
        context["templates"] = (
            await ReplyTemplate.select()
            .where(
                ReplyTemplate.active.eq(True)
                & (ReplyTemplate.agency.is_null() | (ReplyTemplate.agency == ticket["agency"]))
            )
            .order_by(ReplyTemplate.title)
        )
    if "assign" in actions:
        context["officers"] = (
            await User.select(User.id, User.display_name)
            .where(
                (User.agency == ticket["agency"])
                & User.active.eq(True)
                & User.role.is_in([r.value for r in AGENCY_ROLES])
            )
            .order_by(User.display_name)
        )
    return context


def next_deadline(clocks: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The deadline the officer works to: the earliest running clock; a paused one (waiting for
    the reporter) when none runs, so the page can say the deadlines wait; None when all stopped."""
    running = [c for c in clocks if not c["stopped_at"] and not c["paused_at"] and c["due_at"]]
    if running:
        return min(running, key=lambda c: c["due_at"])
    paused = [c for c in clocks if not c["stopped_at"] and c["paused_at"]]
    return paused[0] if paused else None


async def _names(ticket: TicketRow) -> dict[str, Any]:
    """The names the ticket page shows for the records a ticket refers to: only the columns
    the page reads, so no account's password hash or other ticket's PIN hash reaches a
    template context."""

    async def one(value: Any, *columns: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        table = columns[0]._meta.table
        return await table.select(*columns).where(table._meta.primary_key == value).first()  # type: ignore[no-any-return]

    return {
        "category": await one(
            ticket["category"], Category.service_code, Category.name_id, Category.name_en
        ),
        "region": await one(ticket["region"], Region.code, Region.name),
        "agency": await one(ticket["agency"], Agency.name),
        "proposed_agency": await one(ticket["proposed_agency"], Agency.name),
        "assignee": await one(ticket["assignee"], User.display_name),
        "duplicate_of": await one(ticket["duplicate_of"], Ticket.reference),
    }


@get("/tiket/{ticket_id:int}", guards=[allow(Perm.VIEW_TICKET)])
async def ticket_page(request: Request[Any, Any, Any], staff: Staff, ticket_id: int) -> Template:
    ticket = await visible_ticket(staff, ticket_id)
    done = request.query_params.get("ok", "")
    return render(request, staff, "ticket.html", done=done, **(await ticket_context(staff, ticket)))


@post("/tiket/{ticket_id:int}/identitas", guards=[allow(Perm.VIEW_TICKET)])
async def reveal_identity(
    request: Request[Any, Any, Any], staff: Staff, ticket_id: int
) -> Template:
    """Who reported: a POST, because every look is recorded in the history."""
    ticket = await visible_ticket(staff, ticket_id)
    identity = await service.reporter_identity(
        ticket_id, actor=staff.actor, central_unit=staff.central_unit
    )
    ticket = await service.load_ticket(ticket_id)
    return render(
        request, staff, "ticket.html", identity=identity, **(await ticket_context(staff, ticket))
    )


@post("/tiket/{ticket_id:int}/aksi/{name:str}", guards=[allow(Perm.VIEW_TICKET)])
async def ticket_action(
    request: Request[Any, Any, Any], staff: Staff, ticket_id: int, name: str
) -> Response[Any]:
    ticket = await visible_ticket(staff, ticket_id)
    if name not in ACTIONS:
        raise NotFound(N_("Report not found."))
    if not staff.may(ACTIONS[name].perm):
        raise_forbidden()
    data = await form_data(request)
    try:
        await ACTIONS[name].run(staff, ticket["id"], data)
    except ValidationFailed as exc:
        # Re-show the page with the officer's text kept and the problem beside its field.
        locale = request_locale(request)
        return render(
            request,
            staff,
            "ticket.html",
            status_code=400,
            errors=exc.as_dict(locale),
            failed_action=name,
            form=data,
            **(await ticket_context(staff, await service.load_ticket(ticket_id))),
        )
    after = await service.load_ticket(ticket_id)
    if not sees_ticket(staff, after):
        # Transferred away or sent back to the central unit: it is no longer ours to show.
        return see_other(f"{staff.home}?ok={name}")
    return see_other(f"/konsol/tiket/{ticket_id}?ok={name}#timeline")


def raise_forbidden() -> None:
    raise Forbidden(N_("Your role does not give access to this page."))


@get("/lampiran/{attachment_id:int}", guards=[allow(Perm.VIEW_TICKET)])
async def attachment(staff: Staff, attachment_id: int) -> Response[bytes]:
    """A photo or call recording, for staff who may see its ticket; never cached, never public."""
    row = await Attachment.select().where(Attachment.id == attachment_id).first()
    if row is None or not row["storage_path"]:
        raise NotFound(N_("Report not found."))
    await visible_ticket(staff, row["ticket"])
    try:
        content = storage.read_bytes(row["storage_path"])
    except (OSError, ValueError):
        raise NotFound(N_("The file is not available.")) from None
    return Response(
        content,
        media_type=row["content_type"] or "application/octet-stream",
        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
    )
