"""The PDF layout fetches nothing: not a local file, not a remote URL, whatever the HTML says."""

from __future__ import annotations

import subprocess

from hotline.transparency.pdf_render import RefusingFetcher, html_to_pdf
from tests.support.recording_http import RecordingServer


def test_injected_urls_fetch_nothing() -> None:
    with RecordingServer() as server:
        html = f"""<html><head>
          <link rel="stylesheet" href="{server.base_url}/style.css">
          <style>body {{ background: url(file:///etc/hostname); }}
                 @import url("{server.base_url}/import.css");</style></head>
          <body><p>Isi laporan</p>
          <img src="file:///etc/passwd"><img src="{server.base_url}/pixel.png">
          <iframe src="file:///etc/passwd"></iframe>
          <object data="{server.base_url}/object.svg"></object></body></html>"""
        pdf, refused = html_to_pdf(html)
        assert server.paths == []
    assert any(u.startswith("file:///etc/passwd") for u in refused)
    assert any(u.startswith(server.base_url) for u in refused)
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Isi laporan" in text
    assert "root:" not in text


def test_the_fetcher_refuses_every_scheme() -> None:
    fetcher = RefusingFetcher()
    for url in ("file:///etc/passwd", "https://example.com/x.png", "data:text/plain,hi"):
        try:
            fetcher.fetch(url)
        except ValueError:
            pass
        else:  # pragma: no cover - the assertion below reports it
            raise AssertionError(f"{url} was fetched")
    assert len(fetcher.refused) == 3
