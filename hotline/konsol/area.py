"""The staff console /konsol: its tables, routes and templates."""

from hotline.areas import Area

AREA = Area(
    name="konsol",
    piccolo_app="hotline.konsol.piccolo_app",
    routes="hotline.konsol.routes:ROUTES",
    templates=True,
)
