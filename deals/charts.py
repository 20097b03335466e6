"""Geometry of the server-rendered SVG charts (templates/deals/_chart_*.html).

Pure functions from the selectors' series to rectangles and ticks: the templates only
place what is computed here, so the charts need no JavaScript and tests can check the
numbers. Colours are per stage, fixed, so a stage keeps its colour across pages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from deals.selectors.charts import CountryCount, FundingSeries

WIDTH = 720
HEIGHT = 260
LEFT = 64  # room for the amount ticks
BOTTOM = 40  # room for the month labels
TOP = 28  # room for the "USD" axis label above the top tick
RIGHT = 8

# A palette that stays distinguishable for common colour blindness (Okabe-Ito + greys).
STAGE_COLOURS = {
    "pre_seed": "#CC79A7",
    "seed": "#E69F00",
    "series_a": "#56B4E9",
    "series_b": "#009E73",
    "series_c": "#0072B2",
    "series_d": "#D55E00",
    "series_e": "#8C510A",
    "series_f_plus": "#542788",
    "growth": "#1B7837",
    "strategic": "#B2182B",
    "debt": "#777777",
    "grant": "#B8B000",
    "ipo": "#2D004B",
    "secondary": "#A6761D",
    "unknown": "#BBBBBB",
}


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str  # what a hover <title> says


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class BarChart:
    rects: list[Rect]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    legend: list[tuple[str, str]]  # (label, colour)
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM
    plot_right: int = WIDTH - RIGHT


def short_usd(value: Decimal | float) -> str:
    """$1.2B, $350M, $40K: axis labels have room for four characters."""
    amount = float(value)
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if amount >= size:
            scaled = amount / size
            return f"${scaled:.1f}{suffix}".replace(".0" + suffix, suffix)
    return f"${amount:,.0f}"


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above `value`."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _y_ticks(top: float, scale: float) -> list[Tick]:
    base = HEIGHT - BOTTOM
    return [
        Tick(position=base - top * i / 4 * scale, label=short_usd(top * i / 4)) for i in range(5)
    ]


def funding_chart(series: FundingSeries) -> BarChart | None:
    """Stacked bars, one per month, one segment per stage; None when nothing to draw."""
    if series.is_empty:
        return None
    plot_height = HEIGHT - BOTTOM - TOP
    plot_width = WIDTH - LEFT - RIGHT
    top = nice_ceiling(float(max(m.total for m in series.months)))
    scale = plot_height / top
    slot = plot_width / len(series.months)
    labels = dict(series.stages)
    rects = []
    x_ticks = []
    for i, month in enumerate(series.months):
        x = LEFT + i * slot + slot * 0.15
        y = float(HEIGHT - BOTTOM)
        for stage, _label in series.stages:
            usd = month.by_stage.get(stage)
            if not usd:
                continue
            height = float(usd) * scale
            y -= height
            rects.append(
                Rect(
                    x=round(x, 1),
                    y=round(y, 1),
                    width=round(slot * 0.7, 1),
                    height=round(height, 1),
                    colour=STAGE_COLOURS.get(stage, "#999999"),
                    label=f"{month.month:%b %Y}, {labels[stage]}: {short_usd(usd)}",
                )
            )
        # Every third month labelled (January with its year): 24 labels do not fit.
        if i % 3 == 0 or month.month.month == 1:
            with_year = month.month.month == 1 or i == 0
            text = f"{month.month:%b %Y}" if with_year else f"{month.month:%b}"
            x_ticks.append(Tick(position=round(x + slot * 0.35, 1), label=text))
    legend = [(label, STAGE_COLOURS.get(stage, "#999999")) for stage, label in series.stages]
    return BarChart(rects=rects, y_ticks=_y_ticks(top, scale), x_ticks=x_ticks, legend=legend)


def country_chart(counts: list[CountryCount]) -> BarChart | None:
    """Horizontal bars of rounds per country; None when there are no rounds."""
    if not counts:
        return None
    row = 22
    height = TOP + row * len(counts) + BOTTOM
    left = 48
    plot_width = WIDTH - left - 48
    top = nice_ceiling(max(c.rounds for c in counts))
    rects = [
        Rect(
            x=left,
            y=TOP + i * row + 3,
            width=round(c.rounds / top * plot_width, 1),
            height=row - 6,
            colour="#0072B2",
            label=f"{c.country or 'Unknown'}: {c.rounds} rounds",
        )
        for i, c in enumerate(counts)
    ]
    x_ticks = [
        Tick(position=round(left + plot_width * i / 4, 1), label=f"{top * i / 4:g}")
        for i in range(5)
    ]
    y_ticks = [
        Tick(position=TOP + i * row + row / 2 + 4, label=c.country or "—")
        for i, c in enumerate(counts)
    ]
    return BarChart(
        rects=rects,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        legend=[],
        height=height,
        plot_left=left,
        plot_bottom=height - BOTTOM,
        plot_right=left + plot_width,
    )
