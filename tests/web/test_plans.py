"""Risk management plans through the web UI (decision 0012): the case page section, the builder
(without JavaScript, and autosave answering the live findings), conflicts, approval with
acknowledgements and defensibility notes, action status, my actions, decisions and the PDF."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.decisions import DEFENSIBILITY_CRITERIA
from fourpillars.plans.models import Action, Decision, Plan
from fourpillars.services import decisions
from fourpillars.services import plans as svc
from tests.cast import World
from tests.factories import assessed, colleague, submitted_assessment
from tests.web.forms_in_page import form_data, save_plan_pages
from tests.web.helpers import date_parts, error_summary, text

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def start(client: Client, case_id: int) -> Plan:
    response = client.post(f"/cases/{case_id}/plans/new/")
    assert response.status_code == 302, response.status_code
    plan = Plan.objects.get(case_id=case_id, status="draft")
    assert response["Location"] == f"/plans/{plan.pk}/edit/"
    return plan


def action(i: int, ident: str, pillar: str, words: str, **extra: Any) -> dict[str, Any]:
    row = {
        "id": ident,
        "pillar": pillar,
        "text": words,
        "owner_agency": "police-a",
        "owner_name": "DC Amy Hart",
        **extra,
    }
    out: dict[str, Any] = {}
    for k, v in row.items():
        if k in ("due", "start", "end"):
            out.update(date_parts(f"actions.{i}.{k}", v))
        else:
            out[f"actions.{i}.{k}"] = v
    return out


def contingency(i: int, scenario: str, **extra: Any) -> dict[str, Any]:
    row = {
        "scenario": scenario,
        "warning_signs": "Seen near a school",
        "response": "Police visit; urgent MAPPA meeting",
        "owner_agency": "police-a",
        "within_hours": "4",
        **extra,
    }
    return {f"contingencies.{i}.{k}": v for k, v in row.items()}


def days(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


def complete(client: Client, plan: Plan) -> dict[str, Any]:
    """A plan with no error finding and one warning (a1 says neither how often nor by when):
    owners named, proportionality stated, the information considered and its gaps, and the
    plan sent to the police and the victim liaison officer. With the plan's version and a page
    token, as autosave posts it."""
    plan.refresh_from_db()
    stored = svc.plan_document(plan)
    data: dict[str, Any] = {"version": str(plan.version), "form_token": "builder-page"}
    data.update({d: stored[d] or "" for d in ("plan_date", "period_start", "period_end")})
    data["review_date"] = stored["review_date"] or ""
    data.update(
        action(0, "a1", "supervision", "Home visits by the offender manager", addresses="rf1")
    )
    data.update(
        action(
            1,
            "a2",
            "monitoring_control",
            "Exclusion zone around the school",
            addresses="rf1",
            frequency="daily",
            restrictive="true",
            legal_basis="SHPO",
            proportionality="Only the school and its approaches, where he waited before",
            end=days(180),
            protects="v1",
        )
    )
    data.update(
        action(
            2,
            "a3",
            "interventions_treatment",
            "Referral to the Horizon programme",
            addresses=["rf1", "pf1"],
            due=days(60),
        )
    )
    data.update(
        action(
            3,
            "a4",
            "victim_safety_planning",
            "Brief the head teacher in person",
            addresses="rf1",
            protects="v1",
            due=days(7),
        )
    )
    data.update(
        {
            "victims.0.id": "v1",
            "victims.0.kind": "child",
            "victims.0.text": "Children at Northtown Primary",
        }
    )
    data.update({**contingency(0, "sc1"), **contingency(1, "sc2", within_hours="1")})
    data.update(
        {
            "information_considered.0.agency": "police-a",
            "information_considered.0.summary": "Intelligence on contact with the school",
            "information_gaps": "None known",
            "communicated.0.to": "police-a",
            **date_parts("communicated.0.on", days(0)),
            "communicated.1.to": "victim_liaison",
            **date_parts("communicated.1.on", days(1)),
        }
    )
    return data


def codes(body: str) -> list[str]:
    return re.findall(r'data-testid="finding" data-code="([A-Z_]+)"', body)


def test_case_page_offers_a_plan_only_with_a_current_assessment(client_for, world: World) -> None:
    client = client_for("police")
    url = f"/cases/{world.police_case.pk}/plan/"
    before = text(client.get(url))
    assert "Risk management plan" in before and "submit one first" in before
    assert "Start a plan" not in before
    decided = text(client.get(f"/cases/{world.police_case.pk}/decisions/"))
    assert "No decisions recorded yet" in decided
    response = client.post(f"/cases/{world.police_case.pk}/plans/new/")
    assert response.status_code == 302 and response["Location"] == url
    assert "no current RoSH assessment" in text(client.get(url))
    submitted_assessment(world)
    assert "Start a plan" in text(client.get(url))
    housing = client_for("housing")
    shared = f"/cases/{world.shared_case.pk}/"
    housing.post(f"{shared}justify/", {"purpose": "safeguarding"})
    body = text(housing.get(f"{shared}plan/"))
    assert "Risk management plan" in body and "Start a plan" not in body
    assert "Record a decision" not in text(housing.get(f"{shared}decisions/"))


def test_build_a_plan_and_findings_disappear_as_actions_are_linked(
    client_for, world: World
) -> None:
    assessed(world)
    client = client_for("police")
    plan = start(client, world.police_case.pk)
    url = f"/plans/{plan.pk}/edit/"
    page = client.get(url)
    body = page.content.decode()
    assert {"RF_UNADDRESSED", "SCENARIO_NO_CONTINGENCY", "VICTIM_SAFETY_MISSING"} <= set(
        codes(body)
    )
    # The assessment's identifiers beside the task list, and each finding links to the page
    # that fixes it.
    assert 'id="factor-rf1"' in body and f'href="{url}#factor-rf1"' in body
    assert f'href="{url}contingencies/#scenario-sc1"' in body
    listing = client.get(f"{url}contingencies/").content.decode()
    assert (
        'id="scenario-sc1"' in listing and f'href="{url}contingencies/0/?scenario=sc1"' in listing
    )
    # Adding an action is its own small page (no reload of a long form): one new action.
    actions = client.get(f"{url}actions/").content.decode()
    assert f'href="{url}actions/0/?pillar=supervision"' in actions
    new = client.get(f"{url}actions/0/?pillar=supervision")
    body = new.content.decode()
    assert 'name="actions.0.text"' in body and 'name="actions.1.text"' not in body
    assert 'value="a1"' in body and '<option value="supervision" selected>' in body
    typed = form_data(new, **{"actions.0.text": "Weekly home visits by the offender manager"})
    saved = client.post(f"{url}actions/0/", typed)
    assert saved.status_code == 302 and saved["Location"] == f"{url}actions/"
    cards = client.get(f"{url}actions/").content.decode()
    assert "Weekly home visits by the offender manager" in cards and "(a1)" in cards
    assert f'href="{url}actions/0/"' in cards and f'href="{url}actions/0/remove/"' in cards
    found = codes(client.get(url).content.decode())
    assert "RF_UNADDRESSED" in found and "ACTION_NOT_TRACED" in found
    # Linking it to rf1 on its page: both findings go.
    change = client.get(f"{url}actions/0/")
    assert "Weekly home visits by the offender manager" in change.content.decode()
    assert client.post(f"{url}actions/0/", form_data(change, **{"actions.0.addresses": "rf1"}))
    found = codes(client.get(url).content.decode())
    assert "RF_UNADDRESSED" not in found and "ACTION_NOT_TRACED" not in found
    # Autosave of a section answers the findings panel out of band.
    period = f"{url}period/"
    data = form_data(client.get(period), period, **date_parts("review_date", days(400)))
    assert data["section"] == "period"
    response = client.post(f"/plans/{plan.pk}/autosave/", data, **HX)
    body = response.content.decode()
    assert "Draft saved at" in body and "<html" not in body
    assert 'id="findings" data-testid="findings" hx-swap-oob="true"' in body
    saved = Plan.objects.get(pk=plan.pk)
    assert saved.review_date.isoformat() == days(400)
    assert saved.actions.count() == 1  # the other sections are kept
    # Contingencies for both scenarios, a victim and an action that protects them.
    data = complete(client, plan)
    body = client.post(f"/plans/{plan.pk}/autosave/", data, **HX).content.decode()
    found = codes(body)
    assert not {"SCENARIO_NO_CONTINGENCY", "VICTIM_SAFETY_MISSING", "VICTIM_UNPROTECTED"} & set(
        found
    )
    assert found == ["ACTION_NO_TIMING"], found
    plan.refresh_from_db()
    assert [a.ident for a in plan.actions.all()] == ["a1", "a2", "a3", "a4"]
    assert plan.actions.get(ident="a3").addresses == ["rf1", "pf1"]
    assert plan.contingencies[1]["within_hours"] == 1


def test_an_owner_without_access_is_a_finding_not_a_form_error(client_for, world: World) -> None:
    assessed(world)
    client = client_for("police")
    plan = start(client, world.police_case.pk)
    data = complete(client, plan)
    data["actions.0.owner_agency"] = "housing-a"  # no access to the police case
    page = client.get(f"/plans/{plan.pk}/edit/actions/0/")
    assert "Agencies without access" in page.content.decode()
    response = save_plan_pages(client, plan.pk, data)
    assert response.status_code == 302
    body = client.get(f"/plans/{plan.pk}/edit/").content.decode()
    assert "ACTION_OWNER_NO_ACCESS" in codes(body)
    assert plan.actions.get(ident="a1").owner_agency.code == "housing-a"


def test_bad_input_names_the_field_and_keeps_what_was_typed(client_for, world: World) -> None:
    assessed(world)
    client = client_for("police")
    plan = start(client, world.police_case.pk)
    data = complete(client, plan)
    url = f"/plans/{plan.pk}/edit/actions/0/"
    typed = action(0, "a1", "interventions_treatment", "Referral to the Horizon programme")
    response = client.post(
        url, {**form_data(client.get(url)), **typed, "actions.0.due-month": "soon"}
    )
    assert response.status_code == 200
    links = error_summary(response)
    assert any(link.startswith("#actions-0-due-") for link in links), links
    body = response.content.decode()
    assert 'value="soon"' in body and "Referral to the Horizon programme" in body
    response = client.post(
        url, {**form_data(client.get(url)), **typed, "actions.0.owner_agency": "nowhere"}
    )
    links = error_summary(response)
    assert any(link.startswith("#actions-0-owner_agency ") for link in links), links
    assert "nowhere (not a known agency)" in response.content.decode()
    url = f"/plans/{plan.pk}/edit/contingencies/0/"
    bad = {k: v for k, v in data.items() if k.startswith("contingencies.0.")}
    bad["contingencies.0.within_hours"] = "four"
    response = client.post(url, {**form_data(client.get(url)), **bad})
    links = error_summary(response)
    assert any(link.startswith("#contingencies-0-within_hours ") for link in links), links
    assert 'value="four"' in response.content.decode()
    plan.refresh_from_db()
    assert plan.version == 1 and plan.actions.count() == 0  # nothing saved


def test_a_stale_version_is_a_conflict_naming_what_changed(client_for, world: World) -> None:
    assessed(world)
    client = client_for("police")
    plan = start(client, world.police_case.pk)
    url = f"/plans/{plan.pk}/edit/actions/0/"
    stale = form_data(client.get(url))
    svc.save_plan(
        actor=world.users["coordinator"],
        plan_id=plan.pk,
        data={"victims": [{"id": "v9", "kind": "public", "text": "Shoppers"}]},
        expected_version=plan.version,
    )
    stale.update(action(0, "a1", "monitoring_control", "Exclusion zone around the school"))
    response = client.post(url, stale)
    assert response.status_code == 200
    body = text(response)
    assert "Someone else changed this plan" in body
    assert re.search(r"\(changed: [a-z_, ]*victims\)", body)
    assert "Exclusion zone around the school" in body  # the user's input is kept
    plan.refresh_from_db()
    assert plan.victims[0]["id"] == "v9" and plan.actions.count() == 0
    assert f'id="version" value="{plan.version}"' in response.content.decode()
    # Saving again replaces it with the user's version.
    again = client.post(url, form_data(response))
    assert again.status_code == 302
    assert Plan.objects.get(pk=plan.pk).actions.get().text == "Exclusion zone around the school"


def test_autosave_queued_behind_its_own_save_is_not_a_conflict(client_for, world: World) -> None:
    assessed(world)
    client = client_for("police")
    plan = start(client, world.police_case.pk)
    data = complete(client, plan)
    first = client.post(f"/plans/{plan.pk}/autosave/", data, **HX)
    assert "Draft saved at" in first.content.decode()
    data["actions.0.frequency"] = "weekly"  # sent with the version the page loaded with
    second = client.post(f"/plans/{plan.pk}/autosave/", data, **HX).content.decode()
    assert "Draft saved at" in second and "No findings" in second
    data["form_token"] = "another-page"
    third = client.post(f"/plans/{plan.pk}/autosave/", data, **HX).content.decode()
    assert "Not saved" in third and "Someone else saved" in third


def approve_data(page: Any, url: str, **changes: Any) -> dict[str, Any]:
    data = form_data(page, url)
    data.update(changes)
    return data


def test_approval_is_refused_until_errors_go_and_everything_is_answered(
    client_for, world: World
) -> None:
    assessed(world)
    client = client_for("police")
    plan = start(client, world.police_case.pk)
    url = f"/plans/{plan.pk}/approve/"
    assert client.get(url).status_code == 403  # its author: a second person approves
    mine = client.get(f"/plans/{plan.pk}/").content.decode()
    assert f'href="{url}"' not in mine
    assert "You wrote this plan: another person must approve it." in mine
    approver = client_for(colleague(world, "police_case").username)
    page = approver.get(url)
    body = page.content.decode()
    assert "The plan cannot be approved until these are fixed" in text(page)
    assert f'href="/plans/{plan.pk}/edit/#factor-rf1"' in body
    refused = approver.post(url, approve_data(page, url))
    assert refused.status_code == 200
    links = error_summary(refused)
    assert any(
        link.startswith("#error-findings Approval is blocked: RF_UNADDRESSED") for link in links
    ), links
    assert Plan.objects.get(pk=plan.pk).status == "draft"

    assert save_plan_pages(client, plan.pk, complete(client, plan)).status_code == 302
    page = approver.get(url)
    assert "None: nothing blocks approval" in text(page)
    refused = approver.post(url, approve_data(page, url))
    links = error_summary(refused)
    assert any(link.startswith("#acknowledgements-0-reason ") for link in links), links
    assert any(link.startswith("#defensibility-reasonable_steps ") for link in links)
    assert any(link.startswith("#rationale ") for link in links)

    notes = {f"defensibility.{c}": f"Note: {label}" for c, label in DEFENSIBILITY_CRITERIA}
    more = approver.post(url, approve_data(refused, url, add="dissent", **notes))
    assert 'name="dissent.1.who"' in more.content.decode()  # one more row, nothing approved
    data = approve_data(
        more,
        url,
        **{
            "acknowledgements.0.reason": "Visits are arranged week by week with the person",
            "rationale": "Every risk found is answered",
            "options.0": "Level 2 management",
            "dissent.0.who": "Northshire Council Housing",
            "dissent.0.reason": "Would prefer a move first",
        },
    )
    response = approver.post(url, data)
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    plan.refresh_from_db()
    assert plan.status == "active" and plan.acknowledgements[0]["code"] == "ACTION_NO_TIMING"
    decision = Decision.objects.get(kind="plan_approval")
    assert decision.dissent == [
        {"who": "Northshire Council Housing", "reason": "Would prefer a move first"}
    ]
    assert decision.options == ["Level 2 management"]
    view = text(approver.get(response["Location"]))
    assert "Plan version 1 approved" in view and "The decision to approve" in view
    assert "All reasonable steps have been taken Note: All reasonable steps" in view
    colleague_name = colleague(world, "police_case").get_full_name()
    assert (
        f"An action has neither a frequency nor a due date (a1), by {colleague_name}: "
        "Visits are arranged week by week" in view
    ), view
    case_page = text(client.get(f"/cases/{world.police_case.pk}/plan/"))
    assert (
        "Active (approved)" in case_page and "Supervision 1; Monitoring and control 1" in case_page
    )
    assert "No errors, 1 warning" in case_page
    decided = text(client.get(f"/cases/{world.police_case.pk}/decisions/"))
    assert "Decision" in decided and "Risk management plan approved" in decided
    assert "Would prefer a move first" in decided


def approved(client: Client, world: World) -> Plan:
    assessed(world)
    plan = start(client, world.police_case.pk)
    data = complete(client, plan)
    data["actions.0.frequency"] = "weekly"
    assert save_plan_pages(client, plan.pk, data).status_code == 302
    plan.refresh_from_db()
    return svc.approve(
        actor=colleague(world, "police_case"),
        plan_id=plan.pk,
        expected_version=plan.version,
        defensibility={c: "Yes" for c, _ in DEFENSIBILITY_CRITERIA},
        rationale="Answers every risk found",
    )


def test_action_status_is_progressed_with_history(client_for, world: World) -> None:
    client = client_for("police")
    plan = approved(client, world)
    a1 = plan.actions.get(ident="a1")
    page = client.get(f"/plans/{plan.pk}/")
    assert f'action="/actions/{a1.pk}/status/"' in page.content.decode()
    response = client.post(
        f"/actions/{a1.pk}/status/", {"status": "in_progress", "next": f"/plans/{plan.pk}/"}
    )
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    refused = client.post(f"/actions/{a1.pk}/status/", {"status": "not_done", "reason": ""})
    assert refused.status_code == 200
    assert error_summary(refused) == [f"#reason-{a1.pk} Enter the reason the action was not done"]
    done = client.post(f"/actions/{a1.pk}/status/", {"status": "not_done", "reason": "Moved"})
    assert done["Location"] == f"/plans/{plan.pk}/#action-a1"
    body = text(client.get(f"/plans/{plan.pk}/"))
    assert "Planned → In progress by Pat Police" in body and "In progress → Not done" in body
    assert (
        client.post(
            f"/actions/{a1.pk}/status/",
            {"status": "done", "reason": "Done", "next": "https://evil.example/"},
        )["Location"]
        == f"/plans/{plan.pk}/#action-a1"
    )
    assert client_for("housing").post(f"/actions/{a1.pk}/status/", {}).status_code == 404


def test_my_actions_lists_actions_by_group_and_completes_them(client_for, world: World) -> None:
    client = client_for("police")
    plan = approved(client, world)
    today = timezone.localdate()
    due = {"a1": today - dt.timedelta(days=2), "a2": None, "a3": today + dt.timedelta(days=30)}
    due["a4"] = today + dt.timedelta(days=3)
    for ident, when in due.items():
        Action.objects.filter(plan=plan, ident=ident).update(due=when)
    body = client.get("/").content.decode()
    assert 'href="/my-actions/"' in body.split('id="navigation"')[1].split("</ul>")[0]
    page = client.get("/my-actions/")  # the first group that has any: overdue
    assert page.status_code == 200
    shown = text(page)
    for tab in ("Overdue (1)", "Due in the next 14 days (1)", "Due later or ongoing (2)"):
        assert tab in shown
    assert "Done or not done (0)" in shown and "1 action." in shown
    assert world.police_case.reference in shown and "Supervision" in shown
    assert f"{(today - dt.timedelta(days=2)).day} " in shown  # the due date, in words
    row = AuditEvent.objects.filter(action="list_my_actions").latest("seq")
    assert row.record_ids == [world.police_case.pk] and row.query == "group=overdue page=1"
    later = text(client.get("/my-actions/?group=later"))
    assert "2 actions." in later and "No due date" in later
    a4 = plan.actions.get(ident="a4")
    refused = client.post(f"/actions/{a4.pk}/complete/", {"what_was_done": " "})
    assert refused.status_code == 200
    assert error_summary(refused) == [f"#what-was-done-{a4.pk} Enter what was done"]
    done = client.post(
        f"/actions/{a4.pk}/complete/",
        {"what_was_done": "Head teacher briefed on 1 May", "next": "/my-actions/?group=due_soon"},
    )
    assert done["Location"] == "/my-actions/?group=due_soon"
    finished = text(client.get("/my-actions/?group=done"))
    assert "Done by Pat Police" in finished and "Head teacher briefed on 1 May" in finished
    assert "Due in the next 14 days (0)" in finished
    bad = client.get("/my-actions/?group=sideways")
    assert bad.status_code == 200
    assert error_summary(bad) == ["#action-groups Select overdue, due soon, later or done"]
    assert "No actions here" in text(client_for("probation").get("/my-actions/"))
    assert (
        "My actions"
        not in client_for("auditor")
        .get("/audit/")
        .content.decode()
        .split('id="navigation"')[1]
        .split("</ul>")[0]
    )


def test_decisions_are_recorded_and_corrected(client_for, world: World) -> None:
    client = client_for("police")
    url = f"/cases/{world.police_case.pk}/decisions/new/"
    page = client.get(url)
    assert page.status_code == 200
    refused = client.post(url, {"kind": "", "summary": "", "rationale": ""})
    links = error_summary(refused)
    assert any(link.startswith("#kind ") for link in links)
    assert any(link.startswith("#summary ") for link in links)
    assert any(link.startswith("#rationale ") for link in links)
    data = {
        "kind": "disclosure",
        "summary": "Disclose to the partner under DVDS",
        "rationale": "She is at risk; he has a history",
        "options.0": "No disclosure",
        "options.1": "Disclosure by police",
        "evidence.0": "MAPPA minutes of 20 November",
        "dissent.0.who": "Probation",
        "dissent.0.reason": "Too early",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{world.police_case.pk}/decisions/"
    first = Decision.objects.get(kind="disclosure")
    assert first.options == ["No disclosure", "Disclosure by police"]
    assert first.evidence[0]["label"] == "MAPPA minutes of 20 November"
    fix = {
        **data,
        "summary": "Disclose to the partner (date corrected)",
        "refers_to": str(first.pk),
    }
    assert client.post(url, fix).status_code == 302
    body = text(client.get(f"/cases/{world.police_case.pk}/decisions/"))
    assert f"Corrects decision {first.pk}" in body and "Too early" in body
    assert "MAPPA minutes of 20 November" in body
    other = decisions.record_decision(
        actor=world.users["probation"],
        case_id=world.shared_case.pk,
        data={"kind": "other", "summary": "Elsewhere", "rationale": "x"},
    )
    refused = client.post(url, {**data, "refers_to": str(other.pk)})
    assert any(link.startswith("#refers_to ") for link in error_summary(refused))
    assert Decision.objects.filter(case=world.police_case).count() == 2


def test_versions_compare_and_the_pdf(client_for, world: World) -> None:
    client = client_for("police")
    first = approved(client, world)
    page = client.get(f"/plans/{first.pk}/")
    assert "Start a new version" in text(page)
    second = start(client, world.police_case.pk)
    assert second.number == 2 and second.actions.count() == 4
    data = {"actions.0.text": "Twice-weekly home visits by the offender manager"}
    data.update(
        action(
            4,
            "a5",
            "supervision",
            "Polygraph test every six months",
            addresses="rf1",
            frequency="six-monthly",
        )
    )
    assert save_plan_pages(client, second.pk, data).status_code == 302
    versions = text(client.get(f"/cases/{world.police_case.pk}/plans/"))
    assert "What changed since version 1" in versions
    compared = text(client.get(f"/plans/{first.pk}/compare/{second.pk}/"))
    assert "Actions added a5 (supervision): Polygraph test every six months" in compared
    assert "a1 What will be done Home visits" in compared and "Twice-weekly" in compared
    response = client.get(f"/plans/{first.pk}/plan.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    row = AuditEvent.objects.order_by("-seq").first()
    assert (row.action, row.target_id) == ("export_plan_pdf", str(first.pk))
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: install the Debian package poppler-utils")
    out = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(out.split())
    assert world.police_case.reference in flat and "Supervision" in flat
    assert "Risk management plan version 1 approved" in flat


def test_plan_pages_of_another_case_or_missing_are_404(client_for, world: World) -> None:
    client = client_for("police")
    plan = approved(client, world)
    outsider = client_for("outsider")
    for url in (
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/edit/",
        f"/plans/{plan.pk}/plan.pdf",
        f"/plans/{plan.pk}/approve/",
        f"/plans/{plan.pk}/compare/{plan.pk}/",
    ):
        assert outsider.get(url).status_code == 404, url
    assert client.get("/plans/999999/").status_code == 404
    other = Action.objects.filter(plan=plan).first()
    assert outsider.post(f"/actions/{other.pk}/status/", {"status": "done"}).status_code == 404


def test_the_plan_page_reads_in_a_fixed_number_of_queries(client_for, world: World) -> None:
    """The plan page's queries do not grow with the plan (an aim of decision 0009)."""
    client = client_for("police")
    small = approved(client, world)
    big = svc.start_plan(actor=world.users["police"], case_id=world.police_case.pk)
    actions = [  # ten times the actions of the small plan, half of them with history
        {
            "id": f"a{i}",
            "pillar": p,
            "text": f"Action number {i} of the plan",
            "owner_agency": "police-a",
            "owner_name": "DC Amy Hart",
            "addresses": ["rf1", "pf1"] if p == "interventions_treatment" else ["rf1"],
            "frequency": "weekly",
            "protects": ["v1"],
        }
        for i, p in enumerate(
            [
                "victim_safety_planning",
                "supervision",
                "monitoring_control",
                "interventions_treatment",
            ]
            * 10,
            start=1,
        )
    ]
    victims = [{"id": "v1", "kind": "child", "text": "Children at Northtown Primary"}]
    big = svc.save_plan(
        actor=world.users["police"],
        plan_id=big.pk,
        data={
            "actions": actions,
            "victims": victims,
            "communicated": [
                {"to": "police-a", "on": days(0)},
                {"to": "victim_liaison", "on": days(0)},
            ],
        },
        expected_version=big.version,
    )
    big = svc.approve(
        actor=colleague(world, "police_case"),
        plan_id=big.pk,
        expected_version=big.version,
        defensibility={c: "Yes" for c, _ in DEFENSIBILITY_CRITERIA},
        rationale="Bigger",
    )
    for a in big.actions.all()[:20]:
        svc.update_action_status(
            actor=world.users["police"], action_id=a.pk, status="done", reason="Done"
        )
    counts = []
    for plan in (small, big):
        client.get(f"/plans/{plan.pk}/")  # the same session state for both
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/plans/{plan.pk}/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_information_considered_and_who_received_the_plan_save_and_show(
    client_for, world: World
) -> None:
    from fourpillars.accounts.models import Agency

    assessed(world)
    client = client_for("police")
    plan = start(client, world.police_case.pk)
    url = f"/plans/{plan.pk}/edit/information/"
    page = text(client.get(url))
    assert "Information considered" in page and "Who the plan was sent to" in page
    assert "Gaps in the information" in page and "Victim liaison officer" in page
    data = complete(client, plan)
    data["communicated.1.to"] = ""  # the victim liaison officer not told yet
    data["communicated.1.on"] = ""
    saved = save_plan_pages(client, plan.pk, data)
    assert saved.status_code == 302, error_summary(saved)
    plan.refresh_from_db()
    assert plan.information_considered == [
        {"agency": "police-a", "summary": "Intelligence on contact with the school"}
    ]
    assert plan.information_gaps == "None known"
    assert plan.communicated == [{"to": "police-a", "on": days(0)}]
    body = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "PLAN_NOT_COMMUNICATED" in codes(body)
    assert 'href="#section-communicated">Victim liaison officer</a>' in body
    shown = text(client.get(f"/plans/{plan.pk}/"))
    police = Agency.objects.get(code="police-a").name
    assert f"{police} Intelligence on contact with the school" in shown
    assert "Gaps in the information None known" in shown
    # "Save and add another" (never the default button) saves and shows one more empty row.
    data = {**form_data(client.get(url), url), "add": "1"}
    data.update({"communicated.1.to": "victim_liaison", **date_parts("communicated.1.on", days(1))})
    added = client.post(url, data)
    assert added.status_code == 302 and added["Location"] == url
    assert 'name="communicated.2.to"' in client.get(url).content.decode()
    plan.refresh_from_db()
    assert [c["to"] for c in plan.communicated] == ["police-a", "victim_liaison"]
    body = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "PLAN_NOT_COMMUNICATED" not in codes(body)
    assert "Victim liaison officer" in text(client.get(f"/plans/{plan.pk}/"))
    # A bad date is named on its field, and nothing is saved.
    data = {**form_data(client.get(url), url), "communicated.0.on-day": "yesterday"}
    refused = client.post(url, data)
    assert any(
        link.startswith("#communicated-0-on-day ") and link.endswith("must be a real date")
        for link in error_summary(refused)
    ), error_summary(refused)
