"""Documents shared by the tests, as plain data: a RoSH assessment, OGRS3 answers, plans (one
that answers the assessment, one that breaks no checker rule) and a way to change one field.
No Django here, so the domain tests that use them stay plain Python."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fourpillars.domain.decisions import DEFENSIBILITY_CRITERIA

Doc = dict[str, Any]


# A RoSH assessment complete enough to submit: ratings, summary, formulation, one risk and one
# protective factor (rf1, pf1), a most likely (sc1) and a worst case (sc2) scenario.
COMPLETE_ASSESSMENT: Doc = {
    "assessment_date": "2026-11-20",
    "ratings": {
        "community": {"children": "high", "public": "medium", "known_adult": "low", "staff": "low"}
    },
    "summary": {
        "who_at_risk": "Girls aged 10-14",
        "nature": "Sexual contact offending",
        "when_greatest": "When unsupervised near schools",
        "increases": "Loss of housing; alcohol",
        "reduces": "Supervision; stable housing",
    },
    "formulation": "Offends when isolated and drinking; targets children he can groom.",
    "risk_factors": [
        {
            "text": "Sexual interest in children",
            "evidence": "Index offence",
            "source_agency": "police",
        }
    ],
    "protective_factors": [{"text": "Stable housing", "evidence": "Tenancy since 2024"}],
    "scenarios": [
        {"kind": "most_likely", "description": "Grooming online", "likelihood": "medium"},
        {"kind": "worst_case", "description": "Contact offence", "imminence": "imminent"},
    ],
}


# OGRS3 answers for the police case's person (born 1980, one sanction in 2015).
OGRS3_ANSWERS: Doc = {
    "sex": "male",
    "date_of_birth": "1980-05-17",
    "date_of_current_conviction": "2015-03-02",
    "date_of_first_sanction": "2015-03-02",
    "previous_sanctions": 0,
    "assessment_date": "2026-11-20",
    "offence_category": 3,
}

# RSR's second SNSV worked example ([MOJ-RSR-CALC]): static model, no sexual-offence history.
RSR_ANSWERS: Doc = {
    "sex": "male",
    "date_of_birth": "1970-01-01",
    "date_of_current_conviction": "2010-01-01",
    "date_of_first_sanction": "2004-01-01",
    "follow_up_start": "2016-01-01",
    "assessment_date": "2018-02-12",
    "total_sanctions": 7,
    "violent_sanctions": 4,
    "offence_category": 4,
    "sexual_history": "no",
}


# A note for every defensibility criterion an approval asks for.
DEFENSIBILITY_NOTES = {code: f"Note on {label.lower()}" for code, label in DEFENSIBILITY_CRITERIA}


# A plan answering COMPLETE_ASSESSMENT with no error finding: a victim, a contingency for each
# scenario and an action in each of the four pillars, all owned by police-a, whose information
# was considered and who (with the victim liaison officer) received the plan.
PLAN_CONTENT: Doc = {
    "information_considered": [
        {"agency": "police-a", "summary": "Intelligence on contact with the school since release"}
    ],
    "information_gaps": "None known",
    "communicated": [
        {"to": "police-a", "on": "2026-11-26"},
        {"to": "victim_liaison", "on": "2026-11-26"},
    ],
    "victims": [{"id": "v1", "kind": "child", "text": "Children at Northtown Primary"}],
    "pillar_reasons": {},
    "contingencies": [
        {
            "scenario": "sc1",
            "warning_signs": "Seen near the school",
            "response": "Police visit",
            "owner_agency": "police-a",
            "within_hours": 4,
        },
        {
            "scenario": "sc2",
            "warning_signs": "Contact with a child",
            "response": "Arrest; recall",
            "owner_agency": "police-a",
            "within_hours": 1,
        },
    ],
    "actions": [
        {
            "id": "a1",
            "pillar": "supervision",
            "text": "Weekly home visits by the offender manager",
            "owner_agency": "police-a",
            "owner_name": "DC Amy Hart",
            "addresses": ["rf1"],
            "frequency": "weekly",
        },
        {
            "id": "a2",
            "pillar": "monitoring_control",
            "text": "Exclusion zone around Northtown Primary",
            "owner_agency": "police-a",
            "owner_name": "PS Omar Reid",
            "addresses": ["rf1"],
            "frequency": "daily",
            "restrictive": True,
            "legal_basis": "SHPO (Sentencing Act 2020 s.343)",
            "proportionality": "Only the school and its approaches",
            "protects": ["v1"],
        },
        {
            "id": "a3",
            "pillar": "interventions_treatment",
            "text": "Horizon programme referral",
            "owner_agency": "police-a",
            "owner_name": "DC Amy Hart",
            "addresses": ["rf1", "pf1"],
            "due": "2027-01-15",
        },
        {
            "id": "a4",
            "pillar": "victim_safety_planning",
            "text": "Brief the head teacher on the exclusion zone",
            "owner_agency": "police-a",
            "owner_name": "PS Omar Reid",
            "addresses": ["rf1"],
            "due": "2026-12-15",
            "protects": ["v1"],
        },
    ],
}


# A RoSH document saved as a draft, then scored and submitted, many times over (grow_case).
ROSH_DOCUMENT: Doc = {
    "ratings": {
        "community": {"children": "high", "public": "medium", "known_adult": "low", "staff": "low"}
    },
    "summary": {
        k: "Answer" for k in ("who_at_risk", "nature", "when_greatest", "increases", "reduces")
    },
    "formulation": "Formulation",
    "judgement_reason": "Reason",
    "risk_factors": [{"text": "Factor", "evidence": "Evidence"}],
    "scenarios": [
        {"kind": "most_likely", "description": "Likely"},
        {"kind": "worst_case", "description": "Worst"},
    ],
}


def clean_plan() -> Doc:
    """A plan that breaks no rule: every factor traced, every pillar used, victims protected,
    every scenario answered by a complete contingency, review within level 2's 16 weeks and
    before the next MAPPA review, every action with a named owner, a countersigned assessment,
    reliable methods for each kind of offending, the information considered and its gaps, and
    the plan sent to every agency holding actions and to the victim liaison officer."""
    return {
        "plan_date": "2026-11-26",
        "review_date": "2027-02-01",
        "mappa_level": 2,
        "rosh": {
            "community": {
                "children": "high",
                "public": "medium",
                "known_adult": "medium",
                "staff": "low",
            }
        },
        "risk_factors": [
            {"id": "rf1", "text": "Alcohol misuse before each offence"},
            {"id": "rf2", "text": "Hostility towards his former partner"},
        ],
        "protective_factors": [{"id": "pf1", "text": "Stable employment as a driver"}],
        "scenarios": [
            {"id": "sc1", "kind": "most_likely", "text": "Assault on former partner when drunk"},
            {"id": "sc2", "kind": "worst_case", "text": "Serious injury to the partner's child"},
            {"id": "sc3", "kind": "improvement", "text": "Sober, working, no contact"},
        ],
        "victims": [
            {
                "id": "v1",
                "kind": "known_adult",
                "text": "Former partner, Ms K",
                "measures": "Exclusion zone; safety plan with the victim liaison officer",
            }
        ],
        "agencies_with_access": ["police", "probation"],
        "actions": [
            {
                "id": "a1",
                "pillar": "supervision",
                "text": "Weekly reporting to the probation office",
                "owner_agency": "probation",
                "owner": "J. Smith",
                "addresses": ["rf1", "rf2"],
                "frequency": "weekly",
                "due": None,
                "restrictive": False,
                "protects": [],
            },
            {
                "id": "a2",
                "pillar": "monitoring_control",
                "text": "Exclusion zone around the former partner's street",
                "owner_agency": "police",
                "owner": "PC R. Patel",
                "addresses": ["rf2"],
                "frequency": None,
                "due": "2026-12-01",
                "restrictive": True,
                "protects": ["v1"],
                "start": "2026-11-26",
                "end": "2027-05-26",
                "legal_basis": "Licence condition (CJA 2003 s.250)",
                "proportionality": "Two assaults at her address; the zone covers one street",
            },
            {
                "id": "a3",
                "pillar": "interventions_treatment",
                "text": "Alcohol treatment programme with the community drug and alcohol team",
                "owner_agency": "probation",
                "owner": "J. Smith",
                "addresses": ["rf1", "pf1"],
                "frequency": "fortnightly",
                "restrictive": False,
            },
            {
                "id": "a4",
                "pillar": "victim_safety_planning",
                "text": "Victim liaison officer agrees a safety plan with Ms K",
                "owner_agency": "probation",
                "owner": "A. Green",
                "addresses": ["rf2"],
                "due": "2026-12-10",
                "protects": ["v1"],
                "status": "in_progress",
            },
        ],
        "pillar_reasons": {"victim_safety_planning": None},
        "contingencies": [
            {
                "scenario": "sc1",
                "warning_signs": "Drinking again; contact with Ms K",
                "response": "Police visit; warn Ms K; consider recall",
                "owner_agency": "police",
                "within_hours": 24,
            },
            {
                "scenario": "sc2",
                "warning_signs": "Threats mentioning the child",
                "response": "Urgent MAPPA meeting; children's social care told",
                "owner_agency": "probation",
                "within_hours": 4,
            },
        ],
        "assessment": {
            "id": "42",
            "status": "current",
            "countersignature_required": True,
            "countersigned": True,
        },
        "mappa_category": 2,
        "level_decision": {
            "level": 2,
            "reason": "High RoSH to children; housing and children's services must act together",
            "decided_on": "2026-11-20",
        },
        "next_mappa_review": "2027-03-25",
        "offending": ["violent", "domestic_abuse"],
        "instruments": ["rsr", "dash"],
        "information_considered": [
            {"agency": "police", "summary": "Call-outs to Ms K's address, 2024-2026"},
            {"agency": "probation", "summary": "Pre-sentence report and licence compliance"},
        ],
        "information_gaps": "Children's social care records requested, not yet received",
        "communicated": [
            {"to": "police", "on": "2026-11-26"},
            {"to": "probation", "on": "2026-11-26"},
            {"to": "victim_liaison", "on": "2026-11-27"},
        ],
    }


def set_path(path: str, value: Any) -> Callable[[Doc], None]:
    """Set a dotted path (``actions.0.text``) in the document."""

    def apply(doc: Doc) -> None:
        *parents, leaf = path.split(".")
        node: Any = doc
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(leaf)] = value
        else:
            node[leaf] = value

    return apply
