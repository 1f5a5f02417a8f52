"""HOTLINE_* settings, read once from the environment and validated at start.

A wrong value is reported as one clear line (SettingsError) naming the variable, never a traceback.
"""

from __future__ import annotations

import math
import os
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "sqlite:///var/hotline.sqlite3"


class SettingsError(ValueError):
    """A HOTLINE_* variable has a value we cannot use."""


@dataclass(frozen=True)
class DatabaseUrl:
    """Where the data lives: an embedded SQLite file or a PostgreSQL server."""

    engine: str  # "sqlite" | "postgres"
    path: Path | None = None  # sqlite only
    dsn: str = ""  # postgres only

    @classmethod
    def parse(cls, url: str) -> DatabaseUrl:
        if url.startswith("sqlite:///"):
            rest = url.removeprefix("sqlite:///")
            if not rest:
                raise SettingsError("HOTLINE_DATABASE_URL: sqlite URL has no file path")
            # sqlite:////abs/path -> rest starts with "/" (absolute); otherwise relative to the
            # project root, so `make run` and the CLI find the same file from any directory.
            path = Path(rest) if rest.startswith("/") else PROJECT_ROOT / rest
            return cls(engine="sqlite", path=path)
        parsed = urlparse(url)
        if parsed.scheme in {"postgresql", "postgres"}:
            if not parsed.path.strip("/"):
                raise SettingsError("HOTLINE_DATABASE_URL: PostgreSQL URL has no database name")
            return cls(engine="postgres", dsn=url.replace("postgres://", "postgresql://", 1))
        raise SettingsError(
            f"HOTLINE_DATABASE_URL must start with sqlite:/// or postgresql:// (got {url!r})"
        )


@dataclass(frozen=True)
class Settings:
    database: DatabaseUrl
    public_url: str
    host: str
    port: int
    secret_key: str
    redis_url: str = ""
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_number: str = ""
    # Not in the public contract: lets tests point the twilio client at a local server.
    twilio_api_base: str = ""
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_from: str = "hotline@localhost"
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    # Escalation: after the breach notice to the supervisor, wait this long before the head
    # and the central unit are told.
    escalation_grace_hours: int = 24
    worker_interval_seconds: float = 5.0
    # `hotline serve`: uvicorn processes answering on the one port (each with its own pool).
    workers: int = 1
    default_locale: str = "id"
    # Where attachments (photos, documents, call recordings) are stored (hotline/tickets/storage.py).
    attachments_dir: Path = PROJECT_ROOT / "var" / "attachments"

    @property
    def sms_enabled(self) -> bool:
        return bool(self.twilio_account_sid and self.twilio_auth_token and self.twilio_number)

    @property
    def email_enabled(self) -> bool:
        return bool(self.smtp_host)


