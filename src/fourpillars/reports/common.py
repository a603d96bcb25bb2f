"""What every PDF shares: fonts that cover the register's alphabets, styles, escaping, and
the running header and footer (the classification, the case reference, "Page 2 of 3").

Names come in Latin, Greek, Cyrillic and other scripts; reportlab's built-in Helvetica covers
Latin-1 only, so a DejaVu Sans found on the machine (Debian's fonts-dejavu-core, which .ci/run
installs) is registered and used. Without it the PDF falls back to Helvetica and says so in
``FONT_NOTE``, so a missing glyph is explained rather than silent.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from fourpillars.domain.dates import long_date, long_datetime

# The Government Security Classifications marking of every document the register prints
# (personal data of people under MAPPA: OFFICIAL, with the SENSITIVE handling caveat).
CLASSIFICATION = "OFFICIAL-SENSITIVE"

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
)


@functools.cache
def fonts() -> tuple[str, str, str]:
    """(regular, bold, note): DejaVu Sans when installed, else Helvetica with a note."""
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("FP-Sans", str(regular)))
            pdfmetrics.registerFont(TTFont("FP-Sans-Bold", str(bold)))
            return "FP-Sans", "FP-Sans-Bold", ""
    return (
        "Helvetica",
        "Helvetica-Bold",
        "Font note: DejaVu Sans (Debian package fonts-dejavu-core) is not installed, so "
        "names outside Latin-1 may not print.",
    )


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    label: ParagraphStyle
    regular: str
    bold: str
    note: str


@functools.cache
def styles() -> Styles:
    regular, bold, note = fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "fp-body", parent=base["BodyText"], fontName=regular, fontSize=8.5, leading=10.5
    )
    return Styles(
        body=body,
        small=ParagraphStyle("fp-small", parent=body, fontSize=7.5, leading=9),
        h1=ParagraphStyle(
            "fp-h1", parent=base["Heading1"], fontName=bold, fontSize=14, spaceAfter=2
        ),
        h2=ParagraphStyle(
            "fp-h2",
            parent=base["Heading2"],
            fontName=bold,
            fontSize=10,
            spaceBefore=5,
            spaceAfter=2,
        ),
        label=ParagraphStyle(
            "fp-label", parent=body, textColor=colors.HexColor("#1d70b8"), fontName=bold
        ),
        regular=regular,
        bold=bold,
        note=note,
    )


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """Escaped text (names may contain <, & or script), line breaks kept."""
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


@dataclass(frozen=True)
class Running:
    """What the header and footer of every page say: the classification, the case
    reference and the document's name."""

    classification: str
    reference: str
    name: str


MARGIN = 14 * mm
BAND = 12 * mm  # the header's and footer's distance from the page edge, with their rule


class RunningCanvas(Canvas):
    """A canvas that holds each page back until the document ends, so that every page can
    say how many there are ("Page 2 of 3"), then draws the header and footer on each."""

    def __init__(self, *args: Any, running: Running, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.running = running
        self.held: list[dict[str, Any]] = []

    def showPage(self) -> None:
        # ReportLab's own recipe for "page X of Y": keep the page's state, start a fresh one
        # (what Canvas.showPage does after writing a page) and write them all in save().
        self.held.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        total = len(self.held)
        for state in self.held:
            self.__dict__.update(state)
            self.draw_running(total)
            super().showPage()
        super().save()

    def draw_running(self, total: int) -> None:
        regular, bold, _ = fonts()
        width, height = A4  # every document is A4 (render)
        r = self.running
        self.saveState()
        self.setStrokeColor(colors.grey)
        self.setLineWidth(0.4)
        top, bottom = height - BAND, BAND
        self.setFont(bold, 8)
        self.drawCentredString(width / 2, top + 2 * mm, r.classification)
        self.drawCentredString(width / 2, bottom - 4.5 * mm, r.classification)
        self.setFont(regular, 7.5)
        self.drawString(MARGIN, top + 2 * mm, r.name)
        self.drawRightString(width - MARGIN, top + 2 * mm, f"Case {r.reference}")
        self.drawString(MARGIN, bottom - 4.5 * mm, f"Case {r.reference}")
        page = f"Page {self.getPageNumber()} of {total}"
        self.drawRightString(width - MARGIN, bottom - 4.5 * mm, page)
        self.line(MARGIN, top, width - MARGIN, top)
        self.line(MARGIN, bottom, width - MARGIN, bottom)
        self.restoreState()


def render(
    story: list[Flowable],
    *,
    title: str,
    subject: str,
    reference: str,
    classification: str = CLASSIFICATION,
) -> bytes:
    """An A4 document of ``story`` (with the font note when the fallback font is in use),
    with the classification, the case reference and "Page N of M" on every page."""
    note = styles().note
    if note:
        story = [*story, para(note, styles().small)]
    buffer = io.BytesIO()
    running = Running(classification, reference, subject)
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=BAND + 5 * mm,
        bottomMargin=BAND + 5 * mm,
        title=title,
        author="Four Pillars",
        subject=subject,
    ).build(story, canvasmaker=functools.partial(RunningCanvas, running=running))
    return buffer.getvalue()


def day(value: object, missing: str = "-") -> str:
    """A date as every page and document shows it ("2 December 2026"), ``missing`` if none."""
    return long_date(_local(value)) or missing


def moment(value: object, missing: str = "-") -> str:
    """A time that matters: "2 December 2026 at 14:05", local time."""
    return long_datetime(_local(value)) or missing


def _local(value: object) -> object:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value
