"""What the load needs besides the bulk data: credentials, a small and a large case made
through the services, sample case ids, misspelt names, and the SQL query counts."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fourpillars.accounts.models import User
from fourpillars.domain import names as name_rules
from fourpillars.domain.agencies import LawfulBasis
from fourpillars.register.models import Case, Identifier, PersonName
from fourpillars.services import accounts as user_services
from fourpillars.services import cases as case_services
from fourpillars.services import persons as person_services

CASE_PAGE = "/cases/{id}/"
# The other parts of the case page, each counted on its own (kind: URL).
CASE_PARTS = {
    "case_person": "/cases/{id}/person/",
    "case_risk": "/cases/{id}/risk/",
    "case_plan": "/cases/{id}/plan/",
    "case_decide": "/cases/{id}/decisions/",
    "case_events": "/cases/{id}/timeline/",
    "case_share": "/cases/{id}/sharing/",
}
API_DETAIL = "/api/v1/cases/{id}"
API_SEARCH = "/api/v1/cases"
# The co-ordinator's caseload home over the whole area: pages, sorts and filters in turn.
CASELOAD_PATHS = (
    "/?scope=all",
    "/?scope=all&sort=name",
    "/?scope=all&page=2",
    "/?scope=all&sort=rosh&order=desc",
    "/?scope=all&tag=review_overdue",
    "/?scope=all&tag=no_rosh&level=1",
)
MEETINGS_DASHBOARD = "/meetings/"
SMALL_PNC, LARGE_PNC = "2010/9900001", "2010/9900002"
Counts = dict[str, dict[str, dict[str, object]]]  # kind -> small/large -> queries, status


@dataclass(frozen=True)
class Credentials:
    police_token: str  # lead-agency user (police-a): API detail
    coordinator_token: str  # area A co-ordinator, who sees every area A case: search
    police_cookie: str  # "sessionid=...": the web case page
    coordinator_cookie: str = ""  # the area A co-ordinator's session: the caseload home


def session_cookie(user: User) -> str:
    """A signed-in session for ``user``, as the "Cookie" header's value."""
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def credentials(users: dict[str, User]) -> Credentials:
    return Credentials(
        police_token=user_services.issue_token(user=users["police"], name="bench", days=1),
        coordinator_token=user_services.issue_token(
            user=users["coordinator"], name="bench", days=1
        ),
        police_cookie=session_cookie(users["police"]),
        coordinator_cookie=session_cookie(users["coordinator"]),
    )


def _pnc(prefix: str) -> str:
    from fourpillars.domain.identifiers import pnc_check_letter

    year, serial = prefix.split("/")
    return f"{prefix}{pnc_check_letter(year[2:], serial)}"


def _person(family: str, pnc: str) -> dict[str, object]:
    return {
        "names": [{"kind": "primary", "family_name": family, "given_names": "Bench"}],
        "date_of_birth": "1979-04-02",
        "sex": "male",
        "nationalities": ["GB"],
        "identifiers": [{"kind": "pnc", "value": pnc}],
        "addresses": [
            {
                "line1": "1 Bench Road",
                "town": "Northtown",
                "postcode": "NT1 1BB",
                "from_date": "2020-01-01",
            }
        ],
        "convictions": [_conviction(2012)],
    }


def _conviction(year: int) -> dict[str, object]:
    return {
        "date": f"{year}-03-02",
        "court": "Northtown Crown Court",
        "country": "GB",
        "offence_text": "Sexual assault",
        "ecris_code": "1003 00",
        "completion": "C",
        "participation": "M",
        "sentence": "36 months' imprisonment",
    }


def _existing(pnc: str) -> Case | None:
    ident = Identifier.objects.filter(kind="pnc", value=pnc).first()
    return Case.objects.filter(person_id=ident.person_id).first() if ident else None


def small_and_large_case(police: User) -> tuple[Case, Case]:
    """Two police-a cases made through the services: one minimal, one with many names,
    identifiers, addresses, convictions, shares and changes (so many timeline rows)."""
    made = []
    for family, prefix in [("Smallcase", SMALL_PNC), ("Largecase", LARGE_PNC)]:
        pnc = _pnc(prefix)
        case = _existing(pnc) or case_services.register_case(
            actor=police,
            person=_person(family, pnc),
            case={
                "category": 1,
                "level": 1,
                "start_date": "2024-06-01",
                "disposal": "custody",
                "disposal_date": "2012-03-02",
                "custody_months": 36,
                "lead_agency": "police-a",
            },
        )
        made.append(case)
    small, large = made
    if large.person.names.count() == 1:
        _grow(police, large)
    return small, large


