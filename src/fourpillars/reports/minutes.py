"""The minutes of one case at a Level 2 or 3 meeting as PDF, on the MAPPA B headings
([MAPPA-G] ch.14), with the classification, the case reference and "Page N of M" on every
page (``common.render``).

Meeting details (kind, date, venue, chair, agenda version), attendance and apologies, the
headings' text, each agency's contribution, the decisions (level, plan agreed, disclosure,
dissent), the actions agreed with owners and dates (and the plan version they went into),
the next review, and approval and circulation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.platypus import Flowable, Spacer

from fourpillars.domain import meetings as rules
from fourpillars.domain import plans as plan_rules
from fourpillars.reports.common import day, moment, para, render, styles
from fourpillars.services.accounts import agency_names

if TYPE_CHECKING:
    from fourpillars.accounts.models import User
    from fourpillars.services.meetings import ItemView


def person(user: User | None) -> str:
    if user is None:
        return "-"
    return user.get_full_name() or user.get_username()


def _outcome(outcome: dict[str, Any] | None, level: int) -> str:
    if not outcome:
        return "Not recorded."
    kind = rules.Outcome(outcome["outcome"])
    text = kind.label
    if kind is rules.Outcome.CHANGE:
        text += f" to level {outcome['level']}"
    if kind is rules.Outcome.CONFIRM:
        text += f" at level {level}"
    if kind is rules.Outcome.EXIT:
        text += f": {rules.ExitReason(outcome['exit_reason']).label.lower()}"
    return f"{text}. {outcome.get('reason', '')}"


def minutes_pdf(view: ItemView) -> bytes:
    """The PDF of one case's minutes, from what ``services.meetings.export_minutes`` read."""
    st = styles()
    p = para
    meeting, case, minutes = view.meeting, view.case, view.minutes
    assert minutes is not None
    content = minutes.content
    kind = rules.MeetingKind(meeting.kind).label
    agencies = agency_names()  # minutes hold agency codes; the page says the agency's name
    story: list[Flowable] = [
        p(f"MAPPA meeting minutes: {case.reference}", st.h1),
        p(
            f"{kind}, {moment(meeting.starts_at)} | "
            f"{meeting.venue or 'Video meeting'} | chair {person(meeting.chair)} | "
            f"agenda {meeting.agenda_version} | minutes {minutes.template_version} | "
            f"status {rules.MinutesStatus(minutes.status).label.lower()}",
            st.body,
        ),
        p("1. Category and level", st.h2),
        p(f"MAPPA category {case.category}, level {view.item.level} at the meeting.", st.body),
        p(f"{case.person.display_name}", st.body),
        p("Attendance and apologies", st.h2),
    ]
    for inv in view.meeting.invitations.select_related("agency"):
        names = f" ({inv.attendees})" if inv.attendees else ""
        story.append(
            p(f"{inv.agency.name}: {rules.Attendance(inv.attendance).label}{names}", st.small)
        )
    headings = content.get("headings") or {}
    for h in rules.HEADINGS:
        if h.slug == "category_level" and not headings.get(h.slug):
            continue
        story.append(p(h.title, st.h2))
        story.append(p(headings.get(h.slug) or "Nothing recorded.", st.body))
    story.append(p("Information from each agency", st.h2))
    for c in view.contributions:
        story.append(p(f"{c.agency.name}, {person(c.author)}, {moment(c.created_at)}:", st.label))
        story.append(p(c.text, st.small))
    if not view.contributions:
        story.append(p("No contribution recorded.", st.body))
    story.append(p("Level decision", st.h2))
    story.append(p(_outcome(content.get("outcome"), view.item.level), st.body))
    plan = content.get("plan") or {}
    story.append(p("Risk management plan agreed", st.h2))
    agreed = f"Version {plan['number']}. " if plan.get("number") else ""
    story.append(p(agreed + str(plan.get("note") or ""), st.body))
    story.append(p("Actions agreed", st.h2))
    for a in minutes.actions:
        into = f" (plan action {a['plan_action']})" if a.get("plan_action") else ""
        story.append(
            p(
                f"{a['id']}{into}: {plan_rules.PILLARS.get(a['pillar'], a['pillar'])}: "
                f"{a['text']}. Owner: {a['owner_name']}, "
                f"{agencies.get(a['owner_agency'], a['owner_agency'])}; "
                f"due {day(a['due'])}",
                st.small,
            )
        )
    if not minutes.actions:
        story.append(p("No action agreed.", st.body))
    disclosure = content.get("disclosure") or {}
    story.append(p("Disclosure", st.h2))
    if disclosure:
        label = rules.DisclosureOutcome(disclosure["outcome"]).label
        story.append(p(f"{label}. {disclosure['detail']}", st.body))
    story.append(p("Dissent", st.h2))
    for d in content.get("dissent") or []:
        story.append(p(f"{agencies.get(d['agency'], d['agency'])}: {d['text']}", st.body))
    if not content.get("dissent"):
        story.append(p("No dissent recorded.", st.body))
    review = content.get("next_review") or {}
    story.append(p("Next review", st.h2))
    story.append(p(day(review.get("date"), "None: the case leaves level 2 and 3."), st.body))
    story.append(Spacer(1, 4))
    if minutes.approved_by_id:
        story.append(
            p(f"Approved by {person(minutes.approved_by)}, {moment(minutes.approved_at)}", st.body)
        )
    if minutes.circulated_at:
        to = ", ".join(agencies.get(c, c) for c in minutes.circulated_to)
        story.append(p(f"Circulated {moment(minutes.circulated_at)} to {to}", st.body))
    return render(
        story,
        title=f"Minutes {case.reference} {day(meeting.starts_at)}",
        subject="MAPPA meeting minutes",
        reference=case.reference,
    )
