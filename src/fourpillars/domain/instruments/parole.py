"""Parole review record, following the Parole Board Decision-Making Framework (October 2019):
the Past (offending behaviour), the Present (evidence of change), the Future (manageability
of risk), then the Outcome and a Reflection ([PB-DMF-2019] 3.4-3.6).

Each section is a set of prompts in our own words, every one answered in text. The record
ends in a recommendation with reasons; it is not a score and it does not decide: the
decision is the Parole Board's.
"""

from __future__ import annotations

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
)
from .inputs import merge, read_date, read_object, read_text

ANSWER_MAX = LONG_TEXT_MAX


@dataclass(frozen=True)
class Prompt:
    code: str
    text: str  # our own words


@dataclass(frozen=True)
class Section:
    code: str
    label: str
    prompts: tuple[Prompt, ...]


SECTIONS: tuple[Section, ...] = (
    Section(
        "past",
        "The Past: analysis of offending behaviour (DMF 3.4.1)",
        (
            Prompt(
                "offending_pattern",
                "What offences has the person committed, and what pattern do they show over "
                "time (onset, frequency, seriousness, victims)?",
            ),
            Prompt(
                "contributing_factors",
                "What led to the offending: thinking, feelings, relationships, substances, "
                "circumstances? Which of these are risk factors now?",
            ),
            Prompt(
                "harm",
                "Who was harmed and how seriously, and who could be harmed if the person "
                "offended again?",
            ),
            Prompt(
                "response_to_supervision",
                "How did the person respond to earlier sentences, licences, orders and "
                "supervision?",
            ),
        ),
    ),
    Section(
        "present",
        "The Present: analysis of the evidence of change (DMF 3.4.2)",
        (
            Prompt(
                "interventions",
                "Which programmes, treatment or other work has the person completed, and "
                "what did they show?",
            ),
            Prompt(
                "conduct",
                "How has the person behaved in custody or on licence: adjudications, security "
                "information, positions of trust, time in open conditions?",
            ),
            Prompt(
                "change_in_risk_factors",
                "Which of the risk factors from the Past have reduced, which remain, and what "
                "is the evidence either way?",
            ),
            Prompt(
                "professional_views",
                "What do the report writers and professional witnesses recommend, and on "
                "what grounds?",
            ),
        ),
    ),
    Section(
        "future",
        "The Future: analysis of the manageability of risk (DMF 3.4.3)",
        (
            Prompt(
                "risk_management_plan",
                "Is the risk management plan robust: accommodation, licence conditions, "
                "supervision, monitoring, interventions in the community?",
            ),
            Prompt(
                "protective_factors",
                "What protective factors and support will be in place?",
            ),
            Prompt(
                "warning_signs",
                "What would show that risk is rising, and how would the plan respond in time?",
            ),
            Prompt(
                "compliance",
                "How likely is the person to keep to licence conditions and to work openly "
                "with those supervising them?",
            ),
        ),
    ),
    Section(
        "outcome",
        "Outcome (DMF 3.5)",
        (
            Prompt(
                "reasons",
                "Why this recommendation: how the analysis of the Past, Present and Future "
                "leads to it?",
            ),
            Prompt(
                "test_applied",
                "How does the evidence meet, or fail, the statutory test for this sentence?",
            ),
        ),
    ),
    Section(
        "reflection",
        "Reflection (DMF 3.6)",
        (
            Prompt(
                "other_view",
                "What evidence points the other way, and how has it been weighed?",
            ),
            Prompt(
                "gaps",
                "What information is missing or uncertain, and how does that affect the "
                "conclusion?",
            ),
            Prompt(
                "assumptions",
                "Which assumptions, or possible bias, could have shaped this analysis?",
            ),
        ),
    ),
)

RECOMMENDATIONS = ("release", "open_conditions", "no_release")
RECOMMENDATION_LABELS = {
    "release": "Release",
    "open_conditions": "Move to open conditions",
    "no_release": "No release",
}

# The public-protection test [C for indeterminate; M for extended and recalls].
STATUTORY_TESTS: Mapping[str, tuple[str, str]] = {
    "indeterminate": (
        "The Board may direct release only if satisfied that it is no longer necessary for "
        "the protection of the public that the prisoner should be confined. The evidence "
        "that risk has reduced must satisfy the Board.",
        "C",
    ),
    "extended": (
        "The Board may direct release only if satisfied that it is no longer necessary for "
        "the protection of the public that the prisoner should be confined (the same "
        "public-protection test as for indeterminate sentences).",
        "M",
    ),
    "determinate_recall": (
        "The Board may direct re-release only if satisfied that it is no longer necessary "
        "for the protection of the public that the person should remain in prison (the same "
        "public-protection test).",
        "M",
    ),
}
SENTENCE_TYPES = tuple(STATUTORY_TESTS)
SENTENCE_LABELS: Mapping[str, str] = {
    "indeterminate": "For an indeterminate sentence",
    "extended": "For an extended sentence",
    "determinate_recall": "For a recall on a determinate sentence",
}

