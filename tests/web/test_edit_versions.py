"""Every web edit carries the version of the record it was loaded with (optimistic locking),
as the API requires: an edit posted without it is refused, naming the field, and nothing is
saved; never a save over someone else's change."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from fourpillars.assessments.models import RoshAssessment
from fourpillars.audit.models import AuditEvent
from fourpillars.plans.models import Plan
from fourpillars.register.models import Address, Case, Conviction, Person
from tests.cast import World
from tests.factories import active_plan_and_draft, draft_assessment
from tests.web.forms_in_page import form_data
from tests.web.helpers import error_summary

pytestmark = pytest.mark.django_db


def django_form_edits(world: World) -> dict[str, tuple[str, dict[str, str]]]:
    """url -> (the record named in the error, changes that would otherwise be saved)."""
    case = world.police_case.pk
    person = world.police_case.person
    address = Address.objects.filter(person=person).first()
    conviction = Conviction.objects.filter(person=person).first()
    base = f"/cases/{case}/person"
    return {
        f"/cases/{case}/edit/": ("case", {"level": "2"}),
        f"{base}/edit/": ("person", {"nationalities": "PL, DE"}),
        f"{base}/addresses/{address.pk}/edit/": ("person", {"line1": "9 Elsewhere Road"}),
        f"{base}/convictions/{conviction.pk}/edit/": ("person", {"court": "Another Court"}),
        f"{base}/addresses/{address.pk}/remove/": ("person", {"reason": "Entered twice"}),
        f"{base}/convictions/{conviction.pk}/remove/": ("person", {"reason": "Wrong person"}),
    }


def changes_recorded() -> int:
    return AuditEvent.objects.exclude(operation="consultation").count()


def state(world: World) -> tuple[object, ...]:
    case = Case.objects.get(pk=world.police_case.pk)
    person = Person.objects.get(pk=case.person_id)
    return (
        case.version,
        case.level,
        person.version,
        Address.objects.filter(person=person).count(),
        Conviction.objects.filter(person=person).count(),
        changes_recorded(),
    )


def test_a_case_or_person_edit_without_its_version_is_refused_naming_the_field(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("police")
    for url, (record, changes) in django_form_edits(world).items():
        before = state(world)
        data = form_data(client.get(url), **changes)
        assert "version" in data, url  # the page carries it
        del data["version"]
        response = client.post(url, data)
        assert response.status_code == 200, (url, response.status_code)
        expected = f"The version of the {record} you loaded is missing"
        assert any(expected in e for e in error_summary(response)), (url, error_summary(response))
        assert state(world) == before, url  # nothing saved, nothing audited as changed


def test_the_same_edit_with_its_version_saves(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("police")
    url = f"/cases/{world.police_case.pk}/edit/"
    response = client.post(url, form_data(client.get(url), level="2"))
    assert response.status_code == 302
    assert Case.objects.get(pk=world.police_case.pk).level == 2


def test_task_list_sections_without_a_version_save_nothing(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("police")
    a = draft_assessment(world)
    _, plan = active_plan_and_draft(world, "police_case")
    pages = {
        f"/assessments/{a.pk}/edit/summary/": {"formulation": "Offends when drinking"},
        f"/assessments/{a.pk}/autosave/": {"formulation": "Offends when drinking"},
        f"/plans/{plan.pk}/edit/period/": {"review_date": "2099-01-01"},
        f"/plans/{plan.pk}/autosave/": {"review_date": "2099-01-01"},
    }
    versions = (
        RoshAssessment.objects.get(pk=a.pk).version,
        Plan.objects.get(pk=plan.pk).version,
        changes_recorded(),
    )
    for url, changes in pages.items():
        page = url.replace("/autosave/", "/edit/summary/" if "assessments" in url else "/edit/")
        data = form_data(client.get(page), **changes)
        data.pop("version", None)
        response = client.post(url, data)
        assert response.status_code in {200, 409, 422}, (url, response.status_code)
    assert (
        RoshAssessment.objects.get(pk=a.pk).version,
        Plan.objects.get(pk=plan.pk).version,
        changes_recorded(),
    ) == versions
