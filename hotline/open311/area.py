"""Open311 GeoReport v2 at /open311/v2/: its tables and routes."""

from hotline.areas import Area

AREA = Area(
    name="open311",
    piccolo_app="hotline.open311.piccolo_app",
    routes="hotline.open311.routes:ROUTES",
)
