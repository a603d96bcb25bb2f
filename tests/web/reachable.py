"""Every page a cast member can reach, found by following links: shared by the plain-words test
(Django test client) and the accessibility test (axe in a browser).

The world is the standard cast's (tests/cast.py) with usernames renamed to distinctive tokens
(``usr-9f3a-police``) before anything is done, so that a username shown where a person's name
belongs is easy to find in a page; its cases carry what the screens show: active plans and open
drafts, RoSH assessments submitted, countersigned and awaiting countersignature, a draft with
instrument results, decisions, shares and a case grown large.

``crawl`` starts from the seeds, follows every same-site link a page offers (GET only: nothing
that changes state is a link; a link that only answers 403 is read too) and keeps a few pages
of each kind, so that pages of the same kind (a second address, the tenth audit page) do not
swell the run.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from fourpillars import demo
from fourpillars.accounts.models import User
from fourpillars.services import assessments, decisions
from fourpillars.services.exchange_received import matching, receiving
from fourpillars.services.soa import proposals as soa_proposals
from fourpillars.services.soa import records as soa_records
from fourpillars.services.soa import transfers as soa_transfers
from fourpillars.soa.models import RiskNotification
from tests import received_payloads as received
from tests.cast import CASES, LEADS, PASSWORD, World, build_world
from tests.documents import ROSH_DOCUMENT
from tests.factories import active_plan_and_draft, grow_case, manager_of
from tests.soa_world import approved, travel

TOKEN = "usr-9f3a"
# Who must give a purpose before reading a case (tests/web/matrix.py JUSTIFY).
JUSTIFY = {"coordinator": ["police_case", "shared_case"], "housing": ["shared_case"]}
SKIP = re.compile(r"\.(pdf|csv)$|^/(static|logout)/")
HREF = re.compile(r'href="([/?][^"#]*)(?:#[^"]*)?"')


def login_name(name: str) -> str:
    """The username a cast member signs in with in the renamed world."""
    return f"{TOKEN}-{name}"


def renamed_world() -> World:
    """The standard world, its cast renamed first; then assessments, plans, decisions and
    shares made through the services as the cast would make them."""
    users = demo.ensure_world(PASSWORD)
    for name, user in users.items():
        user.username = login_name(name)
        user.save(update_fields=["username"])
    world = build_world(users)
    grow_case(world, world.police_case.pk)  # versions, results, decisions; a draft of each
    for case_attr in ("shared_case", "other_area_case"):
        active_plan_and_draft(world, case_attr)
    # The shared case: an assessment awaiting countersignature (so its manager has work
    # waiting), then a draft with an instrument result.
    probation = world.users[LEADS["shared_case"]]
    awaiting = assessments.start_assessment(actor=probation, case_id=world.shared_case.pk)
    awaiting = assessments.save_draft(
        actor=probation,
        assessment_id=awaiting.pk,
        data=ROSH_DOCUMENT,
        expected_version=awaiting.version,
    )
    assessments.submit(actor=probation, assessment_id=awaiting.pk, expected_version=None)
    manager_of(probation)
    # The other area's case: a RoSH draft with its factors and scenarios, and an instrument.
    outsider = world.users[LEADS["other_area_case"]]
    draft = assessments.start_assessment(actor=outsider, case_id=world.other_area_case.pk)
    assessments.save_draft(
        actor=outsider, assessment_id=draft.pk, data=ROSH_DOCUMENT, expected_version=None
    )
    assessments.score_instrument(
        actor=outsider,
        assessment_id=draft.pk,
        code="rm2000-c",
        payload={"s_band": "high", "v_band": "medium"},
    )
    decisions.record_decision(
        actor=probation,
        case_id=world.shared_case.pk,
        data={"kind": "other", "summary": "Housing placement agreed", "rationale": "Panel"},
    )
    # SOA notification (decision 0022): the police case's person notifies travel, which
    # proposes a risk notification (no node connected), submitted for a decision; others
    # approved and withdrawn; and a supervision transfer composed.
    police = world.users[LEADS["police_case"]]
    soa_records.record_notification(
        actor=police,
        case_id=world.police_case.pk,
        data={"kind": "initial", "notified_on": "2015-03-04"},
    )
    soa_records.record_notification(actor=police, case_id=world.police_case.pk, data=travel())
    for proposal in RiskNotification.objects.filter(case=world.police_case):
        soa_proposals.submit(actor=police, proposal_id=proposal.pk)
    # Trips to France and Belgium (no node connected), approved by the co-ordinator, who may
    # withdraw the one to France; the one to Belgium withdrawn (the withdrawal section and
    # the withdrawn page are reached too).
    coordinator = world.users["coordinator"]
    approved(world, "police_case", coordinator, destination="FR")
    belgium = approved(world, "police_case", coordinator, destination="BE")
    soa_proposals.withdraw(actor=coordinator, proposal_id=belgium.pk, reason="Trip cancelled")
    soa_transfers.request(
        actor=police,
        case_id=world.police_case.pk,
        receiver="NL",
        measure="Supervision by probation for 12 months",
        reason="He lives in Amsterdam with his family",
    )
    _received(world)
    return world


def _received(world: World) -> None:
    """From another country (decision 0023): a conviction waiting for the operator, two risk
    notifications for area A (one matched to the shared case, one waiting), a record request
    to answer."""
    with transaction.atomic():
        receiving.receive_conviction(
            received.origin("conviction_new"),
            received.conviction_new(),
            received.parsed("conviction_new", received.conviction_new()),
        )
        greek = received.person("Papadopoulos", "Nikos", nationalities=("GR",))
        payload = received.risk_notification(greek, place="Northshire")
        notice = receiving.receive_risk_notification(
            received.origin("risk_notification", purpose="public_protection"),
            payload,
            received.parsed("risk_notification", payload),
        )
        waiting = received.risk_notification(place="Northshire")  # names the police case's
        receiving.receive_risk_notification(
            received.origin("risk_notification", purpose="public_protection"),
            waiting,
            received.parsed("risk_notification", waiting),
        )
        receiving.receive_record_request(
            received.origin("record_request"),
            received.record_request(),
            received.parsed("record_request", received.record_request()),
            None,
        )
    matching.confirm_notice(
        actor=world.users["coordinator"],
        item_id=notice.pk,
        data={"choice": str(world.shared_case.person_id)},
    )


def usernames() -> list[str]:
    return list(User.objects.values_list("username", flat=True))


def client_for(world: World, name: str, *, justify: bool = True) -> Client:
    """A signed-in client that has given its purpose for every case it must justify (unless
    not ``justify``)."""
    client = Client()
    if name == "anonymous":
        return client
    assert client.login(username=login_name(name), password=PASSWORD)
    for case_attr in JUSTIFY.get(name, []) if justify else []:
        case = getattr(world, case_attr)
        response = client.post(f"/cases/{case.pk}/justify/", {"purpose": "mappa-coordination"})
        assert response.status_code == 302, (name, case_attr)
    return client


def seeds(world: World, name: str) -> list[str]:
    """Where a crawl for the cast member starts: the home, searches, each visible case's
    parts, the pages of their role, a page that does not exist."""
    found = ["/", "/?q=Kowalski", "/?q=Papadopoulos", "/?q=Smith", "/my-actions/"]
    found += ["/instruments/", "/cases/999999/"]
    for case_attr in CASES:
        case = getattr(world, case_attr)
        if case.pk in world.visible[name]:
            found += [
                f"/cases/{case.pk}/{part}"
                for part in ("", "person/", "risk/", "plan/", "decisions/", "timeline/")
            ]
            found += [f"/cases/{case.pk}/sharing/", f"/cases/{case.pk}/decisions/new/"]
    if name == "auditor":
        found += ["/audit/", f"/audit/?user={login_name('police')}"]
    if name == "admin":
        found += ["/admin-area/", "/received/", "/received/record-requests/"]
    return found


def pattern(path: str) -> str:
    """A page's kind: its URL name, the names of its query parameters and the words in its
    path (which section of a task list, which instrument), not its ids."""
    parts = urlsplit(path)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return "404"
    name = match.url_name or parts.path
    name += "".join(f"/{v}" for v in match.kwargs.values() if isinstance(v, str))
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)} - {"page"})
    return f"{name}?{'&'.join(keys)}"


@dataclass
class Page:
    path: str
    status: int
    body: str


def crawl(
    client: Client,
    start: Iterable[str],
    *,
    per_pattern: int = 3,
    kind: Callable[[str], str] = pattern,
) -> list[Page]:
    """Every page reachable from ``start`` by links (at most ``per_pattern`` of a ``kind``,
    by default ``pattern``), in the order found; a redirect's target is read next."""
    queue = deque(start)
    seen: set[str] = set()
    kinds: Counter[str] = Counter()
    pages: list[Page] = []
    while queue:
        path = queue.popleft()
        if path in seen or SKIP.search(urlsplit(path).path):
            continue
        seen.add(path)
        found = kind(path)
        if kinds[found] >= per_pattern:
            continue
        kinds[found] += 1
        response = client.get(path)
        if response.status_code == 302:
            target = response["Location"]
            if target.startswith("/") and target not in seen:
                queue.appendleft(target)
            continue
        body = response.content.decode()
        pages.append(Page(path, response.status_code, body))
        here = urlsplit(path).path
        for link in HREF.findall(body):
            link = link.replace("&amp;", "&")
            if link.startswith("?"):  # the same page with another query (sort, filter, page)
                link = here + (link if link != "?" else "")
            if link not in seen:
                queue.append(link)
    return pages
