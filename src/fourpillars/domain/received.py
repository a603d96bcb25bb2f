"""Information received from another state: what becomes of it here, and for what it may be
read (decision 0023).

- **Purpose limitation** ([FD-2009-315] Art.9; [LED-2016] Art.4(2) and 9(1)): received data
  carry the purpose they were sent for, and are shown here only to someone consulting them for
  a compatible purpose (``COMPATIBLE``, a rule table with its sources). Data sent for criminal
  proceedings serve only those proceedings; risk information sent for public protection serves
  public protection, risk management, MAPPA co-ordination and safeguarding; supervision data
  the supervision. Preventing an immediate and serious threat to public security is allowed
  for anything but a person's own request (Art.9(3) [M]).
- **Matching**: a received conviction or risk notification waits until a person confirms who
  it concerns, or says that nobody here is that person (``MatchStatus``).
- **Withdrawal**: a withdrawn item is hidden from practitioners with the reason the sender
  gave; nothing is deleted.
- **Record requests** from another state's central authority are answered with the records,
  "no records", a request for more information to identify the person, or a notice of delay
  (``RequestState`` and ``answer_transition``).

The table is ours, from the cited articles [M]: versioned, and shown with that mark.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from .audit import RECORDED_PURPOSE_LABELS, Purpose
from .errors import Collector, IllegalTransition
from .text import LONG_TEXT_MAX, clean_text
from .vocabulary import Vocabulary

PURPOSE_RULES_VERSION = "received-purposes-2026.1 [M]"

# The purposes a message is sent for (``domain.exchange.envelope.Purpose`` values).
CRIMINAL_PROCEEDINGS = "criminal_proceedings"
OTHER_LAWFUL_PURPOSE = "other_lawful_purpose"
WORK_WITH_CHILDREN = "work_with_children"
OWN_REQUEST = "own_request"
PUBLIC_PROTECTION = "public_protection"
SUPERVISION = "supervision"

SENT_FOR_LABELS: dict[str, str] = {
    CRIMINAL_PROCEEDINGS: "Criminal proceedings",
    OTHER_LAWFUL_PURPOSE: "Another lawful purpose",
    WORK_WITH_CHILDREN: "Work with children",
    OWN_REQUEST: "The person's own request",
    PUBLIC_PROTECTION: "Public protection (risk information)",
    SUPERVISION: "Supervision of a probation measure",
}

_THREAT = Purpose.PUBLIC_PROTECTION  # an immediate and serious threat ([FD-2009-315] Art.9(3))


@dataclass(frozen=True)
class PurposeRule:
    """For data sent for ``sent_for``: the consultation purposes compatible with it, and the
    source of the rule."""

    sent_for: str
    compatible: frozenset[Purpose]
    source: str


COMPATIBLE: Mapping[str, PurposeRule] = {
    r.sent_for: r
    for r in (
        PurposeRule(
            CRIMINAL_PROCEEDINGS,
            frozenset({Purpose.LEGAL_PROCEEDINGS, _THREAT}),
            "[FD-2009-315] Art.9(1) and 9(3)",
        ),
        PurposeRule(
            OTHER_LAWFUL_PURPOSE,
            frozenset({Purpose.DISCLOSURE_DECISION, _THREAT}),
            "[FD-2009-315] Art.9(2) and 9(3)",
        ),
        PurposeRule(
            WORK_WITH_CHILDREN,
            frozenset({Purpose.SAFEGUARDING, Purpose.DISCLOSURE_DECISION, _THREAT}),
            "[FD-2009-315] Art.9(2) and 9(3); Directive 2011/93/EU Art.10",
        ),
        PurposeRule(OWN_REQUEST, frozenset(), "[FD-2009-315] Art.9(2): for the person only"),
        PurposeRule(
            PUBLIC_PROTECTION,
            frozenset(
                {
                    Purpose.PUBLIC_PROTECTION,
                    Purpose.RISK_MANAGEMENT,
                    Purpose.MAPPA_COORDINATION,
                    Purpose.SAFEGUARDING,
                }
            ),
            "[LED-2016] Art.4(2), 9(1): risk information for the protection of the public",
        ),
        PurposeRule(
            SUPERVISION,
            frozenset({Purpose.RISK_MANAGEMENT, Purpose.MAPPA_COORDINATION, _THREAT}),
            "FD 2008/947/JHA; [LED-2016] Art.4(2)",
        ),
    )
}


@dataclass(frozen=True)
class PurposeVerdict:
    allowed: bool
    reason: str
    source: str

    def __bool__(self) -> bool:
        return self.allowed


def shown_for(sent_for: str) -> list[str]:
    """The consultation purposes (in words) data sent for ``sent_for`` may be read for."""
    rule = COMPATIBLE.get(sent_for)
    if rule is None:
        return []
    return [RECORDED_PURPOSE_LABELS[p] for p in Purpose if p in rule.compatible]


def may_consult(sent_for: str, purpose: Purpose) -> PurposeVerdict:
    """May data sent for ``sent_for`` be read for ``purpose``? Unknown purposes: never."""
    rule = COMPATIBLE.get(sent_for)
    sent = SENT_FOR_LABELS.get(sent_for, sent_for)
    if rule is None:
        return PurposeVerdict(False, f"Received for an unknown purpose ({sent}).", "")
    if purpose in rule.compatible:
        return PurposeVerdict(True, "", rule.source)
    shown = ", ".join(shown_for(sent_for)) or "nobody here"
    reason = (
        f"Sent for {sent.lower()}: it can be read only for {shown.lower()}, "
        f"not for {RECORDED_PURPOSE_LABELS[purpose].lower()}."
    )
    return PurposeVerdict(False, reason, rule.source)


# --- matching a received item to a person -------------------------------------------------


class MatchStatus(Vocabulary):
    """Where a received item stands with the register."""

    AWAITING = "awaiting", "Waiting to be matched"
    MATCHED = "matched", "Matched to a person"
    NO_MATCH = "no_match", "Nobody here matches"


def confirm_transition(current: str) -> None:
    """A received item is matched (or said to match nobody) once."""
    if MatchStatus(current) is not MatchStatus.AWAITING:
        raise IllegalTransition("This item was matched already.")


@dataclass(frozen=True)
class MatchChoice:
    """A person's answer: the candidate confirmed (``person_id``) or none, with the reason."""

    person_id: int | None
    reason: str


