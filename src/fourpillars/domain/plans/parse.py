"""Reading a plan document strictly: :func:`parse_plan` and its section readers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import Collector, DomainValidationError
from ..mappa import MappaLevel
from ..rosh import RATING_LABELS, RISK_GROUPS, SCENARIO_LABELS
from ..text import NAME_MAX, SHORT_TEXT_MAX
from .constants import (
    ACTION_FIELDS,
    ACTION_STATUSES,
    ACTION_TEXT_MAX,
    ASSESSMENT_FIELDS,
    ASSESSMENT_STATUSES,
    COMMUNICATED_FIELDS,
    CONTINGENCY_FIELDS,
    ENVELOPE_FIELDS,
    FACTOR_TEXT_MAX,
    INFORMATION_FIELDS,
    INSTRUMENT_PATTERN,
    LEVEL_DECISION_FIELDS,
    MAX_ACKNOWLEDGEMENTS,
    MAX_ACTIONS,
    MAX_AGENCIES,
    MAX_COMMUNICATED,
    MAX_CONTINGENCIES,
    MAX_FACTORS,
    MAX_INFORMATION,
    MAX_INSTRUMENTS,
    MAX_SCENARIOS,
    MAX_VICTIMS,
    MAX_WITHIN_HOURS,
    OFFENDING_KINDS,
    PILLARS,
    REASON_MAX,
    TOP_FIELDS,
    VICTIM_KINDS,
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
from .readers import (
    CODE_PATTERN,
    IdSet,
    read_agency,
    read_choice,
    read_date,
    read_ident,
    read_key,
    read_list,
    read_object,
    read_optional_text,
    read_refs,
    read_text,
    read_unknown,
)


def _rosh(errors: Collector, raw: object) -> Rosh | None:
    if raw is None:
        errors.add("rosh", "is required")
        return None
    obj = read_object(errors, raw, "rosh")
    if obj is None:
        return None
    for key in obj:
        if key not in RISK_GROUPS:
            errors.add(f"rosh.{read_key(key)}", "is not a setting: community or custody")
    ratings: dict[str, dict[str, str | None]] = {}
    for setting in RISK_GROUPS:
        where = f"rosh.{setting}"
        if obj.get(setting) is None:
            if setting == "community":
                errors.add(where, "is required")
            continue
        groups = read_object(errors, obj[setting], where)
        if groups is None:
            continue
        known = dict(RISK_GROUPS[setting])
        for key in groups:
            if key not in known:
                errors.add(
                    f"{where}.{read_key(key)}", f"is not a group in {setting}: {', '.join(known)}"
                )
        out: dict[str, str | None] = {}
        for group in known:
            value = groups.get(group)
            if value is None and setting != "community":
                out[group] = None
                continue
            rating = read_choice(errors, value, f"{where}.{group}", RATING_LABELS, required=True)
            out[group] = rating
        ratings[setting] = out
    if "community" not in ratings or any(v is None for v in ratings["community"].values()):
        return None
    community = {k: v for k, v in ratings["community"].items() if v is not None}
    return Rosh(community, ratings.get("custody"))


def _factors(errors: Collector, ids: IdSet, raw: object, name: str) -> tuple[Factor, ...]:
    out: list[Factor] = []
    for i, item in enumerate(read_list(errors, raw, name, MAX_FACTORS)):
        where = f"{name}.{i}"
        obj = read_object(errors, item, where)
        if obj is None:
            continue
        read_unknown(errors, obj, ("id", "text"), where, "a factor")
        ident = ids.claim(obj.get("id"), where)
        text = read_text(errors, obj.get("text"), f"{where}.text", FACTOR_TEXT_MAX, required=True)
        if ident is not None:
            out.append(Factor(ident, text))
    return tuple(out)


def _scenarios(errors: Collector, ids: IdSet, raw: object) -> tuple[Scenario, ...]:
    out: list[Scenario] = []
    for i, item in enumerate(read_list(errors, raw, "scenarios", MAX_SCENARIOS)):
        where = f"scenarios.{i}"
        obj = read_object(errors, item, where)
        if obj is None:
            continue
        read_unknown(errors, obj, ("id", "kind", "text"), where, "a scenario")
        ident = ids.claim(obj.get("id"), where)
        kind = read_choice(errors, obj.get("kind"), f"{where}.kind", SCENARIO_LABELS, required=True)
        text = read_text(errors, obj.get("text"), f"{where}.text", REASON_MAX)
        if ident is not None and kind is not None:
            out.append(Scenario(ident, kind, text))
    return tuple(out)


def _victims(errors: Collector, ids: IdSet, raw: object) -> tuple[Victim, ...]:
    out: list[Victim] = []
    for i, item in enumerate(read_list(errors, raw, "victims", MAX_VICTIMS)):
        where = f"victims.{i}"
        obj = read_object(errors, item, where)
        if obj is None:
            continue
        read_unknown(errors, obj, ("id", "kind", "text", "measures"), where, "a victim")
        ident = ids.claim(obj.get("id"), where)
        kind = read_choice(errors, obj.get("kind"), f"{where}.kind", VICTIM_KINDS, required=True)
        text = read_text(errors, obj.get("text"), f"{where}.text", FACTOR_TEXT_MAX, required=True)
        measures = read_optional_text(errors, obj.get("measures"), f"{where}.measures", REASON_MAX)
        if ident is not None and kind is not None:
            out.append(Victim(ident, kind, text, measures))
    return tuple(out)


def _agencies(errors: Collector, raw: object) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for i, item in enumerate(read_list(errors, raw, "agencies_with_access", MAX_AGENCIES)):
        code = read_agency(errors, item, f"agencies_with_access.{i}", required=True)
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


def _action(errors: Collector, ids: IdSet, item: object, where: str) -> Action | None:
    obj = read_object(errors, item, where)
    if obj is None:
        return None
    before = len(errors.errors)
    read_unknown(errors, obj, ACTION_FIELDS, where, "an action")
    ident = ids.claim(obj.get("id"), where)
    pillar = read_choice(errors, obj.get("pillar"), f"{where}.pillar", PILLARS, required=True)
    start = read_date(errors, obj.get("start"), f"{where}.start")
    end = read_date(errors, obj.get("end"), f"{where}.end")
    if start is not None and end is not None and end < start:
        errors.add(f"{where}.end", f"must be on or after the start ({start.isoformat()})")
    action = Action(
        id=ident or "",
        pillar=pillar or "",
        text=read_text(errors, obj.get("text"), f"{where}.text", ACTION_TEXT_MAX, required=True),
        owner_agency=read_agency(errors, obj.get("owner_agency"), f"{where}.owner_agency"),
        addresses=read_refs(errors, obj.get("addresses"), f"{where}.addresses"),
        frequency=read_optional_text(
            errors, obj.get("frequency"), f"{where}.frequency", SHORT_TEXT_MAX
        ),
        due=read_date(errors, obj.get("due"), f"{where}.due"),
        restrictive=_boolean(errors, obj.get("restrictive"), f"{where}.restrictive"),
        protects=read_refs(errors, obj.get("protects"), f"{where}.protects"),
        owner=_owner(errors, obj, where),
        start=start,
        end=end,
        status=read_choice(
            errors, obj.get("status"), f"{where}.status", ACTION_STATUSES, required=False
        ),
        status_reason=read_optional_text(
            errors, obj.get("status_reason"), f"{where}.status_reason", REASON_MAX
        ),
        legal_basis=read_optional_text(
            errors, obj.get("legal_basis"), f"{where}.legal_basis", REASON_MAX
        ),
        proportionality=read_optional_text(
            errors, obj.get("proportionality"), f"{where}.proportionality", REASON_MAX
        ),
    )
    return action if len(errors.errors) == before else None


def _owner(errors: Collector, obj: Mapping[str, Any], where: str) -> str | None:
    """The named owner: ``owner``, or ``owner_name`` as the plan app stores it (not both)."""
    owner = read_optional_text(errors, obj.get("owner"), f"{where}.owner", NAME_MAX * 2)
    alias = read_optional_text(errors, obj.get("owner_name"), f"{where}.owner_name", NAME_MAX * 2)
    if owner and alias and owner != alias:
        errors.add(f"{where}.owner_name", "differs from owner: give one of them")
    return owner or alias


def _pillar_reasons(errors: Collector, raw: object) -> dict[str, str | None]:
    if raw is None:
        return {}
    obj = read_object(errors, raw, "pillar_reasons")
    if obj is None:
        return {}
    out: dict[str, str | None] = {}
    for key, value in obj.items():
        if key not in PILLARS:
            errors.add(f"pillar_reasons.{read_key(key)}", f"is not a pillar: {', '.join(PILLARS)}")
            continue
        out[key] = read_optional_text(errors, value, f"pillar_reasons.{key}", REASON_MAX)
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
    for i, item in enumerate(read_list(errors, raw, "contingencies", MAX_CONTINGENCIES)):
        where = f"contingencies.{i}"
        obj = read_object(errors, item, where)
        if obj is None:
            continue
        before = len(errors.errors)
        read_unknown(errors, obj, CONTINGENCY_FIELDS, where, "a contingency")
        found = Contingency(
            scenario=read_ident(errors, obj.get("scenario"), f"{where}.scenario") or "",
            warning_signs=read_text(
                errors, obj.get("warning_signs"), f"{where}.warning_signs", REASON_MAX
            ),
            response=read_text(errors, obj.get("response"), f"{where}.response", REASON_MAX),
            owner_agency=read_agency(errors, obj.get("owner_agency"), f"{where}.owner_agency"),
            within_hours=_within_hours(errors, obj.get("within_hours"), f"{where}.within_hours"),
            due=read_date(errors, obj.get("due"), f"{where}.due"),
        )
        if len(errors.errors) == before:
            out.append(found)
    return tuple(out)


def _assessment(errors: Collector, raw: object) -> AssessmentRef | None:
    if raw is None:
        return None
    obj = read_object(errors, raw, "assessment")
    if obj is None:
        return None
    read_unknown(errors, obj, ASSESSMENT_FIELDS, "assessment", "the assessment reference")
    raw_id = obj.get("id")
    if isinstance(raw_id, int) and not isinstance(raw_id, bool) and raw_id >= 0:
        raw_id = str(raw_id)
    ident = read_ident(errors, raw_id, "assessment.id")
    status = read_choice(
        errors, obj.get("status"), "assessment.status", ASSESSMENT_STATUSES, required=True
    )
    required = _maybe_boolean(
        errors, obj.get("countersignature_required"), "assessment.countersignature_required"
    )
    countersigned = _maybe_boolean(errors, obj.get("countersigned"), "assessment.countersigned")
    if ident is None or status is None:
        return None
    return AssessmentRef(ident, status, required, countersigned)


def _maybe_boolean(errors: Collector, raw: object, where: str) -> bool | None:
    if raw is None:
        return None
    if not isinstance(raw, bool):
        errors.add(where, "must be true or false")
        return None
    return raw


def _small_int(errors: Collector, raw: object, where: str, choices: tuple[int, ...]) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw not in choices:
        errors.add(where, f"must be {', '.join(map(str, choices[:-1]))} or {choices[-1]}")
        return None
    return raw


def _level_decision(errors: Collector, raw: object) -> LevelDecisionRef | None:
    if raw is None:
        return None
    obj = read_object(errors, raw, "level_decision")
    if obj is None:
        return None
    read_unknown(errors, obj, LEVEL_DECISION_FIELDS, "level_decision", "a level decision")
    level = _small_int(errors, obj.get("level"), "level_decision.level", (1, 2, 3))
    if obj.get("level") is None:
        errors.add("level_decision.level", "is required")
    reason = read_optional_text(errors, obj.get("reason"), "level_decision.reason", REASON_MAX)
    decided_on = read_date(errors, obj.get("decided_on"), "level_decision.decided_on")
    return None if level is None else LevelDecisionRef(level, reason, decided_on)


def _codes(
    errors: Collector, raw: object, where: str, maximum: int, allowed: Mapping[str, str] | None
) -> tuple[str, ...]:
    """A list of codes (offending kinds, or instrument codes); repeats dropped, order kept."""
    out: dict[str, None] = {}
    for i, item in enumerate(read_list(errors, raw, where, maximum)):
        if allowed is not None:
            code = read_choice(errors, item, f"{where}.{i}", allowed, required=True)
        elif not isinstance(item, str) or not INSTRUMENT_PATTERN.fullmatch(item):
            errors.add(
                f"{where}.{i}",
                "must be an instrument code such as osp-dc: 1-40 small letters, digits, "
                "'_', '.' or '-'",
            )
            code = None
        else:
            code = item
        if code is not None:
            out[code] = None
    return tuple(out)


def _information(errors: Collector, raw: object) -> tuple[InformationItem, ...]:
    out: list[InformationItem] = []
    for i, item in enumerate(read_list(errors, raw, "information_considered", MAX_INFORMATION)):
        where = f"information_considered.{i}"
        obj = read_object(errors, item, where)
        if obj is None:
            continue
        read_unknown(errors, obj, INFORMATION_FIELDS, where, "information considered")
        agency = read_agency(errors, obj.get("agency"), f"{where}.agency", required=True)
        summary = read_text(errors, obj.get("summary"), f"{where}.summary", REASON_MAX)
        if agency is not None:
            out.append(InformationItem(agency, summary))
    return tuple(out)


def _communicated(errors: Collector, raw: object) -> tuple[Communication, ...]:
    out: list[Communication] = []
    for i, item in enumerate(read_list(errors, raw, "communicated", MAX_COMMUNICATED)):
        where = f"communicated.{i}"
        obj = read_object(errors, item, where)
        if obj is None:
            continue
        read_unknown(errors, obj, COMMUNICATED_FIELDS, where, "a communication")
        to = read_agency(errors, obj.get("to"), f"{where}.to", required=True)
        on = read_date(errors, obj.get("on"), f"{where}.on", required=True)
        if to is not None and on is not None:
            out.append(Communication(to, on))
    return tuple(out)


def _acknowledgements(errors: Collector, raw: object) -> tuple[Acknowledgement, ...]:
    out: list[Acknowledgement] = []
    for i, item in enumerate(read_list(errors, raw, "acknowledgements", MAX_ACKNOWLEDGEMENTS)):
        where = f"acknowledgements.{i}"
        obj = read_object(errors, item, where)
        if obj is None:
            continue
        read_unknown(errors, obj, ("code", "refs", "reason", "by"), where, "an acknowledgement")
        code = obj.get("code")
        if code is None or code == "":
            errors.add(f"{where}.code", "is required")
            code = None
        elif not isinstance(code, str) or not CODE_PATTERN.fullmatch(code):
            errors.add(f"{where}.code", "must be a finding code such as ACTION_NO_TIMING")
            code = None
        refs = read_refs(errors, obj.get("refs"), f"{where}.refs")
        reason = read_text(errors, obj.get("reason"), f"{where}.reason", REASON_MAX, required=True)
        by = read_optional_text(errors, obj.get("by"), f"{where}.by", NAME_MAX * 2)
        if code is not None and reason:
            out.append(Acknowledgement(code, refs, reason, by))
    return tuple(out)


def parse_plan(data: object) -> PlanDocument:
    """Read a plan document strictly; raise DomainValidationError naming every bad field."""
    if not isinstance(data, Mapping):
        raise DomainValidationError.single("plan", "must be a JSON object")
    errors = Collector()
    read_unknown(errors, data, (*TOP_FIELDS, *ENVELOPE_FIELDS), "", "a plan")
    ids = IdSet(errors)
    plan_date = read_date(errors, data.get("plan_date"), "plan_date", required=True)
    review_date = read_date(errors, data.get("review_date"), "review_date")
    period_start = read_date(errors, data.get("period_start"), "period_start")
    period_end = read_date(errors, data.get("period_end"), "period_end")
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
    for i, item in enumerate(read_list(errors, data.get("actions"), "actions", MAX_ACTIONS)):
        action = _action(errors, ids, item, f"actions.{i}")
        if action is not None:
            actions.append(action)
    reasons = _pillar_reasons(errors, data.get("pillar_reasons"))
    contingencies = _contingencies(errors, data.get("contingencies"))
    assessment = _assessment(errors, data.get("assessment"))
    acknowledgements = _acknowledgements(errors, data.get("acknowledgements"))
    category = _small_int(errors, data.get("mappa_category"), "mappa_category", (1, 2, 3, 4))
    level_decision = _level_decision(errors, data.get("level_decision"))
    next_mappa_review = read_date(errors, data.get("next_mappa_review"), "next_mappa_review")
    offending = _codes(errors, data.get("offending"), "offending", 10, OFFENDING_KINDS)
    instruments = _codes(errors, data.get("instruments"), "instruments", MAX_INSTRUMENTS, None)
    information = _information(errors, data.get("information_considered"))
    gaps = read_optional_text(errors, data.get("information_gaps"), "information_gaps", REASON_MAX)
    communicated = _communicated(errors, data.get("communicated"))
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
        mappa_category=category,
        level_decision=level_decision,
        next_mappa_review=next_mappa_review,
        offending=offending,
        instruments=instruments,
        information_considered=information,
        information_gaps=gaps,
        communicated=communicated,
    )
