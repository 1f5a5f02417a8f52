"""Helpers for testing an Open311 GeoReport v2 server: the GeoReport v2 JSON Schemas (a copy kept
in tests/data/open311-schema, see its README), and reading its XML back into the shape of its JSON
so the two formats can be compared.

Written from the spec, independently of hotline.open311's own renderer: a bug there cannot hide
in a helper that shares its code.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

# Inside the repository, so that a fresh clone runs the tests with nothing beside it.
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "data" / "open311-schema"
SCHEMAS = (
    "service.json",
    "services.json",
    "service-definition.json",
    "request.json",
    "requests.json",
)

# GeoReport v2 XML wraps every list in an element named after it.
LIST_ELEMENTS = frozenset(
    {
        "services",
        "service_requests",
        "service_request_updates",
        "attributes",
        "values",
        "endpoints",
        "formats",
        "errors",
    }
)


@cache
def _registry() -> Registry:
    resources = [
        (name, Resource.from_contents(json.loads((SCHEMA_DIR / name).read_text()), DRAFT7))
        for name in SCHEMAS
    ]
    return Registry().with_resources(resources)


def validate(document: Any, schema: str) -> None:
    """Raise jsonschema.ValidationError unless `document` matches the GeoReport v2 `schema`."""
    Draft7Validator({"$ref": schema}, registry=_registry()).validate(document)


def assert_datetimes(request: dict[str, Any]) -> None:
    """The schemas say format date-time; check it for real (with a UTC offset)."""
    for name in ("requested_datetime", "updated_datetime", "expected_datetime"):
        value = request.get(name)
        if value is not None:
            assert datetime.fromisoformat(value).utcoffset() is not None, (name, value)


def xml_data(text: str | bytes) -> Any:
    """An XML document as the JSON it should equal (lists by LIST_ELEMENTS; leaves as text)."""
    root = ET.fromstring(text)  # noqa: S314 (our own server's output)
    return _element(root)


def _element(element: ET.Element) -> Any:
    children = list(element)
    if element.tag in LIST_ELEMENTS:
        return [_element(child) for child in children]
    if children:
        return {child.tag: _element(child) for child in children}
    return element.text


def as_xml_text(value: Any) -> Any:
    """A JSON value as XML would carry it: scalars as text, null as an empty element."""
    if isinstance(value, list):
        return [as_xml_text(item) for item in value]
    if isinstance(value, dict):
        return {key: as_xml_text(item) for key, item in value.items()}
    if value is None or value == "":
        return None  # XML cannot tell an empty string from nothing
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def assert_same(json_document: Any, xml_text: str | bytes, root: str) -> None:
    """The XML is well formed, has the expected root, and carries exactly the JSON's content."""
    assert ET.fromstring(xml_text).tag == root  # noqa: S314
    assert xml_data(xml_text) == as_xml_text(json_document)
