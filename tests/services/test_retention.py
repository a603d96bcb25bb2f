"""Retention review of closed cases ([MOPI-2005]; decision 0030): the clock starts at
closure; reviews due show for the area's co-ordinator; a decision keeps the record until a
next review, or deletes its personal data in one transaction, leaving a stub that says what
was deleted, when, by whom and why, without the data, and an audit trail still intact."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone

from fourpillars import demo
from fourpillars.assessments.models import RoshAssessment
from fourpillars.audit.models import AuditEvent, PersonKey
from fourpillars.domain.audit import Operation
from fourpillars.domain.dates import long_date
from fourpillars.domain.errors import DomainValidationError, EditConflict
from fourpillars.domain.retention import add_years
from fourpillars.meetings.models import MeetingCase, Minutes
from fourpillars.notifications.models import Notification
from fourpillars.plans.models import Action, Decision, Plan
from fourpillars.referrals.models import DuplicateFlag, Referral
from fourpillars.register.models import (
    Case,
    CaseShare,
    EmergencyAccess,
    Identifier,
    Person,
    PersonName,
    RetentionReview,
)
from fourpillars.services import audit, cases, persons
from fourpillars.services.cases import caseload, emergency
from fourpillars.services.errors import Forbidden, NotFound
from fourpillars.services.referrals import screening
from fourpillars.services.retention import erasure, reviews
from tests.audit_rows import contains, opened, raw_trail_text, stored_text
from tests.cast import PASSWORD, World, case_data, person_data
from tests.factories import active_plan_and_draft, closed_for_review
from tests.meetings import complete_minutes, held
from tests.moves import MAPPA_A

pytestmark = pytest.mark.django_db
WHY = "No longer needed for a policing purpose: no contact for many years"


def _close(world: World, case_attr: str, years_ago: int = 7) -> Case:
    return closed_for_review(world, case_attr, years_ago)


def test_closing_starts_the_clock_and_re_opening_stops_it(world: World) -> None:
    probation, case = world.users["probation"], world.shared_case
    cases.change_status(actor=probation, case_id=case.pk, status="closed", reason="Ended")
    case.refresh_from_db()
    today = timezone.localdate()
    assert case.closed_on == today
    assert case.retention_review_due == add_years(today, 10)
    cases.change_status(actor=probation, case_id=case.pk, status="active", reason="Back")
    case.refresh_from_db()
    assert case.closed_on is None and case.retention_review_due is None


def test_reviews_due_wait_for_the_area_co_ordinator_only(world: World) -> None:
    _close(world, "shared_case")
    _close(world, "other_area_case")
    coordinator = world.users["coordinator"]
    assert reviews.due_count(coordinator) == 1
    assert caseload.counted_waiting(coordinator).retention == 1
    listed = reviews.review_list(actor=coordinator)
    assert [c.pk for c in listed.due] == [world.shared_case.pk]
    assert AuditEvent.objects.filter(action="view_retention_reviews").exists()
    for name in ("police", "probation", "housing", "outsider", "auditor", "admin"):
        assert reviews.due_count(world.users[name]) == 0
        with pytest.raises(Forbidden):
            reviews.review_list(actor=world.users[name])


def test_the_review_page_is_404_for_a_hidden_case_and_403_for_a_reader(world: World) -> None:
    _close(world, "shared_case")
    with pytest.raises(NotFound):
        reviews.consult(actor=world.users["outsider"], case_id=world.shared_case.pk)
    with pytest.raises(Forbidden):
        reviews.consult(actor=world.users["probation"], case_id=world.shared_case.pk)
    page = reviews.consult(actor=world.users["coordinator"], case_id=world.shared_case.pk)
    assert page.review_years == 10 and page.earliest_deletion is not None


def test_keeping_moves_the_next_review_and_is_recorded(world: World) -> None:
    case = _close(world, "shared_case")
    next_review = timezone.localdate() + dt.timedelta(days=365)
    done = reviews.decide(
        actor=world.users["coordinator"],
        case_id=case.pk,
        expected_version=case.version,
        outcome="retain",
        reason="Victim still at risk",
        next_review=next_review.isoformat(),
    )
    version = case.version
    case.refresh_from_db()
    assert case.retention_review_due == next_review and done.case_id == case.pk
    assert case.version == version + 1
    row = opened(AuditEvent.objects.get(action="retain_case"))
    assert row.after["retention_review_due"] == next_review.isoformat()
    assert row.after["version"] == case.version
    assert reviews.due_count(world.users["coordinator"]) == 0


def test_a_decision_on_a_stale_version_is_a_conflict_and_changes_nothing(world: World) -> None:
    """Two co-ordinators on one review: the second decided on the version before the first
    kept the record; told what changed, nothing saved (not even a deletion)."""
    case = _close(world, "shared_case")
    read = case.version
    keep = timezone.localdate() + dt.timedelta(days=365)
    reviews.decide(
        actor=world.users["coordinator"],
        case_id=case.pk,
        expected_version=read,
        outcome="retain",
        reason="Victim still at risk",
        next_review=keep.isoformat(),
    )
    with pytest.raises(EditConflict) as exc:
        reviews.decide(
            actor=world.users["coordinator"],
            case_id=case.pk,
            expected_version=read,
            outcome="delete",
            reason=WHY,
            confirmed=True,
        )
    assert "retention_review_due" in exc.value.changed_fields
    assert exc.value.current_version == read + 1
    assert Case.objects.filter(pk=case.pk, retention_review_due=keep).exists()
    assert RetentionReview.objects.count() == 1


def test_an_open_case_is_not_reviewed(world: World) -> None:
    with pytest.raises(DomainValidationError) as exc:
        reviews.decide(
            actor=world.users["coordinator"],
            case_id=world.shared_case.pk,
            expected_version=Case.objects.get(pk=world.shared_case.pk).version,
            outcome="delete",
            reason=WHY,
            confirmed=True,
        )
    assert exc.value.errors[0].field == "outcome"
    assert Case.objects.filter(pk=world.shared_case.pk).exists()


def test_deletion_waits_for_the_minimum_period(world: World) -> None:
    case = _close(world, "shared_case", years_ago=2)
    with pytest.raises(DomainValidationError) as exc:
        reviews.decide(
            actor=world.users["coordinator"],
            case_id=case.pk,
            expected_version=case.version,
            outcome="delete",
            reason=WHY,
            confirmed=True,
        )
    assert exc.value.errors[0].field == "outcome" and "6 years" in exc.value.errors[0].message
    assert Case.objects.filter(pk=case.pk).exists()


@pytest.fixture
def rich(world: World) -> Case:
    """The shared case with everything the register records on one: assessment, level
    decision, plans and actions, decisions, minutes of a meeting, a referral, a possible
    duplicate, emergency access with its notifications, shares; then closed 7 years ago."""
    probation = world.users["probation"]
    case = world.shared_case
    active_plan_and_draft(world, "shared_case")
    complete_minutes(world, held(world, "shared_case"))
    screening.refer_case(actor=probation, case_id=case.pk, data=MAPPA_A)
    persons.add_identifier(
        actor=probation, person_id=case.person_id, data={"kind": "crn", "value": "X777777"}
    )
    cases.register_case(  # in area B, holding the same identifier: a possible duplicate
        actor=world.users["outsider"],
        person=person_data("Other", identifiers=[{"kind": "crn", "value": "X777777"}]),
        case=case_data("police-b"),
    )
    emergency.request_access(
        actor=world.users["outsider"],
        reference=case.reference,
        reason="Seen near the school tonight, need the plan",
    )
    demo.ensure_coordinators(PASSWORD)
    return _close(world, "shared_case")


def _delete(world: World, case: Case) -> RetentionReview:
    return reviews.decide(
        actor=world.users["coordinator"],
        case_id=case.pk,
        expected_version=case.version,
        outcome="delete",
        reason=WHY,
        confirmed=True,
    )


def test_deletion_removes_the_case_and_the_person_with_everything_on_them(
    world: World, rich: Case
) -> None:
    person_id, case_id = rich.person_id, rich.pk
    for model, where in (
        (RoshAssessment, {"case_id": case_id}),
        (Plan, {"case_id": case_id}),
        (Action, {"case_id": case_id}),
        (Decision, {"case_id": case_id}),
        (MeetingCase, {"case_id": case_id}),
        (Minutes, {"item__case_id": case_id}),
        (Referral, {"case_id": case_id}),
        (CaseShare, {"case_id": case_id}),
        (EmergencyAccess, {"case_id": case_id}),
        (Notification, {"case_id": case_id}),
        (PersonName, {"person_id": person_id}),
        (Identifier, {"person_id": person_id}),
    ):
        assert model.objects.filter(**where).exists(), model  # the fixture made each
    assert DuplicateFlag.objects.exists()
    rows_before = AuditEvent.objects.count()
    review = _delete(world, rich)
    assert not Case.objects.filter(pk=case_id).exists()
    assert not Person.objects.filter(pk=person_id).exists()
    for model, where in (
        (RoshAssessment, {"case_id": case_id}),
        (Plan, {"case_id": case_id}),
        (Action, {"case_id": case_id}),
        (Decision, {"case_id": case_id}),
        (MeetingCase, {"case_id": case_id}),
        (Referral, {"case_id": case_id}),
        (CaseShare, {"case_id": case_id}),
        (EmergencyAccess, {"case_id": case_id}),
        (Notification, {"case_id": case_id}),
        (PersonName, {"person_id": person_id}),
        (Identifier, {"person_id": person_id}),
    ):
        assert not model.objects.filter(**where).exists(), model
    assert not DuplicateFlag.objects.exists()
    assert Identifier.objects.filter(value="X777777").count() == 1  # area B's person stays
    connection.check_constraints()  # no row left pointing at what went
    # The stub: what, when, by whom and why; the audit trail grew and still verifies.
    review.refresh_from_db()
    assert review.case_id is None and review.case_reference == rich.reference
    assert review.deleted["person_deleted"] is True
    assert review.deleted["rows"]["register.Person"] == 1
    assert review.deleted["rows"]["plans.Plan"] == 2
    assert review.decided_by == world.users["coordinator"] and review.reason == WHY
    assert AuditEvent.objects.count() == rows_before + 1
    assert audit.verify()[1] is None


def test_the_stub_holds_no_personal_data(world: World, rich: Case) -> None:
    _delete(world, rich)
    stub = opened(AuditEvent.objects.get(action="delete_case_personal_data"))
    assert stub.operation == "erasure" and stub.actor_username == "coordinator"
    text = str(stub.hashed_content()) + str(RetentionReview.objects.get().__dict__)
    for personal in ("Papadopoulos", "Παπαδόπουλος", "Νίκος", "1980-05-17", "X777777"):
        assert personal not in text
    assert stub.after["case"] == rich.reference and stub.after["reason"] == WHY


def test_the_person_stays_while_another_case_holds_them(world: World) -> None:
    case = _close(world, "shared_case")
    other = Case.objects.create(
        person_id=case.person_id,
        reference="FP-A-SECOND",
        category=2,
        level=1,
        lead_agency=case.lead_agency,
        area=case.area,
        start_date=case.start_date,
    )
    review = _delete(world, case)
    assert review.deleted["person_deleted"] is False
    assert Person.objects.filter(pk=case.person_id).exists()
    assert Case.objects.filter(pk=other.pk).exists()
    assert not Case.objects.filter(pk=case.pk).exists()


def test_a_deletion_is_never_half_done(
    world: World, rich: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after the case's records went (before the person's): nothing is deleted,
    no review and no audit row are left."""

    def broken(person_id: int) -> list[object]:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(erasure, "_person_steps", broken)
    rows_before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        _delete(world, rich)
    assert Case.objects.filter(pk=rich.pk).exists()
    assert Plan.objects.filter(case_id=rich.pk).count() == 2
    assert RetentionReview.objects.count() == 0
    assert AuditEvent.objects.count() == rows_before


