"""Reading received information for a purpose (decision 0023; [FD-2009-315] Art.9; [LED-2016]
Art.4(2)): whoever reads it says why (a purpose and, if they like, words), the purpose is
checked against the one it was sent for (``domain.received.may_consult``), and the reading is
audited with that purpose ([DPA-2018] s.62): a consultation for what was shown, a refused
consultation for what was not. Withdrawn and deleted items show only that they were withdrawn
or deleted, when and why, never their content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q

from fourpillars.domain import received as rules
from fourpillars.domain.audit import Justification, Operation
from fourpillars.received.models import ForeignConviction, ReceivedRiskNotification
from fourpillars.services import audit
from fourpillars.services.access import visible_case

if TYPE_CHECKING:
    from fourpillars.accounts.models import User
    from fourpillars.register.models import Case

Item = ForeignConviction | ReceivedRiskNotification


@dataclass(frozen=True)
class Shown:
    """One received item as a reader sees it: its origin always; its content only when the
    purpose given allows it and it stands (``refused`` says why not)."""

    item: Any
    kind: str  # "conviction" or "risk_notification"
    shown_for: list[str]
    content: dict[str, Any] | None = None
    refused: str = ""

    @property
    def hidden(self) -> bool:
        return self.item.withdrawn_at is not None or bool(getattr(self.item, "deleted", False))


@dataclass
class Reading:
    """What one consultation showed, and for which purpose."""

    justification: Justification | None
    items: list[Shown] = field(default_factory=list)

    @property
    def convictions(self) -> list[Shown]:
        return [s for s in self.items if s.kind == "conviction"]

    @property
    def notices(self) -> list[Shown]:
        return [s for s in self.items if s.kind == "risk_notification"]


def _kind(item: Item) -> str:
    return "conviction" if isinstance(item, ForeignConviction) else "risk_notification"


def judge(item: Item, justification: Justification | None) -> Shown:
    """What of ``item`` a reader with ``justification`` sees."""
    shown_for = rules.shown_for(item.purpose)
    hidden = item.withdrawn_at is not None or bool(getattr(item, "deleted", False))
    if justification is None or hidden:
        return Shown(item, _kind(item), shown_for)
    verdict = rules.may_consult(item.purpose, justification.purpose)
    if not verdict:
        return Shown(item, _kind(item), shown_for, refused=verdict.reason)
    return Shown(item, _kind(item), shown_for, content=dict(item.content))


def case_items(case: Case) -> list[Item]:
    """The received items that concern a case: the convictions matched to its person and the
    risk notifications matched to the person or attached to the case."""
    items: list[Item] = list(
        ForeignConviction.objects.filter(person_id=case.person_id, status="matched")
    )
    items += list(
        ReceivedRiskNotification.objects.filter(
            Q(case_id=case.pk) | Q(person_id=case.person_id, status="matched")
        ).order_by("-received_at")
    )
    return items


def _audit(
    actor: User,
    justification: Justification,
    shown: list[Shown],
    target: audit.Target,
    case: Case | None,
) -> None:
    read = [s.item.pk for s in shown if s.content is not None]
    refused = [s.item.pk for s in shown if s.refused]
    if case is not None:
        audit.consultation(
            actor=actor,
            case=case,
            justification=justification,
            action="consult_received",
            target=target,
            record_ids=read,
        )
    else:
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="consult_received",
            target=target,
            justification=justification,
            record_ids=read,
        )
    if refused:
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="consult_received_refused",
            target=target,
            justification=justification,
            record_ids=refused,
            after={"refused": [s.refused for s in shown if s.refused][:5]},
        )


def read_for_case(
    *, actor: User, case_id: object, justification: Justification | None
) -> tuple[Case, Reading]:
    """The received items of a visible case: origins only without a purpose; with one, the
    content of each item whose purpose allows it, audited."""
    case = visible_case(actor, case_id)
    items = case_items(case)
    reading = Reading(justification, [judge(i, justification) for i in items])
    if justification is not None and items:
        with transaction.atomic():
            target = audit.Target("case_received", str(case.pk), case.pk, case.person_id)
            _audit(actor, justification, reading.items, target, case)
    return case, reading


def read_item(*, actor: User, item: Item, justification: Justification | None) -> Shown:
    """One received item, read from the queue by whoever matches it (the caller checked they
    may): its content only for a compatible purpose, audited."""
    shown = judge(item, justification)
    if justification is not None:
        with transaction.atomic():
            target = audit.Target(f"received_{_kind(item)}", str(item.pk), None, item.person_id)
            _audit(actor, justification, [shown], target, None)
    return shown
