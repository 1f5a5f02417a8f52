"""The bare endpoint of the IVR benchmark: Litestar answering every POST under /ivr with a fixed
TwiML document of a given size, served by uvicorn exactly as `hotline serve` serves the app
(same host, log level, proxy headers, one process). `python -m bench.ivr_bare PORT SIZE`."""

from __future__ import annotations

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


if __name__ == "__main__":
    port, size = int(sys.argv[1]), int(sys.argv[2])
    config = uvicorn.Config(
        create(size), host="127.0.0.1", port=port, log_level="info", proxy_headers=True
    )
    uvicorn.Server(config).run()
