"""Read a page's form as a browser would submit it: every named control's current value."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.http import HttpResponse

from tests.web.helpers import date_parts


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self.actions: list[str] = []
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._in_form = True
            self.forms.append([])
            self.actions.append(a.get("action", ""))
            return
        if not self._in_form or not self.forms:
            return
        fields = self.forms[-1]
        name = a.get("name", "")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("radio", "checkbox"):
                if "checked" in a:
                    fields.append((name, a.get("value", "on")))
            else:
                fields.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            fields.append((self._select, a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.forms[-1].append((self._textarea, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_fields(response: HttpResponse, action: str = "") -> list[tuple[str, str]]:
    """The (name, value) pairs of the form posting to ``action`` (by default the page's
    largest form, not the sign-out button in the header)."""
    parser = _Forms()
    parser.feed(response.content.decode())
    if not action and parser.forms:
        return max(parser.forms, key=len)
    for fields, form_action in zip(parser.forms, parser.actions, strict=True):
        if form_action == action:
            return fields
    raise AssertionError(f"no form posting to {action!r}")


def form_data(response: HttpResponse, action: str = "", **changes: str | list[str]) -> dict:
    """The form's values as a dict for the test client (lists for repeated names), with
    ``changes`` applied (a key with dots can be given with ``__`` for ``.``)."""
    data: dict[str, list[str]] = {}
    for name, value in form_fields(response, action):
        data.setdefault(name, []).append(value)
    for key, value in changes.items():
        data[key.replace("__", ".")] = value if isinstance(value, list) else [value]
    return {k: v if len(v) > 1 else v[0] for k, v in data.items()}


ROSH_SECTIONS = {
    "assessment_date": "screening",
    "in_custody": "screening",
    "screening": "screening",
    "ratings": "ratings",
    "summary": "summary",
    "formulation": "summary",
    "judgement_reason": "judgement",
}
ROSH_ITEMS = ("risk_factors", "protective_factors", "scenarios")


def rosh_pages(assessment_id: int, changes: dict) -> dict[str, dict]:
    """``changes`` (dotted field names) grouped by the page of the draft that posts them: a
    section page, or an item page for ``risk_factors.0.text`` and the like."""
    pages: dict[str, dict] = {}
    base = f"/assessments/{assessment_id}/edit"
    for key, value in changes.items():
        head, _, rest = re.sub(r"-(day|month|year)$", "", key).partition(".")
        if head in ROSH_ITEMS:
            url = f"{base}/{head}/{rest.partition('.')[0]}/"
        else:
            url = f"{base}/{ROSH_SECTIONS[head]}/"
        pages.setdefault(url, {})[key] = value
    return pages


def save_rosh(client, assessment_id: int, changes: dict) -> HttpResponse:
    """Post ``changes`` through the draft's section and item pages as a browser would (each
    page's form as loaded, with the changes), stopping at the first page that is not saved;
    the last response."""
    response = None
    for url, group in rosh_pages(assessment_id, changes).items():
        page = client.get(url)
        is_item = url.rstrip("/").rsplit("/", 1)[-1].isdigit()
        data = form_data(page, "" if is_item else url)
        data.update(with_date_boxes(data, group))
        response = client.post(url, data)
        if response.status_code != 302:
            return response
    assert response is not None
    return response


PLAN_SECTIONS = {
    "plan_date": "period",
    "period_start": "period",
    "period_end": "period",
    "review_date": "period",
    "information_considered": "information",
    "information_gaps": "information",
    "communicated": "information",
    "pillar_reasons": "pillar_reasons",
}
PLAN_ITEMS = ("victims", "actions", "contingencies")


def plan_pages(plan_id: int, changes: dict) -> dict[str, dict]:
    """``changes`` (dotted field names of the plan document) grouped by the builder's page that
    posts them: victims, actions and contingencies on their item pages (in that order, so an
    action can name a victim), the rest on their section pages. Other keys (the version) are
    left out: each page carries its own."""
    items: dict[str, dict] = {}
    pages: dict[str, dict] = {}
    base = f"/plans/{plan_id}/edit"
    for key, value in changes.items():
        head, _, rest = re.sub(r"-(day|month|year)$", "", key).partition(".")
        if head in PLAN_ITEMS:
            index = int(rest.partition(".")[0])
            url = f"{base}/{head}/{index}/"
            items.setdefault((PLAN_ITEMS.index(head), index, url), {})[key] = value
        elif head in PLAN_SECTIONS:
            pages.setdefault(f"{base}/{PLAN_SECTIONS[head]}/", {})[key] = value
    ordered = {url: group for (_, _, url), group in sorted(items.items())}
    return {**ordered, **pages}


def save_plan_pages(client, plan_id: int, changes: dict) -> HttpResponse:
    """Post ``changes`` through the builder's item and section pages as a browser would,
    stopping at the first page that is not saved; the last response."""
    response = None
    for url, group in plan_pages(plan_id, changes).items():
        page = client.get(url)
        is_item = url.rstrip("/").rsplit("/", 1)[-1].isdigit()
        data = form_data(page, "" if is_item else url)
        data.update(with_date_boxes(data, group))
        response = client.post(url, data)
        if response.status_code != 302:
            return response
    assert response is not None
    return response


def with_date_boxes(page_data: dict, changes: dict) -> dict:
    """``changes`` as the page posts them: a date given whole (ISO) for a field the page shows
    as a GOV.UK date input (day, month, year boxes) goes into its three boxes."""
    out = dict(changes)
    for name, value in changes.items():
        if isinstance(value, str) and (f"{name}-day" in page_data or f"{name}-day" in changes):
            out.update(date_parts(name, value))
    return out
