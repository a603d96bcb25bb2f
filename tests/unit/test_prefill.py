"""Instrument inputs from register facts: nobody re-keys what the register holds."""

from __future__ import annotations

import datetime as dt

from fourpillars.domain.instruments import score
from fourpillars.domain.instruments.prefill import (
    ConvictionFact,
    RegisterFacts,
    prefill,
    prefill_notes,
    rsr_category,
)

TODAY = dt.date(2026, 11, 26)
FACTS = RegisterFacts(
    date_of_birth=dt.date(1980, 5, 1),
    sex="male",
    convictions=[
        ConvictionFact(dt.date(1998, 1, 10), "1600 00"),
        ConvictionFact(dt.date(2005, 3, 3), "1003 00"),
        ConvictionFact(dt.date(2005, 3, 3), "1600 00"),  # same day: one sanction
        ConvictionFact(dt.date(2019, 6, 1), "1011 00"),
        ConvictionFact(dt.date(2021, 2, 2), "1009 00"),
    ],
)


def test_ogrs3_counts_occasions_not_offences() -> None:
    inputs, source = prefill("ogrs3", FACTS, TODAY)
    assert inputs["date_of_first_sanction"] == "1998-01-10"
    assert inputs["date_of_current_conviction"] == "2021-02-02"
    assert inputs["previous_sanctions"] == 3
    assert inputs["sex"] == "male" and inputs["date_of_birth"] == "1980-05-01"
    assert "cautions" in source["previous_sanctions"]
    assert "offence_category" not in inputs  # the register cannot answer it


def test_osp_dc_splits_sexual_convictions_by_ecris_code() -> None:
    inputs, _ = prefill("osp-dc", FACTS, TODAY)
    assert inputs["contact_adult_sanctions"] == 1
    assert inputs["contact_child_sanctions"] == 1
    assert inputs["non_contact_sanctions"] == 0  # images are excluded
    assert inputs["total_sanctions"] == 4
    assert inputs["date_of_last_sexual_sanction"] == "2021-02-02"


def test_osp_iic_counts_images() -> None:
    inputs, _ = prefill("osp-iic", FACTS, TODAY)
    assert inputs == {
        "sex": "male",
        "iioc_sanctions": 1,
        "contact_child_sanctions": 1,
        "any_sexual_sanctions": True,
    }


def test_rm2000_appearances() -> None:
    inputs, _ = prefill("rm2000-s", FACTS, TODAY)
    assert inputs["sexual_appearances"] == 3 and inputs["criminal_appearances"] == 4
    assert inputs["non_contact_offence"] is True


def test_empty_register_gives_only_what_it_knows() -> None:
    inputs, source = prefill("ogrs3", RegisterFacts(None, "unknown", []), TODAY)
    assert inputs == {"assessment_date": TODAY.isoformat()} and set(source) == {"assessment_date"}


def test_unknown_code_gives_nothing_from_the_register() -> None:
    assert prefill("sara", FACTS, TODAY) == ({}, {})


def test_rsr_from_the_register_names_each_source() -> None:
    inputs, source = prefill("rsr", FACTS, TODAY)
    assert inputs["sex"] == "male" and inputs["date_of_birth"] == "1980-05-01"
    assert inputs["date_of_first_sanction"] == "1998-01-10"
    assert inputs["date_of_current_conviction"] == "2021-02-02"
    assert inputs["total_sanctions"] == 4 and inputs["violent_sanctions"] == 0
    assert inputs["offence_category"] == 14  # 1009: sexual offence against a child
    assert inputs["sexual_history"] == "yes"
    assert (inputs["contact_adult_sanctions"], inputs["contact_child_sanctions"]) == (1, 1)
    assert (inputs["non_contact_sanctions"], inputs["iioc_sanctions"]) == (0, 1)
    assert inputs["date_of_last_sexual_sanction"] == "2021-02-02"
    assert set(source) == set(inputs) and all(source.values())
    assert "cautions" in source["total_sanctions"]
    assert not any(k in inputs for k in ("weapon", "accommodation", "stranger_victim"))
    notes = prefill_notes("rsr", FACTS)
    assert any("static model" in n for n in notes)
    assert any("Stranger victim" in n for n in notes)
    # With the one answer the register lacks, the pre-filled inputs score (static model).
    result = score("rsr", {**inputs, "stranger_victim": "no"})
    assert result.extra["snsv"]["model"] == "static"


def test_rsr_leaves_an_unmapped_current_offence_for_the_practitioner() -> None:
    facts = RegisterFacts(
        dt.date(1990, 1, 1),
        "female",
        [
            ConvictionFact(dt.date(2020, 1, 1), "0809 00"),
            ConvictionFact(dt.date(2024, 5, 5), "1600 00"),
        ],
    )
    inputs, _ = prefill("rsr", facts, TODAY)
    assert "offence_category" not in inputs
    assert inputs["violent_sanctions"] == 1 and inputs["sexual_history"] == "no"
    assert "contact_adult_sanctions" not in inputs
    assert any("offence category is left for you" in n for n in prefill_notes("rsr", facts))


def test_rsr_category_of_violence_with_its_sub_category() -> None:
    gbh = [ConvictionFact(dt.date(2020, 1, 1), "0809 00")]
    assert rsr_category(gbh) == (18, "abh_or_more")
    assert rsr_category([ConvictionFact(dt.date(2020, 1, 1), "0800 00")]) == (18, None)
    mixed = [*gbh, ConvictionFact(dt.date(2020, 1, 1), "1003 00")]
    assert rsr_category(mixed) == (None, None)
    assert prefill_notes("ogrs3", FACTS) == ()
