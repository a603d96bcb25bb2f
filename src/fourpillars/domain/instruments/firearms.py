"""Firearms suitability record: the s.21 Firearms Act 1968 prohibition and the checks the
Home Office statutory guidance expects ([FA-1968] s.21; [HO-FIREARMS-2021]).

The automatic prohibition is computed from the sentences; everything else is a checklist
that a person weighs. The grant, renewal or revocation decision is always a person's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .base import Instrument, Reader, ScoreResult, Term
from .firearms_data import (
    BANDS,
    DOMESTIC_ABUSE_CHECKS,
    FIREARMS,
    LIFETIME_MONTHS,
    MAX_LENGTH_MONTHS,
    MAX_SENTENCES,
    MEDICAL_CHECKS,
    MEDICAL_CONDITIONS,
    OTHER_CHECKS,
    PROHIBITION_YEARS,
    SENTENCE_FIELDS,
    SENTENCE_KINDS,
    SHORT_MONTHS,
    SUSPENDED_START_DAYS,
    Check,
    ProhibitionKind,
    SentenceKind,
)
from .inputs import add_years, merge, read_date, read_object


@dataclass(frozen=True)
class Sentence:
    kind: str
    length_months: int
    sentence_date: dt.date
    release_date: dt.date | None


@dataclass(frozen=True)
class Prohibition:
    sentence: int
    kind: str  # a ProhibitionKind
    starts: dt.date
    ends: dt.date | None  # last day it applies; None for life

    def in_force(self, on: dt.date) -> bool:
        return self.starts <= on and (self.ends is None or on <= self.ends)

    def as_dict(self, on: dt.date) -> dict[str, Any]:
        return {
            "sentence": self.sentence,
            "kind": self.kind,
            "starts": self.starts.isoformat(),
            "ends": self.ends.isoformat() if self.ends else None,
            "in_force": self.in_force(on),
        }


def prohibition_for(index: int, sentence: Sentence) -> Prohibition | None:
    """The s.21 prohibition a sentence brings, if any."""
    if sentence.length_months < SHORT_MONTHS:
        return None
    if sentence.kind == SentenceKind.SUSPENDED:
        starts = sentence.sentence_date + dt.timedelta(days=SUSPENDED_START_DAYS)
        # five years *beginning with* the start day: its last day is the day before the
        # fifth anniversary of the start
        ends = add_years(starts, PROHIBITION_YEARS) - dt.timedelta(days=1)
        return Prohibition(index, ProhibitionKind.FIVE_YEARS, starts, ends)
    if sentence.length_months >= LIFETIME_MONTHS:
        return Prohibition(index, ProhibitionKind.LIFETIME, sentence.sentence_date, None)
    assert sentence.release_date is not None  # checked when read
    # five years *from* the release date: the period runs to its fifth anniversary
    return Prohibition(
        index,
        ProhibitionKind.FIVE_YEARS,
        sentence.sentence_date,
        add_years(sentence.release_date, PROHIBITION_YEARS),
    )


def _read_sentence(sub: Reader, assessed: dt.date | None) -> Sentence | None:
    sub.unknown_fields(SENTENCE_FIELDS)
    kind = sub.choice("kind", SENTENCE_KINDS)
    length = sub.count("length_months", minimum=0, maximum=MAX_LENGTH_MONTHS)
    sentenced = read_date(sub, "sentence_date")
    released = read_date(sub, "release_date", required=False)
    if sentenced and assessed and sentenced > assessed:
        sub.fail("sentence_date", "cannot be after assessment_date")
    if kind == SentenceKind.SUSPENDED and sub.data.get("release_date") is not None:
        sub.fail("release_date", "a suspended sentence has no release date: leave it empty")
        released = None
    if released and sentenced and released < sentenced:
        sub.fail("release_date", "cannot be before sentence_date")
    if (
        kind == SentenceKind.CUSTODY
        and length is not None
        and SHORT_MONTHS <= length < LIFETIME_MONTHS
        and sub.data.get("release_date") is None
    ):
        sub.fail(
            "release_date",
            "is required for custody of 3 months to under 3 years: the 5-year prohibition "
            "runs from release (give the expected date if not yet released)",
        )
    if kind is None or length is None or sentenced is None:
        return None
    return Sentence(kind, length, sentenced, released)


def _read_sentences(reader: Reader, assessed: dt.date | None) -> list[Sentence]:
    raw = reader.data.get("sentences")
    if raw is None:
        reader.fail("sentences", "is required (an empty list if there are none)")
        return []
    if not isinstance(raw, list):
        reader.fail("sentences", "must be a list")
        return []
    if len(raw) > MAX_SENTENCES:
        reader.fail("sentences", f"must hold at most {MAX_SENTENCES} sentences")
        return []
    sentences = []
    for index, one in enumerate(raw):
        name = f"sentences.{index}"
        if not isinstance(one, Mapping):
            reader.errors.add(name, "must be a JSON object")
            continue
        sub = Reader(one, prefix=name)
        sentence = _read_sentence(sub, assessed)
        merge(reader, sub)
        if sentence is not None:
            sentences.append(sentence)
    return sentences


def _read_checks(
    reader: Reader, name: str, checks: tuple[Check, ...], extra: tuple[str, ...] = ()
) -> tuple[Reader | None, dict[str, bool]]:
    out: dict[str, bool] = {}
    sub = read_object(reader, name)
    if sub is None:
        return None, out
    sub.unknown_fields((*(c.code for c in checks), *extra))
    for check in checks:
        value = sub.boolean(check.code)
        if value is not None:
            out[check.code] = value
    return sub, out


def _read_conditions(sub: Reader | None) -> list[str]:
    if sub is None:
        return []
    raw = sub.data.get("conditions")
    if raw is None:
        sub.fail("conditions", "is required (an empty list if none)")
        return []
    if not isinstance(raw, list):
        sub.fail("conditions", "must be a list of condition codes")
        return []
    if len(raw) > len(MEDICAL_CONDITIONS):
        sub.fail("conditions", f"must hold at most {len(MEDICAL_CONDITIONS)} conditions")
        return []
    conditions: list[str] = []
    for index, code in enumerate(raw):
        if not isinstance(code, str) or code not in MEDICAL_CONDITIONS:
            shown = code[:40] if isinstance(code, str) else type(code).__name__
            sub.fail(
                f"conditions.{index}",
                f"{shown!r} is not one of: {', '.join(MEDICAL_CONDITIONS)}",
            )
        elif code in conditions:
            sub.fail(f"conditions.{index}", f"{code!r} is listed twice")
        else:
            conditions.append(code)
    return conditions


def _label(checks: tuple[Check, ...], code: str) -> str:
    return next(c.label for c in checks if c.code == code)


def score_firearms(payload: Mapping[str, Any]) -> ScoreResult:
    reader = Reader(payload)
    reader.unknown_fields(
        ("sentences", "assessment_date", "domestic_abuse", "medical", "other_factors")
    )
    assessed = read_date(reader, "assessment_date")
    sentences = _read_sentences(reader, assessed)
    da_reader, domestic = _read_checks(reader, "domestic_abuse", DOMESTIC_ABUSE_CHECKS)
    merge(reader, da_reader)
    medical_reader, medical = _read_checks(reader, "medical", MEDICAL_CHECKS, ("conditions",))
    conditions = _read_conditions(medical_reader)
    merge(reader, medical_reader)
    other_reader, other = _read_checks(reader, "other_factors", OTHER_CHECKS)
    merge(reader, other_reader)
    reader.done()
    assert assessed is not None

    prohibitions = [p for i, s in enumerate(sentences) if (p := prohibition_for(i, s)) is not None]
    in_force = [p for p in prohibitions if p.in_force(assessed)]
    abuse = domestic["incidents_or_pattern"]
    if in_force:
        band = "prohibited"
    elif abuse:
        band = "review_required"
    else:
        band = "no_automatic_bar"

    terms: list[Term] = []
    for index, sentence in enumerate(sentences):
        found = next((p for p in prohibitions if p.sentence == index), None)
        what = (
            f"{sentence.kind}, {sentence.length_months} months, sentenced {sentence.sentence_date}"
        )
        if found is None:
            why = f"Under {SHORT_MONTHS} months: no automatic prohibition under s.21."
            value = "none"
        elif found.kind == ProhibitionKind.LIFETIME:
            why = (
                f"Custody of {LIFETIME_MONTHS} months (3 years) or more: prohibited for life "
                "(s.21(1))."
            )
            value = ProhibitionKind.LIFETIME
        elif sentence.kind == SentenceKind.SUSPENDED:
            why = (
                f"Suspended sentence of {SHORT_MONTHS} months or more: prohibited for 5 years "
                f"beginning on the second day after sentence, {found.starts} to {found.ends} "
                "(s.21(2A))."
            )
            value = ProhibitionKind.FIVE_YEARS
        else:
            why = (
                f"Custody of {SHORT_MONTHS} months to under 3 years: prohibited until 5 years "
                f"after release on {sentence.release_date}, that is to {found.ends}, including "
                "the time in custody (s.21(2))."
            )
            value = ProhibitionKind.FIVE_YEARS
        if found is not None:
            why += (
                f" In force on {assessed}."
                if found.in_force(assessed)
                else f" Not in force on {assessed}."
            )
        terms.append(Term(f"sentence_{index}", f"sentences.{index}: {what}", value, why))

    terms.append(
        Term(
            "prohibition_in_force",
            "Automatic prohibition in force on the assessment date",
            "yes" if in_force else "no",
            "Possession of any firearm or ammunition, air weapons and club use included, is "
            "barred while a s.21 prohibition is in force."
            if in_force
            else "No s.21 prohibition is in force: the statutory test (no danger to public "
            "safety or to the peace) still has to be met.",
        )
    )
    terms.append(
        Term(
            "domestic_abuse",
            "Evidence or history of domestic abuse",
            "yes" if abuse else "no",
            "Domestic abuse is a most serious factor: it will usually lead to refusal unless "
            "the circumstances are exceptional, judged on the strength of the evidence even "
            "without a conviction, and any incident triggers a review of a certificate."
            if abuse
            else "No domestic abuse evidence recorded.",
        )
    )
    terms.append(
        Term(
            "medical_conditions",
            "Relevant medical conditions reported",
            ", ".join(MEDICAL_CONDITIONS[c] for c in conditions) or "none",
            "Recorded for the decision maker; they do not set the band [M].",
        )
    )
    concerns = [c.code for c in OTHER_CHECKS if other.get(c.code)]
    terms.append(
        Term(
            "other_factors",
            "Other factors of concern",
            ", ".join(_label(OTHER_CHECKS, c) for c in concerns) or "none",
            "Recorded for the decision maker; they do not set the band.",
        )
    )
    terms.append(
        Term(
            "decision",
            "Who decides",
            "a person",
            "Grant, renewal or revocation is decided by a person on behalf of the chief "
            "officer, having regard to the statutory guidance; this record does not decide.",
        )
    )

    warnings = [
        "This record computes the s.21 prohibition and lists the checks; the licensing "
        "decision is a person's, not this calculation's."
    ]
    if band == "no_automatic_bar":
        warnings.append("No automatic bar is not a finding that the person is suitable.")
    missing_da = [
        _label(DOMESTIC_ABUSE_CHECKS, c.code)
        for c in DOMESTIC_ABUSE_CHECKS[1:]
        if not domestic.get(c.code)
    ]
    if missing_da:
        warnings.append("Domestic abuse enquiries not done: " + "; ".join(missing_da) + ".")
    missing_medical = [c.label for c in MEDICAL_CHECKS if not medical.get(c.code)]
    if missing_medical:
        warnings.append(
            "The GP process is mandatory since 2021 and is incomplete: "
            + "; ".join(missing_medical)
            + " [M]."
        )
    if conditions:
        warnings.append(
            f"{len(conditions)} relevant medical condition(s) reported: the decision needs "
            "the medical evidence [M]."
        )
    if concerns:
        warnings.append(f"{len(concerns)} other factor(s) of concern recorded.")

    return ScoreResult(
        instrument=FIREARMS.code,
        version=FIREARMS.version,
        score=None,
        band=band,
        terms=tuple(terms),
        warnings=tuple(warnings),
        extra={"prohibitions": [p.as_dict(assessed) for p in prohibitions]},
    )


INSTRUMENTS: tuple[Instrument, ...] = (Instrument(FIREARMS, score_firearms),)


__all__ = [
    "BANDS",
    "DOMESTIC_ABUSE_CHECKS",
    "FIREARMS",
    "INSTRUMENTS",
    "LIFETIME_MONTHS",
    "MAX_LENGTH_MONTHS",
    "MAX_SENTENCES",
    "MEDICAL_CHECKS",
    "MEDICAL_CONDITIONS",
    "OTHER_CHECKS",
    "PROHIBITION_YEARS",
    "SENTENCE_FIELDS",
    "SENTENCE_KINDS",
    "SHORT_MONTHS",
    "SUSPENDED_START_DAYS",
    "Check",
    "Prohibition",
    "Sentence",
    "prohibition_for",
    "score_firearms",
]
