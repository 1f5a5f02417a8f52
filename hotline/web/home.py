"""The home page: what the service is, how to reach it, in the visitor's language."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from hotline import phones
from hotline.directory import operator
from hotline.tickets.lifecycle import OPEN
from hotline.tickets.tables import Ticket
from hotline.web.locale import COOKIE, request_locale


@get("/", include_in_schema=False)
async def home(request: Request) -> Template:
    locale = request_locale(request)
    open_count = await Ticket.count().where(Ticket.status.is_in([s.value for s in OPEN]))
    total = await Ticket.count()
    demo = await Ticket.exists().where(Ticket.is_demo.eq(True))
    # The operator's hotline number (HOTLINE_TWILIO_NUMBER unless an admin set another), E.164.
    phone = (await operator.current()).hotline_phone
    response = Template(
        "home.html",
        context={
            "locale": locale,
            "open_count": open_count,
            "total": total,
            "demo": demo,
            "phone": phone,
            "phone_display": phones.as_dialled(phone),
        },
    )
    if request.query_params.get("lang") == locale:
        response.set_cookie(COOKIE, locale, max_age=365 * 24 * 3600, samesite="lax")
    return response
