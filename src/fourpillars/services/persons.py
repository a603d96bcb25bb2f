"""Use cases for a person's record: collection and alteration of identity facts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from fourpillars.domain import names as name_rules
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import Collector, DomainValidationError, EditConflict
from fourpillars.domain.identifiers import Identifier as IdentifierValue
from fourpillars.domain.intake import (
    AddressInput,
    ConvictionInput,
    PersonInput,
    clean_address,
    clean_conviction,
    clean_identifier,
    clean_reason,
)
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
    Conviction,
    Identifier,
    NameKey,
    Person,
    PersonName,
)

from . import audit
from .access import manageable_person
from .errors import NotFound

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fourpillars.accounts.models import User

Row = TypeVar("Row", bound=models.Model)


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
    person: Person, idents: list[IdentifierValue], prefix: str = "identifiers"
) -> None:
    for i, ident in enumerate(idents):
        if Identifier.objects.filter(
            kind=ident.kind.value, value=ident.value, country=ident.country
        ).exists():
            # Same answer whoever holds it: never reveals which person or case.
            raise DomainValidationError.single(
                f"{prefix}.{i}.value" if len(idents) > 1 or prefix == "identifiers" else "value",
                "this identifier is already recorded on the register; search for the person "
                "instead of creating a duplicate",
            )
        try:
            with transaction.atomic():
                Identifier.objects.create(
                    person=person, kind=ident.kind.value, value=ident.value, country=ident.country
                )
        except IntegrityError:
            raise DomainValidationError.single(
                f"{prefix}.{i}.value", "this identifier was recorded by someone else just now"
            ) from None


def _address(person: Person, a: AddressInput) -> Address:
    return Address(
        person=person,
        line1=a.line1,
        line2=a.line2,
        town=a.town,
        postcode=a.postcode,
        country=a.country,
        from_date=a.from_date,
        to_date=a.to_date,
    )


def _conviction(person: Person, c: ConvictionInput) -> Conviction:
    return Conviction(
        person=person,
        date=c.date,
        court=c.court,
        country=c.country,
        offence_text=c.offence_text,
        ecris_code=c.ecris_code,
        completion=c.completion,
        participation=c.participation,
        sentence=c.sentence,
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
        _add_identifiers(person, data.identifiers)
        Address.objects.bulk_create([_address(person, a) for a in data.addresses])
        Conviction.objects.bulk_create([_conviction(person, c) for c in data.convictions])
        rebuild_name_index(person)
        person.save(update_fields=["display_name", "search_text"])
        return person


def _bump(person: Person, expected_version: int | None) -> None:
    """Optimistic lock: refuse when someone saved since the editor loaded the record."""
    if expected_version is not None and person.version != expected_version:
        raise EditConflict(
            audit.fields_changed_since("person", person.pk, expected_version), person.version
        )
    person.version += 1
    person.updated_at = timezone.now()


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
        _bump(person, expected_version)
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
        _bump(person, None)
        person.save()
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION if before else Operation.COLLECTION,
            action="add_name",
            target=audit.Target("person", str(person.pk), None, person.pk),
            before=before,
            after={"name": row.full, "kind": row.kind, "version": person.version},
        )
        return row


def add_identifier(*, actor: User, person_id: object, data: Mapping[str, object]) -> Identifier:
    """Collection of an identifier, validated and unique on the register."""
    with transaction.atomic():
        person = manageable_person(actor, person_id)
        errors = Collector()
        ident = clean_identifier(data, "", errors)
        errors.raise_if_any()
        assert ident is not None
        _add_identifiers(person, [ident], prefix="")
        _bump(person, None)
        person.save()
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="add_identifier",
            target=audit.Target("person", str(person.pk), None, person.pk),
            after={"kind": ident.kind.value, "value": ident.value, "country": ident.country},
        )
        return Identifier.objects.get(
            kind=ident.kind.value, value=ident.value, country=ident.country
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
        _bump(person, None)
        person.save()
        audit.record(
            actor=actor,
            operation=Operation.ERASURE,
            action="remove_identifier",
            target=audit.Target("person", str(person.pk), None, person.pk),
            before=before,
            after={"reason": reason[:500], "version": person.version},
        )


def add_address(*, actor: User, person_id: object, data: Mapping[str, object]) -> Address:
    """Collection of an address; a new current address ends the previous current one."""
    with transaction.atomic():
        person = manageable_person(actor, person_id)
        errors = Collector()
        a = clean_address(data, "", errors)
        errors.raise_if_any()
        if a.to_date is None:
            end = (a.from_date or timezone.localdate()) - dt.timedelta(days=1)
            for current in person.addresses.filter(to_date__isnull=True):
                if current.from_date is None or current.from_date <= end:
                    current.to_date = end
                    current.save(update_fields=["to_date"])
        row = _address(person, a)
        row.save()
        _bump(person, None)
        person.save()
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="add_address",
            target=audit.Target("person", str(person.pk), None, person.pk),
            after={
                "line1": a.line1,
                "town": a.town,
                "postcode": a.postcode,
                "country": a.country,
                "from_date": a.from_date,
                "to_date": a.to_date,
            },
        )
        return row


def add_conviction(*, actor: User, person_id: object, data: Mapping[str, object]) -> Conviction:
    """Collection of a conviction with its ECRIS category, completion and participation."""
    with transaction.atomic():
        person = manageable_person(actor, person_id)
        errors = Collector()
        c = clean_conviction(data, "", person.date_of_birth, timezone.localdate(), errors)
        errors.raise_if_any()
        assert c is not None
        row = _conviction(person, c)
        row.save()
        _bump(person, None)
        person.save()
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="add_conviction",
            target=audit.Target("person", str(person.pk), None, person.pk),
            after={
                "date": c.date,
                "offence_text": c.offence_text,
                "ecris_code": c.ecris_code,
                "completion": c.completion,
                "participation": c.participation,
                "sentence": c.sentence,
            },
        )
        return row


def address_snapshot(row: Address) -> dict[str, object]:
    return {
        "line1": row.line1,
        "line2": row.line2,
        "town": row.town,
        "postcode": row.postcode,
        "country": row.country,
        "from_date": row.from_date,
        "to_date": row.to_date,
    }


def conviction_snapshot(row: Conviction) -> dict[str, object]:
    return {
        "date": row.date,
        "court": row.court,
        "country": row.country,
        "offence_text": row.offence_text,
        "ecris_code": row.ecris_code,
        "completion": row.completion,
        "participation": row.participation,
        "sentence": row.sentence,
    }


def _row_of(rows: models.QuerySet[Row], row_id: object) -> Row:
    """One of the person's own rows; NotFound for a missing id and another person's row alike."""
    try:
        pk = int(str(row_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    row = rows.filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


def _alteration(
    *,
    actor: User,
    person: Person,
    action: str,
    item: tuple[str, int],
    before: dict[str, object],
    after: dict[str, object],
) -> None:
    """The audit row of an item's correction: the item's id and the fields that changed, with
    the version they produced (what ``audit.fields_changed_since`` names in a conflict)."""
    changed = {k: after[k] for k in after if after[k] != before[k]}
    key, pk = item
    audit.record(
        actor=actor,
        operation=Operation.ALTERATION,
        action=action,
        target=audit.Target("person", str(person.pk), None, person.pk),
        before={key: pk, **{k: before[k] for k in changed}},
        after={key: pk, **changed, "version": person.version},
    )


def _erasure(
    *,
    actor: User,
    person: Person,
    action: str,
    item: tuple[str, int],
    removed: dict[str, object],
    reason: str,
) -> None:
    key, pk = item
    audit.record(
        actor=actor,
        operation=Operation.ERASURE,
        action=action,
        target=audit.Target("person", str(person.pk), None, person.pk),
        before={key: pk, **removed},
        after={"reason": reason, "version": person.version},
    )


def update_address(
    *,
    actor: User,
    person_id: object,
    address_id: object,
    data: Mapping[str, object],
    expected_version: int | None,
) -> Address:
    """Alteration (correction) of an address; before/after of the changed fields in the audit
    row. Other addresses are left as they are: a correction is not a move."""
    with transaction.atomic():
        person = manageable_person(actor, person_id)
        row = _row_of(person.addresses.all(), address_id)
        errors = Collector()
        a = clean_address(data, "", errors)
        errors.raise_if_any()
        before = address_snapshot(row)
        _bump(person, expected_version)
        row.line1, row.line2, row.town, row.postcode = a.line1, a.line2, a.town, a.postcode
        row.country, row.from_date, row.to_date = a.country, a.from_date, a.to_date
        row.save()
        person.save()
        _alteration(
            actor=actor,
            person=person,
            action="update_address",
            item=("address", row.pk),
            before=before,
            after=address_snapshot(row),
        )
        return row


def remove_address(
    *,
    actor: User,
    person_id: object,
    address_id: object,
    reason: str,
    expected_version: int | None,
) -> Person:
    """Erasure of an address recorded in error; the audit row keeps what and why."""
    with transaction.atomic():
        person = manageable_person(actor, person_id)
        row = _row_of(person.addresses.all(), address_id)
        why = clean_reason(reason, "reason")
        _bump(person, expected_version)
        pk, removed = row.pk, address_snapshot(row)
        row.delete()
        person.save()
        _erasure(
            actor=actor,
            person=person,
            action="remove_address",
            item=("address", pk),
            removed=removed,
            reason=why,
        )
        return person


def update_conviction(
    *,
    actor: User,
    person_id: object,
    conviction_id: object,
    data: Mapping[str, object],
    expected_version: int | None,
) -> Conviction:
    """Alteration (correction) of a conviction, checked as a new one is (ECRIS category,
    completion, participation, not before birth or in the future)."""
    with transaction.atomic():
        person = manageable_person(actor, person_id)
        row = _row_of(person.convictions.all(), conviction_id)
        errors = Collector()
        c = clean_conviction(data, "", person.date_of_birth, timezone.localdate(), errors)
        errors.raise_if_any()
        assert c is not None
        before = conviction_snapshot(row)
        _bump(person, expected_version)
        row.date, row.court, row.country, row.offence_text = (
            c.date,
            c.court,
            c.country,
            c.offence_text,
        )
        row.ecris_code, row.completion, row.participation = (
            c.ecris_code,
            c.completion,
            c.participation,
        )
        row.sentence = c.sentence
        row.save()
        person.save()
        _alteration(
            actor=actor,
            person=person,
            action="update_conviction",
            item=("conviction", row.pk),
            before=before,
            after=conviction_snapshot(row),
        )
        return row


def remove_conviction(
    *,
    actor: User,
    person_id: object,
    conviction_id: object,
    reason: str,
    expected_version: int | None,
) -> Person:
    """Erasure of a conviction recorded in error (wrong person, duplicate); the audit row keeps
    what and why."""
    with transaction.atomic():
        person = manageable_person(actor, person_id)
        row = _row_of(person.convictions.all(), conviction_id)
        why = clean_reason(reason, "reason")
        _bump(person, expected_version)
        pk, removed = row.pk, conviction_snapshot(row)
        row.delete()
        person.save()
        _erasure(
            actor=actor,
            person=person,
            action="remove_conviction",
            item=("conviction", pk),
            removed=removed,
            reason=why,
        )
        return person
