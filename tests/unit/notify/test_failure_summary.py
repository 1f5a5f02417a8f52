"""The text of the daily summary of undelivered messages: pure, in both languages."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hotline.notify.failures import SUMMARY_LINES, FailedMessage, FailureCounts, summary_text
from hotline.notify.outbox import About

WHEN = datetime(2026, 12, 6, 1, 0, tzinfo=UTC)


def _message(n: int, *, state: str = "dead", about: About | None = None) -> FailedMessage:
    return FailedMessage(
        id=n,
        state=state,
        channel="sms",
        recipient="+6281234567890",
        subject="",
        last_error="Twilio HTTP 400 (error 21211): Invalid 'To' Phone Number",
        attempts=1,
        since=WHEN,
        about=about,
    )


def _text(locale: str, counts: FailureCounts, failed: list[FailedMessage]) -> tuple[str, str]:
    summary = summary_text(
        locale,
        date(2026, 12, 6),
        counts,
        failed,
        references={42: "2600-0042"},
        link="https://hotline.example.go.id/konsol/admin/pesan-gagal",
        when=lambda instant: instant.isoformat(),
    )
    return summary.subject, summary.body


def test_the_summary_names_each_message_masked_with_its_report_and_error() -> None:
    failed = [_message(1, about=About("ticket", 42)), _message(2, state="stuck")]
    subject, body = _text("id", FailureCounts(dead=1, stuck=1), failed)
    assert subject == "Hotline: 2 pesan tidak terkirim (2026-12-06)"
    assert "+62812****7890" in body and "+6281234567890" not in body
    assert "laporan 2600-0042" in body and "dihentikan" in body and "lewat waktu" in body
    assert "Invalid 'To' Phone Number" in body
    assert "https://hotline.example.go.id/konsol/admin/pesan-gagal" in body
    english_subject, english = _text("en", FailureCounts(dead=1, stuck=1), failed)
    assert english_subject == "Hotline: 2 messages not delivered (2026-12-06)"
    assert "report 2600-0042" in english and "given up" in english


def test_a_long_list_is_cut_and_the_rest_counted() -> None:
    failed = [_message(n) for n in range(SUMMARY_LINES)]
    _, body = _text("en", FailureCounts(dead=SUMMARY_LINES + 7, stuck=0), failed)
    assert body.count("\n- ") == SUMMARY_LINES
    assert "… and 7 more." in body
