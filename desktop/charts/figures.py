"""One function per chart: ChartData (desktop.rules.trends) in, a drawn Figure out.

Each result keeps, per bar or point, the artist that shows it: desktop.charts.picture turns those
into the places a mouse position is turned back into the Point under it (hover text, the branches
behind a click).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from desktop.charts import style
from desktop.rules.trends import NO_DATA, ChartData, Point, pct

SIZE = (8.0, 4.5)  # inches; about the tab's chart area at 100 dpi
GAP_Y = 0.03  # a gap's 无数据 label, in axes fraction above the x axis
LABEL_BOX = {"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85}  # readable over a target line


@dataclass
class DrawnChart:
    data: ChartData
    figure: Figure
    hits: list[tuple[Artist, tuple[Point, ...]]] = field(default_factory=list)



def _value(point: Point, percent: bool) -> float:
    if point.value is None:
        return math.nan
    return point.value * 100 if percent else point.value


def _label(value: float | None, percent: bool) -> str:
    if value is None:
        return ""
    return pct(value) if percent else f"{value:g}"


def _new(data: ChartData, figure: Figure | None) -> tuple[Figure, Axes]:
    """A fresh Figure, or `figure` (the tab's, on its canvas) cleared for a new drawing."""
    style.setup()
    if figure is None:
        figure = Figure(figsize=SIZE, layout="constrained")
    else:
        figure.clear()
        figure.set_layout_engine("constrained")
    axes = figure.add_subplot()
    axes.set_title(data.title, fontsize=13)  # the CJK font has no bold face
    axes.set_xlabel(data.x_label)
    axes.set_ylabel(data.y_label + ("（%）" if data.percent else ""))
    axes.grid(axis="y", color=style.GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if data.percent:
        axes.set_ylim(0, 112)  # headroom for the value labels over 100%
        axes.set_yticks(range(0, 101, 20))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f}%"))
    else:
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    if data.empty:
        axes.text(0.5, 0.5, "暂无数据", transform=axes.transAxes, ha="center", va="center", fontsize=14, color=style.NEUTRAL)
    return figure, axes


def _legend(figure: Figure) -> None:
    """Below the chart, never over a bar or a point."""
    figure.legend(loc="outside lower center", ncols=4, fontsize=9, frameon=False)


def _ticks(axes, labels: list[str]) -> None:
    """Category labels; long monthly axes show one label per year (its January, or the first month)."""
    positions = list(range(len(labels)))
    if len(labels) > 24:
        keep = [i for i, text in enumerate(labels) if i == 0 or text.endswith("-01")]
        axes.set_xticks(keep, [labels[i][:4] + "年" for i in keep])
        axes.set_xticks(positions, minor=True)
    else:
        axes.set_xticks(positions, labels)
    axes.set_xlim(-0.6, len(labels) - 0.4)


def _gap_labels(axes, drawn: DrawnChart, gaps: list[Point | None], dense: bool) -> None:
    """无数据 in muted grey at each x with nothing to draw (`gaps[x]` its point, else None); it is
    the hover target there. A dense monthly axis labels each run of gaps once, at its middle."""
    runs: list[list[int]] = []
    for x, point in enumerate(gaps):
        if point is None:
            continue
        if dense and runs and runs[-1][-1] == x - 1:
            runs[-1].append(x)
        else:
            runs.append([x])
    for run in runs:
        middle = run[len(run) // 2]
        label = axes.text((run[0] + run[-1]) / 2, GAP_Y, NO_DATA, transform=axes.get_xaxis_transform(),
                          ha="center", va="bottom", fontsize=8 if dense else 9, color=style.MUTED, zorder=5)
        gap = gaps[middle]
        assert gap is not None, "a run is made of gaps"
        drawn.hits.append((label, (gap,)))


def _target_steps(axes, data: ChartData) -> None:
    """Each year's target as a level across that year's slot, stepping between years."""
    scale = 100 if data.percent else 1
    targets = [t * scale if t is not None else math.nan for t in data.targets]
    if any(not math.isnan(t) for t in targets):
        xs = [i - 0.5 for i in range(len(targets))] + [len(targets) - 0.5]
        axes.plot(xs, targets + targets[-1:], drawstyle="steps-post", linestyle="--", color=style.TARGET,
                  linewidth=1.6, label=data.target_label, zorder=2)


def _line(data: ChartData, figure: Figure | None = None) -> DrawnChart:
    figure, axes = _new(data, figure)
    drawn = DrawnChart(data, figure)
    colors = (style.ACHIEVED, style.SECOND)
    labels = [p.x for p in data.series[0].points] if data.series else []
    dense = len(labels) > 24
    for index, series in enumerate(data.series):
        xs = list(range(len(series.points)))
        ys = [_value(p, data.percent) for p in series.points]
        color = colors[index % len(colors)]
        axes.plot(xs, ys, color=color, linewidth=1.6 if dense else 2.2, label=series.label, zorder=3)
        marks = axes.scatter(xs, ys, s=14 if dense else 42, color=color, zorder=4)
        marks.set_pickradius(6)
        drawn.hits.append((marks, series.points))
        if not dense:
            for x, y, point in zip(xs, ys, series.points, strict=True):
                if not math.isnan(y):
                    axes.annotate(_label(point.value, data.percent), (x, y), textcoords="offset points",
                                  xytext=(0, 8), ha="center", fontsize=9, color=color, bbox=LABEL_BOX)
    # A gap of the chart is an x where no line has a value; one line's missing month is only a break.
    gaps = [None if any(s.points[x].value is not None for s in data.series) else data.series[0].points[x]
            for x in range(len(labels))]
    _gap_labels(axes, drawn, gaps, dense)
    _target_steps(axes, data)
    _ticks(axes, labels)
    if data.series and (len(data.series) > 1 or data.targets):
        _legend(figure)
    return drawn


def _bars(data: ChartData, figure: Figure | None = None) -> DrawnChart:
    figure, axes = _new(data, figure)
    drawn = DrawnChart(data, figure)
    points = data.series[0].points if data.series else ()
    targets = data.targets or tuple(None for _ in points)
    for x, (point, target) in enumerate(zip(points, targets, strict=True)):
        if point.value is None:
            continue  # no bar: _gap_labels marks it
        color = style.NEUTRAL if target is None else (style.REACHED if point.value >= target - 1e-9 else style.BELOW)
        height = _value(point, data.percent)
        (bar,) = axes.bar([x], [height], width=0.62, color=color, zorder=3)
        drawn.hits.append((bar, (point,)))
        axes.annotate(_label(point.value, data.percent), (x, height), textcoords="offset points", xytext=(0, 3),
                      ha="center", fontsize=9, bbox=LABEL_BOX, zorder=5)
    if any(t is not None for t in targets):
        axes.axhline(next(t for t in targets if t is not None) * 100, linestyle="--", color=style.TARGET,
                     linewidth=1.6, label=data.target_label, zorder=4)
        _legend(figure)
    _gap_labels(axes, drawn, [p if p.value is None else None for p in points], dense=False)
    _ticks(axes, [p.x for p in points])
    if not data.percent:
        axes.set_ylim(0, max([p.value or 0 for p in points] + [1]) * 1.15)
    return drawn


def _band(point: Point) -> tuple[float, float]:
    """A histogram bar's [low, high): every point of a histogram's data has one."""
    assert point.span is not None, point
    return point.span


def _histogram(data: ChartData, figure: Figure | None = None) -> DrawnChart:
    figure, axes = _new(data, figure)
    drawn = DrawnChart(data, figure)
    points = data.series[0].points if data.series else ()
    bands = [_band(point) for point in points]
    line = data.reference
    for point, (low, high) in zip(points, bands, strict=True):
        color = style.NEUTRAL if line is None else (style.REACHED if low >= line else style.BELOW)
        (bar,) = axes.bar([low], [point.value or 0], width=high - low, align="edge", color=color,
                          edgecolor="white", linewidth=1, zorder=3)
        drawn.hits.append((bar, (point,)))
        if point.value:
            axes.annotate(f"{point.value:g}", ((low + high) / 2, point.value), textcoords="offset points",
                          xytext=(0, 3), ha="center", fontsize=9)
    if line is not None:
        axes.axvline(line, linestyle="--", color=style.TARGET, linewidth=1.8, label=data.reference_label, zorder=4)
        _legend(figure)
    if bands:
        axes.set_xlim(bands[0][0], bands[-1][1])
        axes.set_xticks([low for low, _high in bands] + [bands[-1][1]])
    axes.set_ylim(0, max([p.value or 0 for p in points] + [1]) * 1.15)
    return drawn


def standardized_figure(data: ChartData, figure: Figure | None = None) -> DrawnChart:
    return _line(data, figure)


def strongest_figure(data: ChartData, figure: Figure | None = None) -> DrawnChart:
    return _line(data, figure)


def by_kind_figure(data: ChartData, figure: Figure | None = None) -> DrawnChart:
    return _bars(data, figure)


def compliance_figure(data: ChartData, figure: Figure | None = None) -> DrawnChart:
    return _line(data, figure)


def scores_figure(data: ChartData, figure: Figure | None = None) -> DrawnChart:
    return _histogram(data, figure)


def findings_figure(data: ChartData, figure: Figure | None = None) -> DrawnChart:
    return _bars(data, figure)


def weak_figure(data: ChartData, figure: Figure | None = None) -> DrawnChart:
    drawn = _line(data, figure)
    axes = drawn.figure.axes[0]
    values = [p.value or 0 for s in data.series for p in s.points]
    axes.set_ylim(-0.5, max([*values, 4]) * 1.2)  # the target of 0 stays visible above the axis
    return drawn


FIGURES: dict[str, Callable[..., DrawnChart]] = {
    "standardized": standardized_figure,
    "strongest": strongest_figure,
    "by-kind": by_kind_figure,
    "compliance": compliance_figure,
    "scores": scores_figure,
    "findings": findings_figure,
    "weak": weak_figure,
}


def draw(data: ChartData, figure: Figure | None = None) -> DrawnChart:
    """Draw `data` on a new Figure, or on `figure` (cleared first) when given."""
    return FIGURES[data.name](data, figure)
