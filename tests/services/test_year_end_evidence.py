"""Year-end evidence for yearly meetings read from a real meeting log, in the scoring grid's service
and on the printed score sheet: in December an unheld 组织生活会 or 谈心谈话 is owed, not exempt."""

from dataclasses import replace
from datetime import date

from desktop.services import documents, evidence, rubric
from tests.meeting_helpers import add_branch, add_meeting
from tests.paper_support import page_texts, squeeze

YEAR = 2025
OWED = "尚未开展（年底前须完成）"


def _items(ws):
    # The year's rubric is not saved yet: number its items as the paper sheets do.
    return {item.item_code: replace(item, id=n) for n, item in enumerate(rubric.rubric_for_year(ws, YEAR).items)}


def _found(ws, branch, as_of):
    items = _items(ws)
    found = evidence.evidence_for(ws, YEAR, [branch], tuple(items.values()), as_of=as_of)
    return {code: found.get((branch, item.id)) for code, item in items.items()}


def test_december_without_yearly_meetings_suggests_nothing(ws):
    branch = add_branch(ws, groups=0)
    found = _found(ws, branch, date(YEAR, 12, 1))
    assert found["life.life_meeting"].text == f"组织生活会：{OWED}；民主评议党员：{OWED}"
    assert found["life.life_meeting"].suggested is None
    assert found["life.talk"].text == f"谈心谈话：{OWED}" and found["life.talk"].suggested is None
    # 党小组会 is truly exempt (no groups): the only "不要求", with full points.
    assert found["life.group_meeting"].text == "党小组会：本年度不要求"
    assert found["life.group_meeting"].suggested == _items(ws)["life.group_meeting"].max_points


def test_yearly_meetings_held_count_before_the_year_ends(ws):
    branch = add_branch(ws)
    add_meeting(ws, branch, "life_meeting", date(YEAR, 11, 20))
    add_meeting(ws, branch, "member_review", date(YEAR, 11, 21))
    add_meeting(ws, branch, "talk", date(YEAR, 3, 2))
    found = _found(ws, branch, date(YEAR, 12, 30))
    assert found["life.life_meeting"].text == "组织生活会、民主评议党员：应开 2 期，已开 2 期"
    assert found["life.life_meeting"].suggested == 4
    assert found["life.talk"].suggested == 2


def test_after_the_year_an_unheld_yearly_meeting_scores_zero(ws):
    branch = add_branch(ws)
    add_meeting(ws, branch, "life_meeting", date(YEAR, 11, 20))
    found = _found(ws, branch, date(YEAR, 12, 31))
    assert found["life.life_meeting"].text == "组织生活会、民主评议党员：应开 2 期，已开 1 期"
    assert found["life.life_meeting"].suggested == 2
    assert found["life.talk"].text == "谈心谈话：应开 1 期，已开 0 期" and found["life.talk"].suggested == 0


def test_printed_score_sheet_says_owed_and_leaves_the_suggestion_blank(ws, tmp_path):
    add_branch(ws, groups=0)
    documents.print_document(ws, "score_sheets", {"year": YEAR, "as_of": f"{YEAR}-12-10"}, tmp_path / "s.pdf")
    text = squeeze("".join(page_texts(tmp_path / "s.pdf")))
    assert "谈心谈话2谈心谈话：尚未开展（年底前须完成）—" in text
    assert "民主评议党员：尚未开展（年底前须完成）—" in text
    assert "本年度不要求" in text  # 党小组会 only
    assert text.count("本年度不要求") == 1
