"""Senders against real local servers (FakeTwilio over HTTP, aiosmtpd over SMTP)."""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Iterator

import pytest

from hotline.notify.senders.base import (
    Channel,
    Delivered,
    DeliveryError,
    OutgoingMessage,
    Sender,
    mask_recipient,
)
from hotline.notify.senders.log import LogSender
from hotline.notify.senders.smtp import SmtpSender
from hotline.notify.senders.twilio_sms import TwilioSmsSender, twilio_client
from tests.support.fake_twilio import FakeTwilio
from tests.support.smtp_server import SmtpServer

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "test-token-5f4dcc3b5aa765d61d8327deb882cf99"
FROM_NUMBER = "+15005550006"
PHONE = "+6281234565678"
EMAIL = "budi.santoso@example.org"
FROM_EMAIL = "Hotline Pengaduan <noreply@lapor.example.go.id>"
TEXT_ID = "Laporan Anda 2611234567 telah ditanggapi — terima kasih"
SID_RE = re.compile(r"^SM[0-9a-f]{32}$")


def sms(body: str = TEXT_ID, *, recipient: str = PHONE, id: int = 1) -> OutgoingMessage:
    return OutgoingMessage(
        id=id, channel=Channel.SMS, recipient=recipient, body=body, dedupe_key=f"sms-{id}"
    )


def mail(
    *,
    subject: str = TEXT_ID,
    body: str = "Yth. Bapak/Ibu,\n\nLaporan Anda telah ditanggapi oleh Dinas Perhubungan.\n",
    dedupe_key: str = "ticket-2611234567-answered",
    id: int = 7,
    recipient: str = EMAIL,
) -> OutgoingMessage:
    return OutgoingMessage(
        id=id,
        channel=Channel.EMAIL,
        recipient=recipient,
        body=body,
        subject=subject,
        dedupe_key=dedupe_key,
    )


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    with FakeTwilio() as server:
        yield server


@pytest.fixture
def twilio(fake: FakeTwilio) -> TwilioSmsSender:
    return TwilioSmsSender(
        ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, api_base_url=fake.base_url, timeout=2
    )


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


@pytest.fixture
def smtp(smtp_server: SmtpServer) -> SmtpSender:
    return SmtpSender(smtp_server.host, smtp_server.port, FROM_EMAIL, timeout=2)


# -- common --------------------------------------------------------------------------


def test_all_senders_satisfy_the_protocol(fake: FakeTwilio) -> None:
    senders: list[Sender] = [
        LogSender(Channel.SMS),
        TwilioSmsSender(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, api_base_url=fake.base_url),
        SmtpSender("127.0.0.1", 25, FROM_EMAIL),
    ]
    assert all(isinstance(sender, Sender) for sender in senders)
    assert [s.channel for s in senders] == [Channel.SMS, Channel.SMS, Channel.EMAIL]


def test_delivery_error_carries_permanence() -> None:
    assert DeliveryError("x").permanent is False
    assert DeliveryError("x", permanent=True).permanent is True
    assert str(DeliveryError("boom")) == "boom"


@pytest.mark.parametrize(
    ("recipient", "masked"),
    [
        ("+6281234565678", "+62812****5678"),
        ("081234565678", "08123****5678"),
        ("+62 812-3456-5678", "+62812****5678"),
        ("budi@example.org", "b***@example.org"),
        ("budi.santoso@example.org", "b***@example.org"),
        ("12345", "12****45"),
        ("", "***"),
    ],
)
def test_mask_recipient(recipient: str, masked: str) -> None:
    assert mask_recipient(recipient) == masked


# -- LogSender -----------------------------------------------------------------------


