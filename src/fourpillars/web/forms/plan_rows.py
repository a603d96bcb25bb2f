"""The shapes the plan builder renders: rows of actions, victims and contingencies, and the
owner agency select (agencies holding access to the case first)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .ui import UiField


@dataclass(frozen=True)
class AgencyChoice:
    code: str
    name: str


@dataclass
class AgencyField(UiField):
    """The owner agency: agencies holding access to the case first, then the others
    (choosing one of those is allowed: the quality check reports it)."""

    with_access: list[AgencyChoice] = field(default_factory=list)
    others: list[AgencyChoice] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return not self.value or any(
            a.code == self.value for a in [*self.with_access, *self.others]
        )


@dataclass
class ActionRow:
    number: int
    ident: str
    pillar: str
    blank: bool
    id_field: UiField
    pillar_field: UiField
    text: UiField
    addresses: UiField
    protects: UiField | None
    owner_agency: AgencyField
    owner_name: UiField
    frequency: UiField
    due: UiField
    start: UiField
    end: UiField
    restrictive: UiField
    legal_basis: UiField
    proportionality: UiField

    @property
    def prefix(self) -> str:
        return f"actions.{self.number - 1}"

    @property
    def dom(self) -> str:
        return f"actions-{self.number - 1}"

    @property
    def fields(self) -> list[UiField]:
        out: list[UiField] = [self.pillar_field, self.text, self.addresses]
        if self.protects is not None:
            out.append(self.protects)
        return [
            *out,
            self.owner_agency,
            self.owner_name,
            self.frequency,
            self.due,
            self.start,
            self.restrictive,
            *self.revealed,
        ]

    @property
    def revealed(self) -> list[UiField]:
        """What only a restrictive measure needs, revealed when it is ticked."""
        return [self.legal_basis, self.proportionality, self.end]


@dataclass
class VictimRow:
    number: int
    ident: str
    blank: bool
    fields: list[UiField]

    @property
    def prefix(self) -> str:
        return f"victims.{self.number - 1}"

    @property
    def dom(self) -> str:
        return f"victims-{self.number - 1}"


@dataclass
class ContingencyRow:
    number: int
    scenario: str
    anchor: str  # the first row for a scenario is where its findings link
    blank: bool
    scenario_field: UiField
    fields: list[UiField]  # warning signs, response, owner agency, within hours

    @property
    def prefix(self) -> str:
        return f"contingencies.{self.number - 1}"

    @property
    def dom(self) -> str:
        return f"contingencies-{self.number - 1}"


@dataclass
class SimpleRow:
    """A row of the information considered, or of who received the plan."""

    section: str  # information_considered | communicated
    number: int
    blank: bool
    fields: list[UiField]

    @property
    def prefix(self) -> str:
        return f"{self.section}.{self.number - 1}"

    @property
    def dom(self) -> str:
        return f"{self.section}-{self.number - 1}"


@dataclass
class PlanForm:
    version: UiField
    dates: list[UiField]
    pillars: list[tuple[str, str, list[ActionRow], UiField]]  # code, label, rows, reason
    victims: list[VictimRow]
    contingencies: list[ContingencyRow]
    information: list[SimpleRow] = field(default_factory=list)
    information_gaps: UiField | None = None
    communicated: list[SimpleRow] = field(default_factory=list)
    all_fields: list[UiField] = field(default_factory=list)


@dataclass(frozen=True)
class Assessment:
    """What the builder lists beside the actions: the assessment's identifiers and text."""

    risk_factors: list[dict[str, str]]
    protective_factors: list[dict[str, str]]
    scenarios: list[dict[str, str]]
