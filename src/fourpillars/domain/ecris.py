"""ECRIS common table of offence categories ([DEC-2009-316] Annex A, carried into
[DIR-2019-884]).

Codes are ``CCSS 00``; the national offence maps to the most specific code. Sub-codes of
08xx and 10xx were not read in the official table [M] and are marked unconfirmed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from .errors import DomainValidationError


class Completion(StrEnum):
    """Level of completion: C completed, A attempt or preparation; "" not transmitted."""

    COMPLETED = "C"
    ATTEMPT = "A"
    NOT_TRANSMITTED = ""


class Participation(StrEnum):
    """Level of participation: M perpetrator, H aider/abettor/instigator; "" not transmitted."""

    PERPETRATOR = "M"
    ACCESSORY = "H"
    NOT_TRANSMITTED = ""


@dataclass(frozen=True)
class OffenceCategory:
    code: str
    label: str
    confirmed: bool


_RAW: list[tuple[str, str, bool]] = [
    ("0100", "Crimes within the jurisdiction of the International Criminal Court", True),
    ("0101", "Genocide", True),
    ("0102", "Crimes against humanity", True),
    ("0103", "War crimes", True),
    ("0200", "Participation in a criminal organisation", True),
    ("0201", "Directing a criminal organisation", True),
    ("0202", "Knowingly taking part in the criminal activities of a criminal organisation", True),
    (
        "0203",
        "Knowingly taking part in the non-criminal activities of a criminal organisation",
        True,
    ),
    ("0300", "Terrorism", True),
    ("0301", "Directing a terrorist group", True),
    ("0302", "Knowingly participating in the activities of a terrorist group", True),
    ("0303", "Financing of terrorism", True),
    ("0304", "Public provocation to commit a terrorist offence", True),
    ("0305", "Recruitment or training for terrorism", True),
    ("0400", "Trafficking in human beings", True),
    ("0401", "Trafficking in human beings for labour or services exploitation", True),
    ("0402", "Trafficking in human beings for sexual exploitation", True),
    ("0403", "Trafficking in human beings for organ or human tissue removal", True),
    (
        "0404",
        "Trafficking in human beings for slavery, practices similar to slavery or servitude",
        True,
    ),
    ("0405", "Trafficking in human beings for labour or services exploitation of a minor", True),
    ("0406", "Trafficking in human beings for sexual exploitation of a minor", False),
    (
        "0500",
        "Illicit trafficking and other offences related to weapons, firearms, "
        "ammunition and explosives",
        False,
    ),
    ("0600", "Environmental crime", False),
    (
        "0700",
        "Offences related to drugs or precursors, and other offences against public health",
        False,
    ),
    ("0800", "Crimes against the person", False),
    ("0801", "Intentional killing", False),
    ("0802", "Aggravated cases of intentional killing", False),
    ("0803", "Unintentional killing", False),
    ("0809", "Causing grievous bodily injury, disfigurement or permanent disability", False),
    ("0814", "Torture", False),
    ("0900", "Offences against personal liberty, dignity and other protected interests", False),
    ("1000", "Sexual offences", False),
    ("1001", "Rape", False),
    ("1002", "Aggravated rape other than rape of a minor", False),
    ("1003", "Sexual assault", False),
    ("1004", "Procuring for prostitution or sexual act", False),
    ("1005", "Indecent exposure", False),
    ("1006", "Sexual harassment", False),
    ("1007", "Solicitation by prostitutes", False),
    ("1008", "Sexual exploitation of children", False),
    ("1009", "Offences related to child pornography or indecent images of minors", False),
    ("1010", "Rape of a minor", False),
    ("1011", "Sexual assault of a minor", False),
    ("1100", "Offences against family law", False),
    (
        "1200",
        "Offences against the State, public order, course of justice or public officials",
        False,
    ),
    ("1300", "Offences against public property or public interests", False),
    ("1400", "Economic and trade-related offences", False),
    ("1500", "Offences against property or causing damage to goods", False),
    ("1600", "Theft offences", False),
    ("1700", "Offences against information systems and other computer-related crime", False),
    ("1800", "Offences against traffic regulation", False),
    ("1900", "Offences against labour law", False),
    ("2000", "Offences against migration law", False),
    ("2100", "Offences against military obligations", False),
    ("2200", "Offences related to hormonal substances and other growth promoters", False),
    (
        "2300",
        "Offences related to nuclear materials or other hazardous radioactive substances",
        False,
    ),
    ("2400", "Other offences", False),
]

OFFENCE_CATEGORIES: dict[str, OffenceCategory] = {
    f"{c} 00": OffenceCategory(f"{c} 00", label, ok) for c, label, ok in _RAW
}
TABLE_VERSION = "ecris-2009-316-annex-a (08xx/10xx sub-codes [M])"

_CODE_RE = re.compile(r"^(\d{4})\s?(\d{2})$")


def normalise_code(code: str) -> OffenceCategory:
    """Accept ``1001 00``, ``100100`` or ``1001`` and return the table entry, or refuse."""
    raw = (code or "").strip()
    m = _CODE_RE.match(raw) if len(raw) > 4 else re.match(r"^(\d{4})$", raw)
    key = f"{m.group(1)} {m.group(2) if m.lastindex == 2 else '00'}" if m else ""
    if key not in OFFENCE_CATEGORIES:
        raise DomainValidationError.single(
            "ecris_code", f"unknown ECRIS offence category {code!r} (expected e.g. '1001 00')"
        )
    return OFFENCE_CATEGORIES[key]
