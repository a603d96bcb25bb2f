"""RSR through the web UI: offered on a RoSH draft like the other instruments, its form
pre-filled from the register with notes on what is left, scored and explained; its URLs
against the standard cast; OSP for a woman shown as not applicable; the case page chart."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from fourpillars.assessments.models import InstrumentResult, RoshAssessment
from fourpillars.services import assessments as svc
from tests.cast import CASES, EVERYONE, LEADS, World
from tests.documents import OGRS3_ANSWERS, RSR_ANSWERS
from tests.web.forms_in_page import form_data
from tests.web.helpers import error_summary, text
from tests.web.matrix import expected_case_status

pytestmark = pytest.mark.django_db


def _draft(world: World, case_attr: str) -> RoshAssessment:
    case = getattr(world, case_attr)
    found = RoshAssessment.objects.filter(case=case, status="draft").first()
    return found or svc.start_assessment(actor=world.users[LEADS[case_attr]], case_id=case.pk)


def test_rsr_is_offered_prefilled_scored_and_explained(client_for, world: World) -> None:
    client = client_for("police")
    a = _draft(world, "police_case")
    listed = text(client.get(f"/assessments/{a.pk}/instruments/"))
    assert "RSR (Risk of Serious Recidivism)" in listed
    form = client.get(f"/assessments/{a.pk}/instruments/rsr/")
    body = text(form)
    assert form.status_code == 200
    assert "From the register: person's date of birth" in body
    assert "Not filled in from the register" in body and "static model" in body
    data = form_data(form)
    data["stranger_victim"] = "no"
    response = client.post(f"/assessments/{a.pk}/instruments/rsr/", data)
    assert response.status_code == 302, error_summary(response)
    row = InstrumentResult.objects.filter(assessment=a, instrument="rsr").latest("id")
    assert row.instrument_version == "2026-moj.1" and row.band in ("low", "medium", "high")
    assert row.probability_2y == pytest.approx((row.score or 0) / 100)
    assert row.from_register["sexual_history"] == "any ECRIS 10xx conviction"
    explained = text(client.get(f"/assessments/{a.pk}/results/{row.pk}/"))
    assert "How the result was reached" in explained and "SNSV static model" in explained
    assert "OSP/DC 2-year" in explained and "2026-moj.1" in explained
    assert "group" in explained


def test_rsr_form_names_each_bad_field(client_for, world: World) -> None:
    client = client_for("police")
    bad = client.post(
        "/instruments/rsr/",
        {**{k: str(v) for k, v in RSR_ANSWERS.items()}, "violent_sanctions": "9"},
    )
    assert any(link.startswith("#violent_sanctions ") for link in error_summary(bad))
    good = client.post("/instruments/rsr/", {k: str(v) for k, v in RSR_ANSWERS.items()})
    assert "the result explained" in text(good) and "1.09" in text(good)


def test_osp_for_a_woman_reads_not_applicable_with_the_reason(client_for, world: World) -> None:
    client = client_for("police")
    response = client.post("/instruments/osp-dc/", {"sex": "female"})
    body = text(response)
    assert "Not applicable" in body and "validated on men only" in body
    assert "No score: the instrument does not apply" in body


def test_rm2000_c_second_reading_is_not_called_an_old_version(client_for, world: World) -> None:
    client = client_for("police")
    body = text(
        client.post(
            "/instruments/rm2000-c/",
            {"s_band": "high", "v_band": "medium", "cutoffs": "second_reading"},
        )
    )
    assert "2007-thornton.1-reading2" in body and "the current version is" not in body
    assert "disputed" in body and "current reading gives High" in body


# --- the new URLs against the standard cast --------------------------------------------------


@pytest.mark.parametrize("name", EVERYONE)
def test_rsr_urls_for(world: World, client_for: Callable[[str], Client], name: str) -> None:
    client = client_for(name)
    failures = []
    for case_attr in CASES:
        url = f"/assessments/{_draft(world, case_attr).pk}/instruments/rsr/"
        got = client.get(url).status_code
        want = expected_case_status(world, name, "assessment-instrument", case_attr)
        if got != want:
            failures.append(f"{url} {case_attr}: got {got}, want {want}")
    for url in ("/instruments/rsr/", "/instruments/rsr/about/"):
        got = client.get(url).status_code
        if got != (302 if name == "anonymous" else 200):
            failures.append(f"{url}: got {got}")
    assert failures == []


# --- the case page chart ----------------------------------------------------------------------


def test_case_chart_shows_rsr_osp_and_ogrs3_with_a_table(client_for, world: World) -> None:
    police = world.users["police"]
    case = world.police_case
    a = _draft(world, "police_case")
    woman_iic = {"sex": "female"}
    osp_dc = {
        "date_of_birth": "1980-05-17",
        "assessment_date": "2026-11-20",
        "contact_adult_sanctions": 1,
        "contact_child_sanctions": 0,
        "non_contact_sanctions": 0,
        "date_of_last_sexual_sanction": "2015-03-02",
        "total_sanctions": 1,
        "stranger_victim": "no",
    }
    for code, payload in (
        ("ogrs3", OGRS3_ANSWERS),
        ("osp-dc", osp_dc),
        ("osp-iic", woman_iic),
        ("rsr", RSR_ANSWERS),
    ):
        svc.score_instrument(actor=police, assessment_id=a.pk, code=code, payload=payload)
    RoshAssessment.objects.filter(pk=a.pk).update(status="submitted")
    page = client_for("police").get(f"/cases/{case.pk}/risk/")
    html = page.content.decode()
    body = text(page)
    assert 'data-testid="rosh-chart"' in html and "<desc" in html
    chart = html[html.index('data-testid="rosh-chart"') : html.index("</svg>")]
    for code in ("ogrs3", "osp-dc", "osp-iic", "rsr"):
        assert f">{code}</text>" in chart, code
    assert "not applicable" in chart  # the woman's OSP/IIC band, in words
    # The table alternative lists every value, the RSR 2-year probability among them.
    assert "rsr" in body and "1.1 %" in body and "Not applicable" in body
