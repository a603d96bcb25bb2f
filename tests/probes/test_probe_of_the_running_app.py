"""The security probe, repeated against the running app: ``fourpillars serve`` in its own process
on a fresh test database holding the standard cast, probed over HTTP only as an attacker and a
careless insider would, with direct database access for the insider who tampers with the audit
trail and the ``fourpillars`` command line for the verdict.

Each finding of the probe (docs/security.md, "The probe test") is one named part, with its own
assertion messages; a part that fails does not stop the others, and any failure fails the test:
- refused read: a hidden case answers 404, like a missing one, and writes a refused-read row;
- headers: ``no-store`` on a case page, an API answer and a PDF; a CSP without inline script;
  the API's documentation not served to someone signed out;
- existence oracle: an identifier a hidden case holds is answered as a new one, raises the
  possible-duplicate task for the co-ordinator and an audit row (decision 0030);
- NUL and bad input: in every code-like field and in ordinary text, over the API and the web
  forms: 422 naming the field, never a 500, nothing saved (decision 0029);
- lockout: 30 wrong passwords, then the right one, is refused on the web; 30 bad tokens, then
  a good one, is refused in the API; both audited (decision 0028);
- audit tampering: after a signed checkpoint, ``verify-audit`` fails naming the problem on each
  rewrite an insider with the database would try, and passes on the untouched log; on
  PostgreSQL the application's own role cannot truncate, update or delete audit rows, even
  with the trigger's bypass switched on, nor switch the trigger off (decision 0027).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from fourpillars.accounts.models import Agency, Area, User
from fourpillars.audit.models import AuditEvent
from fourpillars.domain.text import NUL_MESSAGE
from fourpillars.referrals.models import DuplicateFlag
from fourpillars.register.models import Case, CaseShare, Identifier
from fourpillars.services import checkpoints
from fourpillars.services.accounts import issue_token
from tests.cast import PASSWORD, World, case_data, person_data
from tests.factories import submitted_assessment
from tests.probes.running_app import (
    Browser,
    Role,
    RunningApp,
    app_role,
    as_role,
    database_url,
    page_text,
    without_csrf,
)
from tests.tamper import (
    cut_and_move_head,
    cut_with_head,
    last_seq,
    restore,
    rewrite_and_rechain,
    snapshot,
    wipe,
)
from tests.web.helpers import pnc, register_data

pytestmark = pytest.mark.django_db(transaction=True)

NUL = "\x00"
ATTEMPTS = 30  # the wrong passwords the probe tried in quick succession
# Each probe that locks something out comes from an address of its own (all loopback).
GUESSER, GUESSER_ELSEWHERE, TOKEN_GUESSER = "127.0.0.2", "127.0.0.3", "127.0.0.4"


@dataclass
class Scene:
    """The running app, the cast it serves, and what the probes share."""

    app: RunningApp
    world: World
    role: Role | None  # the application's PostgreSQL role (None on SQLite)
    tokens: dict[str, str]
    assessment_id: int
    clients: dict[str, Browser]

    def web(self, name: str) -> Browser:
        """A web session of a cast member, signed in through the sign-in form once."""
        if f"web {name}" not in self.clients:
            browser = self.app.client()
            answer = browser.sign_in(name, PASSWORD)
            assert answer.status_code == 302, f"{name} could not sign in: {answer.status_code}"
            self.clients[f"web {name}"] = browser
        return self.clients[f"web {name}"]

    def anonymous(self) -> Browser:
        """A client that has not signed in."""
        if "anonymous" not in self.clients:
            self.clients["anonymous"] = self.app.client()
        return self.clients["anonymous"]

    def api(self, name: str) -> Browser:
        """An API client with a bearer token of a cast member."""
        if f"api {name}" not in self.clients:
            self.clients[f"api {name}"] = self.app.client(token=self.tokens[name])
        return self.clients[f"api {name}"]


def _quick_passwords(users: list[User]) -> None:
    """The cast's password as the server's own hasher reads it, at few iterations, so that
    checking a wrong one costs nothing (a right one is re-hashed at full strength, once)."""
    hasher = PBKDF2PasswordHasher()
    for user in users:
        encoded = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
        User.objects.filter(pk=user.pk).update(password=encoded)


@pytest.fixture
def scene(
    transactional_db: None,
    request: pytest.FixtureRequest,
    settings: object,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Scene]:
    """The server starts first (it needs only the migrated database) and boots while the cast
    and its cases are made."""
    with ExitStack() as stack:
        role = stack.enter_context(app_role()) if connection.vendor == "postgresql" else None
        key_dir = Path(settings.FOURPILLARS_NODE_KEY_DIR)  # type: ignore[attr-defined]
        # Beside the session folders pytest keeps, so that later runs start warm too.
        pycache = tmp_path_factory.getbasetemp().parent / "fourpillars-pycache"
        app = RunningApp(tmp_path / "app", database_url(role), key_dir, pycache)
        app.home.mkdir()
        stack.callback(app.stop)
        app.start()
        world: World = request.getfixturevalue("world")
        _quick_passwords(list(world.users.values()))
        assessment = submitted_assessment(world)
        tokens = {n: issue_token(user=world.users[n], name="probe") for n in world.users}
        app.wait()
        scene = Scene(app, world, role, tokens, assessment.pk, {})
        stack.callback(_close_all, scene.clients)
        yield scene


def _close_all(clients: dict[str, Browser]) -> None:
    for client in clients.values():
        client.close()


def test_the_running_app_refuses_every_probe_of_the_security_review(
    scene: Scene, subtests: pytest.Subtests
) -> None:
    parts: list[tuple[str, Callable[[Scene], None]]] = [
        ("refused read: a hidden case is a 404 and an audit row", probe_refused_read),
        ("headers: no-store, a strict CSP, API docs for signed-in users", probe_headers),
        ("existence oracle: a hidden case's identifier tells nothing", probe_existence_oracle),
        ("NUL and bad input: 422 naming the field, nothing saved", probe_nul_and_bad_input),
        ("lockout: 30 wrong passwords, then the right one, let nobody in", probe_lockout),
    ]
    for name, probe in parts:
        with subtests.test(msg=name):
            probe(scene)
    # Last: the checkpoint then covers every row the probes above wrote.
    probe_audit_tampering(scene, subtests)


# --- refused read ---------------------------------------------------------------------------


def _refused_reads(since: int) -> list[tuple[str, int | None, str]]:
    rows = AuditEvent.objects.filter(action="refused_read", seq__gt=since).order_by("seq")
    return [(r.channel, r.case_id, r.actor_username) for r in rows]


def probe_refused_read(s: Scene) -> None:
    hidden = s.world.other_area_case
    police = s.web("police")
    since = last_seq()
    page = police.get(f"/cases/{hidden.pk}/")
    missing = police.get(f"/cases/{hidden.pk + 1000}/")
    assert page.status_code == 404, f"a hidden case's page answered {page.status_code}"
    assert without_csrf(page) == without_csrf(missing), "a hidden case's 404 is not a missing one's"
    answer = s.api("police").get(f"/api/v1/cases/{hidden.pk}")
    assert answer.status_code == 404, f"the API answered {answer.status_code} for a hidden case"
    assert answer.json() == {"detail": "Not found"}, answer.text
    assert _refused_reads(since) == [
        ("web", hidden.pk, "police"),
        ("api", hidden.pk, "police"),
    ], "each hidden-case 404 must write one refused-read row, a missing case none"


# --- headers --------------------------------------------------------------------------------


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (p.split() for p in policy.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


def _header_problems(name: str, answer: httpx.Response) -> list[str]:
    problems = []
    if answer.status_code != 200:
        problems.append(f"{name}: status {answer.status_code}")
    cache = {p.strip() for p in answer.headers.get("Cache-Control", "").split(",")}
    if "no-store" not in cache:
        problems.append(f"{name}: Cache-Control {answer.headers.get('Cache-Control')!r}")
    csp = _directives(answer.headers.get("Content-Security-Policy", ""))
    scripts = csp.get("script-src", csp.get("default-src"))
    if scripts is None:
        problems.append(f"{name}: no Content-Security-Policy for scripts")
    elif {"'unsafe-inline'", "'unsafe-eval'"} & set(scripts) or "*" in scripts:
        problems.append(f"{name}: scripts allowed by {' '.join(scripts)}")
    return problems


def probe_headers(s: Scene) -> None:
    police, api = s.web("police"), s.api("police")
    case = s.world.police_case.pk
    answers = {
        "case page": police.get(f"/cases/{case}/"),
        "API answer": api.get(f"/api/v1/cases/{case}"),
        "PDF download": police.get(f"/assessments/{s.assessment_id}/summary.pdf"),
        "API PDF download": api.get(f"/api/v1/assessments/{s.assessment_id}/summary.pdf"),
    }
    problems = [p for name, answer in answers.items() for p in _header_problems(name, answer)]
    assert not problems, "answers holding personal data: " + "; ".join(problems)
    for pdf in ("PDF download", "API PDF download"):
        assert answers[pdf].content.startswith(b"%PDF"), f"{pdf} is not a PDF"
    inline = [
        tag
        for tag in re.findall(r"<script\b[^>]*>", answers["case page"].text)
        if "src=" not in tag and 'type="application/json"' not in tag
    ]
    assert not inline, f"inline script on the case page: {inline}"
    with s.app.client() as stranger:
        docs = stranger.get("/api/v1/docs")
    assert docs.status_code == 302 and docs.headers["Location"].startswith("/login/"), (
        f"the API's documentation answered {docs.status_code} to someone signed out"
    )


# --- existence oracle -----------------------------------------------------------------------


def _shape(value: object) -> object:
    """A JSON body's keys and value types (ids and values left out)."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_shape(v) for v in value[:1]]
    return type(value).__name__


