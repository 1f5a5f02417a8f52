"""Evaluation forms as data (pure, no I/O beyond reading the file): a form is a YAML file in
`forms/` with sections (each with a weight; the weights make 100) and items (points, whether N/A
is allowed, when a comment is required, and auto-fail items that zero the whole evaluation).

Texts are English msgids of the `callcentre` catalog; `extract` lets Babel read them from the
YAML (locales/callcentre.cfg), so the Indonesian catalog translates them like any other text.
Each evaluation stores the form's id and version, so a changed form never rescores old ones.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from hotline.choices import N_, Choice

FORMS_DIR = Path(__file__).parent / "forms"
TOTAL_WEIGHT = 100


class CommentRule(Choice):
    """When an item's comment is mandatory."""

    NEVER = "never", N_("Optional")
    ON_FAIL = "on_fail", N_("Required when not met")
    ALWAYS = "always", N_("Always required")


class FormError(ValueError):
    """A form file that cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    points: int
    na: bool = False  # may be answered "not applicable"
    comment: CommentRule = CommentRule.NEVER
    auto_fail: bool = False  # "fail" here zeroes the evaluation (critical / fatal error)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    weight: int
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Form:
    id: str
    version: int
    title: str
    pass_score: int
    sections: tuple[Section, ...]

    @property
    def key(self) -> str:
        """What an evaluation stores: the form and the version it was scored with."""
        return f"{self.id}@{self.version}"

    def items(self) -> Iterator[tuple[Section, Item]]:
        for section in self.sections:
            for item in section.items:
                yield section, item

    def texts(self) -> Iterator[str]:
        yield self.title
        for section in self.sections:
            yield section.title
            for item in section.items:
                yield item.text


def _need(data: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise FormError(f"{where}: `{key}` must be a {kind.__name__}")
    return value


def _item(data: Any, where: str) -> Item:
    if not isinstance(data, dict):
        raise FormError(f"{where}: an item must be a mapping")
    points = _need(data, "points", int, where)
    if points <= 0:
        raise FormError(f"{where}: `points` must be more than 0")
    try:
        comment = CommentRule(data.get("comment", "never"))
    except ValueError:
        raise FormError(f"{where}: `comment` must be never, on_fail or always") from None
    return Item(
        id=_need(data, "id", str, where),
        text=_need(data, "text", str, where),
        points=points,
        na=bool(data.get("na", False)),
        comment=comment,
        auto_fail=bool(data.get("auto_fail", False)),
    )


def _section(data: Any, where: str) -> Section:
    if not isinstance(data, dict):
        raise FormError(f"{where}: a section must be a mapping")
    sid = _need(data, "id", str, where)
    weight = _need(data, "weight", int, where)
    raw = _need(data, "items", list, where)
    items = tuple(_item(item, f"{where}, item {n + 1}") for n, item in enumerate(raw))
    if not items:
        raise FormError(f"{where}: section `{sid}` has no items")
    if weight < 0:
        raise FormError(f"{where}: `weight` cannot be negative")
    # A section without weight counts for nothing unless its items are auto-fail checks.
    if weight == 0 and not all(i.auto_fail for i in items):
        raise FormError(f"{where}: section `{sid}` has weight 0 but items that are not auto-fail")
    return Section(id=sid, title=_need(data, "title", str, where), weight=weight, items=items)


def parse(data: Any, name: str = "form") -> Form:
    """A form from its YAML data, or FormError naming what is wrong."""
    if not isinstance(data, dict):
        raise FormError(f"{name}: a form must be a mapping")
    raw = _need(data, "sections", list, name)
    sections = tuple(_section(s, f"{name}, section {n + 1}") for n, s in enumerate(raw))
    form = Form(
        id=_need(data, "id", str, name),
        version=_need(data, "version", int, name),
        title=_need(data, "title", str, name),
        pass_score=_need(data, "pass_score", int, name),
        sections=sections,
    )
    if not 0 <= form.pass_score <= TOTAL_WEIGHT:
        raise FormError(f"{name}: `pass_score` must be between 0 and {TOTAL_WEIGHT}")
    if sum(s.weight for s in sections) != TOTAL_WEIGHT:
        raise FormError(f"{name}: the section weights must add up to {TOTAL_WEIGHT}")
    for label, ids in (
        ("section", [s.id for s in sections]),
        ("item", [i.id for _, i in form.items()]),
    ):
        dupes = sorted({x for x in ids if ids.count(x) > 1})
        if dupes:
            raise FormError(f"{name}: duplicate {label} id {', '.join(dupes)}")
    # Then no set of answers leaves nothing to score: the total is always defined.
    if all(i.na for s in sections if s.weight for i in s.items):
        raise FormError(f"{name}: every weighted item allows N/A; one at least must not")
    return form


@cache
def load(form_id: str = "standar") -> Form:
    """The form in `forms/<form_id>.yaml` (read once per process)."""
    path = FORMS_DIR / f"{form_id}.yaml"
    if not form_id.isidentifier() or not path.exists():
        raise FormError(f"no form named {form_id!r}")
    form = parse(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
    if form.id != form_id:
        raise FormError(f"{path.name}: `id` must be {form_id!r}, the file's name")
    return form


def extract(
    fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel's extractor for form files (locales/callcentre.cfg): every text is a msgid."""
    form = parse(yaml.safe_load(fileobj.read().decode("utf-8")))
    for text in form.texts():
        yield 0, "", text, []
