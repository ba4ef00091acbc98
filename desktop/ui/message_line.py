"""A line kept for a message under a form field or a form: its height is reserved whether it says
something or not, so nothing below it moves when a message appears under the clerk's mouse."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class MessageLine(QLabel):
    """`lines` lines of text at most; a longer message is cut with … and shown whole as the tooltip."""

    def __init__(self, lines: int = 1, parent: QWidget | None = None):
        super().__init__(parent)
        self._lines = lines
        self._full = ""
        self.setWordWrap(lines > 1)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        metrics = QFontMetrics(self.font())
        # Chinese falls back on a font with taller lines than the UI font's own metrics say.
        line = max(metrics.lineSpacing(), metrics.boundingRect("中文").height())
        self.setFixedHeight(line * lines + 2)
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)  # a long message never widens the form
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)

    def text(self) -> str:
        """The whole message, though the label may paint it cut."""
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text or ""
        self.setToolTip(self._full if self._full else "")
        self._show()

    def clear(self) -> None:
        self.setText("")

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._show()

    def _show(self) -> None:
        room = max(1, self.contentsRect().width()) * self._lines - (self._lines - 1) * self.fontMetrics().averageCharWidth() * 2
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        super().setText(shown)
