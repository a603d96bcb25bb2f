"""The one-page RoSH summary as PDF (reportlab; decision 0010).

The reader of the PDF is a practitioner at a meeting: ratings by group, the overall rating,
the five summary questions, the scenarios, the instruments with their versions and bands, and
the professional-assessment label (DPA 2018 s.38(2)) on the page. Text is drawn as text, so
it can be searched and read by a screen reader; no personal data leaves in metadata beyond
the case reference.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

from fourpillars.domain import rosh
from fourpillars.reports.common import CLASSIFICATION, day, para, render, styles

if TYPE_CHECKING:
    from fourpillars.assessments.models import RoshAssessment


def summary_pdf(a: RoshAssessment) -> bytes:
    st = styles()
    body, small, h1, h2, label = st.body, st.small, st.h1, st.h2, st.label
    _p = para

    case = a.case
    story: list[Flowable] = []
    story.append(_p(f"Risk of Serious Harm summary: {case.reference}", h1))
    status = rosh.STATUS_LABELS.get(a.status, a.status)
    story.append(
        _p(
            f"{case.person.display_name} | assessment {a.pk} | {status}"
            f"{' (current)' if a.is_current else ''} | dated {day(a.assessment_date, 'not set')} | "
            f"rules {a.rules_version}",
            body,
        )
    )
    story.append(_p(rosh.ASSESSMENT_LABEL, label))
    story.append(Spacer(1, 3))

    rows = [["Setting", "Group", "Rating"]]
    overall = {"community": a.overall, "custody": a.overall_custody}
    totals: list[int] = []
    for setting, groups in rosh.RISK_GROUPS.items():
        given = a.ratings.get(setting, {})
        if setting == "custody" and not any(given.values()):
            continue
        for code, name in groups:
            value = given.get(code)
            rows.append([setting.title(), name, rosh.RATING_LABELS.get(value or "", "-")])
        rows.append(
            [
                setting.title(),
                "Overall (highest)",
                rosh.RATING_LABELS.get(overall[setting] or "", "not rated"),
            ]
        )
        totals.append(len(rows) - 1)
    table = Table(rows, colWidths=[30 * mm, 45 * mm, 35 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), st.regular, 8.5),
                ("FONT", (0, 0), (-1, 0), st.bold, 8.5),
                *[("FONT", (0, i), (-1, i), st.bold, 8.5) for i in totals],
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")),
            ]
        )
    )
    story.append(table)
    if a.in_custody:
        story.append(_p(rosh.CUSTODY_RATED_AS, body))
    if a.judgement_reason:
        story.append(_p(f"How the evidence informs the ratings: {a.judgement_reason}", body))
    if a.exempted:
        story.append(
            _p(
                f"Full analysis not done although screening called for one: {a.exemption_reason}",
                body,
            )
        )
    if a.countersignature_reasons:
        story.append(
            _p("Countersignature needed: " + "; ".join(a.countersignature_reasons) + ".", body)
        )
    if a.countersigned_by_id:
        story.append(
            _p(
                f"Countersigned by {a.countersigned_by} on "
                f"{day(a.countersigned_at)}: {a.countersign_note}",
                body,
            )
        )

    story.append(_p("Summary", h2))
    for key, code, question in rosh.SUMMARY_QUESTIONS:
        story.append(_p(f"{code} {question}", label))
        story.append(_p(a.summary.get(key) or "Not answered.", body))
    if a.formulation:
        story.append(_p("Formulation", h2))
        story.append(_p(a.formulation[:3000], body))

    scenarios = list(a.scenarios.all())
    if scenarios:
        story.append(_p("Scenarios", h2))
        srows = [
            [
                _p(x, small)
                for x in ("Id", "Scenario", "Victims / harm", "Likelihood", "Warning signs")
            ]
        ]
        for s in scenarios:
            srows.append(
                [
                    _p(s.ident, small),
                    _p(f"{rosh.SCENARIO_LABELS.get(s.kind, s.kind)}: {s.description[:400]}", small),
                    _p(f"{s.victims[:200]} / {s.harm[:200]}", small),
                    _p(
                        f"{s.likelihood}; {rosh.IMMINENCE_LABELS.get(s.imminence, s.imminence)}",
                        small,
                    ),
                    _p(s.warning_signs[:300], small),
                ]
            )
        stable = Table(
            srows, colWidths=[10 * mm, 55 * mm, 45 * mm, 25 * mm, 47 * mm], hAlign="LEFT"
        )
        stable.setStyle(
            TableStyle(
                [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
            )
        )
        story.append(stable)

    factors = list(a.factors.all())
    if factors:
        story.append(_p("Risk and protective factors", h2))
        for f in factors:
            risk = f.kind == rosh.FactorKind.RISK
            kind = (rosh.FactorKind.RISK if risk else rosh.FactorKind.PROTECTIVE).label
            source = f" ({f.source_agency})" if f.source_agency else ""
            story.append(
                _p(f"{f.ident} {kind}: {f.text}{source}. Evidence: {f.evidence[:300]}", small)
            )

    results = list(a.instrument_results.all())
    if results:
        story.append(_p("Instruments (actuarial estimates for groups, not for this person)", h2))
        irows = [["Instrument", "Version", "Score", "Band", "2-year probability"]]
        for r in results:
            irows.append(
                [
                    r.instrument,
                    r.instrument_version,
                    "-" if r.score is None else f"{r.score:g}",
                    "Not applicable" if r.band == "not_applicable" else r.band or "-",
                    "-" if r.probability_2y is None else f"{r.probability_2y * 100:.2f} %",
                ]
            )
        it = Table(irows, hAlign="LEFT")
        it.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), st.regular, 8),
                    ("FONT", (0, 0), (-1, 0), st.bold, 8),
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ]
            )
        )
        story.append(KeepTogether(it))
    story.append(Spacer(1, 4))
    story.append(
        _p(
            f"{CLASSIFICATION}. Professional assessment: share on a need-to-know basis "
            "only (MAPPA Guidance ch.9).",
            small,
        )
    )
    return render(
        story,
        title=f"RoSH summary {case.reference}",
        subject="Risk of Serious Harm summary",
        reference=case.reference,
    )
