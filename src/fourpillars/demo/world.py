"""Synthetic demo world: two areas, their agencies, the standard cast of users, and people
from several European locales (names in their own alphabets). No real personal data.

The seeded assessments and plans are in ``demo/risk.py``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from faker import Faker

from fourpillars.accounts.models import Agency, Area, User
from fourpillars.domain.agencies import AgencyKind, LawfulBasis, Role
from fourpillars.domain.identifiers import IdentifierKind, pnc_check_letter
from fourpillars.domain.persons import NameKind
from fourpillars.services import cases as case_services

AREAS = [("A", "Area A (Northshire)"), ("B", "Area B (Southvale)")]
AGENCIES = [
    ("police-a", "Northshire Police", AgencyKind.POLICE, "A"),
    ("probation-a", "Probation Service, Northshire", AgencyKind.PROBATION, "A"),
    ("prison-a", "HMP Northshire", AgencyKind.PRISON, "A"),
    ("housing-a", "Northshire Council Housing", AgencyKind.HOUSING_AUTHORITY, "A"),
    ("children-a", "Northshire Children's Services", AgencyKind.LOCAL_AUTHORITY_SOCIAL_CARE, "A"),
    ("mappa-a", "Northshire MAPPA Unit", AgencyKind.MAPPA_UNIT, "A"),
    ("police-b", "Southvale Police", AgencyKind.POLICE, "B"),
    ("probation-b", "Probation Service, Southvale", AgencyKind.PROBATION, "B"),
    ("mappa-b", "Southvale MAPPA Unit", AgencyKind.MAPPA_UNIT, "B"),
    ("oversight", "Four Pillars Oversight", AgencyKind.OVERSIGHT, None),
]
CAST = [
    ("coordinator", Role.COORDINATOR, "mappa-a", "Clara", "Coordinator"),
    ("police", Role.POLICE_OFFENDER_MANAGER, "police-a", "Pat", "Police"),
    ("probation", Role.PROBATION_OFFICER, "probation-a", "Priya", "Probation"),
    ("housing", Role.HOUSING_OFFICER, "housing-a", "Hal", "Housing"),
    ("outsider", Role.POLICE_OFFENDER_MANAGER, "police-b", "Olu", "Outsider"),
    ("auditor", Role.AUDITOR, "oversight", "Aud", "Auditor"),
    ("admin", Role.ADMINISTRATOR, "oversight", "Ada", "Admin"),
]
LOCALES = ["en_GB", "en_GB", "en_GB", "en_GB", "pl_PL", "lt_LT", "ro_RO", "nl_NL", "el_GR", "bg_BG"]
COUNTRY = {
    "en_GB": "GB",
    "pl_PL": "PL",
    "lt_LT": "LT",
    "ro_RO": "RO",
    "nl_NL": "NL",
    "el_GR": "GR",
    "bg_BG": "BG",
}
SEXUAL_OFFENCES = [
    ("Sexual assault", "1003 00"),
    ("Rape", "1001 00"),
    ("Making indecent images of children", "1009 00"),
    ("Sexual assault of a child under 13", "1011 00"),
    ("Exposure", "1005 00"),
]
VIOLENT_OFFENCES = [
    ("Wounding with intent (s.18)", "0809 00"),
    ("Manslaughter", "0803 00"),
    ("Robbery with violence", "0800 00"),
    ("Attempted murder", "0801 00"),
]


def ensure_world(password: str) -> dict[str, User]:
    """Create, idempotently, the areas, agencies and standard cast; returns users by name."""
    with transaction.atomic():
        areas = {
            code: Area.objects.get_or_create(code=code, defaults={"name": name})[0]
            for code, name in AREAS
        }
        for code, name, kind, area in AGENCIES:
            Agency.objects.get_or_create(
                code=code,
                defaults={"name": name, "kind": kind.value, "area": areas[area] if area else None},
            )
        users: dict[str, User] = {}
        for username, role, agency_code, first, last in CAST:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username=username,
                    password=password,
                    role=role.value,
                    agency=Agency.objects.get(code=agency_code),
                    first_name=first,
                    last_name=last,
                    email=demo_email(username, agency_code),
                    two_factor_exempt=True,
                )
            else:
                _keep_login(user, password)
            users[username] = user
        return users


def demo_email(username: str, agency_code: str = "") -> str:
    """A synthetic work address for the console e-mail of the demo (reserved domains, RFC 2606:
    it reaches nobody)."""
    return f"{username}@{agency_code}.example" if agency_code else f"{username}@example.org"


def _keep_login(user: User, password: str) -> None:
    """An existing demo user keeps the demo password, signs in with it alone (the synthetic
    cast is exempt from two factors: decision 0028) and gets an e-mail address if it has
    none."""
    changed = []
    if not user.two_factor_exempt:
        user.two_factor_exempt = True
        changed.append("two_factor_exempt")
    if not user.check_password(password):
        user.set_password(password)
        changed.append("password")
    if not user.email:
        user.email = demo_email(user.username, user.agency.code if user.agency else "")
        changed.append("email")
    if changed:
        user.save(update_fields=changed)


@dataclass
class Draft:
    person: dict[str, object]
    case: dict[str, object]
    lead: str
    share_housing: bool


def _pnc(rng: random.Random, year: int) -> str:
    serial = f"{rng.randint(1, 9_999_999):07d}"
    return f"{year}/{serial}{pnc_check_letter(str(year)[2:], serial)}"


def category_level(rng: random.Random) -> tuple[int, int]:
    """Roughly the national picture: most cases category 1 at level 1; few at 2 and 3."""
    cat = rng.choices([1, 2, 3, 4], weights=[70, 26, 3, 1])[0]
    level = rng.choices([1, 2, 3], weights=[93, 6, 1])[0]
    if cat == 3 and level == 1:
        level = 2
    return cat, level


def draft_person(rng: random.Random, fakers: dict[str, Faker], index: int, today: dt.date) -> Draft:
    locale = LOCALES[index % len(LOCALES)] if index < len(LOCALES) else rng.choice(LOCALES)
    fk = fakers[locale]
    male = rng.random() < 0.93
    given = fk.first_name_male() if male else fk.first_name_female()
    family = fk.last_name_male() if male and hasattr(fk, "last_name_male") else fk.last_name()
    dob = today - dt.timedelta(days=rng.randint(19 * 365, 75 * 365))
    cat, level = category_level(rng)
    offences = (
        SEXUAL_OFFENCES
        if cat == 1
        else VIOLENT_OFFENCES
        if cat == 2
        else SEXUAL_OFFENCES + VIOLENT_OFFENCES
    )
    offence, code = rng.choice(offences)
    conv_date = dob + dt.timedelta(days=rng.randint(18 * 365, (today - dob).days - 30))
    months = rng.choice([4, 9, 18, 24, 36, 60, 96])
    country = COUNTRY[locale]
    identifiers = [{"kind": IdentifierKind.PNC, "value": _pnc(rng, max(conv_date.year, 2001))}]
    if country != "GB":
        identifiers.append(
            {
                "kind": IdentifierKind.PASSPORT,
                "country": country,
                "value": f"{country}{rng.randint(1_000_000, 9_999_999)}",
            }
        )
    names = [{"kind": NameKind.PRIMARY, "family_name": family, "given_names": given}]
    if rng.random() < 0.25:
        names.append({"kind": NameKind.ALIAS, "family_name": fk.last_name(), "given_names": given})
    start = max(conv_date, today - dt.timedelta(days=rng.randint(30, 2000)))
    person: dict[str, object] = {
        "names": names,
        "date_of_birth": dob.isoformat(),
        "sex": "male" if male else "female",
        "nationalities": [country],
        "identifiers": identifiers,
        "addresses": [
            {
                "line1": fakers["en_GB"].street_address().replace("\n", ", "),
                "town": fakers["en_GB"].city(),
                "postcode": fakers["en_GB"].postcode(),
                "country": "GB",
                "from_date": start.isoformat(),
            }
        ],
        "convictions": [
            {
                "date": conv_date.isoformat(),
                "court": "Crown Court",
                "country": "GB",
                "offence_text": offence,
                "ecris_code": code,
                "completion": "C",
                "participation": "M",
                "sentence": f"{months} months' imprisonment",
            }
        ],
    }
    case = {
        "category": cat,
        "level": level,
        "start_date": start.isoformat(),
        "disposal": "custody",
        "disposal_date": conv_date.isoformat(),
        "custody_months": months,
    }
    area = "A" if rng.random() < 0.8 else "B"
    lead = f"{'police' if cat == 1 else 'probation'}-{area.lower()}"
    return Draft(person, case, lead, area == "A" and (index == 0 or rng.random() < 0.08))


def seed_people(
    *, count: int, seed: int, users: dict[str, User], progress: Callable[[int], None] | None = None
) -> int:
    """Create synthetic cases until ``count`` exist; returns how many were added."""
    from fourpillars.register.models import Case

    existing = Case.objects.count()
    if existing >= count:
        return 0
    rng = random.Random(seed * 1_000_003 + existing)
    fakers = {loc: Faker(loc) for loc in set(LOCALES)}
    for i, fk in enumerate(fakers.values()):
        fk.seed_instance(seed * 31 + existing + i)
    today = timezone.localdate()
    coordinators = {"A": users["coordinator"]}
    added = 0
    for index in range(existing, count):
        draft = draft_person(rng, fakers, index, today)
        actor = coordinators.get(draft.lead[-1].upper()) or _area_actor(draft.lead)
        draft.case["lead_agency"] = draft.lead
        case = case_services.register_case(actor=actor, person=draft.person, case=draft.case)
        if draft.share_housing:
            case_services.share_case(
                actor=actor,
                case_id=case.pk,
                agency="housing-a",
                lawful_basis=LawfulBasis.CJA_2003_S325_4.value,
                reason="Housing placement and tenancy risk management",
            )
        added += 1
        if progress and added % 50 == 0:
            progress(added)
    return added


def _area_actor(lead: str) -> User:
    """A case manager of the lead agency in area B, created on first need."""
    agency = Agency.objects.get(code=lead)
    user, _ = User.objects.get_or_create(
        username=f"seed-{lead}",
        defaults={
            "role": Role.PROBATION_OFFICER.value
            if "probation" in lead
            else Role.POLICE_OFFENDER_MANAGER.value,
            "agency": agency,
            "is_active": False,
        },
    )
    return user


MANAGERS = [
    ("police-manager", Role.POLICE_OFFENDER_MANAGER, "police-a", "Morgan", "Manager"),
    ("probation-manager", Role.PROBATION_OFFICER, "probation-a", "Mo", "Manager"),
]
# Area B's MAPPA co-ordinator (not part of the standard cast): decides transfers into area B and
# sees area B's side of a possible duplicate (decision 0018).
COORDINATORS = [("coordinator-b", Role.COORDINATOR, "mappa-b", "Bea", "Coordinator")]


def ensure_coordinators(password: str) -> dict[str, User]:
    """Area B's co-ordinator, created once (the cast's ``coordinator`` is area A's)."""
    users: dict[str, User] = {}
    with transaction.atomic():
        for username, role, agency_code, first, last in COORDINATORS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username=username,
                    password=password,
                    role=role.value,
                    agency=Agency.objects.get(code=agency_code),
                    first_name=first,
                    last_name=last,
                    email=demo_email(username, agency_code),
                    two_factor_exempt=True,
                )
            else:
                _keep_login(user, password)
            users[username] = user
    return users


def ensure_managers(password: str) -> dict[str, User]:
    """Line managers who may countersign assessments (not part of the standard cast)."""
    users: dict[str, User] = {}
    with transaction.atomic():
        for username, role, agency_code, first, last in MANAGERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username=username,
                    password=password,
                    role=role.value,
                    agency=Agency.objects.get(code=agency_code),
                    first_name=first,
                    last_name=last,
                    is_manager=True,
                    email=demo_email(username, agency_code),
                    two_factor_exempt=True,
                )
            else:
                _keep_login(user, password)
            users[username] = user
    return users
