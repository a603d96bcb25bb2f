"""RoSH assessments through the web UI (decision 0011): start, draft, instruments, submit, the case
page summary, conflicts, autosave, the PDF, level decisions, and the audit rows of views."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.test import Client

from fourpillars.accounts.models import User
from fourpillars.assessments.models import InstrumentResult, LevelDecision, RoshAssessment
from fourpillars.audit.models import AuditEvent
from fourpillars.domain import rosh
from fourpillars.services import assessments as svc
from tests.cast import PASSWORD, World
from tests.factories import manager_of
from tests.web.forms_in_page import form_data, save_rosh
from tests.web.helpers import date_parts, error_summary, text

pytestmark = pytest.mark.django_db

COMPLETE = {
    "ratings.community.children": "high",
    "ratings.community.public": "medium",
    "ratings.community.known_adult": "low",
    "ratings.community.staff": "low",
    "summary.who_at_risk": "Girls aged 10-14",
    "summary.nature": "Sexual contact offending",
    "summary.when_greatest": "When unsupervised near schools",
    "summary.increases": "Loss of housing; alcohol",
    "summary.reduces": "Supervision; stable housing",
    "formulation": "Offends when isolated and drinking.",
    "risk_factors.0.text": "Sexual interest in children",
    "risk_factors.0.evidence": "Index offence",
    "risk_factors.0.source_agency": "Police",
    "protective_factors.0.text": "Stable housing",
    "scenarios.0.kind": "most_likely",
    "scenarios.0.description": "Grooming online",
    "judgement_reason": "Recent contact with a child's family; instruments miss it.",
}


def start(client: Client, case_id: int) -> RoshAssessment:
    response = client.post(f"/cases/{case_id}/assessments/new/")
    assert response.status_code == 302, response.status_code
    a = RoshAssessment.objects.get(case_id=case_id, status="draft")
    assert response["Location"] == f"/assessments/{a.pk}/edit/"
    return a


def save(client: Client, a: RoshAssessment, **changes: object) -> object:
    """The changes saved through the draft's section and item pages."""
    return save_rosh(client, a.pk, changes)


def score(client: Client, a: RoshAssessment, code: str, **answers: str) -> InstrumentResult:
    url = f"/assessments/{a.pk}/instruments/{code}/"
    data = form_data(client.get(url))
    data.update(answers)
    response = client.post(url, data)
    assert response.status_code == 302, error_summary(response)
    row = InstrumentResult.objects.filter(assessment=a, instrument=code).latest("id")
    assert response["Location"] == f"/assessments/{a.pk}/results/{row.pk}/"
    return row


