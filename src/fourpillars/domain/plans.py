"""Four Pillars risk management plans: the plan document and its quality checker (issue 4).

Facts from REFERENCE 2.1 (the four pillars), 2.2 (principles for plans, SMART actions, the
traceability rule, contingency planning, review), 1.3 and 1.6 (levels and review intervals)
and 3.4 (scenario planning). Pure: no framework, no database; the same functions serve the
plan pages, ``POST /api/v1/plan-checks`` and ``fourpillars check-plan``.

The document (the shape the plan API returns)::

    {"plan_date": "2026-11-26", "review_date": "2027-02-01", "mappa_level": 2,
     "period_start": "2026-11-26", "period_end": "2027-05-26",       # optional
     "rosh": {"community": {"children": "high", "public": "medium",
                            "known_adult": "low", "staff": "low"},
              "custody": {...}},                                  # optional
     "risk_factors": [{"id": "rf1", "text": "..."}], "protective_factors": [...],
     "scenarios": [{"id": "sc1", "kind": "most_likely", "text": "..."}],
     "victims": [{"id": "v1", "kind": "known_adult", "text": "...",
                  "measures": "..."}],                             # measures optional
     "agencies_with_access": ["police", "probation"],
     "actions": [{"id": "a1", "pillar": "supervision", "text": "...", "owner_agency": "probation",
                  "addresses": ["rf1"], "frequency": "weekly", "due": null, "restrictive": false,
                  "protects": [],
                  # optional: "owner" (or "owner_name"), "start", "end", "status",
                  #           "status_reason", "legal_basis", "proportionality"
                  }],
     "pillar_reasons": {"victim_safety_planning": null},
     "contingencies": [{"scenario": "sc1", "warning_signs": "...", "response": "...",
                        "owner_agency": "police", "within_hours": 24}],
     "assessment": {"id": "42", "status": "current"},             # optional
     "acknowledgements": [{"code": "ACTION_NO_TIMING", "refs": ["a3"], "reason": "...",
                           "by": "jsmith"}]}                     # "by" optional

Reading is strict (:func:`parse_plan`): wrong types, unknown fields, unknown pillars or kinds,
dates not written YYYY-MM-DD, identifiers used twice anywhere in the document, and documents
over the caps all raise :class:`DomainValidationError` naming every bad field by dotted path
(``actions.3.pillar``). Only a few envelope keys a stored plan may carry (``ENVELOPE_FIELDS``)
are accepted and ignored.

Judgement calls (issue 4 leaves them open):

- A link to an identifier the document does not hold (an action's ``addresses`` or
  ``protects``, a contingency's ``scenario``) is an **error finding**
  (``ACTION_UNKNOWN_FACTOR``, ``ACTION_UNKNOWN_VICTIM``, ``CONTINGENCY_UNKNOWN_SCENARIO``),
  not a malformed document: a plan is edited while its assessment changes, and a factor
  dropped from the new assessment must show up as something to fix, not make the whole plan
  unreadable. An identifier that is not even an identifier (a number, 500 characters) is
  malformed.
- A missing review date is read (a draft may not have one yet) and is the error finding
  ``REVIEW_DATE_OUT_OF_INTERVAL``; a review date that is not a date is malformed.
- ``VICTIM_SAFETY_MISSING`` is an **error**: when victims are identified, or the risk to
  children or to a known adult is rated medium or more, a plan with no victim safety action
  does not give victims reasonable protection (REFERENCE 2.2 "protective"), and a recorded
  reason for an empty pillar does not stand in for it. Victims of kind ``public`` are not
  identified victims (they still need a protecting action: ``VICTIM_UNPROTECTED``). When this
  error fires, the pillar's own ``PILLAR_EMPTY`` warning is not repeated.
- Improvement (best case) scenarios need no contingency: REFERENCE 2.2 asks for one for each
  *risk* scenario. Every other kind does (``SCENARIO_NO_CONTINGENCY``, an error).
- A contingency's owner agency without access to the case is an error, as for actions: a
  pre-agreed response by an agency that cannot see the case will not happen.
- "A low overall rating" is the highest community rating being low (REFERENCE 3.2 [M]).
- An acknowledgement matches a warning by code and the *set* of its refs. Errors are never
  acknowledged; an acknowledgement that matches no current warning is kept and reported as
  unused, never applied to another finding.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import Collector, DomainValidationError
from .mappa import DEFAULT_REVIEW_POLICY, MappaLevel, ReviewPolicy, latest_review_date
from .rosh import RATING_LABELS, RATING_ORDER, RISK_GROUPS, SCENARIO_LABELS, highest
from .text import LONG_TEXT_MAX, NAME_MAX, SHORT_TEXT_MAX, clean_text

RULES_VERSION = "plan-checks-2026.1"

PILLARS: dict[str, str] = {
    "supervision": "Supervision",
    "monitoring_control": "Monitoring and control",
    "interventions_treatment": "Interventions and treatment",
    "victim_safety_planning": "Victim safety planning",
}
PILLAR_LABELS = PILLARS
VICTIM_SAFETY = "victim_safety_planning"

ACTION_STATUSES: dict[str, str] = {
    "planned": "Planned",
    "in_progress": "In progress",
    "done": "Done",
    "not_done": "Not done",  # with a reason (status_reason)
}
VICTIM_KINDS: dict[str, str] = {
    "known_adult": "Known adult (an identified person)",
    "child": "Child (an identified child)",
    "group": "Group (for example children at a named school)",
    "staff": "Staff (an identified member of staff)",
    "public": "Members of the public",
}
# Victims that count as "identified" for VICTIM_SAFETY_MISSING (not the public at large).
IDENTIFIED_VICTIM_KINDS = frozenset({"known_adult", "child", "group", "staff"})
# Groups whose rating of medium or more calls for victim safety actions (issue 4).
VICTIM_GROUPS = ("children", "known_adult")
# Scenario kinds that are not risk scenarios: no contingency needed (REFERENCE 2.2).
NO_CONTINGENCY_KINDS = frozenset({"improvement"})
ASSESSMENT_STATUSES: dict[str, str] = {
    "current": "Current",
    "superseded": "Superseded",
}

ERROR = "error"
WARNING = "warning"

# Caps: far above any real plan, low enough that a hostile document costs little.
MAX_ACTIONS = 2000
MAX_FACTORS = 500
MAX_SCENARIOS = 100
MAX_VICTIMS = 200
MAX_AGENCIES = 200
MAX_CONTINGENCIES = 500
MAX_REFS = 200
MAX_ACKNOWLEDGEMENTS = 5000
FACTOR_TEXT_MAX = SHORT_TEXT_MAX * 5  # as the assessment's factors
ACTION_TEXT_MAX = 2000
REASON_MAX = LONG_TEXT_MAX
MAX_WITHIN_HOURS = 24 * 365
VAGUE_WORDS = 3  # an action of fewer words than this is a SMART hint

TOP_FIELDS = (
    "plan_date",
    "review_date",
    "period_start",
    "period_end",
    "mappa_level",
    "rosh",
    "risk_factors",
    "protective_factors",
    "scenarios",
    "victims",
    "agencies_with_access",
    "actions",
    "pillar_reasons",
    "contingencies",
    "assessment",
    "acknowledgements",
)
# Keys a stored plan may carry around the document; accepted and ignored by the checker.
ENVELOPE_FIELDS = ("id", "case_id", "version", "status")
ACTION_FIELDS = (
    "id",
    "pillar",
    "text",
    "owner_agency",
    "owner",
    "owner_name",  # the plan app's name for ``owner``
    "addresses",
    "frequency",
    "due",
    "start",
    "end",
    "restrictive",
    "protects",
    "status",
    "status_reason",
    "legal_basis",
    "proportionality",
)
CONTINGENCY_FIELDS = ("scenario", "warning_signs", "response", "owner_agency", "within_hours")

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:\-]{0,39}")
_AGENCY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}")
_CODE = re.compile(r"[A-Z][A-Z0-9_]{1,59}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ID_RULE = "must be an identifier: 1-40 letters, digits, '_', '.', ':' or '-'"


# --- the document -------------------------------------------------------------------------


@dataclass(frozen=True)
class Factor:
    id: str
    text: str


@dataclass(frozen=True)
class Scenario:
    id: str
    kind: str
    text: str = ""


@dataclass(frozen=True)
class Victim:
    id: str
    kind: str
    text: str
    measures: str | None = None  # free-text summary of what protects them, where recorded


@dataclass(frozen=True)
class Action:
    id: str
    pillar: str
    text: str
    owner_agency: str | None = None
    addresses: tuple[str, ...] = ()
    frequency: str | None = None
    due: dt.date | None = None
    restrictive: bool = False
    protects: tuple[str, ...] = ()
    owner: str | None = None  # the named person
    start: dt.date | None = None
    end: dt.date | None = None
    status: str | None = None
    status_reason: str | None = None
    legal_basis: str | None = None
    proportionality: str | None = None


@dataclass(frozen=True)
class Contingency:
    scenario: str
    warning_signs: str = ""
    response: str = ""
    owner_agency: str | None = None
    within_hours: int | None = None


@dataclass(frozen=True)
class AssessmentRef:
    id: str
    status: str  # current | superseded


@dataclass(frozen=True)
class Acknowledgement:
    """A kept warning: its code, the identifiers it concerns, and why it is accepted."""

    code: str
    refs: tuple[str, ...]
    reason: str
    by: str | None = None  # who acknowledged it, where the plan records that

    @property
    def key(self) -> tuple[str, frozenset[str]]:
        return (self.code, frozenset(self.refs))


@dataclass(frozen=True)
class Rosh:
    """RoSH ratings the plan responds to: community groups all rated, custody optional."""

    community: Mapping[str, str]
    custody: Mapping[str, str | None] | None = None

    @property
    def overall_community(self) -> str | None:
        return highest(self.community.values())


@dataclass(frozen=True)
class PlanDocument:
    plan_date: dt.date
    review_date: dt.date | None  # missing: an error finding, not a malformed document
    mappa_level: MappaLevel
    rosh: Rosh
    risk_factors: tuple[Factor, ...] = ()
    protective_factors: tuple[Factor, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    victims: tuple[Victim, ...] = ()
    agencies_with_access: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    pillar_reasons: Mapping[str, str | None] = field(default_factory=dict)
    contingencies: tuple[Contingency, ...] = ()
    assessment: AssessmentRef | None = None
    acknowledgements: tuple[Acknowledgement, ...] = ()
    period_start: dt.date | None = None  # the stated period the plan covers
    period_end: dt.date | None = None

    def as_dict(self) -> dict[str, Any]:
        """The document as JSON-ready data; ``parse_plan(doc.as_dict()) == doc``."""

        def day(d: dt.date | None) -> str | None:
            return None if d is None else d.isoformat()

        rosh: dict[str, Any] = {"community": dict(self.rosh.community)}
        if self.rosh.custody is not None:
            rosh["custody"] = dict(self.rosh.custody)
        out: dict[str, Any] = {
            "plan_date": day(self.plan_date),
            "review_date": day(self.review_date),
            "period_start": day(self.period_start),
            "period_end": day(self.period_end),
            "mappa_level": int(self.mappa_level),
            "rosh": rosh,
            "risk_factors": [{"id": f.id, "text": f.text} for f in self.risk_factors],
            "protective_factors": [{"id": f.id, "text": f.text} for f in self.protective_factors],
            "scenarios": [{"id": s.id, "kind": s.kind, "text": s.text} for s in self.scenarios],
            "victims": [
                {"id": v.id, "kind": v.kind, "text": v.text, "measures": v.measures}
                for v in self.victims
            ],
            "agencies_with_access": list(self.agencies_with_access),
            "actions": [
                {
                    "id": a.id,
                    "pillar": a.pillar,
                    "text": a.text,
                    "owner_agency": a.owner_agency,
                    "owner": a.owner,
                    "addresses": list(a.addresses),
                    "frequency": a.frequency,
                    "due": day(a.due),
                    "start": day(a.start),
                    "end": day(a.end),
                    "restrictive": a.restrictive,
                    "protects": list(a.protects),
                    "status": a.status,
                    "status_reason": a.status_reason,
                    "legal_basis": a.legal_basis,
                    "proportionality": a.proportionality,
                }
                for a in self.actions
            ],
            "pillar_reasons": dict(self.pillar_reasons),
            "contingencies": [
                {
                    "scenario": c.scenario,
                    "warning_signs": c.warning_signs,
                    "response": c.response,
                    "owner_agency": c.owner_agency,
                    "within_hours": c.within_hours,
                }
                for c in self.contingencies
            ],
            "acknowledgements": [
                {"code": k.code, "refs": list(k.refs), "reason": k.reason, "by": k.by}
                for k in self.acknowledgements
            ],
        }
        if self.assessment is not None:
            out["assessment"] = {"id": self.assessment.id, "status": self.assessment.status}
        return out


# --- reading ------------------------------------------------------------------------------


def _key(key: object) -> str:
    return str(key)[:60] or '""'


def _object(errors: Collector, raw: object, where: str) -> Mapping[str, Any] | None:
    if not isinstance(raw, Mapping):
        errors.add(where, "must be an object")
        return None
    return raw


def _unknown(
    errors: Collector, obj: Mapping[str, Any], allowed: Sequence[str], where: str, what: str
) -> None:
    """Refuse fields the document does not know: a typo must not pass silently."""
    for key in obj:
        if key not in allowed:
            name = _key(key)
            errors.add(f"{where}.{name}" if where else name, f"is not a field of {what}")


def _list(errors: Collector, raw: object, where: str, maximum: int) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        errors.add(where, "must be a list")
        return []
    if len(raw) > maximum:
        errors.add(where, f"must have at most {maximum} items (got {len(raw)})")
        return []
    return raw


def _ident(errors: Collector, raw: object, where: str) -> str | None:
    if raw is None or raw == "":
        errors.add(where, "is required")
        return None
    if not isinstance(raw, str) or not _ID.fullmatch(raw):
        errors.add(where, _ID_RULE)
        return None
    return raw


def _refs(errors: Collector, raw: object, where: str) -> tuple[str, ...]:
    """A list of identifiers; repeats are dropped, order kept."""
    out: dict[str, None] = {}
    for i, item in enumerate(_list(errors, raw, where, MAX_REFS)):
        ident = _ident(errors, item, f"{where}.{i}")
        if ident is not None:
            out[ident] = None
    return tuple(out)


def _agency(errors: Collector, raw: object, where: str, *, required: bool = False) -> str | None:
    if raw is None or raw == "":
        if required:
            errors.add(where, "is required")
        return None
    if not isinstance(raw, str) or not _AGENCY.fullmatch(raw.strip()):
        errors.add(where, "must be an agency code: 1-40 letters, digits, '_', '.' or '-'")
        return None
    return raw.strip()


def _date(errors: Collector, raw: object, where: str, *, required: bool = False) -> dt.date | None:
    if raw is None or raw == "":
        if required:
            errors.add(where, "is required")
        return None
    if not isinstance(raw, str) or not _DATE.fullmatch(raw.strip()):
        errors.add(where, "must be a date written YYYY-MM-DD")
        return None
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        errors.add(where, f"{raw.strip()} is not a date in the calendar")
        return None


def _choice(
    errors: Collector, raw: object, where: str, choices: Mapping[str, str], *, required: bool
) -> str | None:
    if raw is None or raw == "":
        if required:
            errors.add(where, "is required")
        return None
    if not isinstance(raw, str) or raw not in choices:
        shown = repr(raw[:40]) if isinstance(raw, str) else type(raw).__name__
        errors.add(where, f"{shown} is not one of: {', '.join(choices)}")
        return None
    return raw


def _text(
    errors: Collector, raw: object, where: str, max_length: int, *, required: bool = False
) -> str:
    return clean_text(raw, where, errors, required=required, max_length=max_length, multiline=True)


def _optional_text(errors: Collector, raw: object, where: str, max_length: int) -> str | None:
    return _text(errors, raw, where, max_length) or None


class _Ids:
    """Every identifier in the document is unique, whatever list it is in."""

    def __init__(self, errors: Collector) -> None:
        self.errors = errors
        self.seen: dict[str, str] = {}

    def claim(self, raw: object, where: str) -> str | None:
        ident = _ident(self.errors, raw, f"{where}.id")
        if ident is None:
            return None
        if ident in self.seen:
            self.errors.add(f"{where}.id", f"{ident} is already used by {self.seen[ident]}")
            return None
        self.seen[ident] = where
        return ident


def _rosh(errors: Collector, raw: object) -> Rosh | None:
    if raw is None:
        errors.add("rosh", "is required")
        return None
    obj = _object(errors, raw, "rosh")
    if obj is None:
        return None
    for key in obj:
        if key not in RISK_GROUPS:
            errors.add(f"rosh.{_key(key)}", "is not a setting: community or custody")
    ratings: dict[str, dict[str, str | None]] = {}
    for setting in RISK_GROUPS:
        where = f"rosh.{setting}"
        if obj.get(setting) is None:
            if setting == "community":
                errors.add(where, "is required")
            continue
        groups = _object(errors, obj[setting], where)
        if groups is None:
            continue
        known = dict(RISK_GROUPS[setting])
        for key in groups:
            if key not in known:
                errors.add(
                    f"{where}.{_key(key)}", f"is not a group in {setting}: {', '.join(known)}"
                )
        out: dict[str, str | None] = {}
        for group in known:
            value = groups.get(group)
            if value is None and setting != "community":
                out[group] = None
                continue
            rating = _choice(errors, value, f"{where}.{group}", RATING_LABELS, required=True)
            out[group] = rating
        ratings[setting] = out
    if "community" not in ratings or any(v is None for v in ratings["community"].values()):
        return None
    community = {k: v for k, v in ratings["community"].items() if v is not None}
    return Rosh(community, ratings.get("custody"))


def _factors(errors: Collector, ids: _Ids, raw: object, name: str) -> tuple[Factor, ...]:
    out: list[Factor] = []
    for i, item in enumerate(_list(errors, raw, name, MAX_FACTORS)):
        where = f"{name}.{i}"
        obj = _object(errors, item, where)
        if obj is None:
            continue
        _unknown(errors, obj, ("id", "text"), where, "a factor")
        ident = ids.claim(obj.get("id"), where)
        text = _text(errors, obj.get("text"), f"{where}.text", FACTOR_TEXT_MAX, required=True)
        if ident is not None:
            out.append(Factor(ident, text))
    return tuple(out)


def _scenarios(errors: Collector, ids: _Ids, raw: object) -> tuple[Scenario, ...]:
    out: list[Scenario] = []
    for i, item in enumerate(_list(errors, raw, "scenarios", MAX_SCENARIOS)):
        where = f"scenarios.{i}"
        obj = _object(errors, item, where)
        if obj is None:
            continue
        _unknown(errors, obj, ("id", "kind", "text"), where, "a scenario")
        ident = ids.claim(obj.get("id"), where)
        kind = _choice(errors, obj.get("kind"), f"{where}.kind", SCENARIO_LABELS, required=True)
        text = _text(errors, obj.get("text"), f"{where}.text", REASON_MAX)
        if ident is not None and kind is not None:
            out.append(Scenario(ident, kind, text))
    return tuple(out)


def _victims(errors: Collector, ids: _Ids, raw: object) -> tuple[Victim, ...]:
    out: list[Victim] = []
    for i, item in enumerate(_list(errors, raw, "victims", MAX_VICTIMS)):
        where = f"victims.{i}"
        obj = _object(errors, item, where)
        if obj is None:
            continue
        _unknown(errors, obj, ("id", "kind", "text", "measures"), where, "a victim")
        ident = ids.claim(obj.get("id"), where)
        kind = _choice(errors, obj.get("kind"), f"{where}.kind", VICTIM_KINDS, required=True)
        text = _text(errors, obj.get("text"), f"{where}.text", FACTOR_TEXT_MAX, required=True)
        measures = _optional_text(errors, obj.get("measures"), f"{where}.measures", REASON_MAX)
        if ident is not None and kind is not None:
            out.append(Victim(ident, kind, text, measures))
    return tuple(out)


def _agencies(errors: Collector, raw: object) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for i, item in enumerate(_list(errors, raw, "agencies_with_access", MAX_AGENCIES)):
        code = _agency(errors, item, f"agencies_with_access.{i}", required=True)
        if code is not None:
            out[code] = None
    return tuple(out)


def _boolean(errors: Collector, raw: object, where: str) -> bool:
    if raw is None:
        return False
    if not isinstance(raw, bool):
        errors.add(where, "must be true or false")
        return False
    return raw


def _action(errors: Collector, ids: _Ids, item: object, where: str) -> Action | None:
    obj = _object(errors, item, where)
    if obj is None:
        return None
    before = len(errors.errors)
    _unknown(errors, obj, ACTION_FIELDS, where, "an action")
    ident = ids.claim(obj.get("id"), where)
    pillar = _choice(errors, obj.get("pillar"), f"{where}.pillar", PILLARS, required=True)
    start = _date(errors, obj.get("start"), f"{where}.start")
    end = _date(errors, obj.get("end"), f"{where}.end")
    if start is not None and end is not None and end < start:
        errors.add(f"{where}.end", f"must be on or after the start ({start.isoformat()})")
    action = Action(
        id=ident or "",
        pillar=pillar or "",
        text=_text(errors, obj.get("text"), f"{where}.text", ACTION_TEXT_MAX, required=True),
        owner_agency=_agency(errors, obj.get("owner_agency"), f"{where}.owner_agency"),
        addresses=_refs(errors, obj.get("addresses"), f"{where}.addresses"),
        frequency=_optional_text(
            errors, obj.get("frequency"), f"{where}.frequency", SHORT_TEXT_MAX
        ),
        due=_date(errors, obj.get("due"), f"{where}.due"),
        restrictive=_boolean(errors, obj.get("restrictive"), f"{where}.restrictive"),
        protects=_refs(errors, obj.get("protects"), f"{where}.protects"),
        owner=_owner(errors, obj, where),
        start=start,
        end=end,
        status=_choice(
            errors, obj.get("status"), f"{where}.status", ACTION_STATUSES, required=False
        ),
        status_reason=_optional_text(
            errors, obj.get("status_reason"), f"{where}.status_reason", REASON_MAX
        ),
        legal_basis=_optional_text(
            errors, obj.get("legal_basis"), f"{where}.legal_basis", REASON_MAX
        ),
        proportionality=_optional_text(
            errors, obj.get("proportionality"), f"{where}.proportionality", REASON_MAX
        ),
    )
    return action if len(errors.errors) == before else None


def _owner(errors: Collector, obj: Mapping[str, Any], where: str) -> str | None:
    """The named owner: ``owner``, or ``owner_name`` as the plan app stores it (not both)."""
    owner = _optional_text(errors, obj.get("owner"), f"{where}.owner", NAME_MAX * 2)
    alias = _optional_text(errors, obj.get("owner_name"), f"{where}.owner_name", NAME_MAX * 2)
    if owner and alias and owner != alias:
        errors.add(f"{where}.owner_name", "differs from owner: give one of them")
    return owner or alias


def _pillar_reasons(errors: Collector, raw: object) -> dict[str, str | None]:
    if raw is None:
        return {}
    obj = _object(errors, raw, "pillar_reasons")
    if obj is None:
        return {}
    out: dict[str, str | None] = {}
    for key, value in obj.items():
        if key not in PILLARS:
            errors.add(f"pillar_reasons.{_key(key)}", f"is not a pillar: {', '.join(PILLARS)}")
            continue
        out[key] = _optional_text(errors, value, f"pillar_reasons.{key}", REASON_MAX)
    return out


def _within_hours(errors: Collector, raw: object, where: str) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int):
        errors.add(where, "must be a whole number of hours")
        return None
    if not 0 <= raw <= MAX_WITHIN_HOURS:
        errors.add(where, f"must be between 0 and {MAX_WITHIN_HOURS} hours")
        return None
    return raw


def _contingencies(errors: Collector, raw: object) -> tuple[Contingency, ...]:
    out: list[Contingency] = []
    for i, item in enumerate(_list(errors, raw, "contingencies", MAX_CONTINGENCIES)):
        where = f"contingencies.{i}"
        obj = _object(errors, item, where)
        if obj is None:
            continue
        before = len(errors.errors)
        _unknown(errors, obj, CONTINGENCY_FIELDS, where, "a contingency")
        found = Contingency(
            scenario=_ident(errors, obj.get("scenario"), f"{where}.scenario") or "",
            warning_signs=_text(
                errors, obj.get("warning_signs"), f"{where}.warning_signs", REASON_MAX
            ),
            response=_text(errors, obj.get("response"), f"{where}.response", REASON_MAX),
            owner_agency=_agency(errors, obj.get("owner_agency"), f"{where}.owner_agency"),
            within_hours=_within_hours(errors, obj.get("within_hours"), f"{where}.within_hours"),
        )
        if len(errors.errors) == before:
            out.append(found)
    return tuple(out)


def _assessment(errors: Collector, raw: object) -> AssessmentRef | None:
    if raw is None:
        return None
    obj = _object(errors, raw, "assessment")
    if obj is None:
        return None
    _unknown(errors, obj, ("id", "status"), "assessment", "the assessment reference")
    raw_id = obj.get("id")
    if isinstance(raw_id, int) and not isinstance(raw_id, bool) and raw_id >= 0:
        raw_id = str(raw_id)
    ident = _ident(errors, raw_id, "assessment.id")
    status = _choice(
        errors, obj.get("status"), "assessment.status", ASSESSMENT_STATUSES, required=True
    )
    if ident is None or status is None:
        return None
    return AssessmentRef(ident, status)


def _acknowledgements(errors: Collector, raw: object) -> tuple[Acknowledgement, ...]:
    out: list[Acknowledgement] = []
    for i, item in enumerate(_list(errors, raw, "acknowledgements", MAX_ACKNOWLEDGEMENTS)):
        where = f"acknowledgements.{i}"
        obj = _object(errors, item, where)
        if obj is None:
            continue
        _unknown(errors, obj, ("code", "refs", "reason", "by"), where, "an acknowledgement")
        code = obj.get("code")
        if code is None or code == "":
            errors.add(f"{where}.code", "is required")
            code = None
        elif not isinstance(code, str) or not _CODE.fullmatch(code):
            errors.add(f"{where}.code", "must be a finding code such as ACTION_NO_TIMING")
            code = None
        refs = _refs(errors, obj.get("refs"), f"{where}.refs")
        reason = _text(errors, obj.get("reason"), f"{where}.reason", REASON_MAX, required=True)
        by = _optional_text(errors, obj.get("by"), f"{where}.by", NAME_MAX * 2)
        if code is not None and reason:
            out.append(Acknowledgement(code, refs, reason, by))
    return tuple(out)


def parse_plan(data: object) -> PlanDocument:
    """Read a plan document strictly; raise DomainValidationError naming every bad field."""
    if not isinstance(data, Mapping):
        raise DomainValidationError.single("plan", "must be a JSON object")
    errors = Collector()
    _unknown(errors, data, (*TOP_FIELDS, *ENVELOPE_FIELDS), "", "a plan")
    ids = _Ids(errors)
    plan_date = _date(errors, data.get("plan_date"), "plan_date", required=True)
    review_date = _date(errors, data.get("review_date"), "review_date")
    period_start = _date(errors, data.get("period_start"), "period_start")
    period_end = _date(errors, data.get("period_end"), "period_end")
    if period_start is not None and period_end is not None and period_end < period_start:
        errors.add("period_end", f"must be on or after period_start ({period_start.isoformat()})")
    raw_level = data.get("mappa_level")
    level: MappaLevel | None = None
    if raw_level is None:
        errors.add("mappa_level", "is required")
    elif (
        isinstance(raw_level, bool) or not isinstance(raw_level, int) or raw_level not in (1, 2, 3)
    ):
        errors.add("mappa_level", "must be 1, 2 or 3")
    else:
        level = MappaLevel(raw_level)
    rosh = _rosh(errors, data.get("rosh"))
    risk = _factors(errors, ids, data.get("risk_factors"), "risk_factors")
    protective = _factors(errors, ids, data.get("protective_factors"), "protective_factors")
    scenarios = _scenarios(errors, ids, data.get("scenarios"))
    victims = _victims(errors, ids, data.get("victims"))
    agencies = _agencies(errors, data.get("agencies_with_access"))
    actions: list[Action] = []
    for i, item in enumerate(_list(errors, data.get("actions"), "actions", MAX_ACTIONS)):
        action = _action(errors, ids, item, f"actions.{i}")
        if action is not None:
            actions.append(action)
    reasons = _pillar_reasons(errors, data.get("pillar_reasons"))
    contingencies = _contingencies(errors, data.get("contingencies"))
    assessment = _assessment(errors, data.get("assessment"))
    acknowledgements = _acknowledgements(errors, data.get("acknowledgements"))
    errors.raise_if_any()
    assert plan_date is not None
    assert level is not None and rosh is not None
    return PlanDocument(
        plan_date=plan_date,
        review_date=review_date,
        mappa_level=level,
        rosh=rosh,
        risk_factors=risk,
        protective_factors=protective,
        scenarios=scenarios,
        victims=victims,
        agencies_with_access=agencies,
        actions=tuple(actions),
        pillar_reasons=reasons,
        contingencies=contingencies,
        assessment=assessment,
        acknowledgements=acknowledgements,
        period_start=period_start,
        period_end=period_end,
    )


# --- the checker --------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # "error" | "warning"
    message: str  # plain English, naming the identifiers
    refs: tuple[str, ...]
    source: str

    @property
    def key(self) -> tuple[str, frozenset[str]]:
        return (self.code, frozenset(self.refs))

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "refs": list(self.refs),
            "source": self.source,
        }


@dataclass
class _Context:
    """Indexes built once per check, so every rule is one pass over one list."""

    plan: PlanDocument
    policy: ReviewPolicy
    factor_ids: set[str]
    victim_ids: set[str]
    scenario_ids: set[str]
    access: set[str]
    addressed: set[str]
    protected: set[str]
    pillars_used: set[str]
    covered_scenarios: set[str]
    victim_safety_needed_because: list[str]
    identified_victims: list[str]


def _context(plan: PlanDocument, policy: ReviewPolicy) -> _Context:
    addressed: set[str] = set()
    protected: set[str] = set()
    pillars: set[str] = set()
    for action in plan.actions:
        addressed.update(action.addresses)
        protected.update(action.protects)
        pillars.add(action.pillar)
    identified = [v.id for v in plan.victims if v.kind in IDENTIFIED_VICTIM_KINDS]
    because: list[str] = []
    if identified:
        because.append(f"victims are identified ({', '.join(identified)})")
    settings: list[tuple[str, Mapping[str, str | None]]] = [("community", plan.rosh.community)]
    if plan.rosh.custody is not None:
        settings.append(("custody", plan.rosh.custody))
    for setting, groups in settings:
        for group in VICTIM_GROUPS:
            rating = groups.get(group)
            if rating is not None and RATING_ORDER[rating] >= RATING_ORDER["medium"]:
                label = dict(RISK_GROUPS[setting])[group].lower()
                where = "in the community" if setting == "community" else "in custody"
                because.append(
                    f"the risk to {label} {where} is rated {RATING_LABELS[rating].lower()}"
                )
    return _Context(
        plan=plan,
        policy=policy,
        factor_ids={f.id for f in (*plan.risk_factors, *plan.protective_factors)},
        victim_ids={v.id for v in plan.victims},
        scenario_ids={s.id for s in plan.scenarios},
        access=set(plan.agencies_with_access),
        addressed=addressed,
        protected=protected,
        pillars_used=pillars,
        covered_scenarios={c.scenario for c in plan.contingencies},
        victim_safety_needed_because=because,
        identified_victims=identified,
    )


Hit = tuple[str, tuple[str, ...]]  # (message, refs)
RuleCheck = Callable[[_Context], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    summary: str
    source: str
    check: RuleCheck = field(repr=False, compare=False)

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": self.severity,
            "summary": self.summary,
            "source": self.source,
        }


_RULES: list[Rule] = []


def _rule(code: str, severity: str, summary: str, source: str) -> Callable[[RuleCheck], RuleCheck]:
    def register(check: RuleCheck) -> RuleCheck:
        _RULES.append(Rule(code, severity, summary, source, check))
        return check

    return register


def _quote(text: str, limit: int = 60) -> str:
    one_line = " ".join(text.split())
    return f'"{one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"}"'


def _names(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


# Errors first: they block approval. Within a severity, the order the issue lists them.


@_rule(
    "ASSESSMENT_SUPERSEDED",
    ERROR,
    "The plan responds to a superseded assessment",
    "Issue 4; REFERENCE 2.1: each strategy is matched to the findings of the current assessment",
)
def _assessment_superseded(c: _Context) -> Iterator[Hit]:
    a = c.plan.assessment
    if a is not None and a.status == "superseded":
        yield (
            f"The plan responds to assessment {a.id}, which has been superseded: base the plan "
            "on the current assessment and check its risk factors, scenarios and victims again.",
            (a.id,),
        )


@_rule(
    "RF_UNADDRESSED",
    ERROR,
    "A risk factor is not addressed by any action",
    "REFERENCE 2.2 traceability rule (Logan's traceable route): every risk factor maps to at "
    "least one action; issue 4: an error",
)
def _rf_unaddressed(c: _Context) -> Iterator[Hit]:
    for f in c.plan.risk_factors:
        if f.id not in c.addressed:
            yield (
                f"Risk factor {f.id} {_quote(f.text)} is not addressed by any action: link it "
                "to an action under one or more pillars, or add one.",
                (f.id,),
            )


@_rule(
    "ACTION_UNKNOWN_FACTOR",
    ERROR,
    "An action addresses a factor the plan does not hold",
    "REFERENCE 2.2 traceability rule: links point to the assessment's factors",
)
def _action_unknown_factor(c: _Context) -> Iterator[Hit]:
    for a in c.plan.actions:
        unknown = [r for r in a.addresses if r not in c.factor_ids]
        if unknown:
            verb = "is" if len(unknown) == 1 else "are"
            yield (
                f"Action {a.id} addresses {_names(unknown)}, which {verb} not among the plan's "
                "risk or protective factors (removed from the assessment, or mistyped): "
                "link the action to a factor the assessment holds.",
                (a.id, *unknown),
            )


@_rule(
    "VICTIM_SAFETY_MISSING",
    ERROR,
    "No victim safety actions although victims are identified or the risk to children or a "
    "known adult is medium or more",
    "REFERENCE 2.1 victim safety planning pillar; 2.2 principles: protective; issue 4",
)
def _victim_safety_missing(c: _Context) -> Iterator[Hit]:
    if VICTIM_SAFETY in c.pillars_used or not c.victim_safety_needed_because:
        return
    yield (
        f"There are no victim safety planning actions, but {_names(c.victim_safety_needed_because)}"
        ": add actions that protect them (a recorded reason for leaving the pillar empty does "
        "not replace them here).",
        (VICTIM_SAFETY, *c.identified_victims),
    )


@_rule(
    "ACTION_UNKNOWN_VICTIM",
    ERROR,
    "An action protects a victim the plan does not hold",
    "REFERENCE 2.1 victim safety planning: measures protect the plan's identified victims",
)
def _action_unknown_victim(c: _Context) -> Iterator[Hit]:
    for a in c.plan.actions:
        unknown = [r for r in a.protects if r not in c.victim_ids]
        if unknown:
            verb = "is" if len(unknown) == 1 else "are"
            yield (
                f"Action {a.id} protects {_names(unknown)}, which {verb} not among the plan's "
                "victims: add the victim or correct the link.",
                (a.id, *unknown),
            )


@_rule(
    "SCENARIO_NO_CONTINGENCY",
    ERROR,
    "A risk scenario has no contingency",
    "REFERENCE 2.2 contingency planning (a required element), 3.4 scenario planning; "
    "issue 4: an error",
)
def _scenario_no_contingency(c: _Context) -> Iterator[Hit]:
    for s in c.plan.scenarios:
        if s.kind not in NO_CONTINGENCY_KINDS and s.id not in c.covered_scenarios:
            kind = SCENARIO_LABELS[s.kind].lower()
            yield (
                f"Scenario {s.id} ({kind}) has no contingency: record its warning signs and "
                "the pre-agreed response (who does what, within how many hours).",
                (s.id,),
            )


@_rule(
    "CONTINGENCY_UNKNOWN_SCENARIO",
    ERROR,
    "A contingency refers to a scenario the plan does not hold",
    "REFERENCE 2.2 contingency planning: one for each scenario of the assessment",
)
def _contingency_unknown_scenario(c: _Context) -> Iterator[Hit]:
    for n, ct in enumerate(c.plan.contingencies):
        if ct.scenario not in c.scenario_ids:
            yield (
                f"Contingency {n + 1} is for scenario {ct.scenario}, which is not among the "
                "plan's scenarios (removed from the assessment, or mistyped): link it to a "
                "current scenario.",
                (ct.scenario,),
            )


@_rule(
    "ACTION_OWNER_NO_ACCESS",
    ERROR,
    "An action has no owner agency, or one that does not hold access to the case",
    "Issue 4; REFERENCE 1.4 (agencies under CJA 2003 s.325), 8.2 (lawful sharing): only an "
    "agency holding access to the case can carry out an action",
)
def _action_owner_no_access(c: _Context) -> Iterator[Hit]:
    holding = _names(sorted(c.access)) or "none"
    for a in c.plan.actions:
        if a.owner_agency is None:
            yield (
                f"Action {a.id} has no owner agency: name the agency that will carry it out.",
                (a.id,),
            )
        elif a.owner_agency not in c.access:
            yield (
                f"Action {a.id} is owned by {a.owner_agency}, which does not hold access to the "
                f"case (holding access: {holding}): share the case with {a.owner_agency} or give "
                "the action to an agency that holds access.",
                (a.id,),
            )


@_rule(
    "CONTINGENCY_OWNER_NO_ACCESS",
    ERROR,
    "A contingency is owned by an agency that does not hold access to the case",
    "REFERENCE 2.2 contingency planning (who does what); 1.4, 8.2 (sharing under CJA 2003 s.325)",
)
def _contingency_owner_no_access(c: _Context) -> Iterator[Hit]:
    holding = _names(sorted(c.access)) or "none"
    for n, ct in enumerate(c.plan.contingencies):
        if ct.owner_agency is not None and ct.owner_agency not in c.access:
            yield (
                f"Contingency {n + 1} (scenario {ct.scenario}) is owned by {ct.owner_agency}, "
                f"which does not hold access to the case (holding access: {holding}).",
                (ct.scenario,),
            )


@_rule(
    "REVIEW_DATE_OUT_OF_INTERVAL",
    ERROR,
    "The review date is missing, or not within the review interval for the case's MAPPA level",
    "REFERENCE 1.6 review intervals ([M]/[U], see 0a), 2.2 review; issue 4: an error",
)
def _review_date(c: _Context) -> Iterator[Hit]:
    plan, policy = c.plan, c.policy
    latest = latest_review_date(plan.plan_date, plan.mappa_level, policy)
    if plan.review_date is None:
        yield (
            f"The plan has no review date: set one on or before {latest.isoformat()} (level "
            f"{int(plan.mappa_level)}: at least every {policy.max_weeks(plan.mappa_level)} weeks "
            f"from the plan date; policy {policy.version}).",
            (),
        )
        return
    if plan.review_date < plan.plan_date:
        yield (
            f"The review date {plan.review_date.isoformat()} is before the plan date "
            f"{plan.plan_date.isoformat()}.",
            (),
        )
        return
    if plan.review_date > latest:
        unconfirmed = "" if policy.confirmed else "; this interval is unconfirmed and may differ"
        yield (
            f"The review date {plan.review_date.isoformat()} is after {latest.isoformat()}, the "
            f"latest for a level {int(plan.mappa_level)} case: a review at least every "
            f"{policy.max_weeks(plan.mappa_level)} weeks from the plan date "
            f"{plan.plan_date.isoformat()} (policy {policy.version}{unconfirmed}).",
            (),
        )


@_rule(
    "ACTION_NOT_TRACED",
    WARNING,
    "An action addresses no risk or protective factor",
    "REFERENCE 2.2 traceability rule: every action points back to a risk factor or a "
    "protective factor it builds",
)
def _action_not_traced(c: _Context) -> Iterator[Hit]:
    for a in c.plan.actions:
        if not a.addresses:
            yield (
                f"Action {a.id} {_quote(a.text)} does not address any risk or protective factor: "
                "link it to the factor it manages or builds.",
                (a.id,),
            )


@_rule(
    "PILLAR_EMPTY",
    WARNING,
    "A pillar has no actions and no recorded reason why none is needed",
    "REFERENCE 2.1 Kemshall's four pillars; issue 4",
)
def _pillar_empty(c: _Context) -> Iterator[Hit]:
    for pillar, label in PILLARS.items():
        if pillar in c.pillars_used or c.plan.pillar_reasons.get(pillar):
            continue
        if pillar == VICTIM_SAFETY and c.victim_safety_needed_because:
            continue  # VICTIM_SAFETY_MISSING, an error, says it
        yield (
            f"The {label.lower()} pillar has no actions: add actions, or record why none is "
            "needed.",
            (pillar,),
        )


@_rule(
    "VICTIM_UNPROTECTED",
    WARNING,
    "A victim is not protected by any action",
    "REFERENCE 2.1 victim safety planning; 2.2 principles: protective",
)
def _victim_unprotected(c: _Context) -> Iterator[Hit]:
    for v in c.plan.victims:
        if v.id not in c.protected:
            yield (
                f"Victim {v.id} {_quote(v.text)} is not protected by any action: name the "
                "measures that protect them (an action's protects list).",
                (v.id,),
            )


@_rule(
    "CONTINGENCY_INCOMPLETE",
    WARNING,
    "A contingency does not say its warning signs, response, owner agency or time",
    "REFERENCE 2.2 contingency planning: warning signs and the pre-agreed response (who does "
    "what, and how fast)",
)
def _contingency_incomplete(c: _Context) -> Iterator[Hit]:
    for n, ct in enumerate(c.plan.contingencies):
        missing = [
            what
            for what, present in (
                ("the warning signs", ct.warning_signs),
                ("the response", ct.response),
                ("the owner agency", ct.owner_agency),
                ("within how many hours", ct.within_hours is not None),
            )
            if not present
        ]
        if missing:
            yield (
                f"Contingency {n + 1} (scenario {ct.scenario}) does not say {_names(missing)}.",
                (ct.scenario,),
            )


@_rule(
    "ACTION_NO_TIMING",
    WARNING,
    "An action has neither a frequency nor a due date",
    "REFERENCE 2.2 SMART actions (measurable, timely); issue 4",
)
def _action_no_timing(c: _Context) -> Iterator[Hit]:
    for a in c.plan.actions:
        if not a.frequency and a.due is None:
            yield (
                f"Action {a.id} {_quote(a.text)} has neither a frequency nor a due date: say how "
                "often or by when.",
                (a.id,),
            )


@_rule(
    "RESTRICTIVE_NO_LEGAL_BASIS",
    WARNING,
    "A restrictive measure does not state its legal basis",
    "REFERENCE 2.2 defensible principles: prescribed by law",
)
def _restrictive_no_legal_basis(c: _Context) -> Iterator[Hit]:
    for a in c.plan.actions:
        if a.restrictive and not a.legal_basis:
            yield (
                f"Action {a.id} is a restrictive measure with no legal basis: name the licence "
                "condition, order or power that allows it.",
                (a.id,),
            )


@_rule(
    "RESTRICTIVE_NO_PROPORTIONALITY",
    WARNING,
    "A restrictive measure on a low overall rating does not state why it is proportionate",
    "REFERENCE 2.2 defensible principles: proportionate, necessary; issue 4",
)
def _restrictive_no_proportionality(c: _Context) -> Iterator[Hit]:
    if c.plan.rosh.overall_community != "low":
        return
    for a in c.plan.actions:
        if a.restrictive and not a.proportionality:
            yield (
                f"Action {a.id} is a restrictive measure, and the overall community rating is "
                "low: say why it is proportionate and necessary.",
                (a.id,),
            )


@_rule(
    "RESTRICTIVE_NO_END",
    WARNING,
    "A restrictive measure has no end date",
    "REFERENCE 2.2 defensible principles: proportionate; SMART (timely)",
)
def _restrictive_no_end(c: _Context) -> Iterator[Hit]:
    for a in c.plan.actions:
        if a.restrictive and a.end is None:
            yield (
                f"Action {a.id} is a restrictive measure with no end date: say until when it "
                "applies, so it is reviewed rather than left running.",
                (a.id,),
            )


@_rule(
    "ACTION_TEXT_VAGUE",
    WARNING,
    f"An action is described in fewer than {VAGUE_WORDS} words",
    "REFERENCE 2.2 SMART actions (specific, measurable)",
)
def _action_text_vague(c: _Context) -> Iterator[Hit]:
    for a in c.plan.actions:
        if len(a.text.split()) < VAGUE_WORDS:
            yield (
                f"Action {a.id} says only {_quote(a.text)}: say what will be done, by whom and "
                "how it will be checked.",
                (a.id,),
            )


@_rule(
    "ACTION_NOT_DONE_NO_REASON",
    WARNING,
    "An action marked not done does not say why",
    "Issue 4 (status: not done with reason); REFERENCE 2.3: decisions are recorded",
)
def _action_not_done_no_reason(c: _Context) -> Iterator[Hit]:
    for a in c.plan.actions:
        if a.status == "not_done" and not a.status_reason:
            yield (f"Action {a.id} is marked not done with no reason: say why.", (a.id,))


RULES: tuple[Rule, ...] = tuple(_RULES)
RULES_BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}


def check(plan: PlanDocument, *, policy: ReviewPolicy = DEFAULT_REVIEW_POLICY) -> list[Finding]:
    """Every finding of every rule: errors first, then warnings, each in document order."""
    c = _context(plan, policy)
    return [
        Finding(rule.code, rule.severity, message, refs, rule.source)
        for rule in RULES
        for message, refs in rule.check(c)
    ]


# --- acknowledgements ---------------------------------------------------------------------


@dataclass(frozen=True)
class Readiness:
    """Which findings stop approval: every error, and every warning not acknowledged."""

    errors: tuple[Finding, ...]
    acknowledged: tuple[tuple[Finding, Acknowledgement], ...]
    unacknowledged: tuple[Finding, ...]  # warnings still needing an acknowledgement
    unused: tuple[Acknowledgement, ...]  # kept, but matching no current warning

    @property
    def approvable(self) -> bool:
        return not self.errors and not self.unacknowledged


def acknowledged(
    findings: Iterable[Finding], acknowledgements: Iterable[Acknowledgement]
) -> Readiness:
    """Match acknowledgements to warnings by code and the set of refs; errors never match."""
    by_key: dict[tuple[str, frozenset[str]], Acknowledgement] = {}
    for ack in acknowledgements:
        by_key.setdefault(ack.key, ack)
    errors: list[Finding] = []
    done: list[tuple[Finding, Acknowledgement]] = []
    pending: list[Finding] = []
    used: set[tuple[str, frozenset[str]]] = set()
    for f in findings:
        if f.severity == ERROR:
            errors.append(f)
            continue
        match = by_key.get(f.key)
        if match is None:
            pending.append(f)
        else:
            done.append((f, match))
            used.add(f.key)
    unused = tuple(a for k, a in by_key.items() if k not in used)
    return Readiness(tuple(errors), tuple(done), tuple(pending), unused)


def report(plan: PlanDocument, *, policy: ReviewPolicy = DEFAULT_REVIEW_POLICY) -> dict[str, Any]:
    """The JSON answer of ``fourpillars check-plan`` and ``POST /api/v1/plan-checks``."""
    findings = check(plan, policy=policy)
    ready = acknowledged(findings, plan.acknowledgements)
    acked = {f.key for f, _ in ready.acknowledged}
    return {
        "findings": [
            {**f.as_dict(), "acknowledged": f.severity == WARNING and f.key in acked}
            for f in findings
        ],
        "errors": len(ready.errors),
        "warnings": len(findings) - len(ready.errors),
        "unacknowledged_warnings": len(ready.unacknowledged),
        "unused_acknowledgements": [
            {"code": a.code, "refs": list(a.refs), "reason": a.reason, "by": a.by}
            for a in ready.unused
        ],
        "approvable": ready.approvable,
        "rules_version": RULES_VERSION,
        "review_policy": policy.version,
    }


def rules_table(policy: ReviewPolicy = DEFAULT_REVIEW_POLICY) -> dict[str, Any]:
    """The rules as data, for the API and the plan page."""
    return {
        "rules_version": RULES_VERSION,
        "review_policy": {
            "version": policy.version,
            "confirmed": policy.confirmed,
            "max_weeks_by_level": {str(k): v for k, v in sorted(policy.weeks.items())},
        },
        "count": len(RULES),
        "items": [r.as_dict() for r in RULES],
    }
