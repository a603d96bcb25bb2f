"""Records the police officer of area A may not see, one or more of each kind, and every web and
API URL that names one (decision 0028, refused reads): shared by the web and API tests of
refused reads.

Each kind of record belongs to the other area's case (police-b leads it; hidden from the
police officer), except the possible duplicate (its hidden side is a second area B case) and
the rows asked for under the police officer's own case or person (another person's address,
conviction, identifier; another case's share or instrument result). ``Kind.values`` gives the
URL parameters that name the hidden record and ``Kind.missing`` those that name nothing; the
refusal names ``Kind.case`` or ``Kind.person``.

URLs whose parameters name no record of a case or a person, or whose refusal is a role's (the
exchange operator's queues, administration, one's own tokens), are listed in ``NOT_CASE_RECORDS``
with the reason; a test holds the tables to the URL map.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from fourpillars.exchange.models import Peer
from fourpillars.meetings.models import Meeting, MeetingCase
from fourpillars.notifications.models import Notification
from fourpillars.received.models import ReceivedRiskNotification
from fourpillars.referrals.models import DuplicateFlag
from fourpillars.register.models import Address, Conviction, Identifier
from fourpillars.services import assessments
from fourpillars.services.exchange_received import receiving
from fourpillars.services.reminders import scan_reminders
from fourpillars.services.soa import proposals, records
from fourpillars.services.soa import transfers as soa_transfers
from fourpillars.soa.models import RiskNotification
from tests import received_payloads as received
from tests.cast import World
from tests.factories import actions_due, active_plan_and_draft
from tests.moves import between_areas
from tests.soa_world import travel

ASKER = "police"  # sees the police case only
MISSING = 10**9  # added to an id: no such record


@dataclass
class Kind:
    """A hidden record's URL parameters, the same naming nothing, and what its refusal names."""

    values: dict[str, object]
    missing: dict[str, object] = field(default_factory=dict)
    case: int | None = None
    person: int | None = None

    def __post_init__(self) -> None:
        for name, value in self.values.items():  # ids name nothing once moved far away
            self.missing.setdefault(name, value + MISSING if isinstance(value, int) else value)


def _case(world: World) -> Kind:
    """The case itself (a share of it, an instrument's prefill: the case is asked for first)."""
    case = world.other_area_case
    return Kind({"case_id": case.pk, "code": "rm2000-c", "share_id": 1}, case=case.pk)


def _person(world: World) -> Kind:
    case = world.other_area_case
    ident = Identifier.objects.create(person_id=case.person_id, kind="crn", value="X123456")
    return Kind({"person_id": case.person_id, "identifier_id": ident.pk}, person=case.person_id)


def _person_rows(world: World) -> Kind:
    """Another person's rows asked for under the police officer's own case and person."""
    own, other = world.police_case, world.other_area_case
    ident = Identifier.objects.create(person_id=other.person_id, kind="crn", value="X654321")
    address = Address.objects.filter(person_id=other.person_id).values_list("pk", flat=True)
    conviction = Conviction.objects.filter(person_id=other.person_id).values_list("pk", flat=True)
    values = {"address_id": address[0], "conviction_id": conviction[0], "identifier_id": ident.pk}
    keep = {"case_id": own.pk, "person_id": own.person_id}
    return Kind({**values, **keep}, dict(keep), person=other.person_id)


def _share(world: World) -> Kind:
    """Another case's share asked for under the police officer's own case."""
    from fourpillars.services import cases

    share = cases.share_case(
        actor=world.users["outsider"],
        case_id=world.other_area_case.pk,
        agency="probation-b",
        lawful_basis="cja2003_s325_4",
        reason="Refused reads",
    )
    own = {"case_id": world.police_case.pk}
    return Kind({"share_id": share.pk, **own}, dict(own), case=world.other_area_case.pk)


