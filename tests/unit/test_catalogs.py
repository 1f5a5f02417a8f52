"""The gettext catalogs stay complete: every msgid in the source is in the template, every
template message is in both catalogs, and Indonesian (the default language) translates all of
them without breaking a `{placeholder}`.

Every domain (locales/<domain>.cfg) is checked the same way. When one of these fails after you
added or changed a user-facing string: run `make locales-update`, then translate the new
messages in locales/id/LC_MESSAGES/<domain>.po.
"""

from __future__ import annotations

import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from hotline.i18n import LOCALES_DIR, domains, t
from hotline.settings import PROJECT_ROOT

DOMAINS = domains()
LOCALES = ("id", "en")
FIX = "run `make locales-update` and translate the new messages in locales/id"
# The options of `make locales-extract` (keep the keywords in step with the Makefile).
EXTRACT = "--quiet extract -k N_ -k t:2 --no-location --sort-output"

# Characters an SMS can carry in the GSM 03.38 default alphabet (one byte each); anything else
# (curly quotes, em dashes, ellipses...) switches the whole SMS to UCS-2 and halves its length.
GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
    "^{}\\[~]|€"  # the extension table (two bytes each, still GSM-7)
)


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _messages(catalog: Catalog) -> dict:
    return {m.id: m for m in catalog if m.id}


def _texts(value: str | tuple | list) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


@pytest.fixture(scope="module", params=DOMAINS)
def domain(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def template(domain: str) -> dict:
    return _messages(_read(LOCALES_DIR / f"{domain}.pot"))


@pytest.fixture(scope="module")
def catalogs(domain: str) -> dict[str, Catalog]:
    return {
        locale: _read(LOCALES_DIR / locale / "LC_MESSAGES" / f"{domain}.po", locale)
        for locale in LOCALES
    }


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_has_exactly_the_template_messages(locale, template, catalogs) -> None:
    messages = _messages(catalogs[locale])
    missing = sorted(map(str, template.keys() - messages.keys()))
    stale = sorted(map(str, messages.keys() - template.keys()))
    assert not missing, f"{locale} catalog lacks {missing}: {FIX}"
    assert not stale, f"{locale} catalog has messages no longer in the template {stale}: {FIX}"


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_header_is_valid(locale, catalogs) -> None:
    catalog = catalogs[locale]
    assert str(catalog.locale) == locale
    assert catalog.num_plurals >= 1
    assert catalog.charset.lower() == "utf-8"
    assert not catalog.fuzzy, f"the {locale} catalog header is marked fuzzy"


def test_indonesian_translates_every_message(catalogs) -> None:
    untranslated = [str(m.id) for m in catalogs["id"] if m.id and not all(_texts(m.string))]
    fuzzy = [str(m.id) for m in catalogs["id"] if m.id and m.fuzzy]
    assert not untranslated, f"untranslated in locales/id: {untranslated}"
    assert not fuzzy, f"fuzzy (unchecked) in locales/id, review and drop the flag: {fuzzy}"


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_the_placeholders(locale, catalogs) -> None:
    broken = []
    for m in catalogs[locale]:
        if not m.id:
            continue
        expected = set().union(*(_placeholders(s) for s in _texts(m.id)))
        for text in _texts(m.string):
            if text and _placeholders(text) != expected:
                broken.append(f"{m.id!r} -> {text!r}")
    assert not broken, "translations must use exactly the msgid's {placeholders}:\n" + "\n".join(
        broken
    )


def test_sms_texts_stay_in_gsm7(catalogs) -> None:
    """Every "Hotline..." text may go out by SMS to a feature phone."""
    bad = [
        f"{text!r}: {''.join(sorted(set(text) - GSM7))!r}"
        for locale in LOCALES
        for m in catalogs[locale]
        if m.id and str(m.id).startswith("Hotline")
        for text in (*_texts(m.id), *_texts(m.string))
        if set(text) - GSM7
    ]
    assert not bad, "SMS texts with characters outside GSM-7:\n" + "\n".join(bad)


def test_template_is_up_to_date(domain, template, tmp_path) -> None:
    pybabel = Path(sys.executable).parent / "pybabel"
    command = (
        [str(pybabel)]
        if pybabel.exists()
        else [sys.executable, "-c", "from babel.messages.frontend import main; main()"]
    )
    out = tmp_path / f"{domain}.pot"
    run = subprocess.run(
        [*command, *EXTRACT.split(), "-F", f"locales/{domain}.cfg", "-o", str(out), "."],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, f"pybabel extract failed:\n{run.stderr}"
    extracted = _messages(_read(out))
    new = sorted(map(str, extracted.keys() - template.keys()))
    gone = sorted(map(str, template.keys() - extracted.keys()))
    assert not new and not gone, (
        f"locales/{domain}.pot is stale (new in the source: {new}; gone from it: {gone}): {FIX}"
    )


def test_indonesian_is_used() -> None:
    assert t("id", "Received") == "Diterima"
    assert t("en", "Received") == "Received"


@pytest.mark.parametrize("locale", LOCALES)
def test_domains_agree_on_shared_messages(locale) -> None:
    """All domains are merged into one catalog at run time (hotline/i18n.py), so a msgid that two
    domains share must mean the same thing in both: otherwise one area's word silently replaces
    the other's. Give different meanings different msgids ("Calls answered", not "Answered")."""
    seen: dict[str, tuple[str, object]] = {}
    clashes = []
    for domain in DOMAINS:
        path = LOCALES_DIR / locale / "LC_MESSAGES" / f"{domain}.po"
        for m in _read(path, locale):
            if not m.id or not m.string:
                continue
            key = str(m.id)
            if key in seen and seen[key][1] != m.string:
                clashes.append(f"{key!r}: {seen[key][0]} {seen[key][1]!r} vs {domain} {m.string!r}")
            seen.setdefault(key, (domain, m.string))
    assert not clashes, "the same msgid translated differently by two domains:\n" + "\n".join(
        clashes
    )
