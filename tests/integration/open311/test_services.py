"""Discovery, services and service definitions over HTTP: the shared JSON Schemas, XML equal to
the JSON, Indonesian by default and English on request, errors as the spec's error list."""

from __future__ import annotations

import httpx

from tests.integration.open311.conftest import World
from tests.support.open311 import assert_same, validate


async def test_discovery_names_this_endpoint_in_both_formats(api: httpx.AsyncClient) -> None:
    document = (await api.get("/discovery.json")).json()
    (endpoint,) = document["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert set(endpoint["formats"]) == {"application/json", "text/xml"}
    xml = await api.get("/discovery.xml")
    assert xml.headers["content-type"].startswith("text/xml")
    assert_same(document, xml.content, "discovery")


async def test_services_are_the_active_categories(api: httpx.AsyncClient, world: World) -> None:
    services = (await api.get("/services.json")).json()
    validate(services, "services.json")
    by_code = {s["service_code"]: s for s in services}
    assert set(by_code) == {"JALAN-RUSAK", "PJU-MATI"}  # the inactive category is not offered
    road = by_code["JALAN-RUSAK"]
    assert road["service_name"] == "Jalan rusak atau berlubang"
    assert road["group"] == "Infrastruktur"
    assert road["keywords"] == "jalan, aspal, lubang"
    assert road["type"] == "realtime"
    assert road["metadata"] is True
    assert by_code["PJU-MATI"]["metadata"] is False
    assert_same(services, (await api.get("/services.xml")).content, "services")


async def test_services_in_english_on_request(api: httpx.AsyncClient, world: World) -> None:
    by_param = (await api.get("/services.json", params={"locale": "en"})).json()
    by_header = (await api.get("/services.json", headers={"Accept-Language": "en-US"})).json()
    for services in (by_param, by_header):
        road = next(s for s in services if s["service_code"] == "JALAN-RUSAK")
        assert road["service_name"] == "Damaged road or pothole"
        assert road["group"] == "Infrastructure"


async def test_service_definition_lists_the_attributes_in_order(
    api: httpx.AsyncClient, world: World
) -> None:
    definition = (await api.get("/services/JALAN-RUSAK.json")).json()
    validate(definition, "service-definition.json")
    assert definition["service_code"] == "JALAN-RUSAK"
    codes = [a["code"] for a in definition["attributes"]]
    assert codes == ["ukuran_lubang", "jenis_jalan", "bahaya", "lebar_m"]
    size = definition["attributes"][0]
    assert size["required"] is True and size["variable"] is True
    assert size["datatype"] == "singlevaluelist"
    assert [v["key"] for v in size["values"]] == ["kecil", "besar"]
    xml = await api.get("/services/JALAN-RUSAK.xml")
    assert xml.headers["content-type"].startswith("text/xml")
    assert_same(definition, xml.content, "service_definition")
    empty = (await api.get("/services/PJU-MATI.json")).json()
    validate(empty, "service-definition.json")
    assert empty["attributes"] == []


async def test_unknown_service_is_a_404_error_list(api: httpx.AsyncClient, world: World) -> None:
    response = await api.get("/services/LAMA.json")
    assert response.status_code == 404
    assert response.json() == [{"code": 404, "description": "Tidak ada layanan dengan kode ini."}]
    english = await api.get("/services/NOPE.xml", params={"locale": "en"})
    assert english.status_code == 404
    assert_same(
        [{"code": 404, "description": "There is no service with this code."}],
        english.content,
        "errors",
    )
    no_format = await api.get("/services/JALAN-RUSAK")
    assert no_format.status_code == 404
    assert no_format.json()[0]["code"] == 404


async def test_unknown_paths_answer_in_the_spec_error_list(api: httpx.AsyncClient) -> None:
    for path in ("/tokens/1.json", "/v3/requests.json"):
        response = await api.get(path, params={"locale": "en"})
        assert response.status_code == 404
        assert response.json() == [{"code": 404, "description": "Not found."}]
    xml = await api.post("/bulk.xml")
    assert xml.status_code == 404
    assert_same([{"code": 404, "description": "Tidak ditemukan."}], xml.content, "errors")
