"""A chart rendered to pixels for the window, with the places of its bars and points.

Drawing a chart (constrained layout, then Agg) takes ~0.2 s of Python; on the GUI thread that is a
window that does not answer. The window's chart painter (ui/chart_painter.py) calls `paint` on a
thread of its own; the tab only shows the pixels, and turns a mouse position back into the Point
under it with `Picture.point_at`, which needs neither matplotlib nor Qt.

matplotlib's font objects are shared by every figure of the process and are not safe to use from
two threads at once: every drawing of a figure to pixels or a file holds `DRAWING`.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

from desktop.rules.trends import ChartData, Point

DRAWING = threading.RLock()
DPI = 100  # the figure's points per inch at a scale of 1: a 9-point label is 12.5 logical pixels
MARK_SLACK = 6  # logical pixels around a marker that still count as on it (matplotlib's pickradius)


@dataclass(frozen=True)
class Hit:
    """Where a Point is drawn, in logical pixels from the picture's top left."""

    left: float
    top: float
    right: float
    bottom: float
    point: Point

    def holds(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.top <= y <= self.bottom


@dataclass(frozen=True)
class Picture:
    data: ChartData
    rgba: bytes  # width × height × scale², 4 bytes a pixel, rows from the top
    width: int  # logical pixels
    height: int
    scale: float  # device pixels per logical pixel (a 150% screen: 1.5)
    hits: tuple[Hit, ...]

    @property
    def pixel_size(self) -> tuple[int, int]:
        return _pixels(self.width, self.scale), _pixels(self.height, self.scale)

    def point_at(self, x: float, y: float) -> Point | None:
        """The bar or point drawn at (x, y), logical pixels from the top left; the last drawn wins,
        as it lies on top."""
        for hit in reversed(self.hits):
            if hit.holds(x, y):
                return hit.point
        return None


def _pixels(logical: int, scale: float) -> int:
    return max(1, round(logical * scale))


def paint(data: ChartData, width: int, height: int, scale: float = 1.0) -> Picture:
    """`data` drawn `width` × `height` logical pixels large, at `scale` device pixels each."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from desktop.charts.figures import draw

    dpi = DPI * scale
    columns, rows = _pixels(width, scale), _pixels(height, scale)
    with DRAWING:
        figure = Figure(figsize=(columns / dpi, rows / dpi), dpi=dpi, layout="constrained")
        canvas = FigureCanvasAgg(figure)
        drawn = draw(data, figure)
        canvas.draw()
        renderer = canvas.get_renderer()
        hits = tuple(hit for artist, points in drawn.hits for hit in _hits_of(artist, points, renderer, rows, scale))
        rgba = bytes(canvas.buffer_rgba())
    return Picture(data, rgba, width, height, scale, hits)


def _hits_of(artist, points: tuple[Point, ...], renderer, rows: int, scale: float) -> list[Hit]:
    """The boxes of one artist's Points in logical pixels (matplotlib's display space is device
    pixels from the bottom left)."""
    from matplotlib.collections import PathCollection

    def hit(left: float, bottom: float, right: float, top: float, point: Point) -> Hit:
        return Hit(left / scale, (rows - top) / scale, right / scale, (rows - bottom) / scale, point)

    if isinstance(artist, PathCollection):  # a line's markers: one box around each
        import numpy

        # A month without a value is a masked offset: filled with nan, it is skipped below.
        centres = artist.get_offset_transform().transform(numpy.ma.filled(artist.get_offsets(), numpy.nan))
        sizes = artist.get_sizes()
        boxes = []
        for index, ((x, y), point) in enumerate(zip(centres, points, strict=True)):
            if math.isnan(x) or math.isnan(y):
                continue  # no marker there
            radius = math.sqrt(sizes[index % len(sizes)]) / 2 * renderer.points_to_pixels(1) + MARK_SLACK * scale
            boxes.append(hit(x - radius, y - radius, x + radius, y + radius, point))
        return boxes
    box = artist.get_window_extent(renderer)  # a bar, or a gap's 无数据 label
    return [hit(box.x0, box.y0, box.x1, box.y1, points[0])]
