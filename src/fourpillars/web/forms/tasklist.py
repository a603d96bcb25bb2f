"""What the GOV.UK task list, summary card and check answers patterns render, shared by the RoSH
draft and the plan builder: a task with its status, a saved item as a card with Change and
Remove links, and a check-answers row with its Change link.

The status of a section is computed, never typed: from the document (has anything been entered)
and the problems the domain names for the section's fields (the RoSH submission problems, the
plan checker's findings).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


class Status(enum.StrEnum):
    NOT_STARTED = "Not yet started"
    IN_PROGRESS = "In progress"
    COMPLETED = "Completed"
    CANNOT_START = "Cannot start yet"


TAGS = {
    Status.NOT_STARTED: "govuk-tag--blue",
    Status.IN_PROGRESS: "govuk-tag--light-blue",
}


@dataclass(frozen=True)
class Task:
    slug: str
    title: str
    href: str
    status: Status
    hint: str = ""

    @property
    def tag(self) -> str:
        """The GOV.UK tag colour; completed and cannot-start statuses are plain text."""
        return TAGS.get(self.status, "")

    @property
    def linked(self) -> bool:
        return self.status != Status.CANNOT_START


def filled(value: object) -> bool:
    """Whether anything was entered: a non-empty text, a chosen yes (a default no is not an
    answer), a number, or a list or mapping holding any of these."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, Mapping):
        return any(filled(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(filled(v) for v in value)
    return value is not None


def status_of(started: bool, problems: int) -> Status:
    if not started:
        return Status.NOT_STARTED
    return Status.IN_PROGRESS if problems else Status.COMPLETED


def count_completed(tasks: Iterable[Task]) -> tuple[int, int]:
    shown = list(tasks)
    return sum(1 for t in shown if t.status == Status.COMPLETED), len(shown)


@dataclass(frozen=True)
class Row:
    """One summary list row: a key, its value (may hold several lines) and where to change it."""

    key: str
    value: str
    href: str = ""
    ref: str = ""  # a small identifier shown after the value (rf1, a2)


@dataclass
class Card:
    """A saved repeating item as a GOV.UK summary card."""

    title: str
    ref: str
    anchor: str
    rows: list[Row] = field(default_factory=list)
    change: str = ""
    remove: str = ""
    what: str = ""  # for the visually hidden part of the links: "risk factor rf1"


@dataclass
class Answers:
    """A section of a check answers page: its title, where to change it, and its rows or cards."""

    slug: str
    title: str
    href: str
    rows: list[Row] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    empty: str = ""