def _assessment(world: World) -> Kind:
    outsider = world.users["outsider"]
    draft = assessments.start_assessment(actor=outsider, case_id=world.other_area_case.pk)
    result = assessments.score_instrument(
        actor=outsider,
        assessment_id=draft.pk,
        code="rm2000-c",
        payload={"s_band": "high", "v_band": "high"},
    )
    values = {
        "assessment_id": draft.pk,
        "slug": "risk_factors",
        "index": 0,
        "code": "rm2000-c",
        "result_id": result.pk,
    }
    return Kind(values, case=world.other_area_case.pk)


def _instrument_result(world: World) -> Kind:
    """Another case's instrument result asked for under the police officer's own draft."""
    other = _assessment(world)
    own = assessments.start_assessment(actor=world.users["police"], case_id=world.police_case.pk)
    keep = {"assessment_id": own.pk}
    return Kind({"result_id": other.values["result_id"], **keep}, dict(keep), case=other.case)


def _plan(world: World) -> Kind:
    active, draft = active_plan_and_draft(world, "other_area_case")
    values = {
        "plan_id": draft.pk,
        "other_id": active.pk,
        "slug": "actions",
        "index": 0,
    }
    return Kind(values, case=world.other_area_case.pk)


def _action(world: World) -> Kind:
    [action] = actions_due(world, "other_area_case", [5])
    return Kind({"action_id": action.pk}, case=world.other_area_case.pk)


def _notification(world: World) -> Kind:
    """The outsider's reminder of an overdue action on their case."""
    actions_due(world, "other_area_case", [-1])
    scan_reminders()
    note = Notification.objects.filter(case=world.other_area_case).first()
    assert note is not None
    return Kind({"notification_id": note.pk}, case=world.other_area_case.pk)


def _meeting(world: World) -> Kind:
    """A meeting of area B on its case (rows: area B has no co-ordinator in the cast)."""
    case, outsider = world.other_area_case, world.users["outsider"]
    meeting = Meeting.objects.create(
        area_id=case.area_id,
        kind="review",
        starts_at=timezone.now() + dt.timedelta(days=7),
        chair=outsider,
        created_by=outsider,
    )
    MeetingCase.objects.create(meeting=meeting, case=case, level=case.level)
    values = {
        "meeting_id": meeting.pk,
        "case_id": case.pk,
        "slug": "outcome",
        "section": "outcome",
        "action_id": "m1",
    }
    return Kind(values, case=case.pk)


def _referral(world: World) -> Kind:
    moves = between_areas(world)
    return Kind(
        {"referral_id": moves.referrals["other_area_case"].pk}, case=world.other_area_case.pk
    )


def _transfer(world: World) -> Kind:
    """The other area's case moving to area A: the police officer co-ordinates nothing."""
    moves = between_areas(world)
    return Kind(
        {"transfer_id": moves.transfers["other_area_case"].pk}, case=world.other_area_case.pk
    )


def _duplicate(world: World) -> Kind:
    """The police case and a person registered in area B: the police officer sees one side
    but co-ordinates neither area; the refusal names the side hidden from them."""
    flag = between_areas(world).duplicate
    assert isinstance(flag, DuplicateFlag)
    hidden = flag.case_b_id if flag.case_a_id == world.police_case.pk else flag.case_a_id
    return Kind({"flag_id": flag.pk}, case=hidden)


def _with_peer() -> None:
    Peer.objects.get_or_create(
        country="NL", defaults={"name": "Netherlands", "inbox_url": "http://127.0.0.1:9/inbox"}
    )


def _proposal(world: World) -> Kind:
    _with_peer()
    case, outsider = world.other_area_case, world.users["outsider"]
    records.record_notification(actor=outsider, case_id=case.pk, data=travel())
    proposal = RiskNotification.objects.filter(case=case).latest("pk")
    proposals.submit(actor=outsider, proposal_id=proposal.pk)
    return Kind({"proposal_id": proposal.pk}, case=case.pk)


def _supervision_transfer(world: World) -> Kind:
    _with_peer()
    case = world.other_area_case
    made = soa_transfers.request(
        actor=world.users["outsider"],
        case_id=case.pk,
        receiver="NL",
        measure="Supervision by probation for 12 months",
        reason="He lives in Amsterdam with his family",
    )
    return Kind({"transfer_id": made.pk}, case=case.pk)


