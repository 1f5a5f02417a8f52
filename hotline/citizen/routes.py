"""The HTTP handlers of this area, collected for hotline.app.create_app().

One Router carries what is particular to the citizen pages: HTML error pages instead of the
app's JSON problems (CSRF refusals, rate limits and oversize uploads included, since those are
raised before any handler runs), the rate limits, and the request size limit.
"""

from __future__ import annotations

from typing import Any

from litestar import Router
from litestar.exceptions import HTTPException

from hotline.citizen import lacak, lapor, laporan, mydata, pages, pin_reset, protection
from hotline.citizen.config import citizen_settings
from hotline.errors import HotlineError


def router() -> Router:
    settings = citizen_settings()
    return Router(
        path="/",
        route_handlers=[
            lapor.lapor_form,
            lapor.lapor_submit,
            lapor.receipt,
            lacak.lacak,
            lacak.sign_in,
            lacak.sign_out,
            lacak.add_information,
            lacak.rate_answer,
            lacak.dispute,
            lacak.withdraw,
            pin_reset.forgot_form,
            pin_reset.forgot,
            lacak.attachment,
            mydata.my_data_page,
            mydata.my_data_json,
            laporan.published,
            laporan.published_report,
        ],
        middleware=protection.middleware(settings),
        exception_handlers={
            HTTPException: pages.http_error,
            HotlineError: pages.hotline_error,
            Exception: pages.unexpected_error,
        },
        request_max_body_size=settings.max_body_bytes,
    )


ROUTES: list[Any] = [router()]
