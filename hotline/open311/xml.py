"""GeoReport v2 XML from the same structs the JSON is made of (pure).

Built with ElementTree, never by string concatenation, so every document is well formed. Lists
become a wrapper element holding one element per item, named as in the spec's examples
(`<services><service>…`, `<attributes><attribute>…`); null is an empty element.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import msgspec

# The element of each item of a list, by the list's element name.
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "service_request_updates": "request_update",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}

# XML 1.0 cannot carry these control characters at all, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render(root: str, document: Any) -> bytes:
    """`document` is a struct, a list of structs, or their builtins (dicts, lists, scalars)."""
    element = ET.Element(root)
    _fill(element, msgspec.to_builtins(document))
    return bytes(ET.tostring(element, encoding="utf-8", xml_declaration=True))


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, list):
        tag = ITEM_TAGS[element.tag]
        for item in value:
            _fill(ET.SubElement(element, tag), item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), item)
    elif value is None:
        return
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = _NOT_XML.sub("", str(value))
