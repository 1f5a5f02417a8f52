"""Attachment storage: files on disk under HOTLINE_ATTACHMENTS_DIR, named by their SHA-256.

Content addressing makes a retried upload or a re-fetched recording land on the same file, and
a stored file can be checked against the hash kept in the Attachment row. Files are written to
a temporary name and renamed, so a reader never sees half a file. Only the path relative to the
root is stored in the database, so the directory can move.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hotline.settings import get_settings


@dataclass(frozen=True)
class StoredFile:
    path: str  # relative to the attachments root: "ab/cd/abcd...ef.jpg"
    sha256: str
    size: int


def root() -> Path:
    return get_settings().attachments_dir


def store_bytes(data: bytes, *, suffix: str = "") -> StoredFile:
    digest = hashlib.sha256(data).hexdigest()
    if suffix and not suffix.startswith("."):
        suffix = "." + suffix
    relative = f"{digest[:2]}/{digest[2:4]}/{digest}{suffix.lower()}"
    target = root() / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return StoredFile(relative, digest, len(data))


def path_of(relative: str) -> Path:
    """The file of a stored path; refuses anything that would leave the root."""
    base = root().resolve()
    full = (base / relative).resolve()
    if not full.is_relative_to(base):
        raise ValueError(f"not an attachment path: {relative!r}")
    return full


def read_bytes(relative: str) -> bytes:
    return path_of(relative).read_bytes()
