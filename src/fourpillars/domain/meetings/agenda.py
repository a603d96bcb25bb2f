"""The standard agenda of a Level 2 or 3 MAPPA meeting ([MAPPA-G] ch.13a; the 2012 meeting
audit form; [MAPPA-SCOT]).

Versioned data: an area that revises its agenda adds a version, and every meeting keeps the
version it was run on, so old minutes still read as they were written.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AgendaItem:
    """One item: a stable slug, its heading and what the chair covers under it."""

    slug: str
    title: str
    guidance: str


@dataclass(frozen=True)
class Agenda:
    version: str
    items: tuple[AgendaItem, ...]

    def item(self, slug: str) -> AgendaItem:
        return next(i for i in self.items if i.slug == slug)


# [MAPPA-G] ch.13a [C]: the ten steps of the audit form's agenda; the information exchange
# is one item per agency, and diversity has its own item as the brief asks.
STANDARD_AGENDA = Agenda(
    version="mappa-agenda-2026.1",
    items=(
        AgendaItem("introductions", "Introductions", "Who is present, for which agency."),
        AgendaItem(
            "confidentiality",
            "Confidentiality statement",
            "The confidentiality and diversity statement is read out or displayed.",
        ),
        AgendaItem("purpose", "Purpose of the meeting", "Why the meeting is held and its aims."),
        AgendaItem(
            "information",
            "Information from each agency",
            "Each invited agency gives what it knows of the person and the risk.",
        ),
        AgendaItem(
            "risk",
            "Risk assessment",
            "Victims and potential victims, diversity issues, all risk of serious harm factors.",
        ),
        AgendaItem("plan", "Risk management plan", "The plan agreed: its version and changes."),
        AgendaItem("actions", "Actions", "Each action with an owner and a date."),
        AgendaItem("diversity", "Diversity", "Diversity needs and how the plan meets them."),
        AgendaItem("disclosure", "Disclosure", "Whether disclosure was considered, and why."),
        AgendaItem("dissent", "Dissent", "Any agency that disagreed, and the decision taken."),
        AgendaItem("next_review", "Next review", "The date of the next review meeting."),
    ),
)
AGENDAS = {STANDARD_AGENDA.version: STANDARD_AGENDA}
