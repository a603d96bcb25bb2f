"""Meetings and their minutes ([MAPPA-G] ch.13a, ch.14: MAPPA B; the 2012 audit form).

What a meeting is (initial or review; scheduled, held or cancelled), who attended, and the
minutes of each case discussed: the MAPPA B headings as text, then the decisions taken (level
confirmed or changed, or the case stepped down or leaving MAPPA, with its reason), the plan
version agreed, disclosure considered and its outcome, dissent, the actions agreed, and the
next review date within the level's interval ([MAPPA-G] ch.13a [M]/[U]), moved later only with
a reason. Minutes are drafted, approved by the chair, then circulated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import Collector, DomainValidationError, IllegalTransition
from ..mappa import MappaLevel, ReviewPolicy, next_review_date
from ..plans import PILLARS
from ..text import LONG_TEXT_MAX, SHORT_TEXT_MAX, clean_text
from ..vocabulary import Vocabulary

MINUTES_VERSION = "mappa-b-2026.1"
LINK_MAX = 500
DURATION_MAX = 8 * 60
ACTIONS_MAX = 50
DISSENT_MAX = 20


class MeetingKind(Vocabulary):
    """[MAPPA-G] ch.13a: the first meeting on a case, and the reviews after it."""

    INITIAL = "initial", "Initial meeting"
    REVIEW = "review", "Review meeting"


class MeetingStatus(Vocabulary):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class MinutesStatus(Vocabulary):
    """Minutes are drafted, approved by the chair, then circulated ([MAPPA-G] ch.13a)."""

    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    CIRCULATED = "circulated", "Circulated"


class Attendance(Vocabulary):
    INVITED = "invited", "Invited"
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Did not attend"


class Outcome(Vocabulary):
    """The level decision the meeting takes for the case ([MAPPA-G] ch.7; 1.5 step 8)."""

    CONFIRM = "confirm", "Level confirmed"
    CHANGE = "change", "Level changed (level 2 or 3)"
    STEP_DOWN = "step_down", "Stepped down to level 1"
    EXIT = "exit", "Leaves MAPPA"


class ExitReason(Vocabulary):
    """Why a case leaves MAPPA ([MAPPA-G] 1.2, 1.5 step 8)."""

    NOTIFICATION_ENDED = "notification_ended", "The notification period has ended"
    LICENCE_ENDED = "licence_ended", "The licence has ended"
    ORDER_ENDED = "order_ended", "The order (hospital or guardianship) has ended"
    RISK_REDUCED = "risk_reduced", "Category 3: the risk has reduced"


class DisclosureOutcome(Vocabulary):
    """[MAPPA-G] ch.9: disclosure considered at every meeting, and what was decided."""

    NOT_NEEDED = "not_needed", "Considered: no disclosure needed"
    DISCLOSE = "disclose", "Considered: disclosure agreed"
    DEFER = "defer", "Considered: decision deferred to the next review"


_MEETING_MOVES: dict[MeetingStatus, set[MeetingStatus]] = {
    MeetingStatus.SCHEDULED: {MeetingStatus.HELD, MeetingStatus.CANCELLED},
    MeetingStatus.HELD: set(),
    MeetingStatus.CANCELLED: set(),
}
_MINUTES_MOVES: dict[MinutesStatus, set[MinutesStatus]] = {
    MinutesStatus.DRAFT: {MinutesStatus.APPROVED},
    MinutesStatus.APPROVED: {MinutesStatus.CIRCULATED},
    MinutesStatus.CIRCULATED: set(),
}


def move_meeting(current: MeetingStatus, new: MeetingStatus) -> MeetingStatus:
    """A meeting is held or cancelled once; neither is undone."""
    if new not in _MEETING_MOVES[current]:
        raise IllegalTransition(f"A {current.value} meeting cannot become {new.value}.")
    return new


def move_minutes(current: MinutesStatus, new: MinutesStatus) -> MinutesStatus:
    """Approved minutes are not edited; circulated minutes are final."""
    if new not in _MINUTES_MOVES[current]:
        raise IllegalTransition(f"Minutes that are {current.value} cannot become {new.value}.")
    return new


# --- the MAPPA B headings (text) ---------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    slug: str
    title: str
    hint: str
    required: bool = False


# [MAPPA-G] MAPPA B guidance notes [C]: headings 1-6, then the meeting's own record.
HEADINGS: tuple[Heading, ...] = (
    Heading(
        "category_level", "1. Category and level", "Anything to add to the category and level."
    ),
    Heading(
        "offender",
        "2. Offender information",
        "Nicknames, actual ethnicity (not a code), ViSOR reference, PNC ID and CRN, no fixed "
        "abode status, approved release address.",
    ),
    Heading(
        "conviction",
        "3. Conviction or caution",
        "Index offence, sentence type and length, brief details in bullet points, previous "
        "related offences.",
    ),
    Heading(
        "dates", "4. Relevant dates of the current sentence or order", "Licence and order dates."
    ),
    Heading("hospital", "5. Detention in hospital", "Completed by mental health services."),
    Heading(
        "information",
        "6. Relevant information and reason for referral",
        "Behaviour and attitudes, offending pattern, what each agency told the meeting.",
        required=True,
    ),
    Heading(
        "risk",
        "Risk assessment",
        "Victims and potential victims, all risk of serious harm factors.",
        required=True,
    ),
    Heading(
        "diversity", "Diversity", "Diversity issues and how the plan meets them.", required=True
    ),
)
HEADING_SLUGS = tuple(h.slug for h in HEADINGS)


def clean_headings(raw: Mapping[str, object]) -> dict[str, str]:
    """The text under each heading (any may be left empty while drafting)."""
    errors = Collector()
    for key in raw:
        if key not in HEADING_SLUGS:
            errors.add(str(key)[:40] or "(empty)", "is not a MAPPA B heading")
    out = {
        h.slug: clean_text(
            raw.get(h.slug), h.slug, errors, max_length=LONG_TEXT_MAX, multiline=True
        )
        for h in HEADINGS
        if h.slug in raw
    }
    errors.raise_if_any()
    return out


# --- the meeting itself ------------------------------------------------------------------

_HTTPS = re.compile(r"^https://[^\s/$.?#][^\s]*$", re.IGNORECASE)


@dataclass(frozen=True)
class MeetingInput:
    kind: MeetingKind
    starts_at: dt.datetime
    duration_minutes: int
    venue: str
    video_link: str


def _int(raw: object, name: str, errors: Collector, low: int, high: int) -> int | None:
    if isinstance(raw, str) and raw.strip().isdigit():
        raw = int(raw.strip())
    if isinstance(raw, bool) or not isinstance(raw, int):
        errors.add(name, "must be a whole number")
        return None
    if not low <= raw <= high:
        errors.add(name, f"must be from {low} to {high}")
        return None
    return raw


def clean_meeting(raw: Mapping[str, object], now: dt.datetime) -> MeetingInput:
    """[MAPPA-G] ch.13a: a meeting needs a kind, a date and time in the future, a length,
    and a venue or a video link (an https address)."""
    errors = Collector()
    kind = None
    try:
        kind = MeetingKind(str(raw.get("kind") or ""))
    except ValueError:
        errors.add("kind", "choose initial or review")
    starts = raw.get("starts_at")
    starts_at: dt.datetime | None = None
    if isinstance(starts, dt.datetime):
        starts_at = starts
    elif isinstance(starts, str) and starts.strip():
        try:
            starts_at = dt.datetime.fromisoformat(starts.strip())
        except ValueError:
            errors.add("starts_at", "must be a date and time written YYYY-MM-DDTHH:MM")
    else:
        errors.add("starts_at", "is required")
    if starts_at is not None:
        if starts_at.tzinfo is None:
            starts_at = starts_at.replace(tzinfo=now.tzinfo)
        if starts_at <= now:
            errors.add("starts_at", "must be in the future")
    duration = _int(raw.get("duration_minutes", 60), "duration_minutes", errors, 15, DURATION_MAX)
    venue = clean_text(raw.get("venue"), "venue", errors, max_length=SHORT_TEXT_MAX)
    link = clean_text(raw.get("video_link"), "video_link", errors, max_length=LINK_MAX)
    if link and not _HTTPS.match(link):
        errors.add("video_link", "must be an https:// address")
    if not venue and not link:
        errors.add("venue", "give a venue or a video link")
    errors.raise_if_any()
    assert kind is not None and starts_at is not None and duration is not None
    return MeetingInput(kind, starts_at, duration, venue, link)


def meeting_levels_ok(levels: list[int]) -> None:
    """[MAPPA-G] ch.7: only cases managed at level 2 or 3 have meetings."""
    for i, level in enumerate(levels):
        if level not in (2, 3):
            raise DomainValidationError.single(
                f"cases.{i}", "only cases managed at level 2 or 3 have MAPPA meetings"
            )


# --- decisions, actions, next review -----------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What cleaning a section needs to know: the meeting's day, the case's level and
    category, the review policy, the review date already set, the agencies known and those
    holding access to the case, and the plan numbers of the case."""

    meeting_day: dt.date
    level: int
    category: int
    policy: ReviewPolicy
    previous_review: dt.date | None = None
    agencies: frozenset[str] = frozenset()
    plan_numbers: frozenset[int] = frozenset()


