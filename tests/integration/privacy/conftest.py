"""The PDF renderer's process is shared by this folder's tests and ended with them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hotline.transparency.pdf import RENDERER


@pytest.fixture(scope="session", autouse=True)
def _pdf_renderer() -> Iterator[None]:
    yield
    RENDERER.close()
