"""Plan facts: pillars, labels, statuses, kinds, severities, caps, field names, versions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..rosh.ratings import ScenarioKind
from ..text import LONG_TEXT_MAX, SHORT_TEXT_MAX
from ..vocabulary import Vocabulary

RULES_VERSION = "plan-checks-2026.2"


class Pillar(Vocabulary):
    """The four pillars every MAPPA risk management plan is written under ([KEMSHALL-4P])."""

    SUPERVISION = "supervision", "Supervision"
    MONITORING_CONTROL = "monitoring_control", "Monitoring and control"
    INTERVENTIONS_TREATMENT = "interventions_treatment", "Interventions and treatment"
    VICTIM_SAFETY_PLANNING = "victim_safety_planning", "Victim safety planning"


PILLARS: dict[str, str] = Pillar.labels()
PILLAR_LABELS = PILLARS
VICTIM_SAFETY = Pillar.VICTIM_SAFETY_PLANNING


class ActionStatus(Vocabulary):
    """Progress of an action of the active plan (decision 0012); any status may follow any other."""

    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_DONE = "not_done", "Not done"  # with a reason (status_reason)


ACTION_STATUSES: dict[str, str] = ActionStatus.labels()
# Actions no longer to be worked on: left out of "my actions" and never overdue.
FINISHED_ACTION_STATUSES = (ActionStatus.DONE, ActionStatus.NOT_DONE)


class VictimKind(Vocabulary):
    """Who a plan's victim entry is ([KEMSHALL-4P]: plans protect identified victims)."""

    KNOWN_ADULT = "known_adult", "Known adult (an identified person)"
    CHILD = "child", "Child (an identified child)"
    GROUP = "group", "Group (for example children at a named school)"
    STAFF = "staff", "Staff (an identified member of staff)"
    PUBLIC = "public", "Members of the public"


VICTIM_KINDS: dict[str, str] = VictimKind.labels()
# Victims that count as "identified" for VICTIM_SAFETY_MISSING (not the public at large).
IDENTIFIED_VICTIM_KINDS = frozenset(
    {VictimKind.KNOWN_ADULT, VictimKind.CHILD, VictimKind.GROUP, VictimKind.STAFF}
)
# Groups whose rating of medium or more calls for victim safety actions (a judgement call: see
# the package docstring).
VICTIM_GROUPS = ("children", "known_adult")
# Scenario kinds that are not risk scenarios: no contingency needed ([KEMSHALL-4P]).
NO_CONTINGENCY_KINDS = frozenset({ScenarioKind.IMPROVEMENT})


class AssessmentStanding(Vocabulary):
    """Whether the assessment a plan responds to is still the case's current one."""

    CURRENT = "current", "Current"
    SUPERSEDED = "superseded", "Superseded"

    @classmethod
    def of(cls, is_current: bool) -> AssessmentStanding:
        return cls.CURRENT if is_current else cls.SUPERSEDED


ASSESSMENT_STATUSES: dict[str, str] = AssessmentStanding.labels()


class Severity(Vocabulary):
    """A finding's weight: an error blocks approval, a warning needs an acknowledgement."""

    ERROR = "error", "Error"
    WARNING = "warning", "Warning"


ERROR = Severity.ERROR
WARNING = Severity.WARNING

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

MAX_INSTRUMENTS = 50
MAX_INFORMATION = 200
MAX_COMMUNICATED = 200
INSTRUMENT_PATTERN = re.compile(r"[a-z0-9][a-z0-9_.\-]{0,39}")

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
    # Optional since plan-checks-2026.2; a document without them still reads.
    "mappa_category",
    "level_decision",
    "next_mappa_review",
    "offending",
    "instruments",
    "information_considered",
    "information_gaps",
    "communicated",
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
CONTINGENCY_FIELDS = (
    "scenario",
    "warning_signs",
    "response",
    "owner_agency",
    "within_hours",
    "due",
)
ASSESSMENT_FIELDS = ("id", "status", "countersignature_required", "countersigned")
LEVEL_DECISION_FIELDS = ("level", "reason", "decided_on")
INFORMATION_FIELDS = ("agency", "summary")
COMMUNICATED_FIELDS = ("to", "on")


class OffendingKind(Vocabulary):
    """Kinds of offending that call for a reliable method of assessment ([KEMSHALL-DD]:
    reliable assessment methods have been used)."""

    SEXUAL = "sexual", "Sexual offending"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    VIOLENT = "violent", "Violent offending"


