"""Everything a first chart needs before it can be drawn: matplotlib's modules and the CJK font.

That is 0.4–0.9 s of imports (numpy, matplotlib.figure, the text and font machinery). The window
runs it on a thread of its own once the worker is first idle, so that the first show of 趋势图表
does not stop the window for it; the CLI and the report call it where they need a chart.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_family: str | None = None


def prepare() -> str:
    """Import the drawing modules and register the charts' font, once per process (a second
    caller waits for the first). Returns the font family the charts are set in."""
    global _family
    with _lock:
        if _family is None:
            from matplotlib.backends import backend_agg  # noqa: F401 - loaded for the first drawing

            from desktop.charts import (
                figures,  # noqa: F401 - and with it matplotlib.figure, text, ticker
                style,
            )

            _family = style.setup()
        return _family


def prepared() -> bool:
    return _family is not None
