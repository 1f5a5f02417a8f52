"""The call centre behind the phone line: its event log (written when the IVR's queue and the
agent line tell it, and from the console), the reports computed from that log, and their pages
under /konsol/pusat-panggilan (docs/CALLCENTRE.md)."""

from hotline.areas import Area

AREA = Area(
    name="callcentre",
    piccolo_app="hotline.callcentre.piccolo_app",
    # The reports, the page of one call with its recordings, and quality monitoring (site.py).
    routes="hotline.callcentre.site:ROUTES",
    templates=True,
    listeners="hotline.callcentre.listeners:LISTENERS",
    jobs="hotline.callcentre.jobs",
)
