"""Use cases for a person's record: collection and alteration of identity facts.

This module holds the identity: names, identifiers, date of birth, sex and nationalities.
The history (addresses, convictions) is in ``services/person_history.py`` and re-exported
here, so callers keep using ``services.persons``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from fourpillars.domain import names as name_rules
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import Collector, DomainValidationError
from fourpillars.domain.exchange.envelope import MessageType
from fourpillars.domain.identifiers import Identifier as IdentifierValue
from fourpillars.domain.intake import PersonInput, clean_identifier
from fourpillars.domain.persons import (
    NameInput,
    NameKind,
    check_birth_date,
    clean_name,
    clean_nationalities,
    clean_sex,
    parse_date,
)
from fourpillars.register.models import (
    Address,
    Case,
    Conviction,
    Identifier,
    NameKey,
    Person,
    PersonName,
)
from fourpillars.services import audit
from fourpillars.services.access import manageable_person
from fourpillars.services.persons.history import (
    bump_person_version,
    new_address,
    new_conviction,
    tell_states,
)
from fourpillars.services.referrals import duplicates

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fourpillars.accounts.models import User


def person_snapshot(person: Person) -> dict[str, object]:
    return {
        "date_of_birth": person.date_of_birth,
        "sex": person.sex,
        "nationalities": list(person.nationalities),
        "display_name": person.display_name,
    }


def rebuild_name_index(person: Person) -> None:
    """Re-derive the search tokens and display name from the person's names."""
    names = list(person.names.all())
    NameKey.objects.filter(person=person).delete()
    fulls = [n.full for n in names]
    keys = name_rules.name_keys(fulls)
    person.search_text = name_rules.search_text(fulls)
    NameKey.objects.bulk_create([NameKey(person=person, key=key) for key in sorted(keys)])
    primary = next((n for n in names if n.kind == NameKind.PRIMARY.value), None)
    if primary is not None:
        person.display_name = f"{primary.family_name.upper()}, {primary.given_names}".strip(", ")


def _add_identifiers(
    actor: User, person: Person, idents: list[IdentifierValue], prefix: str = "identifiers"
) -> None:
    """Record each identifier on ``person``. One already recorded for someone on a case the
    actor can see is refused (they can find that person); one held only by people on cases
    hidden from them is recorded all the same, with the same answer as a new identifier, so
    that nothing about a hidden case is revealed (decision 0030): the attempt is audited and
    ``duplicates.detect`` (run by the caller) asks the co-ordinators of both cases' areas
    whether they are one person."""
    for i, ident in enumerate(idents):
        field = f"{prefix}.{i}.value" if len(idents) > 1 or prefix == "identifiers" else "value"
        same = Identifier.objects.filter(
            kind=ident.kind.value, value=ident.value, country=ident.country
        )
        if same.filter(person=person).exists():
            raise DomainValidationError.single(field, "this person already has this identifier")
        held = list(same.values_list("person_id", flat=True))
        if held and Case.objects.visible_to(actor).filter(person_id__in=held).exists():
            raise DomainValidationError.single(
                field,
                "this identifier is already recorded for a person on a case you can see; "
                "search for them instead of creating a duplicate",
            )
        try:
            with transaction.atomic():
                Identifier.objects.create(
                    person=person, kind=ident.kind.value, value=ident.value, country=ident.country
                )
        except IntegrityError:
            raise DomainValidationError.single(
                field, "this identifier was recorded for this person by someone else just now"
            ) from None
        if held:
            _held_elsewhere(actor, person, ident, held)


def _held_elsewhere(actor: User, person: Person, ident: IdentifierValue, held: list[int]) -> None:
    """Decision 0030: the audit row of an identifier also held by people on cases hidden from
    the actor. It names no case and no person as its target, so it shows on no timeline; the
    auditor reads whose it was in its record ids. The identifier is sealed under the key of the
    person it was recorded for (decision 0031)."""
    audit.record(
        actor=actor,
        operation=Operation.COMBINATION,
        action="identifier_held_elsewhere",
        target=audit.Target("identifier"),
        sealed_for=person.pk,
        record_ids=[person.pk, *held],
        after={
            "kind": ident.kind.value,
            "value": ident.value,
            "country": ident.country,
            "person": person.pk,
            "also_held_by": sorted(held),
        },
    )


def _name(person: Person, n: NameInput) -> PersonName:
    return PersonName(
        person=person,
        kind=n.kind.value,
        family_name=n.family_name,
        given_names=n.given_names,
        valid_from=n.valid_from,
        valid_to=n.valid_to,
    )


def create_person(*, actor: User, data: PersonInput) -> Person:
    """Collection of a new person with names, identifiers, addresses and convictions.

    Called by ``cases.register_case`` in the same transaction: a person always arrives with the
    case that makes them visible to someone.
    """
    with transaction.atomic():
        person = Person.objects.create(
            date_of_birth=data.date_of_birth,
            sex=data.sex.value,
            nationalities=data.nationalities,
            display_name="",
        )
        PersonName.objects.bulk_create([_name(person, n) for n in data.names])
        _add_identifiers(actor, person, data.identifiers)
        Address.objects.bulk_create([new_address(person, a) for a in data.addresses])
        convictions = Conviction.objects.bulk_create(
            [new_conviction(person, c) for c in data.convictions]
        )
        rebuild_name_index(person)
        person.save(update_fields=["display_name", "search_text"])
        for row in convictions:  # [FD-2009-315] Art.4, as for a conviction added later
            tell_states(actor, person, row, MessageType.CONVICTION_NEW)
        return person