def _notice(world: World) -> Kind:
    """A risk notification received from abroad for area B, matched to its case."""
    payload = received.risk_notification(place="Northshire")
    with transaction.atomic():
        notice = receiving.receive_risk_notification(
            received.origin("risk_notification", purpose="public_protection"),
            payload,
            received.parsed("risk_notification", payload),
        )
    case = world.other_area_case
    ReceivedRiskNotification.objects.filter(pk=notice.pk).update(area=case.area, case=case)
    return Kind({"item_id": notice.pk}, case=case.pk)


KINDS: dict[str, Callable[[World], Kind]] = {
    "case": _case,
    "person": _person,
    "person-rows": _person_rows,
    "share": _share,
    "assessment": _assessment,
    "instrument-result": _instrument_result,
    "plan": _plan,
    "action": _action,
    "notification": _notification,
    "meeting": _meeting,
    "referral": _referral,
    "transfer": _transfer,
    "duplicate": _duplicate,
    "risk-notification": _proposal,
    "supervision-transfer": _supervision_transfer,
    "received-notice": _notice,
}

# URLs with parameters that name no record of a case or a person, or whose refusal is by role
# before any record is read: a 404 there is not a refused consultation (decision 0028).
NOT_CASE_RECORDS = {
    "token-revoke": "another user's API token: no case or person data",
    "account-security-key-remove": "another user's security key: no case or person data",
    "admin-user": "a user account, for administrators only (403 for anyone else)",
    "admin-user-password": "a user account, for administrators only",
    "admin-user-active": "a user account, for administrators only",
    "admin-area-intervals": "an area's review intervals: reference data",
    "instrument-score": "an instrument: reference data",
    "instrument-about": "an instrument: reference data",
    "exchange-peer-status": "a peer node, for the exchange operator only (403 first)",
    "exchange-message": "an exchange message, for the exchange operator only (403 first)",
    "exchange-resend": "an exchange message, for the exchange operator only (403 first)",
    "received-conviction": "the exchange operator's queue: refused by role before any read",
    "received-conviction-match": "the exchange operator's queue: refused by role",
    "received-request": "the exchange operator's queue: refused by role before any read",
}
API_NOT_CASE_RECORDS = {
    "/tokens/{token_id}/revoke": NOT_CASE_RECORDS["token-revoke"],
    "/admin/users/{user_id}": NOT_CASE_RECORDS["admin-user"],
    "/admin/users/{user_id}/tokens": NOT_CASE_RECORDS["admin-user"],
    "/admin/users/{user_id}/password": NOT_CASE_RECORDS["admin-user"],
    "/admin/users/{user_id}/chair-grade": NOT_CASE_RECORDS["admin-user"],
    "/instruments/{code}": NOT_CASE_RECORDS["instrument-score"],
    "/instruments/{code}/score": NOT_CASE_RECORDS["instrument-score"],
    "/exchange/peers/{country}/suspend": NOT_CASE_RECORDS["exchange-peer-status"],
    "/exchange/peers/{country}/reactivate": NOT_CASE_RECORDS["exchange-peer-status"],
    "/exchange/messages/{message_id}": NOT_CASE_RECORDS["exchange-message"],
    "/exchange/messages/{message_id}/resend": NOT_CASE_RECORDS["exchange-message"],
    "/received/convictions/{item_id}": NOT_CASE_RECORDS["received-conviction"],
    "/received/convictions/{item_id}/match": NOT_CASE_RECORDS["received-conviction"],
    "/received/record-requests/{request_id}": NOT_CASE_RECORDS["received-request"],
    "/received/record-requests/{request_id}/answer": NOT_CASE_RECORDS["received-request"],
}

