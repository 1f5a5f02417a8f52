"""The home page: what the service is, how to reach it, in the visitor's language."""

from __future__ import annotations

import phonenumbers
from litestar import Request, get
from litestar.response import Template

from hotline.settings import get_settings
from hotline.tickets.lifecycle import OPEN
from hotline.tickets.tables import Ticket
from hotline.web.locale import COOKIE, request_locale


def _as_dialled(e164: str) -> str:
    """The number as people in Indonesia dial it ("(0286) 321000"), from its E.164 form."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


@get("/", include_in_schema=False)
async def home(request: Request) -> Template:
    locale = request_locale(request)
    open_count = await Ticket.count().where(Ticket.status.is_in([s.value for s in OPEN]))
    total = await Ticket.count()
    demo = await Ticket.exists().where(Ticket.is_demo.eq(True))
    phone = get_settings().twilio_number  # the hotline's number, E.164
    response = Template(
        "home.html",
        context={
            "locale": locale,
            "open_count": open_count,
            "total": total,
            "demo": demo,
            "phone": phone,
            "phone_display": _as_dialled(phone),
        },
    )
    if request.query_params.get("lang") == locale:
        response.set_cookie(COOKIE, locale, max_age=365 * 24 * 3600, samesite="lax")
    return response
