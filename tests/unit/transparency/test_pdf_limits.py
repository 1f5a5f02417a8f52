"""The PDF renderer's bounds: a layout past its time is stopped with its process (and the next
render works), and the process cannot grow past its memory limit."""

from __future__ import annotations

import asyncio
import signal
import time
from multiprocessing.process import BaseProcess

import pytest

from hotline.transparency import pdf
from hotline.transparency.config import TransparencyConfig
from hotline.transparency.pdf import PdfError, Renderer

SMALL = "<html><body><p>Laporan bulanan</p></body></html>"
# Thousands of table rows: many seconds of layout.
HUGE = (
    "<html><body><table>"
    + "".join(f"<tr><td>baris {i}</td><td>{'kata ' * 40}</td></tr>" for i in range(40_000))
    + "</table></body></html>"
)
# Long enough for anything but a hang, even on a busy machine (starting the rendering process
# and importing WeasyPrint alone can take seconds there).
HANG = 60


async def _child_of(renderer: Renderer) -> BaseProcess:
    """The renderer's process, once a render has started it (other tests' processes, still
    ending on a busy machine, are not mistaken for it)."""
    deadline = time.monotonic() + HANG
    while time.monotonic() < deadline:
        if renderer.processes:
            (child,) = renderer.processes
            return child
        await asyncio.sleep(0.01)
    raise AssertionError("no rendering process was started")


async def _ended(process: BaseProcess) -> int | None:
    """The process's exit code once it has ended (None if it is still running after HANG).

    Polled, not joined: the executor's own thread reaps its processes too, and the join that
    loses that race reads no exit code; the code the winner read is kept on the process."""
    deadline = time.monotonic() + HANG
    while process.exitcode is None and time.monotonic() < deadline:  # noqa: ASYNC110 (another process)
        await asyncio.sleep(0.05)
    return process.exitcode


async def test_a_render_past_its_time_is_stopped_and_the_next_one_works(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Without a limit of its own the renderer reads the configured one at each render: 2 s,
    # far less than the huge layout needs, then one that only catches a hang, so the next render
    # (in a new process) is judged on working, not on how fast the machine starts a process.
    monkeypatch.setattr(pdf, "get_config", lambda: TransparencyConfig(pdf_timeout_seconds=2))
    renderer = Renderer()
    try:
        overrun = asyncio.create_task(renderer.render(HUGE))
        child = await _child_of(renderer)
        with pytest.raises(PdfError, match="longer than 2 s"):
            await overrun
        # Stopped with its process: killed, not left to finish the layout in the background.
        assert await _ended(child) == -signal.SIGKILL

        monkeypatch.setattr(pdf, "get_config", lambda: TransparencyConfig(pdf_timeout_seconds=HANG))
        assert (await renderer.render(SMALL)).startswith(b"%PDF-")
    finally:
        renderer.close()


async def test_the_render_process_has_a_memory_limit() -> None:
    # A small report fits in 256 MiB of address space; thousands of table rows do not.
    renderer = Renderer(timeout_seconds=300, memory_mb=256)
    try:
        assert (await renderer.render(SMALL)).startswith(b"%PDF-")
        with pytest.raises(PdfError, match="could not be made"):
            await renderer.render(HUGE)
        assert (await renderer.render(SMALL)).startswith(b"%PDF-")
    finally:
        renderer.close()
