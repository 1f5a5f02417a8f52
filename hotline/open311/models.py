"""The shapes of GeoReport v2 documents, as typed structs.

The JSON handlers return these, so `/schema/openapi.json` describes exactly what is sent; the XML
renderer walks the same structs (hotline.open311.xml), so both formats carry the same content.
Optional fields are sent as null (JSON) or an empty element (XML), as the spec's schemas allow.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import msgspec

ServiceType = Literal["realtime", "batch", "blackbox"]
Datatype = Literal["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]
RequestStatus = Literal["open", "closed"]
# The statuses of FixMyStreet's servicerequestupdates extension (mySociety's open311-adapter).
UpdateStatus = Literal[
    "open",
    "closed",
    "fixed",
    "in_progress",
    "action_scheduled",
    "investigating",
    "duplicate",
    "not_councils_responsibility",
    "no_further_action",
    "internal_referral",
]


class Endpoint(msgspec.Struct):
    specification: str
    url: str
    changeset: datetime
    type: Literal["production", "test"]
    formats: list[str]


class Discovery(msgspec.Struct):
    changeset: datetime
    contact: str
    key_service: str
    endpoints: list[Endpoint]


class Service(msgspec.Struct):
    service_code: str
    service_name: str
    description: str | None
    metadata: bool  # true: the service has attributes, see services/{service_code}
    type: ServiceType
    keywords: str | None  # comma separated
    group: str | None


class AttributeValue(msgspec.Struct):
    key: str
    name: str


class ServiceAttribute(msgspec.Struct):
    variable: bool
    code: str
    datatype: Datatype
    required: bool
    datatype_description: str | None
    order: int | None
    description: str | None
    values: list[AttributeValue]


class ServiceDefinition(msgspec.Struct):
    service_code: str
    attributes: list[ServiceAttribute]


class ServiceRequest(msgspec.Struct):
    service_request_id: str  # the reference number
    status: RequestStatus
    status_notes: str | None
    service_name: str | None
    service_code: str
    description: str | None  # only once verified and redacted
    agency_responsible: str | None
    service_notice: str | None
    requested_datetime: datetime
    updated_datetime: datetime | None
    expected_datetime: datetime | None  # the running resolution deadline
    address: str | None
    address_id: str | None  # the Kemendagri code of the area, when known
    zipcode: str | None
    lat: float | None
    long: float | None
    media_url: str | None


class ServiceRequestCreated(msgspec.Struct):
    service_request_id: str
    service_notice: str | None
    account_id: str | None


class RequestUpdate(msgspec.Struct):
    update_id: str
    service_request_id: str
    status: UpdateStatus
    updated_datetime: datetime
    description: str | None
    media_url: str | None


class Error(msgspec.Struct):
    code: int
    description: str


class NewServiceRequest(msgspec.Struct):
    """POST requests: the form fields. `attribute[CODE]` fields (`attribute[CODE][]` for a
    multivaluelist) answer the service definition's attributes."""

    api_key: str | None = None
    service_code: str | None = None
    lat: float | None = None
    long: float | None = None
    address_string: str | None = None
    # The Kemendagri code of the kecamatan or desa, e.g. 33.07.01.2001 (used for routing).
    address_id: str | None = None
    description: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    device_id: str | None = None
    account_id: str | None = None
    media_url: str | None = None
    # Not in GeoReport v2: the reporter's privacy level (publik, anonim or rahasia).
    privacy: str | None = None
    jurisdiction_id: str | None = None
