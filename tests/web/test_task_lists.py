"""The RoSH draft and the plan builder as GOV.UK task lists: the statuses, section pages that
post only their part with the version, repeating items added, changed and removed on their own
pages as summary cards, the restrictive measure's conditional reveal, Save as every form's
default button, and the check answers pages before submitting and approving."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from fourpillars.assessments.models import RoshAssessment
from fourpillars.plans.models import Plan
from fourpillars.services import assessments as svc
from fourpillars.services import plans as plan_svc
from tests.cast import World
from tests.factories import assessed, colleague
from tests.web.forms_in_page import form_data, save_rosh, with_date_boxes
from tests.web.helpers import date_parts, error_summary, text

pytestmark = pytest.mark.django_db

FORM = re.compile(r'<form method="post"(.*?)</form>', re.S)
BUTTON = re.compile(r"<button[^>]*>(.*?)</button>", re.S)


def first_buttons(html: str) -> list[str]:
    """The first button of every post form on the page (the one Enter presses), as text."""
    out = []
    for form in FORM.findall(html):
        found = BUTTON.search(form)
        if found and "Sign out" not in found.group(1):
            out.append(re.sub(r"<[^>]+>", "", found.group(1)).strip())
    return out


def statuses(html: str) -> dict[str, str]:
    """Each task's status, by the section's slug."""
    found = re.findall(
        r'<li class="govuk-task-list__item[^"]*" id="section-([a-z_]+)".*?'
        r'id="task-[a-z_]+-status">(.*?)</div>',
        html,
        re.S,
    )
    return {slug: re.sub(r"<[^>]+>", "", status).strip() for slug, status in found}


def start_rosh(client: Client, world: World) -> RoshAssessment:
    client.post(f"/cases/{world.police_case.pk}/assessments/new/")
    return RoshAssessment.objects.get(case=world.police_case, status="draft")


# --- RoSH --------------------------------------------------------------------------------


def test_rosh_task_list_statuses_follow_the_document_and_the_problems(
    client_for, world: World
) -> None:
    client = client_for("police")
    a = start_rosh(client, world)
    url = f"/assessments/{a.pk}/edit/"
    page = client.get(url).content.decode()
    assert statuses(page) == {
        "screening": "Completed",  # dated today, triggers from the register
        "ratings": "Not yet started",
        "summary": "Not yet started",
        "risk_factors": "Not yet started",
        "protective_factors": "Not yet started",
        "scenarios": "Not yet started",
        "instruments": "Not yet started",
        "judgement": "Cannot start yet",
    }
    assert "You have completed 1 of 8 sections" in text(client.get(url))
    assert f'href="{url}judgement/"' not in page  # cannot start yet: not a link
    # Old deep links (#scenarios, #section-scenarios) land on the section's task.
    assert 'id="section-scenarios"' in page and 'id="scenarios"' in page
    save_rosh(client, a.pk, {"screening.full_analysis": "no", "ratings.community.children": "low"})
    page = client.get(url).content.decode()
    assert statuses(page)["screening"] == "In progress"  # an exemption needs its reason
    assert statuses(page)["ratings"] == "In progress"  # three groups still unrated
    save_rosh(
        client,
        a.pk,
        {f"ratings.community.{g}": "low" for g in ("children", "public", "known_adult", "staff")},
    )
    page = client.get(url).content.decode()
    assert statuses(page)["ratings"] == "Completed"
    assert statuses(page)["judgement"] == "Not yet started"
    assert f'href="{url}judgement/"' in page
    save_rosh(client, a.pk, {"risk_factors.0.text": "Drinking"})  # no evidence yet
    assert statuses(client.get(url).content.decode())["risk_factors"] == "In progress"


def test_a_section_page_shows_and_saves_only_its_part(client_for, world: World) -> None:
    client = client_for("police")
    a = start_rosh(client, world)
    save_rosh(client, a.pk, {"formulation": "Offends when drinking"})
    url = f"/assessments/{a.pk}/edit/screening/"
    page = client.get(url)
    body = page.content.decode()
    assert 'name="assessment_date-day"' in body and 'name="screening.full_analysis"' in body
    assert 'name="in_custody"' in body and 'name="formulation"' not in body
    assert 'name="ratings.community.children"' not in body
    a.refresh_from_db()
    data = form_data(page, url, **date_parts("assessment_date", "2026-02-01"))
    assert data["version"] == str(a.version) and data["section"] == "screening"
    data["formulation"] = "Sneaked in"  # not this section's: ignored
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == f"/assessments/{a.pk}/edit/"
    a.refresh_from_db()
    assert str(a.assessment_date) == "2026-02-01" and a.formulation == "Offends when drinking"
    assert "Date, custody and screening: saved." in text(client.get(response["Location"]))
    # The exemption: full analysis no, with its reason, on the same page.
    assert "Reason for not doing the full analysis" in text(client.get(url))


def test_factors_are_added_changed_and_removed_on_their_own_pages(client_for, world: World) -> None:
    client = client_for("police")
    a = start_rosh(client, world)
    section = f"/assessments/{a.pk}/edit/risk_factors/"
    listing = client.get(section).content.decode()
    assert "None added yet." in listing and f'href="{section}0/"' in listing
    assert "Add a risk factor" in listing and first_buttons(listing) == []  # links, no form
    page = client.get(f"{section}0/")
    assert 'name="risk_factors.0.text"' in page.content.decode()
    data = form_data(page, **{"risk_factors.0.text": "Drinking", "risk_factors.0.evidence": "OM"})
    response = client.post(f"{section}0/", data)
    assert response.status_code == 302 and response["Location"] == section
    listing = client.get(section).content.decode()
    assert 'class="govuk-summary-card"' in listing and "Drinking" in listing and "(rf1)" in listing
    assert f'href="{section}0/"' in listing and f'href="{section}0/remove/"' in listing
    assert "Add another risk factor" in listing and f'href="{section}1/"' in listing
    second = form_data(client.get(f"{section}1/"), **{"risk_factors.1.text": "Isolation"})
    assert client.post(f"{section}1/", second).status_code == 302
    change = client.get(f"{section}0/")
    assert "Drinking" in change.content.decode()
    client.post(f"{section}0/", form_data(change, **{"risk_factors.0.text": "Heavy drinking"}))
    assert [(f.ident, f.text) for f in a.factors.order_by("position", "id")] == [
        ("rf1", "Heavy drinking"),
        ("rf2", "Isolation"),
    ]
    # Removing asks first; no answer is an error, "No" keeps it, "Yes" removes it.
    remove = client.get(f"{section}0/remove/")
    assert "Are you sure you want to remove this risk factor?" in text(remove)
    assert first_buttons(remove.content.decode()) == ["Continue"]
    refused = client.post(f"{section}0/remove/", form_data(remove))
    assert error_summary(refused) == ["#confirm Select yes if you want to remove this risk factor"]
    kept = client.post(f"{section}0/remove/", form_data(remove, confirm="no"))
    assert kept["Location"] == section and a.factors.count() == 2
    gone = client.post(f"{section}0/remove/", form_data(remove, confirm="yes"))
    assert gone["Location"] == section
    assert [f.ident for f in a.factors.all()] == ["rf2"]
    assert client.get(f"{section}5/").status_code == 404


def test_a_stale_item_page_is_a_conflict_that_keeps_what_was_typed(
    client_for, world: World
) -> None:
    client = client_for("police")
    a = start_rosh(client, world)
    url = f"/assessments/{a.pk}/edit/scenarios/0/"
    typed = {"scenarios.0.kind": "most_likely", "scenarios.0.description": "Grooming online"}
    stale = form_data(client.get(url), **typed)
    svc.save_draft(
        actor=world.users["coordinator"],
        assessment_id=a.pk,
        data={"formulation": "Changed meanwhile"},
        expected_version=a.version,
    )
    response = client.post(url, stale)
    assert response.status_code == 200
    assert "Someone else changed this draft" in text(response)
    assert "Grooming online" in response.content.decode()
    assert not a.scenarios.exists()
    again = client.post(url, form_data(response))
    assert again.status_code == 302 and a.scenarios.get().description == "Grooming online"


def test_every_rosh_form_saves_by_default(client_for, world: World) -> None:
    client = client_for("police")
    a = start_rosh(client, world)
    base = f"/assessments/{a.pk}/edit/"
    for page in ("screening/", "ratings/", "summary/", "judgement/", "scenarios/0/"):
        body = client.get(base + page).content.decode()
        assert first_buttons(body) == ["Save and continue"], page
    assert "Add another" not in " ".join(
        first_buttons(client.get(f"{base}risk_factors/").content.decode())
    )


def test_rosh_check_your_answers_shows_every_section_with_change_links(
    client_for, world: World
) -> None:
    client = client_for("police")
    a = start_rosh(client, world)
    save_rosh(
        client,
        a.pk,
        {
            "assessment_date": "2026-01-05",
            "in_custody": "yes",
            "screening.full_analysis": "no",
            "screening.exemption_reason": "Done by the prison last month",
            **{f"ratings.community.{g}": "low" for g in ("children", "public", "known_adult")},
            "ratings.community.staff": "high",
            **{f"ratings.custody.{g}": "low" for g in ("children", "public", "known_adult")},
            "ratings.custody.staff": "medium",
            "ratings.custody.prisoners": "low",
            "risk_factors.0.text": "Drinking",
            "risk_factors.0.evidence": "Probation notes",
            "judgement_reason": "Staff assaulted twice",
        },
    )
    page = client.get(f"/assessments/{a.pk}/submit/")
    body = text(page)
    html = page.content.decode()
    assert "Check your answers before submitting the assessment" in body
    for slug in ("screening", "ratings", "summary", "judgement"):
        assert f'href="/assessments/{a.pk}/edit/{slug}/"' in html, slug
    assert f'href="/assessments/{a.pk}/instruments/"' in html
    assert "Date of the assessment 5 January 2026" in body
    assert "A full analysis is called for, because:" in body  # the register's offence
    assert "Rape or serious sexual offence against an adult" in body
    assert "Full analysis No: an exemption" in body
    assert "Reason for not doing the full analysis Done by the prison last month" in body
    assert "Risk to staff (in the community) High" in body
    assert "Overall rating in the community High" in body
    assert (
        "Risk to staff (in custody) Medium" in body and "Overall rating in custody Medium" in body
    )
    assert "Drinking (rf1)" in body and "Evidence Probation notes" in body
    assert "No scenarios." in body and "No instrument scored." in body
    assert "A manager must countersign, because:" in body
    assert "the full analysis was not done" in body.lower() or "exemption" in body.lower()
    assert "Staff assaulted twice" in body
    assert "Submit the assessment" in body  # the exemption leaves nothing missing


# --- plans -------------------------------------------------------------------------------


def start_plan(client: Client, world: World) -> Plan:
    assessed(world)
    client.post(f"/cases/{world.police_case.pk}/plans/new/")
    return Plan.objects.get(case=world.police_case, status="draft")


def test_plan_task_list_statuses_follow_the_checker(client_for, world: World) -> None:
    client = client_for("police")
    plan = start_plan(client, world)
    url = f"/plans/{plan.pk}/edit/"
    shown = statuses(client.get(url).content.decode())
    assert shown["actions"] == "Not yet started"
    assert shown["pillar_reasons"] == "Cannot start yet"  # no actions yet
    assert shown["victims"] == "Not yet started"
    assert shown["period"] in {"Completed", "In progress"}  # dates filled at the start
    page = client.get(f"{url}actions/0/?pillar=supervision")
    client.post(
        f"{url}actions/0/",
        form_data(
            page, **{"actions.0.text": "Weekly home visits", "actions.0.frequency": "weekly"}
        ),
    )
    shown = statuses(client.get(url).content.decode())
    assert shown["actions"] == "In progress"  # rf1 is not addressed yet: an error
    assert shown["pillar_reasons"] == "Not yet started"  # three pillars need a reason
    reasons = f"{url}pillar_reasons/"
    page = client.get(reasons)
    client.post(reasons, form_data(page, reasons, **{"pillar_reasons.supervision": "n/a"}))
    assert statuses(client.get(url).content.decode())["pillar_reasons"] == "In progress"
    assert "Quality check: " in text(client.get(url)) and "error" in text(client.get(url))


def test_a_plan_section_posts_only_its_part(client_for, world: World) -> None:
    client = client_for("police")
    plan = start_plan(client, world)
    url = f"/plans/{plan.pk}/edit/pillar_reasons/"
    page = client.get(url)
    assert first_buttons(page.content.decode()) == ["Save and continue"]
    data = form_data(page, url, **{"pillar_reasons.supervision": "Seen by the prison instead"})
    data["information_gaps"] = "Sneaked in"
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/edit/"
    plan.refresh_from_db()
    assert plan.pillar_reasons["supervision"] == "Seen by the prison instead"
    assert not plan.information_gaps


def test_an_action_reveals_legal_basis_only_for_a_restrictive_measure(
    client_for, world: World
) -> None:
    client = client_for("police")
    plan = start_plan(client, world)
    url = f"/plans/{plan.pk}/edit/actions/0/"
    page = client.get(f"{url}?pillar=monitoring_control")
    html = page.content.decode()
    assert first_buttons(html) == ["Save and continue"]
    assert 'data-aria-controls="actions-0-restrictive-conditional"' in html
    assert "This is a restrictive measure" in html
    reveal = re.search(
        r'<div class="govuk-checkboxes__conditional([^"]*)" id="actions-0-restrictive-conditional"'
        r"(.*?)</fieldset>",
        html,
        re.S,
    )
    assert reveal is not None and "--hidden" in reveal.group(1)  # shown without JavaScript
    for name in ("legal_basis", "proportionality", "end-day"):
        assert f'name="actions.0.{name}"' in reveal.group(2), name
    assert 'name="actions.0.frequency"' not in reveal.group(2)
    data = form_data(
        page,
        **{
            "actions.0.text": "Exclusion zone around the school",
            "actions.0.restrictive": "true",
            "actions.0.legal_basis": "SHPO",
        },
    )
    assert client.post(url, data).status_code == 302
    html = client.get(url).content.decode()
    assert 'govuk-checkboxes__conditional" id="actions-0-restrictive-conditional"' in html
    cards = text(client.get(f"/plans/{plan.pk}/edit/actions/"))
    assert "Restrictive measure Legal basis: SHPO" in cards


def test_victims_and_contingencies_are_cards_with_change_and_remove(
    client_for, world: World
) -> None:
    client = client_for("police")
    plan = start_plan(client, world)
    base = f"/plans/{plan.pk}/edit/"
    page = client.get(f"{base}victims/0/")
    data = form_data(
        page, **{"victims.0.kind": "child", "victims.0.text": "Children at Northtown Primary"}
    )
    assert client.post(f"{base}victims/0/", data)["Location"] == f"{base}victims/"
    listing = client.get(f"{base}victims/").content.decode()
    assert "Children at Northtown Primary" in listing and "(v1)" in listing
    assert f'href="{base}victims/0/remove/"' in listing
    page = client.get(f"{base}contingencies/0/?scenario=sc1")
    assert '<option value="sc1" selected>' in page.content.decode()
    data = form_data(
        page,
        **{
            "contingencies.0.warning_signs": "Seen near a school",
            "contingencies.0.response": "Police visit",
            "contingencies.0.owner_agency": "police-a",
            "contingencies.0.within_hours": "4",
        },
    )
    assert client.post(f"{base}contingencies/0/", data).status_code == 302
    body = text(client.get(f"{base}contingencies/"))
    assert "Seen near a school" in body and "Within 4 hours" in body
    remove = client.get(f"{base}victims/0/remove/")
    client.post(f"{base}victims/0/remove/", form_data(remove, confirm="yes"))
    plan.refresh_from_db()
    assert plan.victims == [] and len(plan.contingencies) == 1


def test_plan_approval_checks_every_section_with_change_links(client_for, world: World) -> None:
    client = client_for("police")
    plan = start_plan(client, world)
    plan_svc.save_plan(
        actor=world.users["police"],
        plan_id=plan.pk,
        data={"information_gaps": "Health records not received"},
        expected_version=plan.version,
    )
    approver = client_for(colleague(world, "police_case").username)  # not the author
    page = approver.get(f"/plans/{plan.pk}/approve/")
    html = page.content.decode()
    body = text(page)
    assert "Check your answers and approve the plan" in body
    for slug in ("period", "information", "victims", "actions", "contingencies", "pillar_reasons"):
        assert f'href="/plans/{plan.pk}/edit/{slug}/"' in html, slug
    assert "Gaps in the information Health records not received" in body
    assert "Actions: Supervision" in body and "No supervision actions." in body
    # Findings in plain words, the code in small print, each linking to where it is fixed.
    assert re.search(
        r'is not addressed by any action[^<]*<small class="govuk-body-s fp-ref">\(RF_UNADDRESSED\)',
        html,
    )
    assert f'href="/plans/{plan.pk}/edit/#factor-rf1"' in html
    # Enter in a text field approves (the form's first button), never "Add another".
    assert first_buttons(html)[-1] == "Approve the plan"


# --- every section page: its part only, the version, a conflict that keeps what was typed ---

ROSH_PAGES = {
    "screening": ("screening.exemption_reason", "A reason typed here"),
    "ratings": ("ratings.community.public", "medium"),
    "summary": ("summary.nature", "Contact offending, typed here"),
    "judgement": ("judgement_reason", "A judgement typed here"),
}
PLAN_PAGES = {
    "period": ("review_date", "2027-01-31"),
    "information": ("information_gaps", "Health records, typed here"),
    "pillar_reasons": ("pillar_reasons.supervision", "A reason typed here"),
}


@pytest.mark.parametrize("slug", list(ROSH_PAGES))
def test_each_rosh_section_page_posts_its_part_and_keeps_it_on_a_conflict(
    client_for, world: World, slug: str
) -> None:
    client = client_for("police")
    a = start_rosh(client, world)
    url = f"/assessments/{a.pk}/edit/{slug}/"
    page = client.get(url)
    body = page.content.decode()
    name, value = ROSH_PAGES[slug]
    for other, (other_name, _) in ROSH_PAGES.items():
        assert (f'name="{other_name}"' in body) == (other == slug), (slug, other)
    stale = form_data(page, url, **{name: value})
    assert stale["version"] == str(a.version)
    svc.save_draft(
        actor=world.users["coordinator"],
        assessment_id=a.pk,
        data={"formulation": "Meanwhile"} if slug != "summary" else {"judgement_reason": "M"},
        expected_version=a.version,
    )
    response = client.post(url, stale)
    assert response.status_code == 200 and "Someone else changed this draft" in text(response)
    again = form_data(response, url)
    if f"{name}-day" in again:  # a date input: the three boxes as typed
        assert {k: again[k] for k in date_parts(name, value)} == date_parts(name, value)
    else:
        assert again[name] == value  # what was typed is kept
    a.refresh_from_db()
    assert again["version"] == str(a.version)
    assert client.post(url, again).status_code == 302
    stored: object = svc.as_document(RoshAssessment.objects.get(pk=a.pk))
    for part in name.split("."):
        stored = stored[part]  # type: ignore[index]
    assert stored == value


@pytest.mark.parametrize("slug", list(PLAN_PAGES))
def test_each_plan_section_page_posts_its_part_and_keeps_it_on_a_conflict(
    client_for, world: World, slug: str
) -> None:
    client = client_for("police")
    plan = start_plan(client, world)
    url = f"/plans/{plan.pk}/edit/{slug}/"
    page = client.get(url)
    body = page.content.decode()
    name, value = PLAN_PAGES[slug]
    for other, (other_name, _) in PLAN_PAGES.items():
        assert (f'name="{other_name}' in body) == (other == slug), (slug, other)
    assert first_buttons(body)[0] == "Save and continue"
    stale = form_data(page, url)
    stale.update(with_date_boxes(stale, {name: value}))
    plan_svc.save_plan(
        actor=world.users["coordinator"],
        plan_id=plan.pk,
        data={"victims": [{"id": "v9", "kind": "public", "text": "Shoppers"}]},
        expected_version=plan.version,
    )
    response = client.post(url, stale)
    assert response.status_code == 200 and "Someone else changed this plan" in text(response)
    again = form_data(response, url)
    if f"{name}-day" in again:  # a date input: the three boxes as typed
        assert {k: again[k] for k in date_parts(name, value)} == date_parts(name, value)
    else:
        assert again[name] == value
    assert client.post(url, again).status_code == 302
    plan.refresh_from_db()
    assert plan.victims[0]["id"] == "v9"  # the other sections are left as they were
    stored = plan_svc.plan_document(plan)
    head, _, rest = name.partition(".")
    assert (stored[head][rest] if rest else stored[head]) == value


# --- defaults, reveals and who is offered approval ------------------------------------------


def test_the_decision_form_records_by_default(client_for, world: World) -> None:
    """Enter in a text field records the decision: the form's first button is the default,
    and the "Add another" buttons come after it."""
    html = client_for("police").get(f"/cases/{world.police_case.pk}/decisions/new/")
    buttons = first_buttons(html.content.decode())
    assert buttons == ["Record the decision"]


def test_the_exemption_reason_is_revealed_only_by_choosing_not_to_do_the_full_analysis(
    client_for, world: World
) -> None:
    client = client_for("police")
    a = start_rosh(client, world)
    html = client.get(f"/assessments/{a.pk}/edit/screening/").content.decode()
    reveal = re.search(
        r'<input[^>]*value="no"[^>]*data-aria-controls="([^"]+)"[^>]*>.*?'
        r'<div class="govuk-radios__conditional([^"]*)" id="\1"(.*?)</div>\s*</div>',
        html,
        re.S,
    )
    assert reveal, "the 'no' answer controls a conditional reveal"
    assert "--hidden" in reveal.group(2)  # hidden until "no" is chosen
    assert 'name="screening.exemption_reason"' in reveal.group(3)
    assert html.count('name="screening.exemption_reason"') == 1  # asked once, inside the reveal
    # Chosen "no" with the reason missing: the reveal stays open with its error.
    client.post(
        f"/assessments/{a.pk}/edit/screening/",
        {"version": a.version, "screening.full_analysis": "no"},
    )
    shown = client.get(f"/assessments/{a.pk}/edit/screening/").content.decode()
    opened = re.search(r'<div class="govuk-radios__conditional([^"]*)"', shown)
    assert opened and "--hidden" not in opened.group(1)


def test_the_author_is_not_offered_approval_but_a_colleague_is(client_for, world: World) -> None:
    author = client_for("police")
    plan = start_plan(author, world)
    mine = author.get(f"/plans/{plan.pk}/edit/").content.decode()
    assert f'href="/plans/{plan.pk}/approve/"' not in mine
    assert "Someone who did not write the plan" in mine
    other = client_for(colleague(world, "police_case").username)
    theirs = other.get(f"/plans/{plan.pk}/edit/").content.decode()
    assert f'href="/plans/{plan.pk}/approve/"' in theirs
