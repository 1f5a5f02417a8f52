"""Piccolo configuration: the engine from HOTLINE_DATABASE_URL and the apps that own tables."""

from piccolo.conf.apps import AppRegistry

from hotline.areas import areas
from hotline.db.engine import make_engine
from hotline.settings import get_settings

DB = make_engine(get_settings().database)

# The areas' Piccolo apps in the order of hotline/areas.py: an app's tables may point at the
# tables of the apps above it.
APP_REGISTRY = AppRegistry(apps=[area.piccolo_app for area in areas() if area.piccolo_app])
