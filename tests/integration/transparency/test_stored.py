"""Figures are computed by the worker and stored; pages only read them (issue 16, item 3).

The worker (`monthly.refresh`, every round) computes the month in progress when something
changed since its stored figures, a month again at its close, and the trend's months not stored
yet. A page visit never computes: a month not computed yet says so, and its files answer 503
with Retry-After."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest

from hotline.transparency import monthly
from hotline.transparency.months import Month
from hotline.transparency.tables import MonthFigures
from tests.integration.transparency.scenario import build_august, worker_stores_figures
from tests.support.factories import at, file_report, freeze, make_directory
from tests.support.live_server import live_server

AUGUST = Month(2026, 8)


async def _refresh_all(now) -> int:  # type: ignore[no-untyped-def]
    """Worker rounds at `now` until one has nothing to do; the months computed."""
    done = 0
    while found := await monthly.refresh(now):
        done += found
    return done


async def test_the_worker_computes_what_changed_and_each_month_at_its_close() -> None:
    await make_directory()
    freeze(at(2026, 8, 3))
    await file_report(name="Pelapor A")
    now = at(2026, 8, 3, 4)
    freeze(now)
    # The first rounds store the month in progress and the eleven months before it.
    assert await _refresh_all(now) == 12
    so_far = await monthly.stored(AUGUST)
    assert so_far["complete"] is False and so_far["total"]["received"] == 1
    assert so_far["computed_at"] == now.isoformat()

    # Nothing changed: later rounds compute nothing.
    later = now + timedelta(minutes=5)
    freeze(later)
    assert await monthly.refresh(later) == 0

    # A report filed: the next round computes the month again ...
    await file_report(name="Pelapor B")
    computed = later + timedelta(minutes=1)
    assert await monthly.refresh(computed) == 1
    assert (await monthly.stored(AUGUST))["total"]["received"] == 2
    # ... but not more than once a minute.
    freeze(computed)
    await file_report(name="Pelapor C")
    assert await monthly.refresh(computed + timedelta(seconds=30)) == 0
    assert await monthly.refresh(computed + timedelta(seconds=90)) == 1
    assert (await monthly.stored(AUGUST))["total"]["received"] == 3

    # At the month's close August is computed once more, then left as it is.
    closed = at(2026, 9, 1, 0)
    freeze(closed)
    assert await monthly.refresh(closed) == 2  # September (new) and August (its close)
    done = await monthly.stored(AUGUST)
    assert done["complete"] is True and done["computed_at"] == closed.isoformat()
    assert done["total"]["received"] == 3
    assert await monthly.refresh(closed + timedelta(hours=2)) == 1  # September, hourly
    assert (await monthly.stored(AUGUST))["computed_at"] == closed.isoformat()


async def test_stored_in_another_version_counts_as_not_computed() -> None:
    await build_august()
    now = at(2026, 9, 10)
    freeze(now)
    await _refresh_all(now)
    await MonthFigures.update({MonthFigures.version: monthly.FIGURES_VERSION - 1}).where(
        MonthFigures.month == str(AUGUST)
    )
    with pytest.raises(monthly.NotComputed):
        await monthly.stored(AUGUST)
    assert await monthly.refresh(now) == 1
    assert (await monthly.stored(AUGUST))["total"]["received"] == 5


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with live_server() as url:
        yield url


async def test_pages_never_compute_and_show_when_figures_were_computed(base: str) -> None:
    await build_august()
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        for path in ("/transparansi", "/transparansi/2026-08", "/transparansi/2026-08?lang=en"):
            page = await http.get(path)
            assert page.status_code == 200
            assert "belum dihitung" in page.text or "not been computed yet" in page.text
        for kind in ("csv", "json", "pdf"):
            file = await http.get(f"/transparansi/2026-08.{kind}")
            assert file.status_code == 503 and file.headers["retry-after"] == "60"
            assert "Angka Agustus 2026 belum dihitung" in file.text
        assert await MonthFigures.count() == 0  # visits computed nothing

        await worker_stores_figures()
        row = (
            await MonthFigures.select(MonthFigures.computed_at)
            .where(MonthFigures.month == "2026-08")
            .first()
        )
        assert row is not None
        page = await http.get("/transparansi/2026-08")
        assert "Angka dihitung pada" in page.text and "belum dihitung" not in page.text
        assert "Figures computed on" in (await http.get("/transparansi?lang=en")).text
        data = (await http.get("/transparansi/2026-08.json")).json()
        assert data["figures"]["computed_at"] == row["computed_at"].isoformat()
        assert data["figures"]["total"]["received"] == 5
        table = (await http.get("/transparansi/2026-08.csv")).content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(table)))
        assert rows[0]["measure"] == "computed_at"
        assert rows[0]["value"] == row["computed_at"].isoformat()
