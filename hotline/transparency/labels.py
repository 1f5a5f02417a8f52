"""Names people read for the keys in the figures (agency codes, channels, clock kinds, ...)."""

from __future__ import annotations

from typing import Any

from hotline.i18n import N_, t
from hotline.tickets.channels import CHANNEL_LABELS, Channel
from hotline.tickets.lifecycle import REJECT_REASON_LABELS, STATUS_LABELS, RejectReason, Status
from hotline.transparency.facts import CLOSED_BEFORE_DISPATCH, NOT_DISPATCHED, UNKNOWN

CLOCK_LABELS = {
    "verification": N_("Verification (central unit)"),
    "first_response": N_("First response (agency)"),
    "resolution": N_("Resolution (until the answer)"),
    "all": N_("All deadlines"),
}

DIMENSION_LABELS = {
    "agency": N_("Agency"),
    "category": N_("Category"),
    "kecamatan": N_("Kecamatan"),
    "channel": N_("Channel"),
}


# The rows that are not an agency, a category or a place (facts.py), so every table adds up.
NOT_AN_AGENCY_LABELS = {
    NOT_DISPATCHED: N_("Not yet dispatched (with the central unit)"),
    CLOSED_BEFORE_DISPATCH: N_("Closed before dispatch"),
}
UNKNOWN_LABELS = {
    "agency": N_("No agency"),
    "category": N_("No category yet"),
    "kecamatan": N_("No kecamatan given"),
    "channel": N_("Unknown channel"),
}


def name(figures: dict[str, Any], dimension: str, key: str, locale: str) -> str:
    """The name of `key` in `dimension`, from the labels frozen with the figures."""
    if dimension == "agency" and key in NOT_AN_AGENCY_LABELS:
        return t(locale, NOT_AN_AGENCY_LABELS[key])
    if key == UNKNOWN and dimension in UNKNOWN_LABELS:
        return t(locale, UNKNOWN_LABELS[dimension])
    labels = figures.get("labels", {})
    if dimension == "agency":
        return str(labels.get("agency", {}).get(key, key))
    if dimension == "category":
        names = labels.get("category", {}).get(key)
        return str(names.get(locale) or names.get("id") or key) if names else key
    if dimension == "kecamatan":
        return str(labels.get("kecamatan", {}).get(key, key))
    if dimension == "channel" and key in Channel._value2member_map_:
        return t(locale, CHANNEL_LABELS[Channel(key)])
    return key


def reject_reason(key: str, locale: str) -> str:
    if key in RejectReason._value2member_map_:
        return t(locale, REJECT_REASON_LABELS[RejectReason(key)])
    return key


def status(key: str, locale: str) -> str:
    if key in Status._value2member_map_:
        return t(locale, STATUS_LABELS[Status(key)])
    return key


def clock(kind: str, locale: str) -> str:
    return t(locale, CLOCK_LABELS.get(kind, kind))
