"""The one Erlang C call (sla/erlang.py), worked by hand from the formula."""

from __future__ import annotations

import pytest

from hotline.sla.erlang import officers_needed
from hotline.transparency import staffing


def test_the_fewest_officers_for_80_in_20_seconds() -> None:
    # 60 calls an hour of 4 minutes each is 4 erlangs: 6 officers answer 75.9 % within 20 s,
    # 7 answer 89.5 %.
    need = officers_needed(60, 240)
    assert need["officers"] == 7
    assert need["service_level"] == pytest.approx(0.8948, abs=1e-4)


def test_a_quarter_hour_with_the_same_load_needs_the_same_officers() -> None:
    # 15 calls in 15 minutes is the same 4 erlangs as 60 in an hour.
    assert officers_needed(15, 240, interval_minutes=15)["officers"] == 7
    assert officers_needed(0, 240, interval_minutes=15)["officers"] == 0


def test_the_publication_uses_this_one() -> None:
    # The monthly staffing table's recommendation is computed by the same function.
    assert staffing.officers_needed is officers_needed
