"""Freezing a month: its PDF, its figures (JSON) and its open data (CSV), with SHA-256 checksums
chained from one publication to the next, and checking them again later.

Chain: chain_hash(n) = SHA-256 of "hotline-transparency-v1", the previous chain hash, the month,
the three file checksums and the publication instant, one per line. Changing any stored file or
record breaks its checksum or the chain from there on; `verify` says which.

Exactly once with several workers: a month is first claimed (a row with a unique month, state
`rendering`, a lease); the winner renders outside any transaction and then, in one transaction
holding the chain lock, takes the next sequence number and the previous chain hash.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import anyio

from hotline import clock
from hotline.db.tx import is_sqlite, transaction
from hotline.directory import operator
from hotline.errors import HotlineError
from hotline.i18n import N_
from hotline.tickets.tables import Ticket
from hotline.transparency import disclosure, monthly, opendata, pages, pdf, summary
from hotline.transparency.config import get_config
from hotline.transparency.months import Month
from hotline.transparency.tables import Publication

log = logging.getLogger("hotline.transparency")

GENESIS = "0" * 64
LEASE = timedelta(minutes=15)  # a claim older than this was abandoned (a worker died)
REPORTS_IN_PDF = 50
STEPS = 5

Progress = Callable[[int, int, str], None]


class PublishError(ValueError):
    """A month cannot be published now (not over, already published, being published)."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def chain_hash(
    previous: str, month: str, pdf_sha: str, json_sha: str, csv_sha: str, at: datetime
) -> str:
    text = "\n".join(
        ["hotline-transparency-v1", previous, month, pdf_sha, json_sha, csv_sha, at.isoformat()]
    )
    return sha256(text.encode("utf-8"))


@dataclass(frozen=True)
class MonthFiles:
    doc: dict[str, Any]
    json: bytes
    csv: bytes


async def public_figures(
    month: Month, *, now: datetime | None = None, compute: bool = False
) -> dict[str, Any]:
    """A month's stored figures after disclosure control, with the 12-month trend and the time
    they were computed. A page visit never computes (monthly.NotComputed when the worker has
    not stored the month yet); publishing (`compute`) first computes what is not stored."""
    if compute:
        await monthly.month_figures(month, now=now)
        await monthly.trend(month)
    figures = disclosure.protect(await monthly.stored(month))
    figures["trend"] = [
        {
            "month": m["month"],
            "received": m["total"]["received"],
            "resolved": m["total"]["resolved"],
            "closed_unresolved": m["total"]["closed_unresolved"],
            "sla_met": m["total"]["sla"]["all"]["met"],
            "sla_decided": m["total"]["sla"]["all"]["decided"],
            "sla_rate": m["total"]["sla"]["all"]["rate"],
        }
        for m in await monthly.stored_trend(month)
    ]
    return figures


def _serialise(doc: dict[str, Any]) -> tuple[bytes, bytes]:
    return monthly.dumps(doc).encode("utf-8"), opendata.to_csv(doc)


async def open_data(
    month: Month, *, now: datetime | None = None, compute: bool = False
) -> MonthFiles:
    """The month's public document (figures after disclosure control, the 12-month trend, every
    published report) and its JSON and CSV bytes."""
    now = now or clock.now()
    figures = await public_figures(month, now=now, compute=compute)
    reports = await opendata.published_reports(month, figures)
    doc = opendata.document(figures, reports)
    doc["generated_at"] = now.isoformat()
    # A month of 100,000 reports is megabytes of text: written off the event loop.
    json_bytes, csv_bytes = await anyio.to_thread.run_sync(_serialise, doc)
    return MonthFiles(doc, json_bytes, csv_bytes)


async def pdf_document(
    month: Month, *, now: datetime | None = None, compute: bool = False
) -> dict[str, Any]:
    """What the PDF of a month not yet published shows: the figures and its first reports."""
    now = now or clock.now()
    figures = await public_figures(month, now=now, compute=compute)
    reports = await opendata.published_reports(month, figures, limit=REPORTS_IN_PDF)
    doc = opendata.document(figures, reports)
    doc["reports_total"] = await opendata.count_published(month)
    doc["generated_at"] = now.isoformat()
    return doc


def report_context(doc: dict[str, Any], locale: str = "id") -> dict[str, Any]:
    f = doc["figures"]
    context = pages.month_context(f, locale)
    trend = f.get("trend", [])
    fake_months = [
        {
            "month": m["month"],
            "total": {
                "received": m["received"],
                "resolved": m["resolved"],
                "closed_unresolved": m["closed_unresolved"],
                "sla": {"all": {"rate": m["sla_rate"]}},
            },
        }
        for m in trend
    ]
    end = datetime.fromisoformat(f["period"]["end"]) - timedelta(microseconds=1)
    context.update(
        summary=summary.sentences(f, locale),
        reports=doc["reports"][:REPORTS_IN_PDF],
        reports_total=doc.get("reports_total", len(doc["reports"])),
        reports_limit=REPORTS_IN_PDF,
        trend=trend,
        trend_charts=pages.trend_charts(fake_months, locale),
        generated_at=doc["generated_at"],
        period_last_day=end,
        judged_count=sum(1 for r in context["ranked"] if r["rank"] is not None),
    )
    return context


