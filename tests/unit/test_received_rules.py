"""Received information (decision 0023): matching a person named from abroad, the purpose
rule table, record-request answers and the receiving area."""

from __future__ import annotations

import datetime as dt

import pytest

from fourpillars.domain import matching_foreign as m
from fourpillars.domain import received as r
from fourpillars.domain.audit import Purpose
from fourpillars.domain.errors import DomainValidationError, IllegalTransition

BORN = dt.date(1980, 5, 17)


def local(pk: int, *names: str, born: dt.date | None = BORN, ids: frozenset = frozenset()):
    return m.LocalIdentity(pk, names, born, ids)


def test_the_same_identifier_is_a_certain_candidate_whatever_the_name() -> None:
    sent = m.ForeignIdentity(("Someone Else",), None, frozenset({("passport", "AB123456", "PL")}))
    found = m.score(sent, local(1, "Jan Kowalski", ids=frozenset({("passport", "AB123456", "PL")})))
    assert found is not None and found.score == 100 and found.by_identifier
    assert "The same Passport number: AB123456" in found.reasons[0].text


def test_a_name_in_cyrillic_with_the_same_birth_matches_its_latin_form() -> None:
    sent = m.ForeignIdentity(("Ян Ковальски",), BORN)
    found = m.score(sent, local(1, "Yan Kovalski"))
    assert found is not None and found.score >= 90
    kinds = [x.kind for x in found.reasons]
    assert kinds == [m.ReasonKind.NAME, m.ReasonKind.SAME_BIRTH]
    assert "the same once transliterated" in found.reasons[0].text


def test_greek_names_meet_their_latin_transliteration() -> None:
    sent = m.ForeignIdentity(("Νίκος Παπαδόπουλος",), BORN)
    found = m.rank(sent, [local(7, "Nikos Papadopoulos"), local(8, "John Smith")])
    assert [c.person_id for c in found] == [7]


def test_a_name_alone_with_another_birth_date_is_no_candidate() -> None:
    sent = m.ForeignIdentity(("Jan Kowalski",), dt.date(1990, 1, 1))
    assert m.score(sent, local(1, "Jan Kowalski")) is None


def test_a_conflicting_identifier_counts_against() -> None:
    sent = m.ForeignIdentity(("Jan Kowalski",), BORN, frozenset({("passport", "ZZ999", "PL")}))
    found = m.score(sent, local(1, "Jan Kowalski", ids=frozenset({("passport", "AB1", "PL")})))
    assert found is None or found.score < 60


def test_nobody_matches_gives_no_candidates() -> None:
    sent = m.ForeignIdentity(("Pieter de Vries",), dt.date(1975, 2, 2))
    assert m.rank(sent, [local(1, "Jan Kowalski"), local(2, "John Smith")]) == []


def test_candidates_are_ranked_best_first() -> None:
    sent = m.ForeignIdentity(("Jan Kowalski",), BORN)
    found = m.rank(sent, [local(2, "Jan Kowalsky"), local(1, "Jan Kowalski")])
    assert [c.person_id for c in found] == [1, 2]
    assert found[0].score > found[1].score


def test_criminal_proceedings_data_are_read_only_for_proceedings_or_a_threat() -> None:
    assert r.may_consult(r.CRIMINAL_PROCEEDINGS, Purpose.LEGAL_PROCEEDINGS)
    refused = r.may_consult(r.CRIMINAL_PROCEEDINGS, Purpose.RISK_MANAGEMENT)
    assert not refused and "criminal proceedings" in refused.reason
    assert refused.source.startswith("[FD-2009-315] Art.9")


def test_public_protection_risk_information_serves_risk_management_not_proceedings() -> None:
    assert r.may_consult(r.PUBLIC_PROTECTION, Purpose.RISK_MANAGEMENT)
    assert r.may_consult(r.PUBLIC_PROTECTION, Purpose.MAPPA_COORDINATION)
    assert not r.may_consult(r.PUBLIC_PROTECTION, Purpose.LEGAL_PROCEEDINGS)


