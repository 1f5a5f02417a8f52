"""What the flows' actions do in the database (the engine's `Effects`), inside the step's
transaction: file a report, look one up with its PIN, add information, queue a caller.

Recordings are not fetched here: a webhook must answer in well under Twilio's 15 s. Each one
becomes an `Attachment` without a file and an outbox row of channel `recording`; the worker
downloads it from Twilio with the account credentials (hotline/ivr/recordings.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import get_day_names

from hotline import clock
from hotline.directory.tables import Agency, Category, Region
from hotline.errors import Conflict, HotlineError, NotFound
from hotline.i18n import N_, t
from hotline.ivr import blocklist
from hotline.ivr.config import IvrConfig
from hotline.ivr.engine import Call, MenuOption, normalize_place
from hotline.ivr.news import tell
from hotline.ivr.recordings import RECORDING
from hotline.ivr.tables import IvrQueueEvent, QueueCall
from hotline.notify.outbox import Message, enqueue_all
from hotline.satisfaction import survey
from hotline.satisfaction.elements import ELEMENTS
from hotline.sla.calendar import WorkingCalendar
from hotline.sla.policy import ClockKind
from hotline.tickets import clocks, messages, service
from hotline.tickets.channels import Channel
from hotline.tickets.drafts import ReportDraft, ReporterDraft
from hotline.tickets.events import ActorType
from hotline.tickets.lifecycle import Status
from hotline.tickets.privacy import Privacy
from hotline.tickets.records import TicketRow
from hotline.tickets.tables import Attachment, TicketEvent

log = logging.getLogger("hotline.ivr")

PHONE = service.Actor(ActorType.REPORTER, None, "telepon")
MAX_PIN_TRIES = 3  # per call; the caller's number is throttled across calls (tickets/pins.py)
MAX_ANSWER_CHARS = 600  # a longer answer is cut for the phone; the full one is on /lacak
RECORDING_KEYS = ("complaint", "message", "location_recording", "down_message")
# The keypad survey's answers in the call's state: `ikm_u1` … `ikm_u9`, "1"–"4" or "na".
SURVEY_VAR = "ikm_"

HOURS_RANGE = N_("{days}, from {start} to {end}")
DAYS_RANGE = N_("{first} to {last}")
INFO_BY_PHONE = N_("Information added by phone: a recording of {seconds} seconds.")


def describe_hours(calendar: WorkingCalendar, locale: str) -> str:
    """ "Monday to Friday, from 08.00 to 16.00" in the caller's language."""
    names = get_day_names("wide", locale=locale)
    groups: list[tuple[list[int], tuple[Any, ...]]] = []
    for day in range(7):
        hours = tuple(calendar.hours.get(day, ()))
        if not hours:
            continue
        if groups and groups[-1][1] == hours and groups[-1][0][-1] == day - 1:
            groups[-1][0].append(day)
        else:
            groups.append(([day], hours))
    parts = []
    for days, hours in groups:
        span = (
            str(names[days[0]])
            if len(days) == 1
            else t(locale, DAYS_RANGE, first=names[days[0]], last=names[days[-1]])
        )
        start, end = hours[0][0], hours[-1][1]
        end_text = "24.00" if end.hour == 23 and end.minute == 59 else end.strftime("%H.%M")
        parts.append(t(locale, HOURS_RANGE, days=span, start=start.strftime("%H.%M"), end=end_text))
    return "; ".join(parts)


def recording_seconds(rec: Mapping[str, Any] | None) -> int:
    if not rec:
        return 0
    try:
        return int(rec.get("duration") or 0)
    except (TypeError, ValueError):
        return 0


