"""The database hangs or restarts under the phone line (the app reaches PostgreSQL through a TCP
proxy the test freezes or cuts; issue 16): every webhook is answered within Twilio's limit,
whatever the database does, and once it is back the server works on new connections, never on
the ones the fault broke."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import httpx
import pytest

from tests.integration.ivr.helpers import ALWAYS_OPEN, AUTH_TOKEN, PUBLIC_URL, phone_directory
from tests.support.live_server import live_server
from tests.support.tcp_proxy import TcpProxy
from tests.support.twilio_caller import SimulatedCall, TwilioCaller

pytestmark = pytest.mark.postgres_only

TWILIO_LIMIT = 15.0  # seconds Twilio waits for a webhook's answer before it gives up the call
APOLOGY = "sistem kami sedang mengalami gangguan"
# A bound that only catches a hang: how long to wait for the callers' threads to make progress.
HANG = 120.0


@pytest.fixture(scope="module")
def proxy() -> Iterator[TcpProxy]:
    target = urlsplit(os.environ["HOTLINE_DATABASE_URL"])
    with TcpProxy(target.hostname or "127.0.0.1", target.port or 5432) as p:
        yield p


@pytest.fixture(scope="module")
def base_url(proxy: TcpProxy, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    target = urlsplit(os.environ["HOTLINE_DATABASE_URL"])
    through_proxy = target._replace(netloc=f"{target.username}@127.0.0.1:{proxy.port}").geturl()
    env = {
        **ALWAYS_OPEN,
        "HOTLINE_DATABASE_URL": through_proxy,
        "HOTLINE_IVR_SPOOL_DIR": str(tmp_path_factory.mktemp("ivr-spool")),
        "HOTLINE_IVR_DB_TIMEOUT_SECONDS": "2",
    }
    with live_server(**env) as base:
        yield base


def new_caller(base_url: str) -> TwilioCaller:
    caller = TwilioCaller(base_url, auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
    # Twilio's own patience: an answer later than this is no answer (the request raises).
    caller.http.timeout = httpx.Timeout(TWILIO_LIMIT)
    return caller


def first_steps(call: SimulatedCall) -> bool:
    """The welcome, the menu and a category; False as soon as the caller hears the apology."""
    call.start()
    for key in ("1", "2"):
        if APOLOGY in call.text:
            return False
        call.press(key)
    return APOLOGY not in call.text


async def test_a_frozen_database_still_gets_the_caller_an_answer_in_time(
    base_url: str, proxy: TcpProxy
) -> None:
    await phone_directory()
    caller = new_caller(base_url)
    call = caller.call(from_="+6281234567801")
    call.start()
    call.press("1")
    proxy.freeze()
    try:
        # A step whose statement is sent and never answered, and a call's first request, whose
        # transaction never begins: both answered with the apology, well inside Twilio's limit,
        # although neither the query nor its clean-up (ROLLBACK, the connection's release) ends.
        call.press("2")
        assert APOLOGY in call.text
        other = caller.call(from_="+6281234567802")
        other.start()
        assert APOLOGY in other.text
    finally:
        proxy.thaw()
    # The database runs again: calls go through, on connections that were not left half-way.
    for n in range(3):
        assert first_steps(caller.call(from_=f"+628123456781{n}"))
    caller.close()


async def test_connections_broken_by_a_restart_are_discarded(
    base_url: str, proxy: TcpProxy
) -> None:
    await phone_directory()
    steps = 0
    lock = threading.Lock()
    stop = threading.Event()
    progress = threading.Condition(lock)

    def keep_calling(n: int) -> None:
        """One caller after another on this thread, until told to stop."""
        nonlocal steps
        caller = new_caller(base_url)
        try:
            while not stop.is_set():
                first_steps(caller.call(from_=f"+62812345{n:05d}"))
                with progress:
                    steps += 1
                    progress.notify_all()
        finally:
            caller.close()

    def wait_for(count: int) -> None:
        with progress:
            assert progress.wait_for(lambda: steps >= count, timeout=HANG), "callers stalled"

    # More callers than the server has pooled connections (10): every connection is busy when
    # the database goes away, most of them inside a query or a transaction.
    with ThreadPoolExecutor(12) as pool:
        busy = [pool.submit(keep_calling, n) for n in range(12)]
        wait_for(24)
        proxy.cut()
        wait_for(steps + 24)  # the calls during the outage hear the apology
        proxy.restore()
        stop.set()
        for future in busy:
            future.result()  # every request was answered (200, TwiML) in time

    # Back: every step of every call answered from the database. Before, connections broken by
    # the restart went back to the pool and failed the next requests ("cannot switch to state
    # 12; another operation is in progress"), or never came back, and the pool ran dry.
    with ThreadPoolExecutor(12) as pool:
        for _ in range(3):
            callers = [new_caller(base_url) for _ in range(12)]
            answered = list(
                pool.map(
                    lambda c: first_steps(c[1].call(from_=f"+6281299{c[0]:05d}")),
                    enumerate(callers),
                )
            )
            for caller in callers:
                caller.close()
            assert all(answered), f"{answered.count(False)} of 12 calls heard the apology"
