"""The month's figures on constructed data, against the expectations computed by hand in
scenario.py (transfers, a pause, reopenings, holidays, a missed clock, the backlog replay)."""

from __future__ import annotations

from hotline.transparency.monthly import compute_month, month_figures
from hotline.transparency.months import Month
from tests.integration.transparency.scenario import build_august
from tests.support.factories import at, freeze

AUGUST = Month(2026, 8)


async def test_august_by_hand() -> None:
    await build_august()
    f = await compute_month(AUGUST, now=at(2026, 9, 10))
    total = f["total"]

    assert f["complete"] is True
    assert total["received"] == 5
    assert total["verified"] == 1
    assert total["dispatched"] == 3  # first dispositions only; B's transfer is counted apart
    assert total["transferred"] == 1
    assert total["answered"] == 2
    assert total["resolved"] == 1 and total["resolved_confirmed"] == 1
    assert total["rejected"] == 1 and total["rejected_by_reason"] == {"spam": 1}
    # Closed without resolution is its own count, never part of "resolved".
    assert total["closed_unresolved"] == 1
    assert total["closed_unresolved_by_status"] == {"ditolak": 1, "duplikat": 0, "diarsipkan": 0}
    assert total["reopened"] == 1  # B in August; A's dispute is September's

    sla = total["sla"]
    assert sla["verification"] == {"met": 4, "decided": 5, "rate": 0.8}
    assert sla["first_response"] == {"met": 2, "decided": 3, "rate": 0.6667}
    assert sla["resolution"] == {"met": 2, "decided": 3, "rate": 0.6667}
    assert sla["all"] == {"met": 8, "decided": 11, "rate": 0.7273}

    times = total["times"]
    assert times["verification"] == {"count": 4, "median_days": 0.56, "p90_days": 1.0}
    assert times["first_response"] == {"count": 2, "median_days": 3.5, "p90_days": 5.0}
    assert times["resolution"] == {"count": 2, "median_days": 4.0, "p90_days": 5.0}

    # Open at the end of August (Mon 31, 24:00 WIB): B (reopened), D, and F (rejected only in
    # September). A was resolved then, although it is open again now.
    assert total["backlog"] == {"count": 3, "median_age_days": 28.58, "older_than_30_days": 0}

    assert total["satisfaction"] == {
        "ratings": 1,
        "average": 5.0,
        "satisfied": 1,
        "satisfied_share": 1.0,
        "verdicts": 2,
        "disputed": 1,
        "disputed_share": 0.5,
    }

    by_agency = f["by"]["agency"]
    assert by_agency["ULP"]["sla"]["all"] == {"met": 4, "decided": 5, "rate": 0.8}
    assert by_agency["DPUPR"]["sla"]["first_response"] == {"met": 2, "decided": 3, "rate": 0.6667}
    assert by_agency["DPUPR"]["sla"]["resolution"] == {"met": 2, "decided": 3, "rate": 0.6667}
    assert by_agency["DINKES"]["dispatched"] == 1
    assert by_agency["DINKES"]["sla"]["all"]["decided"] == 0  # its clock ended by the transfer
    assert by_agency["DPUPR"]["transferred"] == 1
    # 5 and 6 decided clocks: below the threshold of 10, so neither is judged.
    assert not by_agency["ULP"]["judgeable"] and not by_agency["DPUPR"]["judgeable"]
    assert total["judgeable"]

    assert f["by"]["kecamatan"]["33.07.01"]["received"] == 5
    assert f["by"]["channel"]["web"]["received"] == 5
    assert f["labels"]["agency"]["DPUPR"] == "Dinas PUPR"
    assert f["labels"]["kecamatan"]["33.07.01"] == "Wadaslintang"

    # Counted by the call centre's definitions (docs/CALLCENTRE.md): the handling time is
    # talk + hold + wrap-up (30 s after each call).
    assert f["phone"] == {
        "offered": 4,
        "answered": 2,
        "abandoned": 1,
        "short_abandons": 0,
        "recording": 1,
        "waiting": 0,
        "answered_within_20s": 1,
        "answered_within_20s_of": 4,
        "answered_within_20s_share": 0.25,
        "abandon_rate": 0.25,
        "average_speed_of_answer_seconds": 20.0,
        "average_handling_time_seconds": 280.0,
        "short_abandon_seconds": 5,
    }
    # Monday 09:00 WIB had two calls in a month with five Mondays; average handling 250 s.
    slots = {(s["weekday"], s["hour"]): s for s in f["staffing"]["slots"]}
    assert f["staffing"]["for"] == "2026-09"
    assert slots[(0, 9)]["calls_per_hour"] == 0.6
    assert slots[(0, 9)]["officers"] >= 1


async def test_current_month_so_far_and_finished_month_cached() -> None:
    await build_august()
    freeze(at(2026, 8, 12))
    so_far = await month_figures(AUGUST)
    assert so_far["complete"] is False
    # Filed by 12 August: B, C, D. D missed its first response on the 10th, B met it on the 11th.
    assert so_far["total"]["received"] == 3
    assert so_far["total"]["sla"]["first_response"] == {"met": 1, "decided": 2, "rate": 0.5}

    freeze(at(2026, 9, 10))
    done = await month_figures(AUGUST)
    assert done["complete"] is True and done["total"]["received"] == 5
    # Once over, the month is read back from its stored figures, not recomputed.
    from hotline.transparency.tables import MonthFigures

    await MonthFigures.update({MonthFigures.computed_at: at(2026, 9, 11)}).where(
        MonthFigures.month == "2026-08"
    )
    again = await month_figures(AUGUST)
    assert again == done
    assert await MonthFigures.count() == 1