class DbEffects:
    """The engine's Effects on the real database; `caller` is the caller's E.164 number or ""."""

    def __init__(self, config: IvrConfig, *, caller: str, ticket_sink: list[int]) -> None:
        self.config = config
        self.caller = caller
        # Tickets made in this step, for the webhook layer to link to the call.
        self.ticket_sink = ticket_sink

    async def run_action(self, name: str, call: Call) -> str:
        handler = getattr(self, f"_{name}")
        outcome: str = await handler(call)
        return outcome

    async def menu_options(self, source: str, call: Call) -> list[MenuOption]:
        rows = (
            await Category.select(
                Category.ivr_key, Category.name_id, Category.name_en, Category.service_code
            )
            .where(Category.active.eq(True) & Category.ivr_key.is_not_null())
            .order_by(Category.ivr_key)
        )
        # 1-8: 9 is "anything else" and 0 / * keep their meaning everywhere.
        return [
            MenuOption(
                r["ivr_key"],
                r["name_en"] if call.locale == "en" else r["name_id"],
                r["service_code"],
            )
            for r in rows
            if r["ivr_key"] in "12345678"
        ][:8]

    async def speech_places(self, source: str) -> Mapping[str, tuple[str, str]]:
        rows = await Region.select(Region.code, Region.name).where(
            (Region.level == "kecamatan") & Region.active.eq(True)
        )
        return {normalize_place(r["name"]): (r["code"], r["name"]) for r in rows}

    async def enqueue(self, call: Call) -> None:
        now = clock.now()
        existing = (
            await QueueCall.select(QueueCall.id).where(QueueCall.call_sid == call.sid).first()
        )
        if existing is None:
            await QueueCall.insert(
                QueueCall(call_sid=call.sid, queue=call.locale, entered_at=now, outcome="waiting")
            )
            ahead = await QueueCall.count().where(
                (QueueCall.outcome == "waiting") & (QueueCall.call_sid != call.sid)
            )
            await tell(
                "ENTERQUEUE",
                f"{call.sid}:ENTERQUEUE",
                now,
                call_sid=call.sid,
                queue=call.locale,
                position=ahead + 1,
            )
        else:
            # Back in the queue after being offered a message: one wait, counted from the start.
            await QueueCall.update(
                {
                    QueueCall.outcome: "waiting",
                    QueueCall.ended_at: None,
                    QueueCall.wait_seconds: None,
                }
            ).where(QueueCall.id == existing["id"])
        await IvrQueueEvent.insert(
            IvrQueueEvent(call_sid=call.sid, kind="entered", queue=call.locale, at=now, data={})
        )

    # -- actions ----------------------------------------------------------------------------

    async def _service_hours(self, call: Call) -> str:
        calendar = self.config.service_calendar
        call.vars["hours"] = describe_hours(calendar, call.locale)
        return "open" if calendar.is_working_time(clock.now()) else "closed"

    async def _switch_language(self, call: Call) -> str:
        call.locale = "en" if call.locale == "id" else "id"
        return "ok"

    async def _screen_caller(self, call: Call) -> str:
        """Before a report is made: a blocked number or one over its limit hears why, and the
        officers' number when there is one (docs/IVR.md, "Repeat callers")."""
        outcome = await blocklist.screen(self.caller, self.config)
        if outcome is not blocklist.Screening.OK:
            call.vars["officer_number"] = self.config.officer_number
            log.info("call %s: no report taken, the number is %s", call.sid, outcome.value)
        return outcome.value

    async def _create_report(self, call: Call) -> str:
        return await self._file(call, incomplete=False)

    async def _create_message_report(self, call: Call) -> str:
        # A message is rahasia unless the caller chose otherwise; its SMS only with the consent
        # the flow asked for (never assumed: file_report reads `sms` as the caller answered).
        call.vars.setdefault("privacy", Privacy.RAHASIA.value)
        return await self._file(call, incomplete=True)

    async def _file(self, call: Call, *, incomplete: bool) -> str:
        try:
            created = await file_report(call, self.caller, self.config, incomplete=incomplete)
        except HotlineError:
            # Not raised on: the flow's "error" outcome tells the caller plainly in their
            # language (TwiML, never Twilio's own error message); the trace is in the log.
            log.exception("call %s: the report could not be filed", call.sid)
            return "error"
        self.ticket_sink.append(created.ticket_id)
        call.vars.update(
            reference=created.reference,
            pin=created.pin,
            sms_sent="yes" if call.vars.get("sms") == "yes" and self.caller else "",
        )
        return "ok"

    async def _lookup_status(self, call: Call) -> str:
        reference, pin = call.vars.pop("reference", ""), call.vars.pop("pin", "")
        # The client is the caller's number; withheld numbers share one client (they can still
        # call from a shown number, or use /lacak). Every refusal sounds the same: an unknown
        # reference, a wrong PIN, a locked number (docs/DECISIONS.md, "Lockouts").
        client = "phone:" + (self.caller or "withheld")
        try:
            ticket = await service.check_pin(reference, pin, client=client)
        except NotFound:
            tries = int(call.vars.get("pin_tries", 0)) + 1
            call.vars["pin_tries"] = tries
            return "too_many" if tries >= MAX_PIN_TRIES else "not_found"
        call.vars.update(await status_facts(ticket, self.config))
        return "ok"

    async def _survey_begin(self, call: Call) -> str:
        """The caller pressed the survey's key: their resolved report's survey is still open."""
        ticket_id = call.vars.get("ticket_id")
        found = await survey.of_ticket(int(ticket_id)) if ticket_id else None
        if found is None or found["submitted_at"] is not None:
            return "closed"
        for element in ELEMENTS:
            call.vars.pop(SURVEY_VAR + element.value, None)
        return "ok"

    async def _save_survey(self, call: Call) -> str:
        """The keypad's answers, once: a question left without a key counts as unanswered."""
        ticket_id = call.vars.get("ticket_id")
        found = await survey.of_ticket(int(ticket_id)) if ticket_id else None
        if found is None:
            return "already"
        answers: dict[str, int | None] = {}
        for element in ELEMENTS:
            key = str(call.vars.pop(SURVEY_VAR + element.value, ""))
            answers[element.value] = int(key) if key in {"1", "2", "3", "4"} else None
        if all(v is None for v in answers.values()):
            return "empty"
        try:
            await survey.submit(found["id"], answers, channel=survey.Channel.PHONE, now=clock.now())
        except Conflict:
            return "already"
        call.vars["survey_open"] = ""
        return "ok"

    async def _add_information(self, call: Call) -> str:
        rec = call.vars.get("info") or {}
        ticket_id = call.vars.get("ticket_id")
        if not ticket_id:
            return "error"
        body = rec.get("text") or t("id", INFO_BY_PHONE, seconds=recording_seconds(rec))
        try:
            await service.add_information(int(ticket_id), body, actor=PHONE)
        except HotlineError:
            # As in _file: the flow's "error" outcome answers the caller; the log keeps why.
            log.exception("call %s: information could not be added", call.sid)
            return "error"
        await attach_recordings(int(ticket_id), [rec], clock.now())
        return "ok"