def test_every_model_pointing_at_a_case_or_a_person_is_erased_or_kept_by_name() -> None:
    """A new model with a foreign key to a case or a person must be named in
    ``erasure.ERASED`` (its rows deleted with them) or ``KEPT``."""
    targets = {Case, Person}
    pointing = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model in targets:
                pointing.add(model._meta.label)
    assert pointing - erasure.ERASED - erasure.KEPT == set()
    assert pointing >= erasure.KEPT


def test_closed_cases_that_landed_before_get_their_dates_from_their_closure(
    world: World,
) -> None:
    """Migration 0008: a case closed before the retention clock existed."""
    import importlib

    backfill = importlib.import_module(
        "fourpillars.register.migrations.0008_closed_cases_retention_dates"
    ).backfill
    case = world.shared_case
    cases.change_status(
        actor=world.users["probation"], case_id=case.pk, status="closed", reason="Ended"
    )
    closure = Decision.objects.get(case=case, kind="case_closure")
    Decision.objects.filter(pk=closure.pk).update(
        decided_at=timezone.now() - dt.timedelta(days=800)
    )
    Case.objects.filter(pk=case.pk).update(closed_on=None, retention_review_due=None)
    backfill(apps, None)
    case.refresh_from_db()
    closed = (timezone.now() - dt.timedelta(days=800)).date()
    assert case.closed_on == closed
    assert case.retention_review_due == add_years(closed, 10)
    assert Case.objects.get(pk=world.police_case.pk).closed_on is None  # open: untouched


