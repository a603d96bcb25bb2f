"""The bench-only bulk loader keeps the data honest: name index as the service builds it,
valid PNC IDs, derived case fields, and an audit chain that still verifies."""

from __future__ import annotations

import pytest
from bench import fixtures, loader
from bench.world import World, ensure_world

from fourpillars.domain import names as name_rules
from fourpillars.domain.identifiers import normalise_identifier
from fourpillars.register.models import Case, Identifier, NameKey, Person, PersonName
from fourpillars.services import audit
from fourpillars.services.cases import reads
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> World:
    world = ensure_world(PASSWORD)
    stats = loader.load(world, people=40, seed=3)
    assert stats.people == 40
    return world


def expected_tokens(person: Person) -> set[str]:
    """What services.persons.rebuild_name_index would store for this person."""
    return name_rules.name_keys([n.full for n in PersonName.objects.filter(person=person)])


def test_loader_indexes_names_exactly_as_the_service_does(loaded: World) -> None:
    for person in Person.objects.all():
        stored = set(NameKey.objects.filter(person=person).values_list("key", flat=True))
        assert stored == expected_tokens(person)
        primary = PersonName.objects.get(person=person, kind="primary")
        assert person.display_name == f"{primary.family_name.upper()}, {primary.given_names}"
        names = [n.full for n in PersonName.objects.filter(person=person).order_by("id")]
        assert person.search_text == name_rules.search_text(names)


def test_loader_writes_valid_pnc_ids_and_derived_case_fields(loaded: World) -> None:
    pncs = Identifier.objects.filter(kind="pnc")
    assert pncs.count() == 40
    for ident in pncs:
        assert normalise_identifier("pnc", ident.value).value == ident.value
    for case in Case.objects.all():
        assert case.next_review_date is not None and case.review_policy_version
        assert case.reference == f"FP-{case.area.code}-{case.pk:06d}"


def test_loaded_audit_chain_verifies_and_a_second_load_adds_nothing(loaded: World) -> None:
    count, broken = audit.verify()
    assert broken is None and count >= 80
    assert loader.load(loaded, people=40, seed=3).people == 0


def test_a_misspelt_name_finds_the_loaded_person(loaded: World) -> None:
    coordinator = loaded.users["coordinator"]
    query = fixtures.misspelt_queries("A", 1, seed=5)[0]
    result = reads.search_cases(actor=coordinator, query=query)
    assert result.total >= 1
