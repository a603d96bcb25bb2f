"""Driving a page with the keyboard only, as someone who does not use a mouse: Tab to an
element, then Enter or Space, or type into it."""

from __future__ import annotations

from typing import Any

from tests.browser.axe import violations

LIMIT = 400  # Tab presses before giving up


def tab_to(page: Any, selector: str) -> None:
    """Press Tab (from where the focus is) until an element ``selector`` (a Playwright
    selector) finds has the focus (for radios: the group's checked one, or its first)."""
    targets = page.locator(selector)
    targets.first.wait_for(state="attached")
    for _ in range(LIMIT):
        if targets.evaluate_all("els => els.includes(document.activeElement)"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def type_into(page: Any, selector: str, words: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(words)


def press(page: Any, selector: str, key: str = "Enter") -> None:
    """Tab to ``selector`` and press ``key`` (Enter for links and buttons, Space for boxes)."""
    tab_to(page, selector)
    page.keyboard.press(key)


def follow(page: Any, selector: str, heading: str) -> None:
    """Tab to a link or button, press Enter, and wait for the next page's heading; axe-core
    finds no violation of any impact there."""
    press(page, selector)
    page.wait_for_selector(f"h1:has-text({heading!r})")
    page.wait_for_load_state()
    found = violations(page)
    assert found == [], (heading, found)
