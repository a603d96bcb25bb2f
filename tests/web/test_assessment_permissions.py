"""Every RoSH, instrument and level URL requested as each member of the standard cast and
anonymous, with the expectations of tests/web/matrix.py:
reading an assessment is like reading its case (404 hidden, purpose first outside the lead
agency); changing one is like changing the case (403 for those who may only read it)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import URLPattern

from fourpillars.assessments.models import InstrumentResult, RoshAssessment
from fourpillars.audit.models import AuditEvent
from fourpillars.services import assessments as svc
from fourpillars.web import urls_rosh
from tests.cast import CASES, EVERYONE, LEADS, World
from tests.web.matrix import MANAGES, expected_case_status

pytestmark = pytest.mark.django_db

Build = Callable[[World, str], str]


def _draft(world: World, case_attr: str) -> RoshAssessment:
    case = getattr(world, case_attr)
    found = RoshAssessment.objects.filter(case=case, status="draft").first()
    return found or svc.start_assessment(actor=world.users[LEADS[case_attr]], case_id=case.pk)


def _result(world: World, case_attr: str) -> InstrumentResult:
    a = _draft(world, case_attr)
    found = a.instrument_results.first()
    return found or svc.score_instrument(
        actor=world.users[LEADS[case_attr]],
        assessment_id=a.pk,
        code="rm2000-c",
        payload={"s_band": "low", "v_band": "medium"},
    )


def _with_factor(world: World, case_attr: str) -> str:
    """The draft's first risk factor's remove page (a factor is recorded if there is none)."""
    a = _draft(world, case_attr)
    if not a.factors.exists():
        svc.save_draft(
            actor=world.users[LEADS[case_attr]],
            assessment_id=a.pk,
            data={"risk_factors": [{"id": "rf1", "text": "Drinking", "evidence": "Notes"}]},
            expected_version=a.version,
        )
    return f"/assessments/{a.pk}/edit/risk_factors/0/remove/"


def _a(path: str) -> Build:
    return lambda w, c: f"/assessments/{_draft(w, c).pk}/{path}"


def _case(path: str) -> Build:
    return lambda w, c: f"/cases/{getattr(w, c).pk}/{path}"


# Reading: the policy of the case page ("case" in the matrix).
READ_URLS: dict[str, Build] = {
    "case-assessments": _case("assessments/"),
    "assessment": _a(""),
    "assessment-pdf": _a("summary.pdf"),
    "assessment-result": lambda w, c: f"/assessments/{_draft(w, c).pk}/results/{_result(w, c).pk}/",
}
# Changing: the policy of the case's edit forms.
MANAGE_URLS: dict[str, Build] = {
    "case-level": _case("level/"),
    "assessment-edit": _a("edit/"),
    "assessment-section": _a("edit/summary/"),
    "assessment-item": _a("edit/risk_factors/0/"),
    "assessment-item-remove": _with_factor,
    "assessment-instruments": _a("instruments/"),
    "assessment-instrument": _a("instruments/ogrs3/"),
    "assessment-submit": _a("submit/"),
}
# Countersigning: a manager other than the author, of a submitted assessment; nobody in the
# cast is a manager and these are drafts, so 403 wherever the case is visible.
COUNTERSIGN_URLS: dict[str, Build] = {"assessment-countersign": _a("countersign/")}
# POST only, in this order (removing the result comes last).
POST_URLS: dict[str, Build] = {
    "assessment-start": _case("assessments/new/"),
    "assessment-autosave": _a("autosave/"),
    "assessment-result-remove": lambda w, c: (
        f"/assessments/{_draft(w, c).pk}/results/{_result(w, c).pk}/remove/"
    ),
}
MANAGER_POST_STATUS = {
    "assessment-start": 302,
    "assessment-autosave": 200,
    "assessment-result-remove": 302,
}
GENERAL_URLS = {
    "instruments": "/instruments/",
    "instrument-score": "/instruments/ogrs3/",
    "instrument-about": "/instruments/ogrs3/about/",
}


def expected(world: World, name: str, url_name: str, case_attr: str) -> int:
    if url_name in READ_URLS:
        return expected_case_status(world, name, "case", case_attr)
    if url_name in COUNTERSIGN_URLS:
        if name == "anonymous":
            return 302
        return 404 if getattr(world, case_attr).pk not in world.visible[name] else 403
    return expected_case_status(world, name, url_name, case_attr)


def test_every_rosh_url_is_in_the_matrix() -> None:
    names = {p.name for p in urls_rosh.urlpatterns if isinstance(p, URLPattern)}
    covered = set(READ_URLS) | set(MANAGE_URLS) | set(COUNTERSIGN_URLS) | set(POST_URLS)
    assert names == covered | set(GENERAL_URLS)


@pytest.mark.parametrize("name", EVERYONE)
def test_rosh_urls_for(world: World, client_for: Callable[[str], Client], name: str) -> None:
    client = client_for(name)
    failures = []
    for case_attr in CASES:
        for url_name, build in {**READ_URLS, **MANAGE_URLS, **COUNTERSIGN_URLS}.items():
            got = client.get(build(world, case_attr)).status_code
            want = expected(world, name, url_name, case_attr)
            if got != want:
                failures.append(f"{url_name} {case_attr}: got {got}, want {want}")
    for url_name, url in GENERAL_URLS.items():
        got = client.get(url).status_code
        if got != (302 if name == "anonymous" else 200):
            failures.append(f"{url_name}: got {got}")
    assert failures == []


@pytest.mark.parametrize("name", EVERYONE)
def test_rosh_posts_for(world: World, client_for: Callable[[str], Client], name: str) -> None:
    """Hidden: 404 and nothing recorded; visible but not theirs: 403; theirs: done."""
    client = client_for(name)
    failures = []
    for case_attr in CASES:
        urls = {u: build(world, case_attr) for u, build in POST_URLS.items()}
        hidden = name == "anonymous" or getattr(world, case_attr).pk not in world.visible[name]
        manages = case_attr in MANAGES.get(name, set())
        before = AuditEvent.objects.exclude(action="refused_read").count()
        for url_name, url in urls.items():
            if name != "anonymous":
                assert client.get(url).status_code == 405, url_name
            got = client.post(url, {}).status_code
            want = (
                302
                if name == "anonymous"
                else 404
                if hidden
                else MANAGER_POST_STATUS[url_name]
                if manages
                else 403
            )
            if got != want:
                failures.append(f"{url_name} {case_attr}: got {got}, want {want}")
        if hidden or not manages:
            assert AuditEvent.objects.exclude(action="refused_read").count() == before, case_attr
    assert failures == []


@pytest.mark.parametrize(
    ("name", "case_attr"),
    [("coordinator", "police_case"), ("coordinator", "shared_case"), ("housing", "shared_case")],
)
def test_after_justifying_the_rosh_urls_open(
    world: World, client_for: Callable[[str], Client], name: str, case_attr: str
) -> None:
    client = client_for(name)
    case = getattr(world, case_attr)
    client.post(f"/cases/{case.pk}/justify/", {"purpose": "mappa-coordination"})
    for url_name, build in READ_URLS.items():
        assert client.get(build(world, case_attr)).status_code == 200, url_name
    for url_name, build in MANAGE_URLS.items():
        want = 200 if case_attr in MANAGES.get(name, set()) else 403
        assert client.get(build(world, case_attr)).status_code == want, url_name
    assert (
        client.get(COUNTERSIGN_URLS["assessment-countersign"](world, case_attr)).status_code == 403
    )


def test_unknown_instrument_and_result_are_404(world: World, client_for) -> None:
    client = client_for("police")
    a = _draft(world, "police_case")
    other = _result(world, "shared_case")
    assert client.get(f"/assessments/{a.pk}/instruments/nope/").status_code == 404
    assert client.get(f"/assessments/{a.pk}/results/{other.pk}/").status_code == 404
    assert client.get("/assessments/999999/").status_code == 404
    assert client.post(f"/assessments/{a.pk}/results/{other.pk}/remove/").status_code == 404
