"""Rescoring the register with OGRS3 for `make bench`: every case is scored from its register
facts, read in a couple of streamed queries, and nothing is written."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from bench import rescoring

from fourpillars.assessments.models import InstrumentResult
from fourpillars.audit.models import AuditEvent
from fourpillars.domain.instruments import score
from fourpillars.domain.instruments.prefill import ConvictionFact
from fourpillars.register.models import Case
from fourpillars.services import cases as case_services
from tests.cast import World, case_data, person_data

ASSESSED = dt.date(2026, 3, 1)


def conviction(date: str, code: str) -> dict[str, object]:
    return {
        "date": date,
        "court": "Northtown Crown Court",
        "offence_text": "Offence",
        "ecris_code": code,
        "completion": "C",
        "participation": "M",
        "sentence": "12 months' imprisonment",
    }


def test_offence_category_follows_the_latest_conviction_date() -> None:
    def fact(day: str, code: str) -> ConvictionFact:
        return ConvictionFact(dt.date.fromisoformat(day), code)

    assert rescoring.offence_category([fact("2015-01-01", "1003 00")]) == 3
    assert rescoring.offence_category([fact("2015-01-01", "0809 00")]) == 19
    assert rescoring.offence_category([]) == 19
    later_violent = [fact("2010-01-01", "1001 00"), fact("2015-01-01", "0809 00")]
    assert rescoring.offence_category(later_violent) == 19
    same_day = [fact("2015-01-01", "0809 00"), fact("2015-01-01", "1003 00")]
    assert rescoring.offence_category(same_day) == 3


@pytest.fixture
def register(world: World) -> dict[str, Any]:
    """The cast's three cases (a man born 1980-05-17, one sexual conviction on 2015-03-02)
    plus four made through the services, and the OGRS3 inputs each should be scored with."""
    police = world.users["police"]
    extra = [
        (
            "Nowak",
            {
                "sex": "female",
                "date_of_birth": "1990-01-15",
                "convictions": [
                    conviction("2010-06-01", "0809 00"),
                    conviction("2018-02-03", "0809 00"),
                    conviction("2018-02-03", "1003 00"),
                ],
            },
        ),
        (
            "Brown",
            {
                "date_of_birth": "1975-07-07",
                "convictions": [
                    conviction("2001-01-01", "1003 00"),
                    conviction("2012-05-05", "0809 00"),
                    conviction("2020-05-05", "0809 00"),
                ],
            },
        ),
        ("Doe", {"sex": "unknown"}),
        ("Roe", {"convictions": []}),
    ]
    for family, changes in extra:
        case_services.register_case(
            actor=police,
            person=person_data(family, "Alex", **changes),
            case=case_data("police-a", disposal_date="2020-06-01"),
        )
    cast = {
        "sex": "male",
        "date_of_birth": "1980-05-17",
        "date_of_current_conviction": "2015-03-02",
        "date_of_first_sanction": "2015-03-02",
        "previous_sanctions": 0,
        "assessment_date": ASSESSED.isoformat(),
        "offence_category": 3,
    }
    expected = [
        cast,
        cast,
        cast,
        {
            "sex": "female",
            "date_of_birth": "1990-01-15",
            "date_of_current_conviction": "2018-02-03",
            "date_of_first_sanction": "2010-06-01",
            "previous_sanctions": 1,  # two conviction dates: the same-day pair counts once
            "assessment_date": ASSESSED.isoformat(),
            "offence_category": 3,
        },
        {
            "sex": "male",
            "date_of_birth": "1975-07-07",
            "date_of_current_conviction": "2020-05-05",
            "date_of_first_sanction": "2001-01-01",
            "previous_sanctions": 2,
            "assessment_date": ASSESSED.isoformat(),
            "offence_category": 19,
        },
    ]
    return {"expected": expected}


@pytest.mark.django_db
def test_rescoring_scores_every_case_and_counts_bands(register: dict[str, Any]) -> None:
    before = (AuditEvent.objects.count(), InstrumentResult.objects.count(), Case.objects.count())

    result = rescoring.rescore(ASSESSED, chunk=2)

    expected = Counter(score("ogrs3", p).band for p in register["expected"])
    assert result.cases == Case.objects.count() == 7
    assert result.scored == 5
    assert result.bands == expected
    assert result.not_scored == Counter(
        {
            "sex": 1,
            "date_of_current_conviction, date_of_first_sanction, previous_sanctions": 1,
        }
    )
    assert result.queries == 2  # streamed, never one query per case
    assert result.seconds > 0 and result.per_second > 0
    after = (AuditEvent.objects.count(), InstrumentResult.objects.count(), Case.objects.count())
    assert after == before  # nothing written

    summary = result.summary()
    assert summary["cases"] == 7 and summary["written_to_database"] is False
    assert summary["bands"] == dict(sorted(expected.items()))


def test_cases_and_convictions_are_merged_on_person_id() -> None:
    """Both streams come ordered by person: a person with two cases gets their convictions
    for each; convictions of people without a case are passed over."""
    d = dt.date.fromisoformat
    born = d("1980-01-01")
    cases = iter([(1, born, "male"), (1, born, "male"), (3, None, "female"), (5, born, "male")])
    convictions = iter(
        [
            (1, d("2001-01-01"), "1003 00"),
            (2, d("2002-02-02"), "0809 00"),
            (3, d("2003-03-03"), "0809 00"),
            (3, d("2004-04-04"), "1001 00"),
            (6, d("2006-06-06"), "0809 00"),
        ]
    )
    facts = list(rescoring.merge_facts(cases, convictions))
    assert [[c.date.year for c in f.convictions] for f in facts] == [
        [2001],
        [2001],
        [2003, 2004],
        [],
    ]
    assert [(f.date_of_birth, f.sex) for f in facts] == [
        (born, "male"),
        (born, "male"),
        (None, "female"),
        (born, "male"),
    ]
