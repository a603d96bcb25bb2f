"""Turning stored records into the plain dicts the response schemas describe.

Only ever given records the caller may see (fetched through ``Case.objects.visible_to`` or the
services); these functions decide the shape, never the access.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from fourpillars.domain.agencies import AGENCY_KIND_LABELS, LAWFUL_BASIS_LABELS, AgencyKind
from fourpillars.domain.agencies import LawfulBasis as Basis
from fourpillars.domain.ecris import OFFENCE_CATEGORIES
from fourpillars.domain.mappa import CATEGORY_INFO, LEVEL_LABELS, MappaCategory, MappaLevel
from fourpillars.domain.notification import DISPOSAL_LABELS, Disposal
from fourpillars.services.cases.changes import review_policy

if TYPE_CHECKING:
    from fourpillars.accounts.models import Agency, Area, User
    from fourpillars.audit.models import AuditEvent
    from fourpillars.register.models import (
        Address,
        Case,
        CaseShare,
        Conviction,
        Identifier,
        Person,
        PersonName,
    )
    from fourpillars.services.cases.records import CaseRecord, PersonRecords


def _label(table: Mapping[Any, str], key: object, enum: type, fallback: str = "") -> str:
    try:
        return table[enum(key)]
    except (ValueError, KeyError):
        return fallback


def ref(obj: Agency | Area) -> dict[str, str]:
    return {"code": obj.code, "name": obj.name}


def case_summary(case: Case) -> dict[str, object]:
    return {
        "id": case.pk,
        "reference": case.reference,
        "name": case.person.display_name,
        "date_of_birth": case.person.date_of_birth,
        "category": case.category,
        "level": case.level,
        "lead_agency": case.lead_agency.code,
        "area": case.area.code,
        "status": case.status,
    }


def name(n: PersonName) -> dict[str, object]:
    return {
        "id": n.pk,
        "kind": n.kind,
        "family_name": n.family_name,
        "given_names": n.given_names,
        "full": n.full,
        "valid_from": n.valid_from,
        "valid_to": n.valid_to,
    }


def identifier(i: Identifier) -> dict[str, object]:
    return {"id": i.pk, "kind": i.kind, "label": i.label, "value": i.value, "country": i.country}


def address(a: Address) -> dict[str, object]:
    return {
        "id": a.pk,
        "line1": a.line1,
        "line2": a.line2,
        "town": a.town,
        "postcode": a.postcode,
        "country": a.country,
        "from_date": a.from_date,
        "to_date": a.to_date,
        "current": a.to_date is None,
    }


def conviction(c: Conviction) -> dict[str, object]:
    category = OFFENCE_CATEGORIES.get(c.ecris_code)
    return {
        "id": c.pk,
        "date": c.date,
        "court": c.court,
        "country": c.country,
        "offence_text": c.offence_text,
        "ecris_code": c.ecris_code,
        "ecris_label": category.label if category else "",
        "completion": c.completion,
        "participation": c.participation,
        "sentence": c.sentence,
    }


def person(p: Person, records: PersonRecords) -> dict[str, object]:
    """The whole person record, from the records the case's read model already holds."""
    return {
        "id": p.pk,
        "version": p.version,
        "display_name": p.display_name,
        "date_of_birth": p.date_of_birth,
        "sex": p.sex,
        "nationalities": list(p.nationalities or []),
        "names": [name(n) for n in records.names],
        "identifiers": [identifier(i) for i in records.identifiers],
        "addresses": [address(a) for a in records.addresses],
        "convictions": [conviction(c) for c in records.convictions],
    }


def share(s: CaseShare) -> dict[str, object]:
    return {
        "id": s.pk,
        "agency": ref(s.agency),
        "lawful_basis": s.lawful_basis,
        "lawful_basis_label": _label(LAWFUL_BASIS_LABELS, s.lawful_basis, Basis, s.lawful_basis),
        "reason": s.reason,
        "granted_by": s.granted_by.get_username(),
        "granted_at": s.granted_at,
        "expires_at": s.expires_at,
        "revoked_at": s.revoked_at,
        "revoke_reason": s.revoke_reason,
        "active": s.is_active(timezone.now()),
    }