def clean_outcome(raw: Mapping[str, object], c: Context) -> dict[str, Any]:
    """The level decision: confirm, change to 2 or 3, step down to 1, or leave MAPPA with its
    reason ([MAPPA-G] ch.7; category 3 never at level 1: [MAPPA-SCOT])."""
    errors = Collector()
    try:
        outcome = Outcome(str(raw.get("outcome") or ""))
    except ValueError:
        errors.add("outcome", "choose the decision the meeting took on the level")
        errors.raise_if_any()
        raise
    out: dict[str, Any] = {"outcome": outcome.value}
    if outcome is Outcome.CHANGE:
        level = raw.get("level")
        if str(level) not in ("2", "3"):
            errors.add("level", "choose level 2 or 3")
        elif int(str(level)) == c.level:
            errors.add("level", f"the case is already at level {c.level}: choose Level confirmed")
        else:
            out["level"] = int(str(level))
    if outcome is Outcome.STEP_DOWN and c.category == 3:
        errors.add("outcome", "a category 3 case is never managed at level 1: it leaves MAPPA")
    if outcome is Outcome.EXIT:
        try:
            out["exit_reason"] = ExitReason(str(raw.get("exit_reason") or "")).value
        except ValueError:
            errors.add("exit_reason", "choose why the case leaves MAPPA")
    out["reason"] = clean_text(
        raw.get("reason"), "reason", errors, required=True, max_length=LONG_TEXT_MAX, multiline=True
    )
    errors.raise_if_any()
    return out


