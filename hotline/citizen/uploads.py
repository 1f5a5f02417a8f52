"""Checking and cleaning the photos and PDFs a citizen attaches (pure: bytes in, bytes out).

What a file is comes from its first bytes, never from its name or the type the browser declared
(both are the sender's claim). Images are decoded and written again by Pillow: what is stored is
pixels we produced, so EXIF (GPS position, camera and phone model, owner name), XMP and comments
are gone, and a file that only looks like an image at its start does not survive decoding. PDFs
cannot be re-rendered here, so they are checked instead: a real PDF header and end marker, within
the size limit, and no active content (scripts, launch actions, embedded files).
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import partial

import anyio
from PIL import Image, ImageOps, UnidentifiedImageError

from hotline.errors import FieldError
from hotline.i18n import N_

# A 48-megapixel phone photo is about 48e6 pixels; more than this is a decompression bomb.
MAX_PIXELS = 60_000_000
# Long edge of a stored photo: plenty for an officer to read a sign or a meter, a fraction of
# the storage of a full-resolution original.
MAX_EDGE = 2560
JPEG_QUALITY = 85
FIELD = "files"

# Markers of active content in a PDF: JavaScript, actions that start programs, attached files.
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")


class Kind(StrEnum):
    PHOTO = "photo"
    DOCUMENT = "document"


@dataclass(frozen=True)
class CleanFile:
    kind: Kind
    filename: str  # the citizen's name for it, made safe to show
    content_type: str
    suffix: str
    data: bytes


class UploadRejected(Exception):
    """A file that cannot be accepted, with a message (msgid) naming it for the citizen."""

    def __init__(self, message: str, **params: object) -> None:
        self.error = FieldError(FIELD, message, params)
        super().__init__(message.format(**params) if params else message)


def sniff(data: bytes) -> str | None:
    """The format the bytes themselves announce: jpeg, png, webp, pdf, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    # The PDF specification allows the header within the first 1024 bytes; real files put it
    # first, and accepting junk before it is how polyglot files get through.
    if data.startswith(b"%PDF-"):
        return "pdf"
    return None


def safe_filename(raw: str) -> str:
    """The last path part of what the browser sent, without control characters, at most 120."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:120] or "lampiran"


def clean(raw_name: str, data: bytes, *, max_bytes: int) -> CleanFile:
    """Accept one attachment (returning what to store) or raise UploadRejected."""
    name = safe_filename(raw_name)
    if not data:
        raise UploadRejected(N_("{name} is empty."), name=name)
    if len(data) > max_bytes:
        raise UploadRejected(
            N_("{name} is larger than {limit} MB, the limit per file."),
            name=name,
            limit=max_bytes // (1024 * 1024),
        )
    kind = sniff(data)
    if kind == "pdf":
        return _check_pdf(name, data)
    if kind in ("jpeg", "png", "webp"):
        return _reencode(name, data, kind)
    raise UploadRejected(
        N_("{name} is not a photo (JPEG, PNG, WebP) or a PDF document, so it was not accepted."),
        name=name,
    )


async def clean_in_thread(raw_name: str, data: bytes, *, max_bytes: int) -> CleanFile:
    """`clean` off the event loop: decoding a 48-megapixel photo takes a while (Pillow releases
    the GIL meanwhile), and other citizens' requests must not wait for it."""
    return await anyio.to_thread.run_sync(partial(clean, raw_name, data, max_bytes=max_bytes))


def _check_pdf(name: str, data: bytes) -> CleanFile:
    if b"%%EOF" not in data[-2048:]:
        raise UploadRejected(N_("{name} is not a complete PDF document."), name=name)
    if _PDF_ACTIVE.search(data):
        raise UploadRejected(
            N_("{name} contains scripts or embedded files; send a plain PDF or a photo instead."),
            name=name,
        )
    return CleanFile(Kind.DOCUMENT, name, "application/pdf", ".pdf", data)


def _reencode(name: str, data: bytes, kind: str) -> CleanFile:
    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.format is None or opened.format.lower() != kind:
                raise UploadRejected(N_("{name} could not be read as an image."), name=name)
            width, height = opened.size
            if width * height > MAX_PIXELS:
                raise UploadRejected(
                    N_("{name} has too many pixels; send a smaller photo."), name=name
                )
            # The camera's orientation lives in EXIF, which is about to go: apply it first so
            # the photo is not stored sideways.
            image = ImageOps.exif_transpose(opened)
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise UploadRejected(N_("{name} could not be read as an image."), name=name) from None
    image.thumbnail((MAX_EDGE, MAX_EDGE))
    out = io.BytesIO()
    if kind == "png":
        # Screenshots stay PNG (sharp text, transparency).
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")
        _pixels_only(image).save(out, format="PNG", optimize=True)
        return CleanFile(Kind.PHOTO, name, "image/png", ".png", out.getvalue())
    if image.mode != "RGB":
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    _pixels_only(image).save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return CleanFile(Kind.PHOTO, name, "image/jpeg", ".jpg", out.getvalue())


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image holding the pixels and nothing else.

    Pillow's encoders fall back to what the decoded image carried (a JPEG comment, an ICC
    profile, PNG text): building the image from its raw pixels leaves nothing to fall back to.
    """
    return Image.frombytes(image.mode, image.size, image.tobytes())