def _grow(actor: User, case: Case) -> None:
    pid = case.person_id
    for i in range(6):
        person_services.add_name(
            actor=actor,
            person_id=pid,
            data={"kind": "alias", "family_name": f"Alias{chr(65 + i)}son", "given_names": "Bench"},
        )
    for kind, value, country in [
        ("cro", "123456/08X", ""),
        ("crn", "X900002", ""),
        ("prison_number", "A9002BC", ""),
        ("passport", "GB9900002", "GB"),
    ]:
        person_services.add_identifier(
            actor=actor, person_id=pid, data={"kind": kind, "value": value, "country": country}
        )
    for i in range(10):
        person_services.add_address(
            actor=actor,
            person_id=pid,
            data={
                "line1": f"{i + 2} Bench Road",
                "town": "Northtown",
                "postcode": "NT1 1BB",
                "from_date": f"{2010 + i}-01-01",
                "to_date": f"{2010 + i}-12-31",
            },
        )
    for year in range(2000, 2010):
        person_services.add_conviction(actor=actor, person_id=pid, data=_conviction(year))
    for agency in ["probation-a", "housing-a", "children-a"]:
        case_services.share_case(
            actor=actor,
            case_id=case.pk,
            agency=agency,
            lawful_basis=LawfulBasis.CJA_2003_S325_4.value,
            reason="Bench: large case",
        )
    for level in [2, 1, 2, 1]:
        case_services.update_case(
            actor=actor, case_id=case.pk, data={"level": level}, expected_version=None
        )


def query_counts(creds: Credentials, users: dict[str, User], cases: dict[str, Case]) -> Counts:
    """SQL queries per request for each case, in-process through the full middleware stack:
    every part of the case page (the summary is ``case_page``) and the API detail."""
    web = Client(raise_request_exception=False)
    web.force_login(users["police"])
    api = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {creds.police_token}")
    counts: Counts = {}
    for label, case in cases.items():
        pages = [("case_page", web, CASE_PAGE), *((k, web, p) for k, p in CASE_PARTS.items())]
        for kind, client, path in [*pages, ("api_detail", api, API_DETAIL)]:
            client.get(path.format(id=case.pk))  # first request: session and caches warm
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(path.format(id=case.pk))
            counts.setdefault(kind, {})[label] = {
                "queries": len(ctx.captured_queries),
                "status": response.status_code,
            }
    return counts


def caseload_query_counts(large: User, small: User) -> Counts:
    """The caseload home's queries for a co-ordinator of a large area and of a small one:
    whatever the area holds, a page costs the same (an aim of docs/decisions/0009)."""
    counts: Counts = {}
    for label, user in (("small", small), ("large", large)):
        web = Client(raise_request_exception=False)
        web.force_login(user)
        web.get(CASELOAD_PATHS[0])  # first request: session and caches warm
        with CaptureQueriesContext(connection) as ctx:
            response = web.get(CASELOAD_PATHS[0])
        counts.setdefault("caseload", {})[label] = {
            "queries": len(ctx.captured_queries),
            "status": response.status_code,
        }
    return counts


def my_actions_query_counts(large: User, small: User) -> Counts:
    """ "My actions" for a user with many actions (the police user) and one with none (a
    co-ordinator of a small area): every group's page costs the same queries."""
    from .actions import MY_ACTIONS_PATHS

    counts: Counts = {}
    for label, user in (("small", small), ("large", large)):
        web = Client(raise_request_exception=False)
        web.force_login(user)
        web.get(MY_ACTIONS_PATHS[1])  # first request: session and caches warm
        with CaptureQueriesContext(connection) as ctx:
            response = web.get(MY_ACTIONS_PATHS[1])
        counts.setdefault("my_actions", {})[label] = {
            "queries": len(ctx.captured_queries),
            "status": response.status_code,
        }
    return counts


def smallest_area_coordinator(coordinators: dict[str, User]) -> User:
    """The co-ordinator whose area holds the fewest cases (area A's is the large one)."""
    sizes = {code: Case.objects.filter(area__code=code).count() for code in coordinators}
    return coordinators[min(sorted(sizes), key=lambda code: sizes[code])]


def sample_case_ids(lead_code: str, n: int, seed: int) -> list[int]:
    ids = list(Case.objects.filter(lead_agency__code=lead_code).values_list("id", flat=True))
    return random.Random(seed).sample(ids, min(n, len(ids)))


