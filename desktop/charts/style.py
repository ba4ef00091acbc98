"""The look shared by every chart: the project's CJK font, colours, sizes.

The font comes from desktop.paper.fonts, the one authority on faces: matplotlib does not fall back
to system CJK fonts, and without it every Chinese label is a box.
"""

from __future__ import annotations

import matplotlib

from desktop.paper import fonts

ACHIEVED = "#C0392B"  # the program's red: what has been reached
SECOND = "#2471A3"  # a second series (a chosen branch kind)
TARGET = "#34495E"  # target and pass lines: dark, dashed
BELOW = "#E59866"  # bars short of their target or below the pass line
REACHED = "#27AE60"  # bars at or over their target
NEUTRAL = "#5D6D7E"  # counts with no target
MUTED = "#A6ACAF"  # 无数据 at a gap: quieter than any figure
GRID = "#D5D8DC"


def setup() -> str:
    """Make the paper documents' CJK font the default face (desktop.paper.fonts decides which:
    the PC's 黑体 when present, else the bundled one). Returns its family name."""
    family = fonts.use_for_matplotlib()
    rc = matplotlib.rcParams
    rc["svg.fonttype"] = "path"  # an SVG looks the same on a machine without the font
    rc["pdf.fonttype"] = 42  # TrueType in PDFs: selectable text, embedded subset
    return family
