"""At 375 pixels wide (a small phone) no page scrolls sideways: tables scroll inside their
own labelled, focusable region, long words and references wrap, and the header and footer
span the width. Checked over the caseload search, a case page, an assessment, a plan, the
audit trail and the administration home, for the roles that use them; axe-core finds no
accessibility problem of any impact on any of them."""

from __future__ import annotations

import pytest

from fourpillars.services import cases as case_services
from fourpillars.services import plans
from tests.browser.axe import violations
from tests.cast import PASSWORD, World, case_data, person_data
from tests.factories import active_plan_and_draft, grow_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 375

MEASURE = """() => {
    const root = document.documentElement;
    const wide = [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1
                     && !(e.parentElement && e.parentElement.closest('[role=region]')))
        .slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id);
    const edge = s => { const e = document.querySelector(s); return e ? e.offsetWidth : 0; };
    return {scroll: root.scrollWidth, wide, header: edge('body > header'),
            footer: edge('body > footer')};
}"""


def sign_in(page: object, url: str, name: str) -> None:
    page.context.clear_cookies()  # type: ignore[attr-defined]
    page.goto(f"{url}/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", name)  # type: ignore[attr-defined]
    page.fill("#id_password", PASSWORD)  # type: ignore[attr-defined]
    page.click("button:has-text('Sign in')")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Signed in as")  # type: ignore[attr-defined]


def test_no_page_scrolls_sideways_at_375_pixels(browser_page, live_server, world: World) -> None:
    case = world.police_case
    grow_case(world, case.pk)  # many records, assessments, plans and decisions
    plan = plans.active_plan(case)
    assert plan is not None
    assessment = plan.assessment_id
    active_plan_and_draft(world, "shared_case")
    long_name = case_services.register_case(  # one long word, as some family names are
        actor=world.users["police"],
        person=person_data("Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft"),
        case=case_data("police-a"),
    )
    visits = {
        "police": [
            "/?q=Kowalski",
            f"/cases/{case.pk}/",
            f"/cases/{long_name.pk}/",
            "/?q=Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft",
            f"/assessments/{assessment}/",
            f"/plans/{plan.pk}/",
            f"/cases/{case.pk}/plans/",
            "/my-actions/",
        ],
        "coordinator": [f"/cases/{world.shared_case.pk}/justify/", "/?q=Papadopoulos"],
        "housing": ["/"],
        "auditor": ["/audit/"],
        "admin": ["/admin-area/"],
    }
    page = browser_page
    page.set_viewport_size({"width": WIDTH, "height": 800})
    failures: list[str] = []
    for name, paths in visits.items():
        sign_in(page, live_server.url, name)
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            got = page.evaluate(MEASURE)
            if got["scroll"] > WIDTH:
                failures.append(f"{name} {path}: {got['scroll']} wide; {got['wide']}")
            if got["header"] < WIDTH or got["footer"] < WIDTH:
                failures.append(f"{name} {path}: header {got['header']}, footer {got['footer']}")
            found = violations(page)
            if found:
                failures.append(f"{name} {path}: axe {found}")
    assert not failures, "\n".join(failures)
    assert page.js_errors == []
