"""Outgoing payloads in the exchange's common content (``domain.exchange.content``): the
person as the register holds them, and a reviewed risk notification as sent. Each payload is
parsed by the content schema before it is queued, so a bad field is refused by name (and the
approval rolls back) instead of reaching the other state."""

from __future__ import annotations

from typing import Any

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.exchange.content import RiskCategory, TravelKind, parse_payload
from fourpillars.domain.exchange.envelope import MessageType
from fourpillars.domain.soa import proposals as rules
from fourpillars.exchange.models import Message
from fourpillars.register.models import Person
from fourpillars.soa.models import RiskNotification

# The sending node's MAPPA categories in words other states can read ([SOMEC-2015]).
CATEGORIES = {
    1: RiskCategory.REGISTERED_SEXUAL_OFFENDER,
    2: RiskCategory.VIOLENT_OR_OTHER_SEXUAL,
    3: RiskCategory.OTHER_DANGEROUS,
    4: RiskCategory.TERRORIST,
}


def person_payload(person: Person) -> dict[str, Any]:
    """Who the message is about: every name as recorded, date of birth, sex, nationalities
    and identifiers."""
    names = list(person.names.all())
    primary = [n for n in names if n.kind == "primary"] or names[:1]
    others = [n for n in names if n not in primary]
    out: dict[str, Any] = {
        "family_names": [n.family_name for n in primary] or [person.display_name],
        "given_names": [n.given_names for n in primary if n.given_names],
        "birth_date": person.date_of_birth.isoformat() if person.date_of_birth else None,
        "sex": person.sex,
        "nationalities": list(person.nationalities),
        "aliases": [n.full for n in others],
        "identifiers": [
            {"kind": i.kind, "value": i.value, **({"country": i.country} if i.country else {})}
            for i in person.identifiers.all()
        ],
    }
    return out


def _ratings(rosh: dict[str, Any]) -> list[dict[str, str]]:
    out = []
    for setting, groups in sorted((rosh.get("ratings") or {}).items()):
        for group, rating in sorted((groups or {}).items()):
            if rating:
                out.append({"setting": setting, "group": group, "rating": rating})
    return out


NOT_GIVEN = "Not given by the sender"
NONE_RECORDED = "None recorded"


def _listed(data: dict[str, Any], key: str, kept: set[str]) -> list[str]:
    """A list the content requires: what was recorded, or words saying why it is empty."""
    if key not in kept:
        return [NOT_GIVEN]
    return [str(v) for v in data.get(key) or []] or [NONE_RECORDED]


def _travel(t: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": (TravelKind.MOVE if t.get("move_abroad") else TravelKind.TRIP).value,
        "departure": t["departs"],
        "destinations": [
            {"country": t["destination"], "arrive": t["departs"], "leave": t.get("returns")}
        ],
        "return_date": t.get("returns"),
        "address_abroad": str(t.get("addresses_abroad") or "")[:500],
        "transport": str(t.get("means") or ""),
    }


def risk_notification_payload(p: RiskNotification) -> dict[str, Any]:
    """The reviewed notification as sent: only the included sections carry content (the
    others go as empty lists, or "other" for a category withheld), with the lawful basis of
    the decision and how long it holds. Parsed by the content schema before it is queued."""
    data = p.payload
    S = rules.Section
    kept = set(p.included) | {s.value for s in rules.REQUIRED_SECTIONS}
    if not _ratings(data[S.ROSH.value]):
        raise DomainValidationError.single(
            "rosh", "no RoSH assessment is in force: one is needed before this can be sent"
        )
    case_cat = data[S.CATEGORY_LEVEL.value]
    rosh = data[S.ROSH.value]
    category = CATEGORIES.get(case_cat["category"], RiskCategory.OTHER)
    if S.CATEGORY_LEVEL.value not in kept:
        category = RiskCategory.OTHER
    travel = data[S.TRAVEL.value]
    payload: dict[str, Any] = {
        "person": data["person_exchange"],
        "category": category.value,
        "category_description": ""
        if S.CATEGORY_LEVEL.value in kept
        else "Not given by the sender (see what was left out)",
        "level": case_cat["level"] if S.CATEGORY_LEVEL.value in kept else None,
        "summary": f"Proposed because of {data['reason']}. "
        + (f"Left out: {', '.join(sorted(p.left_out))}." if p.left_out else "Nothing left out."),
        "ratings": _ratings(rosh),
        "risk_factors": _listed(data, S.RISK_FACTORS.value, kept),
        "warning_signs": _listed(data, S.WARNING_SIGNS.value, kept),
        "monitoring_needs": [
            f"{m['text']} ({m['frequency']})" if m.get("frequency") else m["text"]
            for m in data[S.MONITORING.value]
        ]
        if S.MONITORING.value in kept
        else [],
        "contact": data[S.CONTINGENCY.value],
        "valid_from": travel["departs"],
        "valid_until": p.holds_until.isoformat(),
        "travel": _travel(travel),
        "legal_basis": rules.LawfulBasis.labels().get(p.lawful_basis, p.lawful_basis),
    }
    if rosh.get("assessed_on"):
        payload["assessed_on"] = rosh["assessed_on"]
    parse_payload(MessageType.RISK_NOTIFICATION, payload)
    return payload


def withdrawal_payload(sent: Message, reason: str) -> dict[str, Any]:
    """A withdrawal of the message ``sent``, with why: parsed by the content schema first."""
    payload: dict[str, Any] = {"withdrawn_message_id": sent.message_id, "reason": reason}
    parse_payload(MessageType.WITHDRAWAL, payload)
    return payload
