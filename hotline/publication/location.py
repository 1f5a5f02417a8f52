"""Where a published report is, said coarsely enough not to point at a home (pure).

A reporter's exact pin often is their house or their shop. Published coordinates are the centre
of the 0.01° grid cell the pin falls in (about 1.1 km north-south, 1.1 km east-west at Java's
latitudes), which places a pothole in its village without placing a person at their door.
"""

from __future__ import annotations

GRID_DEGREES = 0.01


def _cell_centre(value: float) -> float:
    cells = value // GRID_DEGREES
    return round(cells * GRID_DEGREES + GRID_DEGREES / 2, 3)


def coarsen(latitude: float | None, longitude: float | None) -> tuple[float | None, float | None]:
    """The centre of the grid cell holding the point; (None, None) when either is missing."""
    if latitude is None or longitude is None:
        return None, None
    return _cell_centre(latitude), _cell_centre(longitude)
