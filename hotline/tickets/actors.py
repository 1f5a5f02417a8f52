"""Who takes a step on a ticket: the system, the worker, the reporter or a staff member.

Its own module so that the service and the lifecycle's effects (which the service calls) can
both name an actor without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from hotline.tickets.events import ActorType


@dataclass(frozen=True)
class Actor:
    type: ActorType
    user_id: int | None = None
    name: str = ""


SYSTEM = Actor(ActorType.SYSTEM)
WORKER = Actor(ActorType.WORKER)
REPORTER = Actor(ActorType.REPORTER)
