"""Emergency (break-glass) access (decision 0030): granted for a few hours through the one
access-scoped query, only with a reason, audited (the grant, and every read under it marked
"break-glass"), the case's lead agency and area co-ordinator told at once; the answer the same
for a hidden case, a visible one and a reference that names nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.utils import timezone

from fourpillars import demo
from fourpillars.audit.models import AuditEvent
from fourpillars.domain.access import Permission
from fourpillars.domain.errors import DomainValidationError
from fourpillars.notifications.models import Notification, OutboundEmail
from fourpillars.register.models import Case, EmergencyAccess
from fourpillars.services import access, cases
from fourpillars.services.cases import emergency
from fourpillars.services.errors import Forbidden, JustificationRequired, NotFound
from tests.audit_rows import opened, opened_rows
from tests.cast import PASSWORD, World

pytestmark = pytest.mark.django_db
REASON = "Arrested tonight at a school gate in our area; need his risk plan now"


def _ask(
    world: World, name: str, reference: str, reason: str = REASON
) -> emergency.EmergencyAnswer:
    return emergency.request_access(actor=world.users[name], reference=reference, reason=reason)


def test_without_a_grant_the_other_area_case_is_hidden(world: World) -> None:
    with pytest.raises(NotFound):
        access.visible_case(world.users["police"], world.other_area_case.pk)


def test_a_grant_makes_the_case_visible_through_the_one_query(world: World) -> None:
    police, case = world.users["police"], world.other_area_case
    _ask(world, "police", case.reference.lower())  # typed in lower case: found all the same
    assert access.visible_case(police, case.pk).pk == case.pk
    assert case.pk in set(Case.objects.visible_to(police).values_list("pk", flat=True))
    assert access.allowed(police, Permission.VIEW_CASE, case)  # the policy agrees
    assert not access.allowed(police, Permission.MANAGE_CASE, case)  # reading only
    grant = EmergencyAccess.objects.get()
    hours = (grant.expires_at - grant.granted_at).total_seconds() / 3600
    assert round(hours) == 4 and grant.reason == REASON


def test_every_read_under_it_is_marked_break_glass_with_the_reason(world: World) -> None:
    police, case = world.users["police"], world.other_area_case
    _ask(world, "police", case.reference)
    cases.consult_case(actor=police, case_id=case.pk, justification=None)  # no purpose asked
    cases.consult_timeline(actor=police, case_id=case.pk, justification=None)
    reads = opened_rows(
        AuditEvent.objects.filter(
            actor_username="police", case_id=case.pk, operation="consultation"
        )
    )
    assert len(reads) == 2
    assert {r.purpose for r in reads} == {"break-glass"}
    assert all(REASON in r.justification for r in reads)


def test_the_grant_is_audited_as_a_disclosure_to_the_user(world: World) -> None:
    _ask(world, "police", world.other_area_case.reference)
    row = opened(AuditEvent.objects.get(action="grant_emergency_access"))
    assert row.operation == "disclosure" and row.purpose == "break-glass"
    assert row.case_id == world.other_area_case.pk and row.recipients == ["police"]
    assert REASON in row.justification


def test_the_lead_agency_and_the_area_co_ordinator_are_told_at_once(world: World) -> None:
    bea = demo.ensure_coordinators(PASSWORD)["coordinator-b"]
    _ask(world, "police", world.other_area_case.reference)
    told = Notification.objects.filter(kind="emergency_access")
    # police-b has no line manager: everyone in it (the outsider), and area B's co-ordinator.
    assert set(told.values_list("recipient", flat=True)) == {world.users["outsider"].pk, bea.pk}
    note = told.first()
    assert (
        note is not None and REASON in note.body and world.other_area_case.reference in note.subject
    )
    emails = OutboundEmail.objects.filter(notification__in=told)
    assert emails.count() == told.count()
    assert all(REASON not in e.body for e in emails)  # the e-mail carries no case content


def test_a_lead_agency_with_line_managers_tells_them(world: World) -> None:
    managers = demo.ensure_managers(PASSWORD)  # police-manager leads nothing of his own
    _ask(world, "outsider", world.police_case.reference)
    told = set(
        Notification.objects.filter(kind="emergency_access").values_list("recipient", flat=True)
    )
    assert told == {managers["police-manager"].pk, world.users["coordinator"].pk}


def test_the_answer_is_the_same_for_a_hidden_a_visible_and_no_case(world: World) -> None:
    hidden = _ask(world, "police", world.other_area_case.reference)
    visible = _ask(world, "police", world.police_case.reference)
    nothing = _ask(world, "police", "FP-Z-999999")
    assert {
        dataclasses.replace(a, reference="", until=hidden.until) for a in (hidden, visible, nothing)
    } == {dataclasses.replace(hidden, reference="")}
    assert EmergencyAccess.objects.count() == 1  # only the hidden case needed one
    asked = opened_rows(AuditEvent.objects.filter(action="request_emergency_access"))
    assert sorted(r.query for r in asked) == sorted(["FP-Z-999999", world.police_case.reference])
    assert all(r.case_id is None for r in asked)


def test_a_reason_is_required_and_long_enough(world: World) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(DomainValidationError) as exc:
        _ask(world, "police", "", "Because")
    assert {e.field for e in exc.value.errors} == {"reference", "reason"}
    assert "at least 20 characters" in next(
        e.message for e in exc.value.errors if e.field == "reason"
    )
    assert AuditEvent.objects.count() == before and not EmergencyAccess.objects.exists()


@pytest.mark.parametrize("name", ["coordinator", "housing", "auditor", "admin"])
def test_roles_the_policy_leaves_out_are_refused(world: World, name: str) -> None:
    with pytest.raises(Forbidden):
        _ask(world, name, world.police_case.reference)


def test_the_policy_and_the_hours_come_from_the_settings(world: World, settings: object) -> None:
    settings.FOURPILLARS_BREAK_GLASS_ROLES = ["housing_officer"]  # type: ignore[attr-defined]
    settings.FOURPILLARS_BREAK_GLASS_HOURS = 1  # type: ignore[attr-defined]
    answer = _ask(world, "housing", world.police_case.reference)
    assert answer.hours == 1
    assert access.visible_case(world.users["housing"], world.police_case.pk)
    with pytest.raises(Forbidden):
        _ask(world, "police", world.other_area_case.reference)


def test_access_ends_when_the_grant_expires(world: World) -> None:
    police, case = world.users["police"], world.other_area_case
    _ask(world, "police", case.reference)
    assert access.visible_case(police, case.pk)
    EmergencyAccess.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(NotFound):
        access.visible_case(police, case.pk)
    assert not access.allowed(police, Permission.VIEW_CASE, case)


def test_a_share_takes_over_and_reads_ask_for_a_purpose_again(world: World) -> None:
    """The grant marks reads only while it is the reason the user sees the case."""
    police, case = world.users["police"], world.shared_case  # probation-a's, area A
    _ask(world, "police", case.reference)
    cases.share_case(
        actor=world.users["probation"],
        case_id=case.pk,
        agency="police-a",
        lawful_basis="cja2003_s325_4",
        reason="Joint work",
    )
    with pytest.raises(JustificationRequired):
        cases.consult_case(actor=police, case_id=case.pk, justification=None)


def test_another_officer_of_the_same_agency_does_not_see_it(world: World) -> None:
    _ask(world, "police", world.other_area_case.reference)
    managers = demo.ensure_managers(PASSWORD)
    with pytest.raises(NotFound):
        access.visible_case(managers["police-manager"], world.other_area_case.pk)


def test_opening_by_reference_goes_through_the_one_query(world: World) -> None:
    police = world.users["police"]
    with pytest.raises(NotFound):
        emergency.open_by_reference(actor=police, reference=world.other_area_case.reference)
    with pytest.raises(NotFound):
        emergency.open_by_reference(actor=police, reference="FP-Z-999999")
    _ask(world, "police", world.other_area_case.reference)
    found = emergency.open_by_reference(actor=police, reference=world.other_area_case.reference)
    assert found.pk == world.other_area_case.pk
