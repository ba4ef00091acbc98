"""采用建议分: only empty cells with a suggestion are filled, in one unit, marked until the scorer
confirms; a typed score is never replaced; unconfirmed suggestions hold back the 组织评定, locking
and the laptop loop (rules.scoring)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop.errors import BranchdeskError
from desktop.models import ChangeLog, Score
from desktop.rules.scoring import suggestions_refusal
from desktop.services import checkout, laptop, scoring, suggestions
from desktop.services.results import year_results
from tests.services.checkout_helpers import BRANCHES, cell, computers, seed_office
from tests.services.helpers import add_branch

__all__ = ["computers"]
YEAR = 2025


@pytest.fixture
def setup(ws):
    """Two branches, two scorers; 光明 has a committee and a trained secretary (full marks there)."""
    a = add_branch(ws, "光明村党支部", full=10, has_committee=True)
    b = add_branch(ws, "和平社区党支部", full=3)
    session_id = scoring.create_session(ws, YEAR, "年度考评", date(YEAR, 12, 20), [a, b], ["张三", "李四"])
    grid = scoring.load_grid(ws, session_id)
    found = suggestions.grid_evidence(ws, grid)
    return session_id, grid, found, a, b


def _rows(ws, session_id):
    with ws.read() as session:
        return {(s.scorer_id, s.branch_id, s.item_id): (s.points, s.suggested)
                for s in session.scalars(select(Score).where(Score.session_id == session_id))}


def test_one_branch_fills_only_its_empty_suggested_cells_in_one_unit(ws, setup):
    session_id, grid, found, a, b = setup
    zhang = grid.scorers[0][0]
    suggested_items = [i for i in grid.rubric.items if found.get((a, i.id)) and found[(a, i.id)].suggested is not None]
    bare = [i for i in grid.rubric.items if (a, i.id) not in found]
    assert suggested_items and bare  # the rubric has both kinds
    typed = suggested_items[0]
    scoring.save_score(ws, session_id, (zhang, a, typed.id), 0.5)
    assert suggestions.fillable(ws, session_id, zhang, a).count == len(suggested_items) - 1
    with ws.read() as session:
        before = session.scalar(select(ChangeLog.seq).order_by(ChangeLog.seq.desc()).limit(1))
    filled = suggestions.adopt(ws, session_id, zhang, a)
    assert len(filled) == len(suggested_items) - 1
    rows = _rows(ws, session_id)
    assert rows[(zhang, a, typed.id)] == (0.5, False)  # the typed score stays
    for item in suggested_items[1:]:
        assert rows[(zhang, a, item.id)] == (found[(a, item.id)].suggested, True)
    assert all((zhang, a, i.id) not in rows for i in bare)  # no suggestion: still empty
    assert not any(key[1] == b or key[0] != zhang for key in rows)  # only this branch and scorer
    with ws.read() as session:
        units = set(session.scalars(select(ChangeLog.tx).where(ChangeLog.seq > before)))
    assert len(units) == 1  # one write unit, in the change log
    assert suggestions.adopt(ws, session_id, zhang, a) == {}  # nothing left to fill


def test_all_branches_and_the_grid_sees_the_marks(ws, setup):
    session_id, grid, _found, a, b = setup
    li = grid.scorers[1][0]
    filled = suggestions.adopt(ws, session_id, li)
    assert {key[1] for key in filled} == {a, b}
    assert scoring.load_grid(ws, session_id).suggested == set(filled)


def test_typing_or_confirming_clears_the_mark(ws, setup):
    session_id, grid, _found, a, b = setup
    zhang = grid.scorers[0][0]
    filled = suggestions.adopt(ws, session_id, zhang)
    retyped, changed, *_rest = sorted(k for k in filled if k[1] == a)
    scoring.save_score(ws, session_id, retyped, filled[retyped], shown=filled[retyped])  # the same score, typed
    scoring.save_score(ws, session_id, changed, 0.0 if filled[changed] else 0.5, shown=filled[changed])
    rows = _rows(ws, session_id)
    assert not rows[retyped][1] and not rows[changed][1]
    assert suggestions.confirm(ws, session_id, zhang, b) and all(
        not mark for key, (_p, mark) in _rows(ws, session_id).items() if key[1] == b)
    assert any(mark for _p, mark in _rows(ws, session_id).values())  # 光明's others still wait
    suggestions.confirm(ws, session_id, zhang)
    assert scoring.load_grid(ws, session_id).suggested == set()


def test_locking_is_refused_naming_the_branches_until_confirmed(ws, setup):
    session_id, grid, _found, _a, _b = setup
    zhang = grid.scorers[0][0]
    suggestions.adopt(ws, session_id, zhang)
    with pytest.raises(BranchdeskError) as refused:
        scoring.finalize(ws, session_id, "党建办")
    assert "张三：光明村党支部、和平社区党支部" in refused.value.message and "确认锁定" in refused.value.message
    assert not scoring.load_grid(ws, session_id).session.finalized
    suggestions.confirm(ws, session_id, zhang)
    scoring.finalize(ws, session_id, "党建办")
    with pytest.raises(BranchdeskError, match="已确认锁定"):
        suggestions.adopt(ws, session_id, grid.scorers[1][0])


def test_unconfirmed_suggestions_do_not_make_the_org_score(ws, setup):
    session_id, grid, found, a, _b = setup
    zhang = grid.scorers[0][0]
    for item in grid.rubric.items:
        if (a, item.id) not in found or found[(a, item.id)].suggested is None:
            scoring.save_score(ws, session_id, (zhang, a, item.id), item.max_points)
    suggestions.adopt(ws, session_id, zhang, a)
    org = lambda: next(r.org for r in year_results(ws, YEAR) if r.branch_id == a)  # noqa: E731
    assert org() is None  # complete only with the ledger's word: not yet the scorer's total
    suggestions.confirm(ws, session_id, zhang, a)
    assert org() == sum(scoring.load_grid(ws, session_id).scores[(zhang, a, i.id)] for i in grid.rubric.items)


def test_the_refusal_names_each_scorer_and_counts_the_rest():
    assert suggestions_refusal("确认锁定", []) is None
    pairs = [("甲", f"第{n}支部") for n in range(1, 8)] + [("乙", "第1支部")]
    text = suggestions_refusal("带出", pairs)
    assert "甲：第1支部、第2支部、第3支部、第4支部、第5支部等 7 个支部；乙：第1支部" in text and "不能带出" in text


def test_marks_do_not_travel_they_are_confirmed_first(computers, tmp_path):
    office, a_laptop, _b = computers
    session_id = seed_office(office.ws)
    jia = cell(office.ws, session_id, "甲", BRANCHES[0])[0]
    assert suggestions.adopt(office.ws, session_id, jia, None)
    with pytest.raises(BranchdeskError, match=r"甲：.*不能带出"):
        checkout.export_part(office.ws, session_id, tmp_path / "a", ["甲"])
    checkout.export_part(office.ws, session_id, tmp_path / "b", ["乙"])  # another scorer's part goes
    suggestions.confirm(office.ws, session_id, jia)
    out = checkout.export_part(office.ws, session_id, tmp_path / "a", ["甲"])
    on_laptop = laptop.open_package(a_laptop.ws, out.file, out.code).session_id
    grid = scoring.load_grid(a_laptop.ws, on_laptop)
    assert grid.scores and not grid.suggested  # confirmed scores arrived as scores
    # On the laptop the scorer adopts the office's suggestions for an emptied cell: the return waits.
    key = cell(a_laptop.ws, on_laptop, "甲", BRANCHES[1])
    scoring.save_score(a_laptop.ws, on_laptop, key, None)
    assert suggestions.adopt(a_laptop.ws, on_laptop, key[0], key[1]) == {key: grid.scores[key]}
    with pytest.raises(BranchdeskError, match="不能导出评分结果"):
        laptop.make_return(a_laptop.ws, on_laptop, tmp_path / "back")
    suggestions.confirm(a_laptop.ws, on_laptop, key[0])
    assert laptop.make_return(a_laptop.ws, on_laptop, tmp_path / "back").file.exists()
