"""Four Pillars risk management plans: the plan document and its quality checker (decision
0012).

Rules from [KEMSHALL-4P] (the four pillars; principles for plans, SMART actions, contingency
planning), [KEMSHALL-DD] (defensible decisions: reliable methods, information evaluated,
decisions recorded), [LOGAN-RF] (the traceable route from risk factors to actions; review;
the right people told), [MAPPA-G]
ch.7 and ch.13a (levels and review intervals) and [RCPSYCH-RF] (scenario planning). Pure: no
framework, no database; the same functions serve the plan pages, ``POST /api/v1/plan-checks``
and ``fourpillars check-plan``.

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
                           "by": "jsmith"}],                     # "by" optional
     # optional since plan-checks-2026.2 (an older document without them reads the same):
     "mappa_category": 1,                                          # 1-4
     "level_decision": {"level": 2, "reason": "...", "decided_on": "2026-11-20"},
     "next_mappa_review": "2027-03-01",                            # the case's next review
     "offending": ["sexual", "domestic_abuse", "violent"],         # any of these
     "instruments": ["osp-dc", "rm2000-s"],                        # codes with a result
     "information_considered": [{"agency": "police", "summary": "..."}],
     "information_gaps": "...",
     "communicated": [{"to": "police", "on": "2026-11-27"},
                      {"to": "victim_liaison", "on": "2026-11-27"}]}
    # and in "assessment": "countersignature_required", "countersigned" (true/false);
    # in a contingency: "due" (a date)

Reading is strict (:func:`parse_plan`): wrong types, unknown fields, unknown pillars or kinds,
dates not written YYYY-MM-DD, identifiers used twice anywhere in the document, and documents
over the caps all raise :class:`DomainValidationError` naming every bad field by dotted path
(``actions.3.pillar``). Only a few envelope keys a stored plan may carry (``ENVELOPE_FIELDS``)
are accepted and ignored.

Judgement calls (ours; the sources leave them open):

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
  does not give victims reasonable protection ([KEMSHALL-4P] "protective"), and a recorded
  reason for an empty pillar does not stand in for it. Victims of kind ``public`` are not
  identified victims (they still need a protecting action: ``VICTIM_UNPROTECTED``). When this
  error fires, the pillar's own ``PILLAR_EMPTY`` warning is not repeated.
- Improvement (best case) scenarios need no contingency: [KEMSHALL-4P] asks for one for each
  *risk* scenario. Every other kind does (``SCENARIO_NO_CONTINGENCY``, an error).
- A contingency's owner agency without access to the case is an error, as for actions: a
  pre-agreed response by an agency that cannot see the case will not happen.
- "A low overall rating" is the highest community rating being low ([MOJ-NDELIUS] [M]).
- The level ([MAPPA-G] ch.7): high or very high overall community RoSH at level 1, or low at
  level 3, is an error unless the document records a level decision *for that level* with a
  reason; with one there is no finding at all (RoSH does not set the level alone, and the
  recorded, reasoned decision is what makes the level defensible: [KEMSHALL-DD]). A decision
  for another level, or without a reason, does not count. A category 3 case at level 1 is
  an error whatever is recorded.
- Review dates: levels 2 and 3 follow MAPPA meeting review intervals (an error when later);
  level 1 is reviewed under the lead agency's own procedure, so its interval is a default and
  a later date is the warning ``LEVEL1_REVIEW_AFTER_DEFAULT``. A plan of a level 2 or 3 case
  is reviewed at the case's next MAPPA review at the latest (``next_mappa_review``).
- Due dates (``DUE_OUTSIDE_PLAN``): an action's or contingency's ``due`` before the plan
  date, or after the review date, is an error; when the review date itself is before the
  plan date only the review rule speaks.
- Response times scale with the overall community rating (``RESPONSE_TIMES``, ours,
  versioned). Where the rating sets a limit, a contingency without ``within_hours`` is
  ``CONTINGENCY_TOO_SLOW``'s to say, not ``CONTINGENCY_INCOMPLETE``'s.
- Tick-box links (``TICK_BOX_POLICY``): only risk factors count, and only with at least three.
- Reliable methods (``RELIABLE_METHODS``): a kind of offending the document lists without
  any of its instruments among ``instruments`` is a warning; an instrument scored as not
  applicable still counts as considered. For a stored plan the kinds come from
  ``offending_kinds`` (category 1 or ECRIS 10xx: sexual; 08xx: violent); the register holds
  nothing that says domestic abuse.
- ``PLAN_NOT_COMMUNICATED`` asks for every agency owning an action, and the victim liaison
  officer (``victim_liaison``) where victims are identified (not the public at large).
- ``INFORMATION_NOT_RECORDED`` asks for both which agencies' information was considered and
  the gaps ("none known" is an answer).
- An acknowledgement matches a warning by code and the *set* of its refs. Errors are never
  acknowledged; an acknowledgement that matches no current warning is kept and reported as
  unused, never applied to another finding.

The package, by responsibility: ``constants`` (pillars, labels, statuses, kinds, caps, field
names, versions), ``document`` (the dataclasses), ``readers`` and ``parse`` (strict reading,
:func:`parse_plan`), ``registry`` (:class:`Finding`, :class:`Rule`, the per-check context),
``rules`` (every rule and the ``RULES`` table), ``offending`` (kinds of offending from the
register) and ``checker`` (:func:`check`, acknowledgements,
:func:`report`, :func:`rules_table`). Import from here: ``from fourpillars.domain import plans``.
"""

