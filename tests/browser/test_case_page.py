"""The case page in a real browser, wide (1280 pixels) and narrow (375 pixels): it opens with
the identity bar, the sub navigation takes the keyboard from part to part, nothing scrolls
sideways, and axe-core finds no accessibility problem of any impact on any part.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright's Python package against
pytest-django's live server. Never downloads a browser.
"""

from __future__ import annotations

import pytest

from tests.browser.axe import violations
from tests.cast import PASSWORD, World
from tests.factories import active_plan_and_draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTS = [
    "Summary",
    "Person",
    "Risk",
    "Plan",
    "Decisions",
    "Meetings",
    "Notifications",
    "Timeline",
    "Sharing",
]
FOCUS_YELLOW = "rgb(255, 221, 0)"  # GOV.UK's focus colour


def _sign_in(page: object, live_server: object) -> None:
    url = live_server.url  # type: ignore[attr-defined]
    page.goto(f"{url}/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", "police")  # type: ignore[attr-defined]
    page.fill("#id_password", PASSWORD)  # type: ignore[attr-defined]
    page.click("button:has-text('Sign in')")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Signed in as")  # type: ignore[attr-defined]


def _focused(page: object) -> dict[str, str]:
    return page.evaluate(  # type: ignore[attr-defined, no-any-return]
        """() => { const e = document.activeElement;
            return {text: (e.innerText || '').trim(), href: e.getAttribute('href') || '',
                    inBar: !!e.closest('[data-testid=identity-bar]'),
                    inNav: !!e.closest('.moj-sub-navigation'),
                    background: getComputedStyle(e).backgroundColor}; }"""
    )


def _tab_until(page: object, text: str, limit: int = 60) -> list[dict[str, str]]:
    """Press Tab from the top of the page until the link named ``text`` in the sub navigation
    has the focus; the elements focused on the way, in order."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")  # type: ignore[attr-defined]
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        now = _focused(page)
        seen.append(now)
        if now["inNav"] and now["text"] == text:
            return seen
    pytest.fail(f"Tab never reached {text!r}: {[s['text'] for s in seen]}")


@pytest.mark.parametrize("width", [1280, 375])
def test_identity_bar_and_sub_navigation_by_keyboard_and_accessible(
    browser_page, live_server, world: World, width: int
) -> None:
    active, _draft = active_plan_and_draft(world, "police_case")  # a rating and a plan
    review = active.review_date
    case = world.police_case
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    _sign_in(page, live_server)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.wait_for_selector("h1:has-text('KOWALSKI, Jan')")

    # The identity bar opens the page, above the sub navigation, with the risk in it.
    bar = page.locator("[data-testid=identity-bar]")
    assert bar.is_visible()
    assert "High" in page.inner_text("[data-testid=identity-rosh]")
    top = bar.bounding_box()
    nav = page.locator(".moj-sub-navigation").bounding_box()
    assert top is not None and nav is not None and top["y"] < nav["y"]
    assert top["y"] < 400  # in the first screenful, not 2,300 pixels down
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll

    # Tab order: the identity bar's plan link, then the parts in order; focus is visible.
    seen = _tab_until(page, "Sharing")
    bar_links = [s["text"] for s in seen if s["inBar"]]
    assert bar_links == [f"Active, review {review.day} {review:%B %Y}; a new version in draft"]
    assert [s["text"] for s in seen if s["inNav"]] == PARTS
    assert all(s["background"] == FOCUS_YELLOW for s in seen if s["inNav"])

    # Enter on a part opens it; the sub navigation says which part is shown.
    _tab_until(page, "Risk")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/cases/{case.pk}/risk/")
    assert page.inner_text(".moj-sub-navigation [aria-current=page]") == "Risk"
    assert page.locator("[data-testid=rosh-section]").is_visible()

    # Enter on the identity bar's plan link opens the plan.
    seen = _tab_until(page, "Summary")
    page.keyboard.press("Shift+Tab")
    assert _focused(page)["inBar"]
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/cases/{case.pk}/plan/")
    assert page.inner_text(".moj-sub-navigation [aria-current=page]") == "Plan"

    # Every part: no accessibility problem of any impact, and no sideways scroll.
    problems = {}
    for part in PARTS:
        page.click(f".moj-sub-navigation a:text-is('{part}')")
        page.wait_for_selector(f".moj-sub-navigation [aria-current=page]:text-is('{part}')")
        found = violations(page)
        wide = page.evaluate("document.documentElement.scrollWidth")
        if found or wide > width:
            culprits = page.evaluate(
                """(w) => [...document.querySelectorAll('main *')]
                    .filter(e => e.getBoundingClientRect().right > w + 1
                        && e.parentElement.getBoundingClientRect().right <= w + 1)
                    .slice(0, 5).map(e => e.tagName + '.' + e.className + ' in '
                        + e.parentElement.tagName + '.' + e.parentElement.className
                        + ' ' + getComputedStyle(e.parentElement).overflowX)""",
                width,
            )
            problems[part] = (wide, found, culprits)
    assert problems == {}
    assert page.js_errors == []
