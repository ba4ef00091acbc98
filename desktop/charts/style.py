"""The look shared by every chart: the project's CJK font, colours, sizes.

matplotlib does not fall back to system CJK fonts, so the bundled WenQuanYi Micro Hei is registered
by file and put first in font.sans-serif; without it every Chinese label is a box.
"""

from __future__ import annotations

import matplotlib
from matplotlib import font_manager

from desktop import paths

FONT_FILE = ("fonts", "wqy-microhei.ttc")

ACHIEVED = "#C0392B"  # the program's red: what has been reached
SECOND = "#2471A3"  # a second series (a chosen branch kind)
TARGET = "#34495E"  # target and pass lines: dark, dashed
BELOW = "#E59866"  # bars short of their target or below the pass line
REACHED = "#27AE60"  # bars at or over their target
NEUTRAL = "#5D6D7E"  # counts with no target
GRID = "#D5D8DC"

_family: str | None = None


def setup() -> str:
    """Register the bundled CJK font once and make it the default face. Returns its family name."""
    global _family
    if _family is None:
        path = paths.resource(*FONT_FILE)
        font_manager.fontManager.addfont(str(path))  # a .ttc registers its first face only
        _family = font_manager.FontProperties(fname=str(path)).get_name()
    rc = matplotlib.rcParams
    if not rc["font.sans-serif"] or rc["font.sans-serif"][0] != _family:
        rc["font.sans-serif"] = [_family, *[f for f in rc["font.sans-serif"] if f != _family]]
    rc["font.family"] = "sans-serif"
    rc["axes.unicode_minus"] = False  # the font has no U+2212 minus sign
    rc["svg.fonttype"] = "path"  # an SVG looks the same on a machine without the font
    rc["pdf.fonttype"] = 42  # TrueType in PDFs: selectable text, embedded subset
    return _family
