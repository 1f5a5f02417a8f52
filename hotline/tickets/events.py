"""Kinds of history events and who may see them."""

from __future__ import annotations

from hotline.choices import Choice
from hotline.i18n import N_


class EventKind(Choice):
    CREATED = "created", N_("Report received")
    STATUS_CHANGED = "status_changed", N_("Status changed")
    PUBLIC_REPLY = "public_reply", N_("Answer from the agency")
    INTERNAL_NOTE = "internal_note", N_("Internal note")
    INFO_ADDED = "info_added", N_("Information added by the reporter")
    EDITED = "edited", N_("Report corrected")
    ASSIGNED = "assigned", N_("Officer assigned")
    IDENTITY_VIEWED = "identity_viewed", N_("Reporter identity viewed")
    SLA_WARNING = "sla_warning", N_("Deadline approaching")
    SLA_ESCALATION = "sla_escalation", N_("Deadline missed: escalated")
    RATED = "rated", N_("Rated by the reporter")
    PIN_LOCKED = "pin_locked", N_("Tracking locked after wrong PINs")
    # UU 27/2022 PDP: a verifier erased the reporter's identity on request (the reason is the
    # body); the retention period ended and the worker erased the report's personal data.
    IDENTITY_ERASED = "identity_erased", N_("Reporter identity erased on request")
    RETENTION_ERASED = (
        "retention_erased",
        N_("Personal data erased at the end of the retention period"),
    )
    # A new PIN sent to the contact on file, at the reporter's request.
    PIN_RESET = "pin_reset", N_("New PIN sent to the reporter's contact")
    # A text of the history published after redaction.
    UPDATE_PUBLISHED = "update_published", N_("Update published")
    # Staff sent a dead or stuck outbox message again.
    MESSAGE_RETRIED = "message_retried", N_("Undelivered message sent again")


# The `reason` of a dispatch made by a confident routing rule, not by a person. The actor of its
# event is the system; its data names the rule (`rule`: the id, `rule_note`: the admin's note).
# Before issue 15 such events were recorded with the filer as actor: the reason still tells.
ROUTING_RULE = "routing_rule"


class ActorType(Choice):
    """Who acted: named for staff (`label`) and, in the reporter's own download of what is held
    about them (hotline/privacy/export.py), as the reporter would say it (`reporter_label`)."""

    reporter_label: str

    SYSTEM = "system", N_("System"), N_("the system")
    REPORTER = "reporter", N_("Reporter"), N_("you")
    STAFF = "staff", N_("Staff"), N_("hotline or agency staff")
    WORKER = "worker", N_("Deadline monitor"), N_("the system")

    def __init__(self, value: str, label: str = "", reporter_label: str = "") -> None:
        self.reporter_label = reporter_label
