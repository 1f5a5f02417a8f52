"""The citizen's pages (/lapor, /lacak, /laporan): their tables, routes and templates."""

from hotline.areas import Area

AREA = Area(
    name="citizen",
    piccolo_app="hotline.citizen.piccolo_app",
    routes="hotline.citizen.routes:ROUTES",
    templates=True,
)
