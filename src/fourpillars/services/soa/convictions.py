"""Conviction notices to every state of the person's nationality ([FD-2009-315] Art.4: the
convicting state informs each state of nationality, dual nationals included, of a new
conviction and of its later alteration or deletion).

Called by the person services in the transaction that records, corrects or removes a
conviction: for a conviction handed down in this node's own country, one message to each
nationality other than ours whose node is a connected peer (``outbox.enqueue``), so the
notice is sent exactly when the change commits. Nationalities with no connected node are
skipped (decision 0022 says so); the purpose recorded is criminal proceedings [M] (the
state of nationality stores it to answer requests).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from fourpillars.domain.exchange.codes import TABLE_VERSIONS
from fourpillars.domain.exchange.content import parse_payload
from fourpillars.domain.exchange.envelope import MessageType, Purpose
from fourpillars.exchange.models import Message
from fourpillars.register.models import Conviction, Person
from fourpillars.services.exchange import node, outbox

from .payloads import person_payload
from .proposals import peer_countries

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

# The common table has no category for a sentence recorded only in words; the placeholder
# "other or unknown" carries the words as its description ([DEC-2009-316] Annex B).
UNKNOWN_PENALTY = "12000"


def conviction_id(row_id: int) -> str:
    """A stable id of the conviction across its new, update and deletion notices."""
    return f"{node.identity().country}-conviction-{row_id}"


def conviction_payload(row: Conviction) -> dict[str, Any]:
    offence = {
        "code": row.ecris_code,
        "legal_classification": row.offence_text,
        "date": row.date.isoformat(),
    }
    if row.completion:
        offence["completion"] = row.completion
    if row.participation:
        offence["participation"] = row.participation
    return {
        "conviction_id": conviction_id(row.pk),
        "conviction_date": row.date.isoformat(),
        "court": {"name": row.court or "Court", "country": row.country},
        "offences": [offence],
        "penalties": [{"code": UNKNOWN_PENALTY, "description": row.sentence or "Not recorded"}],
    }


def receivers(person: Person) -> list[str]:
    """The person's nationalities other than ours whose node is a connected peer."""
    own = node.identity().country
    peers = peer_countries()
    return [c for c in person.nationalities if c != own and c in peers]


def notify_states(
    *,
    actor: User,
    person: Person,
    row: Conviction,
    type: MessageType,
    reason: str = "",
) -> list[Message]:
    """Queue the notice of ``type`` (new, update, deletion) to each state of nationality; only
    for convictions of this node's own country with their ECRIS category (an uncoded one
    cannot be notified in the common table: it waits for its code, and its correction sends
    it). Runs in the caller's transaction."""
    if row.country != node.identity().country or not row.ecris_code:
        return []
    tables = {"offences": TABLE_VERSIONS["offences"], "penalties": TABLE_VERSIONS["penalties"]}
    payload: dict[str, Any] = {"person": person_payload(person)}
    if type is MessageType.CONVICTION_DELETION:
        payload |= {
            "original_conviction_id": conviction_id(row.pk),
            "reason": reason or "Removed from the record",
            "deleted_on": timezone.localdate().isoformat(),
        }
    else:
        payload |= {"conviction": conviction_payload(row), "tables": tables}
        if type is MessageType.CONVICTION_UPDATE:
            payload |= {
                "original_conviction_id": conviction_id(row.pk),
                "reason": reason or "Corrected",
            }
    sent = []
    for country in receivers(person):
        parse_payload(type, payload)  # a bad field is refused by name and nothing is kept
        sent.append(
            outbox.enqueue(
                actor=actor,
                type=type,
                receiver=country,
                purpose=Purpose.CRIMINAL_PROCEEDINGS,
                payload=payload,
                person=person,
            )
        )
    return sent
