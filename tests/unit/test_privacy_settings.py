"""HOTLINE_RETENTION_*: validated like every other setting; months counted on the calendar."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hotline.privacy.config import load_privacy_settings
from hotline.privacy.erasure import months_before
from hotline.settings import SettingsError


def test_defaults_and_bounds() -> None:
    assert load_privacy_settings({}).retention_months == 24
    assert load_privacy_settings({"HOTLINE_RETENTION_MONTHS": "6"}).retention_months == 6
    for wrong, says in (("0", "between 1 and 240"), ("dua", "whole number"), ("999", "240")):
        with pytest.raises(SettingsError, match="HOTLINE_RETENTION_MONTHS") as err:
            load_privacy_settings({"HOTLINE_RETENTION_MONTHS": wrong})
        assert says in str(err.value)


def test_months_are_calendar_months() -> None:
    at = datetime(2026, 3, 31, 10, 0, tzinfo=UTC)
    assert months_before(at, 24) == datetime(2024, 3, 31, 10, 0, tzinfo=UTC)
    assert months_before(at, 1) == datetime(2026, 2, 28, 10, 0, tzinfo=UTC)  # no 31 February
    assert months_before(at, 25) == datetime(2024, 2, 29, 10, 0, tzinfo=UTC)  # a leap year
    assert months_before(at, 3) == datetime(2025, 12, 31, 10, 0, tzinfo=UTC)
    assert months_before(at, -9) == datetime(2026, 12, 31, 10, 0, tzinfo=UTC)
