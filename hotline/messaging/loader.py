"""Reading the chat flows (ivr_flows/chat/*.yaml) and validating them against the catalogs, as
the phone line's loader does (the same catalog reader): the webhook and `hotline chat check` use
the same validation, so a flow that fails the check never answers a citizen."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from hotline.ivr.loader import catalog_msgids, parse_dir
from hotline.messaging.config import get_config
from hotline.messaging.flow import ChatFlows, parse_file, validate


def load_dir(directory: Path) -> ChatFlows:
    return validate(parse_dir(directory, parse_file, "chat flow"), catalog_msgids())


@lru_cache(maxsize=1)
def load_flows() -> ChatFlows:
    return load_dir(get_config().flows_dir)