# --- the audit trail's sealed values (decision 0031) ------------------------------------------


def _rename(world: World) -> AuditEvent:
    persons.add_name(
        actor=world.users["probation"],
        person_id=world.shared_case.person_id,
        data={"kind": "primary", "family_name": "Thornbury", "given_names": "Ada"},
    )
    return AuditEvent.objects.filter(action="add_name").latest("seq")


def _shown(world: World, seq: int) -> AuditEvent:
    """The row as the auditor reads it (the API's and the screen's service)."""
    rows = audit.read_trail(actor=world.users["auditor"], filters={}, page_size=200).items
    return next(e for e in rows if e.seq == seq)


def test_deletion_destroys_the_key_and_the_trail_says_the_values_were_removed(
    world: World,
) -> None:
    person_id = world.shared_case.person_id
    row = _rename(world)
    assert _shown(world, row.seq).before == {"primary": "Νίκος Παπαδόπουλος"}
    review = _delete(world, _close(world, "shared_case"))
    key = PersonKey.objects.get(person_id=person_id)
    assert key.key is None and key.review_id == review.pk and key.destroyed_at is not None
    removed = "Removed: personal data erased under the retention decision of " + long_date(
        timezone.localdate()
    )
    shown = _shown(world, row.seq)
    assert shown.before == shown.after == shown.removed == removed
    assert (shown.action, shown.actor_username, shown.person_id) == (
        "add_name",
        "probation",
        person_id,
    )
    raw = stored_text(row.seq)
    for name in ("Thornbury", "Ada", "Papadopoulos", "Παπαδόπουλος", "Νίκος"):
        assert not contains(raw, name)
    assert audit.verify()[1] is None
    stub = AuditEvent.objects.get(action="delete_case_personal_data")
    assert stub.after["audit_key_destroyed"] is True and stub.after["audit_rows_in_clear"] == 0
    assert review.deleted["audit_key_destroyed"] is True


