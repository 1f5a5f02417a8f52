"""What every call-centre page shares: the line's time zone and rendering a page inside the
console's layout (its staff bar and menu) in the reader's language."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from litestar import Request, Response
from litestar.response import Template

from hotline.ivr.config import get_config
from hotline.konsol.access import Staff
from hotline.konsol.common import NAV
from hotline.konsol.config import konsol_settings
from hotline.konsol.present import Present
from hotline.transparency.formatting import Formatter
from hotline.web.locale import request_locale


def zone() -> ZoneInfo:
    """The reports' days and hours are the line's (HOTLINE_IVR_TIMEZONE)."""
    return ZoneInfo(get_config().service_calendar.timezone)


def csv_download(rows: Iterable[Sequence[Any]], filename: str) -> Response[bytes]:
    """A report's rows (header first) as a CSV file to download: every CSV of the call centre."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return Response(
        buf.getvalue().encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


def render(
    request: Request[Any, Any, Any],
    staff: Staff,
    template: str,
    *,
    status_code: int = 200,
    **context: Any,
) -> Template:
    locale = request_locale(request)
    return Template(
        f"callcentre/{template}",
        context={
            "locale": locale,
            "staff": staff,
            "nav": [(href, label) for perm, href, label in NAV if staff.may(perm)],
            "path": request.url.path,
            "fmt": Present(locale, staff.timezone),
            "num": Formatter(locale, zone()),
            "poll_seconds": konsol_settings().poll_seconds,
            "request_ok": request.query_params.get("ok", ""),
            **context,
        },
        status_code=status_code,
    )