def probe_existence_oracle(s: Scene) -> None:
    hidden, own = s.world.other_area_case, s.world.police_case
    held_crn, held_pnc = {"kind": "crn", "value": "X123456"}, pnc(2004, 4321)
    holder = s.api("outsider")
    for ident in (held_crn, {"kind": "pnc", "value": held_pnc}):
        made = holder.json("POST", f"/persons/{hidden.person_id}/identifiers", ident)
        assert made.status_code == 201, f"the outsider could not record {ident}: {made.text}"
    since = last_seq()

    police = s.api("police")
    url = f"/persons/{own.person_id}/identifiers"
    held = police.json("POST", url, held_crn)
    fresh = police.json("POST", url, {"kind": "crn", "value": "Y654321"})
    assert held.status_code == fresh.status_code == 201, (
        f"API: a held identifier answered {held.status_code}, a new one {fresh.status_code}"
    )
    assert _shape(held.json()) == _shape(fresh.json()), "API: the two answers differ in shape"
    for leak in (hidden.reference, "Smith", "already recorded"):
        assert leak not in held.text, f"API: the answer names {leak!r}"

    web = s.web("police")
    form = f"/cases/{own.pk}/person/identifiers/new/"
    one = web.form(form, {"kind": "pnc", "value": held_pnc, "country": ""})
    two = web.form(form, {"kind": "pnc", "value": pnc(2005, 8765), "country": ""})
    assert one.status_code == two.status_code == 302, (
        f"web: a held identifier answered {one.status_code}, a new one {two.status_code}"
    )
    assert one.headers["Location"] == two.headers["Location"], "web: the two answers differ"
    shown = page_text(web.get(one.headers["Location"]))
    assert "Identifier added." in shown and "already recorded" not in shown, shown[:300]

    attempts = AuditEvent.objects.filter(action="identifier_held_elsewhere", seq__gt=since)
    assert [(r.actor_username, r.channel) for r in attempts.order_by("seq")] == [
        ("police", "api"),
        ("police", "web"),
    ], "each attempt must be audited as identifier_held_elsewhere"
    pair = sorted((own.pk, hidden.pk))
    assert DuplicateFlag.objects.filter(case_a_id=pair[0], case_b_id=pair[1]).count() == 1, (
        "no possible-duplicate task was raised for the two cases"
    )
    coordinator = s.api("coordinator")
    queue = coordinator.get("/api/v1/duplicates").json()["items"]
    assert [item["own_case_id"] for item in queue] == [own.pk], f"co-ordinator's queue: {queue}"
    told = coordinator.get("/api/v1/me/notifications").json()["items"]
    assert "possible_duplicate" in {n["kind"] for n in told}, "the co-ordinator was not told"


