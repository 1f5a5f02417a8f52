"""`/schema/openapi.json` tells the truth about the Open311 API: every route is documented, every
documented path answers, and real answers (successes and errors) match the documented schemas."""

from __future__ import annotations

import re
from typing import Any

import httpx
from jsonschema import Draft202012Validator

from hotline.open311.routes import router
from tests.integration.open311.conftest import World
from tests.integration.open311.test_post import form
from tests.support.factories import file_report

PREFIX = "/open311/v2"


def _check(document: dict[str, Any], path: str, method: str, response: httpx.Response) -> None:
    """The answer's status is documented, with this media type and a schema the body matches."""
    documented = document["paths"][path][method]["responses"]
    assert str(response.status_code) in documented, (path, method, response.status_code)
    content = documented[str(response.status_code)]["content"]
    media = response.headers["content-type"].split(";")[0]
    assert media in content, (path, media, list(content))
    if media == "application/json":
        schema = {**content[media]["schema"], "components": document["components"]}
        Draft202012Validator(schema).validate(response.json())


def _check_form_is_documented(document: dict[str, Any], path: str, fields: dict[str, str]) -> None:
    """Every field a client sends is a documented property or matches a documented pattern."""
    body = document["paths"][path]["post"]["requestBody"]["content"]
    (named, answers) = body["application/x-www-form-urlencoded"]["schema"]["allOf"]
    properties = document["components"]["schemas"][named["$ref"].rsplit("/", 1)[1]]["properties"]
    patterns = [re.compile(p) for p in answers["patternProperties"]]
    for name in [*fields, "attribute[bahaya][]"]:
        assert name in properties or any(p.search(name) for p in patterns), name


def test_every_route_is_documented(server: str) -> None:
    document = httpx.get(server.removesuffix(PREFIX) + "/schema/openapi.json").json()
    documented = {
        (path, method.upper())
        for path, item in document["paths"].items()
        if path.startswith(PREFIX)
        for method in item
        if method in ("get", "post")
    }
    routed = {
        (route.path.replace(":str", ""), method)
        for route in router.routes
        for method in route.methods
        if method in ("GET", "POST") and ":path" not in route.path  # the catch-all 404
    }
    assert documented == routed


async def test_documented_paths_answer_as_documented(
    server: str, api: httpx.AsyncClient, world: World
) -> None:
    document = (await api.get(server.removesuffix(PREFIX) + "/schema/openapi.json")).json()
    report = await file_report()
    values = {"{service_code}": "JALAN-RUSAK", "{service_request_id}": report.reference}
    unknown = {"{service_code}": "TIDAK-ADA", "{service_request_id}": "2600000000"}
    paths = [p for p in document["paths"] if p.startswith(PREFIX)]
    assert len(paths) == 10
    for path in paths:
        for method in document["paths"][path]:
            url = path.removeprefix(PREFIX)
            for name, value in values.items():
                url = url.replace(name, value + ".json")
            if method == "post":
                _check_form_is_documented(document, path, form(world))
                response = await api.post(url, data=form(world))
                assert response.status_code == 201
                _check(document, path, method, response)
                refused = await api.post(url, data=form(world, api_key=""))
                assert refused.status_code == 403
                _check(document, path, method, refused)
                continue
            response = await api.get(url)
            assert response.status_code == 200, (url, response.text)
            _check(document, path, method, response)
            if "{" in path:
                as_xml = await api.get(url.replace(".json", ".xml"))
                _check(document, path, method, as_xml)
                name = next(n for n in unknown if n in path)
                missing = await api.get(
                    path.removeprefix(PREFIX).replace(name, unknown[name] + ".json")
                )
                assert missing.status_code == 404
                _check(document, path, method, missing)
    bad = await api.get("/requests.json", params={"status": "baru"})
    _check(document, f"{PREFIX}/requests.json", "get", bad)
