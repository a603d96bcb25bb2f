"""Valid payloads of every message type, shared by the exchange content tests."""

from __future__ import annotations

import copy
from typing import Any

from fourpillars.domain.exchange import codes

TABLES = {"offences": codes.OFFENCE_TABLE_VERSION, "penalties": codes.PENALTY_TABLE_VERSION}

PERSON: dict[str, Any] = {
    "family_names": ["Ozoliņš"],
    "given_names": ["Jānis", "Pēteris"],
    "birth_date": "1980-05-17",
    "sex": "male",
    "nationalities": ["LV"],
    "birth_place": {"town": "Rīga", "country": "LV"},
    "previous_names": ["Ozols"],
    "aliases": ["Янис Озолиньш"],
    "mother_name": "Ilze",
    "identifiers": [{"kind": "passport", "value": "lv1234567", "country": "LV"}],
}

CONVICTION: dict[str, Any] = {
    "conviction_id": "LV-2019-000123",
    "conviction_date": "2019-03-01",
    "date_final": "2019-04-02",
    "court": {"name": "Rīgas pilsētas tiesa", "country": "LV", "town": "Rīga"},
    "case_reference": "K30-1234-19",
    "offences": [
        {
            "code": "1001 00",
            "legal_classification": "Krimināllikums, 159. pants (izvarošana)",
            "date": "2018-11-02",
            "completion": "C",
            "participation": "M",
            "place": {"town": "Jūrmala", "country": "LV"},
        },
        {
            "code": "1009 00",
            "legal_classification": "Krimināllikums, 166. pants",
            "date": "2018-06",
            "end_date": "2018-10",
            "completion": "A",
            "participation": "H",
            "recidivism": True,
            "number_of_occurrences": 3,
        },
    ],
    "penalties": [
        {"code": "1001", "nature": "penalty", "duration": {"years": 6, "months": 6}},
        {
            "code": "8001",
            "nature": "penalty",
            "amount": {"value": "1500.00", "currency": "EUR"},
            "suspension": "suspended",
            "suspended_duration": {"years": 2},
        },
    ],
    "disqualifications": [
        {"code": "3014", "nature": "measure", "duration": {"years": 10}, "start_date": "2019-04-02"}
    ],
    "later_decisions": [
        {
            "kind": "conditional_release",
            "date": "2023-01-10",
            "description": "Nosacīta pirmstermiņa atbrīvošana",
        }
    ],
}

CONTACT = {
    "name": "Duty manager, Public Protection Unit",
    "organisation": "Kent Police",
    "telephone": "+44 20 7946 0000",
    "email": "ppu@example.org",
    "available_24_7": True,
}

PAYLOADS: dict[str, dict[str, Any]] = {
    "conviction_new": {"person": PERSON, "conviction": CONVICTION, "tables": TABLES},
    "conviction_update": {
        "original_conviction_id": "LV-2019-000123",
        "person": PERSON,
        "conviction": CONVICTION,
        "reason": "Conditional release recorded",
        "tables": TABLES,
    },
    "conviction_deletion": {
        "original_conviction_id": "LV-2019-000123",
        "person": PERSON,
        "reason": "Rehabilitation: the conviction is removed from the record",
        "deleted_on": "2026-11-30",
    },
    "record_request": {
        "purpose": "criminal_proceedings",
        "person": PERSON,
        "reason": "Prosecution for a sexual offence in the Netherlands",
        "requesting_authority": {"name": "Justitiële Informatiedienst", "country": "NL"},
        "case_reference": "JD-2026-77",
    },
    "record_response": {
        "outcome": "records",
        "person": PERSON,
        "convictions": [CONVICTION],
        "tables": TABLES,
    },
    "identification_request": {
        "missing": ["birth_place", "parents_names", "other"],
        "explanation": "Two persons share the name and date of birth",
    },
    "delay_notice": {"reason": "The court file is archived", "expected_date": "2027-01-20"},
    "acknowledgement": {"code": "received", "text": "Thank you"},
    "error": {
        "code": "invalid_content",
        "text": "The conviction could not be read",
        "fields": ["payload.conviction.offences.0.code"],
    },
    "risk_notification": {
        "person": PERSON,
        "category": "registered_sexual_offender",
        "level": 2,
        "summary": "Risk of sexual harm to female children known to him.",
        "ratings": [
            {"setting": "community", "group": "children", "rating": "high"},
            {"setting": "community", "group": "public", "rating": "medium"},
            {"setting": "custody", "group": "staff", "rating": "low"},
        ],
        "risk_factors": ["Access to children through family friends", "Alcohol misuse"],
        "warning_signs": ["Seeks unsupervised contact with girls aged 10-14"],
        "monitoring_needs": ["Check who he stays with", "Report any contact with children"],
        "contact": CONTACT,
        "valid_from": "2026-12-10",
        "valid_until": "2026-12-24",
        "travel": {
            "kind": "trip",
            "departure": "2026-12-10",
            "return_date": "2026-12-24",
            "destinations": [
                {
                    "country": "NL",
                    "place": "Amsterdam",
                    "arrive": "2026-12-10",
                    "leave": "2026-12-20",
                },
                {"country": "BE", "place": "Antwerpen"},
            ],
            "address_abroad": "Prinsengracht 1, 1015 DK Amsterdam",
            "transport": "Eurostar",
        },
        "offences": ["1011 00"],
        "legal_basis": "DPA 2018 s.35; CJA 2003 s.325",
        "assessed_on": "2026-11-02",
        "tables": {"offences": codes.OFFENCE_TABLE_VERSION},
    },
    "supervision_transfer_request": {
        "person": PERSON,
        "judgment": {"name": "Rechtbank Amsterdam", "country": "NL", "reference": "13/123456-19"},
        "judgment_date": "2026-06-01",
        "measures": [
            {"code": "2010", "conditions": "Report to the probation service weekly"},
            {"code": "3014", "conditions": "No work or volunteering with children"},
        ],
        "starts": "2026-07-01",
        "ends": "2028-06-30",
        "residence": {
            "address": "Brīvības iela 1, Rīga",
            "country": "LV",
            "lawful_and_ordinary": True,
            "person_consents": True,
        },
        "reason": "He has returned to live with his family in Latvia",
        "tables": {"penalties": codes.PENALTY_TABLE_VERSION},
    },
    "supervision_transfer_response": {
        "decision": "refused",
        "ground": "not_resident",
        "reason": "No lawful residence in Latvia was found",
    },
    "withdrawal": {
        "withdrawn_message_id": "3f2b6c1e-8a4d-4f7e-9c1a-2b3c4d5e6f70",
        "reason": "Sent to the wrong state",
    },
    "audit_checkpoint": {"checkpoint": "eyJhbGciOiJFZERTQSJ9.eyJzZXEiOjF9.c2lnbmF0dXJl"},
}


def payload(kind: str) -> dict[str, Any]:
    """A deep copy, so a test may spoil it."""
    return copy.deepcopy(PAYLOADS[kind])
