"""How a report reached us."""

from __future__ import annotations

from hotline.choices import Choice
from hotline.i18n import N_


class Channel(Choice):
    TELEPON = "telepon", N_("Phone")  # the IVR
    WEB = "web", N_("Web")
    OPEN311 = "open311", N_("Open311 API")
    OPERATOR = "operator", N_("Call agent")  # a call agent filing for a caller
    WHATSAPP = "whatsapp", N_("WhatsApp")  # a conversation by message (hotline/messaging)
    SMS = "sms", N_("SMS")


# Channels where the reporter talks to us rather than fills a form: what they said (a recording,
# a conversation) is the report, and the verifier sets its category; hotline/tickets/drafts.py.
CONVERSATIONAL = frozenset({Channel.TELEPON, Channel.WHATSAPP, Channel.SMS})
