"""Staff accounts and API keys: their tables and `hotline user …`, `hotline apikey …`."""

from hotline.areas import Area

AREA = Area(
    name="accounts",
    piccolo_app="hotline.accounts.piccolo_app",
    commands="hotline.accounts.cli:register",
)
