"""Risk notifications and supervision transfers on the standard cast's three cases (decision
0022), made as the cases' leads would make them, for the permission matrix and the screens.
Each case gets one travel notification (to the Netherlands, a connected peer) with a risk
notification waiting for a decision, and a supervision transfer request waiting for approval.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from fourpillars.accounts.models import User
from fourpillars.exchange.models import Peer
from fourpillars.register.models import Case
from fourpillars.services.soa import proposals, records, transfers
from fourpillars.soa.models import RiskNotification, SupervisionTransfer
from tests.cast import CASES, LEADS, World


@dataclass
class Abroad:
    proposals: dict[str, RiskNotification]
    transfers: dict[str, SupervisionTransfer]


def travel(days: int = 10) -> dict[str, object]:
    today = timezone.localdate()
    return {
        "kind": "travel",
        "notified_on": today.isoformat(),
        "departs": (today + dt.timedelta(days=days)).isoformat(),
        "returns": (today + dt.timedelta(days=days + 7)).isoformat(),
        "destinations": ["NL"],
        "addresses_abroad": "Hotel Centraal, Damrak 1, Amsterdam",
        "travel_means": "air",
    }


def with_peer(settings: object, tmp_path: Path) -> None:
    settings.FOURPILLARS_NODE_KEY_DIR = tmp_path / "keys"  # type: ignore[attr-defined]
    Peer.objects.get_or_create(
        country="NL", defaults={"name": "Netherlands", "inbox_url": "http://127.0.0.1:9/inbox"}
    )


def abroad(world: World) -> Abroad:
    """Every case travels (the shared case is made category 1 so that travel proposes)."""
    Case.objects.filter(pk=world.shared_case.pk).update(category=1)
    made_p, made_t = {}, {}
    for case_attr in CASES:
        lead = world.users[LEADS[case_attr]]
        case = getattr(world, case_attr)
        case.refresh_from_db()
        records.record_notification(actor=lead, case_id=case.pk, data=travel())
        p = RiskNotification.objects.filter(case=case).latest("pk")
        made_p[case_attr] = proposals.submit(actor=lead, proposal_id=p.pk)
        made_t[case_attr] = transfers.request(
            actor=lead,
            case_id=case.pk,
            receiver="NL",
            measure="Supervision by probation for 12 months",
            reason="He lives in Amsterdam with his family",
        )
    return Abroad(made_p, made_t)


def approved(
    world: World, case_attr: str, decider: User, destination: str = "FR"
) -> RiskNotification:
    """The case's trip to ``destination`` (by default a state with no node connected), its risk
    notification submitted by the case's lead and approved by ``decider``; sent when the
    destination has a node (the case then needs a RoSH assessment in force)."""
    lead = world.users[LEADS[case_attr]]
    case = getattr(world, case_attr)
    Case.objects.filter(pk=case.pk).update(category=1)  # so that travel proposes
    records.record_notification(
        actor=lead, case_id=case.pk, data={**travel(), "destinations": [destination]}
    )
    p = RiskNotification.objects.filter(case=case, destination=destination).latest("pk")
    proposals.submit(actor=lead, proposal_id=p.pk)
    return proposals.approve(
        actor=decider,
        proposal_id=p.pk,
        lawful_basis="dpa2018_s73_adequacy",
        necessity="He travels alone to a city with schools near his hotel",
        proportionality="Only what the police there need to manage the visit",
    )
