"""The areas of Hotline, listed once, and what each plugs in (docs/DECISIONS.md, "Areas").

Each area describes itself in `hotline/<area>/area.py` with one `AREA = Area(...)`: its Piccolo
app, its routes, its `hotline` subcommands, its part in the worker's rounds and its templates.
`AREAS` below is the one list of them, in Piccolo's order (an app's tables may point at the
tables of the apps above it). The app factory, the CLI, the worker, the templating and the
Piccolo configuration all read it; none of them names an area.

Everything is a dotted path, resolved only when it is used (as Piccolo's own APP_REGISTRY and
uvicorn's "module:attribute" are): the Piccolo configuration, at the bottom of the layers, can
read the list without importing a single route, and `hotline db migrate` never loads the web app.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

HOTLINE = Path(__file__).parent

# Piccolo's order: directory and accounts first, the ticket core, then the areas built on it.
AREAS: tuple[str, ...] = (
    "directory",
    "accounts",
    "tickets",
    "publication",
    "notify",
    "ivr",
    "citizen",
    "open311",
    "konsol",
    "transparency",
    "privacy",
    "callcentre",
    "satisfaction",
    "messaging",
)


@dataclass(frozen=True)
class Area:
    """One area's hooks; each is optional, and a dotted path ("module" or "module:attribute").

    - `piccolo_app`: the module holding its `APP_CONFIG` (its tables and migrations);
    - `routes`: a list of route handlers or routers, mounted by `create_app()`;
    - `commands`: `register(sub)`, which adds its subcommands to the `hotline` command;
    - `jobs`: a module with `run_round(settings)` (run by every worker round) and
      `add_handlers(handlers, settings)` (the outbox channels it delivers itself);
    - `templates`: whether `<area>/templates/` holds its templates, named `"<area>/…"`;
    - `listeners`: a mapping of topic → async function, called by an area lower in the layers
      through `listeners(topic)` (inside its own transaction) to tell one above it what happened
      without importing it (the IVR's queue tells the call centre's event log), or to ask it
      (transparency asks the call centre for a month's phone figures: the question carries a
      slot the listener fills).
    """

    name: str
    piccolo_app: str | None = None
    routes: str | None = None
    commands: str | None = None
    jobs: str | None = None
    templates: bool = False
    listeners: str | None = None

    @property
    def templates_dir(self) -> Path | None:
        return HOTLINE / self.name / "templates" if self.templates else None


def resolve(path: str) -> Any:
    """The object a dotted path names: "hotline.ivr.jobs" or "hotline.ivr.routes:ROUTES"."""
    module, _, attribute = path.partition(":")
    found = importlib.import_module(module)
    return getattr(found, attribute) if attribute else found


@cache
def areas() -> tuple[Area, ...]:
    """Every area's registration, in the order of AREAS."""
    found = []
    for name in AREAS:
        area = resolve(f"hotline.{name}.area:AREA")
        if not isinstance(area, Area) or area.name != name:
            raise TypeError(f"hotline/{name}/area.py must define AREA = Area(name={name!r}, ...)")
        found.append(area)
    return tuple(found)


Listener = Callable[[Any], Awaitable[None]]


@cache
def listeners(topic: str) -> tuple[Listener, ...]:
    """The functions the areas registered for `topic`, in the order of AREAS."""
    return tuple(
        fn
        for area in areas()
        if area.listeners
        for name, fn in resolve(area.listeners).items()
        if name == topic
    )