async def render_pdf(doc: dict[str, Any]) -> bytes:
    # The operator as it is when the PDF is made: a published PDF keeps who issued it then.
    issuer = await operator.current()
    html = await anyio.to_thread.run_sync(
        lambda: pdf.render_html({**report_context(doc), "operator": issuer})
    )
    return await pdf.RENDERER.render(html)


async def published(month: Month) -> dict[str, Any] | None:
    row: dict[str, Any] | None = (
        await Publication.select()
        .where((Publication.month == str(month)) & (Publication.state == "published"))
        .first()
    )
    return row


_RECORD = (
    Publication.month,
    Publication.seq,
    Publication.published_at,
    Publication.published_by,
    Publication.pdf_sha256,
    Publication.json_sha256,
    Publication.csv_sha256,
    Publication.previous_hash,
    Publication.chain_hash,
)


async def record(month: Month) -> dict[str, Any] | None:
    """A month's publication record without its files, or None when it is not published."""
    row: dict[str, Any] | None = (
        await Publication.select(*_RECORD)
        .where((Publication.month == str(month)) & (Publication.state == "published"))
        .first()
    )
    return row


async def publications() -> list[dict[str, Any]]:
    """Every publication, newest first, without the file contents."""
    return list(
        await Publication.select(*_RECORD)
        .where(Publication.state == "published")
        .order_by(Publication.seq, ascending=False)
    )


async def _claim(month: Month, token: str, now: datetime) -> None:
    async with transaction():
        await Publication.insert(
            Publication(month=str(month), state="rendering", claimed_at=now, claimed_by=token)
        ).on_conflict(target=Publication.month, action="DO NOTHING")
        row = await Publication.select().where(Publication.month == str(month)).first()
    assert row is not None
    if row["claimed_by"] == token:
        return
    if row["state"] == "published":
        raise PublishError(
            f"{month} was already published on {row['published_at']:%Y-%m-%d %H:%M} UTC "
            f"(chain hash {row['chain_hash'][:16]}…)"
        )
    if row["claimed_at"] > now - LEASE:
        raise PublishError(f"{month} is being published by another process ({row['claimed_by']})")
    # The previous claim's lease ran out (its process died): take it over, once.
    taken = (
        await Publication.update({Publication.claimed_at: now, Publication.claimed_by: token})
        .where(
            (Publication.month == str(month))
            & (Publication.state == "rendering")
            & (Publication.claimed_by == row["claimed_by"])
        )
        .returning(Publication.id)
    )
    if not taken:
        raise PublishError(f"{month} is being published by another process")


async def _chain_lock() -> None:
    # One publication at a time takes the next number: SQLite's IMMEDIATE transaction already
    # serialises; PostgreSQL takes a transaction-scoped advisory lock.
    if not is_sqlite():
        await Publication.raw("SELECT pg_advisory_xact_lock(8041120606)")


async def publish(
    month: Month,
    *,
    by: str,
    progress: Progress | None = None,
    now: datetime | None = None,
    keep_claim_on_failure: bool = False,
) -> dict[str, Any]:
    """Freeze `month`. Raises PublishError when it is not over, already published or being
    published by someone else; pdf.PdfError when the PDF cannot be made. A failed attempt
    releases its claim, unless `keep_claim_on_failure` (the worker: the lease then spaces out
    its retries)."""
    step = progress or (lambda n, total, what: None)
    now = now or clock.now()
    if month.end(get_config().zone) > now:
        raise PublishError(f"{month} is not over yet; a month is published once it has ended")
    token = f"{by}:{secrets.token_hex(6)}"
    await _claim(month, token, now)
    step(1, STEPS, "claim")
    try:
        step(2, STEPS, "figures")
        files = await open_data(month, now=now, compute=True)
        step(3, STEPS, "pdf")
        pdf_bytes = await render_pdf(files.doc)
    except BaseException:
        if not keep_claim_on_failure:
            await Publication.delete().where(
                (Publication.month == str(month))
                & (Publication.state == "rendering")
                & (Publication.claimed_by == token)
            )
        raise
    step(4, STEPS, "store")
    async with transaction():
        await _chain_lock()
        head = (
            await Publication.select(Publication.seq, Publication.chain_hash)
            .where(Publication.state == "published")
            .order_by(Publication.seq, ascending=False)
            .first()
        )
        seq = (head["seq"] if head else 0) + 1
        previous = head["chain_hash"] if head else GENESIS
        at = clock.now()
        shas = (sha256(pdf_bytes), sha256(files.json), sha256(files.csv))
        stored = (
            await Publication.update(
                {
                    Publication.state: "published",
                    Publication.seq: seq,
                    Publication.published_at: at,
                    Publication.published_by: by,
                    Publication.pdf: pdf_bytes,
                    Publication.figures_json: files.json,
                    Publication.csv: files.csv,
                    Publication.pdf_sha256: shas[0],
                    Publication.json_sha256: shas[1],
                    Publication.csv_sha256: shas[2],
                    Publication.previous_hash: previous,
                    Publication.chain_hash: chain_hash(previous, str(month), *shas, at),
                }
            )
            .where(
                (Publication.month == str(month))
                & (Publication.state == "rendering")
                & (Publication.claimed_by == token)
            )
            .returning(Publication.id)
        )
        if not stored:
            raise PublishError(f"{month}: the claim was taken over while rendering; not stored")
    step(5, STEPS, "done")
    log.info("published %s as publication %d (%s)", month, seq, by)
    row = await published(month)
    assert row is not None
    return row


