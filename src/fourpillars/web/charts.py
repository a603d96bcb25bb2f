"""The chart of instrument results over time on the case page, as a server-rendered SVG.

Pure geometry: the history points (``services.assessments.history``) become coordinates,
axis ticks and labels that ``web/rosh/_chart.html`` draws. Each instrument has its own colour
*and* marker shape, so colour is never the only cue; a table of the same figures follows the
chart for anyone who cannot see it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from fourpillars.domain.dates import long_date

WIDTH = 640
LEFT, RIGHT, TOP = 96, 64, 20
PLOT_HEIGHT = 180
ROW_HEIGHT = 26
AXIS_GAP = 52
# GOV.UK palette colours that keep 3:1 contrast against white.
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#d53880", "#28a197", "#0b0c0c")
SHAPES = ("circle", "square", "triangle", "diamond")


class Point(Protocol):
    @property
    def instrument(self) -> str: ...
    @property
    def at(self) -> dt.date: ...
    @property
    def band(self) -> str: ...
    @property
    def p2(self) -> float | None: ...


@dataclass
class Marker:
    x: float
    y: float
    shape: str
    title: str

    @property
    def path(self) -> str:
        """An SVG path for the non-circle shapes, centred on (x, y)."""
        x, y, r = self.x, self.y, 5
        if self.shape == "square":
            return f"M{x - r:.1f},{y - r:.1f}h{2 * r}v{2 * r}h{-2 * r}z"
        if self.shape == "triangle":
            return (
                f"M{x:.1f},{y - r - 1:.1f}L{x + r + 1:.1f},{y + r:.1f}L{x - r - 1:.1f},{y + r:.1f}z"
            )
        d = r + 1
        return f"M{x:.1f},{y - d:.1f}L{x + d:.1f},{y:.1f}L{x:.1f},{y + d:.1f}L{x - d:.1f},{y:.1f}z"


@dataclass
class Series:
    instrument: str
    colour: str
    shape: str
    line: str  # polyline points of the 2-year probabilities, "" when it has none
    markers: list[Marker] = field(default_factory=list)
    band_markers: list[Marker] = field(default_factory=list)
    band_labels: list[tuple[float, str]] = field(default_factory=list)
    row_y: float = 0.0
    end: tuple[float, float] | None = None  # where the line's name is written


@dataclass
class Tick:
    at: float
    label: str
    anchor: str = "middle"


@dataclass
class Chart:
    width: int
    height: int
    plot_top: int
    plot_bottom: int
    left: int
    right: int
    series: list[Series]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    bands_top: float
    description: str


def _x_scale(dates: Sequence[dt.date]) -> tuple[dt.date, dt.date]:
    first, last = min(dates), max(dates)
    if first == last:
        first, last = first - dt.timedelta(days=30), last + dt.timedelta(days=30)
    return first, last


def band_words(band: str) -> str:
    """A band as the chart writes it; a result that does not apply reads "not applicable"."""
    return "not applicable" if band == "not_applicable" else band or "none"


def percent(p: float | None) -> str:
    return "" if p is None else f"{p * 100:.1f} %"


def build_chart(points: Sequence[Point]) -> Chart | None:
    """The chart, or None when nothing has been scored on a submitted assessment yet."""
    if not points:
        return None
    instruments = list(dict.fromkeys(p.instrument for p in points))
    first, last = _x_scale([p.at for p in points])
    span = (last - first).days or 1
    right = WIDTH - RIGHT

    def x(at: dt.date) -> float:
        return round(LEFT + (right - LEFT) * (at - first).days / span, 1)

    def y(p2: float) -> float:
        return round(TOP + PLOT_HEIGHT * (1 - max(0.0, min(1.0, p2))), 1)

    plot_bottom = TOP + PLOT_HEIGHT
    bands_top = plot_bottom + AXIS_GAP
    series = []
    for i, code in enumerate(instruments):
        mine = [p for p in points if p.instrument == code]
        s = Series(code, COLOURS[i % len(COLOURS)], SHAPES[i % len(SHAPES)], "")
        s.row_y = bands_top + ROW_HEIGHT * i + ROW_HEIGHT / 2
        with_p = [p for p in mine if p.p2 is not None]
        s.line = " ".join(f"{x(p.at):.1f},{y(p.p2 or 0):.1f}" for p in with_p)
        if with_p:
            s.end = (x(with_p[-1].at) + 9, y(with_p[-1].p2 or 0))
        for p in mine:
            title = f"{code}, {long_date(p.at)}: band {band_words(p.band)}"
            if p.p2 is not None:
                title += f", 2-year probability {percent(p.p2)}"
                s.markers.append(Marker(x(p.at), y(p.p2), s.shape, title))
            s.band_markers.append(Marker(x(p.at), s.row_y, s.shape, title))
        last_x = -1000.0
        for m, p in zip(s.band_markers, mine, strict=True):
            if m.x - last_x >= 48:  # room for a label; the table has every value
                s.band_labels.append((m.x + 8, band_words(p.band)))
                last_x = m.x
        series.append(s)
    x_ticks = []
    for k in range(5):
        at = first + dt.timedelta(days=round(span * k / 4))
        label = f"{at.day} {at:%b %Y}" if span < 400 else f"{at:%b %Y}"
        x_ticks.append(Tick(x(at), label, ("start", "middle", "middle", "middle", "end")[k]))
    scored = sum(1 for p in points if p.p2 is not None)
    description = (
        f"{len(points)} results of {len(instruments)} instruments "
        f"({', '.join(instruments)}) from {long_date(min(p.at for p in points))} to "
        f"{long_date(max(p.at for p in points))}; {scored} with a 2-year probability. "
        "The table after the chart lists every value."
    )
    return Chart(
        width=WIDTH,
        height=int(bands_top + ROW_HEIGHT * len(instruments) + 8),
        plot_top=TOP,
        plot_bottom=plot_bottom,
        left=LEFT,
        right=right,
        series=series,
        y_ticks=[Tick(y(v / 100), f"{v} %") for v in (0, 25, 50, 75, 100)],
        x_ticks=x_ticks,
        bands_top=bands_top,
        description=description,
    )
