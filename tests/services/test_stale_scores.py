"""A scoring grid's autosave of one cell, given the score the grid showed there: refused when the
stored score was changed elsewhere since (another window or computer on the same file, through a
second ws here), nothing written, the other writer's score kept and named."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event

from desktop.services import scoring
from desktop.services.scoring import ScoreChanged
from desktop.store.changelog import WorkSession
from tests.services.helpers import add_branch

YEAR = 2025



@pytest.fixture
def cell(ws):
    """(session id, the key of the first cell, that item's maximum)."""
    branch = add_branch(ws, "幸福社区党支部")
    session_id = scoring.create_session(ws, YEAR, "年度考评", date(YEAR, 6, 1), [branch], ["张三"])
    grid = scoring.load_grid(ws, session_id)
    item = grid.rubric.items[0]
    return session_id, (grid.scorers[0][0], branch, item.id), item.max_points


def stored(ws, session_id, key):
    return scoring.load_grid(ws, session_id).scores.get(key)


def test_a_cell_scored_elsewhere_after_the_grid_showed_it_empty_is_not_overwritten(ws, other, cell):
    session_id, key, _ = cell
    scoring.save_score(other, session_id, key, 3)
    with pytest.raises(ScoreChanged, match="该项分数在您打开之后已在别处改为 3 分") as refused:
        scoring.save_score(ws, session_id, key, 2, shown=None)
    assert refused.value.stored == 3 and stored(ws, session_id, key) == 3


def test_a_score_changed_or_cleared_elsewhere_is_kept(ws, other, cell):
    session_id, key, _ = cell
    scoring.save_score(ws, session_id, key, 3)
    scoring.save_score(other, session_id, key, 4)
    with pytest.raises(ScoreChanged) as refused:
        scoring.save_score(ws, session_id, key, 1, shown=3)
    assert refused.value.stored == 4 and stored(ws, session_id, key) == 4

    scoring.save_score(other, session_id, key, None)
    with pytest.raises(ScoreChanged, match="已在别处清空") as refused:
        scoring.save_score(ws, session_id, key, 1, shown=4)
    assert refused.value.stored is None and stored(ws, session_id, key) is None
    with pytest.raises(ScoreChanged):  # clearing a cell the grid still shows as 4: refused as well
        scoring.save_score(other, session_id, key, 2)
        scoring.save_score(ws, session_id, key, None, shown=4)
    assert stored(ws, session_id, key) == 2


def test_the_score_shown_saves_and_the_same_score_typed_elsewhere_is_no_conflict(ws, other, cell):
    session_id, key, _ = cell
    scoring.save_score(ws, session_id, key, 3, shown=None)
    scoring.save_score(ws, session_id, key, 4, shown=3)
    assert stored(ws, session_id, key) == 4
    scoring.save_score(other, session_id, key, 2)
    scoring.save_score(ws, session_id, key, 2, shown=4)  # both typed 2: nothing is lost
    assert stored(ws, session_id, key) == 2


def test_a_stale_change_to_a_finalized_session_is_refused_before_it_is_recorded(ws, other, cell):
    session_id, key, _ = cell
    scoring.save_score(ws, session_id, key, 3)
    scoring.finalize(ws, session_id, "党建办王")
    scoring.save_score(other, session_id, key, 4, changed_by="李", reason="录入错误")
    with pytest.raises(ScoreChanged):
        scoring.save_score(ws, session_id, key, 1, changed_by="王", reason="评委更正", shown=3)
    assert stored(ws, session_id, key) == 4
    assert [(c.old_points, c.new_points, c.changed_by) for c in scoring.changes(ws, session_id)] == [(3, 4, "李")]


@contextmanager
def other_writes_before_the_flush(ws, write):
    """Run `write` (another process's save) once, after this workspace's unit has read the cell
    and just before it writes: the race a version check or a unique index must catch."""
    fired = []

    def race(session, _context, _instances):
        if session.info["workspace"] is ws and not fired:
            fired.append(True)
            write()

    event.listen(WorkSession, "before_flush", race)
    try:
        yield fired
    finally:
        event.remove(WorkSession, "before_flush", race)


def test_a_write_between_the_read_and_the_update_is_refused(ws, other, cell):
    """The stored score matches, then another process commits before this UPDATE: the UPDATE names
    the version it read, writes nothing, and the refusal names the other's score."""
    session_id, key, _ = cell
    scoring.save_score(ws, session_id, key, 3)
    with other_writes_before_the_flush(ws, lambda: scoring.save_score(other, session_id, key, 4)) as fired, \
            pytest.raises(ScoreChanged) as refused:
        scoring.save_score(ws, session_id, key, 1, shown=3)
    assert fired and refused.value.stored == 4 and stored(ws, session_id, key) == 4


def test_a_cell_inserted_between_the_read_and_the_insert_is_refused(ws, other, cell):
    session_id, key, _ = cell
    with other_writes_before_the_flush(ws, lambda: scoring.save_score(other, session_id, key, 4)) as fired, \
            pytest.raises(ScoreChanged) as refused:
        scoring.save_score(ws, session_id, key, 1, shown=None)
    assert fired and refused.value.stored == 4 and stored(ws, session_id, key) == 4


def test_check_shown_names_the_stored_score(ws, other, cell):
    session_id, key, _ = cell
    scoring.check_shown(ws, session_id, key, None)  # empty, as shown
    scoring.save_score(other, session_id, key, 3)
    with pytest.raises(ScoreChanged) as refused:
        scoring.check_shown(ws, session_id, key, None)
    assert refused.value.stored == 3
    scoring.check_shown(ws, session_id, key, 3)
