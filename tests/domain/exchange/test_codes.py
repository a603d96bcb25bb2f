"""Code tables: the offence table stays in domain/ecris.py (only translations here), the
penalty table is versioned, labels fall back to the code and English, states use EL."""

from __future__ import annotations

import pytest

from fourpillars.domain import ecris
from fourpillars.domain.exchange import codes
from fourpillars.domain.exchange.codes import Label, label


def test_offence_labels_in_english_come_from_the_ecris_module() -> None:
    assert label("1001 00", "en") == Label("Rape", "en", True, False)
    assert label("100100", "en").text == ecris.OFFENCE_CATEGORIES["1001 00"].label
    assert codes.OFFENCE_TABLE_VERSION == ecris.TABLE_VERSION
    # Translations never carry English labels of their own.
    assert all("en" not in t for t in codes._offence_translations().values())
    assert set(codes._offence_translations()) <= set(ecris.OFFENCE_CATEGORIES)


def test_translations_are_shown_unverified() -> None:
    assert label("1001 00", "nl") == Label("Verkrachting", "nl", False, False)
    assert label("100100", "lv") == Label("Izvarošana", "lv", False, False)
    assert label("1001", "lv", codes.OFFENCES) == Label("Izvarošana", "lv", False, False)
    assert label("3014", "nl") == Label(
        "Verbod op werk of activiteiten met minderjarigen", "nl", False, False
    )
    assert label("3014", "lv").text == "Aizliegums strādāt vai veikt darbības ar nepilngadīgajiem"


@pytest.mark.parametrize(
    ("code", "language", "text"),
    [
        ("1005 00", "lv", "1005 00: Indecent exposure"),  # no Latvian label yet
        (
            "3010",
            "lv",
            "3010: Loss or suspension of the right to be an expert, a sworn witness or a juror",
        ),
        ("1001 00", "de", "1001 00: Rape"),  # no German labels at all
        ("3014", "", "Ban on working or carrying on an activity with minors"),
    ],
)
def test_a_missing_translation_falls_back_to_the_code_and_english(
    code: str, language: str, text: str
) -> None:
    found = label(code, language)
    assert found.text == text
    assert found.language == "en"
    assert found.fell_back == (language not in ("", "en"))


def test_a_bare_four_digit_code_is_a_penalty_not_an_offence() -> None:
    # The tables share four-digit stems: 1001 is imprisonment, 1001 00 is rape.
    assert label("1001", "en").text == "Imprisonment"
    assert label("1001 00", "en").text == "Rape"
    assert codes.table_of("10001") == codes.table_of("1001") == codes.PENALTIES
    assert codes.table_of("1001 00") == codes.table_of("100100") == codes.OFFENCES


def test_an_unknown_code_is_shown_as_it_came() -> None:
    assert label("9999", "nl") == Label("9999 (unknown code)", "en", False, True)


def test_every_penalty_row_has_english_and_the_table_a_version() -> None:
    table = codes.penalty_table()
    assert codes.PENALTY_TABLE_VERSION == "ecris-annex-b-2026.1"
    assert {"1000", "1001", "1002", "3014", "11003", "12000"} <= set(table)
    assert all(row.labels["en"] for row in table.values())
    assert all(not row.confirmed for row in table.values())  # [M] until read in the OJ
    assert table["2000"].is_open and not table["2006"].is_open
    # Every sub-code belongs to an open category.
    opens = {c for c, r in table.items() if r.is_open}
    assert all(f"{int(c) // 1000}000" in opens for c in table)
    assert codes.penalty("3014") is table["3014"] and codes.penalty("3099") is None
    assert codes.TABLE_VERSIONS == {
        "offences": ecris.TABLE_VERSION,
        "penalties": codes.PENALTY_TABLE_VERSION,
    }


def test_dutch_and_latvian_cover_every_open_category() -> None:
    for code, row in codes.penalty_table().items():
        if row.is_open and code != "12000":
            assert {"nl", "lv"} <= set(row.labels), code
    for code in ecris.OFFENCE_CATEGORIES:
        if code.endswith("00 00"):
            assert "nl" in codes._offence_translations()[code], code
    assert codes.translated_languages() == {"nl", "lv"}


def test_member_states() -> None:
    states = codes.member_states()
    assert len(states) == 27
    assert codes.states()["EL"].iso == "GR"
    assert codes.states()["EL"].languages == ("el",)
    assert codes.states()["BE"].languages == ("nl", "fr", "de")
    assert codes.states()["GB"].eu_member is False
    assert codes.country_code("gr") == "EL"
    assert codes.country_code("UK") == "GB"
    assert codes.country_code("SY") == "SY"
    assert codes.country_code("XX") is None
    assert codes.node_language("LV") == "lv"
    assert codes.node_language("NL") == "nl"
    assert codes.node_language("GB") == "en"
    assert len({lang for s in states for lang in s.languages}) == 24  # official EU languages
