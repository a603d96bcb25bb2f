"""What every PDF shares: fonts that cover the register's alphabets, styles, escaping.

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
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from fourpillars.domain.dates import long_date, long_datetime

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


def render(story: list[Flowable], *, title: str, subject: str) -> bytes:
    """An A4 document of ``story`` (with the font note when the fallback font is in use)."""
    note = styles().note
    if note:
        story = [*story, para(note, styles().small)]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=title,
        author="Four Pillars",
        subject=subject,
    ).build(story)
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
