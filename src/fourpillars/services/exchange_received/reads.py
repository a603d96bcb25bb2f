"""The queues of received information (decision 0023): what waits to be matched, for whom,
and the one cheap count the "Waiting for me" panel shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from fourpillars.domain import received as rules
from fourpillars.domain.access import Permission
from fourpillars.domain.agencies import Role
from fourpillars.received.models import (
    WAITING,
    ForeignConviction,
    ReceivedRiskNotification,
    RecordRequest,
)
from fourpillars.services.access import allowed, require

if TYPE_CHECKING:
    from fourpillars.accounts.models import User


def conviction_queue(actor: User) -> QuerySet[ForeignConviction]:
    """Convictions from abroad waiting to be matched, oldest first (the operator's)."""
    require(actor, Permission.OPERATE_EXCHANGE)
    return ForeignConviction.objects.filter(WAITING).order_by("received_at", "pk")


def notice_queue(actor: User) -> QuerySet[ReceivedRiskNotification]:
    """Risk notifications waiting to be matched: the operator's all, a co-ordinator's those
    for their area, oldest first."""
    require(actor, Permission.MATCH_RECEIVED)
    rows = ReceivedRiskNotification.objects.filter(WAITING).select_related("area")
    if not allowed(actor, Permission.OPERATE_EXCHANGE):
        rows = rows.filter(area_id=actor.viewer.area_id or 0)
    return rows.order_by("received_at", "pk")


def waiting_count(actor: User) -> int:
    """How many received items wait for the actor: none without a query for anyone who
    matches nothing."""
    role = actor.viewer.role
    if role is Role.ADMINISTRATOR:  # the node's operator (decision 0020)
        open_requests = RecordRequest.objects.filter(incoming=True).exclude(
            state=rules.RequestState.ANSWERED.value
        )
        return (
            ForeignConviction.objects.filter(WAITING).count()
            + ReceivedRiskNotification.objects.filter(WAITING).count()
            + open_requests.count()
        )
    if role is Role.COORDINATOR and actor.viewer.area_id is not None:
        return ReceivedRiskNotification.objects.filter(
            WAITING, area_id=actor.viewer.area_id
        ).count()
    return 0
