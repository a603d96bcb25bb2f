"""Received information end to end through this node's inbox (decision 0023): convictions,
risk notifications, withdrawals and record requests from a foreign node, matched, confirmed,
read for a purpose and answered."""

from __future__ import annotations

import pytest

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.audit import Justification, Purpose
from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.exchange.models import Message
from fourpillars.notifications.models import Notification
from fourpillars.received.models import ForeignConviction, ReceivedRiskNotification, RecordRequest
from fourpillars.register.models import Case, Identifier
from fourpillars.services.assessments import register_facts
from fourpillars.services.exchange import inbox
from fourpillars.services.exchange_received import consulting, matching, reads
from fourpillars.services.exchange_received import requests as record_requests
from tests import received_payloads as p
from tests.cast import World

from .nodes import ForeignNode
from .received_helpers import deliver

pytestmark = pytest.mark.django_db

GREEK = p.person("Papadopoulos", "Nikos", nationalities=("GR",))


def _abroad_in_facts(world: World) -> bool:
    """Whether the Dutch conviction (2024) is among the police case's register facts."""
    facts = register_facts(world.police_case)
    return any(c.ecris_code == "1003 00" and c.date.year == 2024 for c in facts.convictions)


def _passport(world: World) -> str:
    Identifier.objects.create(
        person=world.police_case.person, kind="passport", value="AB1234567", country="PL"
    )
    return "AB1234567"


def test_a_conviction_is_applied_once_with_its_origin_and_content_as_sent(
    world: World, nl: ForeignNode
) -> None:
    payload = p.conviction_new()
    answer, message_id, raw = deliver(nl, "conviction_new", payload)
    again = inbox.receive(raw)
    assert answer.status == 200 and answer.error is None
    assert again.receipt == answer.receipt
    row = ForeignConviction.objects.get()
    assert (row.sender, row.message_id, row.purpose) == ("NL", message_id, "criminal_proceedings")
    assert row.content == payload and row.conviction_ref == "NL-2026-0001"
    assert row.ecris_code == "1003 00" and row.identity["names"][0] == "Jan Kowalski"
    assert AuditEvent.objects.filter(action="receive_conviction_new").count() == 1
    assert Notification.objects.filter(recipient=world.users["admin"]).count() == 1


def test_an_identifier_makes_a_certain_candidate(world: World, nl: ForeignNode) -> None:
    number = _passport(world)
    who = p.person(
        "Other",
        "Name",
        born="1970-01-01",
        identifiers=[{"kind": "passport", "value": number, "country": "PL"}],
    )
    deliver(nl, "conviction_new", p.conviction_new(who))
    candidates = ForeignConviction.objects.get().candidates
    assert candidates[0]["person_id"] == world.police_case.person_id
    assert candidates[0]["score"] == 100
    assert "The same Passport number" in candidates[0]["reasons"][0]["text"]
    combined = AuditEvent.objects.get(action="match_candidates")
    assert combined.operation == "combination" and combined.record_ids == [
        world.police_case.person_id
    ]


def test_a_latin_name_with_the_birth_date_finds_the_person_held_in_greek(
    world: World, nl: ForeignNode
) -> None:
    deliver(nl, "conviction_new", p.conviction_new(GREEK))
    found = ForeignConviction.objects.get().candidates
    assert [c["person_id"] for c in found][:1] == [world.shared_case.person_id]
    assert any(r["kind"] == "same_birth" for r in found[0]["reasons"])


def test_nobody_matching_leaves_it_waiting_in_the_operator_queue(
    world: World, nl: ForeignNode
) -> None:
    deliver(nl, "conviction_new", p.conviction_new(p.person("de Vries", "Pieter", "1975-02-02")))
    row = ForeignConviction.objects.get()
    assert row.candidates == [] and row.status == "awaiting"
    assert list(reads.conviction_queue(world.users["admin"])) == [row]
    assert reads.waiting_count(world.users["admin"]) == 1
    assert reads.waiting_count(world.users["police"]) == 0
    matching.confirm_conviction(
        actor=world.users["admin"], item_id=row.pk, data={"choice": "none", "reason": "Unknown"}
    )
    assert list(reads.conviction_queue(world.users["admin"])) == []


