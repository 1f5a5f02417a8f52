"""Fixtures of the SLA tests."""

from __future__ import annotations

import pytest

from hotline.sla.calendar import WorkingCalendar


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    """The default calendar: Monday to Friday, 08:00–16:00 WIB, national holidays."""
    return WorkingCalendar()
