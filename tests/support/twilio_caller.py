"""A caller as Twilio presents one to the app: signed webhook requests over real HTTP.

    caller = TwilioCaller(base_url, auth_token="...", public_url="https://hotline.example.go.id")
    call = caller.call(from_="+6281234567890")
    call.start()                     # POST /ivr/voice, as when the number is dialled
    call.press("1")                  # follows the <Gather action> of the last answer
    call.record(seconds=40)          # follows the <Record action> with a RecordingUrl
    call.hang_up()                   # the status callback
    assert "Terima kasih" in call.text

Requests are signed exactly as Twilio signs them (the `twilio` package's RequestValidator over the
public URL of the action and the sorted form parameters), sent to the app's real address, and the
TwiML answers are parsed to find where Twilio would go next. Retries can be replayed byte for byte
(`call.retry()`), with or without Twilio's I-Twilio-Idempotency-Token.
"""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

import httpx
from twilio.request_validator import RequestValidator

ACCOUNT_SID = "AC" + "0" * 32


def new_call_sid() -> str:
    return "CA" + secrets.token_hex(16)


@dataclass
class Sent:
    url: str
    params: dict[str, str]
    token: str


class TwilioCaller:
    def __init__(self, base_url: str, *, auth_token: str, public_url: str) -> None:
        self.base_url = base_url
        self.public_url = public_url.rstrip("/")
        self.validator = RequestValidator(auth_token)
        self.http = httpx.Client(base_url=base_url, timeout=20)

    def sign(self, url: str, params: dict[str, str]) -> str:
        return str(self.validator.compute_signature(url, params))

    def post(
        self,
        url: str,
        params: dict[str, str],
        *,
        token: str = "",
        signature: str | None = None,
    ) -> httpx.Response:
        """POST `params` to `url` (absolute public URL or a path) signed as Twilio would."""
        full = url if url.startswith("http") else self.public_url + url
        assert full.startswith(self.public_url), f"Twilio would not call {full} on this app"
        headers = {
            "X-Twilio-Signature": self.sign(full, params) if signature is None else signature
        }
        if token:
            headers["I-Twilio-Idempotency-Token"] = token
        return self.http.post(full[len(self.public_url) :], data=params, headers=headers)

    def call(self, *, from_: str = "+6281234567890", to: str = "+622860000000") -> SimulatedCall:
        return SimulatedCall(self, new_call_sid(), from_, to)

    def close(self) -> None:
        self.http.close()


@dataclass
class SimulatedCall:
    caller: TwilioCaller
    sid: str
    from_: str
    to: str
    twiml: str = ""
    last: Sent | None = None
    history: list[str] = field(default_factory=list)

    # -- what the app said -------------------------------------------------------------------

    @property
    def root(self) -> ET.Element:
        return ET.fromstring(self.twiml)  # noqa: S314  (our own app's answer, in a test)

    @property
    def says(self) -> list[str]:
        return [el.text or "" for el in self.root.iter("Say")]

    @property
    def text(self) -> str:
        return " ".join(self.says)

    def find(self, tag: str) -> ET.Element:
        found = self.root.find(f".//{tag}")
        assert found is not None, f"no <{tag}> in {self.twiml}"
        return found

    @property
    def ended(self) -> bool:
        return self.root.find(".//Hangup") is not None

    # -- what the caller does ----------------------------------------------------------------

    def params(self, **extra: Any) -> dict[str, str]:
        base = {
            "AccountSid": ACCOUNT_SID,
            "ApiVersion": "2010-04-01",
            "CallSid": self.sid,
            "CallStatus": "in-progress",
            "Direction": "inbound",
            "From": self.from_,
            "To": self.to,
            "Caller": self.from_,
            "Called": self.to,
        }
        base.update({k: str(v) for k, v in extra.items()})
        return base

    def send(self, url: str, params: dict[str, str], *, token: str = "") -> str:
        response = self.caller.post(url, params, token=token)
        assert response.status_code == 200, f"{response.status_code}: {response.text}"
        assert response.headers["content-type"].startswith("application/xml")
        self.last = Sent(url, params, token)
        self.twiml = response.text
        self.history.append(self.twiml)
        return self.twiml

    def start(self, *, token: str = "") -> str:
        return self.send("/ivr/voice", self.params(CallStatus="ringing"), token=token)

    def retry(self, *, token: str | None = None) -> str:
        """Twilio sends the last request again (same URL and form; the same token if any)."""
        assert self.last is not None
        response = self.caller.post(
            self.last.url, self.last.params, token=self.last.token if token is None else token
        )
        assert response.status_code == 200, response.text
        return response.text

    def gather_url(self) -> str:
        return self.find("Gather").attrib["action"]

    def press(self, digits: str, *, token: str = "") -> str:
        return self.send(self.gather_url(), self.params(Digits=digits), token=token)

    def silence(self) -> str:
        """The <Gather> timed out: Twilio calls its action without Digits (actionOnEmptyResult)."""
        return self.send(self.gather_url(), self.params())

    def say(self, speech: str, confidence: float = 0.9) -> str:
        return self.send(
            self.gather_url(), self.params(SpeechResult=speech, Confidence=str(confidence))
        )

    def record(self, *, seconds: int = 30, status: str = "in-progress") -> str:
        action = self.find("Record").attrib["action"]
        recording_sid = "RE" + secrets.token_hex(16)
        url = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Recordings/{recording_sid}"
        self.recording_sid = recording_sid
        return self.send(
            action,
            self.params(
                CallStatus=status,
                RecordingUrl=url,
                RecordingSid=recording_sid,
                RecordingDuration=str(seconds),
                Digits="#",
            ),
        )

    def record_nothing(self) -> str:
        """<Record> heard nothing: Twilio goes on to the <Redirect> after it."""
        return self.send(self.find("Redirect").text or "", self.params())

    def queue_result(self, result: str, queue_time: int) -> str:
        action = self.find("Enqueue").attrib["action"]
        return self.send(
            action,
            self.params(QueueResult=result, QueueTime=str(queue_time), QueueSid="QU" + "1" * 32),
        )

    def hang_up(self, *, status: str = "completed", duration: int = 60) -> httpx.Response:
        response = self.caller.post(
            "/ivr/status", self.params(CallStatus=status, CallDuration=str(duration))
        )
        assert response.status_code == 200, response.text
        return response
