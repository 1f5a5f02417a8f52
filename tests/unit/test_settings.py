"""HOTLINE_* settings: defaults, database URLs, and one-line errors naming the variable."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from hotline.settings import SettingsError, load_settings

# Computed independently of hotline.settings: tests/unit/test_settings.py -> the repo root.
ROOT = Path(__file__).resolve().parents[2]
KEY = "k" * 32


def env(**values: str) -> dict[str, str]:
    base = {"HOTLINE_SECRET_KEY": KEY}
    base.update(values)
    return base


def error_for(environ: dict[str, str]) -> str:
    with pytest.raises(SettingsError) as info:
        load_settings(environ)
    message = str(info.value)
    assert "\n" not in message, message
    assert message.strip()
    return message


# -- defaults --------------------------------------------------------------------------------


def test_defaults() -> None:
    s = load_settings(env())
    assert s.database.engine == "sqlite"
    assert s.database.path == ROOT / "var" / "hotline.sqlite3"
    assert s.port == 8000
    assert s.host == "127.0.0.1"
    assert s.public_url == "http://127.0.0.1:8000"
    assert s.secret_key == KEY
    assert s.default_locale == "id"
    assert not s.sms_enabled
    assert not s.email_enabled


def test_empty_values_mean_defaults() -> None:
    s = load_settings(env(HOTLINE_DATABASE_URL="", HOTLINE_PORT="", HOTLINE_HOST=""))
    assert s.database.path == ROOT / "var" / "hotline.sqlite3"
    assert (s.host, s.port) == ("127.0.0.1", 8000)


def test_public_url_follows_host_and_port_and_drops_trailing_slash() -> None:
    s = load_settings(env(HOTLINE_HOST="0.0.0.0", HOTLINE_PORT="9001"))  # noqa: S104
    assert s.public_url == "http://0.0.0.0:9001"
    s = load_settings(env(HOTLINE_PUBLIC_URL="https://lapor.example.go.id/"))
    assert s.public_url == "https://lapor.example.go.id"


# -- database URLs ---------------------------------------------------------------------------


def test_relative_sqlite_path_is_relative_to_the_project_root() -> None:
    s = load_settings(env(HOTLINE_DATABASE_URL="sqlite:///data/x.sqlite3"))
    assert s.database.engine == "sqlite"
    assert s.database.path == ROOT / "data" / "x.sqlite3"


def test_absolute_sqlite_path() -> None:
    s = load_settings(env(HOTLINE_DATABASE_URL="sqlite:////tmp/x.sqlite3"))
    assert s.database.engine == "sqlite"
    assert s.database.path == Path("/tmp/x.sqlite3")  # noqa: S108


def test_sqlite_url_without_path_is_an_error() -> None:
    assert "HOTLINE_DATABASE_URL" in error_for(env(HOTLINE_DATABASE_URL="sqlite:///"))


@pytest.mark.parametrize(
    ("url", "dsn"),
    [
        (
            "postgresql://hotline:pw@db.internal:5432/hotline",
            "postgresql://hotline:pw@db.internal:5432/hotline",
        ),
        ("postgres://hotline@localhost/hotline", "postgresql://hotline@localhost/hotline"),
    ],
)
def test_postgresql_url(url: str, dsn: str) -> None:
    s = load_settings(env(HOTLINE_DATABASE_URL=url))
    assert s.database.engine == "postgres"
    assert s.database.dsn == dsn
    assert s.database.path is None


def test_postgresql_url_without_database_name_is_an_error() -> None:
    message = error_for(env(HOTLINE_DATABASE_URL="postgresql://hotline@localhost/"))
    assert "HOTLINE_DATABASE_URL" in message


def test_postgresql_without_secret_key_is_an_error() -> None:
    message = error_for({"HOTLINE_DATABASE_URL": "postgresql://hotline@localhost/hotline"})
    assert "HOTLINE_SECRET_KEY" in message


def test_short_secret_key_is_an_error() -> None:
    assert "HOTLINE_SECRET_KEY" in error_for({"HOTLINE_SECRET_KEY": "short"})


# -- bad values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HOTLINE_DATABASE_URL", "mysql://root@localhost/hotline"),
        ("HOTLINE_DATABASE_URL", "sqlite://relative.db"),
        ("HOTLINE_DATABASE_URL", "/var/lib/hotline.sqlite3"),
        ("HOTLINE_PORT", "http"),
        ("HOTLINE_PORT", "80.5"),
        ("HOTLINE_PORT", "0"),
        ("HOTLINE_PORT", "65536"),
        ("HOTLINE_PORT", "-1"),
        ("HOTLINE_SMTP_PORT", "smtp"),
        ("HOTLINE_PUBLIC_URL", "ftp://lapor.example.go.id"),
        ("HOTLINE_REDIS_URL", "http://localhost:6379"),
        ("HOTLINE_REDIS_URL", "localhost:6379"),
        ("HOTLINE_TWILIO_NUMBER", "081234567890"),
        ("HOTLINE_TWILIO_NUMBER", "62 812 3456 7890"),
        ("HOTLINE_TWILIO_NUMBER", "+62-HOTLINE"),
        ("HOTLINE_DEFAULT_LOCALE", "fr"),
        ("HOTLINE_DEFAULT_LOCALE", "en-US"),
        ("HOTLINE_SMTP_STARTTLS", "maybe"),
        ("HOTLINE_ESCALATION_GRACE_HOURS", "-1"),
        ("HOTLINE_WORKER_INTERVAL_SECONDS", "soon"),
        ("HOTLINE_WORKERS", "0"),
        ("HOTLINE_WORKERS", "two"),
    ],
)
def test_bad_value_is_a_one_line_error_naming_the_variable(name: str, value: str) -> None:
    assert name in error_for(env(**{name: value}))


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HOTLINE_PORT", "1"),
        ("HOTLINE_PORT", "65535"),
        ("HOTLINE_REDIS_URL", "redis://localhost:6379/0"),
        ("HOTLINE_REDIS_URL", "rediss://cache.internal:6380"),
        ("HOTLINE_TWILIO_NUMBER", "+6281234567890"),
        ("HOTLINE_DEFAULT_LOCALE", "en"),
        ("HOTLINE_SMTP_STARTTLS", "yes"),
        ("HOTLINE_WORKERS", "4"),
    ],
)
def test_good_values_are_accepted(name: str, value: str) -> None:
    load_settings(env(**{name: value}))


def test_typed_values() -> None:
    s = load_settings(
        env(
            HOTLINE_PORT="8080",
            HOTLINE_SMTP_HOST="mail.example.go.id",
            HOTLINE_SMTP_PORT="587",
            HOTLINE_SMTP_STARTTLS="true",
            HOTLINE_ESCALATION_GRACE_HOURS="48",
            HOTLINE_WORKER_INTERVAL_SECONDS="0.5",
            HOTLINE_TWILIO_ACCOUNT_SID="AC123",
            HOTLINE_TWILIO_AUTH_TOKEN="tok",
            HOTLINE_TWILIO_NUMBER="+6221000000",
        )
    )
    assert (s.port, s.smtp_port, s.smtp_starttls) == (8080, 587, True)
    assert s.escalation_grace_hours == 48
    assert s.worker_interval_seconds == 0.5
    assert s.sms_enabled and s.email_enabled


# -- generated secret key --------------------------------------------------------------------


def test_generated_secret_key_is_persisted_beside_the_sqlite_file_and_reused(
    tmp_path: Path,
) -> None:
    db = tmp_path / "data" / "hotline.sqlite3"
    environ = {"HOTLINE_DATABASE_URL": f"sqlite:///{db}"}
    assert environ["HOTLINE_DATABASE_URL"].startswith("sqlite:////")

    first = load_settings(environ)
    key_file = tmp_path / "data" / "secret_key"
    assert key_file.exists()
    assert key_file.read_text().strip() == first.secret_key
    assert len(first.secret_key) >= 16
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    second = load_settings(environ)
    assert second.secret_key == first.secret_key


def test_existing_key_file_is_used(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("my-own-persisted-secret-key\n")
    s = load_settings({"HOTLINE_DATABASE_URL": f"sqlite:///{tmp_path}/h.sqlite3"})
    assert s.secret_key == "my-own-persisted-secret-key"


def test_explicit_secret_key_writes_no_file(tmp_path: Path) -> None:
    s = load_settings(env(HOTLINE_DATABASE_URL=f"sqlite:///{tmp_path}/h.sqlite3"))
    assert s.secret_key == KEY
    assert not (tmp_path / "secret_key").exists()


def test_workers_default_to_one_process_and_follow_the_setting() -> None:
    assert load_settings(env()).workers == 1
    assert load_settings(env(HOTLINE_WORKERS="3")).workers == 3