def test_confirming_enters_the_register_and_asks_the_lead_agency_to_rescreen(
    world: World, nl: ForeignNode
) -> None:
    deliver(nl, "conviction_new", p.conviction_new(), purpose="public_protection")
    row = ForeignConviction.objects.get()
    person = world.police_case.person_id
    assert row.candidates[0]["person_id"] == person
    matching.confirm_conviction(
        actor=world.users["admin"], item_id=row.pk, data={"choice": str(person), "reason": ""}
    )
    row.refresh_from_db()
    assert row.status == "matched" and row.person_id == person
    told = Notification.objects.filter(kind="rescreen_needed", case=world.police_case)
    assert world.users["police"].pk in set(told.values_list("recipient_id", flat=True))
    assert AuditEvent.objects.filter(action="match_received", person_id=person).exists()
    assert _abroad_in_facts(world)
    with pytest.raises(IllegalTransition):
        matching.confirm_conviction(
            actor=world.users["admin"], item_id=row.pk, data={"choice": "none", "reason": "x"}
        )


def test_only_the_operator_confirms_a_conviction(world: World, nl: ForeignNode) -> None:
    from fourpillars.services.errors import Forbidden

    deliver(nl, "conviction_new", p.conviction_new())
    row = ForeignConviction.objects.get()
    with pytest.raises(Forbidden):
        matching.confirm_conviction(
            actor=world.users["coordinator"], item_id=row.pk, data={"choice": "none"}
        )


def _matched(world: World, nl: ForeignNode, purpose: str) -> ForeignConviction:
    deliver(nl, "conviction_new", p.conviction_new(), purpose=purpose)
    row = ForeignConviction.objects.get()
    choice = {"choice": str(world.police_case.person_id), "reason": ""}
    return matching.confirm_conviction(actor=world.users["admin"], item_id=row.pk, data=choice)


def test_data_sent_for_proceedings_are_refused_for_risk_management_and_audited(
    world: World, nl: ForeignNode
) -> None:
    row = _matched(world, nl, "criminal_proceedings")
    police = world.users["police"]
    wrong = Justification(Purpose.RISK_MANAGEMENT, "supervision review")
    _, reading = consulting.read_for_case(
        actor=police, case_id=world.police_case.pk, justification=wrong
    )
    shown = reading.convictions[0]
    assert shown.content is None and "criminal proceedings" in shown.refused
    refused = AuditEvent.objects.get(action="consult_received_refused")
    assert refused.purpose == "risk-management" and refused.record_ids == [row.pk]
    right = Justification(Purpose.LEGAL_PROCEEDINGS, "trial")
    _, reading = consulting.read_for_case(
        actor=police, case_id=world.police_case.pk, justification=right
    )
    assert reading.convictions[0].content == row.content
    consulted = AuditEvent.objects.filter(action="consult_received").last()
    assert consulted is not None and consulted.purpose == "legal-proceedings"
    assert consulted.record_ids == [row.pk]
    # Sent for proceedings: the predictors' register facts do not read it either.
    assert not _abroad_in_facts(world)


def test_a_hidden_case_hides_what_was_received_about_it(world: World, nl: ForeignNode) -> None:
    from fourpillars.services.errors import NotFound

    _matched(world, nl, "public_protection")
    with pytest.raises(NotFound):
        consulting.read_for_case(
            actor=world.users["outsider"], case_id=world.police_case.pk, justification=None
        )


