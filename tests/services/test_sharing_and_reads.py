"""Sharing (disclosure under CJA 2003 s.325(4)), revocation, consultation and search audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.audit import Justification, Purpose
from fourpillars.domain.errors import DomainValidationError
from fourpillars.register.models import Case
from fourpillars.services import cases
from fourpillars.services.cases import reads
from fourpillars.services.errors import Forbidden, JustificationRequired, NotFound
from tests.audit_rows import opened
from tests.cast import CAST_NAMES, World

pytestmark = pytest.mark.django_db


def test_visible_to_matches_the_policy_for_the_whole_cast(world: World) -> None:
    for name in CAST_NAMES:
        ids = set(Case.objects.visible_to(world.users[name]).values_list("pk", flat=True))
        assert ids == world.visible[name], name


def test_share_is_a_disclosure_with_recipients_and_basis(world: World) -> None:
    share = cases.share_case(
        actor=world.users["police"],
        case_id=world.police_case.pk,
        agency="children-a",
        lawful_basis="cja2003_s325_4",
        reason="Children at a nearby school",
        expires_at="2030-01-01",
    )
    row = opened(AuditEvent.objects.order_by("-seq").first())
    assert row is not None and row.operation == "disclosure"
    assert row.recipients == ["children-a"] and row.legal_basis == "cja2003_s325_4"
    assert share.expires_at is not None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"agency": "nowhere"}, "agency"),
        ({"agency": "police-a"}, "agency"),
        ({"agency": "oversight"}, "agency"),
        ({"lawful_basis": "because"}, "lawful_basis"),
        ({"reason": " "}, "reason"),
        ({"expires_at": "2001-01-01"}, "expires_at"),
    ],
)
def test_bad_share_names_the_field(world: World, kwargs: dict[str, str], field: str) -> None:
    args = {"agency": "children-a", "lawful_basis": "cja2003_s325_4", "reason": "r", **kwargs}
    with pytest.raises(DomainValidationError) as exc:
        cases.share_case(actor=world.users["police"], case_id=world.police_case.pk, **args)
    assert exc.value.errors[0].field == field


def test_revoking_a_share_hides_the_case_at_once(world: World) -> None:
    housing = world.users["housing"]
    share = world.shared_case.shares.get(agency__code="housing-a")
    cases.revoke_share(
        actor=world.users["probation"],
        case_id=world.shared_case.pk,
        share_id=share.pk,
        reason="Placement ended",
    )
    assert not Case.objects.visible_to(housing).exists()
    with pytest.raises(NotFound):
        reads.consult_case(
            actor=housing,
            case_id=world.shared_case.pk,
            justification=Justification(Purpose.RISK_MANAGEMENT),
        )


def test_expired_share_gives_no_access(world: World) -> None:
    share = world.shared_case.shares.get(agency__code="housing-a")
    later = timezone.now() + dt.timedelta(days=400)
    share.expires_at = timezone.now() + dt.timedelta(days=1)
    share.save()
    assert Case.objects.visible_to(world.users["housing"], now=later).count() == 0


def test_shared_agency_cannot_share_onwards(world: World) -> None:
    with pytest.raises(Forbidden):
        cases.share_case(
            actor=world.users["housing"],
            case_id=world.shared_case.pk,
            agency="children-a",
            lawful_basis="cja2003_s325_4",
            reason="r",
        )


def test_consultation_outside_lead_agency_needs_justification(world: World) -> None:
    coordinator = world.users["coordinator"]
    with pytest.raises(JustificationRequired):
        reads.consult_case(actor=coordinator, case_id=world.police_case.pk, justification=None)
    reads.consult_case(
        actor=coordinator,
        case_id=world.police_case.pk,
        justification=Justification(Purpose.MAPPA_COORDINATION, "level review"),
    )
    row = opened(AuditEvent.objects.order_by("-seq").first())
    assert row is not None and (row.operation, row.action, row.case_id) == (
        "consultation",
        "view_case",
        world.police_case.pk,
    )
    assert row.justification == "mappa-coordination; level review"


def test_lead_agency_reads_without_justification_and_is_still_logged(world: World) -> None:
    before = AuditEvent.objects.count()
    reads.consult_case(
        actor=world.users["police"], case_id=world.police_case.pk, justification=None
    )
    assert AuditEvent.objects.count() == before + 1


@pytest.mark.parametrize("name", ["outsider", "auditor", "admin", "housing"])
def test_hidden_case_is_not_found_for(world: World, name: str) -> None:
    with pytest.raises(NotFound):
        reads.consult_case(
            actor=world.users[name],
            case_id=world.police_case.pk,
            justification=Justification(Purpose.AUDIT),
        )


@pytest.mark.parametrize("case_id", [999999, "abc", None, "1; drop table"])
def test_missing_and_malformed_ids_are_not_found(world: World, case_id: object) -> None:
    with pytest.raises(NotFound):
        reads.consult_case(actor=world.users["police"], case_id=case_id, justification=None)


@pytest.mark.parametrize(
    "query", ["kowalsky", "KOWALSKI jan", "Kowalskí", "1980-05-17", "17/05/1980"]
)
def test_search_tolerates_case_accents_typos_and_finds_by_dob(world: World, query: str) -> None:
    result = reads.search_cases(actor=world.users["police"], query=query)
    assert [c.pk for c in result.cases] == [world.police_case.pk]


def test_search_by_other_alphabet_and_transliteration(world: World) -> None:
    for q in ["Παπαδόπουλος", "papadopoulos", "nikos papadopoulos"]:
        result = reads.search_cases(actor=world.users["probation"], query=q)
        assert [c.pk for c in result.cases] == [world.shared_case.pk], q


def test_search_never_reveals_hidden_cases_even_as_a_count(world: World) -> None:
    result = reads.search_cases(actor=world.users["outsider"], query="kowalski")
    assert (result.cases, result.total) == ([], 0)


def test_search_by_identifier_and_audit_of_the_query(world: World) -> None:
    from fourpillars.services import persons

    persons.add_identifier(
        actor=world.users["police"],
        person_id=world.police_case.person_id,
        data={"kind": "crn", "value": "X765432"},
    )
    result = reads.search_cases(actor=world.users["police"], query="x765432")
    assert [c.pk for c in result.cases] == [world.police_case.pk]
    row = opened(AuditEvent.objects.order_by("-seq").first())
    assert row is not None and (row.operation, row.action, row.query) == (
        "consultation",
        "search",
        "x765432",
    )
    assert row.record_ids == [world.police_case.pk]


@pytest.mark.parametrize("query", ["kowal\x00ski", "\x00", "1980-05-17\x00", "x\x00123456"])
def test_search_with_control_characters_answers_and_is_audited(world: World, query: str) -> None:
    result = reads.search_cases(actor=world.users["police"], query=query)
    assert result.total >= 0
    row = opened(AuditEvent.objects.order_by("-seq").first())
    assert row is not None and "\x00" not in row.query
