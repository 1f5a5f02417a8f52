"""The lifecycle in GeoReport words, the XML renderer, and the retry fingerprint."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest

from hotline.open311 import statuses, xml
from hotline.open311.intake import fingerprint
from hotline.open311.models import AttributeValue, Error, ServiceAttribute
from hotline.tickets.lifecycle import CLOSED_UNRESOLVED, OPEN, RESOLVED, Status


@pytest.mark.parametrize("status", list(Status))
def test_every_status_is_open_or_closed_as_the_lifecycle_says(status: Status) -> None:
    assert statuses.request_status(status) == ("open" if status in OPEN else "closed")
    assert status.value in statuses.statuses_for(statuses.request_status(status))
    # The finer update status never calls an open request fixed or closed.
    update = statuses.update_status(status)
    if status in OPEN:
        assert update not in ("fixed", "closed", "duplicate")
    assert (update == "fixed") == (status in RESOLVED)
    assert status not in CLOSED_UNRESOLVED or update != "fixed"


def test_rejections_say_why() -> None:
    assert statuses.update_status(Status.DITOLAK, "out_of_scope") == "not_councils_responsibility"
    assert statuses.update_status(Status.DITOLAK, "spam") == "closed"
    assert statuses.status_notes("en", Status.DITOLAK, "incomplete") == (
        "Rejected: Not enough information to act on"
    )
    assert statuses.status_notes("id", Status.SELESAI) == "Selesai"


def test_xml_lists_nulls_booleans_and_characters_xml_cannot_carry() -> None:
    attribute = ServiceAttribute(
        variable=True,
        code="a&b",
        datatype="singlevaluelist",
        required=False,
        datatype_description=None,
        order=1,
        description="<b>tebal</b>\x07",
        values=[AttributeValue("k", "K")],
    )
    root = ET.fromstring(xml.render("attributes", [attribute]))  # noqa: S314
    (element,) = root.findall("attribute")
    assert element.findtext("code") == "a&b"
    assert element.findtext("description") == "<b>tebal</b>"
    assert element.findtext("required") == "false"
    assert element.find("datatype_description").text is None  # type: ignore[union-attr]
    assert [v.findtext("key") for v in element.iter("value")] == ["k"]
    errors = ET.fromstring(xml.render("errors", [Error(404, "Tidak ada")]))  # noqa: S314
    assert [(e.findtext("code"), e.findtext("description")) for e in errors] == [
        ("404", "Tidak ada")
    ]


def test_xml_instants_are_the_json_instants() -> None:
    document = {"at": datetime(2026, 11, 24, 10, 0, tzinfo=UTC)}
    assert b"<at>2026-11-24T10:00:00Z</at>" in xml.render("discovery", document)


def test_the_fingerprint_ignores_order_and_the_key() -> None:
    a = fingerprint({"api_key": "one", "b": "2", "a": ["1", "3"]})
    assert a == fingerprint({"a": ["1", "3"], "b": "2", "api_key": "two"})
    assert a != fingerprint({"a": ["3", "1"], "b": "2"})