def _int(env: dict[str, str], name: str, default: int, lo: int, hi: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number (got {raw!r})") from None
    if not lo <= value <= hi:
        raise SettingsError(f"{name} must be between {lo} and {hi} (got {value})")
    return value


def _bool(env: dict[str, str], name: str) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw in {"", "0", "false", "no", "off"}:
        return False
    if raw in {"1", "true", "yes", "on"}:
        return True
    raise SettingsError(f"{name} must be true or false (got {raw!r})")


def _path(env: dict[str, str], name: str, default: Path) -> Path:
    """A directory setting: absolute, or relative to the project."""
    raw = env.get(name, "")
    if not raw:
        return default
    path = Path(raw)
    return path if path.is_absolute() else PROJECT_ROOT / path


# For the areas' own settings modules (hotline/<area>/config.py): the same validation, one line
# naming the variable when a value is wrong.
env_int = _int
env_bool = _bool
env_path = _path


def _secret_key(env: dict[str, str], database: DatabaseUrl) -> str:
    key = env.get("HOTLINE_SECRET_KEY", "")
    if key:
        if len(key) < 16:
            raise SettingsError("HOTLINE_SECRET_KEY must be at least 16 characters")
        return key
    # For the embedded demo only: keep a generated key beside the database so PIN hashes and
    # sessions survive restarts. A PostgreSQL deployment must set the key explicitly.
    if database.engine != "sqlite" or database.path is None:
        raise SettingsError("HOTLINE_SECRET_KEY must be set when the database is PostgreSQL")
    key_file = database.path.parent / "secret_key"
    if key_file.exists():
        stored = key_file.read_text().strip()
        if len(stored) >= 16:
            return stored
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if environ is None else environ)
    database = DatabaseUrl.parse(env.get("HOTLINE_DATABASE_URL") or DEFAULT_DATABASE_URL)
    host = env.get("HOTLINE_HOST") or "127.0.0.1"
    port = _int(env, "HOTLINE_PORT", 8000, 1, 65535)
    public_url = (env.get("HOTLINE_PUBLIC_URL") or f"http://{host}:{port}").rstrip("/")
    if urlparse(public_url).scheme not in {"http", "https"}:
        raise SettingsError(f"HOTLINE_PUBLIC_URL must be an http(s) URL (got {public_url!r})")
    redis_url = env.get("HOTLINE_REDIS_URL", "")
    if redis_url and urlparse(redis_url).scheme not in {"redis", "rediss", "unix"}:
        raise SettingsError(f"HOTLINE_REDIS_URL must be a redis:// URL (got {redis_url!r})")
    twilio_number = env.get("HOTLINE_TWILIO_NUMBER", "")
    if twilio_number and not re.fullmatch(r"\+[1-9][0-9]{6,14}", twilio_number):
        raise SettingsError(
            f"HOTLINE_TWILIO_NUMBER must be in E.164 form, e.g. +62..., (got {twilio_number!r})"
        )
    locale = env.get("HOTLINE_DEFAULT_LOCALE", "id")
    if locale not in {"id", "en"}:
        raise SettingsError(f"HOTLINE_DEFAULT_LOCALE must be id or en (got {locale!r})")
    try:
        interval = float(env.get("HOTLINE_WORKER_INTERVAL_SECONDS") or 5.0)
    except ValueError:
        interval = math.nan
    if not (math.isfinite(interval) and 0.1 <= interval <= 3600):
        raise SettingsError(
            "HOTLINE_WORKER_INTERVAL_SECONDS must be a number of seconds, 0.1 to 3600"
        )
    return Settings(
        database=database,
        public_url=public_url,
        host=host,
        port=port,
        secret_key=_secret_key(env, database),
        redis_url=redis_url,
        twilio_account_sid=env.get("HOTLINE_TWILIO_ACCOUNT_SID", ""),
        twilio_auth_token=env.get("HOTLINE_TWILIO_AUTH_TOKEN", ""),
        twilio_number=twilio_number,
        twilio_api_base=env.get("HOTLINE_TWILIO_API_BASE", ""),
        smtp_host=env.get("HOTLINE_SMTP_HOST", ""),
        smtp_port=_int(env, "HOTLINE_SMTP_PORT", 25, 1, 65535),
        smtp_from=env.get("HOTLINE_SMTP_FROM", "hotline@localhost"),
        smtp_username=env.get("HOTLINE_SMTP_USERNAME", ""),
        smtp_password=env.get("HOTLINE_SMTP_PASSWORD", ""),
        smtp_starttls=_bool(env, "HOTLINE_SMTP_STARTTLS"),
        escalation_grace_hours=_int(env, "HOTLINE_ESCALATION_GRACE_HOURS", 24, 0, 24 * 30),
        worker_interval_seconds=interval,
        workers=_int(env, "HOTLINE_WORKERS", 1, 1, 64),
        default_locale=locale,
        attachments_dir=_path(env, "HOTLINE_ATTACHMENTS_DIR", PROJECT_ROOT / "var" / "attachments"),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