def update_person(
    *, actor: User, person_id: object, data: Mapping[str, object], expected_version: int | None
) -> Person:
    """Alteration of date of birth, sex and nationalities; before/after in the audit row."""
    with transaction.atomic():
        person = manageable_person(actor, person_id)
        errors = Collector()
        dob = parse_date(data.get("date_of_birth"), "date_of_birth", errors)
        check_birth_date(dob, timezone.localdate(), errors)
        if dob and person.convictions.filter(date__lt=dob).exists():
            errors.add("date_of_birth", "is after the date of a recorded conviction")
        sex = clean_sex(data.get("sex"), errors)
        nats = clean_nationalities(data.get("nationalities"), errors)
        errors.raise_if_any()
        before = person_snapshot(person)
        bump_person_version(person, expected_version)
        person.date_of_birth, person.sex, person.nationalities = dob, sex.value, nats
        person.save()
        after = person_snapshot(person)
        changed = {k: after[k] for k in after if after[k] != before[k]}
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="update_person",
            target=audit.Target("person", str(person.pk), None, person.pk),
            before={k: before[k] for k in changed},
            after={**changed, "version": person.version},
        )
        if "date_of_birth" in changed:
            duplicates.detect(actor=actor, person=person)  # decision 0018
        return person


def add_name(*, actor: User, person_id: object, data: Mapping[str, object]) -> PersonName:
    """Collection of an alias or other name; a new primary name moves the old one to
    'previous' with an end date, so the name history is kept."""
    with transaction.atomic():
        person = manageable_person(actor, person_id)
        errors = Collector()
        name = clean_name(
            data.get("family_name"),
            data.get("given_names"),
            data.get("kind") or NameKind.ALIAS.value,
            "",
            errors,
        )
        valid_from = parse_date(data.get("valid_from"), "valid_from", errors)
        errors.raise_if_any()
        assert name is not None
        today = timezone.localdate()
        before = None
        if name.kind is NameKind.PRIMARY:
            old = person.names.filter(kind=NameKind.PRIMARY.value).first()
            if old is not None:
                before = {"primary": old.full}
                old.kind, old.valid_to = NameKind.PREVIOUS.value, valid_from or today
                old.save(update_fields=["kind", "valid_to"])
        row = PersonName.objects.create(
            person=person,
            kind=name.kind.value,
            family_name=name.family_name,
            given_names=name.given_names,
            valid_from=valid_from,
        )
        rebuild_name_index(person)
        bump_person_version(person, None)
        person.save()
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION if before else Operation.COLLECTION,
            action="add_name",
            target=audit.Target("person", str(person.pk), None, person.pk),
            before=before,
            after={"name": row.full, "kind": row.kind, "version": person.version},
        )
        duplicates.detect(actor=actor, person=person)  # decision 0018
        return row


def add_identifier(*, actor: User, person_id: object, data: Mapping[str, object]) -> Identifier:
    """Collection of an identifier, validated, once per person; held by someone on a hidden
    case, it is recorded and flagged to the co-ordinators (decision 0030)."""
    with transaction.atomic():
        person = manageable_person(actor, person_id)
        errors = Collector()
        ident = clean_identifier(data, "", errors)
        errors.raise_if_any()
        assert ident is not None
        _add_identifiers(actor, person, [ident], prefix="")
        bump_person_version(person, None)
        person.save()
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="add_identifier",
            target=audit.Target("person", str(person.pk), None, person.pk),
            after={"kind": ident.kind.value, "value": ident.value, "country": ident.country},
        )
        duplicates.detect(actor=actor, person=person)  # decision 0018
        return Identifier.objects.get(
            person=person, kind=ident.kind.value, value=ident.value, country=ident.country
        )


def remove_identifier(
    *, actor: User, person_id: object, identifier_id: object, reason: str
) -> None:
    """Erasure of an identifier recorded in error; the audit row keeps what and why."""
    with transaction.atomic():
        person = manageable_person(actor, person_id)
        ident = person.identifiers.filter(
            pk=int(str(identifier_id)) if str(identifier_id).isdigit() else -1
        ).first()
        if ident is None:
            raise DomainValidationError.single("identifier", "no such identifier on this person")
        if not reason.strip():
            raise DomainValidationError.single("reason", "say why the identifier is removed")
        before = {"kind": ident.kind, "value": ident.value, "country": ident.country}
        ident.delete()
        bump_person_version(person, None)
        person.save()
        audit.record(
            actor=actor,
            operation=Operation.ERASURE,
            action="remove_identifier",
            target=audit.Target("person", str(person.pk), None, person.pk),
            before=before,
            after={"reason": reason[:500], "version": person.version},
        )
