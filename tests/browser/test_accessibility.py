"""axe-core finds no violation of any impact (WCAG 2.0 to 2.2 A and AA, and axe's best
practices, "region" among them: tests/browser/axe.py) on any page a role can reach, for every
cast member who can sign in, at 1280 pixels; and at 375 pixels on the main pages (the
caseload, a case summary, a plan's task list).

Which pages a role reaches is found as the plain-words test finds them (tests/web/reachable.py:
every link followed from the home, searches, cases and role pages, with the Django test
client), one page of each kind: the caseload and its filters, search results, each part of a
case, the RoSH draft's task list and each of its sections, the plan's task list and each of
its sections, items and the check-your-answers pages, my actions, decisions, sharing, the
forms that change a person or a case, the audit trail, the administration pages; for the
co-ordinator, the page that asks why they need a case. The instrument pages, the same for
every role but the header (checked on every other page), are checked for the first role that
reaches them. The sign-in page (with and without errors) and a page that does not exist are
read signed out.

One browser for the run, one context per role (signed in with the session the crawl used), one
page reused; axe is loaded once per context.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import Resolver404, resolve

from tests.browser.axe import AXE, violations
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.cast import CAST_NAMES, World
from tests.web.reachable import client_for, crawl, renamed_world, seeds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE, NARROW = 1280, 375
# Where a parameter changes what the caseload or a list shows (a search, a filter, another
# list), not just its order or page.
SHAPING = {"q", "scope", "tag", "waiting", "category", "level", "done"}
# Reference pages that read no case and differ between roles only in the header.
SHARED = {"instruments", "instrument-about", "instrument-score"}


def page_kind(path: str) -> str:
    """One page of each kind: its URL name and the parameters that change what it shows; for
    task lists, which section (each asks different questions)."""
    parts = urlsplit(path)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return "404"
    name = str(match.url_name)
    if name in ("assessment-section", "plan-section"):
        name += "/" + str(match.kwargs.get("slug"))
    keys = sorted({k for k, _ in parse_qsl(parts.query)} & SHAPING)
    return f"{name}?{'&'.join(keys)}"


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Debian's Chromium through Playwright (never a downloaded browser), one for the run."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian package 'chromium' is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Reader:
    """One context and its one page, axe loaded in every document it opens; what it finds is
    added to ``failures``."""

    def __init__(self, browser: object, url: str, failures: list[str]) -> None:
        self.url = url
        self.failures = failures
        self.context = browser.new_context(  # type: ignore[attr-defined]
            locale="en-GB", viewport={"width": WIDE, "height": 900}
        )
        self.context.add_init_script(path=str(AXE))
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.checked = 0

    def session(self, key: str) -> None:
        self.context.clear_cookies()
        self.context.add_cookies([{"name": "sessionid", "value": key, "url": self.url}])

    def check(self, path: str, who: str) -> None:
        """Open the page and run axe; being sent to sign in is a failure too (the session
        did not hold)."""
        self.page.goto(self.url + path)
        self.checked += 1
        if urlsplit(self.page.url).path == "/login/" and not path.startswith("/login/"):
            self.failures.append(f"{who} {path}: sent to sign in")
            return
        self.axe(f"{who} {path}")

    def axe(self, where: str) -> None:
        found = violations(self.page)
        if found:
            self.failures.append(f"{where}: {found}")

    def close(self) -> None:
        assert self.errors == [], self.errors  # GOV.UK Frontend and htmx ran cleanly
        self.context.close()


def test_no_axe_violation_on_any_page_a_role_reaches(browser, live_server) -> None:
    started = time.monotonic()
    world: World = renamed_world()
    failures: list[str] = []
    checked = 0

    reader = Reader(browser, live_server.url, failures)
    for path in ("/login/", "/no-such-page/"):
        reader.check(path, "signed out")
    reader.page.click("text=Search the register")  # from the 404 page to sign in
    reader.page.click("button:has-text('Sign in')")  # nothing typed: the error summary
    reader.page.wait_for_selector(".govuk-error-summary")
    reader.axe("signed out /login/ with errors")
    checked += reader.checked
    reader.close()

    shared_done: set[str] = set()
    for name in CAST_NAMES:
        reader = Reader(browser, live_server.url, failures)
        if name == "coordinator":  # before giving a purpose: the page that asks for it
            reader.session(client_for(world, name, justify=False).cookies["sessionid"].value)
            reader.check(f"/cases/{world.shared_case.pk}/justify/", name)
        client = client_for(world, name)
        reader.session(client.cookies["sessionid"].value)
        for page in crawl(client, seeds(world, name), per_pattern=1, kind=page_kind):
            kind = page_kind(page.path).split("?")[0]
            if kind in SHARED and kind in shared_done:
                continue
            shared_done.add(kind)
            reader.check(page.path, name)
            if name == "police" and kind == "plan-edit":
                plan_tasks = page.path
        if name == "police":  # the main pages at 375 pixels
            reader.page.set_viewport_size({"width": NARROW, "height": 800})
            for path in ("/", f"/cases/{world.police_case.pk}/", plan_tasks):
                reader.check(path, f"{name} at {NARROW} px")
        checked += reader.checked
        reader.close()
    took = time.monotonic() - started
    print(f"\naxe: {checked} pages in {took:.0f} s")
    assert checked > 200  # every kind of page was found (tests/web/reachable.py)
    assert not failures, f"{len(failures)} of {checked} pages:\n" + "\n".join(failures)
