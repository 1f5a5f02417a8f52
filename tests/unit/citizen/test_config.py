"""HOTLINE_CITIZEN_* settings: defaults, and one clear line naming a wrong variable."""

from __future__ import annotations

import pytest

from hotline.citizen.config import MAX_FILES, load_citizen_settings
from hotline.settings import SettingsError


def test_defaults_and_the_body_limit_follow_the_file_limit() -> None:
    settings = load_citizen_settings({})
    assert settings.max_file_bytes == 8 * 1024 * 1024
    assert settings.max_body_bytes == MAX_FILES * settings.max_file_bytes + 256 * 1024
    small = load_citizen_settings({"HOTLINE_CITIZEN_MAX_FILE_MB": "2"})
    assert small.max_file_bytes == 2 * 1024 * 1024


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "HOTLINE_CITIZEN_MAX_FILE_MB",
            "lots",
            "HOTLINE_CITIZEN_MAX_FILE_MB must be a whole number",
        ),
        (
            "HOTLINE_CITIZEN_MAX_FILE_MB",
            "0",
            "HOTLINE_CITIZEN_MAX_FILE_MB must be between 1 and 50",
        ),
        ("HOTLINE_CITIZEN_SESSION_MINUTES", "1", "HOTLINE_CITIZEN_SESSION_MINUTES must be between"),
    ],
)
def test_a_wrong_value_names_its_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_citizen_settings({name: value})