OFFENDING_KINDS: dict[str, str] = OffendingKind.labels()
# Who a plan is told to besides the agencies: the victim liaison officer, where there are victims.
VICTIM_LIAISON = "victim_liaison"
VICTIM_LIAISON_LABEL = "Victim liaison officer"

# --- versioned data the rules read (ours unless a source is named; an area may replace them) --


@dataclass(frozen=True)
class TickBoxPolicy:
    """When an action's links look ticked rather than thought through ([LOGAN-RF] traceable
    route): with at least ``min_factors`` risk factors, an action addressing every one of them,
    or more than ``max_share`` of them."""

    version: str
    min_factors: int
    max_share: float


TICK_BOX_POLICY = TickBoxPolicy(version="tick-box-2026.1 (ours)", min_factors=3, max_share=0.75)


@dataclass(frozen=True)
class LegalBasisTerms:
    """Words that show a legal basis names a licence condition, order, power or statute
    ([KEMSHALL-4P] prescribed by law); a legal basis with none of them ("because") is flagged.
    Matched as whole words, ignoring case, except ``case_sensitive`` (``Act``)."""

    version: str
    words: tuple[str, ...]
    case_sensitive: tuple[str, ...]
    patterns: tuple[str, ...] = ()  # further regular expressions, ignoring case

    def matcher(self) -> re.Pattern[str]:
        parts = [rf"(?i:\b{re.escape(w)}\b)" for w in self.words]
        parts += [rf"\b{re.escape(w)}\b" for w in self.case_sensitive]
        parts += [f"(?i:{p})" for p in self.patterns]
        return re.compile("|".join(parts))


LEGAL_BASIS_TERMS = LegalBasisTerms(
    version="legal-basis-terms-2026.1 (ours)",
    words=(
        "licence",
        "licences",
        "license",
        "condition",
        "conditions",
        "order",
        "orders",
        "SHPO",
        "SRO",
        "SOPO",
        "RSHO",
        "SPO",
        "DVPO",
        "DVPN",
        "VOO",
        "section",
        "sections",
        "power",
        "powers",
        "notification requirements",
        "injunction",
        "bail",
        "statute",
        "statutory",
        "regulation",
        "regulations",
        "schedule",
    ),
    case_sensitive=("Act",),
    patterns=(r"\bss?\.\s*[0-9]",),  # s.325, ss. 325-327
)


@dataclass(frozen=True)
class ResponseTimes:
    """The longest a contingency's response may take, in hours, by the overall community
    rating ([KEMSHALL-4P] contingency: how fast; [ROSH-2020] imminence). ``None``: no limit."""

    version: str
    hours: Mapping[str, int | None] = field(default_factory=dict)

    def limit(self, rating: str | None) -> int | None:
        return None if rating is None else self.hours.get(rating)


RESPONSE_TIMES = ResponseTimes(
    version="response-times-2026.1 (ours)",
    hours={"very_high": 24, "high": 72, "medium": 168, "low": None},
)


@dataclass(frozen=True)
class ReliableMethods:
    """For each kind of offending, the instruments any one of which counts as a reliable
    method of assessment ([KEMSHALL-DD]; [MOJ-ARNS] OSP and RSR, [RM2000], [DASH-2009],
    [SARA-1999]). An instrument scored as not applicable still counts as considered."""

    version: str
    by_kind: Mapping[str, tuple[str, ...]]


RELIABLE_METHODS = ReliableMethods(
    version="reliable-methods-2026.1 (ours)",
    by_kind={
        OffendingKind.SEXUAL: ("osp-dc", "osp-iic", "rm2000-s", "rm2000-v", "rm2000-c"),
        OffendingKind.DOMESTIC_ABUSE: ("dash", "dash-safelives", "sara"),
        OffendingKind.VIOLENT: ("rsr",),
    },
)
INSTRUMENT_NAMES: dict[str, str] = {
    "osp-dc": "OSP/DC",
    "osp-iic": "OSP/IIC",
    "rm2000-s": "RM2000/S",
    "rm2000-v": "RM2000/V",
    "rm2000-c": "RM2000/C",
    "dash": "DASH",
    "dash-safelives": "SafeLives Dash",
    "sara": "SARA",
    "rsr": "RSR",
}
# Pillars a restrictive measure belongs in ([KEMSHALL-4P]).
RESTRICTIVE_PILLARS = (Pillar.MONITORING_CONTROL, Pillar.VICTIM_SAFETY_PLANNING)
