"""Photos and voice notes sent by message, fetched by the worker from a local stand-in for
Twilio: the photo loses its EXIF as on the web, the voice note is kept as a recording, and a
file over the size limit or of another type is refused for good."""

from __future__ import annotations

import io

from PIL import Image

from hotline.messaging import conversation
from hotline.messaging.config import get_config
from hotline.messaging.engine import Incoming, Media
from hotline.messaging.inbound import Inbound, parse
from hotline.messaging.media import MEDIA, MediaFetcher
from hotline.notify.delivery import deliver_due
from hotline.notify.tables import OutboxMessage
from hotline.tickets import storage
from hotline.tickets.tables import Attachment
from tests.integration.citizen.world import jpeg_with_gps
from tests.integration.ivr.helpers import phone_directory
from tests.integration.messaging.helpers import MEDIA_BASE, new_message_sid
from tests.support.fake_twilio import FakeTwilio

SID = "AC" + "0" * 32
TOKEN = "token"
NUMBER = "+6281234560002"
OGG = b"OggS" + b"\x00" * 200


async def write(incoming: Incoming) -> str:
    return (
        await conversation.receive(Inbound(new_message_sid(), "whatsapp", NUMBER, incoming))
    ).text


async def test_photo_without_exif_voice_note_kept_and_oversize_refused() -> None:
    await phone_directory()
    photo, voice, big = (f"{MEDIA_BASE}/MM{i}/Media/ME{i}" for i in range(3))
    await write(Incoming(media=(Media(voice, "audio/ogg"),)))
    for text in ("9", "Desa Sojokerto"):
        await write(Incoming(text))
    await write(Incoming(media=(Media(photo, "image/jpeg"), Media(big, "audio/mpeg"))))
    await write(Incoming("1"))
    await write(Incoming("2"))
    assert "PIN Anda" in await write(Incoming("1"))
    with FakeTwilio(account_sid=SID, auth_token=TOKEN) as fake:
        prefix = len("https://api.twilio.com")
        fake.add_file(photo[prefix:], jpeg_with_gps(), "image/jpeg")
        fake.add_file(voice[prefix:], OGG, "audio/ogg")
        fake.add_file(
            big[prefix:], b"\xff" * (get_config().max_media_mb * 1024 * 1024 + 1), "audio/mpeg"
        )
        stats = await deliver_due({MEDIA: MediaFetcher(SID, TOKEN, api_base_url=fake.base_url)})
        assert (stats.sent, stats.dead) == (2, 1)
        assert {(r.auth_user, r.auth_password) for r in fake.requests} == {(SID, TOKEN)}
    rows = {r["source_url"]: r for r in await Attachment.select()}
    stored = Image.open(io.BytesIO(storage.read_bytes(rows[photo]["storage_path"])))
    assert not stored.getexif() and "exif" not in stored.info
    assert rows[photo]["kind"] == "photo"
    assert storage.read_bytes(rows[voice]["storage_path"]) == OGG
    assert rows[voice]["kind"] == "recording" and rows[voice]["content_type"] == "audio/ogg"
    assert rows[big]["storage_path"] == ""
    dead = await OutboxMessage.select().where(OutboxMessage.status == "dead").first()
    assert dead is not None and "larger than" in dead["last_error"]


async def test_a_type_we_do_not_keep_is_refused_at_once() -> None:
    form = {
        "MessageSid": new_message_sid(),
        "From": f"whatsapp:{NUMBER}",
        "Body": "",
        "NumMedia": "1",
        "MediaUrl0": f"{MEDIA_BASE}/MM9/Media/ME9",
        "MediaContentType0": "application/pdf",
    }
    msg = parse(form)
    assert msg is not None and msg.incoming.media == () and msg.refused_media == 1
    answer = (await conversation.receive(msg)).text
    assert answer.startswith("Kami hanya dapat menyimpan foto (JPEG, PNG) dan pesan suara")