# Web URL name -> the kind of hidden record it names.
_WEB_PREFIXES = {
    "assessment-result": "assessment",
    "assessment": "assessment",
    "plan": "plan",
    "action-": "action",
    "notification-read": "notification",
    "meeting": "meeting",
    "minutes-": "meeting",
    "received-notice": "received-notice",
    "referral": "referral",
    "transfer": "transfer",
    "duplicate": "duplicate",
    "risk-notification": "risk-notification",
    "supervision-transfer": "supervision-transfer",
}
# Rows asked for under a record the asker sees (another person's, another case's).
WEB_ROWS = {
    "case-share-revoke": "share",
    "person-identifier-remove": "person-rows",
    "person-address-edit": "person-rows",
    "person-address-remove": "person-rows",
    "person-conviction-edit": "person-rows",
    "person-conviction-remove": "person-rows",
    "assessment-result": "instrument-result",
    "assessment-result-remove": "instrument-result",
}
API_ROWS = {
    "/persons/{person_id}/addresses/{address_id}": "person-rows",
    "/persons/{person_id}/convictions/{conviction_id}": "person-rows",
    "/assessments/{assessment_id}/results/{result_id}": "instrument-result",
}
_API_PREFIXES = {
    "/cases/": "case",
    "/persons/": "person",
    "/assessments/": "assessment",
    "/plans/": "plan",
    "/actions/": "action",
    "/me/notifications/": "notification",
    "/meetings/": "meeting",
    "/referrals/": "referral",
    "/transfers/": "transfer",
    "/duplicates/": "duplicate",
    "/risk-notifications/": "risk-notification",
    "/supervision-transfers/": "supervision-transfer",
    "/received/risk-notifications/": "received-notice",
}
PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\{(\w+)(?::\w+)?\}")


def parameters(route: str) -> list[str]:
    """The names of a route's parameters, Django's ``<int:case_id>`` or ninja's ``{case_id}``."""
    return [a or b for a, b in PARAM.findall(route)]


def web_kind(name: str, route: str) -> str | None:
    """The kind of record a web URL names (None: none that the tables know)."""
    if name in WEB_ROWS:
        return WEB_ROWS[name]
    if parameters(route) == ["case_id"]:
        return "case"
    return next((k for p, k in _WEB_PREFIXES.items() if name.startswith(p)), None)


def api_kind(path: str) -> str | None:
    if path in API_ROWS:
        return API_ROWS[path]
    if parameters(path) == ["case_id"]:
        return "case"
    return next((k for p, k in _API_PREFIXES.items() if path.startswith(p)), None)


def web_routes() -> dict[str, str]:
    """Every web URL with parameters, by name: its route (``cases/<int:case_id>/``)."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[tuple[str, str]]:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name:
                yield p.name, prefix + str(p.pattern)

    found = dict(walk(get_resolver().url_patterns, ""))
    return {n: r for n, r in found.items() if parameters(r) and not r.startswith("api/")}


@functools.cache
def _document() -> dict[str, Any]:
    """The OpenAPI document (built once: building it takes a while)."""
    from fourpillars.api.routes import api

    document: dict[str, Any] = api.get_openapi_schema(path_prefix="")
    return document


def api_routes() -> dict[str, list[str]]:
    """Every documented API route with parameters: its methods (from the OpenAPI document)."""
    paths = _document()["paths"]
    return {p: sorted(ops) for p, ops in paths.items() if parameters(p)}


# Bodies the services accept as input (they check it before they look for the record).
BODIES: dict[tuple[str, str], dict[str, object]] = {}
_BLANK = {"integer": 1, "number": 1, "string": "x", "boolean": False, "array": [], "object": {}}


def body_for(method: str, path: str) -> dict[str, object] | None:
    """A body for a write: the one given in ``BODIES``, else each required field of the
    documented schema with a plain value of its type; None for a read."""
    if method == "get":
        return None
    if (method, path) in BODIES:
        return BODIES[method, path]
    document = _document()
    content = document["paths"][path][method].get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    fields = schema.get("properties", {})
    body = {
        name: _BLANK.get(str(fields.get(name, {}).get("type")), "x")
        for name in schema.get("required", [])
    }
    if "version" in fields or schema.get("additionalProperties") is True:
        body.setdefault("version", 1)  # a saved document's: asked for before the record
    return body


def fill(route: str, values: dict[str, object]) -> str:
    """The route with each parameter replaced by its value."""
    return PARAM.sub(lambda m: str(values[m.group(1) or m.group(2)]), route)
