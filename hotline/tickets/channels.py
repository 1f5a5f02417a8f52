"""How a report reached us."""

from __future__ import annotations

from hotline.choices import Choice
from hotline.i18n import N_


class Channel(Choice):
    TELEPON = "telepon", N_("Phone")  # the IVR
    WEB = "web", N_("Web")
    OPEN311 = "open311", N_("Open311 API")
    OPERATOR = "operator", N_("Call agent")  # a call agent filing for a caller
