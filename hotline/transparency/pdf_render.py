"""WeasyPrint itself, imported only in the rendering process (hotline.transparency.pdf): a
fetcher that fetches nothing, and the layout of an HTML report with the stylesheet of reports/.
"""

from __future__ import annotations

from typing import Any

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from hotline.settings import PROJECT_ROOT

REPORTS = PROJECT_ROOT / "reports"


class RefusingFetcher(URLFetcher):
    """Fetches nothing, and remembers what it was asked for (for the log and for tests)."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        self.refused.append(url)
        raise ValueError(f"the report fetches no URL (refused {url[:80]!r})")


def html_to_pdf(html: str) -> tuple[bytes, list[str]]:
    """Lay out `html` as PDF with the stylesheet of reports/; returns the PDF and the URLs that
    were refused."""
    fetcher = RefusingFetcher()
    css = CSS(string=(REPORTS / "report.css").read_text(encoding="utf-8"), url_fetcher=fetcher)
    pdf = HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(stylesheets=[css])
    assert pdf is not None
    return pdf, fetcher.refused
