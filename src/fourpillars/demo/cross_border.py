"""Synthetic people who appear in two of the demo's nodes (decision 0020, "The demo's people in
two nodes"), so that every exchange between the United Kingdom, the Netherlands and Latvia can
be tried in the browser: the same names, date of birth and passport on each node where the
person appears, each node holding its own case and its own country's conviction.

The names are fictional on purpose ("Voorbeeld" is Dutch, "Paraugs" Latvian and "Образцов"
Russian for "example"); two are in Latvian spelling with diacritics and one in Cyrillic, so that
matching across alphabets can be seen. No real personal data. A second run adds nothing: a
person is found by their passport before anything is made.

Jan Voorbeeld is the demo's registered sex offender who travels: on the United Kingdom's node
``demo/soa.py`` records his trip to the Netherlands, which proposes a risk notification waiting
for a manager's decision; once approved and sent, the Dutch co-ordinator finds him among the
candidates. The Netherlands (or Latvia) can ask the United Kingdom for his record, and the
United Kingdom's operator answers with his British conviction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from fourpillars.accounts.models import User
from fourpillars.domain.identifiers import IdentifierKind
from fourpillars.domain.persons import NameKind
from fourpillars.register.models import Case, Identifier
from fourpillars.services import cases as case_services

from .risk import assess_case


@dataclass(frozen=True)
class Conviction:
    date: str
    court: str
    offence_text: str
    ecris_code: str
    sentence: str


@dataclass(frozen=True)
class TwoNodePerson:
    """One fictional person and, per node where they appear, that node's conviction."""

    given_names: str
    family_name: str
    date_of_birth: str
    sex: str
    nationality: str
    passport: str
    convictions: dict[str, Conviction]  # node country -> the conviction handed down there
    category: int = 1
    level: int = 1
    written_at: dict[str, tuple[str, str]] = field(default_factory=dict)  # node -> given, family


PEOPLE = [
    TwoNodePerson(
        "Jan",
        "Voorbeeld",
        "1979-04-12",
        "male",
        "NL",
        "NLDEMO0001",
        {
            "GB": Conviction(
                "2019-06-03",
                "Crown Court at Northshire",
                "Sexual assault",
                "1003 00",
                "30 months' imprisonment",
            ),
            "NL": Conviction(
                "2012-02-20",
                "Rechtbank Amsterdam",
                "Aanranding (sexual assault)",
                "1003 00",
                "8 months' imprisonment",
            ),
        },
        level=2,  # high RoSH to children: a level 2 criterion
    ),
    TwoNodePerson(
        "Pēteris",
        "Paraugs",
        "1985-11-30",
        "male",
        "LV",
        "LVDEMO0002",
        {
            "GB": Conviction(
                "2021-09-14",
                "Crown Court at Northshire",
                "Rape",
                "1001 00",
                "72 months' imprisonment",
            ),
            "LV": Conviction(
                "2014-05-08",
                "Rīgas pilsētas tiesa",
                "Izvarošana (rape)",
                "1001 00",
                "36 months' imprisonment",
            ),
        },
    ),
    TwoNodePerson(
        "Līga",
        "Parauga",
        "1990-01-17",
        "female",
        "LV",
        "LVDEMO0003",
        {
            "GB": Conviction(
                "2022-03-01",
                "Crown Court at Southvale",
                "Wounding with intent (s.18)",
                "0809 00",
                "48 months' imprisonment",
            ),
            "LV": Conviction(
                "2016-10-12",
                "Kurzemes rajona tiesa",
                "Smags miesas bojājums (grievous bodily harm)",
                "0809 00",
                "24 months' imprisonment",
            ),
        },
        category=2,
    ),
    TwoNodePerson(
        "Иван",
        "Образцов",
        "1972-07-05",
        "male",
        "LV",
        "LVDEMO0004",
        {
            "GB": Conviction(
                "2020-12-02",
                "Crown Court at Northshire",
                "Making indecent images of children",
                "1009 00",
                "24 months' imprisonment",
            ),
            "LV": Conviction(
                "2017-04-25",
                "Rīgas pilsētas tiesa",
                "Bērnu pornogrāfija (child sexual abuse material)",
                "1009 00",
                "12 months' imprisonment",
            ),
        },
        # Latvia writes his name in Latvian spelling; the United Kingdom as his passport's
        # Cyrillic: matching transliterates (decision 0023).
        written_at={"LV": ("Ivans", "Obrazcovs")},
    ),
]
TRAVELLER_PASSPORT = ("NLDEMO0001", "NL")  # Jan Voorbeeld: the trip to the Netherlands


