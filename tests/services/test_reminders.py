"""The reminder scan (services/reminders): who is told, what they are told, each reminder
exactly once however often the scan runs or stops half-way, a new reminder for a new due date,
the audit rows, and the e-mail outbox (sent once, marked, retried after a failure)."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from fourpillars.audit.models import AuditEvent
from fourpillars.notifications.models import Notification, OutboundEmail, ReminderDelivery
from fourpillars.plans.models import Action
from fourpillars.services import audit
from fourpillars.services.notifications import outbox as outbox_module
from fourpillars.services.notifications import send_pending_email
from fourpillars.services.reminders import scan_reminders
from tests.audit_rows import opened
from tests.cast import World
from tests.factories import actions_due, manager_of

pytestmark = pytest.mark.django_db


def delivered() -> Counter[tuple[int, str, str, str]]:
    """Every delivery as (action, kind, due, recipient), counted (a count above 1 would be a
    duplicate; the constraint refuses one, so this also checks nothing slips past it)."""
    return Counter(
        (d.action_id, d.kind, d.due.isoformat(), d.recipient.username)
        for d in ReminderDelivery.objects.select_related("recipient")
    )


def test_due_soon_and_overdue_reach_the_owners_managers_and_coordinator(world: World) -> None:
    manager = manager_of(world.users["police"])
    soon, late, far, none = actions_due(world, "police_case", [3, -2, 30, None])
    result = scan_reminders()
    assert (result.actions, result.skipped) == (2, 0)
    who = {(d.action_id, d.recipient.username, d.kind) for d in ReminderDelivery.objects.all()}
    police_a = {u.username for u in world.users["police"].agency.users.filter(is_active=True)}
    assert {manager.username, "police"} <= police_a
    assert {(a, u, k) for a, u, k in who if a == soon.pk} == {
        (soon.pk, u, "due_soon") for u in police_a
    }
    assert {(a, u, k) for a, u, k in who if a == late.pk} == {
        *((late.pk, u, "overdue") for u in police_a),
        (late.pk, "coordinator", "overdue"),
    }
    escalated = Notification.objects.get(recipient=manager, action=late)
    assert escalated.kind == "action_escalated" and "line manager" in escalated.body
    assert escalated.subject.startswith("Overdue action for") and escalated.link.endswith(
        f"#action-{late.ident}"
    )
    told = Notification.objects.get(recipient__username="coordinator", action=late)
    assert "MAPPA co-ordinator" in told.body and world.police_case.reference in told.body
    assert not ReminderDelivery.objects.filter(action__in=[far, none]).exists()


def test_a_named_owner_alone_is_reminded_before_the_due_date(world: World) -> None:
    (mine,) = actions_due(world, "police_case", [1], owner=world.users["police"])
    scan_reminders()
    n = Notification.objects.get()
    assert (n.recipient.username, n.kind, n.action_id) == ("police", "action_due_soon", mine.pk)
    assert "You own this action." in n.body and mine.text in n.body


def test_a_recipient_who_cannot_see_the_case_is_told_nothing_about_it(world: World) -> None:
    (housing_owned,) = actions_due(world, "police_case", [2], agency="housing-a")
    scan_reminders()
    n = Notification.objects.get(recipient=world.users["housing"])
    case = world.police_case
    for secret in (case.reference, case.person.display_name, housing_owned.text):
        assert secret not in n.subject + n.body
    assert n.link == "" and n.case_id is None and n.action_id is None
    row = opened(AuditEvent.objects.get(action="send_reminder"))
    assert row.after["no_case_content_to"] == ["housing"] and row.after["case_content_to"] == []


def test_each_reminder_is_sent_once_however_often_the_scan_runs(world: World) -> None:
    actions_due(world, "police_case", [0, 5, -1, -10])
    first = scan_reminders()
    before = delivered()
    assert first.actions == 4 and max(before.values()) == 1
    again = scan_reminders()
    assert (again.actions, again.notifications) == (0, 0)
    assert delivered() == before
    assert Notification.objects.count() == sum(before.values())
    assert AuditEvent.objects.filter(action="send_reminder").count() == 4


def test_a_changed_due_date_is_a_new_reminder_and_a_finished_action_none(world: World) -> None:
    moved, finished = actions_due(world, "police_case", [2, 2])
    scan_reminders()
    count = ReminderDelivery.objects.filter(action=moved).count()
    Action.objects.filter(pk=moved.pk).update(due=timezone.localdate() + dt.timedelta(days=4))
    Action.objects.filter(pk=finished.pk).update(
        status="done", due=timezone.localdate() + dt.timedelta(days=5)
    )
    scan_reminders()
    assert ReminderDelivery.objects.filter(action=moved).count() == 2 * count
    assert ReminderDelivery.objects.filter(action=finished).count() == count
    Action.objects.filter(pk=moved.pk).update(due=timezone.localdate() - dt.timedelta(days=1))
    scan_reminders()  # the day it is overdue: escalated once more
    kinds = Counter(ReminderDelivery.objects.filter(action=moved).values_list("kind", flat=True))
    assert kinds["due_soon"] == 2 * count and kinds["overdue"] == count + 1  # + co-ordinator


def test_a_scan_stopped_half_way_leaves_no_half_reminder_and_the_next_finishes(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    actions = actions_due(world, "police_case", [1, 2, 3, -1, -2, -3])
    scan_reminders()
    expected = delivered()
    expected_notifications = Notification.objects.count()
    ReminderDelivery.objects.all().delete()
    Notification.objects.all().delete()
    OutboundEmail.objects.all().delete()
    real, calls = audit.record, [0]

    def crash_on_the_fourth(**kwargs: object) -> object:
        if kwargs.get("action") == "send_reminder":
            calls[0] += 1
            if calls[0] == 4:  # inside the fourth action's transaction, after its rows
                raise RuntimeError("worker stopped")
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(audit, "record", crash_on_the_fourth)
    with pytest.raises(RuntimeError, match="worker stopped"):
        scan_reminders()
    monkeypatch.setattr(audit, "record", real)
    partial = delivered()
    assert {k[0] for k in partial} == {a.pk for a in actions[:3]}  # three whole, none half
    assert Notification.objects.count() == sum(partial.values())
    assert (
        OutboundEmail.objects.count() == Notification.objects.exclude(recipient__email="").count()
    )
    restarted = scan_reminders()
    assert restarted.actions == 3
    assert delivered() == expected and Notification.objects.count() == expected_notifications


def test_email_leaves_once_and_is_marked_sent_with_its_audit_row(world: World) -> None:
    actions_due(world, "police_case", [1])
    scan_reminders()
    queued = OutboundEmail.objects.count()
    with_address = Notification.objects.exclude(recipient__email="").count()
    assert queued == with_address > 0
    result = send_pending_email()
    assert (result.sent, result.failed) == (queued, 0)
    assert len(mail.outbox) == queued
    message = mail.outbox[0]
    assert message.extra_headers["Message-ID"].startswith("<notification-")
    assert world.police_case.person.display_name not in message.subject + message.body
    assert world.police_case.reference in message.subject
    assert not OutboundEmail.objects.filter(sent_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="send_email").count() == queued
    assert send_pending_email().sent == 0 and len(mail.outbox) == queued


def test_a_failed_send_is_kept_with_its_error_and_tried_again_later(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    actions_due(world, "police_case", [1], owner=world.users["police"])
    world.users["police"].email = "police@example.org"
    world.users["police"].save()
    scan_reminders()

    def refuse(email: OutboundEmail) -> None:
        raise OSError("connection refused")

    monkeypatch.setattr(outbox_module, "_send", refuse)
    assert send_pending_email().failed == 1
    row = OutboundEmail.objects.get()
    assert row.sent_at is None and row.attempts == 1 and "refused" in row.last_error
    assert send_pending_email().failed == 0  # backing off: not tried again at once
    monkeypatch.undo()
    OutboundEmail.objects.update(claimed_until=timezone.now() - dt.timedelta(seconds=1))
    assert send_pending_email().sent == 1 and len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs DATABASE_URL (PostgreSQL)")
def test_two_scans_at_once_deliver_each_reminder_once(world: World) -> None:
    actions_due(world, "police_case", [d % 9 - 4 for d in range(40)])
    barrier = threading.Barrier(2)
    results = []
    errors: list[BaseException] = []

    def scan() -> None:
        try:
            barrier.wait()
            results.append(scan_reminders())
        except BaseException as exc:  # asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert sum(r.actions for r in results) == 40
    counted = delivered()
    assert max(counted.values()) == 1
    assert len({k[0] for k in counted}) == 40
    assert Notification.objects.count() == sum(counted.values())
    assert audit.verify()[1] is None
