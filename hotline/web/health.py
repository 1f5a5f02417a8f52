"""/health (the process answers) and /health/ready (and it can reach the database).

/health/ready also counts the outbox's dead and stuck messages (hotline/notify/failures.py), for
monitoring. They are information, not readiness: this replica serves as well with them as
without, and a load balancer that took every replica out over a Twilio or SMTP outage would
stop the intake that those messages are about. The console and the central unit's daily
summary are where they are acted on.
"""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Response, get

from hotline import clock
from hotline.db.tx import engine
from hotline.notify.failures import count_failures

TIMEOUT = 3  # seconds: a probe that hangs is worse than one that says "unavailable"


@get("/health", sync_to_thread=False, include_in_schema=True, tags=["health"])
def alive() -> dict[str, str]:
    return {"status": "ok"}


@get("/health/ready", tags=["health"])
async def ready() -> Response[dict[str, Any]]:
    try:
        await asyncio.wait_for(engine().run_ddl("SELECT 1"), timeout=TIMEOUT)
    except Exception as exc:  # any failure means "not ready"; the reason helps the operator
        return Response({"status": "unavailable", "database": type(exc).__name__}, status_code=503)
    try:
        counts = await asyncio.wait_for(count_failures(clock.now()), timeout=TIMEOUT)
    except Exception as exc:
        # Swallowed on purpose: the database answered, so the replica is ready; the counts are
        # only details, and their absence is said plainly instead.
        outbox: dict[str, Any] = {"error": type(exc).__name__}
    else:
        outbox = {"dead": counts.dead, "stuck": counts.stuck}
    return Response({"status": "ok", "database": "ok", "outbox": outbox})
