"""The home is the caseload: each member of the cast sees their own open cases with the
columns and tags, figures that link to the filtered list behind them, pages, and what waits
for them; an outsider whose search finds nothing is told whom to ask."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from fourpillars.accounts.models import User
from fourpillars.register.models import Case
from fourpillars.services import cases as case_services
from tests.cast import CAST_NAMES, World, case_data, person_data
from tests.factories import active_plan_and_draft, colleague, submitted_assessment
from tests.web.helpers import text

pytestmark = pytest.mark.django_db
NAMES = {"police_case": "KOWALSKI, Jan", "shared_case": "Νίκος", "other_area_case": "SMITH"}
# Each cast member's home without a switch chosen: the co-ordinator's own cases are the area's
# level 2 and 3 (the shared case); everyone else's, every case they may see.
HOME = {
    "coordinator": {"shared_case"},
    "police": {"police_case"},
    "probation": {"shared_case"},
    "housing": {"shared_case"},
    "outsider": {"other_area_case"},
}


def case_links(body: str) -> set[int]:
    table = body.split('data-testid="caseload"')[1] if 'data-testid="caseload"' in body else ""
    return {int(n) for n in re.findall(r'href="/cases/(\d+)/"', table)}


@pytest.mark.parametrize("name", [n for n in CAST_NAMES if n not in ("auditor", "admin")])
def test_each_member_of_the_cast_sees_their_own_cases(client_for, world: World, name: str) -> None:
    response = client_for(name).get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert case_links(body) == {getattr(world, c).pk for c in HOME[name]}
    shown = text(response)
    assert "My cases" in shown and "Waiting for me" in shown
    for attr, person in NAMES.items():
        assert (person in shown) == (attr in HOME[name]), (name, attr)


def test_columns_show_rosh_category_level_and_dates_in_words(client_for, world: World) -> None:
    Case.objects.filter(pk=world.police_case.pk).update(next_review_date=dt.date(2026, 12, 2))
    body = text(client_for("police").get("/"))
    assert "KOWALSKI, Jan" in body and world.police_case.reference in body
    assert "No RoSH in force" in body and "No approved plan" in body
    assert "2 December 2026" in body
    assert "Category 1" in body and "Level 1" in body
    assert "police" not in body.split("Signed in as")[0]  # no username before the table


def test_an_approved_plan_shows_its_rating_and_review_date(client_for, world: World) -> None:
    active, _ = active_plan_and_draft(world, "police_case")
    body = text(client_for("police").get("/"))
    assert "High" in body and active.review_date.strftime("%-d %B %Y") in body
    assert "Plan not approved" not in body.split("Filter")[-1].split("Tags")[-1]


def test_coordinator_switches_to_every_case_in_the_area(client_for, world: World) -> None:
    client = client_for("coordinator")
    body = client.get("/").content.decode()
    assert "All cases in the area" in body and 'href="?scope=all"' in body
    every = client.get("/", {"scope": "all"}).content.decode()
    assert case_links(every) == {world.police_case.pk, world.shared_case.pk}
    assert "All cases in the area" not in client_for("police").get("/").content.decode()


@pytest.mark.parametrize("tag", ["review_overdue", "no_rosh", "plan_not_approved"])
def test_each_figure_links_to_the_list_behind_it(client_for, world: World, tag: str) -> None:
    Case.objects.filter(pk=world.shared_case.pk).update(next_review_date=dt.date(2020, 1, 1))
    active_plan_and_draft(world, "police_case")
    client = client_for("coordinator")
    body = client.get("/", {"scope": "all"}).content.decode()
    link = re.search(
        rf'href="([^"]*)" data-testid="figure-{tag}"><span class="fp-figure">(\d+)', body
    )
    assert link is not None
    href, count = link.group(1).replace("&amp;", "&"), int(link.group(2))
    assert f"tag={tag}" in href and "scope=all" in href
    behind = client.get("/" + href).content.decode()
    assert len(case_links(behind)) == count == 1
    assert case_links(behind) == {world.shared_case.pk}


def test_filters_and_sorting_through_the_page(client_for, world: World) -> None:
    client = client_for("coordinator")
    body = client.get("/", {"scope": "all", "category": "2"}).content.decode()
    assert case_links(body) == {world.shared_case.pk}
    assert "Selected filters" in body and "Remove this filter" in body
    sorted_page = client.get("/", {"scope": "all", "sort": "level", "order": "desc"})
    html = sorted_page.content.decode()
    assert 'aria-sort="descending"' in html
    assert html.index(f"/cases/{world.shared_case.pk}/") < html.index(
        f"/cases/{world.police_case.pk}/"
    )
    # Unknown values are ignored, never an error.
    assert client.get("/", {"sort": "drop", "tag": "x", "page": "abc"}).status_code == 200


def test_caseload_is_paginated(client_for, world: World) -> None:
    for i in range(22):
        case_services.register_case(
            actor=world.users["police"],
            person=person_data("Nowak", f"Adam{i}"),
            case=case_data("police-a"),
        )
    client = client_for("police")
    first = text(client.get("/"))
    assert "23 cases" in first and "Page 1 of 2" in first and "Next page" in first
    second = client.get("/", {"page": "2"}).content.decode()
    assert len(case_links(second)) == 3 and 'aria-current="page">2<' in second


def test_waiting_for_me_links_to_the_lists_behind(
    client_for, world: World, police_manager: User
) -> None:
    submitted_assessment(world, "police_case", countersign=False)
    client = client_for("anonymous")
    client.force_login(police_manager)
    body = client.get("/").content.decode()
    assert 'href="?waiting=countersign"' in body
    assert "RoSH assessment to countersign" in text(client.get("/"))
    behind = client.get("/", {"waiting": "countersign"}).content.decode()
    assert case_links(behind) == {world.police_case.pk}
    police = text(client_for("police").get("/"))
    assert "Nothing is waiting for you" in police


def test_plans_to_approve_and_actions_due_are_waiting(client_for, world: World) -> None:
    active_plan_and_draft(world, "police_case")
    author = client_for("police")
    assert case_links(author.get("/", {"waiting": "approve"}).content.decode()) == set()
    approver = client_for(colleague(world, "police_case").username)
    body = approver.get("/").content.decode()
    assert 'href="?waiting=approve"' in body
    assert 'href="/my-actions/" data-testid="waiting-actions"' in author.get("/").content.decode()
    behind = approver.get("/", {"waiting": "approve"}).content.decode()
    assert case_links(behind) == {world.police_case.pk}


def test_my_actions_name_the_person_beside_the_reference(client_for, world: World) -> None:
    active_plan_and_draft(world, "police_case")
    body = text(client_for("police").get("/my-actions/"))
    assert "KOWALSKI, Jan" in body and world.police_case.reference in body


def test_search_results_carry_the_caseload_columns_and_filters(client_for, world: World) -> None:
    client = client_for("coordinator")
    body = text(client.get("/", {"q": "17/05/1980"}))
    assert "2 cases found" in body and "No RoSH in force" in body and "Plan not approved" in body
    narrowed = client.get("/", {"q": "17/05/1980", "category": "2"}).content.decode()
    assert case_links(narrowed) == {world.shared_case.pk}
    assert 'name="q" value="17/05/1980"' in narrowed


def test_an_outsider_whose_search_finds_nothing_is_told_whom_to_ask(
    client_for, world: World
) -> None:
    response = client_for("outsider").get("/", {"q": "Kowalski"})
    results = response.content.decode().split('id="search-results"')[1]
    assert "0 cases found" in text(response)
    assert "contact the MAPPA co-ordinator of that area" in results
    assert "/cases/new/" not in results  # not invited to register someone held elsewhere
    side = response.content.decode().split('id="search-results"')[0]
    assert "Search first" in side and 'href="/cases/new/"' in side


def test_housing_is_not_offered_registration(client_for, world: World) -> None:
    body = client_for("housing").get("/", {"q": "Nobody"}).content.decode()
    assert "/cases/new/" not in body.split('id="navigation"')[-1].split("</header>")[-1]
