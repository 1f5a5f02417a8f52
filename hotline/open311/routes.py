"""The Open311 GeoReport v2 endpoints at /open311/v2/ (JSON and XML), with FixMyStreet's
servicerequestupdates extension. Handlers are thin: read the parameters, count the client's
quota, ask the service modules, render in the format of the path."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from litestar import Request, Response, Router, get, post, route
from litestar.enums import RequestEncodingType
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body, HeaderParameter, Parameter

from hotline import clock
from hotline.accounts.service import find_api_key
from hotline.directory import operator
from hotline.i18n import N_, t
from hotline.limiter import Count
from hotline.open311 import catalog, config, filters, intake, published, ratelimit, xml
from hotline.open311.docs import FilingOperation, JsonOrXml, errors
from hotline.open311.errors import XML_MEDIA_TYPE, Open311Error, api_locale, render_failure
from hotline.open311.models import (
    Discovery,
    Endpoint,
    NewServiceRequest,
    RequestUpdate,
    Service,
    ServiceDefinition,
    ServiceRequest,
    ServiceRequestCreated,
)
from hotline.settings import get_settings
from hotline.web.errors import renders

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this API last changed in a way a client would notice (discovery's changeset).
CHANGESET = datetime(2026, 11, 24, tzinfo=UTC)

Locale = Annotated[
    str | None,
    Parameter(description="id (default) or en: the language of names, notes and error texts."),
]
OptionalKey = Annotated[
    str | None,
    Parameter(description="An API key: reads count against its quota instead of the address's."),
]
StartDate = Annotated[
    str | None,
    Parameter(description="ISO 8601; without an offset, WIB. Default: 90 days before end_date."),
]
EndDate = Annotated[
    str | None,
    Parameter(description="ISO 8601; at most 90 days after start_date. Default: now."),
]


async def _client(
    request: Request, api_key: str | None, *, required: bool
) -> tuple[dict[str, Any] | None, Count]:
    """The API key's row (403 when required and missing, or given and unknown) and the quota
    after counting this call: the key's own, or the client address's without a key."""
    if api_key:
        row = await find_api_key(api_key.strip())
        if row is None:
            raise Open311Error.of(403, N_("This api_key is not valid."))
        # The key's hash is random and unique: a bucket name no other client can share.
        bucket = row["key_hash"][:24]
        return row, await ratelimit.take(bucket, row["requests_per_minute"])
    if required:
        raise Open311Error.of(403, N_("An api_key is required to file a request."))
    address = request.client.host if request.client else "unknown"
    limit = config.get().anonymous_per_minute
    return None, await ratelimit.take(f"ip:{address}", limit)


async def _quota(request: Request, api_key: str | None) -> Count:
    """Reads: a key is optional."""
    return (await _client(request, api_key, required=False))[1]


def _xml(root: str, document: Any, quota: Count, status: int = 200) -> Response[bytes]:
    return Response(
        xml.render(root, document),
        media_type=XML_MEDIA_TYPE,
        status_code=status,
        headers=quota.headers(),
    )


def _split_format(value: str) -> tuple[str, str]:
    """ "JALAN-RUSAK.json" -> ("JALAN-RUSAK", "json"); no known extension is a 404."""
    stem, dot, extension = value.rpartition(".")
    if not dot or extension not in ("json", "xml") or not stem:
        raise Open311Error.of(404, N_("Ask for .json or .xml."))
    return stem, extension


def _contact(locale: str, found: operator.Operator, base: str) -> tuple[str, str]:
    """GeoReport v2's `contact` (who runs the service and how to reach them) and `key_service`
    (where an API key is asked for): the operator's when one is configured (issue 17)."""
    if not found.configured:
        return (
            t(locale, N_("Complaint hotline, {url}"), url=base),
            t(locale, N_("API keys are issued by the hotline's administrator on request.")),
        )
    reach = [found.address] if found.address else []
    if found.hotline_phone:
        reach.append(t(locale, N_("hotline {phone}"), phone=found.hotline_display))
    contact = ", ".join([f"{found.government} — {found.unit}", *reach, base])
    key_service = t(
        locale,
        N_("API keys are issued on request by {unit}, {government}{reach}."),
        unit=found.unit,
        government=found.government,
        reach=f" ({', '.join(reach)})" if reach else "",
    )
    return contact, key_service


def _discovery(locale: str, found: operator.Operator) -> Discovery:
    base = get_settings().public_url
    contact, key_service = _contact(locale, found, base)
    return Discovery(
        changeset=CHANGESET,
        contact=contact,
        key_service=key_service,
        endpoints=[
            Endpoint(
                specification=SPECIFICATION,
                url=f"{base}/open311/v2",
                changeset=CHANGESET,
                type="production",
                formats=["application/json", "text/xml"],
            )
        ],
    )


# --- discovery -----------------------------------------------------------------------------


