"""WeasyPrint itself, imported only in the rendering process (hotline.transparency.pdf): a
fetcher that fetches nothing, and the layout of an HTML report with the stylesheet of reports/.
"""

from __future__ import annotations

from typing import Any

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from hotline.settings import PROJECT_ROOT

REPORTS = PROJECT_ROOT / "reports"


# The one kind of URL read: an image written inside the document itself (the operator's logo on
# the cover, hotline/directory/operator.py). Decoded from the URL by urllib; nothing is fetched.
INLINE_IMAGES = ("data:image/png;base64,", "data:image/svg+xml;base64,")


class RefusingFetcher(URLFetcher):
    """Fetches nothing, and remembers what it was asked for (for the log and for tests)."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data",), allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith(INLINE_IMAGES):
            return super().fetch(url, headers)
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
