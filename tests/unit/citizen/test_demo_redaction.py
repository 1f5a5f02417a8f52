"""The demo verifier's redaction: what it removes from a report before publication."""

from __future__ import annotations

from hotline.demo.history import redact


def test_names_phone_numbers_emails_and_rt_rw_are_removed() -> None:
    text = (
        "Saya Budi dari Dusun Krajan, RT 03/RW 02, Kaligowong. Hubungi 0812-3456-7890 atau "
        "+62 812 0000 1234 atau budi12@example.com. Jalan berlubang sejak 3 bulan."
    )
    public = redact(text, ("Budi",))
    assert public == (
        "Saya [nama] dari Dusun Krajan, Kaligowong. Hubungi [nomor telepon] atau "
        "[nomor telepon] atau [e-mail]. Jalan berlubang sejak 3 bulan."
    )


def test_a_name_inside_another_word_and_ordinary_numbers_stay() -> None:
    text = "Lampu di Tegalsari mati 2 minggu, tiang nomor 12, SD Negeri 3."
    assert redact(text, ("Sari",)) == text
