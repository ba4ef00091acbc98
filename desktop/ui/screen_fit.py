"""Windows fit the screen they open on. A 1366×768 office screen leaves about 1366×728 above the
task bar: a window asking for more would hide its bottom buttons below the screen's edge."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

# Title bar and borders of a window not shown yet (its real frame is known only once shown).
FRAME_ALLOWANCE = QSize(16, 40)


def free_area(widget: QWidget) -> QRect | None:
    """The available geometry (without task bars) of the screen the window is, or will be, on."""
    anchor = widget.parentWidget() or widget
    screen = anchor.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def resize_on_screen(widget: QWidget, width: int, height: int) -> None:
    """The window's wished size, no larger than the free area of its screen (frame included)."""
    free = free_area(widget)
    if free is not None:
        width = min(width, free.width() - FRAME_ALLOWANCE.width())
        height = min(height, free.height() - FRAME_ALLOWANCE.height())
    widget.resize(width, height)


def keep_on_screen(window: QWidget) -> None:
    """A shown window, frame included, moved and shrunk into its screen's free area (a geometry
    restored from a larger screen, or a size wished before the frame was known)."""
    free = free_area(window)
    if free is None:
        return
    frame = window.frameGeometry().size() - window.geometry().size()  # title bar and borders
    width = min(window.width(), free.width() - frame.width())
    height = min(window.height(), free.height() - frame.height())
    window.resize(width, height)
    x = min(max(window.x(), free.left()), free.right() - width - frame.width() + 1)
    y = min(max(window.y(), free.top()), free.bottom() - height - frame.height() + 1)
    window.move(x, y)


def wrap_in_width(label: QLabel) -> QLabel:
    """A label naming files or figures of any length: it wraps in the width its layout gives it
    instead of asking for its text's width (a deep folder would push a window off the screen)."""
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label
