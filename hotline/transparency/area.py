"""Transparency: its tables, /transparansi, `hotline report …` and the monthly publication
in the worker's rounds."""

from hotline.areas import Area

AREA = Area(
    name="transparency",
    piccolo_app="hotline.transparency.piccolo_app",
    routes="hotline.transparency.routes:ROUTES",
    commands="hotline.transparency.cli:register",
    jobs="hotline.transparency.jobs",
    templates=True,
)
