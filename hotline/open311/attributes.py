"""Service definitions from a category's attributes, and the answers a client sends (pure).

A category stores its GeoReport v2 attributes as data (`Category.attributes`, see the demo's
categories.yaml). A POST answers them as `attribute[CODE]=value` (`attribute[CODE][]=…` once per
choice of a multivaluelist). Every answer is checked against the definition, and every problem
is reported at once, each naming its parameter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, cast

from hotline.i18n import N_
from hotline.open311.errors import Open311Error, Problem
from hotline.open311.models import AttributeValue, Datatype, ServiceAttribute

_FIELD = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")
DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")
MAX_LENGTH = {"string": 200, "text": 2000}


def definition(stored: Iterable[Mapping[str, Any]]) -> list[ServiceAttribute]:
    attributes = [
        ServiceAttribute(
            variable=bool(a.get("variable", True)),
            code=str(a["code"]),
            datatype=cast(Datatype, a.get("datatype", "string")),
            required=bool(a.get("required", False)),
            datatype_description=a.get("datatype_description"),
            order=a.get("order"),
            description=a.get("description"),
            values=[
                AttributeValue(key=str(v["key"]), name=str(v["name"]))
                for v in a.get("values") or []
            ],
        )
        for a in stored
        if a.get("datatype", "string") in DATATYPES
    ]
    return sorted(attributes, key=lambda a: (a.order is None, a.order or 0, a.code))


def submitted(form: Mapping[str, str | list[str]]) -> dict[str, list[str]]:
    """The `attribute[...]` fields of a form, by code."""
    answers: dict[str, list[str]] = {}
    for name, raw in form.items():
        match = _FIELD.match(name)
        if match:
            values = raw if isinstance(raw, list) else [raw]
            answers.setdefault(match.group(1), []).extend(v.strip() for v in values if v.strip())
    return answers


def _check(attribute: ServiceAttribute, values: list[str]) -> Problem | None:
    parameter = f"attribute[{attribute.code}]"
    keys = {v.key for v in attribute.values}
    if attribute.datatype == "multivaluelist":
        if any(v not in keys for v in values):
            return Problem(N_("Choose from the values in the service definition."), {}, parameter)
        return None
    if len(values) > 1:
        return Problem(N_("Give one value only."), {}, parameter)
    value = values[0]
    if attribute.datatype == "singlevaluelist" and value not in keys:
        return Problem(N_("Choose from the values in the service definition."), {}, parameter)
    if attribute.datatype == "number":
        try:
            float(value)
        except ValueError:
            return Problem(N_("Give a number."), {}, parameter)
    if attribute.datatype == "datetime":
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return Problem(N_("Give a date and time in ISO 8601."), {}, parameter)
    limit = MAX_LENGTH.get(attribute.datatype)
    if limit and len(value) > limit:
        return Problem(N_("At most {n} characters."), {"n": limit}, parameter)
    return None


def answers(
    attributes: list[ServiceAttribute], form: Mapping[str, str | list[str]]
) -> dict[str, str]:
    """The validated answers, code -> value (a multivaluelist's keys joined by commas)."""
    given = submitted(form)
    known = {a.code: a for a in attributes if a.variable}
    problems = [
        Problem(N_("This service has no such attribute."), {}, f"attribute[{code}]")
        for code in given
        if code not in known
    ]
    result: dict[str, str] = {}
    for code, attribute in known.items():
        values = given.get(code, [])
        if not values:
            if attribute.required:
                problems.append(Problem(N_("This answer is required."), {}, f"attribute[{code}]"))
            continue
        problem = _check(attribute, values)
        if problem:
            problems.append(problem)
        else:
            result[code] = ",".join(values)
    if problems:
        raise Open311Error(400, problems)
    return result