# --- NUL and bad input ----------------------------------------------------------------------


def _saved() -> dict[str, int]:
    """How many of each record a refused request must not have added to."""
    return {
        "cases": Case.objects.count(),
        "shares": CaseShare.objects.count(),
        "users": User.objects.count(),
        "agencies": Agency.objects.count(),
        "areas": Area.objects.count(),
        "identifiers": Identifier.objects.count(),
    }


def _api_nul_cases(s: Scene) -> list[tuple[str, str, str, dict[str, object], str]]:
    """(who, method, path, body, the field named): the code-like fields the probe found, then
    ordinary text."""
    case, person = s.world.police_case.pk, s.world.police_case.person_id
    share = {"agency": "housing-a", "lawful_basis": "cja2003_s325_4", "reason": "Placement"}
    user = {
        "username": "newuser",
        "role": "police",
        "agency": "police-a",
        "password": "a-long-enough-passphrase",
    }
    agency = {"code": "xy", "name": "New agency", "kind": "police", "area": "A"}
    return [
        ("police", "POST", "/cases",
         {"person": person_data(), "case": case_data(f"police{NUL}-a")}, "case.lead_agency"),
        ("police", "POST", f"/cases/{case}/shares", {**share, "agency": f"hous{NUL}ing-a"},
         "agency"),
        ("admin", "POST", "/admin/users", {**user, "username": f"new{NUL}user"}, "username"),
        ("admin", "POST", "/admin/users", {**user, "agency": f"police-a{NUL}"}, "agency"),
        ("admin", "POST", "/admin/agencies", {**agency, "code": f"x{NUL}y"}, "code"),
        ("admin", "POST", "/admin/agencies", {**agency, "area": f"A{NUL}"}, "area"),
        ("admin", "POST", "/admin/areas", {"code": f"Z{NUL}", "name": "Zed"}, "code"),
        ("police", "POST", "/cases",
         {"person": person_data(family=f"Kow{NUL}alski"), "case": case_data("police-a")},
         "person.names.0.family_name"),
        ("police", "POST", f"/cases/{case}/shares", {**share, "reason": f"Place{NUL}ment"},
         "reason"),
        ("police", "POST", f"/persons/{person}/identifiers",
         {"kind": "crn", "value": f"X{NUL}654321"}, "value"),
        ("admin", "POST", "/admin/agencies", {**agency, "name": f"New{NUL}agency"}, "name"),
    ]  # fmt: skip


