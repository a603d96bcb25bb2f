"""``fourpillars seed-demo``: the cast, synthetic people, idempotence, the password."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from fourpillars.accounts.models import User
from fourpillars.audit.models import AuditEvent
from fourpillars.register.models import Case, Person
from tests.cast import CAST_NAMES

pytestmark = pytest.mark.django_db

Run = Callable[..., str]
PASSWORD = "demo-password-for-tests"


@pytest.fixture
def var_dir(settings: object, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path  # type: ignore[attr-defined]
    return tmp_path


@pytest.fixture
def env_password(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("FOURPILLARS_DEMO_PASSWORD", PASSWORD)
    return PASSWORD


def test_seed_demo_creates_the_cast_and_people_and_prints_the_logins(
    run: Run, env_password: str, var_dir: Path
) -> None:
    out = run("seed_demo", "--persons", "6")
    assert set(CAST_NAMES) <= set(User.objects.values_list("username", flat=True))
    # 6 synthetic people, and the 4 who also appear in another node (demo/cross_border.py).
    assert Case.objects.count() == 6 + 4
    assert "http://127.0.0.1:8000" in out
    assert env_password in out
    for name in CAST_NAMES:
        assert name in out
        assert User.objects.get(username=name).check_password(env_password)
    assert "Police offender manager" in out and "Northshire Police" in out


def test_seed_demo_twice_adds_nothing_and_changes_nothing(
    run: Run, env_password: str, var_dir: Path
) -> None:
    run("seed_demo", "--persons", "5")
    before = (
        Person.objects.count(),
        Case.objects.count(),
        AuditEvent.objects.count(),
        sorted(User.objects.values_list("username", "password")),
    )
    out = run("seed_demo", "--persons", "5")
    after = (
        Person.objects.count(),
        Case.objects.count(),
        AuditEvent.objects.count(),
        sorted(User.objects.values_list("username", "password")),
    )
    assert after == before
    assert "Added 0 people" in out


def test_seed_demo_shares_at_least_one_case_with_housing(
    run: Run, env_password: str, var_dir: Path
) -> None:
    run("seed_demo", "--persons", "3")
    housing = User.objects.get(username="housing")
    assert Case.objects.visible_to(housing).exists()
    assert Case.objects.visible_to(housing).count() < Case.objects.count()


def test_seed_demo_without_env_password_keeps_a_generated_one_in_var(
    run: Run, var_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FOURPILLARS_DEMO_PASSWORD", raising=False)
    out = run("seed_demo", "--persons", "1")
    kept = var_dir / "demo_password"
    password = kept.read_text().strip()
    assert len(password) >= 12
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert password in out
    assert User.objects.get(username="police").check_password(password)
    again = run("seed_demo", "--persons", "1")
    assert kept.read_text().strip() == password
    assert password in again


def test_seed_demo_refuses_a_negative_number_of_persons(run: Run, env_password: str) -> None:
    with pytest.raises(CommandError, match="--persons"):
        run("seed_demo", "--persons", "-3")


def test_seed_demo_adds_managers_and_submitted_assessments_once(
    run: Run, env_password: str, var_dir: Path
) -> None:
    from fourpillars.assessments.models import RoshAssessment

    out = run("seed_demo", "--persons", "40")
    managers = User.objects.filter(is_manager=True)
    assert {"police-manager", "probation-manager"} <= set(
        managers.values_list("username", flat=True)
    )
    assert "police-manager" in out
    seeded = RoshAssessment.objects.count()
    assert seeded > 1
    in_force = RoshAssessment.objects.filter(is_current=True)
    waiting = RoshAssessment.objects.filter(status="submitted", is_current=False)
    # High ratings are countersigned by the lead agency's manager, all but one, left waiting.
    assert waiting.count() == 1 and waiting.get().needs_countersignature
    assert in_force.count() == seeded - 1
    assert in_force.filter(status="countersigned", countersigned_by__is_manager=True).exists()
    # RSR is scored beside OGRS3 on every seeded assessment (the case page chart shows both).
    from fourpillars.assessments.models import InstrumentResult
    from fourpillars.plans.models import Decision, Plan

    scored = set(InstrumentResult.objects.values_list("instrument", flat=True))
    assert {"ogrs3", "rsr"} <= scored
    # No rating is "raised against the instruments' indication" any more.
    assert not Decision.objects.filter(kind="instrument_override").exists()
    # Every assessment in force has an approved plan; the only drafts are the new versions
    # that actions agreed at a seeded meeting went into.
    from fourpillars.meetings.models import Minutes

    active = Plan.objects.filter(status="active").count()
    assert active == in_force.count()
    drafts = set(Plan.objects.filter(status="draft").values_list("pk", flat=True))
    assert drafts == set(Minutes.objects.exclude(plan=None).values_list("plan_id", flat=True))
    plans = Plan.objects.count()
    run("seed_demo", "--persons", "40")
    assert RoshAssessment.objects.count() == seeded and Plan.objects.count() == plans


def test_the_banner_names_the_port_the_demo_is_served_on(
    run: Run, env_password: str, var_dir: Path
) -> None:
    out = run("seed_demo", "--persons", "2", "--host", "0.0.0.0", "--port", "8123")  # noqa: S104
    assert "Open http://127.0.0.1:8123/ and log in" in out
    assert ":8000" not in out


def test_the_demo_shows_reminders_once_the_worker_has_run(
    run: Run, env_password: str, var_dir: Path
) -> None:
    """A few seeded plans were agreed three weeks ago: one action overdue, one due within
    days, so the worker's first scan has something to say (decision 0017)."""
    from fourpillars.notifications.models import Notification
    from fourpillars.services.reminders import scan_reminders

    run("seed_demo", "--persons", "40")
    assert User.objects.get(username="police").email == "police@police-a.example"
    scan_reminders()
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {"action_due_soon", "action_overdue", "action_escalated"} <= kinds
    assert Notification.objects.filter(recipient__username="coordinator").exists()


