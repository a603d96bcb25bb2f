"""Plain words: no page a cast member can reach shows an internal code or a username where a
label or a name exists.

Each cast member signs in (their usernames renamed to distinctive tokens, tests/web/reachable.py),
follows every link from their home, searches, cases and role pages, and each page's visible
text is read: tags stripped; left out are what is meant as small print (``<small>`` and
``<code>`` references, the "About these figures" details that hold rule versions, sources and
confidence tags) and what is not text (form values and attributes, scripts). What remains must
hold none of:

- a username (anyone's, the cast's renamed ones and the managers'), where the person's name
  belongs;
- an agency's code ("police-a") where its name belongs;
- an enumeration's raw value ("very_high", "instrument_override") or a checker's code
  ("RF_UNADDRESSED");
- a confidence tag ("[M]", "[U]", "[M/U]"), a source key ("[MAPPA-G]"), "(code unconfirmed)" or a
  rule version ("rosh-2026.1", "plan-checks-2026.2").
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from fourpillars.accounts.models import Agency
from tests.cast import CAST_NAMES
from tests.web.reachable import client_for, crawl, renamed_world, seeds, usernames

pytestmark = pytest.mark.django_db

ABOUT = "About these figures"
SKIPPED = {"script", "style", "small", "code", "textarea", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class VisibleText(HTMLParser):
    """The text a reader sees, less the small print (see the module's docstring)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.frames: list[list[str]] = [[]]  # one per open <details>, the page's at the bottom
        self.summaries: list[list[str]] = []
        self.in_summary = 0
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        if self.skipping or tag in SKIPPED:
            self.skipping.append(tag)
            return
        if tag == "details":
            self.frames.append([])
            self.summaries.append([])
        elif tag == "summary":
            self.in_summary += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag == "summary":
            self.in_summary = max(0, self.in_summary - 1)
        elif tag == "details" and len(self.frames) > 1:
            inner = self.frames.pop()
            summary = " ".join(" ".join(self.summaries.pop()).split())
            if summary != ABOUT:
                self.frames[-1].extend(inner)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        self.frames[-1].append(data)
        if self.in_summary and self.summaries:
            self.summaries[-1].append(data)

    def text(self) -> str:
        while len(self.frames) > 1:
            inner = self.frames.pop()
            self.frames[-1].extend(inner)
        return " ".join(" ".join(self.frames[0]).split())


def visible_text(body: str) -> str:
    parser = VisibleText()
    parser.feed(body)
    parser.close()
    return html.unescape(parser.text())


def test_visible_text_leaves_out_small_print() -> None:
    body = (
        "<p>Risk <small>RF_UNADDRESSED</small> <code>rf1</code></p><textarea>very_high</textarea>"
        '<details class="govuk-details"><summary class="govuk-details__summary">'
        '<span class="govuk-details__summary-text">About these figures</span></summary>'
        '<div class="govuk-details__text">Rules rosh-2026.1 [M]</div></details>'
        '<details class="govuk-details"><summary>More</summary><p>[U] shown</p></details>'
        '<input value="police-a"><br><p>Done</p>'
    )
    assert visible_text(body) == "Risk More [U] shown Done"


def forbidden(names: list[str], agencies: list[str]) -> list[tuple[str, re.Pattern[str]]]:
    """What no page may show outside the small print, each with why."""
    word = r"(?<![\w-]){}(?![\w-])"
    return [
        *[("username", re.compile(word.format(re.escape(u)))) for u in names],
        *[("agency code", re.compile(word.format(re.escape(a)))) for a in agencies],
        ("raw enumeration value", re.compile(r"(?<![\w-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w-])")),
        ("checker code", re.compile(r"(?<![\w-])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![\w-])")),
        ("confidence tag", re.compile(r"\[(?:C|M|U|M/U|C/M)\]")),
        ("source key", re.compile(r"\[[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\]|\[[A-Z]+[0-9]+[A-Z0-9]*\]")),
        ("unconfirmed code", re.compile(r"\(code unconfirmed\)")),
        (
            "rule version",
            re.compile(r"(?<![\w.-])(?=[\w-]*[a-z])[a-z0-9]+(?:-[a-z0-9]+)+\.\d+(?![\w.])"),
        ),
    ]


def offences(text: str, checks: list[tuple[str, re.Pattern[str]]]) -> list[str]:
    """Each code found, once, with the words around its first appearance."""
    found: dict[str, str] = {}
    for why, rx in checks:
        for m in rx.finditer(text):
            key = f"{why} {m.group(0)!r}"
            if key not in found:
                found[key] = f"{key} in “…{text[max(0, m.start() - 60) : m.end() + 40]}…”"
    return list(found.values())


def test_no_page_shows_a_code_or_username() -> None:
    """Every cast member, every page they reach (one world for all: it takes a while to
    grow)."""
    world = renamed_world()
    checks = forbidden(
        usernames(), [a for a in Agency.objects.values_list("code", flat=True) if "-" in a]
    )
    failures: dict[str, list[str]] = {}
    read = 0
    for name in CAST_NAMES:
        pages = crawl(client_for(world, name), seeds(world, name))
        read += len(pages)
        for page in pages:
            assert page.status in (200, 403, 404), (name, page.path, page.status)
            found = offences(visible_text(page.body), checks)
            if found:
                failures[f"{name} {page.path}"] = found
    report = "\n".join(f"{p}:\n  " + "\n  ".join(f) for p, f in failures.items())
    assert not failures, f"{read} pages read, {len(failures)} with codes:\n{report}"
    assert read > 700  # the crawl reached every kind of page (tests/web/reachable.py)


def test_the_login_and_missing_pages_too(client) -> None:
    for path, status in (("/login/", 200), ("/no-such-page/", 404)):
        response = client.get(path)
        assert response.status_code == status
        assert offences(visible_text(response.content.decode()), forbidden([], [])) == []


def test_codes_read_as_labels() -> None:
    from fourpillars.domain.instruments import REGISTRY
    from fourpillars.domain.plans import RULES_BY_CODE
    from fourpillars.web import plain
    from fourpillars.web.templatetags.fp import untagged

    assert plain.label("plan_approval") == "Risk management plan approved"
    assert plain.label("previous_high") != "previous_high"
    assert plain.label("RF_UNADDRESSED") == RULES_BY_CODE["RF_UNADDRESSED"].summary
    assert plain.label("police-a", {"police-a": "Northshire Police"}) == "Northshire Police"
    assert plain.label("victim_liaison") == "Victim liaison officer"
    assert plain.label("rm2000-c") == REGISTRY["rm2000-c"].definition.name
    assert plain.label("a_code_nobody_labelled") == "A code nobody labelled"
    assert plain.label("Typed by a person") == "Typed by a person"
    assert plain.agencies_named(
        "name the practitioner at police-a (not police-ab)", {"police-a": "Northshire Police"}
    ) == ("name the practitioner at Northshire Police (not police-ab)")
    assert untagged("cut-offs unconfirmed [M]") == (
        "cut-offs unconfirmed (not re-read in the source)"
    )
    assert untagged("RM2000/C gives High (version 2007-thornton.1-reading2).") == (
        "RM2000/C gives High."
    )
