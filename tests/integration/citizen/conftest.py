"""One live server per test module; the limits are high so that only the protection tests,
which start their own servers, meet them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.citizen.world import Citizen
from tests.support.live_server import live_server

GENEROUS = {
    "HOTLINE_CITIZEN_POSTS_PER_MINUTE": "5000",
    "HOTLINE_CITIZEN_REQUESTS_PER_MINUTE": "20000",
    "HOTLINE_CITIZEN_REFERENCE_PER_MINUTE": "5000",
    "HOTLINE_CITIZEN_MAX_FILE_MB": "1",
}


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server(**GENEROUS) as base:
        yield base


@pytest.fixture
def citizen(server: str) -> Iterator[Citizen]:
    person = Citizen(server)
    yield person
    person.close()


@pytest.fixture
def english(server: str) -> Iterator[Citizen]:
    person = Citizen(server, lang="en-GB,en;q=0.8")
    yield person
    person.close()
