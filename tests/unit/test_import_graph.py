"""The import graph between areas points one way (docs/DECISIONS.md, "Layers").

Built from the source with `ast`, every import counted (inside functions and TYPE_CHECKING blocks
too: a lazy import is still a dependency). An area is a package or module directly under
`hotline/`. The test fails on any cycle between areas, naming it with the imports that make it,
on an import that points up the layers below, and on an area the layers do not place yet.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import hotline

ROOT = Path(hotline.__file__).parent

# Bottom to top: an area may import the areas of the layers below its own, never above, and
# within its layer none (so siblings stay independent).
LAYERS: tuple[tuple[str, ...], ...] = (
    # labelled enums and N_, for every layer above (pure SLA arithmetic included); phone numbers
    ("choices", "phones"),
    # environment; SLA arithmetic, pure; the one list of areas (dotted paths, imports none)
    ("settings", "sla", "areas"),
    ("clock", "i18n"),
    ("errors", "db", "limiter"),  # the limiter: one rate limiter on the framework's stores
    ("directory", "notify"),  # regions, agencies, calendars, categories, rules; the outbox
    ("accounts", "publication"),  # staff; the public projection
    ("tickets",),  # the ticket core
    ("web",),  # shared pages, error rendering, templating, stores
    ("satisfaction",),  # the satisfaction survey and index (IKM): the phone line asks it too
    ("ivr",),  # the phone line
    ("privacy",),  # the reporter's rights: retention, erasure, export (calls included)
    ("citizen", "open311", "konsol", "transparency"),  # the areas people use
    ("callcentre", "messaging"),  # the call centre (reads the IVR's); WhatsApp and SMS
    ("worker",),  # the sweep, delivery, the areas' rounds
    ("demo",),
    ("app", "cli"),  # entry points
)
LAYER = {area: i for i, layer in enumerate(LAYERS) for area in layer}

Edges = dict[str, dict[str, list[str]]]  # area -> imported area -> where ("path:line")


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(node: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            package = module.split(".") if is_package else module.split(".")[:-1]
            anchor = package[: len(package) - node.level + 1]
            base = ".".join([*anchor, base] if base else anchor)
        yield base
        yield from (f"{base}.{alias.name}" for alias in node.names)


def _area(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "hotline" else None


def import_graph(root: Path = ROOT) -> Edges:
    edges: Edges = defaultdict(lambda: defaultdict(list))
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        source = _area(module)
        if source is None:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for target in {_area(m) for m in _imported(node, module, path.name == "__init__.py")}:
                if target is not None and target != source:
                    where = f"{path.relative_to(root.parent)}:{getattr(node, 'lineno', 0)}"
                    if where not in edges[source][target]:
                        edges[source][target].append(where)
    return edges


def cycles(edges: Edges) -> list[list[str]]:
    """The shortest cycle through each area that is in one, each cycle once, as a path that ends
    where it starts (areas that import each other found as Tarjan's strongly connected
    components, then searched breadth first inside each)."""
    found: dict[frozenset[tuple[str, str]], list[str]] = {}
    for group in _groups(edges):
        for start in group:
            cycle = _shortest_cycle(start, group, edges)
            found.setdefault(frozenset(pairwise(cycle)), cycle)
    return list(found.values())


def _groups(edges: Edges) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(area: str) -> None:
        index[area] = low[area] = len(index)
        stack.append(area)
        for target in sorted(edges.get(area, {})):
            if target not in index:
                visit(target)
                low[area] = min(low[area], low[target])
            elif target in stack:
                low[area] = min(low[area], index[target])
        if low[area] == index[area]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == area:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for area in sorted(edges):
        if area not in index:
            visit(area)
    return groups


def _shortest_cycle(start: str, group: list[str], edges: Edges) -> list[str]:
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for area in frontier:
            for target in sorted(edges.get(area, {})):
                if target == start:
                    return [*paths[area], start]
                if target in group and target not in paths:
                    paths[target] = [*paths[area], target]
                    following.append(target)
        frontier = following
    raise AssertionError(f"{start} is in no cycle of {group}")


def describe(cycle: list[str], edges: Edges) -> str:
    steps = [f"{a} -> {b} ({edges[a][b][0]})" for a, b in pairwise(cycle)]
    return "cycle: " + ", ".join(steps)


def test_no_cycle_between_areas() -> None:
    edges = import_graph()
    found = [describe(cycle, edges) for cycle in cycles(edges)]
    assert not found, "\n".join(found)


def test_imports_point_down_the_layers() -> None:
    edges = import_graph()
    upward = [
        f"{source} -> {target} ({', '.join(where)})"
        for source, targets in sorted(edges.items())
        for target, where in sorted(targets.items())
        if LAYER[target] >= LAYER[source]
    ]
    assert not upward, "imports at or above their own layer:\n" + "\n".join(upward)


def test_every_area_has_a_layer() -> None:
    areas = {
        path.stem
        for path in ROOT.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").exists()
    }
    assert areas == set(LAYER), "place each area in LAYERS (and docs/DECISIONS.md)"


def test_a_cycle_is_named_with_the_imports_that_make_it(tmp_path: Path) -> None:
    package = tmp_path / "hotline"
    for name, text in {
        "__init__.py": "",
        "tickets/__init__.py": "",
        "tickets/service.py": "from hotline.notify import outbox\n",
        "notify/__init__.py": "",
        "notify/outbox.py": "import hotline.directory.tables\n",
        "directory/__init__.py": "",
        "directory/tables.py": "def later():\n    from hotline.tickets.service import x\n",
        "sla/__init__.py": "from . import calendar\n",
        "sla/calendar.py": "from ..tickets import service\n",
        "notify/texts.py": "from hotline.tickets import lifecycle\n",
    }.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text)
    edges = import_graph(package)
    assert {a: set(t) for a, t in edges.items()} == {
        "tickets": {"notify"},
        "notify": {"directory", "tickets"},
        "directory": {"tickets"},
        "sla": {"tickets"},
    }
    assert [describe(cycle, edges) for cycle in cycles(edges)] == [
        "cycle: directory -> tickets (hotline/directory/tables.py:2),"
        " tickets -> notify (hotline/tickets/service.py:1),"
        " notify -> directory (hotline/notify/outbox.py:1)",
        "cycle: notify -> tickets (hotline/notify/texts.py:1),"
        " tickets -> notify (hotline/tickets/service.py:1)",
    ]
