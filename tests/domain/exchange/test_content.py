"""Exchange content: every payload type reads and writes back unchanged; every bad field is
refused by its path; names in other alphabets are kept as sent beside their matching form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.exchange import content
from fourpillars.domain.exchange.envelope import MessageType

from .payloads import PAYLOADS, payload


def refusal(kind: str, data: object) -> DomainValidationError:
    with pytest.raises(DomainValidationError) as caught:
        content.parse_payload(kind, data)
    return caught.value


def fields(error: DomainValidationError) -> set[str]:
    return {e.field for e in error.errors}


def test_every_message_type_has_a_payload_schema_and_a_sample() -> None:
    assert set(content.PAYLOAD_TYPES) == set(MessageType)
    assert set(PAYLOADS) == {t.value for t in MessageType}


@pytest.mark.parametrize("kind", sorted(PAYLOADS))
def test_round_trip(kind: str) -> None:
    parsed = content.parse_payload(kind, payload(kind))
    assert kind == type(parsed).TYPE
    assert parsed.to_payload() == PAYLOADS[kind]
    assert content.parse_payload(kind, parsed.to_payload()) == parsed


def _paths(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Every field and list item of a payload, by its dotted path."""
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, f"{path}.{i}")


def _spoiled(data: dict[str, Any], path: str, bad: object) -> dict[str, Any]:
    keys = path.split(".")[1:]
    target: Any = data
    for k in keys[:-1]:
        target = target[int(k)] if isinstance(target, list) else target[k]
    last = keys[-1]
    if isinstance(target, list):
        target[int(last)] = bad
    else:
        target[last] = bad
    return data


def _cases(*, leaves_only: bool) -> list[tuple[str, str, object]]:
    """(kind, path, a wrong value): a number where an object or list belongs, an object
    where text, a date, a code, a number or true/false belongs."""
    out = []
    for kind, data in sorted(PAYLOADS.items()):
        for path, value in list(_paths(data, "payload"))[1:]:
            container = isinstance(value, dict | list)
            if leaves_only and (container or isinstance(value, bool | int)):
                continue
            out.append((kind, path, 42 if container else {"not": "this"}))
    return out


@pytest.mark.parametrize(("kind", "path", "bad"), _cases(leaves_only=False))
def test_a_wrong_value_in_any_field_is_refused_naming_that_field(
    kind: str, path: str, bad: object
) -> None:
    error = refusal(kind, _spoiled(payload(kind), path, bad))
    assert path in fields(error), error.summary()


HUGE = "x" * 100_001


@pytest.mark.parametrize(("kind", "path", "_"), _cases(leaves_only=True))
def test_a_huge_value_in_any_field_is_refused_naming_that_field(
    kind: str, path: str, _: object
) -> None:
    error = refusal(kind, _spoiled(payload(kind), path, HUGE))
    assert path in fields(error), error.summary()
    assert len(error.summary()) < 2_000  # the refusal does not echo the huge value


def test_every_problem_is_named_at_once_with_its_path() -> None:
    data = payload("conviction_new")
    data["person"]["birth_date"] = "17/05/1980"
    data["person"]["nationalities"] = ["LV", "XX"]
    data["conviction"]["offences"][0]["code"] = "9999 00"
    data["conviction"]["penalties"][1]["code"] = "77"
    data["conviction"]["court"] = {}
    data["surprise"] = True
    error = refusal("conviction_new", data)
    assert fields(error) == {
        "payload.person.birth_date",
        "payload.person.nationalities.1",
        "payload.conviction.offences.0.code",
        "payload.conviction.penalties.1.code",
        "payload.conviction.court",
        "payload.surprise",
    }
    messages = {e.field: e.message for e in error.errors}
    assert messages["payload.person.birth_date"].startswith("must be a date as YYYY-MM-DD")
    assert "unknown ECRIS offence code '9999 00'" in messages["payload.conviction.offences.0.code"]
    assert messages["payload.surprise"] == "is not a field of this message"


def test_missing_required_fields_are_named() -> None:
    error = refusal("risk_notification", {})
    assert {
        "payload.person",
        "payload.category",
        "payload.summary",
        "payload.ratings",
        "payload.risk_factors",
        "payload.warning_signs",
        "payload.contact",
        "payload.valid_from",
        "payload.valid_until",
    } <= fields(error)
    assert refusal("risk_notification", ["not", "an", "object"]).errors[0].field == "payload"


def test_unknown_message_type_is_refused() -> None:
    assert fields(refusal("telegram", {})) == {"type"}


