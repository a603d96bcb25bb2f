"""A referral for level 2 or 3 as PDF, laid out on the MAPPA A sections ([MAPPA-G-2012]).

The case and person it is about, the referral's sections in the referrer's words, who referred
and when, and the screening outcome once there is one; the classification, the case reference
and "Page N of M" on every page (``reports.common``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from fourpillars.domain.mappa import CATEGORY_INFO, LEVEL_LABELS, MappaCategory, MappaLevel
from fourpillars.domain.referrals import SECTIONS, ReferralStatus
from fourpillars.reports.common import day, moment, para, render, styles

if TYPE_CHECKING:
    from fourpillars.referrals.models import Referral


def _level(value: object) -> str:
    try:
        return LEVEL_LABELS[MappaLevel(int(str(value)))]
    except (TypeError, ValueError, KeyError):
        return str(value or "-")


def _category(value: object) -> str:
    try:
        return CATEGORY_INFO[MappaCategory(int(str(value)))].label
    except (TypeError, ValueError, KeyError):
        return str(value or "-")


def _facts(rows: list[tuple[str, str]]) -> Table:
    st = styles()
    table = Table(
        [[para(k, st.label), para(v, st.body)] for k, v in rows],
        colWidths=[55 * mm, 125 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def referral_pdf(r: Referral) -> bytes:
    """The MAPPA A of one referral, from the referral and its case as read by the services."""
    st = styles()
    case, person = r.case, r.case.person
    referrer = r.referred_by.get_full_name() or r.referred_by.get_username()
    story: list[Flowable] = [
        para(f"MAPPA A: referral for level 2 or 3 management, case {case.reference}", st.h1),
        para(f"Status: {ReferralStatus(r.status).label}", st.body),
        Spacer(1, 3),
        para("1. The person and the case", st.h2),
        _facts(
            [
                ("Name", person.display_name),
                ("Date of birth", day(person.date_of_birth, "not known")),
                ("Case reference", case.reference),
                ("MAPPA category", _category(case.category)),
                ("Level when referred", _level(r.level_at_referral)),
                ("Lead agency", case.lead_agency.name),
                ("Area", case.area.name),
            ]
        ),
        para("2. Referral", st.h2),
    ]
    texts = {
        "reason": r.reason,
        "current_risk": r.current_risk,
        "cannot_manage": r.cannot_manage,
        "proposed_level": _level(r.proposed_level),
    }
    for name, label in SECTIONS:  # paragraphs, not table cells: long text runs over pages
        story += [para(label, st.label), para(texts[name], st.body), Spacer(1, 3)]
    story.append(para("3. Referred by", st.h2))
    story.append(
        _facts(
            [
                ("Referring person", referrer),
                ("Referring agency", r.referring_agency.name),
                ("Date of referral", moment(r.referred_at)),
            ]
        )
    )
    if r.screened_at is not None:
        screener = r.screened_by.get_full_name() if r.screened_by else ""
        rows = [
            ("Outcome", ReferralStatus(r.status).label),
            ("Screened by", screener or "-"),
            ("Date screened", moment(r.screened_at)),
        ]
        if r.decided_level:
            rows.insert(1, ("Level decided", _level(r.decided_level)))
        story.append(para("4. Screening by the MAPPA co-ordinator", st.h2))
        story.append(_facts(rows))
        story += [para("Reason", st.label), para(r.screening_reason, st.body)]
    return render(
        story,
        title=f"MAPPA A referral, case {case.reference}",
        subject="MAPPA A referral",
        reference=case.reference,
    )
