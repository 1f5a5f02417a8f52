"""Database wiring: the Piccolo configuration, the one transaction helper, migrations."""

import os

# Piccolo finds its engine through this module; set before any table is used so that the CLI,
# the app, the worker and the tests all talk to the database HOTLINE_DATABASE_URL names.
os.environ.setdefault("PICCOLO_CONF", "hotline.db.piccolo_conf")
