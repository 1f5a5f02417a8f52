"""The HTTP handlers of this area, collected for hotline.app.create_app().

One Router carries what is particular to the citizen pages: its errors as HTML pages in the
citizen layout (hotline/web/errors.py renders them, CSRF refusals, rate limits and oversize
uploads included), the rate limits, and the request size limit.
"""

from __future__ import annotations

from typing import Any

from litestar import Router

from hotline.citizen import lacak, lapor, laporan, mydata, pages, pin_reset, protection
from hotline.citizen.config import citizen_settings
from hotline.web.errors import renders


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
        opt=renders(pages.ERRORS),
        request_max_body_size=settings.max_body_bytes,
    )


ROUTES: list[Any] = [router()]
