"""The call agent's view: file a report for a caller, and find the caller's earlier reports by
phone number where the reporter's privacy choice allows it (as a contact centre's CTI would)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Template

from hotline import clock
from hotline.db.tx import transaction
from hotline.directory.tables import Category, Region
from hotline.errors import FieldError, ValidationFailed
from hotline.i18n import N_
from hotline.konsol.access import Perm, Staff, operator_may_list
from hotline.konsol.auth import allow
from hotline.konsol.common import form_data, render
from hotline.phones import to_e164
from hotline.tickets.channels import Channel
from hotline.tickets.drafts import ReportDraft, ReporterDraft
from hotline.tickets.events import EventKind
from hotline.tickets.privacy import ORDER, Privacy
from hotline.tickets.service import add_event, create_report
from hotline.tickets.tables import Ticket
from hotline.web.locale import request_locale

LOOKUP_LIMIT = 20


def by_phone(phone: str) -> Any:
    """The query of the search: the reporter rows of this number (index `reporter_phone`),
    then their tickets (index `ticket_reporter`), newest first."""
    listable = [p.value for p in Privacy if operator_may_list(p)]
    return (
        Ticket.select(
            Ticket.id,
            Ticket.reference,
            Ticket.status,
            Ticket.created_at,
            Ticket.title,
            Ticket.category.name_id.as_alias("category_name_id"),
            Ticket.category.name_en.as_alias("category_name_en"),
            Ticket.agency.name.as_alias("agency_name"),
        )
        .where((Ticket.reporter.phone == phone) & Ticket.privacy.is_in(listable))
        .order_by(Ticket.created_at, ascending=False)
        .limit(LOOKUP_LIMIT)
    )


async def earlier_reports(phone: str, staff: Staff) -> list[dict[str, Any]]:
    """The caller's reports the operator may know about; each one found is a recorded look."""
    rows = await by_phone(phone)
    if rows:
        now = clock.now()
        async with transaction():
            for row in rows:
                # Linking a number to a report is a look at the reporter's identity.
                await add_event(
                    row["id"],
                    EventKind.IDENTITY_VIEWED,
                    staff.actor,
                    at=now,
                    public=False,
                    data={"via": "operator_lookup"},
                )
    return rows


async def _choices() -> dict[str, Any]:
    return {
        "categories": await Category.select(
            Category.service_code, Category.name_id, Category.name_en
        )
        .where(Category.active.eq(True))
        .order_by(Category.name_id),
        "kecamatan": await Region.select(Region.code, Region.name)
        .where((Region.level == "kecamatan") & Region.active.eq(True))
        .order_by(Region.name),
        # The order and the promises of every channel (hotline/tickets/privacy.py).
        "privacies": list(ORDER),
    }


@get("/operator", guards=[allow(Perm.OPERATOR_VIEW)])
async def operator_view(request: Request[Any, Any, Any], staff: Staff) -> Template:
    # A telephony screen-pop may open /konsol/operator?telepon=<caller id>: the number is filled
    # in, and the agent decides whether to look the caller up (a recorded look) or file a report.
    phone = request.query_params.get("telepon", "").strip()[:30]
    return render(
        request,
        staff,
        "operator.html",
        title=N_("Caller"),
        phone=phone,
        form={"phone": phone} if phone else {},
        **(await _choices()),
    )


@post("/operator/cari", guards=[allow(Perm.OPERATOR_VIEW)])
async def find_caller(request: Request[Any, Any, Any], staff: Staff) -> Template:
    """A POST: the number stays out of URLs and logs, and each report found is a recorded look."""
    raw = (await form_data(request)).get("telepon", "").strip()
    context: dict[str, Any] = {"phone": raw, "form": {"phone": raw}}
    phone = to_e164(raw)
    if not phone:
        context["errors"] = ValidationFailed(
            [FieldError("telepon", N_("This is not a valid phone number, e.g. 0812 3456 7890."))]
        ).as_dict(request_locale(request))
    else:
        context["earlier"] = await earlier_reports(phone, staff)
    return render(
        request,
        staff,
        "operator.html",
        status_code=400 if "errors" in context else 200,
        title=N_("Caller"),
        **context,
        **(await _choices()),
    )


@post("/operator/lapor", guards=[allow(Perm.OPERATOR_VIEW)])
async def file_for_caller(request: Request[Any, Any, Any], staff: Staff) -> Template:
    data = await form_data(request)
    try:
        privacy = Privacy(data.get("privacy", "publik"))
    except ValueError:
        privacy = Privacy.PUBLIK
    draft = ReportDraft(
        channel=Channel.OPERATOR,
        title=data.get("title", ""),
        description=data.get("description", ""),
        category_code=data.get("category") or None,
        region_code=data.get("region") or None,
        location_text=data.get("location_text", ""),
        privacy=privacy,
        reporter=ReporterDraft(
            name=data.get("name", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            locale=data.get("locale", "id") if data.get("locale") in ("id", "en") else "id",
            sms_consent=data.get("sms_consent") == "on",
        ),
    )
    try:
        created = await create_report(draft, actor=staff.actor)
    except ValidationFailed as exc:
        return render(
            request,
            staff,
            "operator.html",
            status_code=400,
            title=N_("Caller"),
            errors=exc.as_dict(request_locale(request)),
            form=data,
            **(await _choices()),
        )
    return render(request, staff, "operator_done.html", title=N_("Caller"), created=created)


ROUTES = [operator_view, find_caller, file_for_caller]
