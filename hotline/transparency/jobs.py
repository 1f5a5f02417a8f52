"""This area's periodic work, run by every `hotline worker` round (hotline/worker/loop.py)."""

from __future__ import annotations

from hotline.settings import Settings


async def run_round(settings: Settings) -> int:
    """Do what is due; return how many things were done (for the worker's log)."""
    del settings
    return 0
