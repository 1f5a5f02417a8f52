"""The ticket core's tables: reports, reporters, history, clocks, attachments."""

from hotline.areas import Area

AREA = Area(
    name="tickets",
    piccolo_app="hotline.tickets.piccolo_app",
)