def test_an_unknown_table_version_is_refused() -> None:
    data = payload("conviction_new")
    data["tables"]["penalties"] = "ecris-annex-b-1999"
    error = refusal("conviction_new", data)
    assert fields(error) == {"payload.tables.penalties"}
    assert "not known here" in error.errors[0].message


# Identity ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_sent", "normalised"),
    [
        ("Ozoliņš", "ozolins"),  # Latvian diacritics
        ("Ķēniņš", "kenins"),
        ("Ковальски", "kovalski"),  # Cyrillic
        ("Παπαδόπουλος", "papadopoylos"),  # Greek (anyascii: upsilon is y)
        ("محمد", "mhmd"),  # Arabic
        ("O'Neill-Smith", "oneill smith"),
        ("MÜLLER", "muller"),
    ],
)
def test_names_in_other_alphabets_are_kept_as_sent_beside_their_matching_form(
    as_sent: str, normalised: str
) -> None:
    data = payload("record_request")
    data["person"]["family_names"] = [as_sent]
    request = content.parse_payload("record_request", data)
    assert isinstance(request, content.RecordRequest)
    name = request.person.family_names[0]
    assert name.as_sent == as_sent
    assert name.normalised == normalised
    assert request.to_payload()["person"]["family_names"] == [as_sent]


def test_a_name_is_kept_exactly_as_sent_even_in_decomposed_form() -> None:
    decomposed = "Ozolin\u0327s\u030c"  # n + combining cedilla, s + combining caron
    data = payload("record_request")
    data["person"]["family_names"] = [decomposed]
    request = content.parse_payload("record_request", data)
    assert isinstance(request, content.RecordRequest)
    assert request.person.family_names[0].as_sent == decomposed
    assert request.person.family_names[0].normalised == "ozolins"


def test_bidirectional_controls_in_a_name_are_refused() -> None:
    data = payload("record_request")
    data["person"]["given_names"] = ["Jānis", "\u202eevil"]
    error = refusal("record_request", data)
    assert fields(error) == {"payload.person.given_names.1"}


def test_person_matching_names_include_aliases_in_any_alphabet() -> None:
    request = content.parse_payload("record_request", payload("record_request"))
    assert isinstance(request, content.RecordRequest)
    assert request.person.match_names == ["janis peteris ozolins", "ozols", "yanis ozolinsh"]
    assert request.person.full_name == "Jānis Pēteris Ozoliņš"


@pytest.mark.parametrize(
    ("sent", "value", "precision"),
    [
        ("1980-05-17", dt.date(1980, 5, 17), "day"),
        ("1980-05", dt.date(1980, 5, 1), "month"),
        ("1980-05-00", dt.date(1980, 5, 1), "month"),
        ("1980", dt.date(1980, 1, 1), "year"),
        ("1980-00-00", dt.date(1980, 1, 1), "year"),
    ],
)
def test_birth_dates_are_kept_as_sent_with_their_precision(
    sent: str, value: dt.date, precision: str
) -> None:
    data = payload("record_request")
    data["person"]["birth_date"] = sent
    request = content.parse_payload("record_request", data)
    assert isinstance(request, content.RecordRequest)
    born = request.person.birth_date
    assert (born.as_sent, born.value, born.precision) == (sent, value, precision)
    assert request.to_payload()["person"]["birth_date"] == sent


@pytest.mark.parametrize("bad", ["1980-02-30", "17.05.1980", "80-05-17", "1750-01-01", 1980])
def test_impossible_birth_dates_are_refused(bad: object) -> None:
    data = payload("record_request")
    data["person"]["birth_date"] = bad
    assert fields(refusal("record_request", data)) == {"payload.person.birth_date"}


def test_nationalities_use_el_for_greece_and_keep_iso_codes() -> None:
    data = payload("record_request")
    data["person"]["nationalities"] = ["gr", "EL", "UK", "SY"]
    request = content.parse_payload("record_request", data)
    assert isinstance(request, content.RecordRequest)
    assert request.person.nationalities == ("EL", "GB", "SY")


def test_identifiers_are_kept_as_sent_beside_their_stored_form() -> None:
    data = payload("record_request")
    data["person"]["identifiers"] = [
        {"kind": "national_id", "value": "4405 1409 999", "country": "PL"},
        {"kind": "passport", "value": "lv 123 4567", "country": "LV"},
    ]
    request = content.parse_payload("record_request", data)
    assert isinstance(request, content.RecordRequest)
    pesel, passport = request.person.identifiers
    assert (pesel.value, pesel.normalised) == ("4405 1409 999", "44051409999")
    assert (passport.value, passport.normalised) == ("lv 123 4567", "LV1234567")