def test_full_flow_start_draft_instruments_submit_and_case_page(client_for, world: World) -> None:
    client = client_for("police")
    case = world.police_case
    before = text(client.get(f"/cases/{case.pk}/risk/"))
    assert "Risk of serious harm" in before and rosh.ASSESSMENT_LABEL in before
    assert "No assessment is in force" in before and "Start a RoSH assessment" in before
    a = start(client, case.pk)
    edit = text(client.get(f"/assessments/{a.pk}/edit/"))
    # The register's sexual assault (ECRIS 1003) is a trigger: a full analysis is required.
    assert "Screening calls for a full analysis, because" in edit
    assert "Rape or serious sexual offence against an adult" in edit
    assert "Continue draft" in text(client.get(f"/cases/{case.pk}/risk/"))

    response = save(client, a, **COMPLETE)
    assert response.status_code == 302 and response["Location"] == f"/assessments/{a.pk}/edit/"
    a.refresh_from_db()
    assert a.overall == "high" and a.factors.get(kind="risk").ident == "rf1"

    # OGRS3 from the register: date of birth, sex and sanctions are pre-filled and say so.
    form = client.get(f"/assessments/{a.pk}/instruments/ogrs3/")
    body = text(form)
    assert "From the register: person's date of birth" in body
    assert 'name="date_of_birth-day" type="text" inputmode="numeric" value="17"' in (
        form.content.decode()
    )
    ogrs3 = score(client, a, "ogrs3", offence_category="3")
    assert ogrs3.from_register["date_of_birth"] == "person's date of birth"
    explained = text(client.get(f"/assessments/{a.pk}/results/{ogrs3.pk}/"))
    assert "How the result was reached" in explained and "Copas term" in explained
    assert "2-year probability" in explained and "%" in explained
    assert "2009-moj.1" in explained and "Confirmed in the source" in explained
    rm2000 = score(client, a, "rm2000-v", burglary="no")
    page = text(client.get(f"/assessments/{a.pk}/results/{rm2000.pk}/"))
    assert "cut-offs unconfirmed" in page  # the scorer's warning, as GOV.UK warning text

    check = client.get(f"/assessments/{a.pk}/submit/")
    assert "add a worst case (escalation) scenario" in text(check)
    assert f'href="/assessments/{a.pk}/edit/scenarios/#scenarios"' in check.content.decode()
    save(client, a, **{"scenarios.1.kind": "worst_case", "scenarios.1.description": "Contact"})
    check = client.get(f"/assessments/{a.pk}/submit/")
    assert "Submit the assessment" in text(check)
    body = text(check)
    assert "Overall rating in the community High" in body
    assert "an overall rating of high needs a manager's countersignature" in body
    response = client.post(f"/assessments/{a.pk}/submit/", form_data(check))
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    a.refresh_from_db()
    assert a.status == "submitted" and not a.is_current  # a high rating is countersigned first
    body = text(client.get(f"/cases/{case.pk}/"))
    assert "A manager must countersign it before it comes into force." in body
    assert "awaiting countersignature" in body
    svc.countersign(actor=manager_of(world.users["police"]), assessment_id=a.pk, note="Agreed")

    page = client.get(f"/cases/{case.pk}/risk/")
    body = text(page)
    assert "Overall rating in the community High" in body
    assert "Children high" in body and "Public medium" in body
    assert 'role="img"' in page.content.decode() and "ogrs3" in body and "rm2000-v" in body
    # One sentence on the level: recorded, nothing weighed yet, what to do.
    assert "Recorded at level 1; no level decision has weighed the level criteria" in body
    assert "meets level 2 criterion (a) if meetings add value" in body
    assert "The criteria indicate level 1" not in body and "Start a RoSH assessment" in body


def test_validation_errors_are_shown_and_name_the_field(client_for, world: World) -> None:
    client = client_for("police")
    a = start(client, world.police_case.pk)
    response = save(
        client,
        a,
        **{**date_parts("assessment_date", "2999-01-01"), "screening.sentence_months": "lots"},
    )
    assert response.status_code == 200
    links = error_summary(response)
    assert "#assessment_date-day Date of the assessment cannot be in the future" in links, links
    assert any(link.startswith("#screening-sentence_months") for link in links)
    assert 'value="lots"' in response.content.decode()  # nothing lost
    response = save(client, a, **{"ratings.community.children": "extreme"})
    assert any(link.startswith("#ratings-community-children") for link in error_summary(response))
    response = save(client, a, **{"risk_factors.0.evidence": "Evidence without a factor"})
    assert any(link.startswith("#risk_factors-0-text") for link in error_summary(response))
    assert "Evidence without a factor" in response.content.decode()
    a.refresh_from_db()
    assert a.version == 1  # nothing saved


def test_stale_version_is_a_conflict_and_keeps_what_was_typed(client_for, world: World) -> None:
    client = client_for("police")
    a = start(client, world.police_case.pk)
    url = f"/assessments/{a.pk}/edit/summary/"
    stale = form_data(client.get(url), url)
    svc.save_draft(
        actor=world.users["coordinator"],
        assessment_id=a.pk,
        data={"formulation": "The co-ordinator's words"},
        expected_version=a.version,
    )
    stale["formulation"] = "My words"
    response = client.post(url, stale)
    assert response.status_code == 200
    body = text(response)
    assert "Someone else changed this draft" in body and "formulation" in body
    assert "My words" in body
    a.refresh_from_db()
    assert a.formulation == "The co-ordinator's words"
    assert f'value="{a.version}"' in response.content.decode()  # saving again replaces it


