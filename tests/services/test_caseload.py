"""The caseload read: whose cases, the tags and figures worked out in SQL, whitelisted sorting
and filtering, a fixed number of queries, one audit row per page; and what waits for a user."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fourpillars.accounts.models import User
from fourpillars.audit.models import AuditEvent
from fourpillars.register.models import Case
from fourpillars.services import cases as case_services
from fourpillars.services.cases.caseload import CaseloadQuery, caseload, waiting_for
from tests.cast import CAST_NAMES, World, case_data, person_data
from tests.factories import active_plan_and_draft, colleague, submitted_assessment

pytestmark = pytest.mark.django_db


def ids(user: User, **query: object) -> list[int]:
    return [r.case.pk for r in caseload(actor=user, query=CaseloadQuery(**query)).rows]  # type: ignore[arg-type]


@pytest.mark.parametrize("name", [n for n in CAST_NAMES if n not in ("auditor", "admin")])
def test_all_scope_lists_exactly_the_visible_open_cases(world: World, name: str) -> None:
    listing = caseload(actor=world.users[name], query=CaseloadQuery(scope="all"))
    assert {r.case.pk for r in listing.rows} == world.visible[name]
    assert listing.scope_total == len(world.visible[name]) == listing.total


def test_a_hidden_case_never_appears_or_counts(world: World) -> None:
    Case.objects.filter(pk=world.police_case.pk).update(
        next_review_date=dt.date(2020, 1, 1), level=2
    )
    outsider = caseload(actor=world.users["outsider"], query=CaseloadQuery(scope="all"))
    assert [r.case.pk for r in outsider.rows] == [world.other_area_case.pk]
    assert outsider.figures["review_overdue"] == 0 and outsider.scope_total == 1
    filtered = CaseloadQuery(scope="all", tags=frozenset({"review_overdue"}))
    assert caseload(actor=world.users["outsider"], query=filtered).total == 0
    assert caseload(actor=world.users["housing"], query=filtered).rows == []


def test_the_coordinators_own_cases_are_the_areas_level_2_and_3(world: World) -> None:
    coordinator = world.users["coordinator"]
    assert ids(coordinator) == [world.shared_case.pk]  # level 2; the police case is level 1
    assert set(ids(coordinator, scope="all")) == {world.police_case.pk, world.shared_case.pk}
    assert caseload(actor=coordinator, query=CaseloadQuery()).can_switch


def test_a_managers_own_cases_are_those_they_work(world: World, police_manager: User) -> None:
    assert ids(police_manager) == []
    assert ids(police_manager, scope="all") == [world.police_case.pk]
    # A practitioner has no switch: their caseload is their agency's.
    police = caseload(actor=world.users["police"], query=CaseloadQuery())
    assert not police.can_switch and [r.case.pk for r in police.rows] == [world.police_case.pk]


def test_closed_cases_leave_the_caseload(world: World) -> None:
    case_services.change_status(
        actor=world.users["police"], case_id=world.police_case.pk, status="closed", reason="Died"
    )
    assert ids(world.users["police"]) == []


def test_new_case_has_no_rosh_and_no_approved_plan(world: World) -> None:
    [row] = caseload(actor=world.users["police"], query=CaseloadQuery()).rows
    assert row.rosh == "" and row.plan_review_date is None
    assert row.tags == ["no_rosh", "plan_not_approved"]


def test_rosh_in_force_and_active_plan_clear_their_tags(world: World) -> None:
    active, _draft = active_plan_and_draft(world, "police_case")
    [row] = caseload(actor=world.users["police"], query=CaseloadQuery()).rows
    assert row.rosh == "high"
    assert row.plan_review_date == active.review_date
    assert row.tags == []


def test_review_overdue_and_notification_ending(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    Case.objects.filter(pk=world.police_case.pk).update(
        next_review_date=today - dt.timedelta(days=1),
        notification_indefinite=False,
        notification_end=today + dt.timedelta(days=60),
    )
    [row] = caseload(actor=world.users["police"], query=CaseloadQuery()).rows
    assert row.tags == ["review_overdue", "no_rosh", "plan_not_approved", "notification_ending"]
    settings.FOURPILLARS_NOTIFICATION_DAYS = 30
    [row] = caseload(actor=world.users["police"], query=CaseloadQuery()).rows
    assert "notification_ending" not in row.tags


def test_figures_count_each_tag_over_the_scope(world: World) -> None:
    Case.objects.filter(pk=world.shared_case.pk).update(next_review_date=dt.date(2020, 1, 1))
    active_plan_and_draft(world, "police_case")
    listing = caseload(actor=world.users["coordinator"], query=CaseloadQuery(scope="all"))
    assert listing.figures == {
        "review_overdue": 1,
        "no_rosh": 1,
        "plan_not_approved": 1,
        "notification_ending": 0,
        "notification_missed": 0,
    }


def test_filters_narrow_the_list_but_not_the_figures(world: World) -> None:
    coordinator = world.users["coordinator"]
    assert ids(coordinator, scope="all", categories=frozenset({2})) == [world.shared_case.pk]
    assert ids(coordinator, scope="all", levels=frozenset({1})) == [world.police_case.pk]
    active_plan_and_draft(world, "police_case")
    assert ids(coordinator, scope="all", rosh=frozenset({"none"})) == [world.shared_case.pk]
    assert ids(coordinator, scope="all", rosh=frozenset({"high"})) == [world.police_case.pk]
    listing = caseload(
        actor=coordinator, query=CaseloadQuery(scope="all", tags=frozenset({"no_rosh"}))
    )
    assert listing.total == 1 and listing.scope_total == 2 and listing.figures["no_rosh"] == 1


def test_every_tag_filter_totals_what_a_count_finds(world: World) -> None:
    """One tag alone takes its total from the figure already counted; a tag with another
    filter counts: either way the total is the number of matching cases."""
    coordinator = world.users["coordinator"]
    Case.objects.filter(pk=world.shared_case.pk).update(next_review_date=dt.date(2020, 1, 1))
    for tags, levels in [({"review_overdue"}, set()), ({"no_rosh"}, set()), ({"no_rosh"}, {1})]:
        query = CaseloadQuery(scope="all", tags=frozenset(tags), levels=frozenset(levels))
        listing = caseload(actor=coordinator, query=query)
        assert listing.total == len(listing.rows) > 0, (tags, levels)
    with CaptureQueriesContext(connection) as one_tag:
        caseload(actor=coordinator, query=CaseloadQuery(scope="all", tags=frozenset({"no_rosh"})))
    with CaptureQueriesContext(connection) as unfiltered:
        caseload(actor=coordinator, query=CaseloadQuery(scope="all"))
    assert len(one_tag) == len(unfiltered)


def test_sorting_by_name_both_ways(world: World) -> None:
    coordinator = world.users["coordinator"]
    # KOWALSKI (police case) before ΠΑΠΑΔΟΠΟΥΛΟΣ (shared case) in either script's order.
    forward = ids(coordinator, scope="all", sort="name")
    assert ids(coordinator, scope="all", sort="name", descending=True) == forward[::-1]
    assert set(forward) == {world.police_case.pk, world.shared_case.pk}
    by_level = ids(coordinator, scope="all", sort="level", descending=True)
    assert by_level == [world.shared_case.pk, world.police_case.pk]


def test_unknown_parameters_are_ignored() -> None:
    q = CaseloadQuery.from_params(
        {
            "sort": ["person__search_text"],
            "tag": ["review_overdue", "drop table"],
            "category": ["2", "9"],
            "rosh": ["very_high", "x"],
            "page": ["-3"],
            "scope": ["everyone"],
            "order": ["desc"],
        }
    )
    assert q.sort == "next_review" and q.tags == frozenset({"review_overdue"})
    assert q.categories == frozenset({2}) and q.rosh == frozenset({"very_high"})
    assert q.page == 1 and q.scope == "mine" and q.descending


def test_pages_hold_the_page_size_and_a_page_past_the_end_shows_the_last(world: World) -> None:
    police = world.users["police"]
    for i in range(5):
        case_services.register_case(
            actor=police, person=person_data("Nowak", f"Adam{i}"), case=case_data("police-a")
        )
    first = caseload(actor=police, query=CaseloadQuery(page_size=4))
    assert len(first.rows) == 4 and first.total == 6 and first.pages == 2
    last = caseload(actor=police, query=CaseloadQuery(page_size=4, page=9))
    assert last.page == 2 and len(last.rows) == 2
    assert not {r.case.pk for r in first.rows} & {r.case.pk for r in last.rows}


def test_each_page_is_one_audited_consultation(world: World) -> None:
    before = AuditEvent.objects.count()
    caseload(actor=world.users["police"], query=CaseloadQuery(tags=frozenset({"no_rosh"})))
    assert AuditEvent.objects.count() == before + 1
    row = AuditEvent.objects.latest("seq")
    assert row.action == "view_caseload" and row.operation == "consultation"
    assert row.record_ids == [world.police_case.pk] and "tag=no_rosh" in row.query


def test_the_query_count_does_not_grow_with_the_caseload(world: World) -> None:
    coordinator = world.users["coordinator"]
    query = CaseloadQuery(scope="all", sort="rosh", tags=frozenset({"no_rosh"}))
    caseload(actor=coordinator, query=query)
    cache.clear()  # figures counted afresh each time (a change would do the same)
    with CaptureQueriesContext(connection) as small:
        caseload(actor=coordinator, query=query)
    for i in range(12):
        case = case_services.register_case(
            actor=world.users["probation"],
            person=person_data("Lis", f"Ewa{i}"),
            case=case_data("probation-a", category=2, level=2),
        )
        if i % 3 == 0:
            submitted_assessment(world, "shared_case")
        assert case.pk
    with CaptureQueriesContext(connection) as large:
        listing = caseload(actor=coordinator, query=query)
    assert listing.scope_total == 14  # the registrations moved the figures kept before
    assert len(large.captured_queries) == len(small.captured_queries)
    with CaptureQueriesContext(connection) as again:
        assert caseload(actor=coordinator, query=query).figures == listing.figures
    assert len(again.captured_queries) == len(large.captured_queries) - 1  # figures kept


def test_waiting_for_a_manager_the_assessment_to_countersign(
    world: World, police_manager: User
) -> None:
    assert waiting_for(police_manager).countersign == 0
    submitted_assessment(world, "police_case", countersign=False)
    assert waiting_for(police_manager).countersign == 1
    assert ids(police_manager, waiting="countersign") == [world.police_case.pk]
    # Not for the author, nor for anyone who is not a line manager.
    assert waiting_for(world.users["police"]).countersign == 0
    assert ids(world.users["police"], waiting="countersign") == []
    # Never for a case hidden from the manager.
    assert waiting_for(world.users["outsider"]).countersign == 0


def test_waiting_for_approval_and_actions(world: World) -> None:
    active_plan_and_draft(world, "police_case")
    police = world.users["police"]
    assert waiting_for(police).approve == 0  # the author: a second person approves
    assert ids(police, waiting="approve") == []
    approver = colleague(world, "police_case")
    waiting = waiting_for(approver)
    assert waiting.approve == 1  # the next version's draft
    assert ids(approver, waiting="approve") == [world.police_case.pk]
    assert waiting_for(world.users["housing"]).approve == 0
    assert waiting_for(world.users["outsider"]) == type(waiting)(0, 0, 0)
