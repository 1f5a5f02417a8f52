"""The spool: webhook requests kept on disk while the database is unreachable, replayed by the
worker (hotline/ivr/jobs.py) when it is back.

Each request is one JSON file, written to a temporary name, flushed and renamed, so a reader
never sees half a request. Replay takes files in arrival order under an exclusive lock (two
workers on one host never replay the same file), deletes a file only after its transaction has
committed, and stops at the first sign that the database is still away. Replaying twice is
harmless: the steps are idempotent (calls.py). A request that fails for another reason is moved
to `failed/` with the error beside it, for a person to look at, instead of blocking the rest.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import tempfile
import time
import traceback
import uuid
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from hotline.db.availability import database_unavailable

log = logging.getLogger("hotline.ivr")

FAILED = "failed"


def is_unavailable(exc: BaseException) -> bool:
    """Does this error mean "the database is away" rather than "this request is bad"? (The one
    rule, shared with the web's 503: hotline/errors.py.)"""
    return database_unavailable(exc)


def write(
    directory: Path, kind: str, form: Mapping[str, str], query: Mapping[str, str], token: str
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    record = {
        "kind": kind,
        "form": dict(form),
        "query": dict(query),
        "token": token,
        "received_at": time.time(),
    }
    name = f"{time.time_ns():020d}-{uuid.uuid4().hex}.json"
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".incoming-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(record, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, directory / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return directory / name


def pending(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.json")) if directory.is_dir() else []


async def replay(directory: Path, handle: Callable[[dict[str, Any]], Awaitable[None]]) -> int:
    """Replay the spooled requests through `handle`; returns how many were done."""
    done = 0
    for path in pending(directory):
        try:
            fh = path.open("r+", encoding="utf-8")
        except FileNotFoundError:
            continue  # another worker took it
        with fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            if not path.exists():
                continue  # replayed and removed while we waited for the lock
            try:
                record = json.load(fh)
            except json.JSONDecodeError:
                _quarantine(path, "not valid JSON")
                continue
            try:
                await handle(record)
            except Exception as exc:
                if is_unavailable(exc):
                    log.info(
                        "spool replay paused: the database is still unreachable (%s)",
                        type(exc).__name__,
                    )
                    return done
                log.exception("spooled request %s could not be replayed", path.name)
                _quarantine(path, traceback.format_exc())
                continue
            path.unlink(missing_ok=True)
            done += 1
    return done


def _quarantine(path: Path, error: str) -> None:
    failed = path.parent / FAILED
    failed.mkdir(exist_ok=True)
    # Another worker quarantined or replayed it first: nothing left to move.
    with contextlib.suppress(FileNotFoundError):
        os.replace(path, failed / path.name)
        (failed / (path.name + ".error.txt")).write_text(error, encoding="utf-8")