@get("/discovery.json", summary="Discovery (JSON)", responses=errors(429))
async def discovery_json(
    request: Request, locale: Locale = None, api_key: OptionalKey = None
) -> Response[Discovery]:
    quota = await _quota(request, api_key)
    found = await operator.current()
    return Response(_discovery(api_locale(request), found), headers=quota.headers())


@get(
    "/discovery.xml",
    summary="Discovery (XML)",
    media_type=XML_MEDIA_TYPE,
    responses=errors(429, xml=True),
)
async def discovery_xml(
    request: Request, locale: Locale = None, api_key: OptionalKey = None
) -> Response[bytes]:
    quota = await _quota(request, api_key)
    return _xml("discovery", _discovery(api_locale(request), await operator.current()), quota)


# --- services ------------------------------------------------------------------------------


@get("/services.json", summary="Services (JSON)", responses=errors(429))
async def services_json(
    request: Request, locale: Locale = None, api_key: OptionalKey = None
) -> Response[list[Service]]:
    quota = await _quota(request, api_key)
    return Response(await catalog.services(api_locale(request)), headers=quota.headers())


@get(
    "/services.xml",
    summary="Services (XML)",
    media_type=XML_MEDIA_TYPE,
    responses=errors(429, xml=True),
)
async def services_xml(
    request: Request, locale: Locale = None, api_key: OptionalKey = None
) -> Response[bytes]:
    quota = await _quota(request, api_key)
    return _xml("services", await catalog.services(api_locale(request)), quota)


@get(
    "/services/{service_code:str}",
    summary="Service definition (.json or .xml)",
    operation_class=JsonOrXml,
    responses=errors(404, 429),
)
async def service_definition(
    request: Request,
    service_code: Annotated[
        str, Parameter(description="The service code and the format, e.g. JALAN-RUSAK.json")
    ],
    locale: Locale = None,
    api_key: OptionalKey = None,
) -> Response[ServiceDefinition]:
    code, extension = _split_format(service_code)
    quota = await _quota(request, api_key)
    definition = await catalog.service_definition(code)
    if extension == "xml":
        return _xml("service_definition", definition, quota)  # type: ignore[return-value]
    return Response(definition, headers=quota.headers())


# --- requests ------------------------------------------------------------------------------


async def _query(
    request: Request,
    api_key: str | None,
    service_request_id: str | None,
    service_code: str | None,
    start_date: str | None,
    end_date: str | None,
    status: str | None,
) -> tuple[list[ServiceRequest], Count]:
    quota = await _quota(request, api_key)
    limit = config.get().max_results
    query = filters.request_query(
        service_request_id=service_request_id,
        service_code=service_code,
        start_date=start_date,
        end_date=end_date,
        status=status,
        now=clock.now(),
        limit=limit,
    )
    return await published.requests(query, api_locale(request), limit=limit), quota


ServiceRequestIds = Annotated[
    str | None,
    Parameter(
        description="Reference numbers, comma separated; when given, the other filters are ignored."
    ),
]
ServiceCodes = Annotated[str | None, Parameter(description="Service codes, comma separated.")]
Statuses = Annotated[str | None, Parameter(description="open, closed, or open,closed.")]


@get("/requests.json", summary="Service requests (JSON)", responses=errors(400, 403, 429))
async def requests_json(
    request: Request,
    service_request_id: ServiceRequestIds = None,
    service_code: ServiceCodes = None,
    start_date: StartDate = None,
    end_date: EndDate = None,
    status: Statuses = None,
    locale: Locale = None,
    api_key: OptionalKey = None,
) -> Response[list[ServiceRequest]]:
    found, quota = await _query(
        request, api_key, service_request_id, service_code, start_date, end_date, status
    )
    return Response(found, headers=quota.headers())


@get(
    "/requests.xml",
    summary="Service requests (XML)",
    media_type=XML_MEDIA_TYPE,
    responses=errors(400, 403, 429, xml=True),
)
async def requests_xml(
    request: Request,
    service_request_id: ServiceRequestIds = None,
    service_code: ServiceCodes = None,
    start_date: StartDate = None,
    end_date: EndDate = None,
    status: Statuses = None,
    locale: Locale = None,
    api_key: OptionalKey = None,
) -> Response[bytes]:
    found, quota = await _query(
        request, api_key, service_request_id, service_code, start_date, end_date, status
    )
    return _xml("service_requests", found, quota)


@get(
    "/requests/{service_request_id:str}",
    summary="One service request (.json or .xml)",
    operation_class=JsonOrXml,
    responses=errors(404, 429),
)
async def one_request(
    request: Request,
    service_request_id: Annotated[
        str, Parameter(description="The reference number and the format, e.g. 2612345678.json")
    ],
    locale: Locale = None,
    api_key: OptionalKey = None,
) -> Response[list[ServiceRequest]]:
    reference, extension = _split_format(service_request_id)
    quota = await _quota(request, api_key)
    found = [await published.request(reference, api_locale(request))]
    if extension == "xml":
        return _xml("service_requests", found, quota)  # type: ignore[return-value]
    return Response(found, headers=quota.headers())


