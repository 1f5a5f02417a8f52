"""GET parameters: date windows of at most 90 days, open/closed, comma lists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotline.open311 import filters
from hotline.open311.errors import Open311Error

NOW = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
instants = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)


def test_no_dates_is_the_last_90_days() -> None:
    assert filters.window(None, None, now=NOW) == filters.Window(NOW - timedelta(days=90), NOW)


def test_one_date_gives_the_90_days_after_the_start_or_before_the_end() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert filters.window(start.isoformat(), None, now=NOW).end == start + timedelta(days=90)
    assert filters.window(None, start.isoformat(), now=NOW).start == start - timedelta(days=90)


def test_a_date_without_offset_is_wib() -> None:
    window = filters.window("2026-11-01", "2026-11-02T00:00:00Z", now=NOW)
    assert window.start == datetime(2026, 10, 31, 17, 0, tzinfo=UTC)


@given(instants, instants)
def test_a_window_never_spans_more_than_90_days(a: datetime, b: datetime) -> None:
    try:
        window = filters.window(a.isoformat(), b.isoformat(), now=NOW)
    except Open311Error as exc:
        assert exc.status == 400
        assert b < a or b - a > timedelta(days=90)
    else:
        assert (window.start, window.end) == (a, b)
        assert timedelta(0) <= window.end - window.start <= timedelta(days=90)


@pytest.mark.parametrize("raw", ["kemarin", "2026-13-01", "1700000000"])
def test_unreadable_dates_name_their_parameter(raw: str) -> None:
    with pytest.raises(Open311Error) as caught:
        filters.window(None, raw, now=NOW)
    assert caught.value.problems[0].parameter == "end_date"


def test_statuses() -> None:
    assert filters.statuses(None) == []
    assert filters.statuses(" Open , closed ") == ["open", "closed"]
    with pytest.raises(Open311Error):
        filters.statuses("open,selesai")


def test_references_are_normalised_and_bounded() -> None:
    assert filters.references("2612345678, 26-1234-5679,,", limit=5) == ["2612345678", "2612345679"]
    with pytest.raises(Open311Error):
        filters.references(",".join(["2612345678"] * 6), limit=5)
