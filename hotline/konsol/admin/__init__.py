"""Administration of the reference data, accounts and API keys, every change recorded."""

from hotline.konsol.admin.routes import ROUTES

__all__ = ["ROUTES"]
