"""The directory: its tables (regions, agencies and calendars, categories, routing rules) and
`hotline routing import`, `hotline regions load`."""

from hotline.areas import Area

AREA = Area(
    name="directory",
    piccolo_app="hotline.directory.piccolo_app",
    commands="hotline.directory.cli:register",
)
