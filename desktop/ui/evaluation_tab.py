"""考评打分 tab: the year's rubric, scoring sessions, tallies, and results with the workflow."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.ui.context import AppContext
from desktop.ui.results_page import ResultsPage
from desktop.ui.rewards_page import RewardsPage
from desktop.ui.rubric_page import RubricPage
from desktop.ui.scoring_page import ScoringPage
from desktop.ui.tally_page import TallyPage
from desktop.ui.year_box import LABEL as YEAR_LABEL
from desktop.ui.year_box import YearBox


class EvaluationTab(QWidget):
    TITLE = "考评打分"

    def __init__(self, context: AppContext, parent=None, year: int | None = None):
        super().__init__(parent)
        self.context = context
        self.year = YearBox(year)
        self.scoring = ScoringPage(context)
        self.tallies = TallyPage(context)
        self.results = ResultsPage(context)
        self.rubric = RubricPage(context)
        self.rewards = RewardsPage(context)
        self.pages = QTabWidget()
        self.pages.addTab(self.scoring, "评分会")
        self.pages.addTab(self.tallies, "四评录入")
        self.pages.addTab(self.results, "考评结果与流程")
        self.pages.addTab(self.rewards, "创建计划与激励")
        self.pages.addTab(self.rubric, "考评细则")
        top = QHBoxLayout()
        top.addWidget(QLabel(YEAR_LABEL))
        top.addWidget(self.year)
        top.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages)
        # Each page follows the changes to what it shows (desktop.ui.follow): it loads when first
        # shown and reloads, at once or when next shown, after a change; a new year makes all stale.
        self.shown_year = self.year.value()
        for page in self._all():
            page.set_year(self.shown_year)
        self.year.valueChanged.connect(self._year_changed)
        self.scoring.year_wanted.connect(self.year.setValue)

    def focus_find(self) -> None:
        find = getattr(self.pages.currentWidget(), "focus_find", None)
        if find is not None:
            find()

    def new_record(self) -> None:
        """Ctrl+N: a new scoring session (the one thing of this tab that is added)."""
        self.pages.setCurrentWidget(self.scoring)
        self.scoring.new_record()

    def _all(self):
        return (self.scoring, self.tallies, self.results, self.rubric, self.rewards)

    def settle_unsaved(self, proceed: Callable[[], None]) -> bool:
        """Before the year or the app changes under the tallies form: True to go on now; False to stay
        (the clerk cancelled, or a save is under way: `proceed()` once it has landed)."""
        if self.tallies.dirty():
            self.pages.setCurrentWidget(self.tallies)  # the question and any refusal are about this page
        return self.tallies.settle_unsaved(proceed)

    def _year_changed(self, year: int) -> None:
        if not self.settle_unsaved(lambda: self.year.setValue(year)):
            self.year.blockSignals(True)
            self.year.setValue(self.shown_year)
            self.year.blockSignals(False)
            return
        self.shown_year = year
        for page in self._all():
            page.set_year(year)
