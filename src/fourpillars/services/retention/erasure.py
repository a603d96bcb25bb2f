"""Deleting a closed case's personal data after a retention review ([MOPI-2005]; [DPA-2018]
s.39 storage limitation; decision 0030).

``erase_case`` runs inside the decision's own transaction and removes, in an order the
foreign keys allow, everything recorded on the case: its assessments (with their factors,
scenarios and scores), plans (actions, their history and reminders), decisions and level
decisions, referrals, transfers, possible-duplicate flags, its items at meetings (minutes and
contributions), SOA notifications and what was prepared or sent abroad about it, what was
received from abroad about it, its shares and emergency access, the notifications that name
it; then, when the person has no other case, the person with their names, search keys,
identifiers, addresses and convictions, and what other states sent or asked about them. It
answers, per kind of record, how many rows went: the stub the decision keeps, which holds no
personal data.

The audit trail's rows are not touched: they are append-only and hash-chained. The personal
values they hold about the person are sealed under the person's key (decision 0031), which the
decision destroys in the same transaction (``reviews._delete``, once its stub row holds the
chain's lock); rows written before sealing began keep what they recorded, and the stub counts
them (docs/security.md).
``ERASED`` names every model that points at a case or a person;
``tests/services/test_retention.py`` fails when a new one is not named here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from fourpillars.assessments.models import InstrumentResult, LevelDecision, RoshAssessment
from fourpillars.exchange.models import Message
from fourpillars.meetings.models import Contribution, MeetingCase, Minutes
from fourpillars.notifications.models import Notification
from fourpillars.plans.models import Action, Decision, Plan
from fourpillars.received.models import ForeignConviction, ReceivedRiskNotification, RecordRequest
from fourpillars.referrals.models import DuplicateFlag, Referral, Transfer
from fourpillars.register.models import Case, CaseShare, EmergencyAccess, Person
from fourpillars.soa.models import Notification as SoaNotification
from fourpillars.soa.models import Registration, RiskNotification, SupervisionTransfer

# Every model holding a foreign key to a case or a person, as "app_label.Model": those whose
# rows go with the case or the person, and the one kept (the review stub, its case emptied).
ERASED = frozenset(
    {
        "assessments.RoshAssessment",
        "assessments.InstrumentResult",
        "assessments.LevelDecision",
        "exchange.Message",
        "meetings.MeetingCase",
        "notifications.Notification",
        "plans.Plan",
        "plans.Action",
        "plans.Decision",
        "received.ForeignConviction",
        "received.ReceivedRiskNotification",
        "received.RecordRequest",
        "referrals.Referral",
        "referrals.Transfer",
        "referrals.DuplicateFlag",
        "register.Case",
        "register.CaseShare",
        "register.EmergencyAccess",
        "register.Person",
        "register.PersonName",
        "register.NameKey",
        "register.Identifier",
        "register.Address",
        "register.Conviction",
        "soa.Registration",
        "soa.Notification",
        "soa.RiskNotification",
        "soa.SupervisionTransfer",
    }
)
KEPT = frozenset({"register.RetentionReview"})

Tally = Counter[str]


def _delete(rows: QuerySet[Any], tally: Tally) -> None:
    """Delete ``rows`` (and what cascades from them), counting each model's rows."""
    _total, per_model = rows.delete()
    for label, count in per_model.items():
        if count:
            tally[label] += count


def _case_steps(case: Case) -> list[Callable[[Tally], None]]:
    """The case's records, each step clearing what the next one's foreign keys protect."""
    actions = Action.objects.filter(case=case)
    plans = Plan.objects.filter(case=case)
    assessments = RoshAssessment.objects.filter(case=case)
    decisions = Decision.objects.filter(case=case)
    # What was sent abroad about the case: the messages its proposals point at, read before
    # the proposals go.
    sent = [
        *RiskNotification.objects.filter(case=case).values_list("message_id", flat=True),
        *SupervisionTransfer.objects.filter(case=case).values_list("message_id", flat=True),
    ]
    messages = Message.objects.filter(Q(case=case) | Q(pk__in=[m for m in sent if m]))
    return [
        lambda t: _delete(
            Notification.objects.filter(Q(case=case) | Q(action__in=actions.values("pk"))), t
        ),
        lambda t: _delete(Minutes.objects.filter(item__case=case), t),
        lambda t: _delete(Contribution.objects.filter(item__case=case), t),
        lambda t: _delete(MeetingCase.objects.filter(case=case), t),
        lambda t: _delete(Referral.objects.filter(case=case), t),
        lambda t: _delete(Transfer.objects.filter(case=case), t),
        lambda t: _delete(DuplicateFlag.objects.filter(Q(case_a=case) | Q(case_b=case)), t),
        lambda t: _delete(RiskNotification.objects.filter(case=case), t),
        lambda t: _delete(SupervisionTransfer.objects.filter(case=case), t),
        lambda t: _delete(SoaNotification.objects.filter(case=case), t),
        lambda t: _delete(Registration.objects.filter(case=case), t),
        lambda t: _delete(ReceivedRiskNotification.objects.filter(case=case), t),
        lambda t: _delete(messages, t),
        lambda t: _unlink_and_delete(decisions, "refers_to", t),
        lambda t: _delete(actions, t),
        lambda t: _unlink_and_delete(plans, "superseded_by", t),
        lambda t: _delete(LevelDecision.objects.filter(case=case), t),
        lambda t: _delete(InstrumentResult.objects.filter(case=case), t),
        lambda t: _unlink_and_delete(assessments, "superseded_by", t),
        lambda t: _delete(CaseShare.objects.filter(case=case), t),
        lambda t: _delete(EmergencyAccess.objects.filter(case=case), t),
        lambda t: _delete(Case.objects.filter(pk=case.pk), t),
    ]


def _unlink_and_delete(rows: QuerySet[Any], link: str, tally: Tally) -> None:
    """Rows that point at each other (a superseded version, a correction): the links first."""
    rows.exclude(**{f"{link}__isnull": True}).update(**{link: None})
    _delete(rows, tally)


def _person_steps(person_id: int) -> list[Callable[[Tally], None]]:
    """The person and what other states sent or asked about them (their names, search keys,
    identifiers, addresses and convictions go with the person)."""
    return [
        lambda t: _delete(ForeignConviction.objects.filter(person_id=person_id), t),
        lambda t: _delete(ReceivedRiskNotification.objects.filter(person_id=person_id), t),
        lambda t: _delete(RecordRequest.objects.filter(person_id=person_id), t),
        lambda t: _delete(Message.objects.filter(person_id=person_id), t),
        lambda t: _delete(Person.objects.filter(pk=person_id), t),
    ]


def erase_case(case: Case) -> tuple[dict[str, int], bool]:
    """Delete the case's records and, when no other case holds the person, the person's; in
    the caller's transaction. Returns how many rows of each model went, and whether the
    person went too (kept when another case still needs them)."""
    tally: Tally = Counter()
    person_id = case.person_id
    for step in _case_steps(case):
        step(tally)
    alone = not Case.objects.filter(person_id=person_id).exists()
    if alone:
        for step in _person_steps(person_id):
            step(tally)
    return dict(sorted(tally.items())), alone
