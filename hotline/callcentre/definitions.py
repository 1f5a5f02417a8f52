"""The call centre's measures, defined once (docs/CALLCENTRE.md, and the methods page
/konsol/pusat-panggilan/metode shows these same texts and numbers). Pure: no I/O.

Choices made, and why:
- **Offered**: a caller put in the officer queue (ENTERQUEUE), once per call however often the
  caller goes back into the queue. Out of service hours nobody is queued, so nobody is offered.
- **Short abandon**: a caller who hangs up within SHORT_ABANDON_SECONDS of entering the queue
  (a wrong key, a change of mind): no officer could have answered them. They stay in
  "offered" and "abandoned" (the counts add up) but are left out of the service level and the
  abandon rate, as most contact centres (and Asterisk's queue reports) do.
- **Service level**: answered within `sla.phone.ANSWER_TARGET_SECONDS` ÷ (offered − short abandons).
  A caller taken out at the wait limit (EXITWITHTIMEOUT) counts against it; a caller still
  waiting counts once their wait ends (so today's figure is not pulled down by a caller who
  has waited three seconds).
- **ASA** (average speed of answer): the mean wait of the answered calls.
- **AHT** (average handling time): (talk + hold + wrap-up) ÷ answered calls handled. Wrap-up
  is the officer's time after the conversation until they are ready again (or change state).
- **Occupancy**: the officer's handling time (talk + hold + wrap-up) ÷ the time they were
  signed in and available to calls (handling + ready); breaks and "not ready" are left out.
"""

from __future__ import annotations

from enum import StrEnum

from hotline.choices import N_, Choice

SHORT_ABANDON_SECONDS = 5
INTERVAL_MINUTES = (15, 30, 60)
# The buckets of the abandon curve: waits in seconds [from, to); the last one is open-ended.
ABANDON_BUCKETS = (0, 5, 10, 20, 30, 60, 90, 120, 180, 300)


class Kind(StrEnum):
    """The events of the log, named as in Asterisk's queue_log."""

    ENTERQUEUE = "ENTERQUEUE"  # a caller entered the queue (position)
    CONNECT = "CONNECT"  # an officer answered (agent, wait)
    ABANDON = "ABANDON"  # the caller hung up while waiting (wait)
    EXITWITHTIMEOUT = "EXITWITHTIMEOUT"  # taken out at the wait limit, offered a message (wait)
    COMPLETECALLER = "COMPLETECALLER"  # the caller ended the conversation (hold, talk)
    COMPLETEAGENT = "COMPLETEAGENT"  # the officer ended it (hold, talk)
    TRANSFER = "TRANSFER"  # the officer passed the call on (talk so far)
    RINGNOANSWER = "RINGNOANSWER"  # offered to an officer who did not take it
    AGENTLOGIN = "AGENTLOGIN"  # signed in to the line: ready
    AGENTLOGOFF = "AGENTLOGOFF"  # signed out
    READY = "READY"  # ready for the next caller (Asterisk's UNPAUSE)
    PAUSE = "PAUSE"  # not ready, with a reason; reason "break" is a break
    WRAPUP = "WRAPUP"  # after a conversation, finishing its work


CALL_KINDS = frozenset(
    {
        Kind.ENTERQUEUE,
        Kind.CONNECT,
        Kind.ABANDON,
        Kind.EXITWITHTIMEOUT,
        Kind.COMPLETECALLER,
        Kind.COMPLETEAGENT,
        Kind.TRANSFER,
        Kind.RINGNOANSWER,
    }
)


class State(Choice):
    """An officer's state, as the reports count time in it."""

    SIGNED_OUT = "signed_out", N_("Signed out")
    READY = "ready", N_("Ready")
    TALK = "talk", N_("On a call")
    WRAPUP = "wrapup", N_("Wrap-up")
    NOT_READY = "not_ready", N_("Not ready")
    BREAK = "break", N_("Break")


class Reason(Choice):
    """Why an officer is not ready (chosen on the console's form)."""

    BREAK = "break", N_("Break")
    ADMIN = "admin", N_("Paperwork")
    TRAINING = "training", N_("Training or briefing")
    OTHER = "other", N_("Other")


class Outcome(Choice):
    """How a caller's time in the queue ended."""

    WAITING = "waiting", N_("Still waiting")
    ANSWERED = "answered", N_("Picked up")
    ABANDONED = "abandoned", N_("Abandoned")
    TIMED_OUT = "timed_out", N_("Taken out at the wait limit")


def ratio(part: float, whole: float) -> float | None:
    """part ÷ whole, or None when there is nothing to divide (shown as "–", never 0 %)."""
    return part / whole if whole else None


def service_level(answered_in_time: int, offered: int, short_abandons: int) -> float | None:
    return ratio(answered_in_time, offered - short_abandons)


def abandon_rate(abandoned: int, offered: int, short_abandons: int) -> float | None:
    return ratio(abandoned - short_abandons, offered - short_abandons)


def occupancy(handling_seconds: float, ready_seconds: float) -> float | None:
    return ratio(handling_seconds, handling_seconds + ready_seconds)


METHODS = (
    (N_("Offered"), N_("Callers put in the officer queue, once per call.")),
    (
        N_("Short abandon"),
        N_(
            "A caller who hung up within {short} seconds of entering the queue. Counted as "
            "offered and abandoned, but left out of the service level and the abandon rate."
        ),
    ),
    (
        N_("Service level"),
        N_(
            "Calls answered within {target} seconds, divided by the calls offered minus the "
            "short abandons. Callers taken out at the wait limit count against it; callers "
            "still waiting count once their wait ends."
        ),
    ),
    (
        N_("Abandon rate"),
        N_("Abandoned calls minus short abandons, divided by offered calls minus short abandons."),
    ),
    (N_("ASA"), N_("Average speed of answer: the mean wait of the answered calls.")),
    (
        N_("AHT"),
        N_(
            "Average handling time: talk + hold + wrap-up, divided by the calls answered. "
            "Wrap-up runs from the end of the conversation until the officer is ready again "
            "or changes state."
        ),
    ),
    (
        N_("Occupancy"),
        N_(
            "An officer's handling time divided by the time they were available to callers "
            "(handling plus ready). Breaks and not ready are left out."
        ),
    ),
)


# Staffing against the roster (staffing.py); shown in their own section of the methods page.
STAFFING_METHODS = (
    (
        N_("Forecast arrivals"),
        N_(
            "The calls expected in an interval of a day: the mean of the calls offered in the "
            "same interval on the same weekday over the {weeks} weeks before it (only days "
            "that are over; a week without calls counts as none, a week before the log "
            "began is left out)."
        ),
    ),
    (
        N_("Handling time for the forecast"),
        N_(
            "The AHT of the calls answered on those same days; {fallback} seconds when none "
            "was answered."
        ),
    ),
    (
        N_("Required officers"),
        N_(
            "The fewest officers who answer {goal} percent of the forecast calls within {target} "
            "seconds, by Erlang C, keeping officers busy at most {occupancy} percent of the time."
        ),
    ),
    (
        N_("Rostered, actually available"),
        N_(
            "Officer time in the interval divided by its length, from the roster's shifts and "
            "from the log (ready, on a call or wrap-up): an officer there for half the "
            "interval counts one half."
        ),
    ),
    (N_("Gap"), N_("Rostered minus required; below zero the interval is short of officers.")),
    (
        N_("Adherence"),
        N_(
            "Time ready, on a call or in wrap-up during an officer's rostered time, divided by "
            "the rostered time that is over; per officer and per day."
        ),
    ),
)
