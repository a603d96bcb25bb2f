"""Plan facts: pillars, labels, statuses, kinds, severities, caps, field names, versions."""

from __future__ import annotations

from ..text import LONG_TEXT_MAX, SHORT_TEXT_MAX

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
# Groups whose rating of medium or more calls for victim safety actions (a judgement call: see
# the package docstring).
VICTIM_GROUPS = ("children", "known_adult")
# Scenario kinds that are not risk scenarios: no contingency needed ([KEMSHALL-4P]).
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
