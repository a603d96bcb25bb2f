"""The risk management plan as PDF, laid out like the MAPPA RMP (decision 0010).

Header (case, plan version and status, period, review date, assessment responded to), the
risk factors and scenarios it answers, the actions by pillar with what each addresses, owner,
frequency or date and status, victims and their protection, contingencies, restrictive
measures with legal basis and proportionality, the quality findings, and the decisions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from fourpillars.domain import plans as plan_rules
from fourpillars.domain import rosh
from fourpillars.reports.common import CLASSIFICATION, day, moment, para, render, styles

if TYPE_CHECKING:
    from fourpillars.services.plans import PlanForPrint


def _table(rows: list[list[Flowable]], widths: list[float]) -> Table:
    t = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")),
            ]
        )
    )
    return t


def plan_pdf(printed: PlanForPrint) -> bytes:
    """The PDF of one plan, from what ``services.plans.plan_for_print`` gathered."""
    st = styles()
    body, small, h1, h2, label = st.body, st.small, st.h1, st.h2, st.label
    p = para
    plan, doc, found = printed.plan, printed.document, printed.findings
    case = plan.case
    story: list[Flowable] = [
        p(f"Risk management plan: {case.reference}, version {plan.number}", h1),
        p(
            f"{case.person.display_name} | status {plan.status} | MAPPA category "
            f"{case.category}, level {case.level} | period {day(plan.period_start)} to "
            f"{day(plan.period_end)} | review by {day(plan.review_date)} | responds to "
            f"RoSH assessment {plan.assessment_id} "
            f"({plan_rules.AssessmentStanding.of(plan.assessment.is_current)})",
            body,
        ),
    ]
    if plan.approved_by_id:
        story.append(p(f"Approved by {plan.approved_by} on {day(plan.approved_at)}", body))
    ratings = doc["rosh"].get("community", {})
    story.append(
        p(
            "RoSH (community): "
            + ", ".join(
                f"{name}: {rosh.RATING_LABELS.get(ratings.get(code) or '', '-')}"
                for code, name in rosh.RISK_GROUPS["community"]
            ),
            body,
        )
    )
    story.append(p(rosh.ASSESSMENT_LABEL, label))

    story.append(p("Risk factors and scenarios this plan answers", h2))
    for f in doc["risk_factors"]:
        story.append(p(f"{f['id']} (risk): {f['text']}", small))
    for f in doc["protective_factors"]:
        story.append(p(f"{f['id']} (protective): {f['text']}", small))
    for s in doc["scenarios"]:
        story.append(
            p(
                f"{s['id']} ({rosh.SCENARIO_LABELS.get(s['kind'], s['kind'])}): {s['text'][:300]}",
                small,
            )
        )

    for code, name in plan_rules.PILLAR_LABELS.items():
        story.append(p(name, h2))
        actions = [a for a in doc["actions"] if a["pillar"] == code]
        if not actions:
            reason = (doc["pillar_reasons"] or {}).get(code)
            story.append(p(f"No actions. Reason: {reason}" if reason else "No actions.", body))
            continue
        rows: list[list[Flowable]] = [
            [p(x, small) for x in ("Id", "Action", "Addresses", "Owner", "When", "Status")]
        ]
        for a in actions:
            restrictive = ""
            if a["restrictive"]:
                restrictive = (
                    f" [Restrictive. Legal basis: {a['legal_basis'] or 'not stated'}; "
                    f"proportionality: {a['proportionality'] or 'not stated'}]"
                )
            rows.append(
                [
                    p(a["id"], small),
                    p(f"{a['text'][:500]}{restrictive}", small),
                    p(", ".join(a["addresses"] + a["protects"]), small),
                    p(f"{a['owner_agency']} {a.get('owner_name') or ''}", small),
                    p(a["frequency"] or day(a["due"]), small),
                    p(a.get("status", plan_rules.ActionStatus.PLANNED), small),
                ]
            )
        story.append(_table(rows, [10 * mm, 70 * mm, 22 * mm, 32 * mm, 24 * mm, 22 * mm]))

    if doc["victims"]:
        story.append(p("Victims and potential victims", h2))
        for v in doc["victims"]:
            protected = [a["id"] for a in doc["actions"] if v.get("id") in a["protects"]]
            story.append(
                p(
                    f"{v.get('id')} ({v.get('kind')}): {v.get('text')}. Protected by: "
                    f"{', '.join(protected) or 'no action yet'}",
                    small,
                )
            )
    story.append(p("Contingency", h2))
    if doc["contingencies"]:
        rows = [[p(x, small) for x in ("Scenario", "Warning signs", "Response", "Who", "Within")]]
        for c in doc["contingencies"]:
            rows.append(
                [
                    p(c.get("scenario"), small),
                    p(str(c.get("warning_signs") or "")[:300], small),
                    p(str(c.get("response") or "")[:300], small),
                    p(c.get("owner_agency"), small),
                    p(f"{c.get('within_hours')} hours" if c.get("within_hours") else "-", small),
                ]
            )
        story.append(_table(rows, [18 * mm, 50 * mm, 60 * mm, 30 * mm, 22 * mm]))
    else:
        story.append(p("No contingencies recorded.", body))

    story.append(p("Information considered and who received the plan", h2))
    for item in doc.get("information_considered") or []:
        story.append(p(f"{item.get('agency')}: {str(item.get('summary') or '')[:300]}", small))
    story.append(
        p(f"Gaps in the information: {doc.get('information_gaps') or 'not recorded'}", small)
    )
    vlo = plan_rules.VICTIM_LIAISON
    sent = [
        f"{plan_rules.VICTIM_LIAISON_LABEL if c.get('to') == vlo else c.get('to')} "
        f"on {day(c.get('on'))}"
        for c in doc.get("communicated") or []
    ]
    story.append(p(f"Sent to: {'; '.join(sent) or 'not recorded as sent'}", small))

    story.append(p("Quality findings", h2))
    if found:
        for f in found:
            story.append(p(f"{f.severity.upper()} {f.code}: {f.message}", small))
    else:
        story.append(p("No findings.", body))
    for ack in plan.acknowledgements:
        story.append(
            p(
                f"Acknowledged {ack.get('code')} ({', '.join(ack.get('refs', []))}) by "
                f"{ack.get('by')}: {ack.get('reason')}",
                small,
            )
        )

    story.append(p("Decisions", h2))
    decisions = printed.decisions
    if not decisions:
        story.append(p("No decisions recorded.", body))
    for d in decisions:
        story.append(
            p(
                f"{moment(d.decided_at)} {d.get_kind_display()} by {d.decided_by} "
                f"({d.decided_by_agency}): {d.summary}. Rationale: {d.rationale[:400]}",
                small,
            )
        )
        for criterion, note in (d.defensibility or {}).items():
            story.append(p(f"  {criterion.replace('_', ' ')}: {note[:200]}", small))
        for dissent in d.dissent or []:
            story.append(p(f"  Dissent, {dissent.get('who')}: {dissent.get('reason')}", small))
    story.append(Spacer(1, 4))
    story.append(
        p(f"{CLASSIFICATION}. Share on a need-to-know basis only (MAPPA Guidance ch.9).", small)
    )
    return render(
        story,
        title=f"Risk management plan {case.reference} v{plan.number}",
        subject="MAPPA risk management plan",
        reference=case.reference,
    )
