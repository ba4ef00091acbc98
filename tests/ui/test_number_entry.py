"""Numbers a clerk types into the score grid and the 四评 form: nan, inf and overflowing values are
refused with a reason naming the item's own range and the value as typed, never the error dialog."""

import pytest
from PySide6.QtWidgets import QApplication

from desktop.services import scoring
from tests.ui.test_evaluation_tab import setup, type_keys  # noqa: F401 - the fixture


def _type_into_cell(qtbot, view, model, row, text):
    """Commit the text to the cell as the editor does. The editor's validator drops most of these
    keys, but the model is what decides: anything that reaches it must be refused with a reason."""
    view.setCurrentIndex(model.index(row, 0))
    model.setData(model.index(row, 0), text)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: not model.ops.tasks.busy, timeout=10_000)


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "NaN", "1e400"])
def test_non_finite_score_is_refused_with_a_reason(qtbot, setup, ws, text):  # noqa: F811
    tab, session_id, _branches = setup
    view, model = tab.scoring.view, tab.scoring.model
    view.setFocus()
    row = next(r for r, item in enumerate(model.items) if item.max_points == 3)
    _type_into_cell(qtbot, view, model, row, text)
    status = tab.scoring.status.text()
    item = model.items[row]
    if text == "1e400":
        assert f"{item.item_name}：1e400 超出本项 0–3 分的范围" in status
    elif text == "-inf":
        assert "“-inf”不是数字" in status
    else:
        assert f"“{text}”不是数字" in status
    assert scoring.load_grid(ws, session_id).scores == {}
    assert view.currentIndex() == model.index(row, 0)


def test_too_large_score_echoes_what_was_typed(qtbot, setup, ws):  # noqa: F811
    tab, session_id, _branches = setup
    view, model = tab.scoring.view, tab.scoring.model
    view.setFocus()
    row = next(r for r, item in enumerate(model.items) if item.max_points == 3)
    _type_into_cell(qtbot, view, model, row, "1e20")
    assert f"{model.items[row].item_name}：1e20 超出本项 0–3 分的范围" in tab.scoring.status.text()
    _type_into_cell(qtbot, view, model, row, "３")  # a full-width digit from a Chinese input method
    assert list(scoring.load_grid(ws, session_id).scores.values()) == [3.0]
