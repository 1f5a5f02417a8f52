"""Production's layout in miniature (docs/DEPLOY.md): two `hotline serve` replicas and a worker
on one PostgreSQL and one Redis, behind a round-robin proxy. Citizens file on the web, callers
report by phone and an officer works in the console, every request on a new connection so the
replicas take turns; one replica is killed (SIGKILL) half-way. Nothing may be lost, filed twice,
or signed out, and the worker sends each receipt exactly once."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from typing import IO

import httpx
import pytest

from hotline.directory.tables import Category
from hotline.notify.tables import OutboxMessage
from hotline.tickets.tables import Ticket
from tests.integration.citizen.world import Citizen, wonosobo
from tests.integration.ivr.helpers import ALWAYS_OPEN, AUTH_TOKEN, PUBLIC_URL
from tests.integration.konsol.support import PASSWORD, csrf_token, make_user
from tests.support.balancer import Balancer
from tests.support.fake_twilio import FakeTwilio, RecordedRequest
from tests.support.live_server import live_process
from tests.support.twilio_caller import TwilioCaller

pytestmark = pytest.mark.postgres_only

REDIS = "redis://127.0.0.1:6379/0"
SID = "AC" + "0" * 32
HANG = 120  # seconds: a bound that only catches a hang on a busy machine
NO_KEEPALIVE = httpx.Limits(max_keepalive_connections=0)


def _environment(fake: FakeTwilio) -> dict[str, str]:
    return {
        **ALWAYS_OPEN,
        "HOTLINE_REDIS_URL": REDIS,
        "HOTLINE_TWILIO_ACCOUNT_SID": SID,
        "HOTLINE_TWILIO_NUMBER": "+15005550006",
        "HOTLINE_TWILIO_API_BASE": fake.base_url,
        "HOTLINE_CITIZEN_POSTS_PER_MINUTE": "5000",
        "HOTLINE_CITIZEN_REQUESTS_PER_MINUTE": "20000",
        "HOTLINE_WORKER_INTERVAL_SECONDS": "0.2",
    }


def _citizen(base: str) -> Citizen:
    person = Citizen(base)
    person.http.close()
    person.http = httpx.Client(
        base_url=base, headers={"Accept-Language": "id"}, timeout=30, limits=NO_KEEPALIVE
    )
    return person


def _file_on_the_web(base: str, n: int) -> str:
    person = _citizen(base)
    try:
        answer = person.file_report(
            {
                "privacy": "publik",
                "name": f"Warga {n}",
                "phone": f"08123456{n:04d}",
                "sms_consent": "1",
                "description": f"Jalan berlubang nomor {n} di depan pasar, berbahaya bagi motor.",
            }
        )
        assert answer.status_code == 303, answer.text[-2000:]
        reference, _ = person.receipt()
        return reference
    finally:
        person.close()


def _call(base: str, n: int) -> str:
    caller = TwilioCaller(base, auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
    caller.http.close()
    caller.http = httpx.Client(base_url=base, timeout=30, limits=NO_KEEPALIVE)
    try:
        call = caller.call(from_=f"+62812999{n:05d}")
        call.start()
        call.press("1")  # a new report
        call.press("1")  # a damaged road
        call.say("kecamatan Wadaslintang")
        call.press("3")  # rahasia
        call.press("2")  # no SMS
        call.record(seconds=30)
        call.press("1")  # send
        assert "Laporan Anda sudah kami terima" in call.text, call.text
        found = re.search(r"Nomor laporan Anda ((?:\d ){9}\d)\.", call.text)
        assert found, call.text
        return found.group(1).replace(" ", "")
    finally:
        caller.close()


async def _sign_in(base: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=30, limits=NO_KEEPALIVE)
    token = await csrf_token(client)
    answer = await client.post(
        "/konsol/masuk",
        data={"username": "verif", "password": PASSWORD, "_csrf_token": token},
    )
    assert answer.status_code == 303, answer.text[-2000:]
    return client


async def _still_signed_in(client: httpx.AsyncClient) -> None:
    for _ in range(4):  # four requests, so both replicas (or the survivor) answer some
        page = await client.get("/konsol/verifikasi")
        assert page.status_code == 200, (page.status_code, page.headers.get("location"))


def _sms(fake: FakeTwilio) -> list[RecordedRequest]:
    """The messages sent (the fake also answers the recordings' fetches)."""
    return [r for r in fake.requests if r.method == "POST" and r.path.endswith("/Messages.json")]


def _start_worker(env: dict[str, str], log: IO[bytes]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "hotline.cli", "worker"],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=log,
    )


async def test_two_replicas_a_worker_and_a_replica_killed_half_way() -> None:
    await wonosobo(confident=True)
    await Category.update(
        {Category.ivr_key: "1", Category.name_id: "jalan rusak", Category.name_en: "a damaged road"}
    ).where(Category.service_code == "JALAN-RUSAK")
    await make_user("verif", "verifikator")
    with FakeTwilio() as fake, tempfile.TemporaryFile() as worker_log:
        env = _environment(fake)
        with (
            live_process(**env) as one,
            live_process(**env) as two,
            Balancer([("127.0.0.1", one.port), ("127.0.0.1", two.port)]) as lb,
        ):
            base = f"http://127.0.0.1:{lb.port}"
            worker = _start_worker(env, worker_log)
            try:
                officer = await _sign_in(base)
                web = [_file_on_the_web(base, n) for n in range(3)]
                phone = [_call(base, n) for n in range(2)]
                await _still_signed_in(officer)
                assert min(lb.served.values()) > 10  # both replicas took a share

                one.process.send_signal(signal.SIGKILL)  # no goodbye, as a crash
                one.process.wait(timeout=HANG)

                web += [_file_on_the_web(base, n) for n in range(3, 6)]
                phone += [_call(base, n) for n in range(2, 4)]
                await _still_signed_in(officer)
                await officer.aclose()

                # The worker sends a receipt and a dispatch notice for each web report.
                deadline = time.monotonic() + HANG
                while len(_sms(fake)) < 2 * len(web) and time.monotonic() < deadline:  # noqa: ASYNC110 (another process does the work)
                    await asyncio.sleep(0.2)
            finally:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=HANG)
                worker_log.seek(0)
                log = worker_log.read().decode(errors="replace")
    assert worker.returncode == 0, log[-3000:]

    filed = [row["reference"] for row in await Ticket.select(Ticket.reference)]
    assert sorted(filed) == sorted(web + phone)  # nothing lost, nothing twice
    assert len(set(filed)) == len(filed) == 10
    # Every SMS in the outbox was sent, each exactly once (a receipt and a notice per report).
    sent = Counter((r.form["To"], r.form["Body"]) for r in _sms(fake))
    queued = await OutboxMessage.select(
        OutboxMessage.recipient, OutboxMessage.body, OutboxMessage.status
    ).where(OutboxMessage.channel == "sms")
    assert {row["status"] for row in queued} == {"sent"}
    assert sent == Counter((row["recipient"], row["body"]) for row in queued)
    assert {to for to, _ in sent} == {f"+628123456{n:04d}" for n in range(6)}
