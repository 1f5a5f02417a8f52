"""Session validity (pure) and the admin form fields' parsing (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hotline.accounts.sessions import Session, SessionPolicy, still_valid
from hotline.konsol.admin.fields import Field, parse

POLICY = SessionPolicy(idle=timedelta(minutes=30), absolute=timedelta(hours=10))
T0 = datetime(2026, 11, 24, 1, tzinfo=UTC)


def test_idle_and_absolute_limits() -> None:
    fresh = Session(1, T0, T0)
    assert still_valid(fresh, POLICY, T0 + timedelta(minutes=30))
    assert not still_valid(fresh, POLICY, T0 + timedelta(minutes=31))
    busy = Session(1, T0, T0 + timedelta(hours=9, minutes=59))
    assert still_valid(busy, POLICY, T0 + timedelta(hours=10))
    assert not still_valid(busy, POLICY, T0 + timedelta(hours=10, seconds=1))


def test_fields_parse_and_refuse_clearly() -> None:
    assert parse(Field("n", "N", "int", required=True), " 42 ") == (42, None)
    _, error = parse(Field("n", "N", "int", required=True), "")
    assert error is not None and error.message == "This field is required."
    assert parse(Field("b", "B", "bool"), None) == (False, None)
    assert parse(Field("b", "B", "bool"), "on") == (True, None)
    assert parse(Field("d", "D", "duration"), "5wd") == ("5 working_days", None)
    assert parse(Field("d", "D", "duration"), "soon")[1] is not None
    assert parse(Field("z", "Z", "timezone"), "Asia/Makassar") == ("Asia/Makassar", None)
    assert parse(Field("z", "Z", "timezone"), "Mars/Olympus")[1] is not None
    assert parse(Field("s", "S", "select"), "3", {"3", "4"}) == (3, None)
    assert parse(Field("s", "S", "select"), "9", {"3", "4"})[1] is not None
    hours = Field("h", "H", "hours")
    assert parse(hours, '{"0": [["08:00", "16:00"]]}') == ({"0": [["08:00", "16:00"]]}, None)
    assert parse(hours, '{"0": [["16:00", "08:00"]]}')[1] is not None
    assert parse(hours, "{not json")[1] is not None
