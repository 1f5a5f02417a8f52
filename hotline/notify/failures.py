"""Messages that did not get out, so that nothing goes silent (issue 14).

Two kinds: *dead* (delivery gave up: a permanent error, or MAX_ATTEMPTS) and *stuck* (pending or
leased long past its due time: no worker is delivering it, or no process has a handler for its
channel). The console's ticket panel and its failed-messages view list them and retry them,
/health/ready counts them, and the worker mails the central unit a daily summary while any remain
(hotline/worker/failure_summary.py). The texts of that summary are here, pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from piccolo.columns.combination import Combinable

from hotline.db.tx import transaction
from hotline.i18n import N_, t
from hotline.notify.outbox import About, concerning
from hotline.notify.senders.base import mask_recipient
from hotline.notify.tables import OutboxMessage

# A message due this long ago and still not sent is stuck. Far beyond a lease (ten seconds,
# renewed) and a worker round, below the first hour a reporter would wait for their reference.
STUCK_AFTER = timedelta(minutes=15)
DEAD = "dead"
STUCK = "stuck"


def failing(now: datetime) -> Combinable:
    """The dead and stuck messages at `now` (a condition for `OutboxMessage.select().where`)."""
    return (OutboxMessage.status == DEAD) | (
        OutboxMessage.status.is_in(["pending", "sending"])
        & (OutboxMessage.next_attempt_at < now - STUCK_AFTER)
    )


@dataclass(frozen=True)
class FailedMessage:
    id: int
    state: str  # DEAD or STUCK
    channel: str
    recipient: str  # in full: whoever shows it decides whether to mask it
    subject: str
    last_error: str
    attempts: int
    since: datetime  # when it died, or since when it has been due
    about: About | None

    @property
    def masked_recipient(self) -> str:
        return mask_recipient(self.recipient)


def _failed(row: dict[str, Any]) -> FailedMessage:
    dead = row["status"] == DEAD
    return FailedMessage(
        id=row["id"],
        state=DEAD if dead else STUCK,
        channel=row["channel"],
        recipient=row["recipient"],
        subject=row["subject"],
        last_error=row["last_error"],
        attempts=row["attempts"],
        # Messages that died before failed_at existed: when they were queued.
        since=(row["failed_at"] or row["created_at"]) if dead else row["next_attempt_at"],
        about=About(row["about_type"], row["about_id"]) if row["about_type"] else None,
    )


_COLUMNS = (
    OutboxMessage.id,
    OutboxMessage.status,
    OutboxMessage.channel,
    OutboxMessage.recipient,
    OutboxMessage.subject,
    OutboxMessage.last_error,
    OutboxMessage.attempts,
    OutboxMessage.failed_at,
    OutboxMessage.created_at,
    OutboxMessage.next_attempt_at,
    OutboxMessage.about_type,
    OutboxMessage.about_id,
)


async def failed_messages(
    now: datetime, *, about: About | None = None, limit: int = 200
) -> list[FailedMessage]:
    """The dead and stuck messages (about `about` only, if given), oldest first."""
    where = failing(now)
    if about is not None:
        where = where & concerning(about)
    rows = (
        await OutboxMessage.select(*_COLUMNS).where(where).order_by(OutboxMessage.id).limit(limit)
    )
    return [_failed(r) for r in rows]


@dataclass(frozen=True)
class FailureCounts:
    dead: int
    stuck: int

    @property
    def total(self) -> int:
        return self.dead + self.stuck


async def count_failures(now: datetime) -> FailureCounts:
    dead = await OutboxMessage.count().where(OutboxMessage.status == DEAD)
    stuck = await OutboxMessage.count().where(failing(now) & (OutboxMessage.status != DEAD))
    return FailureCounts(dead=dead, stuck=stuck)


async def retry(
    message_id: int, now: datetime, *, about: About | None = None
) -> FailedMessage | None:
    """Make a dead or stuck message due now; None if it is neither (any more), or not about
    `about` when that is given. The caller records who asked, in the same transaction.

    Its attempts are kept, not reset: a claim's attempt number fences a worker that lost its
    lease (hotline/notify/delivery.py), so it only ever grows. A message that died after its
    last attempt therefore gets one more, and dies again at once if that one fails too: the
    person who retried sees the outcome within a worker round."""
    async with transaction():
        where = failing(now) & (OutboxMessage.id == message_id)
        if about is not None:
            where = where & concerning(about)
        row = await OutboxMessage.select(*_COLUMNS).where(where).first()
        if row is None:
            return None
        await OutboxMessage.update(
            {
                OutboxMessage.status: "pending",
                OutboxMessage.next_attempt_at: now,
                OutboxMessage.failed_at: None,
            }
        ).where(OutboxMessage.id == message_id)
    return _failed(row)


# --- the daily summary to the central unit ------------------------------------------------

CHANNEL_NAMES = {
    "sms": N_("SMS"),
    "email": N_("e-mail"),
    "recording": N_("call recording"),
    "whatsapp": N_("WhatsApp"),
    "media": N_("photo or voice note by message"),
}
STATE_NAMES = {DEAD: N_("given up"), STUCK: N_("not sent, overdue")}
SUMMARY_LINES = 50  # the rest is counted, and listed in the console


@dataclass(frozen=True)
class Summary:
    subject: str
    body: str


def summary_text(
    locale: str,
    day: date,
    counts: FailureCounts,
    failed: Sequence[FailedMessage],
    *,
    references: dict[int, str],
    link: str,
    when: Any,
) -> Summary:
    """The e-mail telling the central unit which messages did not get out. Recipients are
    masked: the mail leaves the system, and a reporter's number is their identity.
    `references` names the reports by ticket id; `when` formats an instant for the reader."""
    subject = t(
        locale,
        N_("Hotline: {count} messages not delivered ({day})"),
        count=counts.total,
        day=day.isoformat(),
    )
    lines = [
        t(
            locale,
            N_(
                "{dead} messages were given up and {stuck} are overdue. The reporters and"
                " officers they were meant for have not been told."
            ),
            dead=counts.dead,
            stuck=counts.stuck,
        ),
        "",
    ]
    for message in failed[:SUMMARY_LINES]:
        report = ""
        if message.about is not None and message.about.type == "ticket":
            reference = references.get(message.about.id, "")
            report = t(locale, N_("report {reference}"), reference=reference) if reference else ""
        lines.append(
            "- "
            + " · ".join(
                part
                for part in (
                    t(locale, CHANNEL_NAMES.get(message.channel, message.channel)),
                    message.masked_recipient,
                    report,
                    t(locale, STATE_NAMES[message.state]),
                    when(message.since),
                    message.last_error[:200],
                )
                if part
            )
        )
    if len(failed) > SUMMARY_LINES or counts.total > len(failed):
        lines.append(
            t(
                locale,
                N_("… and {count} more."),
                count=counts.total - min(len(failed), SUMMARY_LINES),
            )
        )
    lines += [
        "",
        t(locale, N_("See them and send them again in the console: {link}"), link=link),
        t(locale, N_("This summary comes once a day while undelivered messages remain.")),
    ]
    return Summary(subject=subject, body="\n".join(lines))
