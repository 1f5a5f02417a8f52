"""Names people read for the keys in the figures (agency codes, channels, clock kinds, ...)."""

from __future__ import annotations

from typing import Any

from hotline.choices import Choice
from hotline.i18n import N_, t
from hotline.satisfaction.elements import Element
from hotline.satisfaction.index import Band
from hotline.satisfaction.monthly import NO_AGENCY
from hotline.sla.policy import ClockKind
from hotline.tickets.channels import Channel
from hotline.tickets.lifecycle import RejectReason, Status
from hotline.transparency.facts import CLOSED_BEFORE_DISPATCH, NOT_DISPATCHED, UNKNOWN

# The row of the clock tables that counts every clock together; each clock's own heading is its
# `ClockKind.public_label`.
ALL_CLOCKS = "all"
ALL_CLOCKS_LABEL = N_("All deadlines")


class Dimension(Choice):
    """A way the figures are broken down: its heading, and the row of what has none."""

    unknown_label: str

    AGENCY = "agency", N_("Agency"), N_("No agency")
    CATEGORY = "category", N_("Category"), N_("No category yet")
    KECAMATAN = "kecamatan", N_("Kecamatan"), N_("No kecamatan given")
    CHANNEL = "channel", N_("Channel"), N_("Unknown channel")

    def __init__(self, value: str, label: str = "", unknown_label: str = "") -> None:
        self.unknown_label = unknown_label


# The rows that are not an agency, a category or a place (facts.py), so every table adds up.
NOT_AN_AGENCY_LABELS = {
    NOT_DISPATCHED: N_("Not yet dispatched (with the central unit)"),
    CLOSED_BEFORE_DISPATCH: N_("Closed before dispatch"),
    NO_AGENCY: N_("Resolved without an agency (central unit)"),  # the satisfaction index's row
}


def name(figures: dict[str, Any], dimension: str, key: str, locale: str) -> str:
    """The name of `key` in `dimension`, from the labels frozen with the figures."""
    if dimension == "agency" and key in NOT_AN_AGENCY_LABELS:
        return t(locale, NOT_AN_AGENCY_LABELS[key])
    if key == UNKNOWN and dimension in Dimension._value2member_map_:
        return t(locale, Dimension(dimension).unknown_label)
    labels = figures.get("labels", {})
    if dimension == "agency":
        return str(labels.get("agency", {}).get(key, key))
    if dimension == "category":
        names = labels.get("category", {}).get(key)
        return str(names.get(locale) or names.get("id") or key) if names else key
    if dimension == "kecamatan":
        return str(labels.get("kecamatan", {}).get(key, key))
    if dimension == "channel" and key in Channel._value2member_map_:
        return t(locale, Channel(key).label)
    # The satisfaction index (IKM): its elements (unsur) and the words of its bands.
    if dimension == "ikm_element" and key in Element._value2member_map_:
        return t(locale, Element(key).label)
    if dimension == "ikm_band" and key in Band._value2member_map_:
        return t(locale, Band(key).performance)
    return key


def reject_reason(key: str, locale: str) -> str:
    if key in RejectReason._value2member_map_:
        return t(locale, RejectReason(key).label)
    return key


def status(key: str, locale: str) -> str:
    if key in Status._value2member_map_:
        return t(locale, Status(key).label)
    return key


def clock(kind: str, locale: str) -> str:
    if kind == ALL_CLOCKS:
        return t(locale, ALL_CLOCKS_LABEL)
    if kind in ClockKind._value2member_map_:
        return t(locale, ClockKind(kind).public_label or kind)
    return t(locale, kind)