def decided_level(outcome: Mapping[str, Any], current: int) -> int:
    """The level the outcome leaves the case at."""
    kind = outcome.get("outcome")
    if kind == Outcome.CHANGE.value:
        return int(outcome["level"])
    if kind == Outcome.STEP_DOWN.value:
        return 1
    return current


def leaves_meetings(outcome: Mapping[str, Any] | None) -> bool:
    """A step-down or an exit: no next MAPPA meeting to set."""
    if not outcome:
        return False
    return outcome.get("outcome") in (Outcome.STEP_DOWN.value, Outcome.EXIT.value)


def check_next_review(
    c: Context, requested: dt.date | None, reason: str, level: int | None = None
) -> dt.date:
    """[MAPPA-G] ch.13a [M]/[U]: the next review falls within the level's interval of the
    meeting. A date already set (``previous_review``, by approved minutes) is moved only with
    a reason."""
    if requested is None:
        raise DomainValidationError.single("next_review_date", "is required")
    lvl = MappaLevel(level or c.level)
    day = next_review_date(c.meeting_day, lvl, c.policy, requested)
    if c.previous_review is not None and day != c.previous_review and not reason.strip():
        raise DomainValidationError.single(
            "reason",
            f"give a reason for moving the review from {c.previous_review.isoformat()}",
        )
    return day


def clean_next_review(raw: Mapping[str, object], c: Context, level: int) -> dict[str, Any]:
    errors = Collector()
    requested = parse_day(raw.get("date"), "next_review_date", errors)
    reason = clean_text(
        raw.get("reason"), "reason", errors, max_length=LONG_TEXT_MAX, multiline=True
    )
    errors.raise_if_any()
    day = check_next_review(c, requested, reason, level)
    return {"date": day.isoformat(), "reason": reason}


def parse_day(raw: object, name: str, errors: Collector) -> dt.date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        errors.add(name, "must be a real date")
        return None


def clean_disclosure(raw: Mapping[str, object]) -> dict[str, str]:
    """[MAPPA-G] ch.9: disclosure is considered at every meeting; the outcome and why."""
    errors = Collector()
    try:
        outcome = DisclosureOutcome(str(raw.get("outcome") or "")).value
    except ValueError:
        errors.add("outcome", "choose the outcome of considering disclosure")
        outcome = ""
    detail = clean_text(
        raw.get("detail"), "detail", errors, required=True, max_length=LONG_TEXT_MAX, multiline=True
    )
    errors.raise_if_any()
    return {"outcome": outcome, "detail": detail}


def clean_dissent(raw: object, c: Context) -> list[dict[str, str]]:
    """[MAPPA-G] ch.13a: an agency's dissent and the decision taken, in its own words."""
    errors = Collector()
    if not isinstance(raw, list):
        raise DomainValidationError.single("dissent", "must be a list")
    if len(raw) > DISSENT_MAX:
        raise DomainValidationError.single("dissent", f"at most {DISSENT_MAX} entries")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping):
            errors.add(f"dissent.{i}", "must be an object")
            continue
        agency = str(item.get("agency") or "")
        if agency not in c.agencies:
            errors.add(f"dissent.{i}.agency", "choose the agency that dissented")
        text = clean_text(
            item.get("text"),
            f"dissent.{i}.text",
            errors,
            required=True,
            max_length=LONG_TEXT_MAX,
            multiline=True,
        )
        out.append({"agency": agency, "text": text})
    errors.raise_if_any()
    return out