def _notification(case: Case) -> dict[str, object] | None:
    if not (case.notification_indefinite or case.notification_months is not None):
        return None
    return {
        "indefinite": case.notification_indefinite,
        "months": case.notification_months,
        "end": case.notification_end,
        "explanation": case.notification_explanation,
        "rules_version": case.notification_rules_version or None,
    }


def case_fields(case: Case) -> dict[str, object]:
    """MAPPA case with its derived dates ([SOA-2003] s.82, [MAPPA-G] ch.13a), without the person."""
    info = CATEGORY_INFO.get(MappaCategory(case.category)) if 1 <= case.category <= 4 else None
    return {
        "id": case.pk,
        "reference": case.reference,
        "version": case.version,
        "person_id": case.person_id,
        "person_version": case.person.version,
        "category": case.category,
        "category_label": info.label if info else str(case.category),
        "category_confirmed": bool(info and info.confirmed),
        "level": case.level,
        "level_label": _label(LEVEL_LABELS, case.level, MappaLevel, str(case.level)),
        "lead_agency": ref(case.lead_agency),
        "area": ref(case.area),
        "status": case.status,
        "start_date": case.start_date,
        "next_review_date": case.next_review_date,
        "review_policy_version": case.review_policy_version,
        "disposal": case.disposal,
        "disposal_label": _label(DISPOSAL_LABELS, case.disposal, Disposal),
        "disposal_date": case.disposal_date,
        "custody_months": case.custody_months,
        "discharge_months": case.discharge_months,
        "under_18_at_disposal": case.under_18_at_disposal,
        "notification": _notification(case),
        "created_at": case.created_at,
        "updated_at": case.updated_at,
    }


def case_detail(shown: CaseRecord) -> dict[str, object]:
    """The whole case: its fields, its person record and its shares."""
    return {
        **case_fields(shown.case),
        "person": person(shown.person, shown.records),
        "shares": [share(s) for s in shown.shares],
    }


def person_version(p: Person, **item: object) -> dict[str, object]:
    """What a person write answers: the new version, and the item it added if any."""
    return {"person_id": p.pk, "version": p.version, **item}


def person_saved(p: Person) -> dict[str, object]:
    return person_version(
        p, date_of_birth=p.date_of_birth, sex=p.sex, nationalities=list(p.nationalities or [])
    )


def event(ev: AuditEvent) -> dict[str, object]:
    """One timeline entry: what happened, who did it, and why."""
    return {
        "seq": ev.seq,
        "at": ev.at,
        "operation": ev.operation,
        "action": ev.action,
        "actor": ev.actor_username,
        "actor_agency": ev.actor_agency,
        "actor_role": ev.actor_role,
        "target_type": ev.target_type,
        "target_id": ev.target_id,
        "justification": ev.justification,
        "legal_basis": ev.legal_basis,
        "recipients": list(ev.recipients or []),
        "before": ev.before,
        "after": ev.after,
    }


def audit_row(ev: AuditEvent) -> dict[str, object]:
    """The full DPA 2018 s.62 record, hash chain included, for auditors."""
    return {
        **event(ev),
        "case_id": ev.case_id,
        "person_id": ev.person_id,
        "purpose": ev.purpose,
        "query": ev.query,
        "record_ids": list(ev.record_ids or []),
        "channel": ev.channel,
        "request_id": ev.request_id,
        "prev_hash": ev.prev_hash,
        "hash": ev.hash,
    }


def agency(a: Agency) -> dict[str, object]:
    return {
        "code": a.code,
        "name": a.name,
        "kind": a.kind,
        "kind_label": _label(AGENCY_KIND_LABELS, a.kind, AgencyKind, a.kind),
        "area": a.area.code if a.area else None,
    }


def area(a: Area) -> dict[str, object]:
    weeks = review_policy(a).weeks
    return {"code": a.code, "name": a.name, "review_weeks": {str(k): v for k, v in weeks.items()}}


def user(u: User) -> dict[str, object]:
    return {
        "id": u.pk,
        "username": u.get_username(),
        "first_name": u.first_name,
        "last_name": u.last_name,
        "role": u.role,
        "role_label": u.role_label,
        "agency": u.agency.code if u.agency else None,
        "is_active": u.is_active,
    }
