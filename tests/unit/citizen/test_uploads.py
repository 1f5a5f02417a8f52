"""Upload checks: what a file is comes from its bytes; photos come out without metadata."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from hotline.citizen.uploads import Kind, UploadRejected, clean, safe_filename, sniff

MB = 1024 * 1024


def _jpeg(*, orientation: int | None = None, size: tuple[int, int] = (40, 20)) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone 12 Pro"
    exif[0x013B] = "Owner Name"  # Artist
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "S", (7.0, 21.0, 36.0), "E", (109.0, 54.0, 11.0)
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    Image.new("RGB", size, (10, 200, 10)).save(
        out, format="JPEG", exif=exif, comment=b"secret", icc_profile=b"\0" * 128
    )
    return out.getvalue()


def _open(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_a_jpeg_with_gps_comes_out_without_any_exif() -> None:
    original = _jpeg()
    assert _open(original).getexif().get_ifd(0x8825)
    result = clean("IMG_0001.JPG", original, max_bytes=MB)
    assert (result.kind, result.content_type, result.suffix) == (Kind.PHOTO, "image/jpeg", ".jpg")
    out = _open(result.data)
    assert out.format == "JPEG" and out.size == (40, 20)
    assert not out.getexif()
    assert "exif" not in out.info and "comment" not in out.info and "icc_profile" not in out.info
    assert b"PhoneMaker" not in result.data and b"Owner Name" not in result.data


def test_the_camera_orientation_is_applied_before_the_exif_goes() -> None:
    # Orientation 6: the camera was turned; the stored photo must stand upright without EXIF.
    out = _open(clean("p.jpg", _jpeg(orientation=6, size=(40, 20)), max_bytes=MB).data)
    assert out.size == (20, 40)


def test_a_png_stays_png_without_its_text_chunks() -> None:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Siti Rahayu")
    buf = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(buf, format="PNG", pnginfo=info)
    result = clean("layar.png", buf.getvalue(), max_bytes=MB)
    assert result.content_type == "image/png" and b"Siti Rahayu" not in result.data
    assert _open(result.data).mode == "RGBA"


def test_large_photos_are_scaled_down() -> None:
    out = _open(clean("big.jpg", _jpeg(size=(4000, 3000)), max_bytes=10 * MB).data)
    assert max(out.size) == 2560


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("foto.jpg", b"<!doctype html><html><script>alert(1)</script></html>"),
        ("foto.jpg", b"MZ\x90\x00\x03\x00\x00\x00"),  # a Windows program
        ("dokumen.pdf", b"PK\x03\x04 a zip file"),
        ("foto.gif", b"GIF89a....."),
    ],
)
def test_what_is_not_a_photo_or_pdf_is_refused_whatever_its_name(name: str, data: bytes) -> None:
    with pytest.raises(UploadRejected) as refused:
        clean(name, data, max_bytes=MB)
    assert refused.value.error.field == "files"
    assert refused.value.error.localized("en") == (
        f"{name} is not a photo (JPEG, PNG, WebP) or a PDF document, so it was not accepted."
    )


def test_a_file_that_starts_like_a_jpeg_but_is_not_one_is_refused() -> None:
    with pytest.raises(UploadRejected) as refused:
        clean("x.jpg", b"\xff\xd8\xff\xe0" + b"<html>" * 50, max_bytes=MB)
    assert refused.value.error.localized("id") == "x.jpg tidak dapat dibaca sebagai gambar."


def test_an_oversize_file_is_refused_with_the_limit() -> None:
    with pytest.raises(UploadRejected) as refused:
        clean("besar.jpg", _jpeg() + b"\0" * MB, max_bytes=MB)
    assert refused.value.error.localized("id") == (
        "besar.jpg lebih besar dari 1 MB, batas per berkas."
    )


def test_pdfs_are_checked_not_trusted() -> None:
    good = b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    result = clean("surat.pdf", good, max_bytes=MB)
    assert (result.kind, result.data) == (Kind.DOCUMENT, good)
    with pytest.raises(UploadRejected):
        clean("potong.pdf", good[:40], max_bytes=MB)  # cut off: no end marker
    active = good.replace(
        b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>"
    )
    with pytest.raises(UploadRejected) as refused:
        clean("skrip.pdf", active, max_bytes=MB)
    assert "scripts" in refused.value.error.localized("en")
    with pytest.raises(UploadRejected):
        clean("kosong.pdf", b"", max_bytes=MB)


def test_sniffing_and_names() -> None:
    assert sniff(_jpeg()) == "jpeg" and sniff(b"%PDF-1.4") == "pdf" and sniff(b"hello") is None
    assert safe_filename("C:\\Users\\siti\\foto jalan.jpg") == "foto jalan.jpg"
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("a\x00b\nc.jpg") == "abc.jpg"
    assert safe_filename("") == "lampiran"