BANDS = (
    Band("no_release", "No release", 0, 0),
    Band("open_conditions", "Move to open conditions", 1, 1),
    Band("release", "Release", 2, 2),
)


def _items() -> tuple[Item, ...]:
    items = [
        Item(
            "sentence_type",
            "Sentence type (sets the statutory test)",
            SENTENCE_TYPES,
            " ".join(f"{SENTENCE_LABELS[k]}: {v[0]}" for k, v in STATUTORY_TESTS.items()),
            "Sentence",
        )
    ]
    for section in SECTIONS:
        if section.code == "outcome":
            items.append(
                Item(
                    "outcome.recommendation",
                    "Recommendation",
                    RECOMMENDATIONS,
                    "",
                    section.label,
                )
            )
        items += [
            Item(f"{section.code}.{p.code}", p.text, (), "Required text.", section.label)
            for p in section.prompts
        ]
    return tuple(items)


PAROLE = Definition(
    code="parole-review",
    version="2019.1",
    name="Parole review: Parole Board Decision-Making Framework (October 2019)",
    kind=Kind.STRUCTURED,
    source="[PB-DMF-2019] The Parole Board Decision-Making Framework, October 2019; "
    "[HANSARD-2008] Hansard 25 Feb 2008 (release test)",
    confidence=Confidence.CONFIRMED,
    population="People serving indeterminate or extended sentences, or recalled on a "
    "determinate sentence, whose case is before the Parole Board",
    predicts="Nothing: a structured analysis ending in a recommendation with reasons",
    items=_items(),
    bands=BANDS,
    notes=(
        "Sections [C]: the Past (offending behaviour), the Present (evidence of change), "
        "the Future (manageability of risk), Outcome, Reflection. The prompts are our own "
        "words and every one must be answered.",
        "Statutory test: indeterminate [C]; extended and determinate recall use the same "
        "public-protection test [M].",
        "The score is None; the band is the recommendation. The decision is the Parole "
        "Board's; a recommendation is not a decision.",
        "Input: sentence_type, assessment_date, past {...}, present {...}, future {...}, "
        "outcome {recommendation, reasons, test_applied}, reflection {...}.",
    ),
)

TOP_FIELDS = ("sentence_type", "assessment_date", *(s.code for s in SECTIONS))


def score_parole(payload: Mapping[str, Any]) -> ScoreResult:
    reader = Reader(payload)
    reader.unknown_fields(TOP_FIELDS)
    sentence_type = reader.choice("sentence_type", SENTENCE_TYPES)
    read_date(reader, "assessment_date")
    answers: dict[str, dict[str, str]] = {}
    recommendation: str | None = None
    for section in SECTIONS:
        sub = read_object(reader, section.code)
        if sub is None:
            continue
        allowed = [p.code for p in section.prompts]
        if section.code == "outcome":
            allowed.append("recommendation")
            recommendation = sub.choice("recommendation", RECOMMENDATIONS)
        sub.unknown_fields(allowed)
        answers[section.code] = {
            p.code: read_text(sub, p.code, required=True, max_length=ANSWER_MAX)
            for p in section.prompts
        }
        merge(reader, sub)
    reader.done()
    assert sentence_type is not None and recommendation is not None

    test, confidence = STATUTORY_TESTS[sentence_type]
    terms = [
        Term(
            "statutory_test",
            f"Statutory test ({sentence_type.replace('_', ' ')} sentence) [{confidence}]",
            sentence_type,
            test,
        )
    ]
    for section in SECTIONS:
        for prompt in section.prompts:
            terms.append(
                Term(
                    f"{section.code}.{prompt.code}",
                    f"{section.label}: {prompt.text}",
                    None,
                    answers[section.code][prompt.code],
                )
            )
    terms.append(
        Term(
            "recommendation",
            f"Recommendation: {RECOMMENDATION_LABELS[recommendation]}",
            recommendation,
            answers["outcome"]["reasons"],
        )
    )

    warnings = [
        "A structured record for the Parole Board: the recommendation is not a decision; the "
        "decision is the Board's."
    ]
    if confidence != "C":
        warnings.append(
            f"The statutory test for {sentence_type.replace('_', ' ')} sentences is taken to "
            "be the same public-protection test [M]: check it against the current law."
        )
    if recommendation == "open_conditions" and sentence_type == "determinate_recall":
        warnings.append(
            "A move to open conditions is normally advised on for indeterminate (and some "
            "extended) sentences; check that the referral asks for it [M]."
        )
    return ScoreResult(
        instrument=PAROLE.code,
        version=PAROLE.version,
        score=None,
        band=recommendation,
        terms=tuple(terms),
        warnings=tuple(warnings),
    )


INSTRUMENTS: tuple[Instrument, ...] = (Instrument(PAROLE, score_parole),)
