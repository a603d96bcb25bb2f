"""Finding the people a message from abroad may name (decision 0023): identifiers first, then
names (their folded, transliterated tokens from the search index) with the date of birth,
scored and explained by ``domain.matching_foreign``. Identity only: no case content."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from fourpillars.domain import matching_foreign as rules
from fourpillars.domain import names as name_rules
from fourpillars.register.models import Case, Identifier, NameKey, Person, PersonName

CANDIDATES_MAX = 50


def local_identities(person_ids: Iterable[int]) -> dict[int, rules.LocalIdentity]:
    """The register's identity of each person: names, date of birth, identifiers."""
    ids = sorted(set(person_ids))
    names: dict[int, list[str]] = defaultdict(list)
    for n in PersonName.objects.filter(person_id__in=ids).order_by("id"):
        names[n.person_id].append(n.full)
    keys: dict[int, set[rules.IdentifierKey]] = defaultdict(set)
    for i in Identifier.objects.filter(person_id__in=ids):
        keys[i.person_id].add((i.kind, i.value, i.country))
    births = dict(Person.objects.filter(pk__in=ids).values_list("pk", "date_of_birth"))
    return {
        pk: rules.LocalIdentity(pk, tuple(names[pk]), births.get(pk), frozenset(keys[pk]))
        for pk in ids
        if pk in births
    }


def _possible(identity: rules.ForeignIdentity) -> set[int]:
    """People sharing an identifier value, or a name token (with the same birth year when
    the message gives a date of birth)."""
    found: set[int] = set()
    if identity.identifiers:
        same = Q()
        for kind, value, _country in identity.identifiers:
            same |= Q(kind=kind, value=value)
        found |= set(
            Identifier.objects.filter(same).values_list("person_id", flat=True)[:CANDIDATES_MAX]
        )
    keys = {f"t:{t}" for name in identity.names for t in name_rules.tokens(name)}
    if keys:
        named = Person.objects.filter(
            pk__in=NameKey.objects.filter(key__in=sorted(keys)).values("person_id")
        )
        if identity.date_of_birth is not None:
            named = named.filter(date_of_birth__year=identity.date_of_birth.year)
        found |= set(named.values_list("pk", flat=True)[:CANDIDATES_MAX])
    return found


def candidates(identity: rules.ForeignIdentity) -> list[rules.Candidate]:
    """The people who may be the one named, best first, each with its reasons."""
    return rules.rank(identity, local_identities(_possible(identity)).values())


def candidate_documents(found: list[rules.Candidate]) -> list[dict[str, object]]:
    """As stored beside the received item (the rule version with each)."""
    return [
        {
            "person_id": c.person_id,
            "score": c.score,
            "reasons": [r.as_dict() for r in c.reasons],
            "rule_version": c.rule_version,
        }
        for c in found
    ]


@dataclass(frozen=True)
class CandidateView:
    """A candidate as a screen shows it: who (names, birth), where managed, and why."""

    person_id: int
    name: str
    date_of_birth: object
    score: float
    reasons: list[dict[str, object]]
    areas: list[str]
    case_ids: list[int]


def describe(documents: list[dict[str, object]]) -> list[CandidateView]:
    """The stored candidates with each person's display name, birth and open cases' areas."""
    ids = [int(str(d["person_id"])) for d in documents]
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    areas: dict[int, list[str]] = defaultdict(list)
    cases: dict[int, list[int]] = defaultdict(list)
    rows = Case.objects.filter(person_id__in=ids).exclude(status="closed").select_related("area")
    for case in rows.order_by("pk"):
        areas[case.person_id].append(case.area.name)
        cases[case.person_id].append(case.pk)
    views = []
    for d in documents:
        pk = int(str(d["person_id"]))
        person = people.get(pk)
        if person is None:
            continue
        reasons = d.get("reasons")
        views.append(
            CandidateView(
                pk,
                person.display_name,
                person.date_of_birth,
                float(str(d.get("score", 0))),
                list(reasons) if isinstance(reasons, list) else [],
                areas[pk],
                cases[pk],
            )
        )
    return views