def _web_nul_forms(s: Scene) -> list[tuple[str, str, dict[str, str], str]]:
    """(who, url, post, the field named)."""
    case = s.world.police_case.pk
    share = {"agency": "housing-a", "lawful_basis": "cja2003_s325_4", "reason": "Placement"}
    return [
        ("police", "/cases/new/", register_data(**{"case-lead_agency": f"police-a{NUL}"}),
         "case-lead_agency"),
        ("police", f"/cases/{case}/share/", {**share, "agency": f"housing-a{NUL}"}, "agency"),
        ("admin", "/admin-area/users/new/", {"username": f"a{NUL}b", "role": "police",
         "agency": "police-a", "password": "a-long-enough-passphrase"}, "username"),
        ("admin", "/admin-area/agencies/new/",
         {"code": "ab", "name": "N", "kind": "police", "area": f"A{NUL}"}, "area"),
        ("admin", "/admin-area/areas/new/", {"code": f"Z{NUL}", "name": "Zed"}, "code"),
        ("anonymous", "/login/", {"username": f"police{NUL}", "password": "x"}, "username"),
        ("police", "/cases/new/", register_data(**{"name-family_name": f"No{NUL}wak"}),
         "name-family_name"),
        ("police", f"/cases/{case}/share/", {**share, "reason": f"Place{NUL}ment"}, "reason"),
    ]  # fmt: skip


