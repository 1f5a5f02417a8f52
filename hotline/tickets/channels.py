"""How a report reached us."""

from __future__ import annotations

from enum import StrEnum

from hotline.i18n import N_


class Channel(StrEnum):
    TELEPON = "telepon"  # the IVR
    WEB = "web"
    OPEN311 = "open311"
    OPERATOR = "operator"  # a call agent filing for a caller


CHANNEL_LABELS = {
    Channel.TELEPON: N_("Phone"),
    Channel.WEB: N_("Web"),
    Channel.OPEN311: N_("Open311 API"),
    Channel.OPERATOR: N_("Call agent"),
}
