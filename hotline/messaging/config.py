"""The messaging area's settings (HOTLINE_MESSAGING_*), read from the environment and validated
at start, as the phone line's are."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from hotline.settings import PROJECT_ROOT, env_int, env_path

FLOWS_DIR = PROJECT_ROOT / "ivr_flows" / "chat"
TEMPLATES_FILE = PROJECT_ROOT / "ivr_flows" / "chat" / "whatsapp_templates.toml"


@dataclass(frozen=True)
class MessagingConfig:
    flows_dir: Path
    templates_file: Path
    whatsapp_number: str  # "whatsapp:+62…": the sender of outbound WhatsApp messages
    messages_per_minute: int  # per sender, every channel; past it a message is kept, not handled
    max_media_mb: int
    spool_dir: Path  # messages kept on disk while the database is away (the IVR's spool)


def load_config(environ: dict[str, str] | None = None) -> MessagingConfig:
    env = dict(os.environ if environ is None else environ)
    return MessagingConfig(
        flows_dir=env_path(env, "HOTLINE_MESSAGING_FLOWS_DIR", FLOWS_DIR),
        templates_file=env_path(env, "HOTLINE_MESSAGING_TEMPLATES", TEMPLATES_FILE),
        whatsapp_number=env.get("HOTLINE_MESSAGING_WHATSAPP_NUMBER", "").strip(),
        messages_per_minute=env_int(env, "HOTLINE_MESSAGING_PER_MINUTE", 12, 1, 1000),
        max_media_mb=env_int(env, "HOTLINE_MESSAGING_MAX_MEDIA_MB", 5, 1, 16),
        spool_dir=env_path(
            env, "HOTLINE_MESSAGING_SPOOL_DIR", PROJECT_ROOT / "var" / "messaging-spool"
        ),
    )


@lru_cache(maxsize=1)
def get_config() -> MessagingConfig:
    return load_config()
