"""Save a chart as PNG (300 dpi), SVG or PDF, atomically: a failure leaves no half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from desktop.errors import BranchdeskError

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
PNG_DPI = 300


def export_figure(figure: Figure, path: Path | str, dpi: int = PNG_DPI) -> Path:
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise BranchdeskError(f"不支持的图片格式“{path.suffix or path.name}”：请用 .png、.svg 或 .pdf。")
    if figure.canvas is None or not hasattr(figure.canvas, "print_figure"):
        FigureCanvasAgg(figure)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(suffix=path.suffix, dir=path.parent)
    os.close(handle)
    try:
        figure.savefig(temp, format=fmt, dpi=dpi, facecolor="white", metadata=_metadata(fmt))
        os.replace(temp, path)
    except OSError as error:
        Path(temp).unlink(missing_ok=True)
        raise BranchdeskError(f"无法写入 {path}：{error.strerror or error}") from error
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def _metadata(fmt: str) -> dict:
    # Fixed metadata: the same data gives the same file (no embedded timestamps in SVG/PDF).
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None, "Creator": "branchdesk"}
    return {"Software": "branchdesk"}