class NeedsTransaction(Exception):
    """A step tried outside a transaction reached something that writes (see ReadOnlyEffects)."""


class ReadOnlyEffects(DbEffects):
    """The effects of a step tried without a transaction (the optimistic path of
    hotline/ivr/calls.py): reading the directory is allowed, anything that writes stops the step
    with NeedsTransaction, before it has written, so it is answered again under the call's lock.
    An action is taken to write unless it is listed here: a new action is safe by default."""

    PURE_ACTIONS = frozenset({"service_hours", "switch_language", "screen_caller"})

    async def run_action(self, name: str, call: Call) -> str:
        if name not in self.PURE_ACTIONS:
            raise NeedsTransaction(name)
        return await super().run_action(name, call)

    async def enqueue(self, call: Call) -> None:
        raise NeedsTransaction("enqueue")


# Which deadline the caller hears: each clock has its own prompt (ivr_flows/status.yaml).
DUE_FACTS = {
    ClockKind.RESOLUTION: "due_resolution",
    ClockKind.FIRST_RESPONSE: "due_first_response",
    ClockKind.VERIFICATION: "due_verification",
}


async def status_facts(ticket: TicketRow, config: IvrConfig) -> dict[str, Any]:
    """What the caller hears about their report (they proved it is theirs with the PIN)."""
    facts: dict[str, Any] = {
        "ticket_id": ticket["id"],
        "reference": ticket["reference"],
        "status": ticket["status"],
        "agency": "",
        "due": "",
        "answer": "",
    }
    if ticket["agency"] is not None:
        row = await Agency.select(Agency.name).where(Agency.id == ticket["agency"]).first()
        facts["agency"] = row["name"] if row else ""
    # The running deadline, named: the verification clock's date is not the agency's answer.
    for kind in (ClockKind.RESOLUTION, ClockKind.FIRST_RESPONSE, ClockKind.VERIFICATION):
        due = await clocks.running_due(ticket["id"], kind)
        if due is not None:
            facts["due"] = (
                due.astimezone(ZoneInfo(config.service_calendar.timezone)).date().isoformat()
            )
            facts[DUE_FACTS[kind]] = "yes"
            break
    # A resolved report whose satisfaction survey is still open: the menu offers it.
    if ticket["status"] == Status.SELESAI.value:
        found = await survey.of_ticket(ticket["id"])
        facts["survey_open"] = "yes" if found and found["submitted_at"] is None else ""
    answer = (
        await TicketEvent.select(TicketEvent.body)
        .where(
            (TicketEvent.ticket == ticket["id"])
            & TicketEvent.public.eq(True)
            & (TicketEvent.actor_type == ActorType.STAFF.value)
            & (TicketEvent.body != "")
        )
        .order_by(TicketEvent.at, ascending=False)
        .first()
    )
    if answer:
        text = " ".join(answer["body"].split())
        facts["answer"] = text if len(text) <= MAX_ANSWER_CHARS else text[:MAX_ANSWER_CHARS] + " …"
    return facts


