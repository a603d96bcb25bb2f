"""Plan facts: pillars, labels, statuses, kinds, severities, caps, field names, versions."""

from __future__ import annotations

from ..rosh.ratings import ScenarioKind
from ..text import LONG_TEXT_MAX, SHORT_TEXT_MAX
from ..vocabulary import Vocabulary

RULES_VERSION = "plan-checks-2026.1"


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
