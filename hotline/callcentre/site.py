"""Every page of the call centre: its reports (routes.py), the page of one call with its
recordings (callpage.py), and quality monitoring's (quality/routes.py), which builds on them."""

from __future__ import annotations

from typing import Any

from hotline.callcentre import callpage, routes
from hotline.callcentre.quality import routes as quality

ROUTES: list[Any] = [*routes.ROUTES, *callpage.ROUTES, *quality.ROUTES]
