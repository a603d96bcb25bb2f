"""Bad input of every kind gives a page naming the problem, never a 500."""

from __future__ import annotations

import pytest

from fourpillars.register.models import Address, CaseShare, Conviction, Identifier
from tests.cast import World
from tests.factories import active_plan_and_draft, colleague
from tests.web.helpers import register_data

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    " ",
    "\x00",
    "\u202eevil",
    "<script>alert(1)</script>",
    "9" * 5000,
    "2020-13-45",
    "-1",
    "😀",
    "محمد",
    "e\u0301",
    "0",
    "1e9",
]


def nul_refused(value: str) -> set[int]:
    """A NUL anywhere is refused before any form sees it: 422 naming the field
    (test_nul_bytes.py)."""
    return {422} if "\x00" in value else set()


def forms_for(world: World) -> dict[str, list[str]]:
    case = world.police_case.pk
    ident = Identifier.objects.create(person=world.police_case.person, kind="crn", value="Y123456")
    share = CaseShare.objects.create(
        case=world.police_case,
        agency_id=world.users["housing"].agency_id,
        lawful_basis="cja2003_s325_4",
        reason="x",
        granted_by=world.users["police"],
    )
    person = world.police_case.person
    address = Address.objects.filter(person=person).first()
    conviction = Conviction.objects.filter(person=person).first()
    # Separate rows to remove, so that the edit forms' rows outlive the removals.
    gone_address = Address.objects.create(person=person, line1="2 Spare Road")
    gone_conviction = Conviction.objects.create(
        person=person, date=conviction.date, offence_text="Spare"
    )
    conviction_fields = [
        "date",
        "court",
        "country",
        "offence_text",
        "ecris_code",
        "completion",
        "participation",
        "sentence",
        "version",
    ]
    return {
        "/cases/new/": list(register_data()),
        f"/cases/{case}/person/addresses/{address.pk}/edit/": [
            "line1",
            "line2",
            "town",
            "postcode",
            "country",
            "from_date",
            "to_date",
            "version",
        ],
        f"/cases/{case}/person/addresses/{gone_address.pk}/remove/": ["reason", "version"],
        f"/cases/{case}/person/convictions/{conviction.pk}/edit/": conviction_fields,
        f"/cases/{case}/person/convictions/{gone_conviction.pk}/remove/": ["reason", "version"],
        f"/cases/{case}/person/edit/": ["date_of_birth", "sex", "nationalities", "version"],
        f"/cases/{case}/person/names/new/": ["kind", "family_name", "given_names", "valid_from"],
        f"/cases/{case}/person/identifiers/new/": ["kind", "value", "country"],
        f"/cases/{case}/person/identifiers/{ident.pk}/remove/": ["reason"],
        f"/cases/{case}/person/addresses/new/": ["line1", "town", "from_date", "to_date"],
        f"/cases/{case}/person/convictions/new/": [
            "date",
            "offence_text",
            "ecris_code",
            "completion",
            "participation",
        ],
        f"/cases/{case}/edit/": [
            "category",
            "level",
            "next_review_date",
            "disposal",
            "disposal_date",
            "custody_months",
            "version",
        ],
        **plan_forms(world),  # first: it submits the assessment the plan responds to
        **rosh_forms(world),
        f"/cases/{case}/status/": ["status", "reason"],
        f"/cases/{case}/share/": ["agency", "lawful_basis", "reason", "expires_at"],
        f"/cases/{case}/shares/{share.pk}/revoke/": ["reason"],
    }


def test_every_case_form_survives_nasty_input(client_for, world: World) -> None:
    client = client_for("police")
    # Police wrote the draft: a second person (a colleague) approves it.
    approver = client_for(colleague(world, "police_case").username)
    for url, fields in forms_for(world).items():
        for value in NASTY:
            by = approver if url.endswith("/approve/") else client
            response = by.post(url, dict.fromkeys(fields, value))
            # Removing or revoking succeeds once; afterwards the thing is gone (404).
            gone = {404} if url.endswith("/remove/") or url.endswith("/revoke/") else set()
            allowed = {200, 302} | gone | nul_refused(value)
            assert response.status_code in allowed, (url, value, response.status_code)


def test_admin_and_audit_forms_survive_nasty_input(client_for, world: World) -> None:
    admin, auditor = client_for("admin"), client_for("auditor")
    pages = {
        "/admin-area/users/new/": ["username", "role", "agency", "password", "first_name"],
        "/admin-area/agencies/new/": ["code", "name", "kind", "area"],
        "/admin-area/areas/new/": ["code", "name"],
        "/admin-area/areas/A/review-intervals/": ["level_1", "level_2", "level_3"],
    }
    for value in NASTY:
        for url, fields in pages.items():
            response = admin.post(url, dict.fromkeys(fields, value))
            assert response.status_code in {200, 302} | nul_refused(value), (url, value)
        filters = dict.fromkeys(["user", "case_id", "operation", "date_from", "date_to"], value)
        refused = nul_refused(value)
        assert auditor.get("/audit/", filters).status_code in {200} | refused
        assert auditor.get("/audit/export.csv", filters).status_code in {200, 400} | refused
        search = client_for("police").get("/", {"q": value, "page": value})
        assert search.status_code in {200} | refused
        assert (
            client_for("housing")
            .post(f"/cases/{world.shared_case.pk}/justify/", {"purpose": value, "text": value})
            .status_code
            in {200, 302} | refused
        )


