"""DASH risk checklists (domestic abuse, stalking and "honour"-based violence) and the MARAC
referral routes ([DASH-2009], [SAFELIVES-DASH], [SAFELIVES-MARAC]).

Two forms: the police (ACPO) DASH 2009 with 27 questions, and the SafeLives (CAADA) Dash RIC
with 24, modelled as the police questions without 10-12 and with question 9 reworded [M].
The score is the number of "yes" answers; the bands and the MARAC thresholds are data.
Professional judgement may raise a case to high risk at any count, never lower it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..text import LONG_TEXT_MAX
from .base import (
    Confidence,
    Definition,
    Instrument,
    Kind,
    Reader,
    ScoreResult,
    Term,
    band_for,
)
from .dash_data import (
    ABUSER,
    ANSWERS,
    BAND_RANK,
    CHILDREN,
    CURRENT,
    DASH_BANDS,
    ESCALATION,
    HISTORY,
    POLICE_QUESTIONS,
    RED_FLAGS,
    REPEAT_WINDOW_MONTHS,
    SAFELIVES_LABELS,
    SAFELIVES_TO_POLICE,
    VISIBLE_HIGH_RISK_YES,
    EscalationRule,
    Question,
    question_items,
)
from .inputs import add_months, error_count, merge, read_date, read_object, read_text

FIELDS = (
    "answers",
    "professional_judgement",
    "judgement_reason",
    "incidents_last_12_months",
    "last_marac_referral_date",
    "assessment_date",
)


@dataclass(frozen=True)
class Form:
    """One version of the checklist: our question number -> police question."""

    definition: Definition
    police_numbers: tuple[int, ...]  # index i holds the police number of question i + 1
    wording_warning: str

    @property
    def size(self) -> int:
        return len(self.police_numbers)


_COMMON_NOTES = (
    "Score = number of 'yes' answers; 'unknown' counts as not 'yes' (with a warning).",
    "Bands [C Plymouth, local]: 0-9 standard (the source says 1-9; 0 is treated as standard "
    "too), 10-13 medium, 14 or more high. Professional judgement may raise a case to high, "
    "never lower it.",
    "MARAC routes [C SafeLives]: visible high risk (14 or more 'yes'); professional "
    "judgement (with reasons); potential escalation (3 or more incidents in 12 months, "
    "SafeLives; local variants exist, e.g. Kent 3 in 6 months); repeat (previously referred "
    "and this incident within 12 months of the last referral).",
    "Input: answers {q1: yes|no|unknown, ...} (every question), professional_judgement, "
    "judgement_reason (required with professional judgement), incidents_last_12_months, "
    "last_marac_referral_date (or null), assessment_date (the date of the incident being "
    "assessed).",
)

POLICE_DASH = Definition(
    code="dash",
    version="2009.1",
    name="DASH 2009 risk checklist (police, ACPO): 27 questions",
    kind=Kind.CHECKLIST,
    source="[DASH-2009] ACPO/CAADA DASH 2009; [SAFELIVES-MARAC] SafeLives Marac referral criteria",
    confidence=Confidence.STANDARD,
    population="Victims of domestic abuse, stalking or 'honour'-based violence (police use)",
    predicts="Risk of serious harm to the victim; whether to refer to MARAC",
    items=question_items(tuple(range(1, 28)), {}, safelives=False),
    bands=DASH_BANDS,
    notes=(
        "Police forces in England and Wales use this 27-question form [C]; questions 1-11 "
        "[C], 12-27 reconstructed from the standard form [M]. Wording is our own paraphrase.",
        *_COMMON_NOTES,
    ),
)

SAFELIVES_DASH = Definition(
    code="dash-safelives",
    version="2009.1",
    name="SafeLives Dash risk identification checklist (RIC): 24 questions",
    kind=Kind.CHECKLIST,
    source="[SAFELIVES-DASH] SafeLives (CAADA) Dash RIC; [SAFELIVES-MARAC] Marac referral criteria",
    confidence=Confidence.STANDARD,
    population="Victims of domestic abuse, stalking or 'honour'-based violence (partner agencies)",
    predicts="Risk of serious harm to the victim; whether to refer to MARAC",
    items=question_items(SAFELIVES_TO_POLICE, SAFELIVES_LABELS, safelives=True),
    bands=DASH_BANDS,
    notes=(
        "Partner agencies use this 24-question form [C]. It is modelled as the police form "
        "without questions 10-12 (children and dependants) and with question 9 reworded "
        "[M]; each item's help names its police question. Wording is our own paraphrase.",
        *_COMMON_NOTES,
    ),
)

POLICE_FORM = Form(
    POLICE_DASH,
    tuple(range(1, 28)),
    "Questions 12-27 are reconstructed from the standard form; their wording is unconfirmed "
    "[M]. Check against the form in use.",
)
SAFELIVES_FORM = Form(
    SAFELIVES_DASH,
    SAFELIVES_TO_POLICE,
    "The 24-question SafeLives form is modelled as the police form without questions 10-12 "
    "and with question 9 reworded [M]; questions 10-24 (police 13-27) have unconfirmed "
    "wording [M]. Check against the form in use.",
)


def _read_answers(reader: Reader, form: Form) -> dict[int, str]:
    answers: dict[int, str] = {}
    sub = read_object(reader, "answers")
    if sub is None:
        return answers
    codes = [f"q{i}" for i in range(1, form.size + 1)]
    sub.unknown_fields(codes)
    for i, code in enumerate(codes, start=1):
        answer = sub.choice(code, ANSWERS)
        if answer is not None:
            answers[i] = answer
    merge(reader, sub)
    return answers


def _route(route: str, reason: str) -> dict[str, str]:
    return {"route": route, "reason": reason}


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _score(payload: Mapping[str, Any], form: Form) -> ScoreResult:
    reader = Reader(payload)
    reader.unknown_fields(FIELDS)
    answers = _read_answers(reader, form)
    judgement = reader.boolean("professional_judgement")
    before = error_count(reader)
    reason = read_text(reader, "judgement_reason", max_length=LONG_TEXT_MAX)
    if error_count(reader) == before:
        if judgement and not reason:
            reader.fail(
                "judgement_reason",
                "is required when professional_judgement is true: state the reasons for "
                "judging the case high risk",
            )
        elif judgement is False and reason:
            reader.fail(
                "judgement_reason",
                "is only given with professional_judgement true (set it, or clear the reason)",
            )
    incidents = reader.count("incidents_last_12_months")
    last_referral = read_date(reader, "last_marac_referral_date", required=False)
    assessed = read_date(reader, "assessment_date")
    if last_referral and assessed and last_referral > assessed:
        reader.fail("last_marac_referral_date", "cannot be after assessment_date")
    reader.done()
    assert incidents is not None and assessed is not None

    yes = sorted(i for i, a in answers.items() if a == "yes")
    unknown = sorted(i for i, a in answers.items() if a == "unknown")
    score = len(yes)
    count_band = band_for(DASH_BANDS, score)
    band = "high" if judgement else count_band.code

    routes: list[dict[str, str]] = []
    visible = score >= VISIBLE_HIGH_RISK_YES
    if visible:
        routes.append(
            _route(
                "visible_high_risk",
                f"{score} of {form.size} questions answered yes; {VISIBLE_HIGH_RISK_YES} or "
                "more is visible high risk.",
            )
        )
    if judgement:
        routes.append(
            _route("professional_judgement", f"Professional judgement of high risk: {reason}")
        )
    escalation = incidents >= ESCALATION.incidents
    if escalation:
        routes.append(
            _route(
                "potential_escalation",
                f"{incidents} domestic abuse incidents in the last {ESCALATION.months} months; "
                f"{ESCALATION.incidents} or more is potential escalation "
                f"({ESCALATION.source}).",
            )
        )
    repeat_until: dt.date | None = None
    repeat = False
    if last_referral is not None:
        repeat_until = add_months(last_referral, REPEAT_WINDOW_MONTHS)
        repeat = last_referral <= assessed <= repeat_until
    if repeat:
        routes.append(
            _route(
                "repeat",
                f"Previously referred to MARAC on {last_referral}; this incident "
                f"({assessed}) is within {REPEAT_WINDOW_MONTHS} months of that referral (up "
                f"to {repeat_until}), so it is a repeat and is referred again whatever the "
                "score.",
            )
        )

    terms = [
        Term(
            "yes_count",
            f"Questions answered yes ({form.size} questions)",
            score,
            "The score is the number of 'yes' answers"
            + (f": questions {', '.join(f'q{i}' for i in yes)}." if yes else "; there are none."),
        ),
        Term(
            "unknown_count",
            "Questions answered unknown",
            len(unknown),
            "'Unknown' answers count as not 'yes'.",
        ),
        Term(
            "count_band",
            f"Band from the count: {count_band.label}",
            count_band.code,
            "Local bands [C Plymouth]: 0-9 standard (the source gives 1-9; 0 is treated as "
            "standard too), 10-13 medium, 14 or more high.",
        ),
        Term(
            "professional_judgement",
            "Professional judgement",
            (
                "not used"
                if not judgement
                else ("raised to high" if count_band.code != "high" else "agrees with high")
            ),
            (
                f"The practitioner judges the case high risk (reason: {reason}). Professional "
                "judgement can raise a case to high, never lower it."
                if judgement
                else "No professional judgement recorded; the band is the count band. "
                "Professional judgement can raise a case to high, never lower it."
            ),
        ),
        Term(
            "marac_visible_high_risk",
            "MARAC route: visible high risk",
            _yes_no(visible),
            f"{VISIBLE_HIGH_RISK_YES} or more 'yes' answers is visible high risk and a MARAC "
            f"referral; this assessment has {score}.",
        ),
        Term(
            "marac_professional_judgement",
            "MARAC route: professional judgement",
            _yes_no(bool(judgement)),
            "A practitioner may refer on professional judgement, stating the reasons.",
        ),
        Term(
            "marac_potential_escalation",
            "MARAC route: potential escalation",
            _yes_no(escalation),
            f"{incidents} incident(s) in the last 12 months; {ESCALATION.incidents} or more in "
            f"{ESCALATION.months} months is potential escalation ({ESCALATION.source}; local "
            "areas may set their own, e.g. Kent 3 in 6 months). Incidents are not limited to "
            "police call-outs.",
        ),
        Term(
            "marac_repeat",
            "MARAC route: repeat",
            _yes_no(repeat),
            (
                "No previous MARAC referral recorded."
                if last_referral is None
                else (
                    f"Last referral {last_referral}; a further incident up to {repeat_until} "
                    f"({REPEAT_WINDOW_MONTHS} months) is a repeat, re-referred whatever the "
                    "score; after that a new incident is a new referral."
                    + ("" if repeat else f" This incident ({assessed}) is later: not a repeat.")
                )
            ),
        ),
    ]

    warnings = []
    if unknown:
        warnings.append(
            f"{len(unknown)} question(s) answered 'unknown' "
            f"({', '.join(f'q{i}' for i in unknown)}) were counted as not 'yes': the score "
            "may understate the risk."
        )
    warnings.append(form.wording_warning)
    flags = [
        f"q{i} {RED_FLAGS[form.police_numbers[i - 1]]}"
        for i in yes
        if form.police_numbers[i - 1] in RED_FLAGS
    ]
    if band != "high" and flags:
        warnings.append(
            "Stand-alone red flags answered yes (" + "; ".join(flags) + "): these can justify "
            "a high-risk professional judgement below 14."
        )

    return ScoreResult(
        instrument=form.definition.code,
        version=form.definition.version,
        score=score,
        band=band,
        terms=tuple(terms),
        warnings=tuple(warnings),
        extra={"marac": {"refer": bool(routes), "routes": routes}},
    )


def score_police(payload: Mapping[str, Any]) -> ScoreResult:
    return _score(payload, POLICE_FORM)


def score_safelives(payload: Mapping[str, Any]) -> ScoreResult:
    return _score(payload, SAFELIVES_FORM)


INSTRUMENTS: tuple[Instrument, ...] = (
    Instrument(POLICE_DASH, score_police),
    Instrument(SAFELIVES_DASH, score_safelives),
)


__all__ = [
    "ABUSER",
    "ANSWERS",
    "BAND_RANK",
    "CHILDREN",
    "CURRENT",
    "DASH_BANDS",
    "ESCALATION",
    "FIELDS",
    "HISTORY",
    "INSTRUMENTS",
    "POLICE_DASH",
    "POLICE_FORM",
    "POLICE_QUESTIONS",
    "RED_FLAGS",
    "REPEAT_WINDOW_MONTHS",
    "SAFELIVES_DASH",
    "SAFELIVES_FORM",
    "SAFELIVES_LABELS",
    "SAFELIVES_TO_POLICE",
    "VISIBLE_HIGH_RISK_YES",
    "EscalationRule",
    "Form",
    "Question",
    "question_items",
    "score_police",
    "score_safelives",
]
