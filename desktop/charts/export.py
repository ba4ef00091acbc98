"""Save a chart as PNG (300 dpi), SVG or PDF, atomically: a failure leaves no half-written file."""

from __future__ import annotations

from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from desktop.charts.picture import DRAWING
from desktop.errors import BranchdeskError
from desktop.rules.trends import ChartData
from desktop.store.files import atomic_path, reason

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
PNG_DPI = 300


def check_format(path: Path | str) -> str:
    """The matplotlib format for the file's suffix, or a Chinese message for any other."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise BranchdeskError(f"不支持的图片格式“{path.suffix or path.name}”：请用 .png、.svg 或 .pdf。")
    return fmt


def export_figure(figure: Figure, path: Path | str, dpi: int = PNG_DPI) -> Path:
    path = Path(path)
    fmt = check_format(path)
    if figure.canvas is None or not hasattr(figure.canvas, "print_figure"):
        FigureCanvasAgg(figure)
    try:
        with DRAWING, atomic_path(path) as temp:
            figure.savefig(temp, format=fmt, dpi=dpi, facecolor="white", metadata=_metadata(fmt))
    except OSError as error:
        raise BranchdeskError(f"无法写入 {path}：{reason(error)}。") from error
    return path


def export_chart(data: ChartData, path: Path | str) -> Path:
    """`data` drawn on a figure of its own (its size does not follow any window) and saved."""
    from desktop.charts.figures import draw

    with DRAWING:
        return export_figure(draw(data).figure, path)


def _metadata(fmt: str) -> dict:
    # Fixed metadata: the same data gives the same file (no embedded timestamps in SVG/PDF).
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None, "Creator": "branchdesk"}
    return {"Software": "branchdesk"}