def rosh_forms(world: World) -> dict[str, list[str]]:
    """The RoSH draft (full save and autosave), instrument, submit and level forms."""
    from fourpillars.services import assessments

    police, case = world.users["police"], world.police_case.pk
    draft = assessments.start_assessment(actor=police, case_id=case)
    result = assessments.score_instrument(
        actor=police,
        assessment_id=draft.pk,
        code="rm2000-c",
        payload={"s_band": "low", "v_band": "low"},
    )
    a = f"/assessments/{draft.pk}"
    draft_fields = [
        "version",
        "form_token",
        "assessment_date",
        "screening.triggers",
        "screening.behaviour_triggers",
        "screening.sentence_months",
        "ratings.community.children",
        "ratings.custody.prisoners",
        "summary.who_at_risk",
        "formulation",
        "judgement_reason",
        "risk_factors.0.id",
        "risk_factors.0.text",
        "risk_factors.0.evidence",
        "protective_factors.3.source_agency",
        "scenarios.0.kind",
        "scenarios.0.likelihood",
        "scenarios.0.imminence",
        "scenarios.9999.description",
        "blank.scenarios",
        "add",
    ]
    draft_fields += ["confirm", "section"]
    pages = ("screening", "ratings", "summary", "judgement", "risk_factors", "scenarios")
    items = ("risk_factors/0", "protective_factors/0", "scenarios/0")
    return {
        f"{a}/edit/": draft_fields,
        **{f"{a}/edit/{page}/": draft_fields for page in pages},
        **{f"{a}/edit/{item}/": draft_fields for item in items},
        f"{a}/edit/risk_factors/0/remove/": draft_fields,
        f"{a}/autosave/": draft_fields,
        f"{a}/instruments/ogrs3/": [
            "sex",
            "date_of_birth",
            "previous_sanctions",
            "offence_category",
        ],
        f"{a}/instruments/sara/": [
            "items.past_assault_family.rating",
            "items.past_assault_family.flags",
        ],
        f"{a}/submit/": ["version"],
        f"{a}/results/{result.pk}/remove/": ["x"],
        f"/cases/{case}/level/": ["flags", "level", "reason", "preview"],
    }


def test_standalone_instrument_forms_survive_nasty_input(client_for, world: World) -> None:
    from fourpillars.domain.instruments import REGISTRY
    from fourpillars.web.forms.instruments import specs_for

    client = client_for("housing")
    for code, instrument in REGISTRY.items():
        names = [s.path for s in specs_for(instrument.definition)]
        names += ["sentences.0.kind", "sentences.0.length_months", "sentences.99.sentence_date"]
        for value in NASTY:
            response = client.post(f"/instruments/{code}/", dict.fromkeys(names, value))
            assert response.status_code in {200} | nul_refused(value), (code, value)


def plan_forms(world: World) -> dict[str, list[str]]:
    """The plan builder (full save and autosave), approval, action status, decision and
    start forms (decision 0012)."""
    active, draft = active_plan_and_draft(world, "police_case")
    builder = [
        "version",
        "form_token",
        "plan_date",
        "period_start",
        "period_end",
        "review_date",
        "pillar_reasons.supervision",
        *[
            f"actions.0.{c}"
            for c in (
                "id",
                "pillar",
                "text",
                "owner_agency",
                "owner_name",
                "frequency",
                "due",
                "start",
                "end",
                "restrictive",
                "legal_basis",
                "proportionality",
                "addresses",
                "protects",
                "remove",
            )
        ],
        "actions.9999.text",
        "victims.0.id",
        "victims.0.kind",
        "victims.0.text",
        "victims.0.measures",
        "contingencies.0.scenario",
        "contingencies.0.warning_signs",
        "contingencies.0.response",
        "contingencies.0.owner_agency",
        "contingencies.0.within_hours",
        "add",
    ]
    case = world.police_case.pk
    builder += ["confirm", "section"]
    pages = ("period", "information", "pillar_reasons", "actions", "victims")
    items = ("actions/0", "victims/0", "contingencies/0")
    return {
        f"/plans/{draft.pk}/edit/": builder,
        **{f"/plans/{draft.pk}/edit/{page}/": builder for page in pages},
        **{f"/plans/{draft.pk}/edit/{item}/": builder for item in items},
        f"/plans/{draft.pk}/edit/actions/1/remove/": builder,
        f"/plans/{draft.pk}/autosave/": builder,
        f"/plans/{draft.pk}/approve/": [
            "version",
            "acknowledgements.0.code",
            "acknowledgements.0.refs",
            "acknowledgements.0.reason",
            "acknowledgements.77.reason",
            "defensibility.reasonable_steps",
            "rationale",
            "options.0",
            "dissent.0.who",
            "dissent.0.reason",
            "add",
        ],
        f"/actions/{active.actions.get(ident='a1').pk}/status/": ["status", "reason", "next"],
        f"/cases/{case}/decisions/new/": [
            "kind",
            "summary",
            "rationale",
            "options.0",
            "evidence.0",
            "dissent.0.who",
            "dissent.0.reason",
            "refers_to",
            "add",
        ],
        f"/cases/{case}/plans/new/": ["x"],
    }