def clean_match_choice(
    choice: object, reason: object, candidate_ids: frozenset[int]
) -> MatchChoice:
    """A candidate shown, or "none" with a reason (why nobody here is this person)."""
    errors = Collector()
    person_id: int | None = None
    raw = str(choice or "").strip()
    if raw != "none":
        try:
            person_id = int(raw)
        except ValueError:
            errors.add("choice", "choose the person it concerns, or say nobody here matches")
        else:
            if person_id not in candidate_ids:
                errors.add("choice", "choose one of the candidates shown")
    why = clean_text(
        reason,
        "reason",
        errors,
        required=raw == "none",
        max_length=LONG_TEXT_MAX,
        multiline=True,
    )
    errors.raise_if_any()
    return MatchChoice(person_id, why)


# --- record requests from another state ([FD-2009-315] Art.6-8) -------------------------------


class RequestState(Vocabulary):
    """An incoming request for a person's criminal record, as the central authority sees it."""

    TO_ANSWER = "to_answer", "To answer"
    MORE_INFORMATION = "more_information", "More information asked for to identify the person"
    DELAYED = "delayed", "Delayed (the sender was told)"
    ANSWERED = "answered", "Answered"


class AnswerKind(Vocabulary):
    """How a record request is answered."""

    RECORDS = "records", "Send the records"
    NO_RECORDS = "no_records", "No records"
    IDENTIFICATION = "identification", "Ask for more information to identify the person"
    DELAY = "delay", "Send a notice of delay"


# Which state each answer leaves the request in, and from which states it may be given.
_AFTER: dict[AnswerKind, RequestState] = {
    AnswerKind.RECORDS: RequestState.ANSWERED,
    AnswerKind.NO_RECORDS: RequestState.ANSWERED,
    AnswerKind.IDENTIFICATION: RequestState.MORE_INFORMATION,
    AnswerKind.DELAY: RequestState.DELAYED,
}
_OPEN = frozenset({RequestState.TO_ANSWER, RequestState.MORE_INFORMATION, RequestState.DELAYED})


