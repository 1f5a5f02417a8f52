"""Every page of the call centre: its own (routes.py) and quality monitoring's
(quality/routes.py), which builds on them."""

from __future__ import annotations

from typing import Any

from hotline.callcentre import routes
from hotline.callcentre.quality import routes as quality

ROUTES: list[Any] = [*routes.ROUTES, *quality.ROUTES]
