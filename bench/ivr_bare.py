"""The reference endpoints of the IVR benchmark, served by uvicorn exactly as `hotline serve`
serves the app (same host, log level, proxy headers, and as many processes: HOTLINE_WORKERS).

- *bare*: Litestar answering every POST under /ivr with a fixed TwiML document of a given size.
- *floor* (HOTLINE_BENCH_IVR_FLOOR=1): the least a webhook that keeps anything can do: parse the
  form, check Twilio's signature, and commit one row (the step's key, `ON CONFLICT DO NOTHING`,
  one round trip to PostgreSQL, autocommit), then the same document. The distance from *bare*
  to *floor* is what durability and the signature cost before any IVR logic runs.

`python -m bench.ivr_bare PORT SIZE`."""

from __future__ import annotations

import os
import sys
from typing import Any

import asyncpg
import uvicorn
from litestar import Litestar, MediaType, Request, Response, get, post

from hotline.db.tx import POOL_SIZE, keep_session  # the app's pool size, and its reset
from hotline.ivr.webhook import signed_request  # the app's own form parsing and signature check

_FLOOR_TABLE = (
    "CREATE TABLE IF NOT EXISTS bench_webhook_step"
    " (step_key varchar(80) PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now())"
)
_FLOOR_INSERT = "INSERT INTO bench_webhook_step (step_key) VALUES ($1) ON CONFLICT DO NOTHING"


def document(size: int) -> str:
    head = '<?xml version="1.0" encoding="UTF-8"?><Response><Gather action="https://hotline.example.go.id/ivr/voice?n=1&amp;l=id" actionOnEmptyResult="true" input="dtmf" numDigits="1" timeout="6"><Say language="id-ID" voice="Google.id-ID-Standard-A">'
    tail = "</Say></Gather></Response>"
    return head + "x" * max(size - len(head) - len(tail), 0) + tail


def create(size: int, *, floor: bool = False) -> Litestar:
    body = document(size)
    pool: dict[str, Any] = {}

    @post("/ivr/{path:path}", media_type=MediaType.XML, status_code=200)
    async def twiml(path: str, request: Request[Any, Any, Any]) -> Response[str]:
        if floor:
            req = await signed_request(request)
            if req is None:
                return Response("Forbidden", status_code=403)
            await pool["pg"].execute(_FLOOR_INSERT, f"{req.call_sid}:{req.step}")
        return Response(body, media_type=MediaType.XML)

    @get("/health", sync_to_thread=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    async def open_pool() -> None:
        if floor:
            dsn = os.environ["HOTLINE_DATABASE_URL"]
            pool["pg"] = await asyncpg.create_pool(
                dsn, min_size=1, max_size=POOL_SIZE, reset=keep_session
            )
            await pool["pg"].execute(_FLOOR_TABLE)

    async def close_pool() -> None:
        if "pg" in pool:
            await pool["pg"].close()

    return Litestar(
        route_handlers=[twiml, health], on_startup=[open_pool], on_shutdown=[close_pool]
    )


def from_env() -> Litestar:
    """The app factory each uvicorn worker process calls (the settings travel in the
    environment)."""
    return create(
        int(os.environ["HOTLINE_BENCH_IVR_BARE_SIZE"]),
        floor=os.environ.get("HOTLINE_BENCH_IVR_FLOOR") == "1",
    )


if __name__ == "__main__":
    port, size = int(sys.argv[1]), int(sys.argv[2])
    os.environ["HOTLINE_BENCH_IVR_BARE_SIZE"] = str(size)
    workers = int(os.environ.get("HOTLINE_WORKERS") or 1)
    if workers > 1:
        uvicorn.run(
            "bench.ivr_bare:from_env",
            factory=True,
            workers=workers,
            host="127.0.0.1",
            port=port,
            log_level="info",
            proxy_headers=True,
        )
    else:
        config = uvicorn.Config(
            from_env(), host="127.0.0.1", port=port, log_level="info", proxy_headers=True
        )
        uvicorn.Server(config).run()
