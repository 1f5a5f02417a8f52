"""Reading the flows (ivr_flows/*.yaml) and the catalogs they need, then validating them.

`load_flows()` is what the webhooks and `hotline ivr check` use: the same validation, so a flow
that fails the check never goes live (the server refuses to answer calls with it).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from babel.messages.pofile import read_po

from hotline.i18n import LOCALES_DIR, SUPPORTED, domains
from hotline.ivr.config import get_config
from hotline.ivr.flow import FlowError, FlowSet, Problem, parse_file, validate
from hotline.settings import PROJECT_ROOT

S = TypeVar("S")  # a flow's state: the phone line's or the chat's


def catalog_msgids() -> dict[str, set[str]]:
    """locale -> the msgids it can say. Indonesian must translate; English may fall back to the
    msgid (it is English), so being in the catalog is enough."""
    known: dict[str, set[str]] = {}
    for locale in SUPPORTED:
        ids: set[str] = set()
        for domain in domains():
            po = LOCALES_DIR / locale / "LC_MESSAGES" / f"{domain}.po"
            if not po.exists():
                continue
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=locale)
            for message in catalog:
                if not message.id or message.fuzzy:
                    continue
                if locale != "en" and not message.string:
                    continue
                ids.add(str(message.id))
        known[locale] = ids
    return known


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def parse_dir(
    directory: Path, parse: Callable[[str, str], tuple[str, str, list[S], list[Problem]]], what: str
) -> list[tuple[str, str, str, list[S]]]:
    """Every `*.yaml` of `directory` read by `parse` (a flow file's text -> its name, start,
    states and problems): (file, name, start, states) per file, or FlowError with every problem
    of every file. The phone line's flows and the chat flows are read by this one function."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise FlowError([Problem(_display(directory), 0, f"no {what} files (*.yaml) here")])
    parsed = []
    problems: list[Problem] = []
    for path in files:
        name, start, states, found = parse(_display(path), path.read_text(encoding="utf-8"))
        problems += found
        parsed.append((_display(path), name, start, states))
    if problems:
        raise FlowError(problems)
    return parsed


def load_dir(directory: Path) -> FlowSet:
    return validate(parse_dir(directory, parse_file, "flow"), catalog_msgids())


@lru_cache(maxsize=1)
def load_flows() -> FlowSet:
    return load_dir(get_config().flows_dir)
