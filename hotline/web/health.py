"""/health (the process answers) and /health/ready (and it can reach the database)."""

from __future__ import annotations

import asyncio

from litestar import Response, get

from hotline.db.tx import engine


@get("/health", sync_to_thread=False, include_in_schema=True, tags=["health"])
def alive() -> dict[str, str]:
    return {"status": "ok"}


@get("/health/ready", tags=["health"])
async def ready() -> Response[dict[str, str]]:
    try:
        await asyncio.wait_for(engine().run_ddl("SELECT 1"), timeout=3)
    except Exception as exc:  # any failure means "not ready"; the reason helps the operator
        return Response({"status": "unavailable", "database": type(exc).__name__}, status_code=503)
    return Response({"status": "ok", "database": "ok"})
