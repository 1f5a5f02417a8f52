"""Reading the query parameters of GET requests and servicerequestupdates (pure).

Dates are ISO 8601 (W3C). A value without a UTC offset is read in WIB, the central unit's time,
because that is what a person in Indonesia means by "2026-11-01". A search spans at most 90 days
(the spec's limit): with no dates it is the last 90 days, with one date the 90 days after the
start or before the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hotline.i18n import N_
from hotline.open311.errors import Open311Error
from hotline.open311.models import RequestStatus
from hotline.tickets import reference

MAX_SPAN = timedelta(days=90)
LOCAL_ZONE = ZoneInfo("Asia/Jakarta")


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime


@dataclass(frozen=True)
class RequestQuery:
    # When references are given they override every other filter (the spec says so).
    references: list[str]
    service_codes: list[str]
    statuses: list[RequestStatus]
    window: Window


def comma_list(raw: str | None) -> list[str]:
    return [part.strip() for part in (raw or "").split(",") if part.strip()]


def instant(raw: str, parameter: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise Open311Error.of(
            400,
            N_("Give a date and time in ISO 8601, e.g. 2026-11-01T08:00:00+07:00."),
            parameter=parameter,
        ) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=LOCAL_ZONE)


def window(start_raw: str | None, end_raw: str | None, *, now: datetime) -> Window:
    start = instant(start_raw, "start_date") if start_raw else None
    end = instant(end_raw, "end_date") if end_raw else None
    if start is None and end is None:
        return Window(now - MAX_SPAN, now)
    if start is None:
        assert end is not None
        return Window(end - MAX_SPAN, end)
    if end is None:
        return Window(start, start + MAX_SPAN)
    if end < start:
        raise Open311Error.of(400, N_("end_date is before start_date."), parameter="end_date")
    if end - start > MAX_SPAN:
        raise Open311Error.of(
            400, N_("A search may span at most {days} days."), parameter="end_date", days=90
        )
    return Window(start, end)


def statuses(raw: str | None) -> list[RequestStatus]:
    wanted: list[RequestStatus] = []
    for part in comma_list(raw):
        value = part.lower()
        if value == "open":
            wanted.append("open")
        elif value == "closed":
            wanted.append("closed")
        else:
            raise Open311Error.of(
                400, N_("Use open or closed, or both separated by a comma."), parameter="status"
            )
    return wanted


def references(raw: str | None, *, limit: int) -> list[str]:
    found = [reference.normalize(part) for part in comma_list(raw)]
    if len(found) > limit:
        raise Open311Error.of(
            400,
            N_("Ask for at most {n} requests at once."),
            parameter="service_request_id",
            n=limit,
        )
    return [ref for ref in found if ref]


def request_query(
    *,
    service_request_id: str | None,
    service_code: str | None,
    start_date: str | None,
    end_date: str | None,
    status: str | None,
    now: datetime,
    limit: int,
) -> RequestQuery:
    return RequestQuery(
        references=references(service_request_id, limit=limit),
        service_codes=comma_list(service_code),
        statuses=statuses(status),
        window=window(start_date, end_date, now=now),
    )