def test_a_withdrawal_hides_the_content_and_keeps_the_row(world: World, nl: ForeignNode) -> None:
    deliver(nl, "conviction_new", p.conviction_new(), purpose="public_protection")
    row = ForeignConviction.objects.get()
    matching.confirm_conviction(
        actor=world.users["admin"],
        item_id=row.pk,
        data={"choice": str(world.police_case.person_id)},
    )
    answer, _, _ = deliver(nl, "withdrawal", p.withdrawal(row.message_id))
    assert answer.error is None
    row.refresh_from_db()
    assert row.withdrawn_at is not None and row.withdrawal_reason == "Sent in error"
    assert row.content  # nothing deleted
    _, reading = consulting.read_for_case(
        actor=world.users["police"],
        case_id=world.police_case.pk,
        justification=Justification(Purpose.RISK_MANAGEMENT),
    )
    assert reading.convictions[0].hidden and reading.convictions[0].content is None
    assert not _abroad_in_facts(world)


def test_a_withdrawal_of_something_never_received_is_refused(nl: ForeignNode, world: World) -> None:
    answer, _, _ = deliver(nl, "withdrawal", p.withdrawal("0b0e6b8e-3c4e-4f55-9d57-7a3f2d1c0a11"))
    assert answer.error is not None and answer.status == 422


def test_updates_keep_the_history_and_a_deletion_is_marked(world: World, nl: ForeignNode) -> None:
    deliver(nl, "conviction_new", p.conviction_new())
    deliver(nl, "conviction_update", p.conviction_update("NL-2026-0001"))
    row = ForeignConviction.objects.get()
    assert [h["type"] for h in row.history] == ["conviction_new", "conviction_update"]
    assert row.date is not None and row.date.month == 3
    deliver(nl, "conviction_deletion", p.conviction_deletion("NL-2026-0001"))
    row.refresh_from_db()
    assert row.deleted and len(row.history) == 3


def test_an_update_of_an_unknown_conviction_is_refused(world: World, nl: ForeignNode) -> None:
    answer, _, _ = deliver(nl, "conviction_update", p.conviction_update("NL-UNKNOWN"))
    assert answer.status == 422 and not ForeignConviction.objects.exists()


def test_a_risk_notification_waits_for_the_receiving_area_coordinator(
    world: World, nl: ForeignNode
) -> None:
    answer, _, _ = deliver(
        nl,
        "risk_notification",
        p.risk_notification(GREEK, place="Northshire"),
        purpose="public_protection",
    )
    assert answer.error is None
    notice = ReceivedRiskNotification.objects.get()
    assert notice.area.code == "A"
    coordinator = world.users["coordinator"]
    assert Notification.objects.filter(recipient=coordinator, kind="received_from_abroad").exists()
    assert reads.waiting_count(coordinator) == 1
    assert list(reads.notice_queue(coordinator)) == [notice]
    from fourpillars.services.cases.caseload import waiting_for

    assert waiting_for(coordinator).received == 1
    matching.confirm_notice(
        actor=coordinator,
        item_id=notice.pk,
        data={"choice": str(world.shared_case.person_id), "reason": ""},
    )
    notice.refresh_from_db()
    assert notice.case_id == world.shared_case.pk and notice.status == "matched"
    _, reading = consulting.read_for_case(
        actor=world.users["probation"],
        case_id=world.shared_case.pk,
        justification=Justification(Purpose.RISK_MANAGEMENT),
    )
    assert reading.notices[0].content is not None


def test_a_coordinator_of_another_area_never_sees_the_notification(
    world: World, nl: ForeignNode
) -> None:
    from fourpillars.services.errors import NotFound

    deliver(
        nl, "risk_notification", p.risk_notification(place="Southvale"), purpose="public_protection"
    )
    notice = ReceivedRiskNotification.objects.get()
    assert notice.area.code == "B"
    with pytest.raises(NotFound):
        matching.find_notice(world.users["coordinator"], notice.pk)
    assert reads.waiting_count(world.users["coordinator"]) == 0


