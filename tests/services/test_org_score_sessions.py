"""Which scorer rows and which session make a branch's 组织评定 (org score): only complete scorers
count, and the latest session with a complete scorer for the branch wins."""

from datetime import date

from desktop.rules.scoring import point_problem
from desktop.services import scoring
from desktop.services.results import year_results
from tests.services.helpers import add_branch


def _new(ws, branches, held_on, scorers=("张三", "李四")):
    session_id = scoring.create_session(ws, 2026, f"评分会{held_on}", held_on, branches, list(scorers))
    return session_id, scoring.load_grid(ws, session_id)


def _fill(ws, session_id, grid, scorer, branch, share=1.0, items=None):
    for item in grid.rubric.items[:items]:
        scoring.save_score(ws, session_id, (scorer, branch, item.id), round(item.max_points * share * 2) / 2)


def _org(ws, branch):
    return next(r.org for r in year_results(ws, 2026) if r.branch_id == branch)


def test_an_incomplete_later_session_leaves_the_complete_one_standing(ws):
    a, b = add_branch(ws, "光明村党支部"), add_branch(ws, "幸福社区党支部")
    first, grid = _new(ws, [a], date(2026, 5, 1))
    for scorer, _ in grid.scorers:
        _fill(ws, first, grid, scorer, a, 0.9)
    scoring.finalize(ws, first, "党建办")
    before = _org(ws, a)
    assert before is not None and before > 80
    second, grid2 = _new(ws, [a, b], date(2026, 6, 1))
    _fill(ws, second, grid2, grid2.scorers[0][0], a, 1.0, items=3)  # 3 cells of many
    scoring.finalize(ws, second, "党建办")
    assert _org(ws, a) == before  # the half-typed session does not count
    assert _org(ws, b) is None  # nobody scored b completely


def test_only_complete_scorers_count_and_the_latest_complete_session_wins(ws):
    a = add_branch(ws, "光明村党支部")
    first, grid = _new(ws, [a], date(2026, 5, 1))
    for scorer, _ in grid.scorers:
        _fill(ws, first, grid, scorer, a, 0.5)
    second, grid2 = _new(ws, [a], date(2026, 6, 1))
    complete, partial = (s for s, _ in grid2.scorers)
    _fill(ws, second, grid2, complete, a, 1.0)
    _fill(ws, second, grid2, partial, a, 1.0, items=len(grid2.rubric.items) - 1)  # one item short
    assert _org(ws, a) == grid2.rubric.total_points  # the partial scorer is left out, not averaged as less
    _fill(ws, second, grid2, partial, a, 0.0)
    assert _org(ws, a) == grid2.rubric.total_points / 2


def test_session_empty_cells_are_counted_for_the_finalize_question(ws):
    a, b = add_branch(ws, "甲社区党支部"), add_branch(ws, "乙社区党支部")
    session_id, grid = _new(ws, [a, b], date(2026, 6, 1))
    _fill(ws, session_id, grid, grid.scorers[0][0], a, 1.0, items=3)
    cells = len(grid.rubric.items) * 2 * 2
    assert scoring.empty_cells(ws, session_id) == cells - 3


def test_a_negative_score_is_refused_as_negative():
    assert point_problem(-1, 5) == "-1 不能为负"
    assert point_problem(2.25, 5).startswith("2.25 不是整分或半分")
