"""Every chart draws with Chinese labels and no missing glyph, exports, and maps the mouse to a point."""

from __future__ import annotations

import logging
import warnings

import pytest

from desktop.rules import trends as r
from desktop.rules.targets import YearTarget

KINDS = ["village", "community", "government", "institution", "state_enterprise", "private_enterprise", "social_org", "grid"]


def sample_charts() -> list[r.ChartData]:
    active = {y: set(range(1, 41)) for y in range(2021, 2027)}
    achieved = {y: set(range(1, 6 * (y - 2020) + 1)) for y in active}
    targets = {2021: None, 2022: 0.4, 2023: 0.6, 2024: 0.8, 2025: 0.9, 2026: 0.9}
    months = [r.MonthFact(y, m, 30, 20 + (y + m) % 10) for y in range(2021, 2027) for m in range(1, 13)]
    return [
        r.share_by_year("standardized", "标准化", active, achieved, targets),
        r.share_by_year("strongest", "最强", active, {y: set(range(1, 3 * (y - 2020))) for y in active}, targets),
        r.share_by_kind(2025, {i: KINDS[i % 8] for i in range(1, 41)}, set(range(1, 41)), set(range(1, 30)), 0.9),
        r.compliance_by_month(months, months[::2], "社区"),
        r.score_histogram(2025, [(i, 70 + i * 0.7) for i in range(1, 41)] + [(99, None)]),
        r.findings_histogram(2025, {i: ["term_expired"] * (i % 4) for i in range(1, 41)}),
    ]


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.mark.parametrize("index", range(6))
def test_every_chart_renders_chinese_without_missing_glyphs(tmp_path, index):
    from desktop.charts.export import export_figure
    from desktop.charts.figures import draw

    data = sample_charts()[index]
    handler = _Records()
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            drawn = draw(data)
            for suffix in (".png", ".svg", ".pdf"):
                export_figure(drawn.figure, tmp_path / f"{data.name}{suffix}", dpi=60)
    finally:
        logger.removeHandler(handler)
    texts = [str(w.message) for w in caught] + handler.messages
    assert not [t for t in texts if "missing from font" in t or "Glyph" in t or "findfont" in t], texts
    labels = [t.get_text() for t in drawn.figure.findobj(lambda a: hasattr(a, "get_text"))]
    assert data.title in labels and any("\u4e00" <= ch <= "\u9fff" for ch in data.title)
    for suffix in (".png", ".svg", ".pdf"):
        assert (tmp_path / f"{data.name}{suffix}").stat().st_size > 1000


def test_png_export_is_300_dpi(tmp_path):
    from matplotlib.image import imread

    from desktop.charts.export import export_figure
    from desktop.charts.figures import SIZE, draw

    path = export_figure(draw(sample_charts()[0]).figure, tmp_path / "chart.png")
    height, width = imread(path).shape[:2]
    assert (width, height) == (int(SIZE[0] * 300), int(SIZE[1] * 300))


def test_export_refuses_an_unknown_format(tmp_path):
    from desktop.charts.export import export_figure
    from desktop.charts.figures import draw
    from desktop.errors import BranchdeskError

    with pytest.raises(BranchdeskError, match=r"\.png"):
        export_figure(draw(sample_charts()[0]).figure, tmp_path / "chart.gif")
    assert list(tmp_path.iterdir()) == []


def _event_at(drawn, x, y):
    from matplotlib.backend_bases import MouseEvent
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(drawn.figure)
    canvas.draw()
    axes = drawn.figure.axes[0]
    px, py = axes.transData.transform((x, y))
    return MouseEvent("motion_notify_event", canvas, px, py)


def test_point_under_the_mouse_on_lines_and_bars():
    from desktop.charts.figures import draw

    charts = sample_charts()
    line = draw(charts[0])
    point = line.point_at(_event_at(line, 2, charts[0].series[0].points[2].value * 100))
    assert point.x == "2023" and point.groups[0].branch_ids == tuple(range(1, 19))
    assert line.point_at(_event_at(line, 2, 2)) is None  # far below the point
    bars = draw(charts[2])
    village = bars.point_at(_event_at(bars, 0, 10))
    assert village.x == "村"
    histogram = draw(charts[4])
    band = histogram.point_at(_event_at(histogram, 86, 0.5))
    assert band.x == "85–90"


def test_empty_chart_says_so():
    from desktop.charts.figures import draw

    drawn = draw(r.findings_histogram(2025, {}))
    assert "暂无数据" in [t.get_text() for t in drawn.figure.axes[0].texts]
    none_yet = r.share_by_year("standardized", "标准化", {2022: {1, 2}}, {}, {2022: 0.4})
    assert not none_yet.empty  # 0% is a figure, not missing data
    assert r.share_by_year("standardized", "标准化", {2022: set()}, {}, {2022: 0.4}).empty


def test_dashboard_needs_no_chart_import():
    board = r.dashboard(2025, {1, 2}, [], YearTarget(2025, 0.5, None, False))
    assert board.standardized.shortfall == 1
