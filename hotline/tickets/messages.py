"""The words of every message about a report: to the reporter per action, to staff per SLA
milestone, per locale (pure: no I/O). The outbox (hotline/notify) carries them, whatever they say.

SMS bodies stay short (one or two segments) and avoid characters outside GSM-7 where possible.
"""

from __future__ import annotations

from dataclasses import dataclass

from hotline.i18n import N_, t
from hotline.notify.outbox import About
from hotline.tickets.lifecycle import Action


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


RECEIVED_WITH_PIN = N_(
    "Hotline: your report was received. Reference {reference}, PIN {pin}. "
    "Keep the PIN to follow your report at {url}/lacak or by calling the hotline."
)
RECEIVED = N_(
    "Hotline: your report was received. Reference {reference}. "
    "Follow it at {url}/lacak with the PIN you were given."
)
RECEIVED_SUBJECT = N_("Report {reference} received")
NEW_PIN = N_(
    "Hotline: the new PIN of report {reference} is {pin}. The old PIN no longer works. "
    "If you did not ask for it, you can ignore this message."
)
NEW_PIN_SUBJECT = N_("Report {reference}: your new PIN")

_ACTION_TEXT: dict[Action, str] = {
    Action.VERIFY: N_(
        "Hotline: report {reference} was checked and will be passed to the agency responsible."
    ),
    Action.ACCEPT: N_("Hotline: {agency} is now handling report {reference}."),
    Action.NOT_OUR_MANDATE: N_(
        "Hotline: report {reference} is being passed to the agency responsible for it."
    ),
    Action.REQUEST_INFO: N_(
        "Hotline: report {reference} needs more information from you. "
        "Please add it at {url}/lacak or call the hotline."
    ),
    Action.REJECT: N_("Hotline: report {reference} could not be processed: {reason}."),
    Action.MERGE: N_(
        "Hotline: report {reference} concerns the same problem as report {other} "
        "and is handled there."
    ),
    Action.DISPATCH: N_("Hotline: report {reference} was passed to {agency} for handling."),
    Action.TRANSFER: N_("Hotline: report {reference} was passed to {agency} for handling."),
    Action.ANSWER: N_(
        "Hotline: {agency} answered report {reference}. Read the answer, confirm or "
        "dispute it at {url}/lacak."
    ),
    Action.AUTO_CLOSE: N_(
        "Hotline: report {reference} is closed as resolved. Thank you for reporting."
    ),
    Action.DISPUTE: N_("Hotline: report {reference} is open again and back with {agency}."),
    Action.ARCHIVE: N_(
        "Hotline: report {reference} was archived because the information asked for did not arrive."
    ),
}
_ACTION_SUBJECT = N_("Report {reference}: {status}")
# A rejection with the verifier's explanation to the reporter, which the label alone lacks.
REJECTED_EXPLAINED = N_(
    "Hotline: report {reference} could not be processed: {reason}. {explanation}"
)
# An SMS of more than a few parts costs the reporter's patience and the hotline's budget.
MAX_EXPLANATION = 320

SLA_WARNING = N_(
    "Hotline: report {reference} reaches its {clock} deadline on {due}. Please act on it."
)
SLA_ESCALATION = N_(
    "Hotline ESCALATION (level {level}): report {reference} missed its {clock} deadline of {due}."
)
SLA_SUBJECT = N_("Report {reference}: {clock} deadline")

CLOCK_NAMES = {
    "verification": N_("verification"),
    "first_response": N_("first response"),
    "resolution": N_("resolution"),
    "auto_close": N_("automatic closing"),
}


def new_pin(locale: str, *, reference: str, pin: str) -> Text:
    return Text(
        t(locale, NEW_PIN_SUBJECT, reference=reference),
        t(locale, NEW_PIN, reference=reference, pin=pin),
    )


def received(locale: str, *, reference: str, pin: str | None, url: str) -> Text:
    body = (
        t(locale, RECEIVED_WITH_PIN, reference=reference, pin=pin, url=url)
        if pin
        else t(locale, RECEIVED, reference=reference, url=url)
    )
    return Text(t(locale, RECEIVED_SUBJECT, reference=reference), body)


def for_action(locale: str, action: Action, *, status_label: str, **params: str) -> Text | None:
    msgid = _ACTION_TEXT.get(action)
    if msgid is None:
        return None
    explanation = " ".join(params.pop("explanation", "").split())
    if action is Action.REJECT and explanation:
        msgid = REJECTED_EXPLAINED
        if len(explanation) > MAX_EXPLANATION:
            explanation = explanation[: MAX_EXPLANATION - 3].rstrip() + "..."
        params["explanation"] = explanation
    body = t(locale, msgid, **params)
    subject = t(locale, _ACTION_SUBJECT, reference=params["reference"], status=status_label)
    return Text(subject, body)


# Who writes when the report is still with the central unit.
CENTRAL_UNIT_NAME = N_("The hotline unit")
PUBLIC_REPLY = N_(
    "Hotline: {agency} wrote to you about report {reference}. Read it at {url}/lacak."
)
PUBLIC_REPLY_SUBJECT = N_("Report {reference}: a message from {agency}")


def public_reply(locale: str, *, reference: str, agency: str, url: str) -> Text:
    """An agency's public reply: the reporter reads it on /lacak (an SMS stays short)."""
    return Text(
        t(locale, PUBLIC_REPLY_SUBJECT, reference=reference, agency=agency),
        t(locale, PUBLIC_REPLY, reference=reference, agency=agency, url=url),
    )


def sla_notice(locale: str, *, level: int, reference: str, clock: str, due: str) -> Text:
    clock_name = t(locale, CLOCK_NAMES.get(clock, clock))
    subject = t(locale, SLA_SUBJECT, reference=reference, clock=clock_name)
    if level == 0:
        return Text(subject, t(locale, SLA_WARNING, reference=reference, clock=clock_name, due=due))
    return Text(
        subject,
        t(locale, SLA_ESCALATION, level=level, reference=reference, clock=clock_name, due=due),
    )


def sms_with_contact(body: str, contact: str) -> str:
    """An SMS ending with who sent it and the number to call ("Pemerintah Kabupaten Wonosobo,
    hotline (0286) 321000"); unchanged when no operator is configured (`contact` empty)."""
    return f"{body} {contact}" if contact else body


def email_with_letterhead(body: str, letterhead: list[str]) -> str:
    """An e-mail ending with the operator's signature block (name, unit, address, numbers,
    hours), after the conventional "-- " separator mail clients recognise."""
    return body + "\n\n-- \n" + "\n".join(letterhead) if letterhead else body


def about(ticket_id: int) -> About:
    """How the outbox names the report a message is about."""
    return About("ticket", ticket_id)


def ticket_about(target: About | None) -> int | None:
    """The report a message is about, if it is about one (the reverse of `about`)."""
    return target.id if target is not None and target.type == "ticket" else None
