"""What a download takes out of the register: a PDF, a CSV file or a calendar entry, named
once for the file a user receives and for its audit row ([DPA-2018] s.62).

A page is read inside the register, under its access rules, and each reading is logged; a
downloaded file is a copy that leaves both, to be printed, filed or passed on. So every
download is its own audited action, a disclosure to the person who downloads it (s.62(1):
"disclosure (including transfers)"), naming the document, its format and its file, never the
same row as viewing the page the file was made from.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMATS = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8", "ics": "text/calendar"}
# Every export's action, as a SQL LIKE pattern (the case timeline leaves downloads out).
EXPORT_ACTIONS = "export_%"


@dataclass(frozen=True)
class Export:
    """One download: which document (``plan``, ``rosh_summary`` ...), in which format, under
    which file name."""

    document: str
    format: str
    filename: str

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"unknown export format {self.format!r}")

    @property
    def action(self) -> str:
        """The audit row's action: ``export_<document>_<format>``."""
        return f"export_{self.document}_{self.format}"

    @property
    def content_type(self) -> str:
        return FORMATS[self.format]

    def described(self, **extra: object) -> dict[str, object]:
        """What the audit row keeps of the download (with ``extra``, such as a row count)."""
        return {"document": self.document, "format": self.format, "file": self.filename, **extra}


def plan_pdf(reference: str, number: int) -> Export:
    return Export("plan", "pdf", f"plan-{reference}-v{number}.pdf")


def rosh_summary_pdf(reference: str, assessment_id: int) -> Export:
    return Export("rosh_summary", "pdf", f"rosh-{reference}-{assessment_id}.pdf")


def referral_pdf(reference: str, referral_id: int) -> Export:
    """The referral on the MAPPA A form."""
    return Export("referral", "pdf", f"mappa-a-{reference}-{referral_id}.pdf")


def minutes_pdf(reference: str, meeting_id: int) -> Export:
    return Export("minutes", "pdf", f"minutes-{reference}-{meeting_id}.pdf")


def meeting_ics(meeting_id: int) -> Export:
    """A meeting's calendar entry (case references only)."""
    return Export("meeting", "ics", f"meeting-{meeting_id}.ics")


def audit_trail_csv(stamp: str) -> Export:
    return Export("audit_trail", "csv", f"audit-trail-{stamp}.csv")