async def test_log_sender_masks_recipients(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="hotline.notify")
    sms_sender, mail_sender = LogSender(Channel.SMS), LogSender(Channel.EMAIL)

    assert await sms_sender.send(sms(id=41)) == Delivered("log-41")
    assert await mail_sender.send(mail(id=42)) == Delivered("log-42")

    records = [r for r in caplog.records if r.name == "hotline.notify"]
    assert len(records) == 2
    sms_line, mail_line = (r.getMessage() for r in records)
    assert "sms" in sms_line and "+62812****5678" in sms_line and TEXT_ID in sms_line
    assert "email" in mail_line and "b***@example.org" in mail_line
    everything = caplog.text + repr([r.args for r in caplog.records])
    for secret in (PHONE, PHONE.lstrip("+"), "34565678", EMAIL, "budi.santoso"):
        assert secret not in everything


async def test_log_sender_keeps_last_messages() -> None:
    sender = LogSender(Channel.SMS, keep=3)
    for i in range(5):
        await sender.send(sms(id=i))
    assert [m.id for m in sender.sent] == [2, 3, 4]
    assert LogSender(Channel.SMS, keep=0).sent == []


# -- Twilio --------------------------------------------------------------------------


async def test_twilio_posts_message(fake: FakeTwilio, twilio: TwilioSmsSender) -> None:
    delivered = await twilio.send(sms())

    (request,) = fake.requests
    assert request.method == "POST"
    assert request.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert (request.auth_user, request.auth_password) == (ACCOUNT_SID, AUTH_TOKEN)
    assert request.form == {"To": PHONE, "From": FROM_NUMBER, "Body": TEXT_ID}
    assert SID_RE.match(delivered.provider_id)
    assert delivered.provider_id == fake.messages[0]["sid"]
    assert fake.messages[0]["status"] == "queued"


async def test_twilio_non_ascii_body_survives(fake: FakeTwilio, twilio: TwilioSmsSender) -> None:
    body = "Pengaduan “jalan rusak” di Kec. Cibeunying — status: selesai ✓ (Rp 1.500.000)"
    await twilio.send(sms(body))
    assert fake.requests[0].form["Body"] == body
    assert fake.messages[0]["body"] == body


async def test_twilio_status_callback(fake: FakeTwilio) -> None:
    callback = "https://hotline.example.go.id/hooks/twilio/sms-status"
    sender = TwilioSmsSender(
        ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, api_base_url=fake.base_url, status_callback=callback
    )
    await sender.send(sms())
    assert fake.requests[0].form["StatusCallback"] == callback


async def test_twilio_server_errors_are_temporary(
    fake: FakeTwilio, twilio: TwilioSmsSender
) -> None:
    fake.fail_next(status=500, times=2)
    for _ in range(2):
        with pytest.raises(DeliveryError) as info:
            await twilio.send(sms())
        assert info.value.permanent is False
        assert "500" in str(info.value)
    # The worker's retry then goes through.
    assert SID_RE.match((await twilio.send(sms())).provider_id)
    assert len(fake.requests) == 3
    assert len(fake.messages) == 1


async def test_twilio_invalid_number_is_permanent(
    fake: FakeTwilio, twilio: TwilioSmsSender
) -> None:
    fake.fail_next(
        status=400, code=21211, message=f"The 'To' number {PHONE} is not a valid phone number."
    )
    with pytest.raises(DeliveryError) as info:
        await twilio.send(sms())
    assert info.value.permanent is True
    text = str(info.value)
    assert "21211" in text and "400" in text
    assert PHONE not in text and "+62812****5678" in text  # never the full number


@pytest.mark.parametrize(
    ("status", "permanent"),
    [
        (403, True),
        (404, True),
        (401, False),  # wrong credentials: configuration, retry once fixed
        (408, False),
        (429, False),
        (502, False),
        (503, False),
    ],
)
async def test_twilio_status_mapping(
    fake: FakeTwilio, twilio: TwilioSmsSender, status: int, permanent: bool
) -> None:
    fake.fail_next(status=status)
    with pytest.raises(DeliveryError) as info:
        await twilio.send(sms())
    assert info.value.permanent is permanent


