"""Server-side SVG charts: no JavaScript, no CDN, readable on a phone, each with a table twin.

Every chart is a `Chart` holding its rows; the template renders `chart.svg` and, beside it, the same
rows as an accessible table and a CSV download link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

PALETTE = ["#0b5394", "#c0392b", "#116329", "#7d4e00", "#6f42c1", "#1b7c83", "#9a6700", "#57606a"]
WIDTH = 360  # drawn at phone width; the SVG scales with its container


@dataclass
class Chart:
    key: str
    title: str
    columns: list[str]
    rows: list[list]
    kind: str = "bar"  # bar | line | funnel
    note: str = ""
    series: list[str] = field(default_factory=list)  # line charts: one per value column

    @property
    def svg(self) -> str:
        renderer = {"bar": _bars, "funnel": _funnel, "line": _lines}[self.kind]
        return renderer(self)


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", ".")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)


def _frame(chart: Chart, height: int, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="c-{chart.key}-t" class="chart" preserveAspectRatio="xMinYMin meet">'
        f'<title id="c-{chart.key}-t">{escape(chart.title)}</title>{body}</svg>'
    )


def _bars(chart: Chart) -> str:
    rows = chart.rows[:20]
    if not rows:
        return _frame(chart, 40, '<text x="8" y="24" class="chart-empty">—</text>')
    peak = max((float(row[1] or 0) for row in rows), default=0) or 1.0
    label_w, bar_h, gap = 130, 18, 6
    parts = []
    for index, row in enumerate(rows):
        y = index * (bar_h + gap) + 4
        width = (WIDTH - label_w - 60) * float(row[1] or 0) / peak
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" class="chart-label">{escape(str(row[0]))[:22]}</text>'
            f'<rect x="{label_w}" y="{y}" width="{width:.1f}" height="{bar_h}" fill="{PALETTE[0]}"/>'
            f'<text x="{label_w + width + 4:.1f}" y="{y + 13}" class="chart-value">{escape(_fmt(row[1]))}</text>'
        )
    return _frame(chart, len(rows) * (bar_h + gap) + 8, "".join(parts))


def _funnel(chart: Chart) -> str:
    rows = chart.rows
    if not rows:
        return _frame(chart, 40, "")
    top = float(rows[0][1] or 0) or 1.0
    bar_h, gap = 30, 6
    parts = []
    for index, row in enumerate(rows):
        y = index * (bar_h + gap)
        width = max(2.0, (WIDTH - 16) * float(row[1] or 0) / top)
        x = (WIDTH - width) / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{bar_h}" rx="4" fill="{PALETTE[index % len(PALETTE)]}"/>'
            f'<text x="{WIDTH / 2}" y="{y + 20}" text-anchor="middle" class="chart-on-bar">'
            f'{escape(str(row[0]))}: {escape(_fmt(row[1]))}</text>'
        )
    return _frame(chart, len(rows) * (bar_h + gap), "".join(parts))


def _lines(chart: Chart) -> str:
    rows = chart.rows
    height, left, bottom, top_pad = 180, 36, 24, 8
    if not rows:
        return _frame(chart, 40, "")
    series_count = len(rows[0]) - 1
    peak = max((float(value or 0) for row in rows for value in row[1:]), default=0) or 1.0
    step = (WIDTH - left - 8) / max(1, len(rows) - 1)
    plot_h = height - bottom - top_pad
    parts = [
        f'<line x1="{left}" y1="{height - bottom}" x2="{WIDTH - 4}" y2="{height - bottom}" class="chart-axis"/>',
        f'<text x="{left - 4}" y="{top_pad + 8}" text-anchor="end" class="chart-value">{escape(_fmt(int(peak)))}</text>',
        f'<text x="{left - 4}" y="{height - bottom}" text-anchor="end" class="chart-value">0</text>',
        f'<text x="{left}" y="{height - 6}" class="chart-label">{escape(str(rows[0][0]))}</text>',
        f'<text x="{WIDTH - 4}" y="{height - 6}" text-anchor="end" class="chart-label">{escape(str(rows[-1][0]))}</text>',
    ]
    for series in range(series_count):
        points = " ".join(
            f"{left + index * step:.1f},{top_pad + plot_h * (1 - float(row[series + 1] or 0) / peak):.1f}"
            for index, row in enumerate(rows)
        )
        parts.append(f'<polyline points="{points}" fill="none" stroke="{PALETTE[series % len(PALETTE)]}" stroke-width="2"/>')
    return _frame(chart, height, "".join(parts))


def csv_rows(chart: Chart) -> tuple[list[str], list[list]]:
    return chart.columns, chart.rows
