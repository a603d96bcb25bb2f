"""Hand-written reads (``fourpillars.db.sql_rows``) answer exactly what the ORM would.

The case page and the API detail read a case's records, its risk of serious harm section and
its plan section in hand-written SQL (the case page's latency target, decision 0009). Each
test below builds a case with many records, reads it both ways (the equivalent ORM query is
the oracle) and compares every concrete field of every instance, the joined objects and the
order, then checks that reading what was loaded runs no query.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Model, Q
from django.test.utils import CaptureQueriesContext

from fourpillars.accounts.models import User
from fourpillars.assessments.models import InstrumentResult, RoshAssessment
from fourpillars.db import sql_rows
from fourpillars.plans.models import Plan
from fourpillars.register.models import Address, Case, CaseShare, Conviction
from fourpillars.services import assessments, cases, decisions, plans
from fourpillars.services.access import visible_case
from fourpillars.services.cases import records as case_records
from fourpillars.services.errors import NotFound
from fourpillars.services.plans.documents import findings
from tests.audit_rows import opened, opened_rows
from tests.cast import World
from tests.factories import grow_case

pytestmark = pytest.mark.django_db


def fields(obj: Model | None) -> dict[str, Any] | None:
    if obj is None:
        return None
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def same(ours: list[Any], theirs: list[Any]) -> None:
    assert [fields(x) for x in ours] == [fields(x) for x in theirs]


@pytest.fixture
def rich(world: World) -> Case:
    """The police case with many records, shares (one revoked), assessments and plans."""
    case_id = world.police_case.pk
    grow_case(world, case_id)
    police = world.users["police"]
    housing = CaseShare.objects.filter(case_id=case_id, agency__code="housing-a").first()
    assert housing is not None
    cases.revoke_share(actor=police, case_id=case_id, share_id=housing.pk, reason="Moved away")
    first = decisions.decisions_for(world.police_case).last()
    assert first is not None
    decisions.record_decision(
        actor=police,
        case_id=case_id,
        data={
            "kind": "other",
            "summary": "Correction",
            "rationale": "Test",
            "refers_to": first.pk,
        },
    )
    return Case.objects.select_related("person", "lead_agency", "area").get(pk=case_id)


def test_case_records_are_the_orm_prefetches(rich: Case) -> None:
    oracle = Case.objects.prefetch_related(
        "person__names",
        "person__identifiers",
        "person__addresses",
        "person__convictions",
        "shares__agency",
        "shares__granted_by",
        "shares__revoked_by",
    ).get(pk=rich.pk)
    with CaptureQueriesContext(connection) as loading:
        records = case_records.person_records(rich.person)
        shares = case_records.case_shares(rich)
    assert len(loading.captured_queries) == 5
    with CaptureQueriesContext(connection) as reading:
        person = rich.person
        names, identifiers = records.names, records.identifiers
        addresses, convictions = records.addresses, records.convictions
        joined = [(s.agency, s.granted_by, s.revoked_by, s.case) for s in shares]
        owners = [n.person for n in names]
    assert reading.captured_queries == []
    same(names, list(oracle.person.names.all()))
    same(identifiers, sorted(oracle.person.identifiers.all(), key=lambda i: i.pk))
    same(addresses, list(oracle.person.addresses.all()))
    same(convictions, list(oracle.person.convictions.all()))
    assert len(names) >= 7 and len(addresses) >= 7 and len(convictions) >= 7
    assert all(owner is person for owner in owners)
    theirs = sorted(oracle.shares.all(), key=lambda s: (s.granted_at, s.pk), reverse=True)
    same(shares, theirs)
    for (agency, granted, revoked, case), share in zip(joined, theirs, strict=True):
        assert fields(agency) == fields(share.agency)
        assert fields(granted) == fields(share.granted_by)
        assert fields(revoked) == fields(share.revoked_by)
        assert case is rich
    assert any(r is not None for _, _, r, _ in joined)  # the revoked share's LEFT JOIN
    assert any(r is None for _, _, r, _ in joined)


def test_case_rosh_is_the_orm_read(rich: Case) -> None:
    summary = assessments.case_rosh(rich)
    rows = list(
        rich.rosh_assessments.filter(Q(is_current=True) | Q(status__in=("draft", "submitted")))
        .select_related("author", "author_agency", "countersigned_by")
        .order_by("-created_at", "-id")[:20]
    )
    current = next((a for a in rows if a.is_current), None)
    draft = next((a for a in rows if a.status == "draft"), None)
    assert current is not None and draft is not None
    assert fields(summary.current) == fields(current)
    assert fields(summary.draft) == fields(draft)
    same(summary.awaiting, [a for a in rows if a.status == "submitted" and not a.is_current])
    assert fields(summary.current.author) == fields(current.author)  # type: ignore[union-attr]
    assert fields(summary.current.author_agency) == fields(current.author_agency)  # type: ignore[union-attr]
    assert fields(summary.current.countersigned_by) == fields(current.countersigned_by)  # type: ignore[union-attr]
    assert summary.draft.countersigned_by is None  # type: ignore[union-attr]
    assert isinstance(summary.current.ratings, dict) and summary.current.ratings  # type: ignore[union-attr]
    assert summary.current.is_current is True  # a real bool on SQLite too  # type: ignore[union-attr]
    decision = rich.level_decisions.select_related("decided_by").first()
    assert fields(summary.decision) == fields(decision)
    assert fields(summary.decision.decided_by) == fields(decision.decided_by)  # type: ignore[union-attr]
    history = (
        InstrumentResult.objects.filter(case=rich)
        .exclude(assessment__status="draft")
        .order_by("scored_at", "id")
        .values_list("instrument", "scored_at", "band", "score", "probability_2y")
    )
    expected = [(i, at.date(), b, s, p) for i, at, b, s, p in history]
    assert [(p.instrument, p.at, p.band, p.score, p.p2) for p in summary.history] == expected
    assert len(expected) == 6


def test_case_plans_are_the_orm_read(rich: Case) -> None:
    section = plans.case_plans(rich, case_records.case_shares(rich))
    active = Plan.objects.select_related("approved_by", "created_by", "assessment").get(
        case=rich, status="active"
    )
    draft = Plan.objects.get(case=rich, status="draft")
    assert section.active is not None and section.draft is not None
    assert fields(section.active.plan) == fields(active)
    assert fields(section.draft.plan) == fields(draft)
    assert fields(section.active.plan.approved_by) == fields(active.approved_by)
    assert fields(section.active.plan.assessment) == fields(active.assessment)
    live = findings(active)
    errors = sum(1 for f in live if f.severity == "error")
    assert (section.active.errors, section.active.warnings) == (errors, len(live) - errors)
    counted = dict(section.active.by_pillar)
    assert counted["Supervision"] == active.actions.filter(pillar="supervision").count() == 4
    recorded = list(decisions.decisions_for(rich)[:21])
    same(section.decisions, recorded[:20])
    assert section.more_decisions is (len(recorded) > 20)
    for ours, theirs in zip(section.decisions, recorded, strict=False):
        assert fields(ours.decided_by) == fields(theirs.decided_by)
        assert fields(ours.refers_to) == fields(theirs.refers_to)
    assert any(d.refers_to is not None for d in section.decisions)
    # The section's check reads the same document the plan page and the plan API read.
    assert section.draft.errors + section.draft.warnings == len(findings(draft))


def test_shapes_convert_types_and_leave_absent_joins_empty(rich: Case) -> None:
    a = sql_rows.shape(RoshAssessment, "ra")
    u = sql_rows.shape(User, "cs")
    [(found, signer)] = sql_rows.select(
        f"SELECT {a.columns}, {u.columns} FROM assessments_roshassessment ra "
        'LEFT JOIN accounts_user cs ON cs."id" = ra."countersigned_by_id" '
        'WHERE ra."case_id" = %s AND ra."status" = %s',
        [rich.pk, "draft"],
        a,
        u,
    )
    assert signer is None
    oracle = RoshAssessment.objects.get(pk=found.pk)
    assert fields(found) == fields(oracle)
    assert type(found.is_current) is bool and found.created_at.tzinfo is not None
    assert found.pk == oracle.pk


def test_order_by_follows_the_model_ordering() -> None:
    assert sql_rows.order_by(Address, "a") == 'a."from_date" DESC, a."id" DESC'
    assert sql_rows.order_by(Conviction, "c") == 'c."date" DESC, c."id" DESC'


def test_case_timeline_is_the_orm_read(rich: Case, world: World) -> None:
    from django.db import transaction

    from fourpillars.audit.models import AuditEvent
    from fourpillars.domain.exports import plan_pdf
    from fourpillars.services import audit
    from fourpillars.services.cases import reads

    reads.consult_case(actor=world.users["police"], case_id=rich.pk, justification=None)
    assert AuditEvent.objects.filter(case_id=rich.pk, operation="consultation").exists()
    with transaction.atomic():  # a download: a disclosure row, kept off the timeline
        audit.export(
            actor=world.users["police"],
            export=plan_pdf(rich.reference, 1),
            target=audit.case_target(rich),
        )
    oracle = (
        AuditEvent.objects.filter(Q(case_id=rich.pk) | Q(person_id=rich.person_id))
        .exclude(operation="consultation")
        .exclude(action__startswith="export_")
        .order_by("-seq")
    )
    expected = opened_rows(oracle[:100])  # the timeline opens what is sealed (decision 0031)
    assert len(expected) > 40  # names, identifiers, addresses, plans, decisions ...
    same(reads.timeline_events(rich, limit=100), expected)
    assert [e.pk for e in reads.timeline_events(rich, limit=7)] == [e.pk for e in expected[:7]]
    assert [e.pk for e in reads.timeline_events(rich, start=7, limit=5)] == [
        e.pk for e in expected[7:12]
    ]
    assert reads.timeline_length(rich) == oracle.count()
    assert all(e.operation != "consultation" for e in expected)


@pytest.mark.parametrize("name", ["police", "coordinator", "housing", "outsider", "auditor"])
def test_the_case_comes_through_the_access_scoped_query(world: World, name: str) -> None:
    actor = world.users[name]
    for case in (world.police_case, world.shared_case, world.other_area_case):
        visible = Case.objects.visible_to(actor).filter(pk=case.pk).first()
        if visible is None:
            with pytest.raises(NotFound):
                visible_case(actor, case.pk)
            continue
        with CaptureQueriesContext(connection) as ctx:
            found = visible_case(actor, case.pk)
        assert len(ctx.captured_queries) == 1
        with CaptureQueriesContext(connection) as reading:
            joined = (found.person, found.lead_agency, found.area)
        assert reading.captured_queries == []
        assert fields(found) == fields(visible)
        assert [fields(x) for x in joined] == [
            fields(visible.person),
            fields(visible.lead_agency),
            fields(visible.area),
        ]
    with pytest.raises(NotFound):
        visible_case(actor, 999_999)


def test_cases_by_id_is_in_bulk_with_select_related(world: World) -> None:
    ids = [world.police_case.pk, world.shared_case.pk, world.other_area_case.pk]
    oracle = Case.objects.select_related("person", "lead_agency", "area").in_bulk(ids)
    with CaptureQueriesContext(connection) as ctx:
        found = case_records.cases_by_id([*ids, 999_999])
        joined = {pk: (c.person, c.lead_agency, c.area) for pk, c in found.items()}
    assert len(ctx.captured_queries) == 1
    assert sorted(found) == sorted(oracle)
    for pk, case in oracle.items():
        assert fields(found[pk]) == fields(case)
        assert [fields(x) for x in joined[pk]] == [
            fields(case.person),
            fields(case.lead_agency),
            fields(case.area),
        ]
    assert case_records.cases_by_id([]) == {}


def test_insert_writes_every_column_and_sets_the_key(world: World) -> None:
    from fourpillars.audit.models import AuditEvent
    from fourpillars.domain.audit import Operation
    from fourpillars.services import audit

    with transaction.atomic():
        event = audit.record(
            actor=world.users["police"],
            operation=Operation.CONSULTATION,
            action="view_case",
            target=audit.Target("case", "1", 1, 2),
            record_ids=[3, 4],
            before={"name": "Zoë ☃"},
        )
    assert event.pk is not None
    stored = AuditEvent.objects.get(pk=event.pk)
    assert fields(stored) == fields(event)
    assert stored.record_ids == [3, 4] and opened(stored).before == {"name": "Zoë ☃"}
    with pytest.raises(ValueError, match="already saved"):
        sql_rows.insert(stored)
    assert audit.verify()[1] is None  # the chain still holds


def test_insert_many_writes_rows_in_one_statement_and_sets_their_keys(world: World) -> None:
    from fourpillars.exchange.models import Peer

    peers = [
        Peer(country=cc, name=f"Node {cc}", inbox_url=f"http://127.0.0.1:9/{cc}/")
        for cc in ("NL", "LV", "FR")
    ]
    with CaptureQueriesContext(connection) as queries:
        sql_rows.insert_many(peers)
    if connection.features.can_return_rows_from_bulk_insert:
        assert len(queries) == 1
    assert all(p.pk is not None for p in peers)
    for peer in peers:
        assert fields(Peer.objects.get(pk=peer.pk)) == fields(peer)
    with pytest.raises(ValueError, match="already saved"):
        sql_rows.insert_many(peers[:1])


def test_update_each_sets_each_rows_own_values(world: World) -> None:
    import datetime as dt

    from django.utils import timezone

    from fourpillars.exchange.models import Peer

    peers = [
        Peer.objects.create(country=cc, name=cc, inbox_url=f"http://127.0.0.1:9/{cc}/")
        for cc in ("NL", "LV", "FR")
    ]
    at = timezone.now() - dt.timedelta(days=1)
    sql_rows.update_each(
        Peer,
        [
            (peers[0].pk, {"name": "Nederland", "status_changed_at": at}),
            (peers[1].pk, {"name": "Latvija", "status_changed_at": None}),
            (peers[2].pk, {"status": "suspended"}),
        ],
    )
    stored = {p.country: p for p in Peer.objects.all()}
    assert (stored["NL"].name, stored["NL"].status_changed_at) == ("Nederland", at)
    assert (stored["LV"].name, stored["LV"].status_changed_at) == ("Latvija", None)
    assert (stored["FR"].name, stored["FR"].status) == ("FR", "suspended")


def test_no_personal_record_is_read_before_a_needed_justification(world: World) -> None:
    from fourpillars.services.cases import reads
    from fourpillars.services.errors import JustificationRequired

    housing = world.users["housing"]  # sees the shared case, led by probation
    with CaptureQueriesContext(connection) as ctx, pytest.raises(JustificationRequired):
        reads.consult_case(actor=housing, case_id=world.shared_case.pk, justification=None)
    read = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "register_caseshare" in read
    for table in ("personname", "identifier", "address", "conviction"):
        assert f"register_{table}" not in read


def _ids(sql_and_params: tuple[str, list[object]] | None) -> set[int]:
    if sql_and_params is None:
        return set()
    sql, params = sql_and_params
    return {row[0] for row in sql_rows.rows(sql, params)}


@pytest.mark.parametrize(
    "name", ["police", "probation", "coordinator", "housing", "outsider", "auditor", "admin"]
)
def test_the_compiled_scope_answers_what_visible_to_answers(world: World, name: str) -> None:
    import datetime as dt

    from django.utils import timezone

    from fourpillars.services.access import visible_ids_sql

    actor = world.users[name]
    for now in (timezone.now(), timezone.now() + dt.timedelta(days=3650)):
        expected = set(Case.objects.visible_to(actor, now).values_list("pk", flat=True))
        assert _ids(visible_ids_sql(actor, now)) == expected
        assert _ids(visible_ids_sql(actor, now)) == expected  # from the compiled cache


def test_the_compiled_scope_follows_share_expiry_and_revocation(world: World) -> None:
    import datetime as dt

    from django.utils import timezone

    from fourpillars.services.access import visible_ids_sql

    housing, shared = world.users["housing"], world.shared_case.pk
    share = CaseShare.objects.get(case_id=shared, agency__code="housing-a", revoked_at=None)
    CaseShare.objects.filter(pk=share.pk).update(expires_at=timezone.now() + dt.timedelta(days=1))
    assert shared in _ids(visible_ids_sql(housing))
    assert shared not in _ids(visible_ids_sql(housing, timezone.now() + dt.timedelta(days=2)))
    cases.revoke_share(
        actor=world.users["probation"], case_id=shared, share_id=share.pk, reason="Moved"
    )
    assert shared not in _ids(visible_ids_sql(housing))
    with pytest.raises(NotFound):
        visible_case(housing, shared)


def test_the_compiled_scope_follows_a_move_to_another_agency(world: World) -> None:
    from fourpillars.accounts.models import Agency
    from fourpillars.services.access import visible_ids_sql

    police = world.users["police"]
    assert world.police_case.pk in _ids(visible_ids_sql(police))
    police.agency = Agency.objects.get(code="police-b")
    police.save()
    police = User.objects.get(pk=police.pk)
    assert world.police_case.pk not in _ids(visible_ids_sql(police))
    assert world.other_area_case.pk in _ids(visible_ids_sql(police))
    police.is_active = False
    assert visible_ids_sql(police) is None
