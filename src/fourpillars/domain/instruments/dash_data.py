"""DASH as data: the 27 police (ACPO 2009) questions in our own words, the SafeLives (CAADA)
form as a mapping onto them, the stand-alone red flags, the bands and the MARAC thresholds
([DASH-2009], [SAFELIVES-DASH], [SAFELIVES-MARAC]), and the form items built from the
questions. Scoring and the MARAC routes are in :mod:`.dash`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .base import Band, Item

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
# [C] ([PLYMOUTH-DASH], [KENT-DA]), by police question number.
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

# Cut-offs as data. Local bands [C] ([PLYMOUTH-DASH]): 1-9 standard, 10-13 medium, 14+ high;
# the source starts standard at 1, we treat 0 "yes" as standard too.
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


# [SAFELIVES-MARAC] recommends 3 in 12 months [C]; local variants exist ([KENT-DA]: 3 in 6
# months).
ESCALATION = EscalationRule(3, 12, "SafeLives recommendation")
REPEAT_WINDOW_MONTHS = 12  # any further incident within 12 months of the last referral [C]


def _police(number: int) -> Question:
    return POLICE_QUESTIONS[number - 1]


def question_items(
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
