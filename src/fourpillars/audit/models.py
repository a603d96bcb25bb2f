"""The append-only audit trail (DPA 2018 s.62), its chain head, and the people's keys that
seal the personal values in it (decision 0031).

Rows are never updated or deleted: the model and its queryset refuse, and on PostgreSQL a
trigger refuses too (migration 0002). Writes go through ``services.audit.record``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from fourpillars.domain.audit import Operation


class AuditImmutableError(Exception):
    """Raised on any attempt to change or remove an audit row through the ORM."""


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditImmutableError("audit rows are append-only: update refused")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditImmutableError("audit rows are append-only: delete refused")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AuditImmutableError("audit rows are append-only: update refused")


class AuditEvent(models.Model):
    """One logged processing operation: who, what, on which record, when, why, to whom."""

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField(null=True)
    actor_username = models.CharField(max_length=150, db_index=True)
    actor_agency = models.CharField(max_length=200, blank=True)
    actor_role = models.CharField(max_length=40, blank=True)
    operation = models.CharField(max_length=20, db_index=True, choices=Operation.choices())
    action = models.CharField(max_length=60)
    target_type = models.CharField(max_length=40)
    target_id = models.CharField(max_length=40, blank=True)
    case_id = models.BigIntegerField(null=True, db_index=True)
    person_id = models.BigIntegerField(null=True, db_index=True)
    purpose = models.CharField(max_length=40, blank=True)
    # Text: a justification sealed under the person's key is longer than the text typed.
    justification = models.TextField(blank=True)
    legal_basis = models.CharField(max_length=40, blank=True)
    recipients = models.JSONField(default=list)
    query = models.CharField(max_length=600, blank=True)
    record_ids = models.JSONField(default=list)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    channel = models.CharField(max_length=20, default="web")
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditQuerySet.as_manager()

    # Not columns. ``sealed_for``: whose key seals the row's personal values when its target
    # names no person (``services.audit.entry``); ``removed``: set by ``services.audit.open_rows``
    # when the values were erased (the plain words readers show).
    sealed_for: int | None = None
    removed: str = ""

    class Meta:
        ordering = ["seq"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:  # saved before: its automatic key is set
            raise AuditImmutableError("audit rows are append-only: update refused")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditImmutableError("audit rows are append-only: delete refused")

    def hashed_content(self) -> dict[str, object]:
        """Exactly the fields the chain hash covers, in stored form."""
        at = self.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
        return {
            "seq": self.seq,
            "at": at,
            "actor_id": self.actor_id,
            "actor_username": self.actor_username,
            "actor_agency": self.actor_agency,
            "actor_role": self.actor_role,
            "operation": self.operation,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "case_id": self.case_id,
            "person_id": self.person_id,
            "purpose": self.purpose,
            "justification": self.justification,
            "legal_basis": self.legal_basis,
            "recipients": self.recipients,
            "query": self.query,
            "record_ids": self.record_ids,
            "before": self.before,
            "after": self.after,
            "channel": self.channel,
            "request_id": self.request_id,
        }


class AuditChainHead(models.Model):
    """Single row holding the last sequence number and hash; locked to append in order.

    ``changes`` counts the rows that record a change (every operation but a consultation): a
    number that moves whenever anything in the record changes, so that a figure worked out
    from the record can be kept until it moves (the caseload's "Waiting for me")."""

    seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    changes = models.BigIntegerField(default=0)


class PersonKey(models.Model):
    """One person's data key (AES-256), kept outside the audit table: the personal values of
    every audit row about the person are sealed under it ([DPA-2018] s.62 logs), and a
    retention deletion destroys it, which erases them from rows nobody may change ([MOPI-2005];
    decision 0031). Made the first time a value about the person is audited; one per person.

    Destroying empties ``key`` and records when and under which retention review: the row
    stays, so that readers can say when the values were erased and no new key is ever made for
    the person. It holds no personal data: the person's number only."""

    person_id = models.BigIntegerField(unique=True)
    key = models.BinaryField(null=True)
    created = models.DateTimeField()
    destroyed_at = models.DateTimeField(null=True)
    review_id = models.BigIntegerField(null=True)

    def __str__(self) -> str:
        state = "destroyed" if self.key is None else "live"
        return f"key {self.pk} of person {self.person_id} ({state})"