def test_an_own_request_is_read_by_nobody_here_and_unknown_purposes_never() -> None:
    assert all(not r.may_consult(r.OWN_REQUEST, p) for p in Purpose)
    assert not r.may_consult("gossip", Purpose.RISK_MANAGEMENT)
    assert r.shown_for(r.OWN_REQUEST) == []


def test_every_purpose_a_message_carries_has_a_rule_with_a_source() -> None:
    from fourpillars.domain.exchange.envelope import Purpose as Sent

    assert {p.value for p in Sent} == set(r.COMPATIBLE)
    assert all(rule.source for rule in r.COMPATIBLE.values())


def test_a_match_is_a_shown_candidate_or_none_with_a_reason() -> None:
    assert r.clean_match_choice("3", "", frozenset({3})).person_id == 3
    with pytest.raises(DomainValidationError) as exc:
        r.clean_match_choice("4", "", frozenset({3}))
    assert exc.value.errors[0].field == "choice"
    with pytest.raises(DomainValidationError) as exc:
        r.clean_match_choice("none", "", frozenset({3}))
    assert exc.value.errors[0].field == "reason"
    assert r.clean_match_choice("none", "Other birth date", frozenset()).person_id is None


def test_a_request_is_answered_once_and_delayed_once() -> None:
    assert r.answer_transition("to_answer", r.AnswerKind.DELAY) is r.RequestState.DELAYED
    with pytest.raises(IllegalTransition):
        r.answer_transition("delayed", r.AnswerKind.DELAY)
    assert r.answer_transition("delayed", r.AnswerKind.RECORDS) is r.RequestState.ANSWERED
    assert (
        r.answer_transition("to_answer", r.AnswerKind.IDENTIFICATION)
        is r.RequestState.MORE_INFORMATION
    )
    with pytest.raises(IllegalTransition):
        r.answer_transition("answered", r.AnswerKind.NO_RECORDS)


def test_answers_need_a_person_for_records_and_a_note_for_more_information() -> None:
    with pytest.raises(DomainValidationError) as exc:
        r.clean_answer("records", "", "")
    assert exc.value.errors[0].field == "person"
    with pytest.raises(DomainValidationError) as exc:
        r.clean_answer("identification", "", "")
    assert exc.value.errors[0].field == "note"
    assert r.clean_answer("no_records", "", "").kind is r.AnswerKind.NO_RECORDS


def test_the_receiving_area_is_the_one_the_address_names_else_the_default() -> None:
    areas = [r.AreaRef(1, "north", "Northshire"), r.AreaRef(2, "south", "Area B (Southshire)")]
    assert r.receiving_area(["12 Main Road, Northshire"], areas, "south").id == 1
    assert r.receiving_area(["Southshire"], areas, "north").id == 2
    assert r.receiving_area(["Amsterdam"], areas, "south").id == 2
    assert r.receiving_area([], areas, "").id == 1
    assert r.receiving_area([], [], "north") is None


def test_a_payload_person_is_read_as_sent_with_its_matching_form() -> None:
    from fourpillars.domain.errors import Collector
    from fourpillars.domain.exchange._read import Reader
    from fourpillars.domain.exchange.content import Person

    raw = {
        "family_names": ["Ковальски"],
        "given_names": ["Ян"],
        "birth_date": "1980-05",
        "sex": "male",
        "nationalities": ["PL"],
        "identifiers": [{"kind": "passport", "value": "ab 123 4567", "country": "PL"}],
    }
    person = Person.read(Reader(raw, "person", Collector()))
    assert person is not None
    found = m.identity_of(person)
    assert found.names[0] == "Ян Ковальски" and "yan kovalski" in found.normalised_names()
    assert found.date_of_birth is None  # a month is not a date of birth to match on
    assert ("passport", "AB1234567", "PL") in found.identifiers
    document = m.identity_document(found)
    assert document["names"][0] == "Ян Ковальски" and document["date_of_birth"] is None
