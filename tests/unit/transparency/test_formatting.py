"""Babel formatting in both languages, months and the publication chain hash."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from hotline.transparency.formatting import Formatter
from hotline.transparency.months import Month
from hotline.transparency.publishing import GENESIS, chain_hash

WIB = ZoneInfo("Asia/Jakarta")


def test_indonesian() -> None:
    f = Formatter("id")
    assert f.number(1234) == "1.234"
    assert f.number(1234.56, 1) == "1.234,6"
    assert f.percent(0.875) == "87,5%"
    assert f.month("2026-10") == "Oktober 2026"
    assert f.days(2.5) == "2,5 hari kerja"
    assert f.ratio(8, 11, 0.7273) == "72,7% (8 dari 11)"
    assert f.weekday(0) == "Senin"
    assert f.date("2026-08-17") == "17 Agustus 2026"
    assert f.percent(None) == "–"


def test_english() -> None:
    f = Formatter("en")
    assert f.number(1234) == "1,234"
    assert f.percent(0.875) == "87.5%"
    assert f.month(Month(2026, 10)) == "October 2026"
    assert f.days(2.5) == "2.5 working days"
    assert f.ratio(8, 11, 0.7273) == "72.7% (8 of 11)"


def test_months() -> None:
    m = Month.parse("2026-12")
    assert str(m.next()) == "2027-01" and str(Month(2026, 1).previous()) == "2025-12"
    # Local midnight in WIB is 17:00 UTC the day before.
    assert m.start(WIB) == datetime(2026, 11, 30, 17, tzinfo=UTC)
    assert m.end(WIB) == datetime(2026, 12, 31, 17, tzinfo=UTC)
    assert [str(x) for x in m.last(3)] == ["2026-10", "2026-11", "2026-12"]
    assert Month.of(datetime(2026, 11, 30, 18, tzinfo=UTC), WIB) == Month(2026, 12)
    for bad in ("2026-13", "2026-1", "26-01", "2026/01", ""):
        with pytest.raises(ValueError):
            Month.parse(bad)


def test_chain_hash_covers_every_field() -> None:
    at = datetime(2026, 9, 5, tzinfo=UTC)
    base = chain_hash(GENESIS, "2026-08", "a" * 64, "b" * 64, "c" * 64, at)
    assert len(base) == 64
    variants = [
        chain_hash("1" * 64, "2026-08", "a" * 64, "b" * 64, "c" * 64, at),
        chain_hash(GENESIS, "2026-07", "a" * 64, "b" * 64, "c" * 64, at),
        chain_hash(GENESIS, "2026-08", "d" * 64, "b" * 64, "c" * 64, at),
        chain_hash(GENESIS, "2026-08", "a" * 64, "d" * 64, "c" * 64, at),
        chain_hash(GENESIS, "2026-08", "a" * 64, "b" * 64, "d" * 64, at),
        chain_hash(GENESIS, "2026-08", "a" * 64, "b" * 64, "c" * 64, at.replace(second=1)),
    ]
    assert base not in variants and len(set(variants)) == len(variants)
