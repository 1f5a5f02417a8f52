"""The call centre's reports on constructed logs, with the figures worked out by hand
(docs/CALLCENTRE.md has the definitions), and properties that hold for any log."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.callcentre import intervals, reports
from hotline.callcentre.definitions import Kind, Outcome, State
from hotline.callcentre.events import event
from hotline.callcentre.records import Event

UTC_ZONE = ZoneInfo("UTC")
DAY = datetime(2026, 12, 7, tzinfo=UTC)  # a Monday


def at(hm: str, s: int = 0) -> datetime:
    h, m = (int(x) for x in hm.split(":"))
    return DAY + timedelta(hours=h, minutes=m, seconds=s)


def e(kind: Kind, when: datetime, **fields: object) -> Event:
    return event(kind, f"{kind}:{when.isoformat()}:{fields.get('call_sid', '')}", when, **fields)  # type: ignore[arg-type]


# One officer's morning: five callers, one of each fate (see the comments for the figures).
LOG = [
    e(Kind.AGENTLOGIN, at("08:00"), agent=1),
    # A: answered in 15 s (within 20), talk 180, wrap-up 60 (08:03:25 to 08:04:25).
    e(Kind.ENTERQUEUE, at("08:00", 10), call_sid="A", queue="id", position=1),
    e(Kind.CONNECT, at("08:00", 25), call_sid="A", queue="id", agent=1, wait_seconds=15),
    e(
        Kind.COMPLETECALLER,
        at("08:03", 25),
        call_sid="A",
        agent=1,
        talk_seconds=180,
        hold_seconds=0,
    ),
    e(Kind.WRAPUP, at("08:03", 26), agent=1),
    e(Kind.READY, at("08:04", 25), agent=1),
    # B: a short abandon (3 s); C: gave up after 45 s.
    e(Kind.ENTERQUEUE, at("08:01"), call_sid="B", queue="id", position=1),
    e(Kind.ABANDON, at("08:01", 3), call_sid="B", queue="id", wait_seconds=3),
    e(Kind.ENTERQUEUE, at("08:05"), call_sid="C", queue="en", position=1),
    e(Kind.ABANDON, at("08:05", 45), call_sid="C", queue="en", wait_seconds=45),
    # D: answered after 40 s, talk 300, hold 20, the officer ends it, wrap-up 60.
    e(Kind.ENTERQUEUE, at("08:20"), call_sid="D", queue="id", position=1),
    e(Kind.CONNECT, at("08:20", 40), call_sid="D", queue="id", agent=1, wait_seconds=40),
    e(
        Kind.COMPLETEAGENT,
        at("08:25", 40),
        call_sid="D",
        agent=1,
        talk_seconds=300,
        hold_seconds=20,
    ),
    e(Kind.READY, at("08:26", 40), agent=1),
    # E: taken out at the wait limit after 180 s.
    e(Kind.ENTERQUEUE, at("08:40"), call_sid="E", queue="id", position=1),
    e(Kind.EXITWITHTIMEOUT, at("08:43"), call_sid="E", queue="id", wait_seconds=180),
    e(Kind.PAUSE, at("08:45"), agent=1, reason="break"),
    e(Kind.AGENTLOGOFF, at("09:00"), agent=1),
]
START, END = at("08:00"), at("10:00")


def facts() -> tuple[list, list]:
    spans = intervals.spans(LOG, START, END)
    return intervals.calls(LOG, spans), spans


def test_each_call_is_folded_from_its_events() -> None:
    calls, _ = facts()
    by_sid = {c["call_sid"]: c for c in calls}
    assert {sid: c["outcome"] for sid, c in by_sid.items()} == {
        "A": Outcome.ANSWERED,
        "B": Outcome.ABANDONED,
        "C": Outcome.ABANDONED,
        "D": Outcome.ANSWERED,
        "E": Outcome.TIMED_OUT,
    }
    assert by_sid["A"]["wrapup_seconds"] == 60 and by_sid["A"]["completed_by"] == "caller"
    assert by_sid["D"]["wrapup_seconds"] == 60 and by_sid["D"]["completed_by"] == "agent"
    assert by_sid["D"]["hold_seconds"] == 20 and by_sid["D"]["agent"] == 1


def test_the_totals_by_hand() -> None:
    calls, _ = facts()
    row = reports.tally(calls).row()
    assert (row["offered"], row["answered"], row["abandoned"]) == (5, 2, 2)
    assert (row["short_abandons"], row["timed_out"]) == (1, 1)
    # 1 answered within 20 s of 5 offered less 1 short abandon.
    assert row["service_level"] == pytest.approx(1 / 4)
    assert row["abandon_rate"] == pytest.approx((2 - 1) / (5 - 1))
    assert row["asa"] == pytest.approx((15 + 40) / 2)
    assert row["aht"] == pytest.approx((180 + 0 + 60 + 300 + 20 + 60) / 2)


def test_the_interval_report_by_hand() -> None:
    calls, _ = facts()
    rows = reports.interval_report(calls, 15, UTC_ZONE)
    assert [r["start"] for r in rows] == [
        datetime(2026, 12, 7, 8, 0),
        datetime(2026, 12, 7, 8, 15),
        datetime(2026, 12, 7, 8, 30),
    ]
    first, second, third = rows
    assert (first["offered"], first["answered"], first["abandoned"]) == (3, 1, 2)
    assert first["service_level"] == pytest.approx(1 / 2)
    assert first["abandon_rate"] == pytest.approx(1 / 2)
    assert first["asa"] == 15 and first["aht"] == 240
    assert second["service_level"] == 0 and second["asa"] == 40 and second["aht"] == 380
    assert third["timed_out"] == 1 and third["service_level"] == 0 and third["aht"] is None
    hourly = reports.interval_report(calls, 60, UTC_ZONE)
    assert len(hourly) == 1 and hourly[0]["offered"] == 5


def test_intervals_are_local_time() -> None:
    calls, _ = facts()
    rows = reports.interval_report(calls, 60, ZoneInfo("Asia/Jakarta"))
    assert [r["start"] for r in rows] == [datetime(2026, 12, 7, 15, 0)]
    with pytest.raises(ValueError):
        reports.interval_report(calls, 20, UTC_ZONE)


def test_the_officer_report_by_hand() -> None:
    calls, spans = facts()
    (officer,) = reports.officer_report(calls, spans)
    assert officer["agent"] == 1 and officer["handled"] == 2
    assert officer["aht"] == pytest.approx(310)
    assert (officer["talk"], officer["hold"], officer["wrapup"]) == (240, 10, 60)
    assert officer["states"] == {
        State.SIGNED_OUT: 0,
        State.READY: 25 + 975 + 1100,
        State.TALK: 180 + 300,
        State.WRAPUP: 60 + 60,
        State.NOT_READY: 0,
        State.BREAK: 900,
    }
    # Handling 600 s of 600 handling + 2100 ready; the break is left out.
    assert officer["occupancy"] == pytest.approx(600 / 2700)
    assert officer["quality"] is None


def test_heatmap_abandon_curve_and_peaks() -> None:
    calls, _ = facts()
    heat = reports.heatmap(calls, UTC_ZONE)
    assert set(heat) == {(0, 8)} and heat[(0, 8)]["offered"] == 5
    curve = {r["from"]: r for r in reports.abandon_curve(calls)}
    assert curve[0]["count"] == 1 and curve[0]["cumulative"] == pytest.approx(0.5)
    assert curve[30]["count"] == 1 and curve[30]["cumulative"] == pytest.approx(1.0)
    assert sum(r["count"] for r in curve.values()) == 2
    assert reports.peak_hours(calls, UTC_ZONE, days=2) == [
        {"hour": 8, "offered": 5, "per_day": 2.5}
    ]


def test_a_caller_back_in_the_queue_is_offered_once_and_the_last_end_counts() -> None:
    log = [
        e(Kind.ENTERQUEUE, at("09:00"), call_sid="F", queue="id", position=2),
        e(Kind.EXITWITHTIMEOUT, at("09:03"), call_sid="F", wait_seconds=180),
        e(Kind.CONNECT, at("09:04"), call_sid="F", agent=2, wait_seconds=240),
    ]
    (fact,) = intervals.calls(log)
    assert fact["outcome"] == Outcome.ANSWERED and fact["wait_seconds"] == 240
    row = reports.tally([fact]).row()
    assert (row["offered"], row["answered"], row["timed_out"]) == (1, 1, 0)


def test_events_of_calls_that_entered_before_what_was_read_are_left_out() -> None:
    log = [e(Kind.CONNECT, at("09:04"), call_sid="G", agent=2, wait_seconds=4)]
    assert intervals.calls(log) == []


def test_a_state_carried_into_the_range_is_clipped() -> None:
    log = [e(Kind.PAUSE, at("07:00"), agent=3, reason="admin")]
    (span,) = intervals.spans(log, START, END)
    assert (span["state"], span["reason"], span["start"], span["end"]) == (
        State.NOT_READY,
        "admin",
        START,
        END,
    )


# -- properties --------------------------------------------------------------------------

ENDINGS = st.sampled_from(["answered", "abandoned", "timed_out", "waiting"])
CALL = st.tuples(st.integers(0, 3 * 86400), st.integers(0, 400), ENDINGS, st.integers(0, 900))


def _log(calls: list[tuple[int, int, str, int]]) -> list[Event]:
    log: list[Event] = []
    for i, (offset, wait, ending, talk) in enumerate(calls):
        sid = f"C{i}"
        entered = DAY + timedelta(seconds=offset)
        ended = entered + timedelta(seconds=wait)
        log.append(e(Kind.ENTERQUEUE, entered, call_sid=sid, queue="id", position=1))
        if ending == "answered":
            log.append(e(Kind.CONNECT, ended, call_sid=sid, agent=i % 3, wait_seconds=wait))
            done = ended + timedelta(seconds=talk)
            log.append(e(Kind.COMPLETECALLER, done, call_sid=sid, agent=i % 3, talk_seconds=talk))
        elif ending == "abandoned":
            log.append(e(Kind.ABANDON, ended, call_sid=sid, wait_seconds=wait))
        elif ending == "timed_out":
            log.append(e(Kind.EXITWITHTIMEOUT, ended, call_sid=sid, wait_seconds=wait))
    return log


@settings(max_examples=60, deadline=None)
@given(st.lists(CALL, max_size=40), st.sampled_from([15, 30, 60]))
def test_every_offered_call_ends_one_way_and_intervals_add_up(
    calls: list[tuple[int, int, str, int]], minutes: int
) -> None:
    log = _log(calls)
    facts_ = intervals.calls(log, intervals.spans(log, DAY, DAY + timedelta(days=4)))
    rows = reports.interval_report(facts_, minutes, ZoneInfo("Asia/Jakarta"))
    total = reports.tally(facts_).row()
    assert total["offered"] == len(calls)
    for row in [*rows, total]:
        waiting = row["offered"] - row["answered"] - row["abandoned"] - row["timed_out"]
        assert waiting >= 0
        for share in ("service_level", "abandon_rate"):
            assert row[share] is None or 0 <= row[share] <= 1
    assert sum(r["offered"] for r in rows) == total["offered"]
    assert sum(r["answered"] for r in rows) == total["answered"]
    assert total["answered"] + total["abandoned"] + total["timed_out"] == sum(
        1 for c in calls if c[2] != "waiting"
    )
    assert sum(r["count"] for r in reports.abandon_curve(facts_)) == total["abandoned"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 7200),
            st.sampled_from(list(Kind)),
            st.integers(1, 3),
            st.sampled_from(["", "break", "admin"]),
        ),
        max_size=40,
    )
)
def test_an_officers_states_never_overlap_and_stay_in_the_range(
    raw: list[tuple[int, Kind, int, str]],
) -> None:
    start, end = at("08:30"), at("09:30")
    log = [
        e(kind, at("08:00") + timedelta(seconds=s), agent=agent, reason=reason, call_sid="")
        for s, kind, agent, reason in raw
    ]
    spans = intervals.spans(log, start, end)
    for agent in {s["agent"] for s in spans}:
        mine = [s for s in spans if s["agent"] == agent]
        assert all(start <= s["start"] < s["end"] <= end for s in mine)
        assert all(a["end"] <= b["start"] for a, b in itertools.pairwise(mine))
        assert sum((s["end"] - s["start"]).total_seconds() for s in mine) <= 3600


def test_the_wallboard_now() -> None:
    log = [
        *LOG,
        e(Kind.AGENTLOGIN, at("08:50"), agent=2),
        e(Kind.ENTERQUEUE, at("08:55"), call_sid="H", queue="id", position=1),
        e(Kind.ENTERQUEUE, at("08:58"), call_sid="I", queue="en", position=2),
    ]
    now = at("08:59")
    spans = intervals.spans(log, at("00:00"), now)
    board = reports.wallboard(intervals.calls(log, spans), spans, now)
    assert board["waiting"] == 2 and board["longest_wait"] == 240
    # Officer 1 is on a break, officer 2 ready; nobody on a call.
    assert board["officers"] == {"ready": 1, "talk": 0, "wrapup": 0, "not_ready": 0, "break": 1}
    # Today so far: 7 offered, 2 still waiting, 1 answered in time, 1 short abandon.
    assert board["offered"] == 7 and board["service_level"] == pytest.approx(1 / 4)
    assert board["asa"] == pytest.approx(27.5)
