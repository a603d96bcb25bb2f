"""A user's notifications (listed, counted, marked read, nobody else's) and the actions they
work (groups as the domain defines them, completion with what was done), with their audit
rows and refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.reminders import ActionGroup, action_group
from fourpillars.notifications.models import Notification
from fourpillars.plans.models import Action, ActionStatusChange
from fourpillars.services import notifications
from fourpillars.services import plans as svc
from fourpillars.services.errors import Forbidden, NotFound
from fourpillars.services.reminders import scan_reminders
from tests.audit_rows import opened
from tests.cast import World
from tests.factories import actions_due, manager_of

pytestmark = pytest.mark.django_db


def test_a_user_lists_counts_and_marks_read_only_their_own(world: World) -> None:
    actions_due(world, "police_case", [1, -1])
    scan_reminders()
    police = world.users["police"]
    assert notifications.unread_count(police) == 2
    page = notifications.list_notifications(actor=police)
    assert page.total == 2 and [n.recipient_id for n in page.items] == [police.pk] * 2
    row = opened(AuditEvent.objects.filter(action="list_notifications").latest("seq"))
    assert row.record_ids == [world.police_case.pk] and row.actor_username == "police"
    theirs = Notification.objects.filter(recipient__username="coordinator").first()
    assert theirs is not None
    for refused in (theirs.pk, "nonsense", 10**12):
        with pytest.raises(NotFound):
            notifications.mark_read(actor=police, notification_id=refused)
    first = notifications.mark_read(actor=police, notification_id=page.items[0].pk)
    assert first.read_at is not None and notifications.unread_count(police) == 1
    notifications.mark_read(actor=police, notification_id=first.pk)  # again: no change
    assert AuditEvent.objects.filter(action="mark_notification_read").count() == 1
    assert notifications.list_notifications(actor=police, unread_only=True).total == 1
    assert notifications.mark_all_read(actor=police) == 1
    assert notifications.unread_count(police) == 0
    assert opened(AuditEvent.objects.get(action="mark_all_notifications_read")).after == {
        "marked_read": 1
    }
    assert notifications.unread_count(world.users["coordinator"]) == 1  # untouched


def test_the_action_groups_are_the_domain_rule_as_a_query(world: World) -> None:
    made = actions_due(world, "police_case", [-3, -1, 0, 7, 14, 15, 40, None])
    Action.objects.filter(pk=made[1].pk).update(status="done")
    Action.objects.filter(pk=made[4].pk).update(status="not_done")
    today = timezone.localdate()
    police = world.users["police"]
    listed = svc.action_list(actor=police, group=ActionGroup.OVERDUE)
    expected: dict[ActionGroup, set[int]] = {g: set() for g in ActionGroup}
    for a in svc.my_actions(police, include_done=True):
        expected[action_group(a.due, a.status in ("done", "not_done"), today)].add(a.pk)
    assert listed.counts == {g: len(ids) for g, ids in expected.items()}
    for group in ActionGroup:
        shown = svc.action_list(actor=police, group=group, page_size=100).page.items
        assert {a.pk for a in shown} == expected[group], group
    everything_open = svc.action_list(actor=police, page_size=100)
    assert everything_open.group is None
    assert {a.pk for a in everything_open.page.items} == (
        expected[ActionGroup.OVERDUE] | expected[ActionGroup.DUE_SOON] | expected[ActionGroup.LATER]
    )
    first = svc.action_list(actor=police, first_nonempty=True)
    assert first.group is ActionGroup.OVERDUE
    with pytest.raises(DomainValidationError) as exc:
        svc.parse_group("sideways")
    assert exc.value.errors[0].field == "group"


def test_each_group_lists_in_its_order_whether_owned_by_name_or_by_agency(world: World) -> None:
    """A page merges what the user owns by name and what their agency owns, each read in
    order: due first and no date last; finished latest first and never finished last."""
    police = world.users["police"]
    mine = actions_due(world, "police_case", [20, None, 30, -2], owner=police)
    agencys = actions_due(world, "police_case", [25, None, 16, -5, -1])
    everything = list(svc.my_actions(police))  # with the plan's own, undated, actions
    assert {a.pk for a in [*mine, *agencys]} <= {a.pk for a in everything}
    dated = sorted((a for a in everything if a.due), key=lambda a: (a.due, a.pk))
    undated = sorted(a.pk for a in everything if a.due is None)
    later = [a.pk for a in dated if a.due > timezone.localdate() + timedelta(days=14)]
    listed = svc.action_list(actor=police, group=ActionGroup.LATER, page_size=100)
    assert [a.pk for a in listed.page.items] == later + undated
    open_ = svc.action_list(actor=police, page_size=100).page.items
    assert [a.pk for a in open_][-len(undated) :] == undated
    assert [a.pk for a in open_ if a.due] == [a.pk for a in dated]
    # Finished: two at known times (the later one first), one never finished (last).
    now = timezone.now()
    Action.objects.filter(pk=mine[0].pk).update(status="done", completed_at=now - timedelta(1))
    Action.objects.filter(pk=agencys[0].pk).update(status="done", completed_at=now)
    Action.objects.filter(pk=mine[1].pk).update(status="not_done")
    cache.clear()  # changed without the services: the kept counts are read again
    done = svc.action_list(actor=police, group=ActionGroup.DONE, page_size=100).page.items
    assert [a.pk for a in done][:2] == [agencys[0].pk, mine[0].pk]
    assert done[-1].pk == mine[1].pk
    second = svc.action_list(actor=police, group=ActionGroup.LATER, page=2, page_size=2)
    finished = {mine[0].pk, mine[1].pk, agencys[0].pk}
    assert [a.pk for a in second.page.items] == [
        pk for pk in later + undated if pk not in finished
    ][2:4]


def test_a_page_of_actions_costs_the_same_queries_for_few_and_many(world: World) -> None:
    police = world.users["police"]
    actions_due(world, "police_case", [-1, 2])
    counts = []
    for extra in (0, 60):
        actions_due(world, "police_case", [-1] * extra)
        cache.clear()  # the counts read, not kept from the last list
        with CaptureQueriesContext(connection) as ctx:
            listed = svc.action_list(actor=police, group=ActionGroup.OVERDUE, page_size=25)
            [(a.case.person.display_name, svc.owner_label(a)) for a in listed.page.items]
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_a_group_counts_up_to_the_limit_and_says_it_holds_more(
    world: World, monkeypatch: pytest.MonkeyPatch, client_for
) -> None:
    from fourpillars.services.plans import actions as action_reads

    monkeypatch.setattr(action_reads, "COUNT_LIMIT", 3)
    monkeypatch.setattr(svc, "COUNT_LIMIT", 3)
    actions_due(world, "police_case", [-1, -2, -3, -4, -5, 2])
    listed = svc.action_list(actor=world.users["police"], group=ActionGroup.OVERDUE)
    assert listed.counts[ActionGroup.OVERDUE] == 3 and ActionGroup.OVERDUE in listed.capped
    assert ActionGroup.DUE_SOON not in listed.capped
    assert listed.page.total == 3 and len(listed.page.items) == 3  # the three earliest
    assert [a.due for a in listed.page.items] == sorted(a.due for a in listed.page.items)
    page = client_for("police").get("/my-actions/?group=overdue").content.decode()
    assert "Overdue (3+)" in page and "More than 3 actions: the first 3 are listed" in page


def test_completing_records_what_was_done_by_whom_and_when(world: World) -> None:
    (a,) = actions_due(world, "police_case", [2], agency="police-a")
    police = world.users["police"]
    done = svc.complete_action(actor=police, action_id=a.pk, what_was_done="  Visited on Monday ")
    assert (done.status, done.completion_note, done.completed_by) == (
        "done",
        "Visited on Monday",
        police,
    )
    assert done.completed_at is not None
    change = ActionStatusChange.objects.get(action=a)
    assert (change.to_status, change.reason, change.changed_by) == (
        "done",
        "Visited on Monday",
        police,
    )
    row = opened(AuditEvent.objects.filter(action="complete_action").latest("seq"))
    assert row.after == {"action": a.ident, "status": "done", "reason": "Visited on Monday"}
    assert row.case_id == world.police_case.pk and row.actor_username == "police"
    with pytest.raises(DomainValidationError) as again:
        svc.complete_action(actor=police, action_id=a.pk, what_was_done="Twice")
    assert again.value.errors[0].field == "what_was_done"
    reopened = svc.update_action_status(actor=police, action_id=a.pk, status="in_progress")
    assert reopened.completed_at is None and reopened.completion_note == ""


@pytest.mark.parametrize(
    "bad", ["", "   ", None, 42, "x" * 20_001, "null\x00byte"], ids=lambda b: repr(b)[:12]
)
def test_completion_without_a_proper_account_is_refused_naming_the_field(
    world: World, bad: object
) -> None:
    (a,) = actions_due(world, "police_case", [2])
    before = AuditEvent.objects.count()
    with pytest.raises(DomainValidationError) as exc:
        svc.complete_action(actor=world.users["police"], action_id=a.pk, what_was_done=bad)
    assert [e.field for e in exc.value.errors] == ["what_was_done"]
    a.refresh_from_db()
    assert a.status == "planned" and AuditEvent.objects.count() == before


def test_who_may_complete_an_action(world: World) -> None:
    (agency_owned,) = actions_due(world, "police_case", [2], agency="police-a")
    (housing_named,) = actions_due(world, "police_case", [2], agency="housing-a")
    note = "Done"
    # the owner agency's members, the case's managers: yes
    for name, action in (("police", agency_owned), ("coordinator", housing_named)):
        svc.complete_action(actor=world.users[name], action_id=action.pk, what_was_done=note)
    svc.complete_action(
        actor=manager_of(world.users["police"]),
        action_id=actions_due(world, "police_case", [1])[0].pk,
        what_was_done=note,
    )
    (fresh,) = actions_due(world, "police_case", [2])
    for name in ("probation", "outsider", "auditor", "admin", "housing"):
        with pytest.raises(NotFound):  # the case is hidden from them: 404, nothing said
            svc.complete_action(actor=world.users[name], action_id=fresh.pk, what_was_done=note)
    world.police_case.shares.create(
        agency=world.users["probation"].agency,
        lawful_basis="cja2003_s325_4",
        reason="Test",
        granted_by=world.users["police"],
    )
    with pytest.raises(Forbidden):  # sees the case, owns nothing on it
        svc.complete_action(actor=world.users["probation"], action_id=fresh.pk, what_was_done=note)
    with pytest.raises(NotFound):
        svc.complete_action(actor=world.users["police"], action_id="x", what_was_done=note)


def test_only_the_active_plans_actions_are_completed(world: World) -> None:
    from tests.factories import active_plan_and_draft

    _, draft = active_plan_and_draft(world, "police_case")
    a = draft.actions.first()
    assert a is not None
    with pytest.raises(DomainValidationError) as exc:
        svc.complete_action(actor=world.users["police"], action_id=a.pk, what_was_done="Done")
    assert exc.value.errors[0].field == "what_was_done"
