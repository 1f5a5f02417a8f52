"""Whether this server says on every page that its data is invented.

`hotline serve --demo` marks it before the app starts (the demo runs in one process), so the
banner costs nothing per request. Pages whose own data is demonstration data (the home page's
counts, a demo month's figures) say so on any server, as before.
"""

from __future__ import annotations

_demo_server = False


def mark_demo_server() -> None:
    global _demo_server
    _demo_server = True


def demo_server() -> bool:
    return _demo_server
