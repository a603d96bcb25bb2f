"""Payloads other states send, as the content schemas take them (domain.exchange.content), and
the origin of a message received: for the received-information tests (decision 0023)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from fourpillars.domain.exchange import codes, content
from fourpillars.services.exchange_received.receiving import Origin


def person(
    family: str = "Kowalski",
    given: str = "Jan",
    born: str = "1980-05-17",
    nationalities: tuple[str, ...] = ("PL",),
    identifiers: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    return {
        "family_names": [family],
        "given_names": [given],
        "birth_date": born,
        "sex": "male",
        "nationalities": list(nationalities),
        "identifiers": identifiers or [],
    }


def conviction(conviction_id: str = "NL-2026-0001", code: str = "1003 00") -> dict[str, Any]:
    return {
        "conviction_id": conviction_id,
        "conviction_date": "2024-02-01",
        "court": {"name": "Rechtbank Amsterdam", "country": "NL"},
        "offences": [
            {
                "code": code,
                "legal_classification": "Aanranding (art. 246 Sr)",
                "date": "2023-06-10",
            }
        ],
        "penalties": [
            {"code": "1001", "description": "Gevangenisstraf", "duration": {"months": 18}}
        ],
    }


TABLES = {k: codes.TABLE_VERSIONS[k] for k in ("offences", "penalties")}


def conviction_new(who: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    return {"person": who or person(), "conviction": conviction(**kw), "tables": TABLES}


def conviction_update(original: str, who: dict[str, Any] | None = None) -> dict[str, Any]:
    changed = conviction(original)
    changed["conviction_date"] = "2024-03-01"
    return {
        "original_conviction_id": original,
        "person": who or person(),
        "conviction": changed,
        "reason": "Appeal decided",
        "tables": TABLES,
    }


def conviction_deletion(original: str, who: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "original_conviction_id": original,
        "person": who or person(),
        "reason": "Expunged",
        "deleted_on": "2026-11-30",
    }


def risk_notification(who: dict[str, Any] | None = None, place: str = "") -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "person": who or person(),
        "category": "registered_sexual_offender",
        "level": 2,
        "summary": "Registered sex offender travelling for work.",
        "ratings": [{"setting": "community", "group": "children", "rating": "high"}],
        "risk_factors": ["Access to children through work"],
        "warning_signs": ["Seeks unsupervised contact with children"],
        "monitoring_needs": ["Check the address within 3 days"],
        "contact": {
            "name": "Duty officer",
            "organisation": "Politie Amsterdam",
            "telephone": "+31 20 555 0000",
            "available_24_7": True,
        },
        "valid_from": today.isoformat(),
        "valid_until": (today + dt.timedelta(days=90)).isoformat(),
        "travel": {
            "kind": "move",
            "departure": (today + dt.timedelta(days=7)).isoformat(),
            "destinations": [{"country": "GB", "place": place or "Somewhere"}],
            "address_abroad": f"1 High Street, {place or 'Somewhere'}",
        },
    }


def record_request(who: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "purpose": "criminal_proceedings",
        "person": who or person(),
        "reason": "Prosecution for assault",
        "requesting_authority": {"name": "Openbaar Ministerie", "country": "NL"},
    }


def withdrawal(message_id: str) -> dict[str, Any]:
    return {"withdrawn_message_id": message_id, "reason": "Sent in error"}


def origin(
    type: str,
    sender: str = "NL",
    purpose: str = "criminal_proceedings",
    in_reply_to: str = "",
    message_id: str | None = None,
) -> Origin:
    return Origin(
        message_id=message_id or str(uuid.uuid4()),
        type=type,
        sender=sender,
        purpose=purpose,
        received_at=timezone.now(),
        in_reply_to=in_reply_to,
    )


def parsed(type: str, payload: dict[str, Any]) -> Any:
    return content.parse_payload(type, payload)
