"""The year selector every tab shows, so they look and behave alike: "年度" and a spin box."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QSpinBox, QWidget

LABEL = "年度"
FIRST_YEAR, LAST_YEAR = 2000, 2100


class YearBox(QSpinBox):
    """A year, the current one unless told otherwise. Typing a year applies it on Enter or on
    leaving the box, not at each digit (a district's matrix is not recomputed for "2", "20", ...)."""

    def __init__(self, value: int | None = None, parent: QWidget | None = None,
                 first: int = FIRST_YEAR, last: int = LAST_YEAR):
        super().__init__(parent)
        self.setRange(first, last)
        self.setValue(value if value is not None else date.today().year)
        self.setSuffix(" 年")
        self.setKeyboardTracking(False)
