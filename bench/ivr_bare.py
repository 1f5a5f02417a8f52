"""The bare endpoint of the IVR benchmark: Litestar answering every POST under /ivr with a fixed
TwiML document of a given size, served by uvicorn exactly as `hotline serve` serves the app
(same host, log level, proxy headers, and as many processes: HOTLINE_WORKERS).
`python -m bench.ivr_bare PORT SIZE`."""

from __future__ import annotations

import os
import sys

import uvicorn
from litestar import Litestar, MediaType, Response, get, post


def document(size: int) -> str:
    head = '<?xml version="1.0" encoding="UTF-8"?><Response><Gather action="https://hotline.example.go.id/ivr/voice?n=1&amp;l=id" actionOnEmptyResult="true" input="dtmf" numDigits="1" timeout="6"><Say language="id-ID" voice="Google.id-ID-Standard-A">'
    tail = "</Say></Gather></Response>"
    return head + "x" * max(size - len(head) - len(tail), 0) + tail


def create(size: int) -> Litestar:
    body = document(size)

    @post("/ivr/{path:path}", media_type=MediaType.XML, status_code=200)
    async def twiml(path: str) -> Response[str]:
        return Response(body, media_type=MediaType.XML)

    @get("/health", sync_to_thread=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return Litestar(route_handlers=[twiml, health])


def from_env() -> Litestar:
    """The app factory each uvicorn worker process calls (the size travels in the environment)."""
    return create(int(os.environ["HOTLINE_BENCH_IVR_BARE_SIZE"]))


if __name__ == "__main__":
    port, size = int(sys.argv[1]), int(sys.argv[2])
    os.environ["HOTLINE_BENCH_IVR_BARE_SIZE"] = str(size)
    workers = int(os.environ.get("HOTLINE_WORKERS") or 1)
    options = {"host": "127.0.0.1", "port": port, "log_level": "info", "proxy_headers": True}
    if workers > 1:
        uvicorn.run("bench.ivr_bare:from_env", factory=True, workers=workers, **options)
    else:
        uvicorn.Server(uvicorn.Config(from_env(), **options)).run()  # type: ignore[arg-type]
