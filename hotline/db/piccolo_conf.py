"""Piccolo configuration: the engine from HOTLINE_DATABASE_URL and the apps that own tables."""

from piccolo.conf.apps import AppRegistry

from hotline.db.engine import make_engine
from hotline.settings import get_settings

DB = make_engine(get_settings().database)

# Order matters: an app's tables may point at the tables of the apps above it.
APP_REGISTRY = AppRegistry(
    apps=[
        "hotline.directory.piccolo_app",
        "hotline.accounts.piccolo_app",
        "hotline.tickets.piccolo_app",
        "hotline.publication.piccolo_app",
        "hotline.notify.piccolo_app",
        "hotline.ivr.piccolo_app",
        "hotline.citizen.piccolo_app",
        "hotline.open311.piccolo_app",
        "hotline.konsol.piccolo_app",
        "hotline.transparency.piccolo_app",
    ]
)