def misspell(word: str, rng: random.Random) -> str:
    """One small slip: a letter dropped, doubled, swapped or a vowel changed; names in other
    alphabets are typed in Latin letters, as an English-speaking officer would."""
    w = word if word.isascii() else name_rules.fold(word).title()
    if len(w) < 4:
        return w
    i = rng.randrange(1, len(w) - 1)
    op = rng.choice(["drop", "double", "swap", "vowel"])
    if op == "drop":
        return w[:i] + w[i + 1 :]
    if op == "double":
        return w[:i] + w[i] + w[i:]
    if op == "swap":
        return w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    vowels = [j for j, ch in enumerate(w) if ch in "aeiou" and j > 0]
    if not vowels:
        return w
    j = rng.choice(vowels)
    return w[:j] + rng.choice([v for v in "aeiou" if v != w[j]]) + w[j + 1 :]


def misspelt_queries(area_code: str, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    people = list(Case.objects.filter(area__code=area_code).values_list("person_id", flat=True))
    chosen = rng.sample(people, min(n, len(people)))
    names = PersonName.objects.filter(person_id__in=chosen, kind="primary")
    queries = []
    for pn in names:
        family = misspell(pn.family_name, rng)
        given = pn.given_names if pn.given_names.isascii() else name_rules.fold(pn.given_names)
        queries.append(f"{given} {family}" if rng.random() < 0.5 else family)
    rng.shuffle(queries)
    return queries


PLAN_PAGE = "/plans/{id}/"
API_PLAN = "/api/v1/plans/{id}"


def _plan_for(police: User, case: Case, factors: int, actions: int) -> int:
    """A submitted assessment with ``factors`` risk factors and an approved-size draft plan
    with ``actions`` actions, made through the services once; returns the plan id."""
    from fourpillars.services import assessments, plans

    existing = case.plans.values_list("pk", flat=True).first()
    if existing is not None:
        return int(existing)
    a = assessments.start_assessment(actor=police, case_id=case.pk)
    a = assessments.save_draft(
        actor=police,
        assessment_id=a.pk,
        expected_version=a.version,
        data={
            # Medium, so that it is in force when submitted (a high rating would wait for a
            # manager's countersignature, which the bench does not time).
            "ratings": {
                "community": {
                    "children": "medium",
                    "public": "medium",
                    "known_adult": "low",
                    "staff": "low",
                }
            },
            "summary": {
                "who_at_risk": "b",
                "nature": "b",
                "when_greatest": "b",
                "increases": "b",
                "reduces": "b",
            },
            "formulation": "Bench formulation.",
            "screening": {"triggers": ["sexual_child"]},
            "risk_factors": [
                {"text": f"Bench risk factor {i}", "evidence": "Bench evidence"}
                for i in range(factors)
            ],
            "scenarios": [
                {"kind": "most_likely", "description": "Bench"},
                {"kind": "worst_case", "description": "Bench"},
            ],
        },
    )
    assessments.submit(actor=police, assessment_id=a.pk, expected_version=a.version)
    plan = plans.start_plan(actor=police, case_id=case.pk)
    pillars = [
        "supervision",
        "monitoring_control",
        "interventions_treatment",
        "victim_safety_planning",
    ]
    plan = plans.save_plan(
        actor=police,
        plan_id=plan.pk,
        expected_version=plan.version,
        data={
            "actions": [
                {
                    "id": f"a{i + 1}",
                    "pillar": pillars[i % 4],
                    "text": f"Bench action number {i}",
                    "owner_agency": "police-a",
                    "addresses": [f"rf{i % factors + 1}"],
                    "frequency": "weekly",
                }
                for i in range(actions)
            ],
            "contingencies": [
                {
                    "scenario": s,
                    "warning_signs": "w",
                    "response": "r",
                    "owner_agency": "police-a",
                    "within_hours": 4,
                }
                for s in ("sc1", "sc2")
            ],
        },
    )
    return plan.pk


def plan_query_counts(
    creds: Credentials, users: dict[str, User], small: Case, large: Case
) -> Counts:
    """The plan page's queries do not grow with the plan (1 action vs 200 actions answering 50
    risk factors; an aim of docs/decisions/0009)."""
    police = users["police"]
    ids = {"small": _plan_for(police, small, 1, 1), "large": _plan_for(police, large, 50, 200)}
    web = Client(raise_request_exception=False)
    web.force_login(police)
    api = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {creds.police_token}")
    counts: Counts = {}
    for label, pk in ids.items():
        for kind, client, path in [("plan_page", web, PLAN_PAGE), ("api_plan", api, API_PLAN)]:
            client.get(path.format(id=pk))
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(path.format(id=pk))
            counts.setdefault(kind, {})[label] = {
                "queries": len(ctx.captured_queries),
                "status": response.status_code,
            }
    return counts
