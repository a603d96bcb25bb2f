"""An identifier held on a case the user cannot see (decision 0030): recorded exactly like a
new one, the attempt audited, and the co-ordinators of both cases' areas asked whether the
two records are one person (identity only). Before, the answer "already recorded on the
register" told anyone that a hidden case held it.
"""

from __future__ import annotations

import pytest

from fourpillars import demo
from fourpillars.audit.models import AuditEvent
from fourpillars.notifications.models import Notification
from fourpillars.referrals.models import DuplicateFlag
from fourpillars.register.models import Identifier
from fourpillars.services import cases, persons
from fourpillars.services.referrals import duplicates
from tests.audit_rows import opened
from tests.cast import PASSWORD, World, case_data, person_data

pytestmark = pytest.mark.django_db

HIDDEN = {"kind": "crn", "value": "X123456"}
NEW = {"kind": "crn", "value": "Y654321"}


@pytest.fixture
def held(world: World) -> World:
    """Area B's case (hidden from area A's police) holds the CRN ``HIDDEN``."""
    persons.add_identifier(
        actor=world.users["outsider"], person_id=world.other_area_case.person_id, data=HIDDEN
    )
    return world


def _register(world: World, ident: dict[str, str], family: str) -> object:
    return cases.register_case(
        actor=world.users["police"],
        person=person_data(family, "Adam", identifiers=[ident]),
        case=case_data("police-a"),
    )


def test_registering_with_an_identifier_held_on_a_hidden_case_answers_as_a_new_one(
    held: World,
) -> None:
    with_hidden = _register(held, HIDDEN, "Nowak")
    with_new = _register(held, NEW, "Lewandowski")
    assert type(with_hidden) is type(with_new)
    assert Identifier.objects.filter(person_id=with_hidden.person_id, **HIDDEN).exists()  # type: ignore[attr-defined]
    assert Identifier.objects.filter(**HIDDEN).count() == 2


def test_the_co_ordinators_of_both_areas_get_a_possible_duplicate_task(held: World) -> None:
    bea = demo.ensure_coordinators(PASSWORD)["coordinator-b"]
    case = _register(held, HIDDEN, "Nowak")
    flag = DuplicateFlag.objects.get()
    assert {flag.case_a_id, flag.case_b_id} == {case.pk, held.other_area_case.pk}  # type: ignore[attr-defined]
    assert any(r["kind"] == "same_identifier" for r in flag.reasons)
    told = set(
        Notification.objects.filter(kind="possible_duplicate").values_list("recipient", flat=True)
    )
    assert told == {held.users["coordinator"].pk, bea.pk}
    # Identity only: names and date of birth of each side, never the other case's content.
    shown = duplicates.consult(actor=bea, flag_id=flag.pk)
    other = next(s for s in shown.sides if not s.mine)
    assert other.case is None and [n.full for n in other.names] == ["Adam Nowak"]
    police_told = Notification.objects.filter(recipient=held.users["police"])
    assert not police_told.exists()


def test_the_attempt_is_audited_without_showing_on_either_timeline(held: World) -> None:
    case = _register(held, HIDDEN, "Nowak")
    row = opened(AuditEvent.objects.get(action="identifier_held_elsewhere"))
    assert row.actor_username == "police" and row.operation == "combination"
    assert row.after["value"] == "X123456"
    assert row.after["also_held_by"] == [held.other_area_case.person_id]
    assert row.case_id is None and row.person_id is None  # on no case's timeline
    timeline = cases.timeline(case)  # type: ignore[arg-type]
    assert "identifier_held_elsewhere" not in {e.action for e in timeline}


def test_adding_an_identifier_held_in_the_same_area_on_a_hidden_case(world: World) -> None:
    """The shared case (probation-a's, area A) holds it; police-a cannot see that case: the
    identifier is recorded on the police case, and area A's co-ordinator gets the task."""
    persons.add_identifier(
        actor=world.users["probation"], person_id=world.shared_case.person_id, data=HIDDEN
    )
    added = persons.add_identifier(
        actor=world.users["police"], person_id=world.police_case.person_id, data=HIDDEN
    )
    assert added.person_id == world.police_case.person_id
    flag = DuplicateFlag.objects.get()
    assert {flag.case_a_id, flag.case_b_id} == {world.police_case.pk, world.shared_case.pk}
    told = Notification.objects.filter(kind="possible_duplicate")
    assert list(told.values_list("recipient", flat=True)) == [world.users["coordinator"].pk]
    assert told.get().subject == "Possible duplicate in your area"
    assert AuditEvent.objects.filter(action="identifier_held_elsewhere").count() == 1


def test_an_identifier_the_person_has_already_is_refused_on_its_field(world: World) -> None:
    from fourpillars.domain.errors import DomainValidationError

    pid = world.police_case.person_id
    persons.add_identifier(actor=world.users["police"], person_id=pid, data=NEW)
    with pytest.raises(DomainValidationError) as exc:
        persons.add_identifier(actor=world.users["police"], person_id=pid, data=NEW)
    assert exc.value.errors[0].field == "value"
    assert "already has" in exc.value.errors[0].message