def test_autosave_saves_and_answers_a_small_fragment(client_for, world: World) -> None:
    client = client_for("police")
    a = start(client, world.police_case.pk)
    save(client, a, **{"assessment_date": "2026-01-05"})
    a.refresh_from_db()
    url = f"/assessments/{a.pk}/edit/summary/"
    data = form_data(client.get(url), url, formulation="Typed so far")
    assert data["section"] == "summary"
    headers = {"HTTP_HX_REQUEST": "true"}
    response = client.post(f"/assessments/{a.pk}/autosave/", data, **headers)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Draft saved at" in body and "<html" not in body
    a.refresh_from_db()
    assert a.formulation == "Typed so far" and a.version == 3
    assert str(a.assessment_date) == "2026-01-05"  # the other sections are left as they were
    assert f'id="version" value="{a.version}" hx-swap-oob="true"' in body
    # A second autosave queued behind the first carries the old version: not a conflict.
    data["formulation"] = "Typed so far, and more"
    again = client.post(f"/assessments/{a.pk}/autosave/", data, **headers)
    assert "Draft saved at" in again.content.decode()
    a.refresh_from_db()
    assert a.formulation == "Typed so far, and more"
    # Errors come back as a list of links, and nothing is saved.
    screening = f"/assessments/{a.pk}/edit/screening/"
    bad_data = form_data(
        client.get(screening), screening, **{"assessment_date-month": "not a month"}
    )
    bad = client.post(f"/assessments/{a.pk}/autosave/", bad_data, **headers).content.decode()
    assert "Not saved yet" in bad and 'href="#assessment_date-month"' in bad
    assert "Date of the assessment must be a real date" in bad
    # Another page (another token) with an old version is a real conflict.
    data.update({"form_token": "another-page", "version": "1"})
    conflict = client.post(f"/assessments/{a.pk}/autosave/", data, **headers).content.decode()
    assert "Not saved" in conflict and "Someone else saved" in conflict