def _person(p: TwoNodePerson, here: str) -> dict[str, object]:
    c = p.convictions[here]
    given, family = p.written_at.get(here, (p.given_names, p.family_name))
    return {
        "names": [{"kind": NameKind.PRIMARY, "family_name": family, "given_names": given}],
        "date_of_birth": p.date_of_birth,
        "sex": p.sex,
        "nationalities": [p.nationality],
        "identifiers": [
            {"kind": IdentifierKind.PASSPORT, "country": p.nationality, "value": p.passport}
        ],
        "convictions": [
            {
                "date": c.date,
                "court": c.court,
                "country": here,
                "offence_text": c.offence_text,
                "ecris_code": c.ecris_code,
                "completion": "C",
                "participation": "M",
                "sentence": c.sentence,
            }
        ],
    }


def _case(p: TwoNodePerson, here: str) -> dict[str, object]:
    c = p.convictions[here]
    months = int(c.sentence.split()[0])
    released = dt.date.fromisoformat(c.date) + dt.timedelta(days=months * 30 // 2)
    return {
        "category": p.category,
        "level": p.level,
        "start_date": min(released, timezone.localdate()).isoformat(),
        "disposal": "custody",
        "disposal_date": c.date,
        "custody_months": months,
        "lead_agency": "police-a" if p.category == 1 else "probation-a",
    }


def seed_two_node_people(users: dict[str, User], managers: dict[str, User]) -> int:
    """The people of ``PEOPLE`` who appear in this node (``FOURPILLARS_NODE_COUNTRY``), each
    registered once with a case in area A; returns how many were added. The traveller, where
    he may travel from, gets a countersigned RoSH assessment (high to children in the
    community): a risk notification is sent only with one in force (decision 0022)."""
    here = settings.FOURPILLARS_NODE_COUNTRY
    added = 0
    for p in PEOPLE:
        if here not in p.convictions:
            continue
        known = Identifier.objects.filter(
            kind=IdentifierKind.PASSPORT.value, value=p.passport, country=p.nationality
        )
        if known.exists():
            continue
        case = case_services.register_case(
            actor=users["coordinator"], person=_person(p, here), case=_case(p, here)
        )
        if (p.passport, p.nationality) == TRAVELLER_PASSPORT and here != "NL":
            case = Case.objects.select_related("lead_agency").get(pk=case.pk)
            assess_case(
                case, users["police"], managers.get("police-manager"), "high", countersign=True
            )
        added += 1
    return added


def traveller_case() -> Case | None:
    """The case of the person whose trip to the Netherlands the demo records, if seeded here
    (not on the Dutch node: nobody travels to their own country)."""
    if settings.FOURPILLARS_NODE_COUNTRY == "NL":
        return None
    passport, country = TRAVELLER_PASSPORT
    return (
        Case.objects.filter(
            person__identifiers__kind=IdentifierKind.PASSPORT.value,
            person__identifiers__value=passport,
            person__identifiers__country=country,
        )
        .order_by("id")
        .first()
    )


def trip_case(cases: list[Case]) -> Case | None:
    """Whose trip to the Netherlands the demo records: the person the Dutch node knows too,
    else the first of ``cases``; nobody's on the Dutch node itself."""
    if settings.FOURPILLARS_NODE_COUNTRY == "NL":
        return None
    return traveller_case() or (cases[0] if cases else None)


def appearances() -> dict[str, list[str]]:
    """Node country -> the names of the demo people it shares with another node (the banner)."""
    shown: dict[str, list[str]] = {}
    for p in PEOPLE:
        for cc in p.convictions:
            others = ", ".join(o for o in p.convictions if o != cc)
            given, family = p.written_at.get(cc, (p.given_names, p.family_name))
            travels = (
                "; his trip to NL waits for a decision"
                if cc == "GB" and (p.passport, p.nationality) == TRAVELLER_PASSPORT
                else ""
            )
            shown.setdefault(cc, []).append(f"{given} {family} (also in {others}{travels})")
    return shown