def test_seed_demo_leaves_referrals_to_screen_and_a_transfer_to_decide(
    run: Run, env_password: str, var_dir: Path
) -> None:
    from fourpillars.referrals.models import Referral, Transfer
    from fourpillars.services.cases.caseload import waiting_for

    out = run("seed_demo", "--persons", "40")
    assert Referral.objects.filter(status="open").count() == 2
    transfer = Transfer.objects.get(status="requested")
    assert (transfer.from_area.code, transfer.to_area.code) == ("B", "A")
    assert "Referrals added: 2; transfers into area A added: 1." in out
    assert "coordinator-b" in out
    waiting = waiting_for(User.objects.get(username="coordinator")).referrals
    assert (waiting.to_screen, waiting.to_decide) == (2, 1)
    again = run("seed_demo", "--persons", "40")
    assert "Referrals added: 0; transfers into area A added: 0." in again


def test_seed_demo_leaves_a_missed_notification_and_a_risk_notification_to_decide(
    run: Run, env_password: str, var_dir: Path
) -> None:
    from fourpillars.services.cases.caseload import waiting_for
    from fourpillars.soa.models import RiskNotification

    out = run("seed_demo", "--persons", "40")
    assert "Cases with SOA notifications added:" in out
    proposal = RiskNotification.objects.get()
    assert (proposal.status, proposal.destination) == ("submitted", "NL")
    assert waiting_for(User.objects.get(username="coordinator")).abroad == 1
    assert "Cases with SOA notifications added: 0." in run("seed_demo", "--persons", "40")


def test_seed_demo_leaves_closed_cases_for_the_co_ordinators_retention_review(
    run: Run, env_password: str, var_dir: Path
) -> None:
    """Two quiet area A cases closed over ten years ago (due for review, and old enough to
    delete) and one closed three years ago (not due): the co-ordinator's home says so and
    links to the list (decision 0030); their history is coherent; a second run adds none."""
    import datetime as dt

    from django.test import Client
    from django.utils import timezone

    from fourpillars.domain.retention import add_years, earliest_deletion
    from fourpillars.plans.models import Decision
    from fourpillars.services.cases.caseload import waiting_for
    from fourpillars.services.retention import reviews

    out = run("seed_demo", "--persons", "40")
    assert "Closed cases added: 3; due for a retention review: 2." in out
    coordinator = User.objects.get(username="coordinator")
    today = timezone.localdate()
    closed = Case.objects.filter(status="closed").select_related("area")
    assert closed.count() == 3 and {c.area.code for c in closed} == {"A"}
    due = [c for c in closed if c.retention_review_due <= today]
    assert len(due) == 2 and reviews.due_count(coordinator) == 2
    assert waiting_for(coordinator).retention == 2
    listed = reviews.review_list(actor=coordinator).due
    assert {c.pk for c in listed} == {c.pk for c in due}
    (later,) = [c for c in closed if c not in due]
    assert later.retention_review_due > today
    for case in closed:
        assert case.disposal_date <= case.start_date < case.closed_on
        assert case.retention_review_due == add_years(case.closed_on, 10)
        closure = Decision.objects.get(case=case, kind="case_closure")
        assert timezone.localtime(closure.decided_at).date() == case.closed_on
    assert all(earliest_deletion(c.closed_on) <= today - dt.timedelta(days=1) for c in due)
    client = Client()
    client.force_login(coordinator)
    home = client.get("/").content.decode()
    assert 'data-testid="waiting-retention"' in home and 'href="/retention/"' in home
    # Nothing else the demo seeds was closed: referrals, plans and notifications stay open.
    assert Case.objects.filter(status="closed", plans__isnull=False).count() == 0
    again = run("seed_demo", "--persons", "40")
    assert "Closed cases added: 0; due for a retention review: 0." in again
    assert Case.objects.filter(status="closed").count() == 3
