"""BENCH-ONLY LOADER: 100,000 synthetic people in minutes, for speed figures only.

This is the one place outside services/ that writes register rows directly: ``bulk_create``
in batches of 5,000, because registering 100,000 people one by one through
services.cases.register_case takes hours. It never runs in the product. It keeps the data
honest all the same:

* names are indexed exactly as services.persons.rebuild_name_index does (domain.names
  search keys), and display names are built the same way;
* case fields go through domain.intake.clean_case and services.cases' own ``_apply``, so the
  review dates and notification periods are the ones the service would derive;
* PNC IDs carry valid check letters (domain.identifiers.pnc_check_letter);
* every person and case gets the collection rows services would write, and each share its
  disclosure row, appended to the real hash chain (``fourpillars verify-audit`` passes).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from fourpillars import demo
from fourpillars.accounts.models import User
from fourpillars.audit.models import AuditChainHead, AuditEvent
from fourpillars.domain import names as name_rules
from fourpillars.domain.agencies import LawfulBasis
from fourpillars.domain.audit import Operation, chain_hash
from fourpillars.domain.identifiers import pnc_check_letter
from fourpillars.domain.intake import clean_case
from fourpillars.register.models import (
    Address,
    Case,
    CaseShare,
    Conviction,
    Identifier,
    NameKey,
    Person,
    PersonName,
)
from fourpillars.services import cases as case_services

from .synthetic import Draw, address_pool, draw, name_index, name_pools
from .world import AREA_WEIGHTS, World

BATCH = 5000
SHARE_REASON = "Bench: multi-agency risk management"
Progress = Callable[[int, int, float], None]


@dataclass
class Batch:
    persons: list[Person] = field(default_factory=list)
    names: list[PersonName] = field(default_factory=list)
    tokens: list[NameKey] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    convictions: list[Conviction] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    shares: list[CaseShare] = field(default_factory=list)
    events: list[AuditEvent] = field(default_factory=list)

    def rows(self) -> int:
        return sum(len(v) for v in vars(self).values())


@dataclass
class LoadStats:
    people: int
    rows: int
    seconds: float


class Loader:
    """Builds rows for people ``first_id`` onwards and flushes them in batches of 5,000."""

    def __init__(self, world: World, seed: int, first_person: int, first_case: int) -> None:
        self.world = world
        self.rng = random.Random(seed)
        self.pools = name_pools(seed)
        self.addresses = address_pool(seed)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.next_person, self.next_case = first_person, first_case
        self.policies = {
            code: case_services.review_policy(world.areas[code]) for code in AREA_WEIGHTS
        }
        self.area_codes = list(AREA_WEIGHTS)
        self.area_weights = list(AREA_WEIGHTS.values())
        self.batch = Batch()
        self.request_id = ""

    def draw(self) -> Draw:
        return draw(self.rng, self.pools, self.today, self.area_codes, self.area_weights)

    def add(self, index: int) -> None:
        """One person with names, identifiers, address, conviction, case, shares, audit."""
        d = self.draw()
        pid, cid = self.next_person, self.next_case
        self.next_person, self.next_case = pid + 1, cid + 1
        cat, level = demo.category_level(self.rng)  # the demo's national distribution
        lead = self.world.agencies[f"{'police' if cat == 1 else 'probation'}-{d.area.lower()}"]
        self._person(pid, index, d, lead.kind == "probation")
        case = self._case(cid, pid, d, cat, level, lead.pk)
        self.batch.cases.append(case)
        actor = self.world.coordinators[d.area]
        person_after = {"display_name": self.batch.persons[-1].display_name, "names": 1}
        self._event(
            actor, Operation.COLLECTION, "create_person", "person", pid, cid, pid, person_after
        )
        self._event(
            actor,
            Operation.COLLECTION,
            "register_case",
            "case",
            cid,
            cid,
            pid,
            {"category": cat, "level": level, "area": d.area, "lead_agency": lead.code},
        )
        for agency_code in self._share_targets(d.area, lead.code):
            self._share(case, agency_code, actor)

    def _person(self, pid: int, index: int, d: Draw, probation_led: bool) -> None:
        b = self.batch
        b.persons.append(
            Person(
                id=pid,
                date_of_birth=d.dob,
                sex="male" if d.male else "female",
                nationalities=[demo.COUNTRY[d.locale]],
                display_name=f"{d.family.upper()}, {d.given}".strip(", "),
                search_text=name_rules.search_text(
                    [f"{d.given} {d.family}"] + ([f"{d.given} {d.alias}"] if d.alias else [])
                ),
            )
        )
        fulls = [("primary", d.family)] + ([("alias", d.alias)] if d.alias else [])
        keys: set[str] = set()
        for kind, family in fulls:
            b.names.append(
                PersonName(person_id=pid, kind=kind, family_name=family, given_names=d.given)
            )
            keys |= name_index(f"{d.given} {family}")
        b.tokens.extend(NameKey(person_id=pid, key=key) for key in sorted(keys))
        self._identifiers(pid, index, d, probation_led)
        street, town, postcode = self.rng.choice(self.addresses)
        b.addresses.append(
            Address(
                person_id=pid,
                line1=street,
                town=town,
                postcode=postcode,
                country="GB",
                from_date=d.start,
            )
        )
        offence, code = self.rng.choice(demo.SEXUAL_OFFENCES + demo.VIOLENT_OFFENCES)
        b.convictions.append(
            Conviction(
                person_id=pid,
                date=d.conv_date,
                court="Crown Court",
                country="GB",
                offence_text=offence,
                ecris_code=code,
                completion="C",
                participation="M",
                sentence=f"{d.months} months' imprisonment",
            )
        )

    def _identifiers(self, pid: int, index: int, d: Draw, probation_led: bool) -> None:
        """A valid PNC ID for everyone (serial = index, so unique); a passport for non-British
        nationals; a CRN for probation-led cases."""
        year = max(d.conv_date.year, 2001)
        serial = f"{index + 1:07d}"
        pnc = f"{year}/{serial}{pnc_check_letter(str(year)[2:], serial)}"
        rows = [Identifier(person_id=pid, kind="pnc", value=pnc, country="")]
        country = demo.COUNTRY[d.locale]
        if country != "GB":
            rows.append(
                Identifier(
                    person_id=pid,
                    kind="passport",
                    country=country,
                    value=f"{country}{10_000_000 + index}",
                )
            )
        if probation_led:
            rows.append(
                Identifier(person_id=pid, kind="crn", country="", value=f"{d.area}{index:06d}")
            )
        self.batch.identifiers.extend(rows)

    def _case(self, cid: int, pid: int, d: Draw, cat: int, level: int, lead_id: int) -> Case:
        policy = self.policies[d.area]
        data = {
            "category": cat,
            "level": level,
            "start_date": d.start.isoformat(),
            "disposal": "custody",
            "disposal_date": d.conv_date.isoformat(),
            "custody_months": d.months,
        }
        cleaned = clean_case(data, today=self.today, date_of_birth=d.dob, policy=policy)
        area = self.world.areas[d.area]
        case = Case(
            id=cid,
            person_id=pid,
            reference=f"FP-{d.area}-{cid:06d}",
            lead_agency_id=lead_id,
            area_id=area.pk,
        )
        case_services.apply_case_fields(case, cleaned, policy)  # the service's own field mapping
        return case

    def _share_targets(self, area: str, lead: str) -> list[str]:
        """About 8% shared with housing, 3% with children's services (area A), 12% with the
        other Responsible Authority agency."""
        rng, codes = self.rng, []
        housing = f"housing-{area.lower()}"
        if housing in self.world.agencies and rng.random() < 0.08:
            codes.append(housing)
        if area == "A" and rng.random() < 0.03:
            codes.append("children-a")
        if rng.random() < 0.12:
            other = "probation" if lead.startswith("police") else "police"
            codes.append(f"{other}-{area.lower()}")
        return codes

    def _share(self, case: Case, agency_code: str, actor: User) -> None:
        agency = self.world.agencies[agency_code]
        self.batch.shares.append(
            CaseShare(
                case_id=case.pk,
                agency_id=agency.pk,
                lawful_basis=LawfulBasis.CJA_2003_S325_4.value,
                reason=SHARE_REASON,
                granted_by_id=actor.pk,
                granted_at=self.now,
            )
        )
        self._event(
            actor,
            Operation.DISCLOSURE,
            "share_case",
            "case",
            case.pk,
            case.pk,
            case.person_id,
            {"agency": agency_code, "reason": SHARE_REASON},
            recipients=[agency_code],
        )

    def _event(
        self,
        actor: User,
        op: Operation,
        action: str,
        target_type: str,
        target_id: int,
        case_id: int,
        person_id: int,
        after: dict[str, object],
        recipients: list[str] | None = None,
    ) -> None:
        agency = actor.agency
        self.batch.events.append(
            AuditEvent(
                at=self.now,
                actor_id=actor.pk,
                actor_username=actor.username,
                actor_agency=agency.name if agency else "",
                actor_role=actor.role,
                operation=op.value,
                action=action,
                target_type=target_type,
                target_id=str(target_id),
                case_id=case_id,
                person_id=person_id,
                legal_basis=LawfulBasis.CJA_2003_S325_4.value if recipients else "",
                recipients=recipients or [],
                after=after,
                channel="cli",
                request_id=self.request_id,
            )
        )

    def flush(self) -> int:
        """Write the batch in one transaction, appending its audit rows to the hash chain."""
        b, rows = self.batch, self.batch.rows()
        with transaction.atomic():
            for model, objs in [
                (Person, b.persons),
                (PersonName, b.names),
                (NameKey, b.tokens),
                (Identifier, b.identifiers),
                (Address, b.addresses),
                (Conviction, b.convictions),
                (Case, b.cases),
                (CaseShare, b.shares),
            ]:
                model.objects.bulk_create(objs, batch_size=BATCH)  # type: ignore[attr-defined]
            head = AuditChainHead.objects.select_for_update().get(pk=1)
            seq, last = head.seq, head.last_hash
            for ev in b.events:
                seq += 1
                ev.seq, ev.prev_hash = seq, last
                ev.hash = last = chain_hash(last, ev.hashed_content())
            AuditEvent.objects.bulk_create(b.events, batch_size=BATCH)
            AuditChainHead.objects.filter(pk=1).update(seq=seq, last_hash=last)
        self.batch = Batch()
        return rows


def _reset_sequences() -> None:
    """Explicit ids were used for people and cases; move the id sequences past them."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Person, Case]):
            cursor.execute(statement)


def load(world: World, *, people: int, seed: int, progress: Progress | None = None) -> LoadStats:
    """Add synthetic people (each with one case) until the register holds ``people``."""
    existing = Person.objects.count()
    if existing >= people:
        return LoadStats(0, 0, 0.0)
    first_person = (Person.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    first_case = (Case.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    loader = Loader(world, seed, first_person, first_case)
    started, rows = time.monotonic(), 0
    for index in range(existing, people):
        if not loader.batch.persons:
            loader.request_id = f"bench-load-{index // BATCH:05d}"
        loader.add(index)
        if len(loader.batch.persons) >= BATCH:
            rows += loader.flush()
            if progress:
                progress(index + 1 - existing, people - existing, time.monotonic() - started)
    if loader.batch.persons:
        rows += loader.flush()
    _reset_sequences()
    if progress:
        progress(people - existing, people - existing, time.monotonic() - started)
    return LoadStats(people - existing, rows, time.monotonic() - started)