NewRequestForm = Annotated[NewServiceRequest, Body(media_type=RequestEncodingType.URL_ENCODED)]
IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        description="Not in GeoReport v2: a retry with the same key (and the same content) "
        "answers 200 with the first request's number instead of filing it twice.",
    ),
]
_REPLAYED = {
    200: ResponseSpec(
        data_container=list[ServiceRequestCreated],
        description="A retry with an Idempotency-Key already used: the first request's number.",
        generate_examples=False,
    )
}


async def _create(
    request: Request, data: NewServiceRequest, idempotency_key: str | None
) -> tuple[intake.Submitted, Count]:
    api_key = data.api_key or request.query_params.get("api_key")
    key, quota = await _client(request, api_key, required=True)
    assert key is not None  # required: a missing or unknown key was refused
    fields = (await request.form()).dict()
    submitted = await intake.submit(
        data,
        {name: values if len(values) > 1 else values[0] for name, values in fields.items()},
        api_key_id=int(key["id"]),
        idempotency_key=idempotency_key,
        locale=api_locale(request),
    )
    return submitted, quota


@post(
    "/requests.json",
    summary="File a service request (JSON answer)",
    operation_class=FilingOperation,
    responses={**_REPLAYED, **errors(400, 403, 404, 413, 429)},
)
async def create_json(
    request: Request,
    data: NewRequestForm,
    idempotency_key: IdempotencyKey = None,
    locale: Locale = None,
) -> Response[list[ServiceRequestCreated]]:
    submitted, quota = await _create(request, data, idempotency_key)
    return Response(
        [submitted.answer],
        status_code=201 if submitted.created else 200,
        headers=quota.headers(),
    )


@post(
    "/requests.xml",
    summary="File a service request (XML answer)",
    operation_class=FilingOperation,
    media_type=XML_MEDIA_TYPE,
    responses={
        200: ResponseSpec(
            data_container=str,
            media_type=XML_MEDIA_TYPE,
            description="A retry with an Idempotency-Key already used: the first request's number.",
            generate_examples=False,
        ),
        **errors(400, 403, 404, 413, 429, xml=True),
    },
)
async def create_xml(
    request: Request,
    data: NewRequestForm,
    idempotency_key: IdempotencyKey = None,
    locale: Locale = None,
) -> Response[bytes]:
    submitted, quota = await _create(request, data, idempotency_key)
    return _xml("service_requests", [submitted.answer], quota, 201 if submitted.created else 200)


# --- servicerequestupdates (FixMyStreet) ---------------------------------------------------


async def _updates(
    request: Request, api_key: str | None, start_date: str | None, end_date: str | None
) -> tuple[list[RequestUpdate], Count]:
    quota = await _quota(request, api_key)
    window = filters.window(start_date, end_date, now=clock.now())
    found = await published.updates(window, api_locale(request), limit=config.get().max_results)
    return found, quota


@get(
    "/servicerequestupdates.json",
    summary="Status changes and public answers since a date (JSON)",
    responses=errors(400, 403, 429),
)
async def updates_json(
    request: Request,
    start_date: StartDate = None,
    end_date: EndDate = None,
    locale: Locale = None,
    api_key: OptionalKey = None,
) -> Response[list[RequestUpdate]]:
    found, quota = await _updates(request, api_key, start_date, end_date)
    return Response(found, headers=quota.headers())


@get(
    "/servicerequestupdates.xml",
    summary="Status changes and public answers since a date (XML)",
    media_type=XML_MEDIA_TYPE,
    responses=errors(400, 403, 429, xml=True),
)
async def updates_xml(
    request: Request,
    start_date: StartDate = None,
    end_date: EndDate = None,
    locale: Locale = None,
    api_key: OptionalKey = None,
) -> Response[bytes]:
    found, quota = await _updates(request, api_key, start_date, end_date)
    return _xml("service_request_updates", found, quota)


@route(
    "/{rest:path}",
    http_method=["GET", "POST", "PUT", "PATCH", "DELETE"],
    include_in_schema=False,
)
async def unknown_path(rest: str) -> None:
    """Anything else under /open311/v2 answers in the spec's error list, like the rest."""
    raise Open311Error.of(404, N_("Not found."))


router = Router(
    path="/open311/v2",
    route_handlers=[
        discovery_json,
        discovery_xml,
        services_json,
        services_xml,
        service_definition,
        requests_json,
        requests_xml,
        one_request,
        create_json,
        create_xml,
        updates_json,
        updates_xml,
        unknown_path,
    ],
    opt=renders(render_failure),
    request_max_body_size=config.get().max_body_bytes,
    tags=["Open311 GeoReport v2"],
)

ROUTES: list[Any] = [router]
