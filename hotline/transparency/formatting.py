"""Numbers, percentages, months and dates as people read them, by Babel for the locale:
"1.234", "87,5%", "Oktober 2026" in Indonesian; "1,234", "87.5%", "October 2026" in English."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

from hotline.i18n import t
from hotline.transparency.months import Month

WIB = ZoneInfo("Asia/Jakarta")
DASH = "–"  # shown where there is nothing to compute (no report, no clock)


@dataclass(frozen=True)
class Formatter:
    locale: str
    zone: ZoneInfo = WIB

    def number(self, value: float | None, digits: int = 0) -> str:
        if value is None:
            return DASH
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, value: float | None) -> str:
        """A share with one decimal: 0.875 -> "87,5%" (id), "87.5%" (en)."""
        if value is None:
            return DASH
        return format_percent(value, format="#,##0.0%", locale=self.locale)

    def percent_whole(self, value: float) -> str:
        """A change without decimals: 0.123 -> "12%"."""
        return format_percent(value, format="#,##0%", locale=self.locale)

    def days(self, value: float | None) -> str:
        """Working days with one decimal and the unit."""
        if value is None:
            return DASH
        return t(self.locale, "{days} working days", days=self.number(value, 1))

    def seconds(self, value: float | None) -> str:
        if value is None:
            return DASH
        return t(self.locale, "{seconds} s", seconds=self.number(value, 0))

    def month(self, value: Month | str) -> str:
        m = Month.parse(value) if isinstance(value, str) else value
        return format_date(m.first_day, "MMMM y", locale=self.locale)

    def month_short(self, value: Month | str) -> str:
        m = Month.parse(value) if isinstance(value, str) else value
        return format_date(m.first_day, "MMM y", locale=self.locale)

    def date(self, value: date | datetime | str) -> str:
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if isinstance(value, datetime):
            value = value.astimezone(self.zone).date()
        return format_date(value, "d MMMM y", locale=self.locale)

    def datetime(self, value: datetime | str) -> str:
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return format_datetime(value, "d MMMM y HH:mm zzz", tzinfo=self.zone, locale=self.locale)

    def weekday(self, index: int) -> str:
        # 2026-11-23 is a Monday: index 0 = Monday, as in Python.
        return format_date(date(2026, 11, 23 + index), "EEEE", locale=self.locale)

    def ratio(self, met: int, decided: int, rate: float | None) -> str:
        """ "72,7% (8 of 11)": a share is never shown without its counts."""
        return t(
            self.locale,
            "{percent} ({met} of {decided})",
            percent=self.percent(rate),
            met=self.number(met),
            decided=self.number(decided),
        )
