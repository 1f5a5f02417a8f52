"""Translations: Indonesian first, English second, from the gettext catalogs in locales/.

Catalogs are read from the .po files themselves (through Babel), so a fresh clone needs no
compile step and a stale .mo can never disagree with its source. msgids are English; the `id`
catalog must translate every one of them (a test checks it), the `en` catalog may leave msgstr
empty and fall back to the msgid.

Mark a string for extraction where it is defined with `N_` (it stays a msgid) and translate it
where a person will read it with `t(locale, msgid, **params)`.

The catalogs are split into domains so that each area (the core, the IVR, the citizen pages,
Open311, the console, transparency) keeps its own file: `locales/<domain>.cfg` names a domain's
source files, `locales/<domain>.pot` is its template and `locales/<lang>/LC_MESSAGES/<domain>.po`
its translations. At run time every domain of a language is merged into one catalog, so `t()`
needs no domain argument.
"""

from __future__ import annotations

import io
from functools import lru_cache
from gettext import NullTranslations
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from hotline.choices import N_ as N_  # marks a msgid; defined low for the pure modules
from hotline.settings import PROJECT_ROOT

LOCALES_DIR = PROJECT_ROOT / "locales"
SUPPORTED = ("id", "en")
DEFAULT = "id"


def normalize_locale(value: str | None) -> str:
    if not value:
        return DEFAULT
    lang = value.replace("_", "-").split("-")[0].lower()
    return lang if lang in SUPPORTED else DEFAULT


def domains() -> list[str]:
    """The catalog domains, one per `locales/<domain>.cfg` extraction map."""
    return sorted(path.stem for path in LOCALES_DIR.glob("*.cfg"))


def _load_po(path: Path, locale: str) -> Translations:
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain=path.stem)


@lru_cache(maxsize=len(SUPPORTED))
def translations(locale: str) -> NullTranslations:
    merged: Translations | None = None
    for domain in domains():
        po = LOCALES_DIR / locale / "LC_MESSAGES" / f"{domain}.po"
        if not po.exists():
            continue
        loaded = _load_po(po, locale)
        if merged is None:
            merged = loaded
        else:
            merged.merge(loaded)
    return merged if merged is not None else NullTranslations()


def t(locale: str, message: str, /, **params: object) -> str:
    text = translations(normalize_locale(locale)).gettext(message)
    return text.format(**params) if params else text
