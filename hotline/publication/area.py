"""The public projection's table (the publication gate)."""

from hotline.areas import Area

AREA = Area(
    name="publication",
    piccolo_app="hotline.publication.piccolo_app",
)
