"""The sampling rule: n calls per officer per ISO week, reproducible from the seed, every
flagged call whatever the sample, and nothing drawn twice for a week already drawn."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from hotline.callcentre.quality.sampling import Answered, Why, draw, iso_week

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 09:00 WIB, ISO week 2026-W49


def calls(agents: int, per_agent: int, days: int = 14) -> list[Answered]:
    return [
        Answered(f"CA{a}x{n:04d}", a, MONDAY + timedelta(hours=n * 24 * days / per_agent))
        for a in range(1, agents + 1)
        for n in range(per_agent)
    ]


def test_the_week_is_the_iso_week_in_the_lines_zone() -> None:
    # Sunday 23:30 UTC is already Monday in Jakarta: the next week.
    assert iso_week(datetime(2026, 12, 6, 17, 30, tzinfo=UTC), WIB) == "2026-W50"
    assert iso_week(datetime(2026, 12, 6, 16, 30, tzinfo=UTC), WIB) == "2026-W49"


@given(st.integers(1, 4), st.integers(0, 30), st.integers(0, 6), st.text(max_size=8))
def test_n_per_officer_week_reproducibly_in_any_order(
    agents: int, per_agent: int, n: int, seed: str
) -> None:
    found = calls(agents, per_agent)
    picks = draw(found, n, seed, WIB)
    weeks: dict[tuple[int, str], int] = {}
    for c in found:
        key = (c.agent, iso_week(c.at, WIB))
        weeks[key] = weeks.get(key, 0) + 1
    for key, available in weeks.items():
        chosen = [p for p in picks if (p.agent, p.week) == key]
        assert len(chosen) == min(n, available)
    assert draw(list(reversed(found)), n, seed, WIB) == picks
    assert len({p.call_sid for p in picks}) == len(picks)


def test_flagged_calls_are_always_in_and_drawn_weeks_add_only_them() -> None:
    found = calls(2, 20)
    flagged = {"CA1x0003": Why.DISPUTED, "CA2x0019": Why.ESCALATED}
    picks = draw(found, 2, "s", WIB, flagged=flagged)
    assert {p.call_sid: p.why for p in picks if p.why != Why.RANDOM} == flagged
    drawn = frozenset((p.agent, p.week) for p in picks)
    again = draw(found, 2, "s", WIB, flagged=flagged, drawn=drawn)
    assert {p.call_sid for p in again} == set(flagged)


def test_another_seed_draws_other_calls() -> None:
    found = calls(1, 40)
    assert {p.call_sid for p in draw(found, 3, "a", WIB)} != {
        p.call_sid for p in draw(found, 3, "b", WIB)
    }
