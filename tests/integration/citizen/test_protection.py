"""Rate limits and the request size limit of the citizen pages, each on its own server."""

from __future__ import annotations

import httpx

from tests.integration.citizen.world import Citizen, wonosobo
from tests.support.factories import file_report
from tests.support.live_server import live_server

HIGH = "10000"


def _sign_in_attempt(citizen: Citizen, reference: str) -> httpx.Response:
    return citizen.http.post(
        "/lacak",
        data={**citizen.form_fields("/lacak"), "reference": reference, "pin": "999999"},
    )


async def test_form_posts_are_limited_per_client() -> None:
    await wonosobo()
    env = {
        "HOTLINE_CITIZEN_POSTS_PER_MINUTE": "3",
        "HOTLINE_CITIZEN_REQUESTS_PER_MINUTE": HIGH,
        "HOTLINE_CITIZEN_REFERENCE_PER_MINUTE": HIGH,
    }
    with live_server(**env) as base:
        citizen = Citizen(base)
        for n in range(3):
            assert _sign_in_attempt(citizen, f"260000000{n}").status_code == 404
        limited = _sign_in_attempt(citizen, "2600000009")
        assert limited.status_code == 429
        assert limited.headers["content-type"].startswith("text/html")
        assert "Terlalu banyak permintaan" in limited.text
        assert int(limited.headers["ratelimit-reset"]) > 0
        # Reading pages is counted apart: the citizen can still read while waiting.
        assert citizen.http.get("/lapor").status_code == 200
        citizen.close()


async def test_attempts_on_one_reference_are_limited_whoever_makes_them() -> None:
    await wonosobo()
    target = await file_report()
    other = await file_report()
    env = {
        "HOTLINE_CITIZEN_POSTS_PER_MINUTE": HIGH,
        "HOTLINE_CITIZEN_REQUESTS_PER_MINUTE": HIGH,
        "HOTLINE_CITIZEN_REFERENCE_PER_MINUTE": "3",
    }
    with live_server(**env) as base:
        first, second = Citizen(base), Citizen(base, lang="en")
        assert _sign_in_attempt(first, target.reference).status_code == 404
        assert _sign_in_attempt(second, target.reference).status_code == 404
        # The reference as people type it (with spaces) is the same reference.
        spaced = f"{target.reference[:2]} {target.reference[2:6]} {target.reference[6:]}"
        assert _sign_in_attempt(first, spaced).status_code == 404
        limited = _sign_in_attempt(second, target.reference)
        assert limited.status_code == 429 and "Too many requests" in limited.text
        # Another report is not affected.
        assert _sign_in_attempt(first, other.reference).status_code == 404
        first.close()
        second.close()


async def test_a_request_larger_than_the_limit_is_refused_with_a_page() -> None:
    await wonosobo()
    env = {"HOTLINE_CITIZEN_MAX_FILE_MB": "1"}  # five files of 1 MB and the text: ~5.3 MB
    with live_server(**env) as base:
        citizen = Citizen(base)
        fields = citizen.form_fields("/lapor")
        too_big = citizen.http.post(
            "/lapor",
            data={**fields, "description": "Foto-foto jalan rusak"},
            files=[
                ("files", ("besar.jpg", b"\xff\xd8\xff" + b"\0" * (6 * 1024 * 1024), "image/jpeg"))
            ],
        )
        assert too_big.status_code == 413
        assert "Berkas terlalu besar" in too_big.text
        citizen.close()


async def test_with_redis_two_replicas_count_together() -> None:
    """HOTLINE_REDIS_URL set: the limit holds across replicas, as production runs several.

    The reference is fresh (random) for every run, so parallel runs sharing the Redis server
    count different keys; the client limits are far out of reach.
    """
    await wonosobo()
    target = await file_report()
    env = {
        "HOTLINE_REDIS_URL": "redis://127.0.0.1:6379/0",
        "HOTLINE_CITIZEN_POSTS_PER_MINUTE": HIGH,
        "HOTLINE_CITIZEN_REQUESTS_PER_MINUTE": HIGH,
        "HOTLINE_CITIZEN_REFERENCE_PER_MINUTE": "2",
    }
    with live_server(**env) as one, live_server(**env) as two:
        first, second = Citizen(one), Citizen(two)
        assert _sign_in_attempt(first, target.reference).status_code == 404
        assert _sign_in_attempt(second, target.reference).status_code == 404
        assert _sign_in_attempt(first, target.reference).status_code == 429
        assert _sign_in_attempt(second, target.reference).status_code == 429
        first.close()
        second.close()
