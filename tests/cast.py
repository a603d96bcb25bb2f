"""The standard cast of users and the cases they can and cannot see; every URL is tested
against all of them.

| user | role | agency | sees |
|---|---|---|---|
| coordinator | MAPPA co-ordinator, area A | mappa-a | every area A case |
| police | police offender manager | police-a | cases police-a leads |
| probation | probation officer | probation-a | cases probation-a leads |
| housing | housing officer | housing-a | only cases shared with housing-a |
| outsider | police officer, area B | police-b | area B cases police-b leads |
| auditor | auditor | oversight | no case; the audit trail |
| admin | administrator | oversight | no case; users and reference data |
| anonymous | not logged in | | nothing (redirect to login / 401) |
"""

from __future__ import annotations

from dataclasses import dataclass

from fourpillars import demo
from fourpillars.accounts.models import User
from fourpillars.register.models import Case
from fourpillars.services import cases as case_services

PASSWORD = "correct-horse-battery-staple"
CAST_NAMES = ["coordinator", "police", "probation", "housing", "outsider", "auditor", "admin"]
EVERYONE = [*CAST_NAMES, "anonymous"]
# The World's three cases, by attribute, and the cast member whose agency leads each.
CASES = ["police_case", "shared_case", "other_area_case"]
LEADS = {"police_case": "police", "shared_case": "probation", "other_area_case": "outsider"}


def person_data(family: str = "Kowalski", given: str = "Jan", **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "names": [{"kind": "primary", "family_name": family, "given_names": given}],
        "date_of_birth": "1980-05-17",
        "sex": "male",
        "nationalities": ["PL"],
        "identifiers": [],
        "addresses": [
            {
                "line1": "1 Test Street",
                "town": "Northtown",
                "postcode": "NT1 1AA",
                "from_date": "2024-01-01",
            }
        ],
        "convictions": [
            {
                "date": "2015-03-02",
                "court": "Northtown Crown Court",
                "offence_text": "Sexual assault",
                "ecris_code": "1003 00",
                "completion": "C",
                "participation": "M",
                "sentence": "36 months' imprisonment",
            }
        ],
    }
    data.update(extra)
    return data


def case_data(lead: str, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "category": 1,
        "level": 1,
        "start_date": "2025-06-01",
        "disposal": "custody",
        "disposal_date": "2015-03-02",
        "custody_months": 36,
        "lead_agency": lead,
    }
    data.update(extra)
    return data


@dataclass
class World:
    users: dict[str, User]
    police_case: Case  # area A, police-a leads
    shared_case: Case  # area A, probation-a leads, shared with housing-a
    other_area_case: Case  # area B, police-b leads

    def user(self, name: str) -> User | None:
        return None if name == "anonymous" else self.users[name]

    @property
    def visible(self) -> dict[str, set[int]]:
        """Which of the three cases each member of the cast may see (the policy, spelt out)."""
        p, s, o = self.police_case.pk, self.shared_case.pk, self.other_area_case.pk
        return {
            "coordinator": {p, s},
            "police": {p},
            "probation": {s},
            "housing": {s},
            "outsider": {o},
            "auditor": set(),
            "admin": set(),
            "anonymous": set(),
        }


def build_world(users: dict[str, User] | None = None) -> World:
    """The three cases, registered and shared by the cast (``users``, by cast name: the demo's
    standard cast unless given, as tests/web/reachable.py gives it renamed)."""
    users = users if users is not None else demo.ensure_world(PASSWORD)
    police_case = case_services.register_case(
        actor=users["police"], person=person_data("Kowalski", "Jan"), case=case_data("police-a")
    )
    shared_case = case_services.register_case(
        actor=users["probation"],
        person=person_data(
            "Papadopoulos",
            "Nikos",
            nationalities=["GR"],
            names=[{"kind": "primary", "family_name": "Παπαδόπουλος", "given_names": "Νίκος"}],
        ),
        case=case_data("probation-a", category=2, level=2, disposal="custody"),
    )
    case_services.share_case(
        actor=users["probation"],
        case_id=shared_case.pk,
        agency="housing-a",
        lawful_basis="cja2003_s325_4",
        reason="Housing placement",
    )
    other = case_services.register_case(
        actor=users["outsider"],
        person=person_data("Smith", "John", nationalities=["GB"]),
        case=case_data("police-b"),
    )
    return World(users, police_case, shared_case, other)
