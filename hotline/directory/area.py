"""The directory's tables: regions, agencies and calendars, categories, routing rules."""

from hotline.areas import Area

AREA = Area(
    name="directory",
    piccolo_app="hotline.directory.piccolo_app",
)
