"""GET requests, requests/{id} and servicerequestupdates over HTTP: every filter, the shared
schemas, XML equal to JSON, and the privacy rules (no name, phone or e-mail ever; a description
and a location only once verified and redacted; `rahasia` reports do not exist for the API)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from hotline.errors import Forbidden
from hotline.tickets.channels import Channel
from hotline.tickets.lifecycle import Action
from hotline.tickets.privacy import Privacy
from hotline.tickets.service import perform, publish_update, redact, reply
from hotline.tickets.tables import Ticket, TicketEvent
from tests.integration.open311.conftest import World
from tests.integration.open311.test_post import form
from tests.support.factories import STAFF, file_report, freeze
from tests.support.open311 import assert_datetimes, assert_same, validate

NOW = datetime.now(UTC).replace(microsecond=0)


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


async def listed(api: httpx.AsyncClient, **params: str) -> list[str]:
    """The references GET requests answers, after checking the JSON and the XML agree."""
    response = await api.get("/requests.json", params=params)
    assert response.status_code == 200, response.text
    found = response.json()
    validate(found, "requests.json")
    for request in found:
        assert_datetimes(request)
    assert_same(found, (await api.get("/requests.xml", params=params)).content, "service_requests")
    return sorted(r["service_request_id"] for r in found)


async def publish(reference: str, text: str) -> int:
    """What a verifier does in the console: write the redacted text, the publishing step."""
    ticket = await Ticket.select(Ticket.id).where(Ticket.reference == reference).first()
    assert ticket is not None
    await redact(ticket["id"], text, actor=STAFF)
    return int(ticket["id"])


async def test_filters(api: httpx.AsyncClient, world: World) -> None:
    freeze(days_ago(120))
    old = (await file_report()).reference
    freeze(days_ago(10))
    road = (await file_report()).reference
    freeze(days_ago(5))
    light = await file_report(category="PJU-MATI")
    await perform(light.ticket_id, Action.REJECT, actor=STAFF, reason="spam")
    freeze(days_ago(3))
    secret = (await file_report(privacy=Privacy.RAHASIA)).reference
    # A phone report nobody has categorised yet is not a request for any service.
    uncategorised = (await file_report(category=None, channel=Channel.TELEPON)).reference

    assert await listed(api) == sorted([road, light.reference])
    assert await listed(api, status="open") == [road]
    assert await listed(api, status="closed") == [light.reference]
    assert await listed(api, status="open,closed") == sorted([road, light.reference])
    assert await listed(api, service_code="PJU-MATI") == [light.reference]
    assert await listed(api, service_code="JALAN-RUSAK,PJU-MATI") == sorted([road, light.reference])
    window = {"start_date": days_ago(130).isoformat(), "end_date": days_ago(100).isoformat()}
    assert await listed(api, **window) == [old]
    # One date: the 90 days after the start.
    assert await listed(api, start_date=days_ago(130).isoformat()) == [old]
    # References override every other filter; rahasia and uncategorised reports stay unknown.
    wanted = ",".join([old, road, secret, uncategorised])
    assert await listed(api, service_request_id=wanted, status="closed") == sorted([old, road])

    closed = (await api.get("/requests.json", params={"status": "closed"})).json()[0]
    assert closed["status_notes"] == "Ditolak: Spam"
    closed_en = (
        await api.get("/requests.json", params={"status": "closed", "locale": "en"})
    ).json()
    assert closed_en[0]["status_notes"] == "Rejected: Spam"
    assert closed_en[0]["expected_datetime"] is None


async def test_filter_errors(api: httpx.AsyncClient, world: World) -> None:
    cases = {
        "status: Use open or closed, or both separated by a comma.": {"status": "baru"},
        "end_date: A search may span at most 90 days.": {
            "start_date": days_ago(200).isoformat(),
            "end_date": days_ago(10).isoformat(),
        },
        "end_date: end_date is before start_date.": {
            "start_date": days_ago(1).isoformat(),
            "end_date": days_ago(2).isoformat(),
        },
        "start_date: Give a date and time in ISO 8601, e.g. 2026-11-01T08:00:00+07:00.": {
            "start_date": "kemarin"
        },
    }
    for description, params in cases.items():
        for path in ("/requests.json", "/servicerequestupdates.json"):
            if path.startswith("/service") and "status" in params:
                continue
            response = await api.get(path, params={**params, "locale": "en"})
            assert response.status_code == 400
            assert response.json() == [{"code": 400, "description": description}]
        xml = await api.get("/requests.xml", params={**params, "locale": "en"})
        assert xml.status_code == 400
        assert_same([{"code": 400, "description": description}], xml.content, "errors")


async def test_one_request_and_the_unknown(api: httpx.AsyncClient, world: World) -> None:
    report = await file_report()
    one = (await api.get(f"/requests/{report.reference}.json")).json()
    validate(one, "requests.json")
    assert [r["service_request_id"] for r in one] == [report.reference]
    assert_same(
        one, (await api.get(f"/requests/{report.reference}.xml")).content, "service_requests"
    )
    secret = await file_report(privacy=Privacy.RAHASIA)
    await publish(secret.reference, "Teks yang sudah disunting.")
    for ref in (secret.reference, "2600000000"):
        json_404 = await api.get(f"/requests/{ref}.json")
        assert json_404.status_code == 404
        assert json_404.json() == [
            {"code": 404, "description": "Tidak ada laporan dengan nomor ini."}
        ]
        xml_404 = await api.get(f"/requests/{ref}.xml")
        assert xml_404.status_code == 404
        assert_same(json_404.json(), xml_404.content, "errors")


async def _every_output(api: httpx.AsyncClient, reference: str) -> str:
    texts = []
    for locale in ("id", "en"):
        for path in (
            "/requests.json",
            "/requests.xml",
            f"/requests/{reference}.json",
            f"/requests/{reference}.xml",
            "/servicerequestupdates.json",
            "/servicerequestupdates.xml",
        ):
            response = await api.get(path, params={"locale": locale})
            assert response.status_code in (200, 404), (path, response.text)
            texts.append(response.text)
    return "\n".join(texts)


async def test_personal_data_never_leaves(api: httpx.AsyncClient, world: World) -> None:
    filed = await api.post("/requests.json", data=form(world))
    reference = filed.json()[0]["service_request_id"]
    secret_filed = await api.post("/requests.json", data=form(world, privacy="rahasia"))
    secret = secret_filed.json()[0]["service_request_id"]
    ticket = await Ticket.select(Ticket.id).where(Ticket.reference == reference).first()
    assert ticket is not None
    await perform(ticket["id"], Action.ACCEPT, actor=STAFF)
    answer = await reply(
        ticket["id"], "Tim kami akan memeriksa lokasi besok pagi.", actor=STAFF, public=True
    )
    await reply(ticket["id"], "Pelapor Siti Rahayu, 0812 3456 7890.", actor=STAFF, public=False)
    personal = [
        "Siti",
        "Rahayu",
        "siti.rahayu@example.com",
        "81234567890",
        "3456",
        "android-7f3a",
        "warga-991",
        "sudah dua motor jatuh",  # the citizen's own words, before redaction
        "Jl. Raya Wadaslintang km 3",  # their location text, which nobody redacts
    ]

    before = await _every_output(api, reference)
    for value in personal:
        assert value not in before
    assert secret not in before
    request = (await api.get(f"/requests/{reference}.json")).json()[0]
    assert request["description"] is None
    assert (request["lat"], request["long"], request["address"]) == (None, None, None)
    updates = (await api.get("/servicerequestupdates.json")).json()
    assert "Tim kami" not in str(updates)  # the answer waits for the report's publication

    await publish(reference, "Lubang besar di tengah jalan Wadaslintang km 3.")
    secret_id = await publish(secret, "Teks rahasia yang sudah disunting.")
    after = await _every_output(api, reference)
    for value in [*personal, "Teks rahasia", secret]:
        assert value not in after
    request = (await api.get(f"/requests/{reference}.json")).json()[0]
    assert request["description"] == "Lubang besar di tengah jalan Wadaslintang km 3."
    # Coarsened to the centre of its 0.01° cell (about a kilometre): the pin was -7.5123, 109.8456.
    assert (request["lat"], request["long"]) == (-7.515, 109.845)
    # The area's official name, never the reporter's own words about the place.
    assert request["address"] == "Wadaslintang"
    assert request["address_id"] == "33.07.01"
    texts = [u["description"] for u in (await api.get("/servicerequestupdates.json")).json()]
    # The agency's reply is published only when someone on staff publishes it, redacted.
    assert "Tim kami akan memeriksa lokasi besok pagi." not in texts
    await publish_update(
        ticket["id"],
        answer,
        "Tim kami akan memeriksa lokasi.",
        actor=STAFF,
        checked=True,
        central_unit=True,
    )
    texts = [u["description"] for u in (await api.get("/servicerequestupdates.json")).json()]
    assert "Tim kami akan memeriksa lokasi." in texts
    secret_answer = await reply(secret_id, "Jawaban rahasia.", actor=STAFF, public=True)
    with pytest.raises(Forbidden):
        await publish_update(
            secret_id, secret_answer, "Jawaban.", actor=STAFF, checked=True, central_unit=True
        )


def _by_status(updates: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(u["status"], u["description"]) for u in updates]


async def test_updates_follow_the_public_history(api: httpx.AsyncClient, world: World) -> None:
    start = days_ago(2)
    freeze(start)
    report = await file_report()  # dispatched at once by the confident rule
    steps = [
        (Action.ACCEPT, ""),
        (Action.ANSWER, "Lubang sudah ditambal pada hari Senin."),
        (Action.CONFIRM, ""),
    ]
    for hour, (action, body) in enumerate(steps, start=1):
        freeze(start + timedelta(hours=hour))
        if action is Action.ANSWER:
            await reply(report.ticket_id, "Petugas sudah ke lokasi.", actor=STAFF, public=True)
            await reply(report.ticket_id, "catatan internal", actor=STAFF, public=False)
        await perform(report.ticket_id, action, actor=STAFF, body=body)
    other = await file_report()
    freeze(start + timedelta(hours=5))
    await perform(other.ticket_id, Action.NOT_OUR_MANDATE, actor=STAFF, reason="urusan provinsi")
    await perform(other.ticket_id, Action.REJECT, actor=STAFF, reason="out_of_scope")

    updates = (await api.get("/servicerequestupdates.json")).json()
    assert_same(
        updates, (await api.get("/servicerequestupdates.xml")).content, "service_request_updates"
    )
    assert [u["updated_datetime"] for u in updates] == sorted(
        u["updated_datetime"] for u in updates
    )
    mine = [u for u in updates if u["service_request_id"] == report.reference]
    # Changes of status are told; the replies and the answer, which nobody published, are not.
    assert _by_status(mine) == [
        ("action_scheduled", "Diteruskan ke instansi"),
        ("in_progress", "Sedang diproses"),
        ("in_progress", "Ditanggapi"),
        ("fixed", "Selesai"),
    ]
    theirs = [u for u in updates if u["service_request_id"] == other.reference]
    # "Bukan wewenang" is internal; the rejection as out of scope is public.
    assert [u["status"] for u in theirs] == ["action_scheduled", "not_councils_responsibility"]

    await publish(report.reference, "Jalan berlubang di depan pasar.")
    answer = await TicketEvent.select(TicketEvent.id).where(
        (TicketEvent.ticket == report.ticket_id) & (TicketEvent.to_status == "ditanggapi")
    )
    freeze(start + timedelta(hours=4))
    await publish_update(
        report.ticket_id,
        answer[0]["id"],
        "Lubang sudah ditambal pada hari Senin.",
        actor=STAFF,
        checked=True,
        central_unit=False,
    )
    published = (await api.get("/servicerequestupdates.json", params={"locale": "en"})).json()
    # The published answer is an update of its own, told with the status the report had then.
    assert _by_status([u for u in published if u["service_request_id"] == report.reference]) == [
        ("action_scheduled", "Dispatched to agency"),
        ("in_progress", "In progress"),
        ("in_progress", "Answered"),
        ("fixed", "Resolved"),
        ("fixed", "Lubang sudah ditambal pada hari Senin."),
    ]
    since = (start + timedelta(hours=2, minutes=30)).isoformat()
    later = (await api.get("/servicerequestupdates.json", params={"start_date": since})).json()
    assert [u["status"] for u in later if u["service_request_id"] == report.reference] == [
        "fixed",
        "fixed",
    ]


async def test_expected_datetime_follows_the_resolution_clock(
    api: httpx.AsyncClient, world: World
) -> None:
    report = await file_report()  # dispatched: the resolution clock runs

    async def expected() -> str | None:
        return (await api.get(f"/requests/{report.reference}.json")).json()[0]["expected_datetime"]

    assert await expected() is not None
    await perform(report.ticket_id, Action.REQUEST_INFO, actor=STAFF, body="Kirim foto lokasi.")
    assert await expected() is None  # paused: the deadline slides, nothing to promise
    await perform(report.ticket_id, Action.PROVIDE_INFO, actor=STAFF)
    assert await expected() is not None
    waiting = await file_report(category="PJU-MATI")  # no rule: still in verification
    got = (await api.get(f"/requests/{waiting.reference}.json")).json()[0]
    assert got["expected_datetime"] is None
    assert got["agency_responsible"] == "Unit Layanan Pengaduan"