def test_an_identifier_failing_its_check_is_refused_by_its_path() -> None:
    data = payload("record_request")
    data["person"]["identifiers"] = [
        {"kind": "national_id", "value": "44051409990", "country": "PL"}
    ]
    error = refusal("record_request", data)
    assert fields(error) == {"payload.person.identifiers.0.value"}
    assert "PESEL" in error.errors[0].message


# Rules across fields ------------------------------------------------------------------------------


def test_a_record_response_with_records_needs_them_and_none_needs_none() -> None:
    assert fields(refusal("record_response", {"outcome": "records"})) >= {
        "payload.convictions",
        "payload.tables",
    }
    data = payload("record_response")
    data["outcome"] = "none"
    assert fields(refusal("record_response", data)) == {"payload.convictions"}
    none = content.parse_payload("record_response", {"outcome": "none"})
    assert isinstance(none, content.RecordResponse) and none.convictions == ()


def test_a_record_request_purpose_must_be_one_a_request_is_made_for() -> None:
    data = payload("record_request")
    data["purpose"] = "public_protection"
    assert fields(refusal("record_request", data)) == {"payload.purpose"}


def test_a_refusal_of_supervision_needs_its_ground_and_reason() -> None:
    error = refusal("supervision_transfer_response", {"decision": "refused"})
    assert fields(error) == {"payload.ground", "payload.reason"}
    ok = content.parse_payload("supervision_transfer_response", {"decision": "accepted"})
    assert isinstance(ok, content.SupervisionTransferResponse)


def test_conviction_update_and_deletion_name_the_original_conviction() -> None:
    update = content.parse_payload("conviction_update", payload("conviction_update"))
    deletion = content.parse_payload("conviction_deletion", payload("conviction_deletion"))
    assert isinstance(update, content.ConvictionUpdate)
    assert isinstance(deletion, content.ConvictionDeletion)
    assert update.original_conviction_id == deletion.original_conviction_id == "LV-2019-000123"
    data = payload("conviction_deletion")
    data["original_conviction_id"] = "no spaces allowed"
    assert fields(refusal("conviction_deletion", data)) == {"payload.original_conviction_id"}


def test_risk_notification_ratings_are_checked_per_setting_and_group() -> None:
    data = payload("risk_notification")
    data["ratings"].append({"setting": "community", "group": "prisoners", "rating": "low"})
    data["ratings"].append({"setting": "community", "group": "children", "rating": "low"})
    error = refusal("risk_notification", data)
    assert fields(error) == {"payload.ratings.3.group", "payload.ratings.4"}


def test_risk_notification_overall_is_the_highest_per_setting() -> None:
    risk = content.parse_payload("risk_notification", payload("risk_notification"))
    assert isinstance(risk, content.RiskNotification)
    assert risk.overall == {"community": "high", "custody": "low"}
    assert risk.travel is not None and [d.country for d in risk.travel.destinations] == ["NL", "BE"]


def test_dates_out_of_order_are_refused_at_the_later_field() -> None:
    data = payload("risk_notification")
    data["valid_until"] = "2026-12-01"
    data["travel"]["return_date"] = "2026-12-01"
    error = refusal("risk_notification", data)
    assert fields(error) == {"payload.valid_until", "payload.travel.return_date"}


def test_a_move_abroad_needs_the_address() -> None:
    data = payload("risk_notification")
    data["travel"]["kind"] = "move"
    del data["travel"]["address_abroad"]
    assert fields(refusal("risk_notification", data)) == {"payload.travel.address_abroad"}


def test_too_many_items_are_refused() -> None:
    data = payload("risk_notification")
    data["risk_factors"] = ["x"] * 51
    error = refusal("risk_notification", data)
    assert fields(error) == {"payload.risk_factors"}
    assert "at most 50" in error.errors[0].message


def test_amounts_are_decimal_text_never_floats() -> None:
    data = payload("conviction_new")
    data["conviction"]["penalties"][1]["amount"]["value"] = 1500.5
    assert fields(refusal("conviction_new", data)) == {
        "payload.conviction.penalties.1.amount.value"
    }


def test_a_withdrawal_names_a_message_by_its_uuid() -> None:
    data = payload("withdrawal")
    data["withdrawn_message_id"] = "yesterday's"
    assert fields(refusal("withdrawal", data)) == {"payload.withdrawn_message_id"}


def test_mappa_categories_map_to_exchanged_categories() -> None:
    assert content.RiskCategory.from_mappa(1) is content.RiskCategory.REGISTERED_SEXUAL_OFFENDER
    assert content.RiskCategory.from_mappa(4) is content.RiskCategory.TERRORIST
    assert content.RiskCategory.from_mappa(9) is content.RiskCategory.OTHER