def test_the_coordinator_opens_a_case_for_a_person_nobody_here_matches(
    world: World, nl: ForeignNode
) -> None:
    who = p.person("Ozoliņš", "Jānis", "1985-09-09", nationalities=("LV",))
    deliver(
        nl,
        "risk_notification",
        p.risk_notification(who, place="Northshire"),
        purpose="public_protection",
    )
    notice = ReceivedRiskNotification.objects.get()
    assert notice.candidates == []
    done = matching.open_case_for_notice(
        actor=world.users["coordinator"],
        item_id=notice.pk,
        case={"lead_agency": "police-a", "category": 3, "level": 2},
    )
    case = Case.objects.get(pk=done.case_id)
    assert case.area.code == "A" and "OZOLIŅŠ" in case.person.display_name
    assert done.status == "matched" and done.person_id == case.person_id


def _request(world: World, nl: ForeignNode) -> RecordRequest:
    answer, _, _ = deliver(nl, "record_request", p.record_request())
    assert answer.error is None
    return RecordRequest.objects.get(incoming=True)


def test_a_record_request_has_a_due_date_and_candidates(world: World, nl: ForeignNode) -> None:
    row = _request(world, nl)
    assert row.due_date is not None and row.due_date > row.at.date()
    assert row.candidates[0]["person_id"] == world.police_case.person_id
    assert row.state == "to_answer"


@pytest.mark.parametrize(
    ("answer", "type", "state"),
    [
        ("records", "record_response", "answered"),
        ("no_records", "record_response", "answered"),
        ("identification", "identification_request", "more_information"),
        ("delay", "delay_notice", "delayed"),
    ],
)
def test_a_record_request_is_answered(
    world: World, nl: ForeignNode, answer: str, type: str, state: str
) -> None:
    row = _request(world, nl)
    data = {"answer": answer, "person": str(world.police_case.person_id), "note": "Checked"}
    done = record_requests.answer_request(actor=world.users["admin"], request_id=row.pk, data=data)
    assert done.state == state
    sent = Message.objects.get(direction="out", in_reply_to=row.message_id)
    assert sent.type == type and sent.receiver == "NL"
    if answer == "records":
        assert sent.payload["convictions"][0]["offences"][0]["code"] == "1003 00"


def test_answering_twice_is_refused(world: World, nl: ForeignNode) -> None:
    row = _request(world, nl)
    admin = world.users["admin"]
    record_requests.answer_request(actor=admin, request_id=row.pk, data={"answer": "no_records"})
    with pytest.raises(IllegalTransition):
        record_requests.answer_request(
            actor=admin, request_id=row.pk, data={"answer": "no_records"}
        )


def test_records_need_a_candidate(world: World, nl: ForeignNode) -> None:
    row = _request(world, nl)
    data = {"answer": "records", "person": str(world.other_area_case.person_id)}
    with pytest.raises(DomainValidationError) as exc:
        record_requests.answer_request(actor=world.users["admin"], request_id=row.pk, data=data)
    assert exc.value.errors[0].field == "person"


def test_our_request_is_answered_by_the_other_state(world: World, nl: ForeignNode) -> None:
    row = record_requests.send_request(
        actor=world.users["admin"],
        data={
            "receiver": "NL",
            "purpose": "criminal_proceedings",
            "reason": "Prosecution",
            "person": str(world.police_case.person_id),
        },
    )
    sent = Message.objects.get(direction="out", message_id=row.message_id)
    assert sent.type == "record_request" and sent.payload["person"]["family_names"] == ["Kowalski"]
    deliver(
        nl,
        "delay_notice",
        {"reason": "Archive", "expected_date": "2026-12-30"},
        in_reply_to=row.message_id,
    )
    row.refresh_from_db()
    assert row.state == "delayed" and str(row.due_date) == "2026-12-30"
    deliver(nl, "record_response", {"outcome": "none"}, in_reply_to=row.message_id)
    row.refresh_from_db()
    assert row.state == "answered" and row.answer == "no_records"
    assert Notification.objects.filter(recipient=world.users["admin"]).exists()
