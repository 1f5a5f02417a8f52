"""Reading the chat flows (ivr_flows/chat/*.yaml) and validating them against the catalogs, as
the phone line's loader does (the same catalog reader): the webhook and `hotline chat check` use
the same validation, so a flow that fails the check never answers a citizen."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from hotline.ivr.loader import catalog_msgids
from hotline.messaging.config import get_config
from hotline.messaging.flow import ChatFlows, FlowError, Problem, parse_file, validate
from hotline.settings import PROJECT_ROOT


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def load_dir(directory: Path) -> ChatFlows:
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise FlowError([Problem(_display(directory), 0, "no chat flow files (*.yaml) here")])
    parsed, problems = [], []
    for path in files:
        name, start, states, found = parse_file(_display(path), path.read_text(encoding="utf-8"))
        problems += found
        parsed.append((_display(path), name, start, states))
    if problems:
        raise FlowError(problems)
    return validate(parsed, catalog_msgids())


@lru_cache(maxsize=1)
def load_flows() -> ChatFlows:
    return load_dir(get_config().flows_dir)
