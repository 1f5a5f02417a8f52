"""Jinja with Babel: every template gets `_()` in the request's language and Babel formatters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    pass_context,
    select_autoescape,
)
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from hotline.areas import areas
from hotline.directory import operator
from hotline.i18n import t
from hotline.web.demo import demo_server

TEMPLATES = Path(__file__).parent / "templates"


@pass_context
def _gettext(ctx: Any, message: str, **params: object) -> str:
    return t(ctx.get("locale", "id"), message, **params)


@pass_context
def _number(ctx: Any, value: float) -> str:
    return format_decimal(value, locale=ctx.get("locale", "id"))


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    env = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(TEMPLATES),
                # Each area keeps its templates beside its code and names them with its prefix:
                # "citizen/lapor.html" is hotline/citizen/templates/lapor.html (hotline/areas.py).
                # Shared ones (base.html) are here.
                PrefixLoader(
                    {
                        area.name: FileSystemLoader(area.templates_dir)
                        for area in areas()
                        if area.templates_dir
                    }
                ),
            ]
        ),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["_"] = _gettext
    env.globals["demo_server"] = demo_server
    env.globals["operator"] = operator.cached  # refreshed before each request (web/operator.py)
    env.filters["number"] = _number
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(env))