async def file_report(
    call: Call, caller: str, config: IvrConfig, *, incomplete: bool
) -> service.CreatedReport:
    """The call's answers as a phone report, its recordings attached and queued for fetching."""
    v = call.vars
    privacy = Privacy(v.get("privacy") or Privacy.RAHASIA.value)
    spoken = [v[k] for k in RECORDING_KEYS if v.get(k)]
    main = v.get("complaint") or v.get("message") or v.get("down_message")
    # Typed "recordings" of `hotline ivr call` carry their text: it is the description.
    description = "\n".join(str(r["text"]) for r in spoken if r.get("text"))
    # A caller who hung up before the complaint (while recording the location) still said
    # something: the longest recording decides, not only the complaint's.
    said = recording_seconds(main) if main else max(map(recording_seconds, spoken), default=0)
    short = said < config.min_recording_seconds and not description
    sms = v.get("sms") == "yes"
    # An anonymous caller's number is kept only to text them (no officer ever sees it, as on
    # the web); the other levels keep it so that the agency or the central unit can call back.
    reporter = (
        ReporterDraft(phone=caller, locale=call.locale, sms_consent=sms)
        if caller and (privacy is not Privacy.ANONIM or sms)
        else ReporterDraft(locale=call.locale)
    )
    created = await service.create_report(
        ReportDraft(
            channel=Channel.TELEPON,
            description=description,
            category_code=v.get("category") or None,
            region_code=v.get("region") or None,
            location_text=str(v.get("place") or ""),
            privacy=privacy,
            reporter=reporter,
            incomplete=incomplete,
            likely_prank=short,
            attributes={"call_sid": call.sid},
        ),
        actor=PHONE,
    )
    await attach_recordings(created.ticket_id, spoken, clock.now())
    return created


async def attach_recordings(
    ticket_id: int, recordings: Iterable[Mapping[str, Any]], now: datetime
) -> None:
    """Attachments waiting for their files, and the outbox rows that make the worker fetch them:
    one insert of each for all of a call's recordings (filing a report is the phone line's
    longest step; PERFORMANCE.md). Each outbox row names its attachment by id."""
    wanted: dict[str, str] = {}  # recording sid -> its URL at Twilio
    for rec in recordings:
        url, sid = str(rec.get("url") or ""), str(rec.get("sid") or "")
        if url and sid:
            wanted[sid] = url
    if not wanted:
        return
    rows = await Attachment.insert(
        *(
            Attachment(
                ticket=ticket_id,
                kind="recording",
                filename=f"{sid}.wav",
                content_type="audio/x-wav",
                source_url=url,
                public=False,
                created_at=now,
            )
            for sid, url in wanted.items()
        )
    ).returning(Attachment.id, Attachment.filename)
    # Matched by file name: the order of RETURNING's rows is not promised.
    ids = {row["filename"]: row["id"] for row in rows}
    await enqueue_all(
        [
            Message(
                channel=RECORDING,
                recipient=url,
                body=str(ids[f"{sid}.wav"]),
                dedupe_key=f"recording:{sid}",
                about=messages.about(ticket_id),
            )
            for sid, url in wanted.items()
        ],
        now=now,
    )
