"""One webhook request, one transaction: load the call by CallSid, answer the step, store both.

Idempotency: every answer is stored under "<CallSid>:<step>" (the step number travels in the
action URLs) and under Twilio's I-Twilio-Idempotency-Token, both unique keys in the database. A
retry, on whatever replica, finds the stored TwiML and returns it: nothing is created twice. The
call row is locked for the step (FOR UPDATE on PostgreSQL, the IMMEDIATE transaction on SQLite),
so two copies of one request are answered one after the other, the second from the store. On
PostgreSQL a step that only moves the call through its flow is first tried without the lock
(`_optimistic_step`): its save applies only if the row is unchanged, else the locked path runs.

The same functions answer the HTTP webhooks, `hotline ivr call` and the spool replay.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from piccolo.columns.combination import Combinable
from piccolo.utils.encoding import dump_json, load_json
from twilio.twiml.voice_response import VoiceResponse

from hotline import clock
from hotline.db.tx import is_sqlite, transaction
from hotline.directory import operator as service_operator
from hotline.i18n import t
from hotline.ivr.actions import (
    INFO_BY_PHONE,
    PHONE,
    RECORDING_KEYS,
    DbEffects,
    NeedsTransaction,
    ReadOnlyEffects,
    attach_recordings,
    file_report,
    recording_seconds,
)
from hotline.ivr.blocklist import Screening, screen
from hotline.ivr.config import IvrConfig, get_config
from hotline.ivr.engine import Call, Engine, Input
from hotline.ivr.loader import load_flows
from hotline.ivr.news import tell
from hotline.ivr.prompts import spoken_digits
from hotline.ivr.queuebook import end_queue_wait, record_result
from hotline.ivr.records import CallRow
from hotline.ivr.tables import IvrCall, IvrStep
from hotline.ivr.twiml import Voice, add_prompt, document, recorded_prompts
from hotline.phones import to_e164
from hotline.settings import get_settings
from hotline.tickets.service import add_information

log = logging.getLogger("hotline.ivr")

ENDED_STATUSES = frozenset({"completed", "busy", "no-answer", "failed", "canceled"})


def _hang_up() -> str:
    response = VoiceResponse()
    response.hangup()
    return document(response)


# What a late retry of an answer that spoke the PIN gets once the call is over: valid TwiML that
# says nothing (Twilio retries only answers it did not receive; the call has ended anyway).
SCRUBBED = _hang_up()


def voice() -> Voice:
    config = get_config()
    return Voice(
        public_url=get_settings().public_url,
        voice_id=config.voice_id,
        voice_en=config.voice_en,
        audio=recorded_prompts(config.audio_dir),
    )


@dataclass(frozen=True)
class Request:
    """A Twilio webhook as the IVR sees it, whatever carried it (HTTP, the CLI, the spool)."""

    form: Mapping[str, str]
    query: Mapping[str, str]
    token: str = ""  # I-Twilio-Idempotency-Token

    @property
    def call_sid(self) -> str:
        return self.form.get("CallSid", "")

    @property
    def step(self) -> int:
        try:
            return max(int(self.query.get("n", "0")), 0)
        except ValueError:
            return 0


def input_of(req: Request) -> Input:
    f = req.form
    recording = None
    if f.get("RecordingUrl") or f.get("RecordingText"):
        recording = {
            "url": f.get("RecordingUrl", ""),
            "sid": f.get("RecordingSid", ""),
            "duration": f.get("RecordingDuration", "0"),
        }
        if f.get("RecordingText"):
            recording["text"] = f["RecordingText"]
    return Input(
        digits=f.get("Digits"),
        speech=f.get("SpeechResult"),
        recording=recording,
        empty=req.query.get("empty") == "1",
        queue_result=f.get("QueueResult"),
    )


async def stored_answer(key: str, token: str) -> str | None:
    where: Combinable = IvrStep.step_key == key
    if token:
        where = where | (IvrStep.idempotency_token == token)
    row = await IvrStep.select(IvrStep.twiml).where(where).first()
    return None if row is None else str(row["twiml"])


async def store_answer(key: str, token: str, call_sid: str, twiml: str, now: datetime) -> bool:
    """The answer kept for retries; False when one with this key or token was kept already."""
    rows = await IvrStep.raw(_STORE_ANSWER, key, token or None, call_sid, twiml, now)
    return bool(rows)


# The hot path's statements, written once: building them with Piccolo was the largest single
# item of a step's Python time (cProfile of the server, see PERFORMANCE.md), on SQLite too
# (py-spy, issue 16: Piccolo's select, update and insert were a fifth of the event loop's time).
_STORE_ANSWER = (
    "INSERT INTO ivr_step (step_key, idempotency_token, call_sid, twiml, created_at)"
    " VALUES ({}, {}, {}, {}, {}) ON CONFLICT DO NOTHING RETURNING id"
)
# SQLite: the IMMEDIATE transaction already holds the write lock, so no FOR UPDATE, and no row
# version (the optimistic path is PostgreSQL's).
_SQLITE_SELECT_CALL = "SELECT * FROM ivr_call WHERE call_sid = {}"
_SQLITE_SAVE_STEP = (
    "UPDATE ivr_call SET state = {}, locale = {}, vars = {}, failures = {}, seq = {},"
    " updated_at = {}, ticket = COALESCE({}, ticket) WHERE id = {}"
)
# The call comes with its row version (xmin: every write to the row changes it, whoever makes it).
_SELECT_CALL = "SELECT xmin::text AS row_version, * FROM ivr_call WHERE call_sid = {}"
_LOCK_CALL = _SELECT_CALL + " FOR UPDATE OF ivr_call"
# The call's new state and the step's stored answer in one round trip (data-modifying WITHs run
# exactly once), applied only if the row is still the version that was read: always so under
# the lock; on the optimistic path, not if anything wrote the row meanwhile. `moved` says which.
_SAVE_STEP = (
    "WITH moved AS (UPDATE ivr_call SET state = {}, locale = {}, vars = {}, failures = {},"
    " seq = {}, updated_at = {}, ticket = COALESCE({}, ticket)"
    " WHERE id = {} AND xmin::text = {} RETURNING id),"
    " stored AS (INSERT INTO ivr_step (step_key, idempotency_token, call_sid, twiml, created_at)"
    " SELECT {}::varchar, {}::varchar, {}::varchar, {}::text, {}::timestamptz FROM moved"
    " ON CONFLICT DO NOTHING)"
    " SELECT count(*) AS moved FROM moved"
)


def _call_row(raw: Mapping[str, Any]) -> CallRow:
    row = dict(raw)
    if isinstance(row["vars"], str):
        row["vars"] = load_json(row["vars"])
    return cast(CallRow, row)


# A call's row made, with its row version, or nothing if it exists already (a copy of the
# request made it), in one round trip. A citizen's line unless `create` says otherwise.
_NEW_CALL = {"line": "caller", "caller": ""}
_INSERT_CALL = (
    "INSERT INTO ivr_call (call_sid, line, caller, locale, state, vars, started_at, updated_at)"
    " VALUES ({}, {}, {}, {}, {}, {}, {}, {}) ON CONFLICT (call_sid) DO NOTHING"
    " RETURNING xmin::text AS row_version, *"
)


async def _fetch_call(sid: str, *, lock: bool) -> CallRow | None:
    """The call row (PostgreSQL: with its `row_version`), locked for this transaction if `lock`."""
    if is_sqlite():
        rows = await IvrCall.raw(_SQLITE_SELECT_CALL, sid)
    else:
        rows = await IvrCall.raw(_LOCK_CALL if lock else _SELECT_CALL, sid)
    return _call_row(rows[0]) if rows else None


async def _insert_call(sid: str, create: Callable[[], dict[str, Any]]) -> CallRow | None:
    """The call's row made with the columns `create` gives and returned, locked by this
    transaction until it ends (PostgreSQL: INSERT … RETURNING). None when the row was there
    already, and always on SQLite, whose IMMEDIATE transaction serialises the copies: the row
    exists then, and the caller looks it up."""
    columns = {**_NEW_CALL, **create()}
    if is_sqlite():
        await IvrCall.insert(IvrCall(call_sid=sid, **columns)).on_conflict(
            target=IvrCall.call_sid, action="DO NOTHING"
        )
        return None
    rows = await IvrCall.raw(
        _INSERT_CALL,
        sid,
        columns.pop("line"),
        columns.pop("caller"),
        columns.pop("locale"),
        columns.pop("state"),
        dump_json(columns.pop("vars")),
        columns.pop("started_at"),
        columns.pop("updated_at"),
    )
    assert not columns, f"ivr_call columns not inserted: {sorted(columns)}"
    return _call_row(rows[0]) if rows else None


async def open_call(
    sid: str, create: Callable[[], dict[str, Any]], *, first: bool
) -> tuple[CallRow, bool]:
    """The call row for a webhook, locked for its transaction, made with the columns `create`
    gives if it does not exist yet; and True when this request made it. Nothing can have been
    answered for a call whose row was just made, so the caller then skips the stored-answer
    lookup. `first`, the call's first request, where the row is usually not there yet: try the
    insert first, one statement on PostgreSQL where looking first takes three (a lookup that
    finds nothing, the insert, the lookup again). Only a copy of that request (Twilio's retry,
    two replicas), or SQLite, goes on to the lookup."""
    if first:
        row = await _insert_call(sid, create)
        if row is not None:
            return row, True
    locked = await lock_call(sid, create=create)
    assert locked is not None
    return locked, False


async def lock_call(
    sid: str, *, create: Callable[[], dict[str, Any]] | None = None
) -> CallRow | None:
    """The call row, locked for this transaction; created first (with the columns `create`
    gives: only called then) when it does not exist yet and `create` is given."""
    row = await _fetch_call(sid, lock=True)
    if row is None and create is not None:
        # Two copies of a call's first request: one inserts, the other waits on the unique key.
        row = await _insert_call(sid, create) or await _fetch_call(sid, lock=True)
    return row


@dataclass(frozen=True)
class StepChanges:
    """What a step changes on its call row."""

    state: str
    locale: str
    vars: dict[str, Any]
    failures: int
    seq: int
    updated_at: datetime
    ticket: int | None  # a report filed in this step; None leaves the call's as it is

    def columns(self) -> dict[Any, Any]:
        changes: dict[Any, Any] = {
            IvrCall.state: self.state,
            IvrCall.locale: self.locale,
            IvrCall.vars: self.vars,
            IvrCall.failures: self.failures,
            IvrCall.seq: self.seq,
            IvrCall.updated_at: self.updated_at,
        }
        if self.ticket is not None:
            changes[IvrCall.ticket] = self.ticket
        return changes


async def save_step(
    row: CallRow, changes: StepChanges, key: str, token: str, twiml: str, now: datetime
) -> bool:
    """The call row updated and the answer stored, if the row is still as `row` was read: one
    statement on PostgreSQL (False: the row changed, nothing saved), two on SQLite (only ever
    called there under the transaction's write lock)."""
    # Both engines' statements begin with the same SET values, then the row's id.
    values = (
        changes.state,
        changes.locale,
        dump_json(changes.vars),
        changes.failures,
        changes.seq,
        changes.updated_at,
        changes.ticket,
        row["id"],
    )
    if is_sqlite():
        await IvrCall.raw(_SQLITE_SAVE_STEP, *values)
        await store_answer(key, token, row["call_sid"], twiml, now)
        return True
    saved = await IvrCall.raw(
        _SAVE_STEP,
        *values,
        row["row_version"],
        key,
        token or None,
        row["call_sid"],
        twiml,
        now,
    )
    return bool(saved[0]["moved"])


def _engine(effects: DbEffects) -> Engine:
    return Engine(load_flows(), voice(), effects)


async def answer_voice(req: Request, *, config: IvrConfig | None = None) -> str:
    """POST /ivr/voice: the TwiML for this step of the call."""
    config = config or get_config()
    sid = req.call_sid
    down = req.query.get("mode") == "down"
    # The apology's <Record> is outside the numbered steps: keyed by its recording.
    key = f"{sid}:down:{req.form.get('RecordingSid', '')}" if down else f"{sid}:{req.step}"
    now = clock.now()

    def new_call() -> dict[str, Any]:
        # Only for the call's first request: parsing the number costs more than a step's query.
        caller = to_e164(req.form.get("From", "")) or ""
        return {
            "caller": caller,
            "locale": get_settings().default_locale,
            "state": load_flows().start,
            "vars": {"caller_id": "yes" if caller else "no"},
            "started_at": now,
            "updated_at": now,
        }

    if not down and req.step > 0 and not is_sqlite():
        twiml = await _optimistic_step(req, key, config, now)
        if twiml is not None:
            return twiml
    async with transaction():
        row, fresh = await open_call(sid, new_call, first=req.step == 0 and not down)
        # After the lock: a copy of this request answered meanwhile is found here. A step beyond
        # the last one answered cannot have been stored (answer and `seq` are written together,
        # and a retry carries the URL, so the step number, of its original): no lookup needed.
        if not fresh and (down or req.step <= row["seq"]):
            stored = await stored_answer(key, req.token)
            if stored is not None:
                return stored
        if down:
            twiml = await _down_message(row, req, config, now)
        elif row["status"] == "done" and row["ticket"] is not None:
            # A spooled step replayed after the call was finished with its report (the message
            # left during the outage came in first): filing it again would make a duplicate.
            response = VoiceResponse()
            response.hangup()
            twiml = document(response)
        else:
            twiml, changes = await _step(row, req, config, now)
            if changes is not None:
                if not await save_step(row, changes, key, req.token, twiml, now):
                    # Nothing writes a locked call row within its step: this would be a bug.
                    raise RuntimeError(f"call {sid} changed under its lock")
                return twiml
        await store_answer(key, req.token, sid, twiml, now)
        return twiml


async def _optimistic_step(req: Request, key: str, config: IvrConfig, now: datetime) -> str | None:
    """Most steps of a call only move it through its flow: read the call, answer, save the new
    state if the row is still as it was read. Two round trips and no lock, against four (BEGIN,
    lock, save, COMMIT) on the locked path. None means "answer it on the locked path": a retry
    (the step was answered), a finished call, a step whose action writes (a report, a PIN check,
    the queue: ReadOnlyEffects stops it before it writes), or a row that changed meanwhile (a
    copy of this request, the status callback). That path then finds the stored answer or the
    new state, so the result is the same as if this had never been tried."""
    row = await _fetch_call(req.call_sid, lock=False)
    if row is None:
        return None
    if (
        req.step <= row["seq"]
        or row["status"] != "active"
        or row["line"] != "caller"
        or req.form.get("QueueResult")
    ):
        return None
    try:
        twiml, changes = await _step(row, req, config, now, read_only=True)
    except NeedsTransaction:
        return None
    assert changes is not None and changes.ticket is None  # an active call, no write ran
    return twiml if await save_step(row, changes, key, req.token, twiml, now) else None


async def _step(
    row: CallRow, req: Request, config: IvrConfig, now: datetime, *, read_only: bool = False
) -> tuple[str, StepChanges | None]:
    """The engine's answer, and the call row's changes still to be saved with it (None when
    they were saved here already). `read_only`: outside a transaction, where a step that would
    write raises NeedsTransaction instead."""
    call = Call(
        sid=row["call_sid"],
        state=row["state"],
        locale=row["locale"],
        vars=dict(row["vars"] or {}),
        failures=row["failures"],
        seq=req.step,
    )
    if req.step == 0:
        # The welcome says whose line this is (issue 17); cached, so no query on most calls.
        call.vars["operator"] = (await service_operator.current()).government
        # Whether the officers' conversations are recorded: the queue says so only then.
        if config.record_conversations:
            call.vars["recorded"] = "yes"
    tickets: list[int] = []
    effects = (ReadOnlyEffects if read_only else DbEffects)(
        config, caller=row["caller"], ticket_sink=tickets
    )
    # Step 0 is the call's first request: no action URL carries it, so it has no input.
    inp = None if req.step == 0 else input_of(req)
    if inp is not None and inp.queue_result:
        waited = int(req.form.get("QueueTime", "0") or 0)
        await record_result(call.sid, inp.queue_result, waited, now)
    reply = await _engine(effects).step(call, inp)
    changes = StepChanges(
        state=call.state,
        locale=call.locale,
        vars=call.vars,
        failures=call.failures,
        seq=max(req.step, row["seq"]),
        updated_at=now,
        ticket=tickets[-1] if tickets else None,
    )
    if row["status"] == "done" and row["ticket"] is None and inp is not None and inp.recording:
        # The status callback overtook the recording of a caller who hung up while recording
        # (Twilio sends both at once): finish the call again, now with what they said.
        await IvrCall.update(changes.columns()).where(IvrCall.id == row["id"])
        await finish_call({**row, "status": "ended", "vars": call.vars}, config, now)
        return reply.twiml, None
    return reply.twiml, changes


async def _down_message(row: CallRow, req: Request, config: IvrConfig, now: datetime) -> str:
    """The message a caller left while the database was away (the apology's <Record>): it joins
    what the call already holds and the call is finished as a report at once."""
    rec = input_of(req).recording
    locale = row["locale"] or req.query.get("l", "id")
    if rec and (rec.get("url") or rec.get("text")):
        if row["ticket"] is not None:
            # The report was filed before the database went away: the message adds to it.
            body = rec.get("text") or t("id", INFO_BY_PHONE, seconds=recording_seconds(rec))
            await add_information(row["ticket"], body, actor=PHONE)
            await attach_recordings(row["ticket"], [rec], now)
        else:
            # The SMS only if the caller consented earlier in the call: the apology, said
            # without the database, cannot ask (and promises no SMS).
            row["vars"] = {**(row["vars"] or {}), "down_message": dict(rec)}
            await IvrCall.update({IvrCall.vars: row["vars"]}).where(IvrCall.id == row["id"])
            await finish_call(row, config, now)
    response = VoiceResponse()
    add_prompt(response, voice(), "down_thanks", locale, {})
    response.hangup()
    return document(response)


async def answer_status(req: Request, *, config: IvrConfig | None = None) -> None:
    """POST /ivr/status: the call ended (or changed state). Finishes what the call left."""
    config = config or get_config()
    sid = req.call_sid
    status = req.form.get("CallStatus", "")
    key = f"{sid}:status:{status}"
    now = clock.now()
    async with transaction():
        row = await lock_call(sid)
        if not await store_answer(key, req.token, sid, "", now):
            return  # a retry of a callback already handled
        if row is None or status not in ENDED_STATUSES:
            return
        try:
            duration = int(req.form.get("CallDuration", "") or 0)
        except ValueError:
            duration = 0
        await end_queue_wait(sid, now, reason="status")
        if row["line"] == "agent" and row["agent"] is not None:
            # The officer's call on the agent line is over: signed out (once, whichever of the
            # goodbye and this callback comes first).
            await tell("AGENTLOGOFF", f"{sid}:AGENTLOGOFF", now, agent=row["agent"])
        ended = {
            IvrCall.duration_seconds: duration,
            IvrCall.call_status: status,
            IvrCall.ended_at: now,
            IvrCall.updated_at: now,
        }
        await finish_call(row, config, now, also=ended)


async def finish_call(
    row: CallRow, config: IvrConfig, now: datetime, *, also: Mapping[Any, Any] | None = None
) -> None:
    """The call is over: what the caller recorded but did not confirm becomes a report, flagged
    incomplete for the verifier; a call where nobody said or pressed anything is marked a likely
    prank. The PIN is removed from the call's state and from the stored answers. `also`: more
    columns of the call row to set in the same statement (the status callback's)."""
    also = also or {}
    if row["status"] == "done":
        if also:
            await IvrCall.update(dict(also)).where(IvrCall.id == row["id"])
        return
    v = dict(row["vars"] or {})
    changes: dict[Any, Any] = {**also, IvrCall.status: "done", IvrCall.updated_at: now}
    spoken = [v[k] for k in RECORDING_KEYS if v.get(k)]
    if row["ticket"] is None and row["line"] == "caller":
        said = spoken and any(recording_seconds(r) > 0 or r.get("text") for r in spoken)
        refused = said and await screen(row["caller"], config, now) is not Screening.OK
        if refused:
            # Screened when the flow began; a hang-up does not get round the blocklist.
            log.info("call %s ended: no report, the number may not report now", row["call_sid"])
        elif said:
            call = Call(sid=row["call_sid"], state="", locale=row["locale"], vars=v)
            created = await file_report(call, row["caller"], config, incomplete=True)
            changes[IvrCall.ticket] = created.ticket_id
            changes[IvrCall.likely_prank] = False
            log.info(
                "call %s ended before confirming: incomplete report %s",
                row["call_sid"],
                created.reference,
            )
        elif not v.get("_answers") and v.get("_failures"):
            changes[IvrCall.likely_prank] = True
    if pin := v.pop("pin", ""):
        # Only the answers that spoke the PIN (digit by digit, as prompts say it); the others
        # stay, so a late retry of any step still gets its own TwiML.
        await IvrStep.update({IvrStep.twiml: SCRUBBED}).where(
            (IvrStep.call_sid == row["call_sid"]) & IvrStep.twiml.like(f"%{spoken_digits(pin)}%")
        )
    changes[IvrCall.vars] = v
    await IvrCall.update(changes).where(IvrCall.id == row["id"])
    row["status"] = "done"