def clean_plan_agreed(raw: Mapping[str, object], c: Context) -> dict[str, Any]:
    """The plan version the meeting agreed (or that a new version is to be drafted)."""
    errors = Collector()
    number = raw.get("number")
    note = clean_text(raw.get("note"), "note", errors, max_length=LONG_TEXT_MAX, multiline=True)
    out: dict[str, Any] = {"number": None, "note": note}
    if number not in (None, ""):
        if str(number).isdigit() and int(str(number)) in c.plan_numbers:
            out["number"] = int(str(number))
        else:
            errors.add("number", "choose a version of this case's plan")
    elif not note:
        errors.add("note", "say which plan was agreed, or what the new version must change")
    errors.raise_if_any()
    return out


@dataclass
class ActionInput:
    """An action agreed at the meeting, in the plan document's shape ([KEMSHALL-4P])."""

    pillar: str
    text: str
    owner_agency: str
    owner_name: str
    due: dt.date
    addresses: list[str] = field(default_factory=list)

    def as_doc(self, ident: str) -> dict[str, Any]:
        return {
            "id": ident,
            "pillar": self.pillar,
            "text": self.text,
            "owner_agency": self.owner_agency,
            "owner_name": self.owner_name,
            "due": self.due.isoformat(),
            "addresses": list(self.addresses),
            "protects": [],
            "restrictive": False,
        }


def clean_action(raw: Mapping[str, object], c: Context) -> ActionInput:
    """[MAPPA-G] 1.5 step 6: each action agreed has a pillar, an owner agency holding access
    to the case, a named owner, and a due date after the meeting."""
    errors = Collector()
    pillar = str(raw.get("pillar") or "")
    if pillar not in PILLARS:
        errors.add("pillar", "choose the pillar the action belongs to")
    text = clean_text(
        raw.get("text"), "text", errors, required=True, max_length=LONG_TEXT_MAX, multiline=True
    )
    owner = str(raw.get("owner_agency") or "")
    if owner not in c.agencies:
        errors.add("owner_agency", "choose an agency that holds access to the case")
    name = clean_text(raw.get("owner_name"), "owner_name", errors, required=True)
    due = parse_day(raw.get("due"), "due", errors)
    if due is None and not any(e.field == "due" for e in errors.errors):
        errors.add("due", "is required")
    elif due is not None and due < c.meeting_day:
        errors.add("due", "cannot be before the meeting")
    addresses_raw = raw.get("addresses") or []
    addresses: list[str] = []
    if isinstance(addresses_raw, str):
        addresses_raw = [a.strip() for a in addresses_raw.split(",") if a.strip()]
    if not isinstance(addresses_raw, list) or not all(
        isinstance(a, str) and re.fullmatch(r"[a-z]{1,3}\d{1,4}", a) for a in addresses_raw
    ):
        errors.add("addresses", "list factor identifiers such as rf1, rf2")
    else:
        addresses = list(addresses_raw)
    errors.raise_if_any()
    assert due is not None
    return ActionInput(pillar, text, owner, name, due, addresses)


# --- what is missing before approval ----------------------------------------------------

SECTIONS: tuple[tuple[str, str], ...] = (
    ("attendance", "Attendance and apologies"),
    ("headings", "MAPPA B headings"),
    ("outcome", "Level decision"),
    ("plan", "Risk management plan agreed"),
    ("actions", "Actions agreed"),
    ("disclosure", "Disclosure"),
    ("dissent", "Dissent"),
    ("next_review", "Next review"),
)


def problems(content: Mapping[str, Any], attended: int) -> dict[str, list[str]]:
    """What stops the chair approving the minutes, by task-list section."""
    found: dict[str, list[str]] = {slug: [] for slug, _ in SECTIONS}
    if attended < 1:
        found["attendance"].append("Record which agencies attended.")
    headings = content.get("headings") or {}
    for h in HEADINGS:
        if h.required and not str(headings.get(h.slug) or "").strip():
            found["headings"].append(f"Complete '{h.title}'.")
    outcome = content.get("outcome")
    if not outcome:
        found["outcome"].append("Record the level decision.")
    if not content.get("plan") and not leaves_meetings(outcome):
        found["plan"].append("Record the plan agreed.")
    if not content.get("disclosure"):
        found["disclosure"].append("Record that disclosure was considered, and its outcome.")
    if not leaves_meetings(outcome) and not content.get("next_review"):
        found["next_review"].append("Set the date of the next review.")
    return found


def started(content: Mapping[str, Any], slug: str) -> bool:
    value = content.get(slug)
    return (
        bool(value) if slug != "headings" else any(str(v).strip() for v in (value or {}).values())
    )
