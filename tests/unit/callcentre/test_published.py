"""The monthly publication's phone figures from a tally, by hand: the call centre's
definitions under the publication's field names (docs/TRANSPARENCY.md)."""

from __future__ import annotations

from hotline.callcentre.published import phone_figures
from hotline.callcentre.reports import Tally


def test_short_abandons_and_waiting_callers_leave_the_share() -> None:
    # 10 offered: 6 answered (4 within 20 s; waits 60 s in all; talk 600, hold 30, wrap-up 90),
    # 2 abandoned (1 within 5 s), 1 taken out at the wait limit, 1 still waiting.
    t = Tally(
        offered=10,
        answered=6,
        abandoned=2,
        short_abandons=1,
        timed_out=1,
        waiting=1,
        answered_in_time=4,
        answer_wait=60,
        talk=600,
        hold=30,
        wrapup=90,
    )
    assert phone_figures(t) == {
        "offered": 10,
        "answered": 6,
        "abandoned": 2,
        "short_abandons": 1,
        "recording": 1,
        "waiting": 1,
        "answered_within_20s": 4,
        "answered_within_20s_of": 8,  # 10 − 1 short abandon − 1 still waiting
        "answered_within_20s_share": 0.5,
        "abandon_rate": 0.125,  # (2 − 1) ÷ 8
        "average_speed_of_answer_seconds": 10.0,
        "average_handling_time_seconds": 120.0,  # (600 + 30 + 90) ÷ 6
        "short_abandon_seconds": 5,
    }


def test_nothing_to_divide_is_none_never_zero() -> None:
    f = phone_figures(Tally())
    assert f["offered"] == 0 and f["answered_within_20s_of"] == 0
    assert f["answered_within_20s_share"] is None
    assert f["average_speed_of_answer_seconds"] is None
    assert f["average_handling_time_seconds"] is None
