"""Domain errors: every refusal names the field and the problem in plain English."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldError:
    """One problem with one field (the field is a dotted path such as ``identifiers.0.value``)."""

    field: str
    message: str


@dataclass
class DomainValidationError(Exception):
    """Input that breaks a rule; carries every field-level problem found, not just the first."""

    errors: list[FieldError] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.summary())

    @classmethod
    def single(cls, field_name: str, message: str) -> DomainValidationError:
        return cls([FieldError(field_name, message)])

    def summary(self) -> str:
        return "; ".join(f"{e.field}: {e.message}" for e in self.errors)

    def prefixed(self, prefix: str) -> DomainValidationError:
        if not prefix:
            return self
        return DomainValidationError(
            [FieldError(f"{prefix}.{e.field}", e.message) for e in self.errors]
        )


class Collector:
    """Collects field errors so that a form can show all of them at once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field_name: str, message: str) -> None:
        self.errors.append(FieldError(field_name, message))

    def extend(self, errors: Iterable[FieldError]) -> None:
        self.errors.extend(errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise DomainValidationError(list(self.errors))


class IllegalTransition(Exception):
    """A state change that the rules do not allow from the current state."""


@dataclass
class EditConflict(Exception):
    """Optimistic-lock failure: someone else saved the record first; names what changed."""

    changed_fields: list[str]
    current_version: int

    def __post_init__(self) -> None:
        super().__init__(self.message())

    def message(self) -> str:
        changed = ", ".join(self.changed_fields) or "the record"
        return (
            f"Someone else saved this record while you were editing it (changed: {changed}). "
            "Your changes were not saved; review the current values and try again."
        )
