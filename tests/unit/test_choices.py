"""Every choice carries its labels (hotline/choices.py): each member of every `Choice` in the
source has each of its labels, Babel extracts them, and Indonesian translates them.

The choices are found in the source, so a new one is checked without being listed here."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import hotline
from hotline.choices import N_, Choice
from hotline.i18n import LOCALES_DIR, domains, t
from hotline.tickets.lifecycle import Status

ROOT = Path(hotline.__file__).parent


def _choices() -> list[type[Choice]]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(b, ast.Name) and b.id == "Choice" for b in node.bases
            ):
                module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
                found.append(getattr(importlib.import_module(module), node.name))
    return found


CHOICES = _choices()


def _label_names(choice: type[Choice]) -> dict[str, bool]:
    """The labels each member must carry: `label`, and the named labels the class declares
    (True where one may be absent, `str | None`)."""
    declared = {
        name: "None" in str(kind)
        for name, kind in vars(choice).get("__annotations__", {}).items()
        if not name.startswith("_")
    }
    return {"label": False, **declared}


def _messages(path: str) -> dict[str, str]:
    """msgid -> msgstr of every domain's `path` ("{domain}.pot", "id/LC_MESSAGES/{domain}.po")."""
    found: dict[str, str] = {}
    for domain in domains():
        with (LOCALES_DIR / path.format(domain=domain)).open("rb") as fh:
            found |= {str(m.id): str(m.string or "") for m in read_po(fh) if m.id and not m.fuzzy}
    return found


def test_the_choices_are_found() -> None:
    names = {c.__name__ for c in CHOICES}
    assert {"Status", "RejectReason", "EventKind", "ActorType", "ClockKind", "Privacy"} <= names
    assert {"Channel", "Role", "AccessKind", "Dimension"} <= names


@pytest.mark.parametrize("choice", CHOICES, ids=lambda c: c.__name__)
def test_every_member_has_its_labels_extracted_and_translated(choice: type[Choice]) -> None:
    extracted = _messages("{domain}.pot")
    indonesian = _messages("id/LC_MESSAGES/{domain}.po")
    for member in choice:
        for name, optional in _label_names(choice).items():
            msgid = getattr(member, name)
            if optional and msgid is None:
                continue
            assert isinstance(msgid, str) and msgid.strip(), f"{member!r} has no {name}"
            assert msgid in extracted, f"{member!r}.{name} {msgid!r} is in no .pot: N_() it"
            assert indonesian.get(msgid), f"{member!r}.{name} {msgid!r} is not translated"


@pytest.mark.parametrize("choice", CHOICES, ids=lambda c: c.__name__)
def test_labels_tell_the_members_apart(choice: type[Choice]) -> None:
    labels = [member.label for member in choice]
    assert len(set(labels)) == len(labels)


def test_a_member_is_its_key() -> None:
    assert Status("selesai") is Status.SELESAI
    assert Status.SELESAI == "selesai" and Status.SELESAI.value == "selesai"
    assert f"{Status.SELESAI}" == "selesai"
    assert Status.SELESAI.label == N_("Resolved")
    assert t("id", Status.SELESAI.label) == "Selesai"
