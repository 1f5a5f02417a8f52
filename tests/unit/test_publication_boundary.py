"""The public routes read reports only through the publication gate (DESIGN: "Publication is
one gate"). Every module that serves a public route, and every module of its own area that it
imports, is read as source: none may name the reporter table, the history's texts, or a
ticket's free-text or exact-place columns. A public route added later is checked without
editing this test; the behavioural check is tests/integration/privacy/test_public_routes.py."""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Iterator

from litestar.routes import HTTPRoute

from hotline.app import create_app

# /lacak is the reporter's own page, behind the reference and the PIN.
PRIVATE = ("/konsol", "/ivr", "/lacak")
FORBIDDEN_NAMES = {"Reporter", "reporter_timeline", "reporter_identity"}
FORBIDDEN_ATTRIBUTES = {
    "TicketEvent": {"body"},
    "Ticket": {
        "title",
        "description",
        "location_text",
        "public_description",
        "latitude",
        "longitude",
        "rating_comment",
        "reporter",
    },
}


def _public_modules() -> set[str]:
    found = set()
    for route in create_app().routes:
        if isinstance(route, HTTPRoute) and not route.path.startswith(PRIVATE):
            for handler in route.route_handlers:
                if "GET" in handler.http_methods:
                    found.add(handler.fn.__module__)
    return {m for m in found if m.startswith("hotline.")}


def _area(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _own_area_imports(module: str) -> Iterator[str]:
    tree = ast.parse(inspect.getsource(importlib.import_module(module)))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("hotline."):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                try:
                    importlib.import_module(candidate)
                    name = candidate
                except ImportError:
                    name = node.module
                if _area(name) == _area(module):
                    yield name


def _closure() -> set[str]:
    seen: set[str] = set()
    todo = list(_public_modules())
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        todo.extend(_own_area_imports(module))
    return seen


def _violations(module: str) -> list[str]:
    tree = ast.parse(inspect.getsource(importlib.import_module(module)))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in FORBIDDEN_NAMES:
            found.append(f"{module}:{node.lineno} {node.id}")
        if isinstance(node, ast.alias) and node.name.split(".")[-1] in FORBIDDEN_NAMES:
            found.append(f"{module} imports {node.name}")
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.attr in FORBIDDEN_ATTRIBUTES.get(node.value.id, set())
        ):
            found.append(f"{module}:{node.lineno} {node.value.id}.{node.attr}")
    return found


def test_public_routes_read_no_text_identity_or_exact_place() -> None:
    modules = _closure()
    # The scan reaches the modules that matter (so an empty closure cannot pass).
    assert {
        "hotline.open311.published",
        "hotline.citizen.laporan",
        "hotline.transparency.opendata",
        "hotline.web.home",
    } <= modules
    assert [v for m in sorted(modules) for v in _violations(m)] == []


def test_the_scan_sees_a_forbidden_read() -> None:
    # The console reads these (duplicate suggestions compare texts): the scan must say so.
    assert _violations("hotline.konsol.casework")