def probe_nul_and_bad_input(s: Scene) -> None:
    for signed_in in ("police", "admin"):
        s.web(signed_in)  # signed in before counting: a sign-in is an audit row
    before, rows = _saved(), last_seq()
    wrong: list[str] = []
    for who, method, path, body, field in _api_nul_cases(s):
        answer = s.api(who).json(method, path, body)
        errors = answer.json().get("errors", []) if answer.status_code == 422 else []
        if {"field": field, "message": NUL_MESSAGE} not in errors:
            wrong.append(f"API {path} {field}: {answer.status_code} {answer.text[:200]}")
    case = s.world.police_case.pk
    for where, answer in {
        "API search": s.api("police").get("/api/v1/cases", params={"q": f"kowal{NUL}ski"}),
        "API path": s.api("police").get(f"/api/v1/cases/{case}%00"),
        "web search": s.web("police").get("/", params={"q": f"kowal{NUL}ski"}),
        "web path": s.web("police").get(f"/cases/{case}%00/"),
    }.items():
        if answer.status_code != 422:
            wrong.append(f"{where}: {answer.status_code}")
    for who, url, data, field in _web_nul_forms(s):
        browser = s.anonymous() if who == "anonymous" else s.web(who)
        answer = browser.form(url, data)
        text = answer.text
        if (
            answer.status_code != 422
            or "There is a problem" not in text
            or f"‘{field}’" not in text
        ):
            wrong.append(f"web {url} {field}: {answer.status_code}")
    assert not wrong, "NUL not refused naming the field: " + "; ".join(wrong)
    assert _saved() == before, f"something was saved: {before} then {_saved()}"
    assert last_seq() == rows, "a refused request wrote audit rows"

    # Bad values of the same fields: refused on the field, never a 500.
    bad: list[tuple[str, str, dict[str, object], str]] = [
        ("POST", "/cases", {"person": person_data(), "case": case_data("no-such-agency")},
         "case.lead_agency"),
        ("POST", f"/cases/{s.world.police_case.pk}/shares",
         {"agency": "no-such-agency", "lawful_basis": "cja2003_s325_4", "reason": "r"}, "agency"),
    ]  # fmt: skip
    for method, path, body, field in bad:
        answer = s.api("police").json(method, path, body)
        named = [e.get("field") for e in answer.json().get("errors", [])]
        assert answer.status_code == 422 and field in named, (
            f"API {path} with an unknown {field}: {answer.status_code} {answer.text[:200]}"
        )
    garbled = s.api("police").post(
        "/api/v1/cases", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert 400 <= garbled.status_code < 500, f"a body that is not JSON: {garbled.status_code}"
    assert _saved() == before, "a refused bad value was saved"


# --- lockout --------------------------------------------------------------------------------


def spoofed(n: int) -> dict[str, str]:
    """Headers an attacker sends to look like another address each time: the lockout counts
    the connection's own address."""
    return {"X-Forwarded-For": f"10.{n}.0.1", "X-Real-IP": f"10.{n}.0.2"}


def probe_lockout(s: Scene) -> None:
    since = last_seq()
    victim = s.world.users["housing"]
    with s.app.client(GUESSER) as guesser:
        answers = [
            guesser.sign_in("housing", f"guess-{n}", spoofed(n)).status_code
            for n in range(ATTEMPTS)
        ]
        assert set(answers) <= {200, 429} and answers[-1] == 429, (
            f"{ATTEMPTS} wrong passwords answered {answers}"
        )
        right = guesser.sign_in("housing", PASSWORD)
        assert right.status_code == 429, f"the right password then: {right.status_code}"
        assert not guesser.signed_in(), "the right password after the guesses let them in"
    with s.app.client(GUESSER_ELSEWHERE) as elsewhere:
        assert elsewhere.sign_in("housing", PASSWORD).status_code == 429, (
            "the account is not locked from another address"
        )
        assert not elsewhere.signed_in(), "the locked account was let in from another address"
    rows = AuditEvent.objects.filter(seq__gt=since)
    locks = rows.filter(action="lock_out", target_id=str(victim.pk))
    assert locks.count() == 1, "the web lockout was not audited (one lock_out row)"
    assert not rows.filter(action="sign_in", actor_id=victim.pk).exists(), "a sign-in was audited"

    # The API has no password sign-in (tokens come from the CLI and the web); its lockout
    # is of bad bearer tokens from one address.
    with s.app.client(TOKEN_GUESSER, token="fp_" + "0" * 43) as bad:
        statuses = [
            bad.get("/api/v1/cases", headers=spoofed(n)).status_code for n in range(ATTEMPTS)
        ]
    assert set(statuses) <= {401, 429} and statuses[-1] == 429, f"bad tokens: {statuses}"
    with s.app.client(TOKEN_GUESSER, token=s.tokens["police"]) as good:
        assert good.get("/api/v1/cases").status_code == 429, "a good token from a locked address"
    assert s.api("police").get("/api/v1/cases").status_code == 200, "the good token was refused"
    locked = [r.after for r in rows.filter(action="lock_out") if r.after]
    assert any(a.get("address") == TOKEN_GUESSER and a.get("step") == "token" for a in locked), (
        f"the API lockout was not audited: {locked}"
    )


# --- audit tampering ------------------------------------------------------------------------


def _verdict(s: Scene) -> tuple[int, str]:
    done = s.app.cli("verify-audit")
    return done.returncode, done.stdout + done.stderr


def probe_audit_tampering(s: Scene, subtests: pytest.Subtests) -> None:
    with subtests.test(msg="audit tampering: a checkpoint, and the untouched log passes"):
        made = s.app.cli("audit-checkpoint")
        assert made.returncode == 0, f"audit-checkpoint failed: {made.stderr}"
        code, said = _verdict(s)
        assert code == 0 and "checked against 1 checkpoints" in said, said
    last = last_seq()
    rewrites: list[tuple[str, Callable[[], None], str]] = [
        ("the newest rows cut and the chain head moved back",
         lambda: cut_and_move_head(last - 3), f"holds {last - 3} rows, the checkpoint signed"),
        ("the newest rows cut with the chain head row", lambda: cut_with_head(last - 3),
         "rows were removed"),
        ("every row deleted", wipe, f"holds 0 rows, the checkpoint signed {last}"),
        ("a middle row rewritten and every later hash recomputed with chain_hash",
         lambda: rewrite_and_rechain(last // 2), f"row {last} does not have the hash"),
    ]  # fmt: skip
    for name, rewrite, named in rewrites:
        with subtests.test(msg=f"audit tampering: {name}"):
            snapshot()
            try:
                rewrite()
                code, said = _verdict(s)
            finally:
                restore()
            assert code == 1, f"verify-audit passed (exit {code}) after {name}: {said}"
            assert named in said, f"verify-audit did not name the problem ({named!r}): {said}"
    with subtests.test(msg="audit tampering: the application's role cannot change the trail"):
        if s.role is None:
            pytest.skip("SQLite has no database roles: whoever can open the file is its owner")
        allowed = _app_role_changes(s.role)
        assert not allowed, f"the application's role could: {allowed}"
    with subtests.test(msg="audit tampering: restored, the log passes again"):
        check = checkpoints.check_trail(peers=False)  # in-process: the command's own check
        assert check.ok and check.rows == last, (check.broken, check.problems)


# What the application's own role tried on PostgreSQL, as the probe did: the trigger's bypass
# switched on for the session, then truncate, change, delete, and the trigger switched off.
APP_ROLE_TRIES = {
    "truncate the audit table with the bypass on": "TRUNCATE audit_auditevent",
    "update an audit row with the bypass on": (
        "UPDATE audit_auditevent SET justification = 'nothing to see' "
        "WHERE seq = (SELECT max(seq) FROM audit_auditevent)"
    ),
    "delete audit rows with the bypass on": "DELETE FROM audit_auditevent WHERE seq > 1",
    "delete the chain head": "DELETE FROM audit_auditchainhead",
    "switch the audit trigger off": "ALTER TABLE audit_auditevent DISABLE TRIGGER USER",
}


def _app_role_changes(role: Role) -> list[str]:
    """What the role managed to do (each try rolled back whatever happened)."""
    import psycopg

    allowed = []
    conn = as_role(role)
    try:
        for what, sql in APP_ROLE_TRIES.items():
            try:
                with conn.cursor() as cur:
                    cur.execute("SET fourpillars.allow_truncate = 'on'")
                    cur.execute(sql)
                allowed.append(what)
            except psycopg.Error:
                pass
            finally:
                conn.rollback()
    finally:
        conn.close()
    return allowed