async def test_twilio_wrong_credentials(fake: FakeTwilio) -> None:
    with FakeTwilio(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as strict:
        wrong = TwilioSmsSender(ACCOUNT_SID, "wrong", FROM_NUMBER, api_base_url=strict.base_url)
        with pytest.raises(DeliveryError, match="20003") as info:
            await wrong.send(sms())
        assert info.value.permanent is False
        right = TwilioSmsSender(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, api_base_url=strict.base_url)
        assert (await right.send(sms())).provider_id


async def test_twilio_connection_refused_is_temporary(
    fake: FakeTwilio, twilio: TwilioSmsSender
) -> None:
    await twilio.send(sms())  # leaves a kept-alive connection in the client's pool
    fake.stop()
    with pytest.raises(DeliveryError) as info:
        await twilio.send(sms())
    assert info.value.permanent is False

    unused = TwilioSmsSender(
        ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, api_base_url=f"http://127.0.0.1:{unused_port()}"
    )
    with pytest.raises(DeliveryError) as info:
        await unused.send(sms())
    assert info.value.permanent is False


async def test_twilio_dropped_connection_is_temporary(
    fake: FakeTwilio, twilio: TwilioSmsSender
) -> None:
    fake.disconnect_next()
    with pytest.raises(DeliveryError) as info:
        await twilio.send(sms())
    assert info.value.permanent is False


async def test_twilio_timeout_is_temporary(fake: FakeTwilio) -> None:
    sender = TwilioSmsSender(
        ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, api_base_url=fake.base_url, timeout=0.2
    )
    fake.stall_next(1.0)
    with pytest.raises(DeliveryError, match="timeout") as info:
        await sender.send(sms())
    assert info.value.permanent is False


async def test_twilio_rejects_other_channels(twilio: TwilioSmsSender) -> None:
    with pytest.raises(DeliveryError) as info:
        await twilio.send(mail())
    assert info.value.permanent is True


def test_twilio_client_fetches_files_from_base_url(fake: FakeTwilio) -> None:
    path = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Recordings/RE{'ab' * 16}.wav"
    fake.add_file(path, b"RIFF....WAVEfmt ", "audio/x-wav")
    client = twilio_client(ACCOUNT_SID, AUTH_TOKEN, fake.base_url)

    response = client.api.request("GET", path)

    assert response.status_code == 200
    assert response.text == "RIFF....WAVEfmt "
    assert (fake.requests[0].auth_user, fake.requests[0].auth_password) == (
        ACCOUNT_SID,
        AUTH_TOKEN,
    )
    assert client.api.request("GET", path + "x").status_code == 404


def test_twilio_client_requires_credentials() -> None:
    with pytest.raises(ValueError):
        twilio_client("", AUTH_TOKEN)


# -- SMTP ----------------------------------------------------------------------------


async def test_smtp_delivers_utf8_message(smtp_server: SmtpServer, smtp: SmtpSender) -> None:
    message = mail(body="Terima kasih — laporan 2611234567 sudah “selesai”.\n")
    delivered = await smtp.send(message)

    (received,) = smtp_server.messages
    assert received.mail_from == "noreply@lapor.example.go.id"
    assert received.rcpt_tos == [EMAIL]
    email = received.message
    assert email["Subject"] == TEXT_ID
    assert email["To"] == EMAIL
    assert email["From"] == FROM_EMAIL
    assert email["Auto-Submitted"] == "auto-generated"
    assert email["Date"]
    assert email.get_content_type() == "text/plain"
    assert email.get_content_charset() == "utf-8"
    assert email.get_content().replace("\r\n", "\n") == message.body
    assert delivered.provider_id == email["Message-ID"]
    assert email["Message-ID"].endswith("@lapor.example.go.id>")
    assert received.raw.isascii()  # 7-bit on the wire: no 8BITMIME needed


async def test_smtp_message_id_is_stable_per_dedupe_key(
    smtp_server: SmtpServer, smtp: SmtpSender
) -> None:
    first = await smtp.send(mail(dedupe_key="ticket-1-answered", id=1))
    retry = await smtp.send(mail(dedupe_key="ticket-1-answered", id=1))
    other = await smtp.send(mail(dedupe_key="ticket-2-answered", id=2))
    no_key = await smtp.send(mail(dedupe_key="", id=3))
    no_key_retry = await smtp.send(mail(dedupe_key="", id=3))

    ids = [m.message["Message-ID"] for m in smtp_server.messages]
    assert ids == [p.provider_id for p in (first, retry, other, no_key, no_key_retry)]
    assert ids[0] == ids[1] != ids[2]
    assert ids[3] == ids[4] not in ids[:3]


async def test_smtp_subject_never_spans_lines(smtp_server: SmtpServer, smtp: SmtpSender) -> None:
    await smtp.send(mail(subject="Laporan\r\nBcc: mallory@example.com"))
    email = smtp_server.messages[0].message
    assert email["Subject"] == "Laporan Bcc: mallory@example.com"
    assert email["Bcc"] is None


@pytest.mark.parametrize(
    ("stage", "code", "permanent"),
    [("data", 451, False), ("data", 550, True), ("rcpt", 450, False), ("rcpt", 550, True)],
)
async def test_smtp_rejections(
    smtp_server: SmtpServer, smtp: SmtpSender, stage: str, code: int, permanent: bool
) -> None:
    smtp_server.fail_next(code, stage="rcpt" if stage == "rcpt" else "data")
    with pytest.raises(DeliveryError) as info:
        await smtp.send(mail())
    assert info.value.permanent is permanent
    assert str(code) in str(info.value)
    assert EMAIL not in str(info.value)
    assert smtp_server.messages == []
    await smtp.send(mail())  # the retry goes through
    assert len(smtp_server.messages) == 1


async def test_smtp_connection_refused_is_temporary(
    smtp_server: SmtpServer, smtp: SmtpSender
) -> None:
    smtp_server.stop()
    for sender in (smtp, SmtpSender("127.0.0.1", unused_port(), FROM_EMAIL, timeout=2)):
        with pytest.raises(DeliveryError) as info:
            await sender.send(mail())
        assert info.value.permanent is False
        assert EMAIL not in str(info.value)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
async def test_smtp_login() -> None:
    with SmtpServer(users={"hotline": "rahasia"}) as server:
        good = SmtpSender(
            server.host, server.port, FROM_EMAIL, username="hotline", password="rahasia"
        )
        await good.send(mail())
        assert server.messages[0].auth_login == "hotline"

        bad = SmtpSender(server.host, server.port, FROM_EMAIL, username="hotline", password="x")
        with pytest.raises(DeliveryError) as info:
            await bad.send(mail())
        assert info.value.permanent is False  # configuration: retry once fixed

        anonymous = SmtpSender(server.host, server.port, FROM_EMAIL)
        with pytest.raises(DeliveryError):
            await anonymous.send(mail())
        assert len(server.messages) == 1


async def test_smtp_starttls_not_offered_is_temporary(smtp_server: SmtpServer) -> None:
    sender = SmtpSender(smtp_server.host, smtp_server.port, FROM_EMAIL, starttls=True)
    with pytest.raises(DeliveryError, match="STARTTLS") as info:
        await sender.send(mail())
    assert info.value.permanent is False
    assert smtp_server.messages == []


@pytest.mark.parametrize(
    "message",
    [
        mail(recipient="not-an-address"),
        mail(recipient="a@example.org\r\nBcc: b@example.org"),
        sms(),
    ],
)
async def test_smtp_rejects_bad_messages_permanently(
    smtp_server: SmtpServer, smtp: SmtpSender, message: OutgoingMessage
) -> None:
    with pytest.raises(DeliveryError) as info:
        await smtp.send(message)
    assert info.value.permanent is True
    assert smtp_server.messages == []
