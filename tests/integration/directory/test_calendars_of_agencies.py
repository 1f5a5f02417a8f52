"""Which calendar a clock runs on: the agency's own with its overrides, the central unit's when
no agency is named, the plain national calendar when an agency has none."""

from __future__ import annotations

from datetime import date

from hotline.directory.service import agency_calendar, central_calendar
from hotline.directory.tables import CalendarOverride
from tests.support.factories import make_agency, make_calendar

FRIDAY = date(2026, 11, 27)
CHRISTMAS = date(2026, 12, 25)  # a Friday
MONDAY = date(2026, 11, 30)


async def test_an_agency_calendar_comes_with_its_own_overrides_only() -> None:
    central_cal = await make_calendar()
    other_cal = await make_calendar(timezone="Asia/Makassar")
    await CalendarOverride.insert(
        CalendarOverride(calendar=central_cal, day=FRIDAY, is_working=False, note="Hari jadi"),
        CalendarOverride(calendar=central_cal, day=CHRISTMAS, is_working=True, note="Piket"),
        CalendarOverride(calendar=other_cal, day=MONDAY, is_working=False, note="Banjir"),
    )
    central = await make_agency(code="ULP", calendar=central_cal, central=True)
    other = await make_agency(code="DISDUK", calendar=other_cal)

    for calendar in (await central_calendar(), await agency_calendar(None)):
        assert calendar.timezone == "Asia/Jakarta"
        assert not calendar.is_working_day(FRIDAY) and calendar.is_working_day(CHRISTMAS)
        assert calendar.is_working_day(MONDAY)
    assert (await agency_calendar(central)).is_working_day(CHRISTMAS)

    own = await agency_calendar(other)
    assert own.timezone == "Asia/Makassar"
    assert own.is_working_day(FRIDAY) and not own.is_working_day(MONDAY)
    assert not own.is_working_day(CHRISTMAS)  # a national holiday, not overridden here


async def test_without_a_calendar_the_national_one_applies() -> None:
    # No agency at all (a database before its directory is set up), and an unknown agency.
    for calendar in (await central_calendar(), await agency_calendar(999_999)):
        assert calendar.timezone == "Asia/Jakarta"
        assert calendar.is_working_day(FRIDAY) and not calendar.is_working_day(CHRISTMAS)
