"""The HTTP handlers of this area, collected for hotline.app.create_app()."""

from __future__ import annotations

from typing import Any

ROUTES: list[Any] = []
