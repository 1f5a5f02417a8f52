"""Kinds of history events and who may see them."""

from __future__ import annotations

from enum import StrEnum

from hotline.i18n import N_


class EventKind(StrEnum):
    CREATED = "created"
    STATUS_CHANGED = "status_changed"
    PUBLIC_REPLY = "public_reply"
    INTERNAL_NOTE = "internal_note"
    INFO_ADDED = "info_added"
    EDITED = "edited"
    ASSIGNED = "assigned"
    IDENTITY_VIEWED = "identity_viewed"
    SLA_WARNING = "sla_warning"
    SLA_ESCALATION = "sla_escalation"
    RATED = "rated"
    PIN_LOCKED = "pin_locked"
    # UU 27/2022 PDP: a verifier erased the reporter's identity on request (the reason is the
    # body); the retention period ended and the worker erased the report's personal data.
    IDENTITY_ERASED = "identity_erased"
    RETENTION_ERASED = "retention_erased"
    PIN_RESET = "pin_reset"  # a new PIN sent to the contact on file, at the reporter's request
    UPDATE_PUBLISHED = "update_published"  # a text of the history published after redaction
    MESSAGE_RETRIED = "message_retried"  # staff sent a dead or stuck outbox message again


# The `reason` of a dispatch made by a confident routing rule, not by a person. The actor of its
# event is the system; its data names the rule (`rule`: the id, `rule_note`: the admin's note).
# Before issue 15 such events were recorded with the filer as actor: the reason still tells.
ROUTING_RULE = "routing_rule"


class ActorType(StrEnum):
    SYSTEM = "system"
    REPORTER = "reporter"
    STAFF = "staff"
    WORKER = "worker"


EVENT_LABELS: dict[EventKind, str] = {
    EventKind.CREATED: N_("Report received"),
    EventKind.STATUS_CHANGED: N_("Status changed"),
    EventKind.PUBLIC_REPLY: N_("Answer from the agency"),
    EventKind.INTERNAL_NOTE: N_("Internal note"),
    EventKind.INFO_ADDED: N_("Information added by the reporter"),
    EventKind.EDITED: N_("Report corrected"),
    EventKind.ASSIGNED: N_("Officer assigned"),
    EventKind.IDENTITY_VIEWED: N_("Reporter identity viewed"),
    EventKind.SLA_WARNING: N_("Deadline approaching"),
    EventKind.SLA_ESCALATION: N_("Deadline missed: escalated"),
    EventKind.RATED: N_("Rated by the reporter"),
    EventKind.PIN_LOCKED: N_("Tracking locked after wrong PINs"),
    EventKind.IDENTITY_ERASED: N_("Reporter identity erased on request"),
    EventKind.RETENTION_ERASED: N_("Personal data erased at the end of the retention period"),
    EventKind.UPDATE_PUBLISHED: N_("Update published"),
    EventKind.PIN_RESET: N_("New PIN sent to the reporter's contact"),
    EventKind.MESSAGE_RETRIED: N_("Undelivered message sent again"),
}
