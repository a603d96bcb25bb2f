"""Sealing the personal values of audit rows under each person's key, opening them for the
trail's readers, and destroying a key when the person's data is deleted (crypto-shredding;
[DPA-2018] s.62 and s.39; decision 0031).

What is sealed: a row about a person (its target names one, or ``entry(sealed_for=...)`` names
whose values it holds) seals its ``before`` and ``after`` and the text typed with its purpose
(``justification`` when it says more than the purpose code). Everything else stays clear: who,
when, the operation and action, the target, the case and person numbers, the purpose code, the
legal basis, the recipients, the records shown, the channel and the request.

Keys are read by ``append`` before it claims the chain head, and made after (a person's first
row), so every key is made (and destroyed) under the chain head's lock, one writer at a time;
the unique person number and an insert that ignores a conflict keep one key per person even
without that lock. Nothing is kept between calls: a key read for one request is never used by
another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from django.db.models import F, Q
from django.utils import timezone

from fourpillars.audit.models import AuditEvent, PersonKey
from fourpillars.db import sql_rows
from fourpillars.domain import sealing as rules

JSON_FIELDS = ("before", "after")
TEXT_FIELD = "justification"


@dataclass(frozen=True)
class Key:
    """A person's key as read for one call: its id, whose it is, the key (None once
    destroyed) and when it was destroyed."""

    id: int
    person_id: int
    key: bytes | None
    destroyed_at: dt.datetime | None

    def removed(self) -> str:
        when = timezone.localdate(self.destroyed_at) if self.destroyed_at else None
        return rules.removed_text(when)


# Every audited write about a person reads their key: by hand, as the chain head is claimed
# (an ORM query's compilation cost more than the database took to answer it). The table's name
# is fixed by the audit app; each number a bound parameter.
_READ = "SELECT id, person_id, key FROM audit_personkey WHERE person_id IN ({})"


def _read(person_ids: Iterable[int]) -> dict[int, Key]:
    """The keys of these people as they stand (the time of a destruction is not read: a
    write needs only whether the key is there)."""
    ids = sorted(set(person_ids))
    found = sql_rows.rows(_READ.format(", ".join(["%s"] * len(ids))), ids)
    return {
        int(person): Key(int(pk), int(person), bytes(key) if key is not None else None, None)
        for pk, person, key in found
    }


def _create(person_ids: Iterable[int]) -> None:
    """A new key for each person, unless one was made meanwhile (the insert ignores a
    conflict on the person's number, on both databases)."""
    now = timezone.now()
    PersonKey.objects.bulk_create(
        [PersonKey(person_id=p, key=rules.new_key(), created=now) for p in person_ids],
        ignore_conflicts=True,
    )


def person_keys(person_ids: Iterable[int]) -> dict[int, Key]:
    """Each person's key, made the first time: one query when every key exists, and a
    destroyed key stays destroyed (no new key is ever made for an erased person)."""
    wanted = set(person_ids)
    found = _read(wanted)
    missing = wanted - set(found)
    if missing:
        _create(sorted(missing))
        found.update(_read(missing))
    return found


def _typed(ev: AuditEvent) -> bool:
    """Whether the justification holds text typed beside its purpose code."""
    return bool(ev.justification) and ev.justification != ev.purpose


def _subject(ev: AuditEvent) -> int | None:
    """Whose key seals the row's values: None when it names no person or holds no values."""
    person = ev.sealed_for if ev.sealed_for is not None else ev.person_id
    if person is None:
        return None
    if ev.before is None and ev.after is None and not _typed(ev):
        return None
    return person


def keys_for(events: Sequence[AuditEvent]) -> dict[int, Key]:
    """The keys of the people whose values these rows hold, as they stand: one query, none
    when no row names a person with values. Read before the chain head is claimed, so that
    the query adds nothing to the time writers wait for one another."""
    wanted = {s for s in map(_subject, events) if s is not None}
    return _read(wanted) if wanted else {}


def seal_rows(events: Sequence[AuditEvent], keys: dict[int, Key]) -> None:
    """Seal the personal values of rows about a person, in place, once their numbers are set
    and before they are hashed (``append``, holding the chain head): a person without a key
    gets one here (``person_keys``: a few queries, the first time only). A key read before
    and destroyed since seals a value nobody can open again: erased, as the deletion meant."""
    subjects = [(ev, _subject(ev)) for ev in events]
    missing = {s for _ev, s in subjects if s is not None and s not in keys}
    if missing:
        keys = {**keys, **person_keys(missing)}
    for ev, subject in subjects:
        if subject is not None:
            _seal_row(ev, keys[subject])


def _sealed(value: object, key: Key, seq: int, field: str) -> rules.Envelope:
    if key.key is None:
        return rules.erased(key.id)
    aad = rules.associated_data(seq, field, key.person_id)
    return rules.seal(value, key=key.key, key_id=key.id, aad=aad)


def _seal_row(ev: AuditEvent, key: Key) -> None:
    for field in JSON_FIELDS:
        value = getattr(ev, field)
        if value is not None:
            setattr(ev, field, _sealed(value, key, ev.seq, field).stored())
    if _typed(ev):
        ev.justification = rules.envelope_text(_sealed(ev.justification, key, ev.seq, TEXT_FIELD))


def _envelopes(ev: AuditEvent) -> list[tuple[str, rules.Envelope]]:
    found = [(f, rules.envelope_of(getattr(ev, f))) for f in JSON_FIELDS]
    found.append((TEXT_FIELD, rules.envelope_of_text(ev.justification or "")))
    return [(f, env) for f, env in found if env is not None]


def open_rows(events: Iterable[AuditEvent]) -> list[AuditEvent]:
    """The rows with their sealed values opened, in place (in memory only: a row is never
    saved again): the value while the person's key exists, and once it was destroyed the
    plain words "Removed: personal data erased under the retention decision of <date>" in
    its place (and in ``removed``). One query for a page of rows; none when nothing in them
    is sealed. Rows written before sealing began are clear and shown as they are."""
    rows = list(events)
    sealed = [(ev, field, env) for ev in rows for field, env in _envelopes(ev)]
    if not sealed:
        return rows
    ids = {env.key for _ev, _f, env in sealed}
    keys = {
        pk: Key(pk, person, bytes(key) if key is not None else None, destroyed)
        for pk, person, key, destroyed in PersonKey.objects.filter(pk__in=sorted(ids)).values_list(
            "pk", "person_id", "key", "destroyed_at"
        )
    }
    for ev, field, env in sealed:
        _open_field(ev, field, env, keys.get(env.key))
    return rows


def _open_field(ev: AuditEvent, field: str, env: rules.Envelope, key: Key | None) -> None:
    removed = ""
    value: object
    if key is None or key.key is None or env.erased:
        removed = key.removed() if key is not None else rules.removed_text(None)
        ev.removed = value = removed
    else:
        try:
            aad = rules.associated_data(ev.seq, field, key.person_id)
            value = rules.open_envelope(env, key=key.key, aad=aad)
        except rules.SealError:
            value = rules.UNREADABLE
    if field == TEXT_FIELD:
        ev.justification = _purpose_and(ev, removed) if removed else str(value)
    else:
        setattr(ev, field, value)


def _purpose_and(ev: AuditEvent, text: str) -> str:
    """A removed justification keeps its purpose code in front, as a clear one reads."""
    return f"{ev.purpose}; {text}" if ev.purpose else text


def open_stream(events: Iterable[AuditEvent], batch: int = 2000) -> Iterator[AuditEvent]:
    """``open_rows`` over a long stream of rows (an export), a batch at a time."""
    it = iter(events)
    while chunk := list(islice(it, batch)):
        yield from open_rows(chunk)


def destroy_key(person_id: int, *, review_id: int | None) -> bool:
    """Destroy the person's key (its row stays, emptied, saying when and under which review),
    in the deletion's own transaction; a person never audited gets an emptied row, so that no
    key is ever made for them. Returns whether a live key was destroyed."""
    now = timezone.now()
    live = PersonKey.objects.filter(person_id=person_id, key__isnull=False).update(
        key=None, destroyed_at=now, review_id=review_id
    )
    if not live:
        PersonKey.objects.bulk_create(
            [PersonKey(person_id=person_id, created=now, destroyed_at=now, review_id=review_id)],
            ignore_conflicts=True,
        )
    return bool(live)


def rows_in_clear(*, case_id: int, person_id: int) -> int:
    """How many audit rows about the case or the person hold personal values in clear: rows
    written before sealing began (decision 0031), which no deletion can reach because rows are
    never changed. What a retention deletion's stub records about them."""
    rows = (
        AuditEvent.objects.filter(Q(case_id=case_id) | Q(person_id=person_id))
        .filter(
            Q(before__isnull=False)
            | Q(after__isnull=False)
            | (~Q(justification="") & ~Q(justification=F("purpose")))
        )
        .values_list("before", "after", "justification", "purpose")
    )
    return sum(1 for row in rows.iterator(chunk_size=2000) if _clear(*row))


def _clear(before: object, after: object, justification: str, purpose: str) -> bool:
    if any(v is not None and rules.envelope_of(v) is None for v in (before, after)):
        return True
    typed = bool(justification) and justification != purpose
    return typed and rules.envelope_of_text(justification) is None
