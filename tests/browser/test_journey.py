"""The practitioner's journey in a real browser: sign in, search with a misspelt
name, open the case, change the date of birth and add an alias, and see both in the timeline;
axe-core finds no serious or critical accessibility problem on the search and case pages.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright's Python package against
pytest-django's live server. Never downloads a browser.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cast import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
AXE = [
    ROOT / "src/fourpillars/static/build/axe.min.js",
    ROOT / "node_modules/axe-core/axe.min.js",
]
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_page(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(
            "Debian package 'chromium' is not installed (apt-get install chromium chromium-driver)"
        )
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # around it are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.js_errors = errors  # type: ignore[attr-defined]
        try:
            yield page
        finally:
            context.close()
            browser.close()


def serious_violations(page: object) -> list[dict[str, object]]:
    """Run axe-core in the page; return serious and critical violations (WCAG 2.x A/AA)."""
    axe = next((p for p in AXE if p.exists()), None)
    if axe is None:
        pytest.fail("axe-core is missing: run `npm ci && npm run build`")
    page.add_script_tag(path=str(axe))  # type: ignore[attr-defined]
    found: list[dict[str, object]] = page.evaluate(  # type: ignore[attr-defined]
        """async () => {
            const result = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
            return result.violations.map(v => ({id: v.id, impact: v.impact,
                help: v.help, targets: v.nodes.map(n => n.target.join(' '))}));
        }"""
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


def test_search_open_edit_and_see_the_change_in_the_timeline(browser_page, live_server) -> None:
    world = build_world()
    case = world.police_case
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "police")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("text=Signed in as")
    assert "Police offender manager, Northshire Police" in page.inner_text("body")

    # Search as you type (htmx) with a misspelt name.
    page.fill("#q", "Kowalsky")
    page.wait_for_selector(f"#search-results a:has-text('{case.reference}')")
    assert "1 case found" in page.inner_text("#search-results")
    assert serious_violations(page) == []

    page.click(f"#search-results a:has-text('{case.reference}')")
    page.wait_for_selector("h1:has-text('KOWALSKI, Jan')")
    assert serious_violations(page) == []

    page.click("text=Change personal details")
    page.fill("#id_date_of_birth", "1981-06-18")
    page.click("button:has-text('Save changes')")
    page.wait_for_selector("text=Personal details updated.")
    assert page.inner_text("[data-testid=date-of-birth]") == "18 June 1981"

    page.click("text=Add a name")
    page.fill("#id_family_name", "Kowal")
    page.fill("#id_given_names", "Janek")
    page.click("button:has-text('Add name')")
    page.wait_for_selector("text=Name added.")

    timeline = page.inner_text("[data-testid=timeline]")
    assert "Personal details changed" in timeline
    assert "1980-05-17 → 1981-06-18" in timeline
    assert "Name added" in timeline and "Janek Kowal" in timeline
    assert timeline.index("Name added") < timeline.index("Personal details changed")
    assert page.js_errors == []  # GOV.UK Frontend and htmx ran without errors


def test_error_summary_links_move_focus_to_the_field(browser_page, live_server) -> None:
    build_world()
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.click("button:has-text('Sign in')")
    page.wait_for_selector(".govuk-error-summary")
    page.click(".govuk-error-summary__list a")
    assert page.evaluate("document.activeElement.id") == "id_username"


def test_forms_with_errors_and_the_justification_page_are_accessible(
    browser_page, live_server
) -> None:
    world = build_world()
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.goto(f"{live_server.url}/cases/new/")
    page.click("button:has-text('Register')")
    page.wait_for_selector(".govuk-error-summary")
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/cases/{world.shared_case.pk}/")
    page.wait_for_selector("h1:has-text('Why do you need to see this case?')")
    assert serious_violations(page) == []
    page.check("text=MAPPA co-ordination (screening, meetings, levels)")
    page.click("button:has-text('Continue to the case')")
    page.wait_for_selector("h1:has-text('ΠΑΠΑΔΌΠΟΥΛΟΣ')")


def test_correct_an_address_and_remove_a_conviction(browser_page, live_server) -> None:
    world = build_world()
    case = world.police_case
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "police")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("text=Signed in as")
    page.goto(f"{live_server.url}/cases/{case.pk}/")

    page.click("a[href*='/person/addresses/'][href$='/edit/']")
    page.fill("#id_postcode", "NT9 9ZZ")
    page.click("main form button[type=submit]")
    page.wait_for_selector("h1:has-text('KOWALSKI, Jan')")
    assert "NT9 9ZZ" in page.inner_text("body")

    page.click("a[href*='/person/convictions/'][href$='/remove/']")
    assert serious_violations(page) == []
    page.fill("#id_reason", "Entered on the wrong person's record")
    page.click("main form button[type=submit]")
    page.wait_for_selector("h1:has-text('KOWALSKI, Jan')")

    timeline = page.inner_text("[data-testid=timeline]")
    assert "Address changed" in timeline and "NT9 9ZZ" in timeline
    assert "Conviction removed" in timeline
    assert page.js_errors == []
