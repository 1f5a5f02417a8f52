"""What `/schema/openapi.json` says about the Open311 endpoints beyond the handlers' types.

Each format has its own path where the spec gives one (`services.json`, `services.xml`); where
the format is the end of a path parameter (`services/{service_code}`, `requests/{id}`) the one
handler answers both, and its operation says so. Errors are the spec's error list, not
Litestar's default problem document, so their responses are declared here.
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, OpenAPIType, Operation, Schema

from hotline.open311.models import Error

XML_MEDIA_TYPE = "text/xml"
_XML_SCHEMA = Schema(
    type=OpenAPIType.STRING,
    description="The same document in GeoReport v2 XML (lists as <services><service>…).",
)

_ERROR_DESCRIPTIONS = {
    400: "A parameter is missing or wrong; each error names it.",
    403: "api_key is missing, unknown or revoked.",
    404: "No such service, request or path.",
    413: "The request body is larger than allowed.",
    429: "The client's quota for this minute is spent; see Retry-After.",
}


def errors(*codes: int, xml: bool = False) -> dict[int, ResponseSpec]:
    """The spec's error list for each status code, in JSON or XML."""
    return {
        code: ResponseSpec(
            data_container=str if xml else list[Error],
            media_type=XML_MEDIA_TYPE if xml else "application/json",
            description=_ERROR_DESCRIPTIONS[code],
            generate_examples=False,
        )
        for code in codes
    }


@dataclass
class JsonOrXml(Operation):
    """An operation whose format is chosen by the path's extension: every JSON response of it
    may also be XML."""

    def __post_init__(self) -> None:
        for response in (self.responses or {}).values():
            content = response.content if isinstance(response, OpenAPIResponse) else None
            if content and any("json" in media for media in content):
                content[XML_MEDIA_TYPE] = OpenAPIMediaType(schema=_XML_SCHEMA)


_ATTRIBUTE_ANSWERS = Schema(
    type=OpenAPIType.OBJECT,
    description="Answers to the service definition: attribute[CODE]=value, and "
    "attribute[CODE][]=key once per choice of a multivaluelist.",
    pattern_properties={
        r"^attribute\[[^\[\]]+\](\[\])?$": Schema(
            one_of=[
                Schema(type=OpenAPIType.STRING),
                Schema(type=OpenAPIType.ARRAY, items=Schema(type=OpenAPIType.STRING)),
            ]
        )
    },
)


@dataclass
class FilingOperation(Operation):
    """POST requests: the form's named fields, plus the `attribute[CODE]` answers whose names
    depend on the service (a typed struct cannot name them)."""

    def __post_init__(self) -> None:
        body = self.request_body
        content = getattr(body, "content", None) or {}
        for media in content.values():
            if media.schema is not None:
                media.schema = Schema(all_of=[media.schema, _ATTRIBUTE_ANSWERS])