from __future__ import annotations

from .checker import Readiness, acknowledged, check, report, rules_table
from .constants import (
    ACTION_FIELDS,
    ACTION_STATUSES,
    ACTION_TEXT_MAX,
    ASSESSMENT_STATUSES,
    CONTINGENCY_FIELDS,
    ENVELOPE_FIELDS,
    ERROR,
    FACTOR_TEXT_MAX,
    FINISHED_ACTION_STATUSES,
    IDENTIFIED_VICTIM_KINDS,
    INSTRUMENT_PATTERN,
    MAX_ACKNOWLEDGEMENTS,
    MAX_ACTIONS,
    MAX_AGENCIES,
    MAX_CONTINGENCIES,
    MAX_FACTORS,
    MAX_REFS,
    MAX_SCENARIOS,
    MAX_VICTIMS,
    MAX_WITHIN_HOURS,
    NO_CONTINGENCY_KINDS,
    OFFENDING_KINDS,
    PILLAR_LABELS,
    PILLARS,
    REASON_MAX,
    RULES_VERSION,
    TOP_FIELDS,
    VAGUE_WORDS,
    VICTIM_GROUPS,
    VICTIM_KINDS,
    VICTIM_LIAISON,
    VICTIM_LIAISON_LABEL,
    VICTIM_SAFETY,
    WARNING,
    ActionStatus,
    AssessmentStanding,
    OffendingKind,
    Pillar,
    Severity,
    VictimKind,
)
from .document import (
    Acknowledgement,
    Action,
    AssessmentRef,
    Communication,
    Contingency,
    Factor,
    InformationItem,
    LevelDecisionRef,
    PlanDocument,
    Rosh,
    Scenario,
    Victim,
)
from .lifecycle import PlanStatus, transition
from .offending import offending_kinds
from .parse import parse_plan
from .registry import Finding, Hit, Rule, RuleCheck
from .rules import RULES, RULES_BY_CODE

__all__ = [
    "ACTION_FIELDS",
    "ACTION_STATUSES",
    "ACTION_TEXT_MAX",
    "ASSESSMENT_STATUSES",
    "CONTINGENCY_FIELDS",
    "ENVELOPE_FIELDS",
    "ERROR",
    "FACTOR_TEXT_MAX",
    "FINISHED_ACTION_STATUSES",
    "IDENTIFIED_VICTIM_KINDS",
    "INSTRUMENT_PATTERN",
    "MAX_ACKNOWLEDGEMENTS",
    "MAX_ACTIONS",
    "MAX_AGENCIES",
    "MAX_CONTINGENCIES",
    "MAX_FACTORS",
    "MAX_REFS",
    "MAX_SCENARIOS",
    "MAX_VICTIMS",
    "MAX_WITHIN_HOURS",
    "NO_CONTINGENCY_KINDS",
    "OFFENDING_KINDS",
    "PILLARS",
    "PILLAR_LABELS",
    "REASON_MAX",
    "RULES",
    "RULES_BY_CODE",
    "RULES_VERSION",
    "TOP_FIELDS",
    "VAGUE_WORDS",
    "VICTIM_GROUPS",
    "VICTIM_KINDS",
    "VICTIM_LIAISON",
    "VICTIM_LIAISON_LABEL",
    "VICTIM_SAFETY",
    "WARNING",
    "Acknowledgement",
    "Action",
    "ActionStatus",
    "AssessmentRef",
    "AssessmentStanding",
    "Communication",
    "Contingency",
    "Factor",
    "Finding",
    "Hit",
    "InformationItem",
    "LevelDecisionRef",
    "OffendingKind",
    "Pillar",
    "PlanDocument",
    "PlanStatus",
    "Readiness",
    "Rosh",
    "Rule",
    "RuleCheck",
    "Scenario",
    "Severity",
    "Victim",
    "VictimKind",
    "acknowledged",
    "check",
    "offending_kinds",
    "parse_plan",
    "report",
    "rules_table",
    "transition",
]
