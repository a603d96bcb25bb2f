"""Instrument inputs derived from facts the register already holds.

Nobody should re-key a date of birth or count convictions by hand when the register has
them. This module turns a person's register facts into a starting set of inputs for each
instrument, and says for every field where the value came from, so the form can show it and
the practitioner can correct it (the register may not hold cautions, for example).

Counting rules (ours, documented in decision 0011): a sanction is a conviction occasion, so
convictions on the same date count once; sexual offences are ECRIS category 10; contact
sexual offences against adults are 1001-1003, against children 1008, 1010 and 1011;
indecent-image offences are 1009; other 10xx codes are non-contact.

For RSR (ours): violent sanctions are the dates of ECRIS 08xx convictions (as RM2000/V); the
current offence is the latest conviction date, and its RSR category is filled only where
every conviction of that date maps to one category (08xx violence against the person, with
the sub-category "ABH or more" for 0801, 0802 and 0809; 1008-1011 sexual against a child;
1001-1006 sexual, victim not a child); otherwise the practitioner chooses it.
:func:`prefill_notes` says, in plain words, what was left for the practitioner and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

ADULT_CONTACT = ("1001", "1002", "1003")
CHILD_CONTACT = ("1008", "1010", "1011")
IMAGES = ("1009",)
VIOLENCE_PREFIXES = ("08",)  # crimes against the person
RSR_CHILD_SEXUAL = ("1008", "1009", "1010", "1011")
RSR_OTHER_SEXUAL = ("1001", "1002", "1003", "1004", "1005", "1006")
RSR_ABH_OR_MORE = ("0801", "0802", "0809")  # killing, grievous bodily harm


@dataclass(frozen=True)
class ConvictionFact:
    date: dt.date
    ecris_code: str = ""

    @property
    def code4(self) -> str:
        return "".join(ch for ch in self.ecris_code if ch.isdigit())[:4]

    @property
    def sexual(self) -> bool:
        return self.code4.startswith("10")


@dataclass(frozen=True)
class RegisterFacts:
    date_of_birth: dt.date | None
    sex: str  # "male", "female", or another value the register holds
    convictions: Sequence[ConvictionFact]


Prefill = tuple[dict[str, Any], dict[str, str]]  # inputs, field -> where it came from


def _occasions(convictions: Sequence[ConvictionFact]) -> list[dt.date]:
    return sorted({c.date for c in convictions})


def prefill(code: str, facts: RegisterFacts, today: dt.date) -> Prefill:
    """Starting inputs for ``code``; fields the register cannot answer are left out."""
    inputs: dict[str, Any] = {}
    source: dict[str, str] = {}
    dob = facts.date_of_birth
    occasions = _occasions(facts.convictions)
    sexual = [c for c in facts.convictions if c.sexual]
    sexual_occasions = _occasions(sexual)

    def put(field: str, value: Any, why: str) -> None:
        inputs[field] = value
        source[field] = why

    if code in ("ogrs3", "osp-dc", "rsr", "rm2000-s", "rm2000-v", "dash", "dash-safelives"):
        put("assessment_date", today.isoformat(), "today")
    if dob is not None and code in ("ogrs3", "osp-dc", "rsr", "rm2000-s", "rm2000-v"):
        put("date_of_birth", dob.isoformat(), "person's date of birth")
    if code == "ogrs3":
        if facts.sex in ("male", "female"):
            put("sex", facts.sex, "person's recorded sex")
        if occasions:
            put("date_of_first_sanction", occasions[0].isoformat(), "earliest conviction")
            put("date_of_current_conviction", occasions[-1].isoformat(), "latest conviction")
            put(
                "previous_sanctions",
                len(occasions) - 1,
                f"{len(occasions)} conviction dates in the register, less the current one "
                "(cautions are not held: add them)",
            )
    elif code == "osp-dc":
        if facts.sex in ("male", "female"):
            put("sex", facts.sex, "person's recorded sex")
        if occasions:
            put("total_sanctions", len(occasions), "conviction dates in the register")
        if facts.convictions:
            put(
                "contact_adult_sanctions",
                len(_occasions([c for c in sexual if c.code4 in ADULT_CONTACT])),
                "convictions with ECRIS 1001-1003",
            )
            put(
                "contact_child_sanctions",
                len(_occasions([c for c in sexual if c.code4 in CHILD_CONTACT])),
                "convictions with ECRIS 1008, 1010, 1011",
            )
            put(
                "non_contact_sanctions",
                len(
                    _occasions(
                        [c for c in sexual if c.code4 not in ADULT_CONTACT + CHILD_CONTACT + IMAGES]
                    )
                ),
                "other sexual convictions (ECRIS 10xx), excluding indecent images",
            )
        if sexual_occasions:
            put(
                "date_of_last_sexual_sanction",
                sexual_occasions[-1].isoformat(),
                "latest sexual conviction",
            )
    elif code == "osp-iic":
        if facts.sex in ("male", "female"):
            put("sex", facts.sex, "person's recorded sex")
        if facts.convictions:
            put(
                "iioc_sanctions",
                len(_occasions([c for c in sexual if c.code4 in IMAGES])),
                "convictions with ECRIS 1009",
            )
            put(
                "contact_child_sanctions",
                len(_occasions([c for c in sexual if c.code4 in CHILD_CONTACT])),
                "convictions with ECRIS 1008, 1010, 1011",
            )
            put("any_sexual_sanctions", bool(sexual), "any ECRIS 10xx conviction")
    elif code == "rm2000-s":
        if occasions:
            put("criminal_appearances", len(occasions), "conviction dates in the register")
        if sexual_occasions:
            put("sexual_appearances", len(sexual_occasions), "dates of sexual convictions")
        if sexual:
            put(
                "non_contact_offence",
                any(c.code4 not in ADULT_CONTACT + CHILD_CONTACT for c in sexual),
                "a sexual conviction outside the contact codes",
            )
    elif code == "rm2000-v":
        if facts.convictions:
            violent = [c for c in facts.convictions if c.code4.startswith(VIOLENCE_PREFIXES)]
            put("violent_appearances", len(_occasions(violent)), "ECRIS 08xx conviction dates")
    elif code == "rsr":
        _prefill_rsr(facts, occasions, sexual, put)
    elif code == "static-99r":
        if occasions:
            put(
                "prior_sentencing_dates",
                max(len(occasions) - 1, 0),
                "conviction dates in the register, less the index",
            )
        if sexual:
            put(
                "non_contact_sex_offence",
                any(c.code4 not in ADULT_CONTACT + CHILD_CONTACT for c in sexual),
                "a sexual conviction outside the contact codes",
            )
    return inputs, source


def rsr_category(convictions: Sequence[ConvictionFact]) -> tuple[int | None, str | None]:
    """The RSR category (and violence sub-category) of the convictions of one date, where
    they all map to one; (None, None) otherwise."""
    found: set[tuple[int, str | None]] = set()
    for c in convictions:
        code = c.code4
        if code.startswith(VIOLENCE_PREFIXES):
            found.add((18, "abh_or_more" if code in RSR_ABH_OR_MORE else None))
        elif code in RSR_CHILD_SEXUAL:
            found.add((14, None))
        elif code in RSR_OTHER_SEXUAL:
            found.add((15, None))
        else:
            return None, None
    if len({category for category, _ in found}) != 1:
        return None, None
    category = next(iter(found))[0]
    subs = {sub for _, sub in found}
    return category, (subs.pop() if len(subs) == 1 else None)


def _prefill_rsr(
    facts: RegisterFacts,
    occasions: list[dt.date],
    sexual: list[ConvictionFact],
    put: Any,
) -> None:
    if facts.sex in ("male", "female"):
        put("sex", facts.sex, "person's recorded sex")
    if not occasions:
        return
    put("date_of_first_sanction", occasions[0].isoformat(), "earliest conviction")
    put("date_of_current_conviction", occasions[-1].isoformat(), "latest conviction")
    put(
        "total_sanctions",
        len(occasions),
        f"{len(occasions)} conviction dates in the register (cautions are not held: add them)",
    )
    violent = [c for c in facts.convictions if c.code4.startswith(VIOLENCE_PREFIXES)]
    put("violent_sanctions", len(_occasions(violent)), "ECRIS 08xx conviction dates")
    latest = [c for c in facts.convictions if c.date == occasions[-1]]
    category, sub = rsr_category(latest)
    if category is not None:
        put("offence_category", category, "ECRIS code of the latest conviction")
        if sub is not None:
            put("vatp_subcategory", sub, "ECRIS 0801, 0802 or 0809 (killing or GBH)")
    put("sexual_history", "yes" if sexual else "no", "any ECRIS 10xx conviction")
    if sexual and facts.sex == "male":
        put(
            "contact_adult_sanctions",
            len(_occasions([c for c in sexual if c.code4 in ADULT_CONTACT])),
            "convictions with ECRIS 1001-1003",
        )
        put(
            "contact_child_sanctions",
            len(_occasions([c for c in sexual if c.code4 in CHILD_CONTACT])),
            "convictions with ECRIS 1008, 1010, 1011",
        )
        put(
            "non_contact_sanctions",
            len(
                _occasions(
                    [c for c in sexual if c.code4 not in ADULT_CONTACT + CHILD_CONTACT + IMAGES]
                )
            ),
            "other sexual convictions (ECRIS 10xx), excluding indecent images",
        )
        put(
            "iioc_sanctions",
            len(_occasions([c for c in sexual if c.code4 in IMAGES])),
            "convictions with ECRIS 1009",
        )
        put(
            "date_of_last_sexual_sanction",
            _occasions(sexual)[-1].isoformat(),
            "latest sexual conviction",
        )


def prefill_notes(
    code: str, facts: RegisterFacts, dynamic_from: str | None = None
) -> tuple[str, ...]:
    """What the pre-fill of ``code`` left for the practitioner, and why, in plain words.
    ``dynamic_from`` names where RSR's dynamic items were carried from, if they were."""
    if code != "rsr":
        return ()
    notes = [
        f"The dynamic items are carried over from {dynamic_from}: check each is still true."
        if dynamic_from
        else "No earlier RSR of this case answered the ten OASys dynamic items (weapon, "
        "accommodation, employment ...): they are left empty, so the static model is used "
        "unless you answer all ten.",
        "The start of follow-up is not held: give the sentence date (community) or release "
        "date (custody); if left empty, the assessment date is used.",
    ]
    occasions = _occasions(facts.convictions)
    if not occasions:
        notes.append("The register holds no conviction: enter the sanction history.")
        return tuple(notes)
    latest = [c for c in facts.convictions if c.date == occasions[-1]]
    category, sub = rsr_category(latest)
    if category is None:
        notes.append(
            "The current offence category is left for you: the latest conviction's ECRIS "
            "code does not map to one RSR category."
        )
    elif category == 18 and sub is None:
        notes.append("Violence against the person: choose the sub-category.")
    if facts.sex == "male" and any(c.sexual for c in facts.convictions):
        notes.append("Stranger victim is not held in the register: answer it for OSP/DC.")
    return tuple(notes)
