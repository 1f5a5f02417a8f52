"""Staff accounts and API keys: their tables."""

from hotline.areas import Area

AREA = Area(
    name="accounts",
    piccolo_app="hotline.accounts.piccolo_app",
)
