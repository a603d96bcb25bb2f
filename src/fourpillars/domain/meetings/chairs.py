"""Who may chair a Level 2 or 3 meeting ([MAPPA-G] ch.13a; HMICFRS glossary [C]).

A senior police or probation representative chairs; the seniority required rises with the
level: a manager (inspector or equivalent) for Level 2, a senior manager (superintendent or
equivalent) for Level 3. Kept as versioned data, since areas set their own grades.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from ..agencies import AgencyKind
from ..errors import DomainValidationError
from ..mappa import MappaLevel


class Seniority(IntEnum):
    """A chair's grade, held as data beside the user (``meetings.ChairGrade``)."""

    NONE = 0
    MANAGER = 1  # inspector or equivalent
    SENIOR = 2  # superintendent or equivalent


SENIORITY_LABELS: dict[Seniority, str] = {
    Seniority.NONE: "Not a chair",
    Seniority.MANAGER: "Manager (inspector or equivalent)",
    Seniority.SENIOR: "Senior manager (superintendent or equivalent)",
}


@dataclass(frozen=True)
class ChairPolicy:
    """The grade each level needs and the agencies that chair ([MAPPA-G] ch.13a [C])."""

    version: str
    needs: dict[int, Seniority]
    chairing_kinds: frozenset[AgencyKind]

    def required(self, level: int) -> Seniority:
        return self.needs.get(int(level), Seniority.SENIOR)


CHAIR_POLICY = ChairPolicy(
    version="mappa-chair-2026.1",
    needs={2: Seniority.MANAGER, 3: Seniority.SENIOR},
    chairing_kinds=frozenset({AgencyKind.POLICE, AgencyKind.PROBATION}),
)


def panel_level(levels: list[int]) -> MappaLevel:
    """A panel is chaired for its highest level (a Level 3 case needs a senior chair)."""
    return MappaLevel(max(levels))


def check_chair(
    grade: Seniority, agency_kind: AgencyKind | None, level: int, policy: ChairPolicy = CHAIR_POLICY
) -> None:
    """[MAPPA-G] ch.13a: refuse a chair of the wrong agency or too junior for ``level``."""
    if agency_kind not in policy.chairing_kinds:
        raise DomainValidationError.single(
            "chair", "the chair must be a police or probation representative"
        )
    need = policy.required(level)
    if grade < need:
        raise DomainValidationError.single(
            "chair",
            f"a level {int(level)} meeting needs a chair of grade "
            f"{SENIORITY_LABELS[need].lower()} ({policy.version})",
        )