def test_after_deletion_the_audit_table_holds_none_of_the_persons_values(
    world: World, rich: Case
) -> None:
    """Every row written about the person (identity, plans, assessments, minutes, referral,
    emergency access ...) holds their values sealed; with the key gone, none is anywhere in
    the table's stored text."""
    before = raw_trail_text()
    assert "Papadopoulos" not in before  # sealed from the start
    _delete(world, rich)
    raw = raw_trail_text()
    for personal in ("Papadopoulos", "Παπαδόπουλος", "Νίκος", "Nikos", "X777777", "1980-05-17"):
        assert not contains(raw, personal), personal
    assert audit.verify()[1] is None


def test_rows_written_before_sealing_stay_clear_and_the_stub_counts_them(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as before_sealing:
        # The trail module (the package's ``trail`` is the auditor's read of it).
        module = importlib.import_module("fourpillars.services.audit.trail")
        before_sealing.setattr(module, "seal_rows", lambda events, keys: None)
        old = _rename(world)
    review = _delete(world, _close(world, "shared_case"))
    assert review.deleted["audit_rows_in_clear"] == 1
    stub = AuditEvent.objects.get(action="delete_case_personal_data")
    assert stub.after["audit_rows_in_clear"] == 1
    assert _shown(world, old.seq).before == {"primary": "Νίκος Παπαδόπουλος"}  # no remedy


def test_a_row_written_after_the_key_went_keeps_nothing(world: World) -> None:
    person_id = world.shared_case.person_id
    _delete(world, _close(world, "shared_case"))
    with transaction.atomic():
        late = audit.record(
            actor=None,
            operation=Operation.DISCLOSURE,
            action="late_job",
            target=audit.Target("person", str(person_id), None, person_id),
            after={"name": "Νίκος Παπαδόπουλος"},
        )
    assert PersonKey.objects.filter(person_id=person_id).count() == 1  # no new key
    assert not contains(stored_text(late.seq), "Νίκος")
    assert _shown(world, late.seq).after.startswith("Removed: personal data erased")


def test_the_key_stays_while_another_case_holds_the_person(world: World) -> None:
    row = _rename(world)
    case = _close(world, "shared_case")
    Case.objects.create(
        person_id=case.person_id,
        reference="FP-A-SECOND",
        category=2,
        level=1,
        lead_agency=case.lead_agency,
        area=case.area,
        start_date=case.start_date,
    )
    review = _delete(world, case)
    assert review.deleted["audit_key_destroyed"] is False
    assert PersonKey.objects.get(person_id=case.person_id).key is not None
    assert _shown(world, row.seq).after["name"] == "Ada Thornbury"
