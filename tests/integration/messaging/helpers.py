"""A citizen writing to the hotline's WhatsApp or SMS number, as Twilio presents them: signed
webhooks over real HTTP to `POST /pesan/masuk`, the TwiML answers read back."""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import httpx

from tests.support.twilio_caller import ACCOUNT_SID, TwilioCaller

WEBHOOK = "/pesan/masuk"
MEDIA_BASE = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages"


def new_message_sid() -> str:
    return "SM" + secrets.token_hex(16)


def media_url() -> str:
    return f"{MEDIA_BASE}/{new_message_sid()}/Media/ME{secrets.token_hex(16)}"


@dataclass
class Texter:
    """One citizen's number on one channel."""

    twilio: TwilioCaller
    number: str = "+6281234567890"
    channel: str = "whatsapp"
    to: str = "whatsapp:+6228632100"
    sent: list[dict[str, str]] = field(default_factory=list)
    response: httpx.Response | None = None

    @property
    def address(self) -> str:
        return f"whatsapp:{self.number}" if self.channel == "whatsapp" else self.number

    def send(
        self,
        body: str = "",
        *,
        media: tuple[tuple[str, str], ...] = (),
        pin: tuple[str, str] | None = None,
        sid: str | None = None,
    ) -> str:
        """Send one message; the text of the reply ("" for an empty <Response/>)."""
        params = {
            "MessageSid": sid or new_message_sid(),
            "AccountSid": ACCOUNT_SID,
            "From": self.address,
            "To": self.to if self.channel == "whatsapp" else "+6228632100",
            "Body": body,
            "NumMedia": str(len(media)),
        }
        for i, (url, kind) in enumerate(media):
            params[f"MediaUrl{i}"], params[f"MediaContentType{i}"] = url, kind
        if pin:
            params["Latitude"], params["Longitude"] = pin
        self.sent.append(params)
        return self.post(params)

    def post(self, params: dict[str, str], *, signature: str | None = None) -> str:
        self.response = self.twilio.post(WEBHOOK, params, signature=signature)
        assert self.response.status_code == 200, self.response.text
        assert self.response.headers["content-type"].startswith("application/xml")
        return reply_text(self.response.text)

    def retry(self) -> str:
        """The last message again, byte for byte (Twilio retrying its webhook)."""
        return self.post(self.sent[-1])


def reply_text(twiml: str) -> str:
    root = ET.fromstring(twiml)  # noqa: S314  (our own app's answer)
    assert root.tag == "Response"
    return "\n".join(m.text or "" for m in root.iter("Message"))
