"""The staffing recommendation: arrivals per hour of the week, Erlang C from pyworkforce."""

from __future__ import annotations

from datetime import datetime

import pytest

from hotline.transparency.facts import QueueCallFact
from hotline.transparency.months import Month
from hotline.transparency.staffing import officers_needed, recommend, slot_occurrences


def test_slot_occurrences_of_october_2026() -> None:
    # October 2026 starts on a Thursday: five Thursdays, Fridays and Saturdays.
    assert slot_occurrences(Month(2026, 10)) == {0: 4, 1: 4, 2: 4, 3: 5, 4: 5, 5: 5, 6: 4}


def test_erlang_c_meets_the_target_with_the_fewest_officers() -> None:
    # 60 calls an hour of 4 minutes each is 4 erlangs. By the Erlang C formula, 6 officers
    # answer 75.9 % within 20 s and 7 answer 89.5 %: 7 is the fewest that reach 80 %.
    need = officers_needed(60, 240)
    assert need["officers"] == 7
    assert need["service_level"] == pytest.approx(0.8948, abs=1e-4)
    assert need["occupancy"] == pytest.approx(4 / 7, abs=1e-4)
    assert officers_needed(0, 240) == {"officers": 0, "service_level": None, "occupancy": None}


def test_recommend_averages_arrivals_per_occurrence() -> None:
    month = Month(2026, 10)
    calls = []
    # Every Monday of October (4) at 09:xx: 30 calls each, handled in 3 minutes.
    for day in (5, 12, 19, 26):
        for i in range(30):
            calls.append(QueueCallFact(datetime(2026, 10, day, 9, i), "answered", 10, 180))
    # One abandoned call on Thursday 1 October at 14:xx: no handling time of its own.
    calls.append(QueueCallFact(datetime(2026, 10, 1, 14, 5), "abandoned", 40, None))
    out = recommend(calls, month)
    assert out["based_on"] == "2026-10" and out["for"] == "2026-11"
    slots = {(s["weekday"], s["hour"]): s for s in out["slots"]}
    assert set(slots) == {(0, 9), (3, 14)}
    monday = slots[(0, 9)]
    assert monday["calls_per_hour"] == 30.0 and monday["aht_seconds"] == 180.0
    assert monday["officers"] == officers_needed(30, 180)["officers"]
    thursday = slots[(3, 14)]
    assert thursday["calls_per_hour"] == 0.2  # one call over five Thursdays
    assert thursday["aht_seconds"] == 180.0  # the month's average handling time
    assert thursday["officers"] >= 1


def test_a_month_in_progress_divides_by_the_occurrences_already_over() -> None:
    # Issue 15, item 14: on Wednesday 14 October 2026 two Tuesdays (6 and 13) are over; 12
    # calls came in their 09:00 hours, so 6 calls an hour, not 12 / 4 Tuesdays of October.
    month = Month(2026, 10)
    calls = [
        QueueCallFact(datetime(2026, 10, day, 9, i), "answered", 10, 240)
        for day in (6, 13)
        for i in range(6)
    ]
    until = datetime(2026, 10, 14, 11, 30)
    out = recommend(calls, month, until=until)
    (tuesday,) = out["slots"]
    assert (tuesday["weekday"], tuesday["hour"]) == (1, 9)
    assert tuesday["calls_per_hour"] == 6.0
    assert tuesday["officers"] == officers_needed(6, 240)["officers"] == 2
    assert out["until"] == "2026-10-14T11:00:00"
    # The whole month, as before: every occurrence counts.
    assert recommend(calls, month)["slots"][0]["calls_per_hour"] == 3.0


def test_the_hour_in_progress_is_left_out_on_both_sides() -> None:
    month = Month(2026, 10)
    # Wednesday 14 October: 09:00 is over (two calls), 10:00 has only begun (one call).
    calls = [
        QueueCallFact(datetime(2026, 10, 14, 9, 10), "answered", 10, 200),
        QueueCallFact(datetime(2026, 10, 14, 9, 40), "answered", 10, 200),
        QueueCallFact(datetime(2026, 10, 14, 10, 5), "answered", 10, 200),
    ]
    out = recommend(calls, month, until=datetime(2026, 10, 14, 10, 20))
    slots = {(s["weekday"], s["hour"]): s["calls_per_hour"] for s in out["slots"]}
    # Two Wednesdays at 09:00 are over (7 and 14 October); 10:00 of the 14th is not.
    assert slots == {(2, 9): 1.0}
