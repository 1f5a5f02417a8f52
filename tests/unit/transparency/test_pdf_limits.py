"""The PDF renderer's bounds: a layout past its time is stopped with its process (and the next
render works), and the process cannot grow past its memory limit."""

from __future__ import annotations

import pytest

from hotline.transparency.pdf import PdfError, Renderer

SMALL = "<html><body><p>Laporan bulanan</p></body></html>"
# Thousands of table rows: many seconds of layout.
HUGE = (
    "<html><body><table>"
    + "".join(f"<tr><td>baris {i}</td><td>{'kata ' * 40}</td></tr>" for i in range(40_000))
    + "</table></body></html>"
)


async def test_a_render_past_its_time_is_stopped_and_the_next_one_works() -> None:
    renderer = Renderer(timeout_seconds=2)
    try:
        with pytest.raises(PdfError, match="longer than 2 s"):
            await renderer.render(HUGE)
        pdf = await renderer.render(SMALL)
        assert pdf.startswith(b"%PDF-")
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
