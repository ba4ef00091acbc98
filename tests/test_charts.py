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


def _pixel(picture, x: float, y: float) -> str:
    """The colour at logical (x, y) of a picture, as #RRGGBB."""
    columns, _rows = picture.pixel_size
    at = (int(y * picture.scale) * columns + int(x * picture.scale)) * 4
    return "#" + picture.rgba[at:at + 3].hex().upper()


def _centre(hit) -> tuple[float, float]:
    return (hit.left + hit.right) / 2, (hit.top + hit.bottom) / 2


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_each_place_of_a_picture_is_where_its_bar_or_point_is_drawn(scale):
    """The hover boxes and the pixels agree: at a box's centre the picture shows that bar's or
    marker's colour (a box flipped upside down or scaled twice would land on white), and the
    position turns back into its Point."""
    from desktop.charts import style
    from desktop.charts.picture import paint

    charts = sample_charts()
    line = paint(charts[0], 800, 450, scale)
    assert line.pixel_size == (int(800 * scale), int(450 * scale)) and len(line.rgba) == 800 * 450 * 4 * scale ** 2
    points = charts[0].series[0].points
    for point in points:
        [hit] = [h for h in line.hits if h.point is point]
        assert _pixel(line, *_centre(hit)) == style.ACHIEVED
        assert line.point_at(*_centre(hit)) is point
    third = next(h for h in line.hits if h.point is points[2])
    assert points[2].x == "2023" and points[2].groups[0].branch_ids == tuple(range(1, 19))
    assert line.point_at(_centre(third)[0], third.bottom + 40) is None  # below the point
    bars = paint(charts[2], 800, 450, scale)
    village = next(h for h in bars.hits if h.point.x == "村")
    assert _pixel(bars, *_centre(village)) in (style.REACHED, style.BELOW)
    histogram = paint(charts[4], 800, 450, scale)
    band = next(h for h in histogram.hits if h.point.x == "85–90")
    assert histogram.point_at(*_centre(band)).x == "85–90"
    assert _pixel(histogram, *_centre(band)) in (style.REACHED, style.BELOW, style.NEUTRAL)


def test_a_picture_is_painted_on_any_thread():
    import threading

    from desktop.charts.picture import paint

    pictures = []
    thread = threading.Thread(target=lambda: pictures.append(paint(sample_charts()[0], 640, 360)))
    thread.start()
    thread.join(60)
    assert pictures and pictures[0].hits and pictures[0].pixel_size == (640, 360)


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
