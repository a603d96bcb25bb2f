"""Emergency access and retention review screens (decision 0030): every URL against the
standard cast (expectations spelt out here from the policy), and the journeys through them:
the same answer for a hidden case and for no case, reads under emergency access, keeping and
deleting a closed case."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import URLPattern
from django.utils import timezone

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.retention import add_years
from fourpillars.register.models import Case, RetentionReview
from fourpillars.web import urls_security
from tests.cast import CASES, EVERYONE, World
from tests.web.helpers import date_parts, text

pytestmark = pytest.mark.django_db
REASON = "Arrested tonight near a school, need to see the risk plan now"
ASKS = {"police", "probation", "outsider"}  # Responsible Authority case managers
VISIBLE = {
    "coordinator": {"police_case", "shared_case"},
    "police": {"police_case"},
    "probation": {"shared_case"},
    "housing": {"shared_case"},
    "outsider": {"other_area_case"},
}
COORDINATES = {"coordinator": {"police_case", "shared_case"}}
NO_CASEWORK = {"auditor", "admin"}


def test_every_url_is_in_the_matrix() -> None:
    names = {p.name for p in urls_security.urlpatterns if isinstance(p, URLPattern)}
    assert names == {"emergency-access", "emergency-open", "retention-queue", "retention-review"}


def _want_open(name: str, case_attr: str) -> int:
    if name == "anonymous":
        return 302
    if name in NO_CASEWORK:
        return 403
    return 302 if case_attr in VISIBLE.get(name, set()) else 404


def _want_review(name: str, case_attr: str) -> int:
    if name == "anonymous":
        return 302
    if case_attr not in VISIBLE.get(name, set()):
        return 404
    return 200 if case_attr in COORDINATES.get(name, set()) else 403


@pytest.mark.parametrize("name", EVERYONE)
def test_the_urls_for(world: World, client_for: Callable[[str], Client], name: str) -> None:
    client = client_for(name)
    anonymous = name == "anonymous"
    failures = []
    got = client.get("/emergency-access/").status_code
    want = 302 if anonymous else 200 if name in ASKS else 403
    if got != want:
        failures.append(f"emergency-access: got {got}, want {want}")
    got = client.get("/retention/").status_code
    want = 302 if anonymous else 200 if name == "coordinator" else 403
    if got != want:
        failures.append(f"retention-queue: got {got}, want {want}")
    for case_attr in CASES:
        case = getattr(world, case_attr)
        response = client.get(f"/emergency-access/open/?reference={case.reference}")
        if response.status_code != _want_open(name, case_attr):
            failures.append(f"emergency-open {case_attr}: got {response.status_code}")
        elif response.status_code == 302 and not anonymous:
            assert response["Location"] == f"/cases/{case.pk}/"
        got = client.get(f"/retention/{case.pk}/").status_code
        if got != _want_review(name, case_attr):
            failures.append(f"retention-review {case_attr}: got {got}")
    assert failures == []


@pytest.mark.parametrize("name", EVERYONE)
def test_posts_change_nothing_for_those_the_policy_refuses(
    world: World, client_for: Callable[[str], Client], name: str
) -> None:
    client = client_for(name)
    before = AuditEvent.objects.count()
    reference = world.other_area_case.reference
    asked = client.post("/emergency-access/", {"reference": reference, "reason": REASON})
    if name in ASKS:
        assert asked.status_code == 200
    else:
        assert asked.status_code == (302 if name == "anonymous" else 403)
        for case_attr in CASES:
            case = getattr(world, case_attr)
            done = client.post(f"/retention/{case.pk}/", {"outcome": "delete", "reason": "x"})
            # The co-ordinator's own cases are open: the decision is refused on its field.
            assert done.status_code == _want_review(name, case_attr), case_attr
            assert Case.objects.filter(pk=case.pk).exists()
        if name != "coordinator":  # a refused read of a hidden case is audited, nothing else
            assert AuditEvent.objects.exclude(action="refused_read").count() == before


def _answer(response: object) -> str:
    shown = text(response)  # type: ignore[arg-type]
    return re.sub(r"FP-[A-Z]-\d{6}", "REF", re.sub(r"\d{1,2}:\d{2}(am|pm)?", "TIME", shown))


def test_the_answer_is_the_same_for_a_hidden_case_and_for_no_case(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("police")
    hidden = client.post(
        "/emergency-access/", {"reference": world.other_area_case.reference, "reason": REASON}
    )
    nothing = client.post("/emergency-access/", {"reference": "FP-Z-000999", "reason": REASON})
    assert hidden.status_code == nothing.status_code == 200
    assert _answer(hidden) == _answer(nothing).replace("FP-Z-000999", "REF")
    assert "If a case with this reference exists" in text(hidden)


def test_reads_under_emergency_access_need_no_purpose_and_are_marked(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("police")
    case = world.other_area_case
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    client.post("/emergency-access/", {"reference": case.reference, "reason": REASON})
    opened = client.get(f"/emergency-access/open/?reference={case.reference}", follow=True)
    assert opened.status_code == 200 and case.reference in text(opened)
    assert client.get(f"/cases/{case.pk}/person/").status_code == 200
    assert client.get(f"/cases/{case.pk}/edit/").status_code == 403  # reading only
    reads = AuditEvent.objects.filter(
        case_id=case.pk, actor_username="police", operation="consultation"
    ).exclude(action="refused_read")  # the 404 before the grant: refused, not a read
    assert reads.count() >= 2 and {r.purpose for r in reads} == {"break-glass"}
    listed = client.get("/emergency-access/")
    assert f"Case {case.reference}" in text(listed)


def test_a_short_reason_is_refused_on_its_field(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("police").post(
        "/emergency-access/", {"reference": "", "reason": "Urgent"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Error: Emergency access to a case" in body
    assert 'href="#id_reference"' in body and 'href="#id_reason"' in body
    assert "20 characters" in text(response)


def _closed(world: World, case_attr: str = "shared_case", years_ago: int = 7) -> Case:
    case = getattr(world, case_attr)
    today = timezone.localdate()
    Case.objects.filter(pk=case.pk).update(
        status="closed",
        closed_on=add_years(today, -years_ago),
        retention_review_due=today - dt.timedelta(days=3),
    )
    case.refresh_from_db()
    return case


def test_the_home_shows_reviews_due_with_a_link_to_the_list(
    world: World, client_for: Callable[[str], Client]
) -> None:
    _closed(world)
    home = client_for("coordinator").get("/")
    body = home.content.decode()
    assert 'data-testid="waiting-retention"' in body and 'href="/retention/"' in body
    assert "1 closed case due for a retention review" in text(home)
    listed = client_for("coordinator").get("/retention/")
    assert world.shared_case.reference in text(listed)


def test_keeping_a_record_sets_its_next_review(
    world: World, client_for: Callable[[str], Client]
) -> None:
    case = _closed(world)
    client = client_for("coordinator")
    next_review = (timezone.localdate() + dt.timedelta(days=400)).isoformat()
    page = client.get(f"/retention/{case.pk}/").content.decode()
    assert f'name="version" value="{case.version}"' in page
    data = {
        "outcome": "retain",
        "reason": "Victim still at risk",
        "version": case.version,
        **date_parts("next_review", next_review),
    }
    done = client.post(f"/retention/{case.pk}/", data)
    assert done.status_code == 302 and done["Location"] == "/retention/"
    case.refresh_from_db()
    assert case.retention_review_due.isoformat() == next_review


def test_a_decision_without_the_version_is_refused_naming_it(
    world: World, client_for: Callable[[str], Client]
) -> None:
    case = _closed(world)
    data = {"outcome": "delete", "reason": "No longer needed", "confirmed": "yes"}
    response = client_for("coordinator").post(f"/retention/{case.pk}/", data)
    assert response.status_code == 200
    assert "The version of the case you loaded is missing" in text(response)
    assert Case.objects.filter(pk=case.pk).exists()
    assert not RetentionReview.objects.exists()


def test_a_decision_on_a_stale_page_is_a_conflict_and_saves_nothing(
    world: World, client_for: Callable[[str], Client]
) -> None:
    """Kept by one co-ordinator; another, on the page loaded before, asks to delete it: told
    someone saved it meanwhile, shown the review again with the current version."""
    case = _closed(world)
    client = client_for("coordinator")
    keep = (timezone.localdate() + dt.timedelta(days=400)).isoformat()
    kept = {
        "outcome": "retain",
        "reason": "Victim still at risk",
        "version": case.version,
        **date_parts("next_review", keep),
    }
    assert client.post(f"/retention/{case.pk}/", kept).status_code == 302
    stale = {"outcome": "delete", "reason": "No longer needed", "version": case.version}
    response = client.post(f"/retention/{case.pk}/", {**stale, "confirmed": "yes"})
    assert response.status_code == 200
    shown = text(response)
    assert "Someone else saved this record" in shown and "retention_review_due" in shown
    assert f'name="version" value="{case.version + 1}"' in response.content.decode()
    assert Case.objects.filter(pk=case.pk).exists()
    assert RetentionReview.objects.count() == 1


def test_a_missing_next_review_is_refused_on_its_field(
    world: World, client_for: Callable[[str], Client]
) -> None:
    case = _closed(world)
    data = {
        "outcome": "retain",
        "reason": "",
        "version": case.version,
        **date_parts("next_review", ""),
    }
    response = client_for("coordinator").post(f"/retention/{case.pk}/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="#id_next_review-day"' in body or 'href="#id_next_review"' in body
    assert 'href="#id_reason"' in body


def test_deleting_asks_for_confirmation_then_leaves_only_the_stub(
    world: World, client_for: Callable[[str], Client]
) -> None:
    case = _closed(world)
    client = client_for("coordinator")
    data = {
        "outcome": "delete",
        "reason": "No longer needed",
        "version": case.version,
        **date_parts("next_review", ""),
    }
    asked = client.post(f"/retention/{case.pk}/", data)
    assert asked.status_code == 200 and Case.objects.filter(pk=case.pk).exists()
    assert "Delete the personal data" in text(asked)
    assert 'name="confirmed" value="yes"' in asked.content.decode()
    assert f'name="version" value="{case.version}"' in asked.content.decode()
    done = client.post(f"/retention/{case.pk}/", {**data, "confirmed": "yes"})
    assert done.status_code == 302
    assert not Case.objects.filter(pk=case.pk).exists()
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    listed = text(client.get("/retention/"))
    assert f"Case {case.reference}: delete the personal data" in listed
    assert RetentionReview.objects.get().case_reference == case.reference


def test_an_open_case_shows_no_decision_form(
    world: World, client_for: Callable[[str], Client]
) -> None:
    page = client_for("coordinator").get(f"/retention/{world.police_case.pk}/")
    assert page.status_code == 200
    assert "Only a closed case is reviewed for retention" in text(page)
    assert 'name="outcome"' not in page.content.decode()


@pytest.mark.parametrize("reference", ["FP-A-\x00001", "\x00", "x" * 500, "FP-A-%"])
def test_odd_references_are_404_or_a_named_error_never_a_500(
    world: World, client_for: Callable[[str], Client], reference: str
) -> None:
    client = client_for("police")
    nul = "\x00" in reference  # refused before any view, naming the field (422)
    opened = client.get("/emergency-access/open/", {"reference": reference})
    assert opened.status_code == (422 if nul else 404)
    asked = client.post("/emergency-access/", {"reference": reference, "reason": REASON})
    assert asked.status_code == (422 if nul else 200)
    assert "govuk-error-summary" in asked.content.decode() or "If a case" in text(asked)
