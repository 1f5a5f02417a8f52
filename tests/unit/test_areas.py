"""The one list of areas (hotline/areas.py): every hook resolves, nothing an area holds is left
unregistered, and Piccolo's apps keep their order (the migrations depend on it)."""

from __future__ import annotations

import pytest

from hotline.areas import AREAS, HOTLINE, Area, areas, resolve
from hotline.cli import build_parser
from hotline.db.piccolo_conf import APP_REGISTRY


def test_piccolo_apps_keep_their_order() -> None:
    # An app's tables point at the tables of the apps above it; reordering breaks a fresh
    # migration (tests/integration/test_cli.py runs one).
    assert APP_REGISTRY.apps == [
        "hotline.directory.piccolo_app",
        "hotline.accounts.piccolo_app",
        "hotline.tickets.piccolo_app",
        "hotline.publication.piccolo_app",
        "hotline.notify.piccolo_app",
        "hotline.ivr.piccolo_app",
        "hotline.citizen.piccolo_app",
        "hotline.open311.piccolo_app",
        "hotline.konsol.piccolo_app",
        "hotline.transparency.piccolo_app",
        "hotline.callcentre.piccolo_app",
        "hotline.satisfaction.piccolo_app",
        "hotline.messaging.piccolo_app",
    ]


@pytest.mark.parametrize("area", areas(), ids=lambda a: a.name)
def test_every_hook_resolves(area: Area) -> None:
    if area.piccolo_app:
        assert resolve(area.piccolo_app).APP_CONFIG.app_name == area.name
    if area.routes:
        assert resolve(area.routes)
    if area.commands:
        assert callable(resolve(area.commands))
    if area.jobs:
        jobs = resolve(area.jobs)
        assert callable(jobs.run_round) and callable(jobs.add_handlers)
    if area.templates_dir:
        assert any(area.templates_dir.glob("*.html"))
    if area.listeners:
        assert all(callable(fn) for fn in resolve(area.listeners).values())


def _has(name: str, hook: str) -> bool:
    return (HOTLINE / name / hook).exists()


@pytest.mark.parametrize("name", AREAS)
def test_an_area_registers_what_it_holds(name: str) -> None:
    """A new routes.py, cli.py, jobs.py, piccolo_app.py or templates/ that the registration does
    not name would silently do nothing."""
    area = next(a for a in areas() if a.name == name)
    assert bool(area.piccolo_app) == _has(name, "piccolo_app.py")
    assert bool(area.routes) == _has(name, "routes.py")
    assert bool(area.commands) == _has(name, "cli.py")
    assert bool(area.jobs) == _has(name, "jobs.py")
    assert area.templates == _has(name, "templates")


def test_every_package_with_hooks_is_an_area() -> None:
    hooks = ("piccolo_app.py", "routes.py", "cli.py", "jobs.py", "area.py")
    with_hooks = {
        path.name
        for path in HOTLINE.iterdir()
        if path.is_dir() and any((path / hook).exists() for hook in hooks)
    }
    assert with_hooks == set(AREAS)


def test_the_areas_commands_are_on_the_hotline_command() -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert commands is not None
    assert set(commands) == {
        *("serve", "worker", "db", "demo"),
        *("routing", "regions", "user", "apikey", "ivr", "report", "privacy", "chat"),
    }