@dataclass(frozen=True)
class Problem:
    month: str
    what: str


def check_row(row: dict[str, Any], previous: str) -> list[Problem]:
    """What is wrong with one stored publication, given the chain hash before it."""
    problems = []
    for name, data, recorded in (
        ("pdf", row["pdf"], row["pdf_sha256"]),
        ("json", row["figures_json"], row["json_sha256"]),
        ("csv", row["csv"], row["csv_sha256"]),
    ):
        if sha256(bytes(data)) != recorded:
            problems.append(Problem(row["month"], f"{name} does not match its SHA-256"))
    if row["previous_hash"] != previous:
        problems.append(Problem(row["month"], "previous hash does not match the chain"))
    expected = chain_hash(
        row["previous_hash"],
        row["month"],
        row["pdf_sha256"],
        row["json_sha256"],
        row["csv_sha256"],
        row["published_at"],
    )
    if row["chain_hash"] != expected:
        problems.append(Problem(row["month"], "chain hash does not match the record"))
    return problems


async def verify(progress: Progress | None = None) -> tuple[int, list[Problem]]:
    """Check every publication and the chain from the first; returns (checked, problems)."""
    step = progress or (lambda n, total, what: None)
    seqs = [
        r["seq"]
        for r in await Publication.select(Publication.seq)
        .where(Publication.state == "published")
        .order_by(Publication.seq)
    ]
    previous = GENESIS
    problems: list[Problem] = []
    for i, seq in enumerate(seqs, start=1):
        # One at a time: each row carries a whole PDF.
        row = await Publication.select().where(Publication.seq == seq).first()
        assert row is not None
        if seq != i:
            problems.append(Problem(row["month"], f"publication number {seq}, expected {i}"))
        problems += check_row(row, previous)
        previous = row["chain_hash"]
        step(i, len(seqs), row["month"])
    return len(seqs), problems


async def frozen_file(month: Month, kind: str) -> bytes | None:
    """A published month's file ("pdf" | "json" | "csv"), checked against its SHA-256; None when
    the month is not published. An altered file raises TamperedError instead of being served."""
    column = {"pdf": Publication.pdf, "json": Publication.figures_json, "csv": Publication.csv}[
        kind
    ]
    sha = {
        "pdf": Publication.pdf_sha256,
        "json": Publication.json_sha256,
        "csv": Publication.csv_sha256,
    }[kind]
    row = (
        await Publication.select(column, sha)
        .where((Publication.month == str(month)) & (Publication.state == "published"))
        .first()
    )
    if row is None:
        return None
    data = bytes(row[column._meta.name])
    if sha256(data) != row[sha._meta.name]:
        log.error("published %s.%s does not match its SHA-256: refusing to serve it", month, kind)
        raise TamperedError(str(month), kind)
    return data


class TamperedError(HotlineError):
    """A published file no longer matches its checksum: never served (a 500 that says why)."""

    status_code = 500

    def __init__(self, month: str, kind: str) -> None:
        super().__init__(
            N_(
                "This published file failed its integrity check and is not served. The hotline's "
                "administrators have been alerted."
            )
        )
        self.month = month
        self.kind = kind

    def __str__(self) -> str:
        return f"{self.month}.{self.kind} does not match its published SHA-256"


async def due_for_publication(now: datetime | None = None) -> Month | None:
    """The month the worker should publish now, if any: the previous month, from the configured
    day on, when it is not published and the hotline already had reports by its end."""
    cfg = get_config()
    now = now or clock.now()
    if cfg.publish_day == 0 or now.astimezone(cfg.zone).day < cfg.publish_day:
        return None
    month = monthly.current_month(now).previous()
    if await Publication.exists().where(Publication.month == str(month)):
        row = (
            await Publication.select(Publication.state, Publication.claimed_at)
            .where(Publication.month == str(month))
            .first()
        )
        if row is None or row["state"] == "published" or row["claimed_at"] > now - LEASE:
            return None
        return month
    if not await Ticket.exists().where(Ticket.created_at < month.end(cfg.zone)):
        return None
    return month
