"""The pure computation of the figures, on hand-made facts."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from hotline.transparency.facts import (
    ClockOutcome,
    Dims,
    OpenReport,
    PeriodFacts,
    QueueCallFact,
    Rating,
    Received,
    StatusChange,
)
from hotline.transparency.figures import compute, median, p90, ranking, rate

AT = datetime(2026, 10, 5, 3, tzinfo=UTC)
PUPR = Dims("DPUPR", "JALAN", "33.07.01", "web")
DINKES = Dims("DINKES", "KESEHATAN", "33.07.02", "telepon")
DAY = 8 * 3600


def change(dims: Dims, action: str, to: str, **kw: object) -> StatusChange:
    return StatusChange(dims=dims, at=AT, action=action, to_status=to, **kw)  # type: ignore[arg-type]


def clock(dims: Dims, kind: str, met: bool, days: float | None) -> ClockOutcome:
    return ClockOutcome(dims, kind, met, None if days is None else days * DAY)


def facts(**kw: object) -> PeriodFacts:
    base: dict[str, object] = {
        "received": [],
        "changes": [],
        "clocks": [],
        "ratings": [],
        "open_at_end": [],
        "calls": [],
    }
    base.update(kw)
    return PeriodFacts(**base)  # type: ignore[arg-type]


def test_closing_never_counts_as_resolving() -> None:
    f = compute(
        facts(
            received=[Received(PUPR)] * 4,
            changes=[
                change(PUPR, "confirm", "selesai", confirmed_by="reporter"),
                change(PUPR, "auto_close", "selesai", confirmed_by="timeout"),
                change(PUPR, "reject", "ditolak", reason="spam"),
                change(PUPR, "reject", "ditolak", reason="prank"),
                change(PUPR, "merge", "duplikat"),
                change(PUPR, "archive", "diarsipkan"),
                change(PUPR, "withdraw", "diarsipkan"),
                change(PUPR, "dispute", "diproses"),
            ],
        ),
        min_clocks=1,
    )["total"]
    assert f["resolved"] == 2
    assert (f["resolved_confirmed"], f["resolved_timeout"]) == (1, 1)
    assert f["closed_unresolved"] == 5
    assert f["closed_unresolved_by_status"] == {"ditolak": 2, "duplikat": 1, "diarsipkan": 2}
    assert f["rejected_by_reason"] == {"prank": 1, "spam": 1}
    assert f["reopened"] == 1
    # 2 resolved + 1 disputed: a third of the verdicts were disputes.
    assert f["satisfaction"]["verdicts"] == 3 and f["satisfaction"]["disputed_share"] == 0.3333


def test_sla_times_and_breakdowns() -> None:
    f = compute(
        facts(
            received=[Received(PUPR), Received(PUPR), Received(DINKES)],
            clocks=[
                clock(PUPR, "first_response", True, 1.0),
                clock(PUPR, "first_response", True, 2.0),
                clock(PUPR, "first_response", False, 7.5),
                clock(PUPR, "first_response", False, None),  # missed, still running
                clock(DINKES, "resolution", True, 4.0),
            ],
            ratings=[Rating(PUPR, 5), Rating(PUPR, 2), Rating(DINKES, 4)],
            open_at_end=[OpenReport(PUPR, 3.0), OpenReport(PUPR, 45.0), OpenReport(DINKES, 31.5)],
        ),
        min_clocks=4,
    )
    total = f["total"]
    assert total["sla"]["first_response"] == {"met": 2, "decided": 4, "rate": 0.5}
    assert total["sla"]["all"] == {"met": 3, "decided": 5, "rate": 0.6}
    assert total["times"]["first_response"] == {"count": 3, "median_days": 2.0, "p90_days": 7.5}
    assert total["backlog"] == {"count": 3, "median_age_days": 31.5, "older_than_30_days": 2}
    assert total["satisfaction"]["average"] == 3.67
    assert total["satisfaction"]["satisfied"] == 2
    pupr = f["by"]["agency"]["DPUPR"]
    assert pupr["received"] == 2 and pupr["sla"]["all"]["decided"] == 4 and pupr["judgeable"]
    dinkes = f["by"]["agency"]["DINKES"]
    assert dinkes["sla"]["resolution"]["rate"] == 1.0 and not dinkes["judgeable"]
    assert set(f["by"]["channel"]) == {"web", "telepon"}
    assert f["cells"] == [
        {"kecamatan": "33.07.01", "category": "JALAN", "count": 2},
        {"kecamatan": "33.07.02", "category": "KESEHATAN", "count": 1},
    ]
    # Ranked: judged agencies first; the one too small to judge after, unranked.
    assert [code for code, _ in ranking(f["by"]["agency"])] == ["DPUPR", "DINKES"]


def test_empty_period_divides_by_nothing() -> None:
    f = compute(facts(), min_clocks=10)
    assert f["total"]["sla"]["all"] == {"met": 0, "decided": 0, "rate": None}
    assert f["total"]["times"]["resolution"]["median_days"] is None
    assert f["phone"]["answered_within_20s_share"] is None
    assert f["by"]["agency"] == {}


def test_phone_figures() -> None:
    t0 = datetime(2026, 10, 5, 9)
    calls = [
        QueueCallFact(t0, "answered", 5, 100),
        QueueCallFact(t0, "answered", 20, 200),  # 20 s exactly is within 20 s
        QueueCallFact(t0, "answered", 21, 300),
        QueueCallFact(t0, "abandoned", 60, None),
        QueueCallFact(t0, "waiting", None, None),
    ]
    phone = compute(facts(calls=calls), min_clocks=1)["phone"]
    assert phone["offered"] == 5 and phone["answered"] == 3 and phone["abandoned"] == 1
    assert phone["answered_within_20s"] == 2 and phone["answered_within_20s_share"] == 0.4
    assert phone["average_speed_of_answer_seconds"] == 15.33
    assert phone["average_handling_time_seconds"] == 200.0


def test_ranking_ties_and_order() -> None:
    def s(met: int, decided: int, judgeable: bool = True) -> dict:
        return {
            "judgeable": judgeable,
            "sla": {"all": {"met": met, "decided": decided, "rate": rate(met, decided)}},
        }

    ranked = ranking({"B": s(8, 10), "A": s(16, 20), "C": s(9, 10), "Z": s(1, 1, False)})
    # A and B both 80 %: more deadlines decided first.
    assert [k for k, _ in ranked] == ["C", "A", "B", "Z"]


def test_percentiles_by_hand() -> None:
    assert median([]) is None and p90([]) is None
    assert median([1, 2, 3, 10]) == 2.5
    assert p90(list(range(1, 11))) == 9  # nearest rank: the 9th of 10
    assert p90([4.0]) == 4.0


@given(st.lists(st.floats(min_value=0, max_value=1000), min_size=1, max_size=50))
def test_p90_is_a_value_with_90_percent_at_or_below(values: list[float]) -> None:
    q = p90(values)
    assert q is not None
    at_or_below = sum(1 for v in values if round(v, 2) <= q + 1e-9)
    assert at_or_below >= 0.9 * len(values)
    assert median(values) is not None and median(values) <= q + 1e-9  # type: ignore[operator]


def test_reports_without_an_agency_have_their_own_rows_so_tables_add_up() -> None:
    # Issue 15, item 15: slices keyed "" (no agency, no category) used to be dropped.
    from hotline.transparency.facts import (
        CLOSED_BEFORE_DISPATCH,
        NOT_DISPATCHED,
        UNKNOWN,
        PeriodFacts,
        Received,
        StatusChange,
    )

    when = datetime(2026, 8, 3, tzinfo=UTC)
    pupr = Dims(agency="DPUPR", category="JALAN", kecamatan="33.07.01", channel="web")
    waiting = Dims(agency=NOT_DISPATCHED, category="", kecamatan="", channel="telepon")
    rejected = Dims(agency=CLOSED_BEFORE_DISPATCH, category="JALAN", channel="web")
    facts = PeriodFacts(
        received=[Received(pupr), Received(waiting), Received(rejected)],
        changes=[
            StatusChange(pupr, when, "dispatch", "didisposisikan", first_dispatch=True),
            StatusChange(rejected, when, "reject", "ditolak", reason="spam"),
        ],
        clocks=[],
        ratings=[],
        open_at_end=[],
        calls=[],
    )
    out = compute(facts, min_clocks=0)
    for dimension in ("agency", "category", "kecamatan", "channel"):
        rows = out["by"][dimension].values()
        assert sum(r["received"] for r in rows) == 3, dimension
        assert sum(r["closed_unresolved"] for r in rows) == 1, dimension
    assert out["by"]["agency"][CLOSED_BEFORE_DISPATCH]["closed_unresolved"] == 1
    assert out["by"]["category"][UNKNOWN]["received"] == 1
    assert [code for code, _ in ranking(out["by"]["agency"])] == ["DPUPR"]
