"""Use cases for a person's history: addresses and convictions added, corrected and removed.

Corrections and removals are checked against the person's ``version``; a removal needs a
reason, kept in its erasure audit row with what was removed. Re-exported by
``services/persons.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import Collector, EditConflict
from fourpillars.domain.exchange.envelope import MessageType
from fourpillars.domain.intake import (
    AddressInput,
    ConvictionInput,
    clean_address,
    clean_conviction,
    clean_reason,
)
from fourpillars.register.models import Address, Conviction, Person
from fourpillars.services import audit
from fourpillars.services.access import manageable_person, refused_person_record
from fourpillars.services.errors import record_pk

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from fourpillars.accounts.models import User


def new_address(person: Person, a: AddressInput) -> Address:
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


def new_conviction(person: Person, c: ConvictionInput) -> Conviction:
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


# The person's optimistic lock, shared with the identity changes in ``services/persons.py``.
def bump_person_version(person: Person, expected_version: int | None) -> None:
    """Optimistic lock: refuse when someone saved since the editor loaded the record."""
    if expected_version is not None and person.version != expected_version:
        raise EditConflict(
            audit.fields_changed_since("person", person.pk, expected_version), person.version
        )
    person.version += 1
    person.updated_at = timezone.now()


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
        row = new_address(person, a)
        row.save()
        bump_person_version(person, None)
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
        row = new_conviction(person, c)
        row.save()
        bump_person_version(person, None)
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
        tell_states(actor, person, row, MessageType.CONVICTION_NEW)
        return row


def tell_states(
    actor: User, person: Person, row: Conviction, type: MessageType, reason: str = ""
) -> None:
    """[FD-2009-315] Art.4: each state of nationality is told, in this transaction."""
    from fourpillars.services.soa.convictions import notify_states

    notify_states(actor=actor, person=person, row=row, type=type, reason=reason)


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


def _row_of(actor: User, person: Person, kind: str, row_id: object) -> Any:
    """One of the person's own ``kind`` rows; NotFound for a missing id and another person's
    row alike (a refused consultation of that person when none of their cases is visible)."""
    pk = record_pk(row_id)
    row = _records(person, kind).filter(pk=pk).first()
    if row is None:
        raise refused_person_record(actor, _model(kind).objects.all(), pk)
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

    def correct(person: Person, row: Address) -> None:
        errors = Collector()
        a = clean_address(data, "", errors)
        errors.raise_if_any()
        row.line1, row.line2, row.town, row.postcode = a.line1, a.line2, a.town, a.postcode
        row.country, row.from_date, row.to_date = a.country, a.from_date, a.to_date

    found: Address = _correct(
        actor, person_id, "address", address_id, expected_version, correct, address_snapshot
    )
    return found


def remove_address(
    *,
    actor: User,
    person_id: object,
    address_id: object,
    reason: str,
    expected_version: int | None,
) -> Person:
    """Erasure of an address recorded in error; the audit row keeps what and why."""
    return _remove(
        actor, person_id, "address", address_id, reason, expected_version, address_snapshot
    )


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

    def correct(person: Person, row: Conviction) -> None:
        errors = Collector()
        c = clean_conviction(data, "", person.date_of_birth, timezone.localdate(), errors)
        errors.raise_if_any()
        assert c is not None
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

    with transaction.atomic():
        found: Conviction = _correct(
            actor,
            person_id,
            "conviction",
            conviction_id,
            expected_version,
            correct,
            conviction_snapshot,
        )
        tell_states(actor, found.person, found, MessageType.CONVICTION_UPDATE, "Corrected")
        return found


def remove_conviction(
    *,
    actor: User,
    person_id: object,
    conviction_id: object,
    reason: str,
    expected_version: int | None,
) -> Person:
    """Erasure of a conviction recorded in error (wrong person, duplicate); the audit row keeps
    what and why; each state of nationality told earlier is told of the deletion."""
    with transaction.atomic():
        pk = _pk_or_none(conviction_id)
        before = Conviction.objects.filter(pk=pk).first() if pk is not None else None
        person = _remove(
            actor,
            person_id,
            "conviction",
            conviction_id,
            reason,
            expected_version,
            conviction_snapshot,
        )
        if before is not None:
            tell_states(actor, person, before, MessageType.CONVICTION_DELETION, str(reason))
        return person


def _pk_or_none(raw: object) -> int | None:
    try:
        pk = int(str(raw))
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk < 2**63 else None


def _remove(
    actor: User,
    person_id: object,
    kind: str,
    item_id: object,
    reason: str,
    expected_version: int | None,
    snapshot: Callable[[Any], dict[str, object]],
) -> Person:
    """The erasure both removals share: the person locked and checked, the row found among the
    person's ``kind`` records (addresses or convictions), the reason required, the version
    checked and bumped, the row deleted and one erasure row with what was removed and why."""
    with transaction.atomic():
        person = manageable_person(actor, person_id)
        row = _row_of(actor, person, kind, item_id)
        why = clean_reason(reason, "reason")
        bump_person_version(person, expected_version)
        pk, removed = row.pk, snapshot(row)
        row.delete()
        person.save()
        _erasure(
            actor=actor,
            person=person,
            action=f"remove_{kind}",
            item=(kind, pk),
            removed=removed,
            reason=why,
        )
        return person


def _correct(
    actor: User,
    person_id: object,
    kind: str,
    item_id: object,
    expected_version: int | None,
    correct: Callable[[Person, Any], None],
    snapshot: Callable[[Any], dict[str, object]],
) -> Any:
    """The alteration both corrections share: the person locked and checked, the row found
    among the person's ``kind`` records, ``correct`` validating the input (its errors come
    before an edit conflict) and setting the fields, the version checked and bumped, and one
    alteration row with the changed fields before and after."""
    with transaction.atomic():
        person = manageable_person(actor, person_id)
        row = _row_of(actor, person, kind, item_id)
        before = snapshot(row)
        correct(person, row)
        bump_person_version(person, expected_version)
        row.save()
        person.save()
        _alteration(
            actor=actor,
            person=person,
            action=f"update_{kind}",
            item=(kind, row.pk),
            before=before,
            after=snapshot(row),
        )
        return row


def _model(kind: str) -> type[Address] | type[Conviction]:
    return Address if kind == "address" else Conviction


def _records(person: Person, kind: str) -> models.QuerySet[Any]:
    """The person's addresses or convictions."""
    return person.addresses.all() if kind == "address" else person.convictions.all()
