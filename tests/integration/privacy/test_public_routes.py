"""Nothing a stranger can read carries what was not explicitly published (issue 13).

Reports at every privacy level carry canaries in every text a reporter or an officer can write
(title, description, location, coordinates, reply, request for information, added information,
internal note, transfer reason, answer, dispute, rating comment) and in the reporter's name,
phone and e-mail. They are walked through verification, dispatch, transfer, answer, dispute and
a second answer; the verifier publishes a redacted text and an officer publishes a redacted
answer; the month is published. Then every public GET route of the app's own route table is
fetched over HTTP, with every value its parameters can take, in both languages: a canary in any
page, feed, CSV, JSON or PDF text fails the test. A route added later is fetched without editing
this file; one whose parameter the scan cannot fill fails until it is taught the values.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import httpx
import pytest
from litestar.routes import HTTPRoute

from hotline import clock
from hotline.app import create_app
from hotline.errors import Forbidden
from hotline.satisfaction import survey
from hotline.tickets.channels import Channel
from hotline.tickets.drafts import ReportDraft, ReporterDraft
from hotline.tickets.lifecycle import Action
from hotline.tickets.privacy import Privacy
from hotline.tickets.service import (
    REPORTER,
    add_information,
    create_report,
    perform,
    publish_update,
    rate,
    redact,
    reply,
)
from hotline.tickets.tables import TicketEvent
from hotline.transparency import publishing
from hotline.transparency.months import Month
from hotline.web.assets import STATIC
from tests.integration.transparency.pdftext import pdf_text
from tests.support.factories import STAFF, Directory, at, freeze, make_directory
from tests.support.live_server import live_server

# What is not public: staff pages, Twilio's webhooks, a reporter's signed-in pages.
PRIVATE = ("/konsol", "/ivr", "/lacak/")

COORDINATES = {
    Privacy.PUBLIK: (-7.512345, 109.845678),
    Privacy.ANONIM: (-7.432198, 109.987612),
    Privacy.RAHASIA: (-7.246813, 109.135791),
}
# Coarsened coordinates may be published for `publik` reports only.
COARSE = {Privacy.ANONIM: ("-7.435", "109.985"), Privacy.RAHASIA: ("-7.245", "109.135")}


@dataclass(frozen=True)
class Walked:
    references: dict[Privacy, str]
    surveys: tuple[str, ...]  # each report's satisfaction survey link token
    canaries: tuple[str, ...]
    published: tuple[str, ...]  # what must be found somewhere, so the scan looks where it should


def _canaries(level: str) -> dict[str, str]:
    return {
        kind: f"KANARI{kind}{level}"
        for kind in (
            "TITLE",
            "DESC",
            "LOC",
            "REPLY",
            "RFI",
            "INFO",
            "NOTE",
            "TRANSFER",
            "ANSWER",
            "DISPUTE",
            "ANSWERTWO",
            "RATE",
        )
    }


async def _walk(d: Directory) -> Walked:
    references: dict[Privacy, str] = {}
    surveys: list[str] = []
    # What the verifier wrote for the rahasia report, and the report itself: never published.
    canaries: list[str] = ["TERBITRAHASIA"]
    moment = at(2026, 8, 3, 3)

    def tick() -> None:
        nonlocal moment
        moment += timedelta(hours=1)
        freeze(moment)

    published: list[str] = []
    for n, privacy in enumerate(Privacy, start=1):
        level = privacy.value.upper()
        c = _canaries(level)
        name, phone = f"Qanarius {level.title()}wati", f"0812 5550 {n}0{n}0"
        email = f"qanarius.{privacy.value}@contoh-pelapor.id"
        lat, long = COORDINATES[privacy]
        canaries += [*c.values(), "Qanarius", f"5550{n}0{n}0", "contoh-pelapor"]
        canaries += [f"{lat:.6f}"[-6:], f"{long:.6f}"[-6:], *COARSE.get(privacy, ())]
        canaries.append("TERBITRAHASIA")  # what the verifier wrote for a report never published
        freeze(at(2026, 8, 3, 3))
        created = await create_report(
            ReportDraft(
                channel=Channel.WEB,
                title=c["TITLE"],
                description=f"{c['DESC']} Saya {name}, {phone}, {email}.",
                category_code="JALAN-RUSAK",
                region_code="33.07.01",
                location_text=c["LOC"],
                latitude=lat,
                longitude=long,
                privacy=privacy,
                reporter=ReporterDraft(name=name, phone=phone, email=email),
            )
        )
        tid = created.ticket_id
        references[privacy] = created.reference
        tick()
        await redact(tid, f"TERBIT{level}", actor=STAFF)
        tick()
        await perform(tid, Action.VERIFY, actor=STAFF)
        tick()
        await perform(tid, Action.DISPATCH, actor=STAFF, agency_id=d.pupr)
        tick()
        await perform(tid, Action.ACCEPT, actor=STAFF)
        await reply(tid, c["REPLY"], actor=STAFF, public=True)
        await reply(tid, c["NOTE"], actor=STAFF, public=False)
        tick()
        await perform(tid, Action.REQUEST_INFO, actor=STAFF, body=c["RFI"])
        tick()
        await add_information(tid, c["INFO"])
        tick()
        await perform(tid, Action.TRANSFER, actor=STAFF, agency_id=d.dinkes, reason=c["TRANSFER"])
        await perform(tid, Action.ACCEPT, actor=STAFF)
        tick()
        await perform(tid, Action.ANSWER, actor=STAFF, body=c["ANSWER"])
        answer = await TicketEvent.select(TicketEvent.id).where(
            (TicketEvent.ticket == tid) & (TicketEvent.body == c["ANSWER"])
        )
        if privacy is Privacy.RAHASIA:
            with pytest.raises(Forbidden):
                await publish_update(
                    tid,
                    answer[0]["id"],
                    "TERBITRAHASIA",
                    actor=STAFF,
                    checked=True,
                    central_unit=True,
                )
        else:
            await publish_update(
                tid,
                answer[0]["id"],
                f"TERBITJAWABAN{level}",
                actor=STAFF,
                checked=True,
                central_unit=False,
            )
            published += [f"TERBIT{level}", f"TERBITJAWABAN{level}"]
        tick()
        await perform(tid, Action.DISPUTE, actor=REPORTER, body=c["DISPUTE"])
        tick()
        await perform(tid, Action.ANSWER, actor=STAFF, body=c["ANSWERTWO"])
        tick()
        await rate(tid, 4, c["RATE"])
        surveys.append(await survey.open_for(tid, agency=None, now=clock.now()) or "")
    canaries.append(references[Privacy.RAHASIA])
    published.append("109.845")  # the publik report's place, coarsened
    return Walked(references, tuple(surveys), tuple(dict.fromkeys(canaries)), tuple(published))


def _values(walked: Walked) -> dict[str, list[str]]:
    """What each path parameter of a public route can be, to reach every report and file."""
    refs = list(walked.references.values())
    return {
        "ref": refs,
        "service_request_id": [f"{r}.{f}" for r in refs for f in ("json", "xml")],
        "service_code": ["JALAN-RUSAK.json", "JALAN-RUSAK.xml"],
        "name": ["2026-08", "2026-08.pdf", "2026-08.csv", "2026-08.json", "2026-09"],
        "code": ["DPUPR", "DINKES"],
        "rest": ["tidak-ada.json"],
        "path": ["openapi.json"],
        "file_path": sorted(p.name for p in STATIC.iterdir()),
        # The satisfaction survey of each report, rahasia's included: it names neither.
        "token": list(walked.surveys),
    }


PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")
QUERIES = (
    "",
    "?lang=en",
    # Open311 lists read a window; the other routes ignore these.
    "?start_date=2026-07-01T00:00:00Z&end_date=2026-10-01T00:00:00Z&locale=en",
)


def public_urls(values: dict[str, list[str]]) -> Iterator[str]:
    for route in create_app().routes:
        if not isinstance(route, HTTPRoute) or "GET" not in route.methods:
            continue
        if route.path.startswith(PRIVATE):
            continue
        names = PARAM.findall(route.path)
        missing = [n for n in names if n not in values]
        assert not missing, f"{route.path}: teach the scan the values of {missing}"
        for combo in itertools.product(*(values[n] for n in names)):
            path = route.path
            for value in combo:
                path = PARAM.sub(value, path, count=1)
            for query in QUERIES:
                yield path + query


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with live_server() as url:
        yield url


async def test_no_public_route_shows_what_was_not_published(base: str) -> None:
    walked = await _walk(await make_directory())
    freeze(at(2026, 9, 10))
    await publishing.publish(Month(2026, 8), by="test")
    found = ""
    fetched = 0
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        for url in public_urls(_values(walked)):
            response = await http.get(url)
            assert response.status_code < 500, (url, response.text[:500])
            if response.headers.get("content-type", "").startswith("application/pdf"):
                text = pdf_text(response.content)
            else:
                text = response.text
            # Words a PDF or a page breaks across lines still count.
            joined = "".join(text.split())
            for canary in walked.canaries:
                assert canary not in text and canary not in joined, f"{canary!r} in {url}"
            found += joined
            fetched += 1
    assert fetched > 100
    for text in walked.published:
        assert text in found, f"{text!r} was published but no public route shows it"
    assert walked.references[Privacy.PUBLIK] in found
