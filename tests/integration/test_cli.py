"""The `hotline` command as an operator uses it: real processes, the test database."""

from __future__ import annotations

import os
import subprocess
import sys

from hotline.accounts.service import hash_api_key, verify_password
from hotline.accounts.tables import ApiKey, User
from tests.support.factories import make_agency, make_calendar


def hotline(*args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hotline.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )


async def test_user_create_reads_the_password_from_stdin_and_hashes_it() -> None:
    cal = await make_calendar()
    await make_agency(code="DPUPR", calendar=cal)
    result = hotline(
        "user",
        "create",
        "--username",
        "Rina",
        "--role",
        "petugas",
        "--agency",
        "DPUPR",
        "--password-stdin",
        stdin="panjang-sekali-123\n",
    )
    assert result.returncode == 0, result.stderr
    user = await User.select().where(User.username == "rina").first()
    assert user is not None
    assert user["role"] == "petugas"
    assert user["password_hash"].startswith("$argon2id$")
    assert verify_password("panjang-sekali-123", user["password_hash"])
    assert not verify_password("panjang-sekali-124", user["password_hash"])


async def test_user_create_errors_are_one_line_each_and_write_nothing() -> None:
    result = hotline(
        "user",
        "create",
        "--username",
        "x",
        "--role",
        "petugas",
        "--password-stdin",
        stdin="short\n",
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith("hotline: ") for line in lines)
    assert any("password" in line for line in lines) and any("agency" in line for line in lines)
    assert "Traceback" not in result.stderr
    assert await User.count() == 0


async def test_apikey_is_printed_once_and_only_its_hash_is_stored() -> None:
    result = hotline("apikey", "create", "Kota sebelah")
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip()
    assert key.startswith("hk_") and len(key) > 40
    row = await ApiKey.select().first()
    assert row is not None
    assert row["name"] == "Kota sebelah"
    assert row["key_hash"] == hash_api_key(key) and key not in str(row)


def test_a_wrong_setting_is_one_clear_line() -> None:
    result = hotline("db", "migrate", HOTLINE_PORT="delapan ribu")
    assert result.returncode == 2
    assert (
        result.stderr.strip() == "hotline: HOTLINE_PORT must be a whole number (got 'delapan ribu')"
    )


async def test_routing_import_from_yaml(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from hotline.directory.tables import RoutingRule
    from tests.support.factories import make_category, make_region

    cal = await make_calendar()
    await make_agency(code="DPUPR", calendar=cal)
    await make_agency(code="PDAM", calendar=cal)
    await make_category(code="JALAN-RUSAK")
    await make_category(code="AIR")
    await make_region(code="33.07.01")
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n"
        "  - {category: JALAN-RUSAK, agency: DPUPR, confident: true}\n"
        "  - {category: AIR, agency: PDAM}\n"
        "  - {category: AIR, region: '33.07.01', agency: DPUPR}\n"
    )
    result = hotline("routing", "import", str(rules))
    assert result.returncode == 0, result.stderr
    assert "created 3" in result.stdout
    assert await RoutingRule.count().where(RoutingRule.active.eq(True)) == 3

    rules.write_text(
        "rules:\n  - {category: AIR, agency: PDAM}\n  - {category: AIR, agency: DPUPR}\n"
    )
    result = hotline("routing", "import", str(rules))
    assert result.returncode == 2 and "conflicting" in result.stderr
    assert await RoutingRule.count().where(RoutingRule.active.eq(True)) == 3

    rules.write_text("rules:\n  - {category: AIR, agency: PDAM}\n")
    result = hotline("routing", "import", str(rules))
    assert result.returncode == 0 and "deactivated 2" in result.stdout
    assert await RoutingRule.count() == 3  # deactivated, never deleted
