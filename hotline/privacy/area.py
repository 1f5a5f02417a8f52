"""The reporter's rights: `hotline privacy …` and the retention step in the worker's rounds.
It owns no tables (it works on the core's)."""

from hotline.areas import Area

AREA = Area(
    name="privacy",
    commands="hotline.privacy.cli:register",
    jobs="hotline.privacy.jobs",
)