def test_pdf_is_an_audited_download_with_the_reference_and_label(client_for, world: World) -> None:
    client = client_for("police")
    a = start(client, world.police_case.pk)
    response = client.get(f"/assessments/{a.pk}/summary.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    row = AuditEvent.objects.order_by("-seq").first()
    assert (row.action, row.target_id) == ("export_rosh_summary_pdf", str(a.pk))
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: install the Debian package poppler-utils")
    out = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(out.split())
    assert world.police_case.reference in flat
    assert "Professional assessment (DPA 2018 s.38(2))" in flat


def test_level_decision_is_recorded_and_changes_the_level(client_for, world: World) -> None:
    client = client_for("police")
    case = world.police_case
    url = f"/cases/{case.pk}/level/"
    page = client.get(url)
    assert "The criteria indicate level 1" in text(page)
    preview = client.post(
        url, {"flags": ["adds_value", "exceptional_coordination"]}, HTTP_HX_REQUEST="true"
    )
    assert (
        "The criteria indicate level 2" in text(preview) and "<html" not in preview.content.decode()
    )
    assert not LevelDecision.objects.exists()
    no_js = client.post(url, {"flags": ["adds_value", "exceptional_coordination"], "preview": "1"})
    assert "The criteria indicate level 2" in text(no_js)
    missing = client.post(url, {"flags": ["adds_value"], "level": "", "reason": ""})
    links = error_summary(missing)
    assert any(link.startswith("#level ") for link in links)
    assert any(link.startswith("#reason ") for link in links)
    response = client.post(
        url,
        {
            "flags": ["adds_value", "exceptional_coordination"],
            "level": "2",
            "reason": "Co-ordinate",
        },
    )
    assert response.status_code == 302
    decision = LevelDecision.objects.get()
    assert (decision.indicated_level, decision.decided_level) == (2, 2)
    case.refresh_from_db()
    assert case.level == 2
    body = text(client.get(f"/cases/{case.pk}/risk/"))
    assert "Latest decision: Level 2" in body and "Co-ordinate" in body


def test_views_write_audit_rows_with_the_sessions_purpose(client_for, world: World) -> None:
    a = svc.start_assessment(actor=world.users["probation"], case_id=world.shared_case.pk)
    client = client_for("housing")
    url = f"/assessments/{a.pk}/"
    first = client.get(url)
    assert first.status_code == 302
    assert first["Location"] == f"/cases/{world.shared_case.pk}/justify/?next={url}"
    answer = client.post(first["Location"], {"purpose": "safeguarding", "next": url})
    assert answer["Location"] == url
    assert client.get(url).status_code == 200
    assert client.get(f"/cases/{world.shared_case.pk}/assessments/").status_code == 200
    rows = AuditEvent.objects.filter(case_id=world.shared_case.pk, actor_username="housing")
    assert {(r.action, r.purpose) for r in rows} >= {
        ("view_rosh_assessment", "safeguarding"),
        ("list_rosh_assessments", "safeguarding"),
    }
    # Housing may read but not change it.
    assert client.get(f"/assessments/{a.pk}/edit/").status_code == 403


def test_countersign_by_a_manager_brings_it_into_force(
    client_for, world: World, police_manager: User
) -> None:
    client = client_for("police")
    a = start(client, world.police_case.pk)
    save(
        client,
        a,
        **{
            **COMPLETE,
            "scenarios.1.kind": "worst_case",
            "scenarios.1.description": "Contact",
            "ratings.community.children": "low",
            "ratings.community.public": "low",
        },
    )
    score(client, a, "rm2000-c", s_band="high", v_band="high")
    # Rated low beside a high RM2000/C: a band indicates no rating, so no countersignature.
    a.refresh_from_db()
    assert not a.needs_countersignature
    # The author is in training: the policy asks for a manager's countersignature.
    world.users["police"].in_training = True
    world.users["police"].save(update_fields=["in_training"])
    save(client, a, **{"judgement_reason": "RM2000/C describes a group; see the analysis"})
    a.refresh_from_db()
    assert a.countersignature_reasons == ["the author is in training"]
    client.post(f"/assessments/{a.pk}/submit/", {"version": a.version})
    a.refresh_from_db()
    assert a.status == "submitted" and not a.is_current
    assert client.get(f"/assessments/{a.pk}/countersign/").status_code == 403  # the author
    assert "awaiting countersignature" in text(client.get(f"/cases/{world.police_case.pk}/"))
    boss = Client()
    assert boss.login(username=police_manager.username, password=PASSWORD)
    form = boss.get(f"/assessments/{a.pk}/countersign/")
    assert form.status_code == 200
    refused = boss.post(f"/assessments/{a.pk}/countersign/", {"note": ""})
    assert error_summary(refused)[0].startswith("#note ")
    done = boss.post(f"/assessments/{a.pk}/countersign/", {"note": "Agreed: contact evidence"})
    assert done.status_code == 302
    a.refresh_from_db()
    assert a.status == "countersigned" and a.is_current


def test_standalone_scoring_stores_nothing_and_explains(client_for, world: World) -> None:
    client = client_for("housing")
    assert "OGRS3" in text(client.get("/instruments/"))
    about = text(client.get("/instruments/static-99r/about/"))
    assert "Bands" in about and "Who it is for" in about
    before = AuditEvent.objects.count()
    form = client.get("/instruments/rm2000-v/")
    data = form_data(
        form,
        **date_parts("date_of_birth", "1990-01-01"),
        violent_appearances="2",
        burglary="yes",
    )
    response = client.post("/instruments/rm2000-v/", data)
    assert response.status_code == 200
    body = text(response)
    assert "the result explained" in body and "nothing was stored" in body
    assert AuditEvent.objects.count() == before and not InstrumentResult.objects.exists()
    bad = client.post("/instruments/rm2000-v/", {"violent_appearances": "many"})
    assert any(link.startswith("#violent_appearances ") for link in error_summary(bad))
    assert client.get("/instruments/nope/").status_code == 404


def test_every_instruments_form_shows_every_problem_on_a_field(client_for, world: World) -> None:
    """An empty form's errors all land on a field of the generated form (no instrument reads
    an input its form does not offer)."""
    from fourpillars.domain.instruments import REGISTRY

    client = client_for("police")
    for code in REGISTRY:
        response = client.post(f"/instruments/{code}/", {})
        assert response.status_code == 200, code
        links = error_summary(response)
        assert links, code
        assert not [link for link in links if link.startswith("#main-content")], (code, links)


def _all(specs, value_for) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {s.path: v for s in specs if (v := value_for(s)) is not None}


@pytest.mark.parametrize("code", ["dash", "sara", "stable-2007", "firearms-suitability"])
def test_nested_instruments_score_from_their_forms(client_for, world: World, code: str) -> None:
    """DASH answers, SPJ ratings with evidence and flags, and the firearms checklists and
    sentence rows become the nested objects their scorers read."""
    from fourpillars.domain.instruments import REGISTRY
    from fourpillars.web.forms.instruments import specs_for

    def value_for(spec):  # type: ignore[no-untyped-def]
        if spec.path == "assessment_date":
            return "2026-01-05"
        if spec.path == "judgement_reason":  # DASH: only with professional judgement
            return None
        if spec.kind in ("radios", "select"):
            return spec.choices[-1][0] if spec.convert == "bool" else spec.choices[0][0]
        if spec.convert == "int":
            return "0"
        if spec.kind == "textarea" and not spec.path.endswith(".evidence"):
            return "Because"
        return None

    specs = specs_for(REGISTRY[code].definition)
    data = _all(specs, value_for)
    if code == "sara":
        data["items.past_assault_family.rating"] = "2"
        data["items.past_assault_family.evidence"] = "Two police call-outs"
        data["items.past_assault_family.flags"] = "critical"
    if code == "firearms-suitability":
        data.update(
            {
                "sentences.0.kind": "custody",
                "sentences.0.length_months": "48",
                "sentences.0.sentence_date": "2010-01-01",
            }
        )
    response = client_for("police").post(f"/instruments/{code}/", data)
    assert "the result explained" in text(response), error_summary(response)
    if code == "sara":
        assert "[critical]" in text(response)
    if code == "firearms-suitability":
        assert "lifetime" in text(response).lower()


def test_exemption_and_custody_on_the_form(client_for, world: World) -> None:
    client = client_for("police")
    a = start(client, world.police_case.pk)
    edit = text(client.get(f"/assessments/{a.pk}/edit/screening/"))
    assert "Will you do the full analysis?" in edit and "Is the person in custody?" in edit
    ratings = text(client.get(f"/assessments/{a.pk}/edit/ratings/"))
    assert "Risk to prisoners (in custody)" in ratings
    assert "Risk to children (in custody)" in ratings
    response = save(
        client,
        a,
        **{
            "in_custody": "yes",
            "screening.full_analysis": "no",
            "screening.exemption_reason": "Full analysis done by the prison last month",
        },
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.in_custody and a.exempted and a.needs_countersignature
    assert "The full analysis is not being done (an exemption)" in text(
        client.get(f"/assessments/{a.pk}/edit/")
    )
    page = text(client.get(f"/assessments/{a.pk}/edit/judgement/"))
    assert "A manager must countersign before this assessment comes into force" in page
    assert "a local policy, not yet confirmed against national guidance" in page
    check = text(client.get(f"/assessments/{a.pk}/submit/"))
    assert "Rate the risk to prisoners in custody".lower() in check.lower()
    assert "as if release were imminent" in check
    bad = save(client, a, **{"in_custody": "perhaps"})
    assert any(link.startswith("#in_custody") for link in error_summary(bad))
