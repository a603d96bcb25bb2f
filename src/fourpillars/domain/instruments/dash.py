"""DASH risk checklists (domestic abuse, stalking and "honour"-based violence) and the MARAC
referral routes (REFERENCE 4.6, 7.4).

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
    Band,
    Confidence,
    Definition,
    Instrument,
    Item,
    Kind,
    Reader,
    ScoreResult,
    Term,
    band_for,
)
from .spj import add_months, error_count, merge, read_date, read_object, read_text

ANSWERS = ("yes", "no", "unknown")


@dataclass(frozen=True)
class Question:
    number: int  # police (ACPO 2009) number
    label: str  # our own words
    section: str
    confirmed: bool  # wording seen in the source [C]; otherwise reconstructed [M]


CURRENT = "Current situation"
CHILDREN = "Children and dependants"
HISTORY = "Domestic abuse history"
ABUSER = "The abuser"

POLICE_QUESTIONS: tuple[Question, ...] = (
    Question(1, "Did the current incident cause an injury?", CURRENT, True),
    Question(2, "Is the victim very frightened?", CURRENT, True),
    Question(
        3,
        "Is the victim afraid of something further: more injury or violence, being killed, "
        "harm to themselves, the children or someone else?",
        CURRENT,
        True,
    ),
    Question(
        4,
        "Does the victim feel cut off from family or friends (does the abuser stop them "
        "seeing friends, family or the GP)?",
        CURRENT,
        True,
    ),
    Question(5, "Is the victim feeling depressed or having thoughts of suicide?", CURRENT, True),
    Question(6, "Has the victim separated, or tried to, within the past year?", CURRENT, True),
    Question(7, "Is there conflict over contact with the children?", CURRENT, True),
    Question(
        8,
        "Does the abuser keep texting, calling, contacting, following, stalking or harassing "
        "the victim?",
        CURRENT,
        True,
    ),
    Question(
        9, "Is the victim pregnant, or have they had a baby in the last 18 months?", CHILDREN, True
    ),
    Question(
        10,
        "Are there children or step-children in the household who are not the abuser's, or "
        "other dependants?",
        CHILDREN,
        True,
    ),
    Question(11, "Has the abuser ever hurt the children or dependants?", CHILDREN, True),
    Question(
        12,
        "Has the abuser ever threatened to hurt or kill the children or dependants?",
        CHILDREN,
        False,
    ),
    Question(13, "Is the abuse happening more often?", HISTORY, False),
    Question(14, "Is the abuse getting worse?", HISTORY, False),
    Question(
        15,
        "Does the abuser try to control everything, or is the abuser very jealous?",
        HISTORY,
        False,
    ),
    Question(16, "Has the abuser ever used weapons or objects to hurt the victim?", HISTORY, False),
    Question(
        17,
        "Has the abuser ever threatened to kill the victim or someone else, and the victim "
        "believed it?",
        HISTORY,
        False,
    ),
    Question(
        18,
        "Has the abuser ever tried to strangle, choke, suffocate or drown the victim?",
        HISTORY,
        False,
    ),
    Question(
        19,
        "Does the abuser do or say sexual things that make the victim feel bad, or that "
        "physically hurt the victim or someone else?",
        HISTORY,
        False,
    ),
    Question(
        20,
        "Is there anyone else who has threatened the victim or whom the victim fears?",
        HISTORY,
        False,
    ),
    Question(
        21,
        "Does the victim know whether the abuser has hurt anyone else (children, siblings, "
        "other family, a previous partner, others)?",
        HISTORY,
        False,
    ),
    Question(22, "Has the abuser ever mistreated an animal or the family pet?", HISTORY, False),
    Question(
        23,
        "Are there money problems (the victim depends on the abuser, or the abuser recently "
        "lost a job)?",
        ABUSER,
        False,
    ),
    Question(
        24,
        "Has the abuser had problems in the past year with drugs, drink or mental health that "
        "got in the way of everyday life?",
        ABUSER,
        False,
    ),
    Question(25, "Has the abuser ever threatened or tried suicide?", ABUSER, False),
    Question(
        26,
        "Has the abuser ever broken bail, an injunction or a formal agreement about contact?",
        ABUSER,
        False,
    ),
    Question(
        27,
        "Has the abuser ever been in trouble with the police, or do they have a criminal "
        "record (domestic abuse, sexual violence, other violence, other)?",
        ABUSER,
        False,
    ),
)

# [M] SafeLives question -> police question: the 27 without 10-12, 9 reworded.
SAFELIVES_TO_POLICE: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7, 8, 9, *range(13, 28))
SAFELIVES_LABELS = {
    9: "Is the victim pregnant, or have they recently had a baby (in the last 18 months)?",
}

# Stand-alone red flags that can justify a high-risk professional judgement below 14
# [C, Plymouth, Kent], by police question number.
RED_FLAGS: Mapping[int, str] = {
    2: "extreme fear",
    6: "separation",
    8: "stalking",
    13: "escalation",
    14: "escalation",
    15: "coercive control",
    16: "weapons",
    17: "threats to kill",
    18: "non-fatal strangulation",
    19: "sexual violence",
}

# Cut-offs as data. Local bands [C Plymouth]: 1-9 standard, 10-13 medium, 14+ high; the
# source starts standard at 1, we treat 0 "yes" as standard too.
DASH_BANDS = (
    Band("standard", "Standard", 0, 9),
    Band("medium", "Medium", 10, 13),
    Band("high", "High", 14, None),
)
BAND_RANK = {b.code: rank for rank, b in enumerate(DASH_BANDS)}
VISIBLE_HIGH_RISK_YES = 14  # SafeLives Marac referral criteria [C]


@dataclass(frozen=True)
class EscalationRule:
    """Potential escalation: ``incidents`` or more in ``months`` months."""

    incidents: int
    months: int
    source: str


# SafeLives recommends 3 in 12 months [C]; local variants exist (Kent: 3 in 6 months).
ESCALATION = EscalationRule(3, 12, "SafeLives recommendation")
REPEAT_WINDOW_MONTHS = 12  # any further incident within 12 months of the last referral [C]

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


def _police(number: int) -> Question:
    return POLICE_QUESTIONS[number - 1]


def _items(
    police_numbers: tuple[int, ...], labels: Mapping[int, str], safelives: bool
) -> tuple[Item, ...]:
    items = []
    for i, police in enumerate(police_numbers, start=1):
        question = _police(police)
        notes = []
        if safelives:
            notes.append(f"Police DASH question {police} [M mapping].")
        if not question.confirmed:
            notes.append("Wording reconstructed from the standard form, unconfirmed [M].")
        if i in labels:
            notes.append("Reworded for the SafeLives form [M].")
        if police in RED_FLAGS:
            notes.append(f"Red flag: {RED_FLAGS[police]}.")
        items.append(
            Item(
                code=f"q{i}",
                label=labels.get(i, question.label),
                answers=ANSWERS,
                help=" ".join(notes),
                section=question.section,
            )
        )
    return tuple(items)


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
    source="ACPO/CAADA DASH 2009; SafeLives Marac referral criteria (REFERENCE 4.6, 7.4)",
    confidence=Confidence.STANDARD,
    population="Victims of domestic abuse, stalking or 'honour'-based violence (police use)",
    predicts="Risk of serious harm to the victim; whether to refer to MARAC",
    items=_items(tuple(range(1, 28)), {}, safelives=False),
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
    source="SafeLives (CAADA) Dash RIC; SafeLives Marac referral criteria (REFERENCE 4.6, 7.4)",
    confidence=Confidence.STANDARD,
    population="Victims of domestic abuse, stalking or 'honour'-based violence (partner agencies)",
    predicts="Risk of serious harm to the victim; whether to refer to MARAC",
    items=_items(SAFELIVES_TO_POLICE, SAFELIVES_LABELS, safelives=True),
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
