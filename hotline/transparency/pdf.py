"""The monthly PDF: HTML from templates in reports/, laid out by WeasyPrint.

Report text comes from citizens, so the renderer fetches nothing: its URL fetcher refuses every
URL (file:, http:, https:, data:, ...) but a base64 PNG or SVG image written in the document (the
operator's logo on the cover), charts are inline SVG and the stylesheet is passed as a
string. Rendering runs in a separate process (a pool of one), never on the event loop, with a
time limit and an address-space limit; a render that overruns is killed with its process.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import multiprocessing
import resource
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from hotline.errors import Unavailable
from hotline.i18n import N_, t
from hotline.settings import PROJECT_ROOT
from hotline.transparency.config import get_config

log = logging.getLogger("hotline.transparency")

REPORTS = PROJECT_ROOT / "reports"
TEMPLATES = Path(__file__).parent / "templates"


class PdfError(Unavailable):
    """The PDF could not be made in its time or memory (a 503: try again later). `str()` is the
    reason, for the log and the CLI."""

    def __init__(self, reason: str) -> None:
        super().__init__(N_("The PDF report cannot be made right now. Please try again later."))
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


def environment(locale: str) -> Environment:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(REPORTS), FileSystemLoader(TEMPLATES)]),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["_"] = lambda message, **params: t(locale, message, **params)
    return env


def render_html(context: dict[str, Any], locale: str = "id") -> str:
    return environment(locale).get_template("monthly.html").render(locale=locale, **context)


def _render_in_child(html: str) -> tuple[bytes, list[str]]:
    # Runs in the rendering process: only that process imports WeasyPrint.
    from hotline.transparency.pdf_render import html_to_pdf

    return html_to_pdf(html)


def _limit_memory(megabytes: int) -> None:
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


class Renderer:
    """One rendering process at a time, reused between renders, replaced when it overruns."""

    def __init__(self, *, timeout_seconds: int | None = None, memory_mb: int | None = None) -> None:
        """Limits default to HOTLINE_TRANSPARENCY_PDF_TIMEOUT_SECONDS and _MEMORY_MB."""
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._lock = asyncio.Lock()
        self._timeout = timeout_seconds
        self._memory_mb = memory_mb

    def _executor(self) -> concurrent.futures.ProcessPoolExecutor:
        if self._pool is None:
            self._pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_limit_memory,
                initargs=(self._memory_mb or get_config().pdf_memory_mb,),
            )
        return self._pool

    @property
    def processes(self) -> list[BaseProcess]:
        """The rendering processes running now (none before the first render)."""
        # The executor keeps no public list of its processes; this is the one place that reads it.
        return list(getattr(self._pool, "_processes", {}).values()) if self._pool else []

    def stop(self) -> None:
        """Kill the rendering process now: after an overrun, a failure, or when the server stops
        (uvicorn ends the process by re-raising SIGTERM, so exit handlers would not run)."""
        processes = self.processes
        pool, self._pool = self._pool, None
        if pool is None:
            return
        # A render past its time is stopped with its process, not left to finish.
        for process in processes:
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    async def render(self, html: str) -> bytes:
        timeout = self._timeout or get_config().pdf_timeout_seconds
        async with self._lock:
            loop = asyncio.get_running_loop()
            future = loop.run_in_executor(self._executor(), _render_in_child, html)
            try:
                pdf, refused = await asyncio.wait_for(future, timeout)
            except TimeoutError:
                self.stop()
                raise PdfError(f"the PDF took longer than {timeout} s") from None
            except Exception as exc:
                # Out of its memory, a process fails in whatever way the allocation that failed
                # reports it (MemoryError, SystemError from C code, a broken pool): each is a
                # PDF that could not be made, and the process is replaced.
                self.stop()
                log.error("PDF layout failed: %r", exc)
                raise PdfError(f"the PDF could not be made: {type(exc).__name__}") from exc
        if refused:
            log.warning("PDF render refused %d URL(s), e.g. %s", len(refused), refused[0][:80])
        return pdf

    def close(self) -> None:
        """Let the rendering process end (at the end of a command)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)


RENDERER = Renderer()
