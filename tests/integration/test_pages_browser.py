"""Every public and every staff page, in a real browser, in Indonesian and in English, at 360 px
and at 1280 px: axe-core finds no violation and no page is wider than the screen (issue 17).

One world for the whole module: the Wonosobo demo (a small history) seeded once, its monthly
figures stored as the worker would, one undelivered message so the ticket page shows every
panel, and one live server. Each test walks a group of pages and fails once with every problem
it met, so a run tells the whole story (tests/support/pages_check.py).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hotline import clock
from hotline.callcentre.tables import CallCentreEvent
from hotline.demo.corpus import read_yaml
from hotline.demo.seed import seed
from hotline.directory.tables import Agency
from hotline.ivr.tables import ConversationRecording
from hotline.notify.tables import OutboxMessage
from hotline.publication.reads import PublishedReport, where_published
from hotline.satisfaction.tables import Survey
from hotline.tickets import storage
from hotline.tickets.lifecycle import Status
from hotline.tickets.tables import Ticket
from hotline.transparency import monthly
from tests.integration.conftest import _reset
from tests.support.live_server import live_server
from tests.support.pages_check import audit, browsing, report, visit

WIB = ZoneInfo("Asia/Jakarta")
LANGS = ["id", "en"]
# username -> what it is, for the test ids: one account per role of the demo.
STAFF = {
    "verifikator1": "verifier",
    "petugas.dpupr": "officer",
    "supervisor.dpupr": "supervisor",
    "operator1": "operator",
    "koordinator1": "coordinator",
    "penilai1": "evaluator",
    "admin": "admin",
}


@pytest.fixture(scope="module")
async def db(migrated: None) -> AsyncIterator[dict[str, Any]]:
    """Overrides the per-test empty database: this module shares one seeded world."""
    await _reset()
    today = clock.now().astimezone(WIB).date()
    with contextlib.redirect_stdout(io.StringIO()):
        await seed(tickets=120, months=2, today=today)
    clock.set_clock(None)
    while await monthly.refresh():
        pass
    world = await _world()
    yield world
    clock.set_clock(None)


async def _world() -> dict[str, Any]:
    dpupr = await Agency.select(Agency.id, Agency.code).where(Agency.code == "DPUPR").first()
    assert dpupr is not None
    open_ = await (
        Ticket.select(Ticket.id)
        .where((Ticket.agency == dpupr["id"]) & (Ticket.status == Status.DIPROSES.value))
        .order_by(Ticket.id)
        .first()
    )
    assert open_ is not None, "the demo has no report in progress at Dinas PUPR"
    # A message the outbox gave up on: the ticket page's panel of undelivered messages.
    now = clock.now()
    await OutboxMessage.insert(
        OutboxMessage(
            channel="sms",
            recipient="+6281200000001",
            subject="",
            body="Laporan Anda sedang diproses.",
            about_type="ticket",
            about_id=open_["id"],
            dedupe_key=f"pages-browser:{open_['id']}",
            status="dead",
            attempts=5,
            last_error="provider refused the number",
            created_at=now,
            failed_at=now,
        )
    )
    published = await (
        PublishedReport.select(PublishedReport.reference)
        .where(where_published())
        .order_by(PublishedReport.reference)
        .first()
    )
    assert published is not None
    answered = await (
        Ticket.select(Ticket.id)
        .where(
            (Ticket.agency == dpupr["id"])
            & Ticket.status.is_in([Status.DITANGGAPI.value, Status.SELESAI.value])
        )
        .order_by(Ticket.id, ascending=False)
        .first()
    )
    last_month = monthly.current_month(clock.now()).previous()
    # An answered demo call with a recorded conversation: the coordinator's call page.
    answered_call = await (
        CallCentreEvent.select(CallCentreEvent.call_sid, CallCentreEvent.agent)
        .where(CallCentreEvent.kind == "CONNECT")
        .order_by(CallCentreEvent.at, ascending=False)
        .first()
    )
    assert answered_call is not None, "the demo has no answered call"
    audio = storage.store_bytes(b"RIFF percakapan demo " + bytes(64), suffix="wav")
    await ConversationRecording.insert(
        ConversationRecording(
            recording_sid="RE" + "9" * 32,
            call_sid=answered_call["call_sid"],
            agent=answered_call["agent"],
            storage_path=audio.path,
            sha256=audio.sha256,
            size=audio.size,
            content_type="audio/x-wav",
            duration_seconds=128,
            channels=2,
            created_at=now,
        )
    )
    # Open satisfaction surveys (the demo invites every resolved report): one per language.
    surveys = await (
        Survey.select(Survey.token)
        .where(Survey.submitted_at.is_null())
        .order_by(Survey.id)
        .limit(2)
    )
    assert len(surveys) == 2, "the demo has no open satisfaction survey"
    return {
        "surveys": [r["token"] for r in surveys],
        "open_ticket": open_["id"],
        "answered_ticket": answered["id"] if answered else open_["id"],
        "published": published["reference"],
        "agency": dpupr["code"],
        "month": str(last_month),
        "call": answered_call["call_sid"],
        "password": str(read_yaml("users.yaml")["password"]),
    }


@pytest.fixture(scope="module")
def server(db: dict[str, Any]) -> Iterator[str]:
    # The walk files reports and signs in many times: the per-client limits are not under test.
    with live_server(
        HOTLINE_CITIZEN_REQUESTS_PER_MINUTE="100000",
        HOTLINE_CITIZEN_POSTS_PER_MINUTE="1000",
        HOTLINE_KONSOL_LOGIN_FAILURES="1000",
    ) as base:
        yield base


# --- the public pages ---------------------------------------------------------------------


async def _file_a_report(page: Any, base: str) -> tuple[str, str]:
    """File a report through /lapor as a citizen does; its reference and PIN."""
    await page.goto(base + "/lapor")
    await page.locator("#category").select_option(index=1)
    kecamatan = await page.locator("#kecamatan option").nth(1).get_attribute("value")
    await page.locator("#kecamatan").select_option(kecamatan)
    desa = page.locator(f'#desa optgroup[data-kecamatan="{kecamatan}"] option').first
    await page.locator("#desa").select_option(await desa.get_attribute("value"))
    await page.locator("#description").fill(
        "Saluran air di depan balai desa tersumbat sampah sejak dua minggu."
    )
    await page.locator("#location").fill("Depan balai desa")
    await page.locator('input[name=privacy][value="anonim"]').check()
    await page.locator("#consent").check()
    async with page.expect_navigation():
        await page.locator("form[action='/lapor'] button[type=submit]").click()
    reference = (await page.locator("#reference").inner_text()).strip()
    pin = (await page.locator("#pin").inner_text()).strip()
    return reference, pin


@pytest.mark.parametrize("lang", LANGS)
async def test_public_pages(browser: Any, server: str, db: dict[str, Any], lang: str) -> None:
    problems: list[str] = []
    async with browsing(browser, lang) as page:
        for path, label, status in [
            ("/", "home", 200),
            ("/lapor", "lapor", 200),
            ("/lacak", "lacak", 200),
            ("/lacak/lupa-pin", "lupa-pin", 200),
            ("/laporan", "laporan", 200),
            (f"/laporan/{db['published']}", "laporan detail", 200),
            ("/transparansi", "transparansi", 200),
            ("/transparansi/arsip", "transparansi arsip", 200),
            (f"/transparansi/{db['month']}", "transparansi month", 200),
            (f"/transparansi/instansi/{db['agency']}", "transparansi agency", 200),
            ("/tidak-ada-halaman-ini", "404", 404),
        ]:
            problems += await visit(page, server + path, f"[{lang}] {label}", status=status)

        # /lapor sent empty: the page again with its list of problems.
        await page.goto(server + "/lapor")
        async with page.expect_navigation():
            await page.locator("form[action='/lapor'] button[type=submit]").click()
        problems += await audit(page, f"[{lang}] lapor with errors")

        reference, pin = await _file_a_report(page, server)
        problems += await audit(page, f"[{lang}] lapor receipt")

        await page.goto(server + "/lacak")
        await page.locator("#reference").fill(reference)
        await page.locator("#pin").fill(pin)
        async with page.expect_navigation():
            await page.locator("#pin").press("Enter")
        assert reference in await page.inner_text("h1")
        problems += await audit(page, f"[{lang}] lacak result")
        problems += await visit(page, server + "/lacak/data-saya", f"[{lang}] data-saya")

        # The satisfaction survey: the form, sent empty (every question marked), then answered.
        survey = f"{server}/survei/{db['surveys'][LANGS.index(lang)]}"
        problems += await visit(page, survey, f"[{lang}] survei")
        async with page.expect_navigation():
            await page.locator("form[action^='/survei/'] button[type=submit]").click()
        problems += await audit(page, f"[{lang}] survei with errors")
        for n in range(1, 10):
            await page.locator(f"#u{n}-3").check()
        async with page.expect_navigation():
            await page.locator("form[action^='/survei/'] button[type=submit]").click()
        assert await page.locator("#done").count() == 1
        problems += await audit(page, f"[{lang}] survei answered")
    assert not problems, report(problems)


# --- the staff pages ----------------------------------------------------------------------


async def _sign_in(page: Any, base: str, username: str, password: str) -> None:
    await page.goto(base + "/konsol/masuk")
    await page.locator("input[name=username]").fill(username)
    await page.locator("input[name=password]").fill(password)
    async with page.expect_navigation():
        await page.locator("form[action='/konsol/masuk'] button[type=submit]").click()
    assert "/konsol/masuk" not in page.url, f"{username} could not sign in"


async def _links(page: Any, selector: str) -> list[str]:
    hrefs = await page.locator(selector).evaluate_all("(links) => links.map((a) => a.href)")
    return list(dict.fromkeys(str(h) for h in hrefs))


async def _ticket_pages(page: Any, base: str, tag: str, world: dict[str, Any]) -> list[str]:
    """The first report of the queue, the report in progress with an undelivered message, an
    answered one (publishing forms), a failed action (errors beside their fields), and a look at
    who reported where the role may."""
    problems: list[str] = []
    first = await _links(page, "a.row-link")
    targets = [*first[:1], f"{base}/konsol/tiket/{world['open_ticket']}"]
    targets.append(f"{base}/konsol/tiket/{world['answered_ticket']}")
    for url in dict.fromkeys(targets):
        response = await page.goto(url)
        if response is None or response.status == 404:
            continue  # outside this role's scope: the 404 page is audited on its own
        number = url.rsplit("/", 1)[1]
        # The folded forms (publish an entry, erase the identity) are checked open.
        await page.evaluate("document.querySelectorAll('details').forEach((d) => d.open = true)")
        problems += await audit(page, f"{tag} ticket {number}")
        empty = page.locator("form.action:has(textarea[name=body]) button[type=submit]").first
        if await empty.count():
            async with page.expect_navigation():
                await empty.click()
            problems += await audit(page, f"{tag} ticket {number} with errors")
        show = page.locator("button[data-key=o]")
        if await show.count():
            async with page.expect_navigation():
                await show.click()
            problems += await audit(page, f"{tag} ticket {number} identity shown")
    return problems


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("username", list(STAFF), ids=list(STAFF.values()))
async def test_staff_pages(
    browser: Any, server: str, db: dict[str, Any], username: str, lang: str
) -> None:
    problems: list[str] = []
    tag = f"[{lang}] {STAFF[username]}"
    async with browsing(browser, lang) as page:
        if username == "verifikator1":
            problems += await visit(page, server + "/konsol/masuk", f"[{lang}] sign-in")
        await _sign_in(page, server, username, db["password"])
        problems += await audit(page, f"{tag} home")
        home = page.url
        for url in await _links(page, ".konsol-bar nav[aria-label] ul a"):
            problems += await visit(page, url, f"{tag} {url.removeprefix(server)}")
        if "/konsol/verifikasi" in home or "/konsol/antrian" in home:
            await page.goto(home)
            problems += await _ticket_pages(page, server, tag, db)
            problems += await visit(
                page, server + "/konsol/tiket/999999999", f"{tag} 404", status=404
            )
        if username == "operator1":
            await page.goto(server + "/konsol/operator")
            await page.locator("#lookup-phone").fill("0812 0000 0001")
            async with page.expect_navigation():
                await page.locator("form[action='/konsol/operator/cari'] button").click()
            problems += await audit(page, f"{tag} operator lookup")
            async with page.expect_navigation():
                await page.locator("form[action='/konsol/operator/lapor'] button").click()
            problems += await audit(page, f"{tag} operator form with errors")
        if username == "admin":
            problems += await _admin_pages(page, server, tag)
        if username == "koordinator1":
            call = f"/konsol/pusat-panggilan/panggilan/{db['call']}"
            problems += await visit(page, server + call, f"{tag} call page")
            problems += await _roster_pages(page, server, tag)
        if username in ("penilai1", "koordinator1"):
            problems += await _quality_pages(page, server, tag, username == "koordinator1")
        # Forbidden pages answer in the console's layout too.
        if username == "operator1":
            problems += await visit(page, server + "/konsol/admin", f"{tag} 403", status=403)
    assert not problems, report(problems)


async def _quality_pages(page: Any, base: str, tag: str, coordinator: bool) -> list[str]:
    """Quality monitoring as an evaluator works it: draw the pool, claim a call, the form sent
    empty (errors beside each item), then scored: the evaluation's page; and the trends and
    (for the coordinator) calibration."""
    problems: list[str] = []
    mutu = base + "/konsol/pusat-panggilan/mutu"
    await page.goto(mutu)
    async with page.expect_navigation():
        await page.locator("form[action$='/mutu/tarik'] button").click()
    problems += await audit(page, f"{tag} quality pool")
    claim = page.locator("#q-pool form button").first
    if await claim.count():
        async with page.expect_navigation():
            await claim.click()
        problems += await audit(page, f"{tag} quality evaluate")
        async with page.expect_navigation():
            await page.locator("#q-form button[type=submit]").click()
        problems += await audit(page, f"{tag} quality evaluate with errors")
        for radio in await page.locator("#q-form input[type=radio][value=met]").all():
            await radio.check()
        async with page.expect_navigation():
            await page.locator("#q-form button[type=submit]").click()
        assert "/mutu/evaluasi/" in page.url, page.url
        problems += await audit(page, f"{tag} quality evaluation")
    problems += await visit(page, mutu + "/tren", f"{tag} quality trends")
    if coordinator:
        problems += await visit(page, mutu + "/kalibrasi", f"{tag} quality calibration")
    return problems


async def _admin_pages(page: Any, base: str, tag: str) -> list[str]:
    problems: list[str] = []
    await page.goto(base + "/konsol/admin")
    for url in await _links(page, ".admin-menu a"):
        problems += await visit(page, url, f"{tag} {url.removeprefix(base)}")
        # One record's form per kind of record (each has its own fields).
        edit = await _links(page, "td a[href*='/konsol/admin/']")
        if edit:
            problems += await visit(page, edit[0], f"{tag} {edit[0].removeprefix(base)}")
    problems += await visit(page, base + "/konsol/admin/users/baru", f"{tag} new user")
    return problems


async def _roster_pages(page: Any, base: str, tag: str) -> list[str]:
    """The coordinator's roster (the demo's week), a shift's form, the add form sent with
    errors, and staffing against the roster."""
    problems = await visit(page, base + "/konsol/pusat-panggilan/jadwal", f"{tag} roster")
    edit = await _links(page, "#cc-roster a")
    if edit:
        problems += await visit(page, edit[0], f"{tag} {edit[0].removeprefix(base)}")
    await page.goto(base + "/konsol/pusat-panggilan/jadwal")
    form = page.locator("form.cc-shift-form")
    await form.evaluate("f => { f.noValidate = true; }")
    async with page.expect_navigation():
        await form.locator("button[type=submit]").click()
    problems += await audit(page, f"{tag} roster form with errors")
    problems += await visit(page, base + "/konsol/pusat-panggilan/staf", f"{tag} staffing")
    return problems


def test_the_walk_covers_every_role() -> None:
    # A role added to the console without a walk here would go unchecked.
    from hotline.accounts.roles import Role

    roles = {u["role"] for u in read_yaml("users.yaml")["users"] if u["username"] in STAFF}
    assert roles == {r.value for r in Role}
    assert all(re.fullmatch(r"[a-z]+", v) for v in STAFF.values())


# --- the ticket page, as the officer works it ---------------------------------------------

_FIELDS_OUTSIDE_THEIR_PANEL = """() => Array.from(document.querySelectorAll(
    'form.action select, form.action textarea, form.action input:not([type=hidden])'))
  .filter((el) => {
    const field = el.getBoundingClientRect(), panel = el.closest('form').getBoundingClientRect();
    return field.left < panel.left || field.right > panel.right;
  })
  .map((el) => el.id || el.name)"""

_UNLABELLED = """() => Array.from(document.querySelectorAll(
    'main select, main textarea, main input:not([type=hidden])'))
  .filter((el) => el.labels.length === 0 && !el.getAttribute('aria-label'))
  .map((el) => el.name)"""

_ORDER = """(ids) => ids.map((id) => document.getElementById(id))
  .every((el, i, all) => i === 0 ||
    (all[i - 1].compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING))"""


@pytest.mark.parametrize(
    ("username", "select", "key"),
    [("verifikator1", "dispatch-agency", "d"), ("petugas.dpupr", "transfer-agency", "t")],
    ids=["verifier", "officer"],
)
async def test_the_ticket_page_is_in_the_order_of_the_work(
    browser: Any, server: str, db: dict[str, Any], username: str, select: str, key: str
) -> None:
    async with browsing(browser, "id") as page:
        await _sign_in(page, server, username, db["password"])
        if username == "verifikator1":
            await page.locator("a.row-link").first.click()
            await page.wait_for_selector("#actions")
        else:
            await page.goto(f"{server}/konsol/tiket/{db['open_ticket']}")
        # The staff bar is the top of the page; the citizen site's menu is not in the console.
        first = await page.evaluate("document.querySelector('body > :not(.skip)').className")
        assert first == "konsol-bar"
        assert await page.locator("a[href='/lapor']").count() == 0
        # Next deadline and what may be done first, then the report, then its history.
        assert await page.evaluate(_ORDER, ["next-deadline", "actions", "details", "timeline"])
        if username == "petugas.dpupr":
            assert await page.evaluate(_ORDER, ["details", "pesan", "timeline"])
        # At 1280 px nothing sticks out of its panel, and every field has its label.
        await page.set_viewport_size({"width": 1280, "height": 900})
        assert await page.evaluate(_FIELDS_OUTSIDE_THEIR_PANEL) == []
        assert await page.evaluate(_UNLABELLED) == []
        assert await page.evaluate("document.documentElement.scrollWidth") <= 1280
        # The keyboard shortcuts still move to their action.
        await page.keyboard.press(key)
        assert await page.evaluate("document.activeElement.id") == select
        await page.evaluate("document.activeElement.blur()")
        await page.keyboard.press("i")
        assert await page.evaluate("document.activeElement.id") == "note-body"


async def test_the_checks_catch_what_they_are_for(browser: Any) -> None:
    # The walk is only worth its green if these two would turn it red.
    async with browsing(browser, "id") as page:
        await page.set_content(
            '<!doctype html><html lang="id"><head><title>t</title></head><body><main>'
            '<h1>t</h1><textarea name="body"></textarea><div style="width:900px">x</div>'
            "</main></body></html>"
        )
        problems = await audit(page, "sample")
    assert any("axe label (critical)" in p for p in problems), problems
    assert any("@360px: the page is 9" in p for p in problems), problems
    assert not any("@1280px: the page is" in p for p in problems), problems
