"""Quitting says nothing: a window used as a clerk uses it (every tab and page, a print and its
preview) closes through 文件 → 退出 without a word from Qt on stderr, such as "QObject: shared
QObject was deleted directly … may crash"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.conftest import add_branch

ROOT = Path(__file__).resolve().parents[2]
HARMLESS = ("This plugin does not support propagateSizeHints()",)  # the offscreen platform's own

DAY = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import desktop.ui
from desktop.app import run_gui
from desktop.ui.main_window import MainWindow

app = QApplication([sys.argv[0]])
steps = []

def next_step():
    if steps:
        action, wait = steps.pop(0)
        action()
        QTimer.singleShot(wait, next_step)

def day():
    window = next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)), None)
    if window is None or window.context.tasks.busy:
        QTimer.singleShot(100, day)
        return
    from desktop.ui.evaluation_tab import EvaluationTab
    from desktop.ui.paper_dialog import PrintDialog
    evaluation = window.tab(EvaluationTab)
    for index in range(window.tabs.count()):
        steps.append((lambda index=index: window.tabs.setCurrentIndex(index), 600))
    for page in range(evaluation.pages.count()):
        steps.append((lambda page=page: evaluation.pages.setCurrentIndex(page), 400))
    dialog = []
    steps.append((lambda: dialog.append(PrintDialog(window.context, window)) or dialog[0].show(), 600))
    steps.append((lambda: dialog[0].generate(), 4000))
    steps.append((lambda: print("preview", dialog[0].preview is not None), 100))
    steps.append((window.actions["quit"].trigger, 100))
    next_step()

QTimer.singleShot(0, day)
sys.exit(run_gui(sys.argv[1]))
"""


def run_quiet(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), BRANCHDESK_DATA_DIR=str(tmp_path / "data"))
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=180)


def qt_words(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip() and not line.startswith(HARMLESS)]


@pytest.fixture
def office(ws, tmp_path):
    from desktop.services import settings

    for number in range(1, 6):
        add_branch(ws, f"第{number}社区党支部", "community", 10 + number)
    settings.save(ws, [settings.Change("issuer_name", "中共和平街道工作委员会")])
    return tmp_path / "test.sqlite3"


def test_a_day_in_the_window_ends_without_a_word_from_qt(office, tmp_path):
    result = run_quiet("-c", DAY, str(office), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "preview True" in result.stdout
    assert qt_words(result.stderr) == []


def test_smoke_start_ends_without_a_word_from_qt(tmp_path):
    result = run_quiet("-m", "desktop", "--db", str(tmp_path / "smoke.sqlite3"), "--smoke", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert qt_words(result.stderr) == []
