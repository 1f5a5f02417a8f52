"""The outbox's table; its delivery runs in every worker round (hotline/worker)."""

from hotline.areas import Area

AREA = Area(
    name="notify",
    piccolo_app="hotline.notify.piccolo_app",
)