def answer_transition(current: str, kind: AnswerKind) -> RequestState:
    """[FD-2009-315] Art.8: a request is answered once; before that, the requested state may
    ask for more information or give notice of a delay (a delay only once)."""
    state = RequestState(current)
    if state not in _OPEN:
        raise IllegalTransition("This request was answered already.")
    if kind is AnswerKind.DELAY and state is RequestState.DELAYED:
        raise IllegalTransition("A notice of delay was sent already.")
    return _AFTER[kind]


def timeliness(due: date | None, answered_on: date | None) -> str:
    """How a request stands against its due date ([FD-2009-315] Art.8, counted in the
    requested state's working days by ``domain.exchange.deadlines``), in plain words; empty
    while it is neither answered nor due."""
    if due is None:
        return ""
    if answered_on is not None:
        return "answered on time" if answered_on <= due else "answered late"
    return ""


@dataclass(frozen=True)
class Answer:
    kind: AnswerKind
    person_id: int | None
    note: str


def clean_answer(kind: object, person_id: object, note: object) -> Answer:
    """The answer chosen; the records need the person they concern, and asking for more
    information or giving notice of a delay says why."""
    errors = Collector()
    chosen = next((k for k in AnswerKind if k.value == kind), None)
    if chosen is None:
        errors.add("answer", "choose how to answer the request")
    pid: int | None = None
    if person_id not in (None, ""):
        try:
            pid = int(str(person_id))
        except ValueError:
            errors.add("person", "choose the person the request concerns")
    if chosen is AnswerKind.RECORDS and pid is None:
        errors.add("person", "choose the person whose records to send")
    needs_note = chosen in (AnswerKind.IDENTIFICATION, AnswerKind.DELAY)
    why = clean_text(
        note, "note", errors, required=needs_note, max_length=LONG_TEXT_MAX, multiline=True
    )
    errors.raise_if_any()
    assert chosen is not None
    return Answer(chosen, pid, why)


@dataclass(frozen=True)
class OutgoingRequest:
    """A request for a person's record, to another state's central authority."""

    receiver: str
    purpose: str
    reason: str


REQUEST_PURPOSES = (CRIMINAL_PROCEEDINGS, OTHER_LAWFUL_PURPOSE, WORK_WITH_CHILDREN, OWN_REQUEST)


def clean_outgoing_request(
    receiver: object, purpose: object, reason: object, peers: frozenset[str]
) -> OutgoingRequest:
    """[FD-2009-315] Art.6: a request names the state asked, the purpose and the reason."""
    errors = Collector()
    to = str(receiver or "").strip().upper()
    if to not in peers:
        errors.add("receiver", "choose the state to ask")
    why = str(purpose or "").strip()
    if why not in REQUEST_PURPOSES:
        errors.add("purpose", "choose the purpose of the request")
    text = clean_text(
        reason, "reason", errors, required=True, max_length=LONG_TEXT_MAX, multiline=True
    )
    errors.raise_if_any()
    return OutgoingRequest(to, why, text)


def clean_withdrawal_reason(reason: object) -> str:
    """A withdrawal says why; without one, the sender's silence is recorded as such."""
    text = str(reason or "").strip()
    return text[:LONG_TEXT_MAX] or "No reason given by the sender."


# --- which area receives a risk notification ----------------------------------------------


@dataclass(frozen=True)
class AreaRef:
    id: int
    code: str
    name: str


def _words(text: str) -> str:
    plain = "".join(c if c.isalnum() else " " for c in str(text or "").lower())
    return " " + " ".join(plain.split()) + " "


def receiving_area(places: list[str], areas: list[AreaRef], default_code: str) -> AreaRef | None:
    """Decision 0023: the area the address here lies in, when one names the other (an area's
    name appears, as whole words, in the address or place sent, or the place in the area's
    name), else the configured default area, else the first area by code. None only when
    there is no area at all."""
    texts = [_words(p) for p in places if p and _words(p).strip()]
    for area in sorted(areas, key=lambda a: a.code):
        name = _words(area.name)
        if any(name in t or t in name for t in texts):
            return area
    default = next((a for a in areas if a.code == default_code), None)
    return default or (min(areas, key=lambda a: a.code) if areas else None)
