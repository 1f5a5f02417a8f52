"""The text of a PDF, as pdftotext reads it (layout off, so words run as in the document)."""

from __future__ import annotations

import subprocess


def pdf_text(data: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return out.stdout.decode("utf-8")
