"""/survei/<token>: the reporter answers the satisfaction survey on the web.

Nine questions, each 1–4 in the element's own words or "not applicable"; a missing answer
keeps the form with what was chosen and says which; a survey answered already (on another
tab, on the phone) says so instead of counting twice. The token is the only key: the page
names neither the reporter nor the report, and is kept by no cache.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, get, post
from litestar.response import Redirect, Template

from hotline import clock
from hotline.errors import Conflict, FieldError, ValidationFailed
from hotline.i18n import N_, t
from hotline.satisfaction import survey
from hotline.satisfaction.elements import ELEMENTS
from hotline.satisfaction.survey import CHOOSE
from hotline.web.errors import Page, renders
from hotline.web.locale import COOKIE as LANG_COOKIE
from hotline.web.locale import request_locale

NOT_APPLICABLE = "na"
THANKS = N_("Thank you: your answers were recorded. They count in the published index.")
HEADERS = {"Cache-Control": "no-store", "Vary": "Accept-Language, Cookie"}


def _page(
    request: Request[Any, Any, Any], name: str, *, status: int = 200, **context: Any
) -> Template:
    locale = context.setdefault("locale", request_locale(request))
    response = Template(
        f"satisfaction/{name}", context=context, status_code=status, headers=HEADERS
    )
    if request.query_params.get("lang") == locale:
        response.set_cookie(LANG_COOKIE, locale, max_age=365 * 24 * 3600, samesite="lax")
    return response


def _questions(locale: str) -> list[dict[str, Any]]:
    return [
        {
            "key": e.value,
            "number": n,
            "label": t(locale, e.label),
            "question": t(locale, e.question),
            "scale": [(i + 1, t(locale, word)) for i, word in enumerate(e.scale)],
        }
        for n, e in enumerate(ELEMENTS, start=1)
    ]


def _form(
    request: Request[Any, Any, Any],
    token: str,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    done: str = "",
) -> Template:
    locale = request_locale(request)
    return _page(
        request,
        "survei.html",
        status=status,
        token=token,
        questions=_questions(locale),
        errors=errors or {},
        typed=typed or {},
        done=done,
        not_applicable=NOT_APPLICABLE,
    )


def parse(form: dict[str, str]) -> tuple[dict[str, int | None], list[FieldError]]:
    """Each element's answer from the form: 1–4, None for "not applicable"; a missing or
    unknown answer is an error (a question skipped by mistake is not a "not applicable")."""
    answers: dict[str, int | None] = {}
    errors = []
    for element in ELEMENTS:
        raw = form.get(element.value, "")
        if raw == NOT_APPLICABLE:
            answers[element.value] = None
        elif raw in {"1", "2", "3", "4"}:
            answers[element.value] = int(raw)
        else:
            errors.append(FieldError(element.value, CHOOSE))
    return answers, errors


@get("/survei/{token:str}", include_in_schema=False)
async def survey_form(request: Request[Any, Any, Any], token: str) -> Template:
    found = await survey.by_token(token)
    locale = request_locale(request)
    if found["submitted_at"] is None:
        return _form(request, token)
    # Back from their own answers (?ok=1): thanks; any other visit: it was answered already.
    thanks = request.query_params.get("ok") == "1"
    return _form(request, token, done=t(locale, THANKS if thanks else survey.ALREADY_ANSWERED))


@post("/survei/{token:str}", include_in_schema=False)
async def survey_submit(request: Request[Any, Any, Any], token: str) -> Template | Redirect:
    found = await survey.by_token(token)
    locale = request_locale(request)
    data = await request.form()
    typed = {k: str(data.get(k, "")) for k in [*(e.value for e in ELEMENTS), "comment"]}
    answers, problems = parse(typed)
    try:
        if problems:
            raise ValidationFailed(problems)
        await survey.submit(
            found["id"],
            answers,
            channel=survey.Channel.WEB,
            now=clock.now(),
            comment=typed["comment"],
        )
    except Conflict as refused:
        return _form(request, token, status=409, done=refused.localized(locale))
    except ValidationFailed as refused:
        return _form(request, token, status=400, errors=refused.as_dict(locale), typed=typed)
    return Redirect(f"/survei/{token}?ok=1", status_code=303)


ROUTES: list[Any] = [
    Router(
        path="/",
        route_handlers=[survey_form, survey_submit],
        opt=renders(Page()),
    )
]
