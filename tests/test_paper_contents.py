"""What changed in a printed sheet: rows matched by name, 序号 never compared, totals and notes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.paper.contents import Contents, differences, of_table

COLUMNS = ("序号", "支部名称", "综合得分", "状态")


def sheet(rows, totals=(), notes=()) -> Contents:
    return of_table(COLUMNS, [[str(i + 1), *row] for i, row in enumerate(rows)], 1, totals, notes)


def texts(before: Contents, after: Contents) -> list[str]:
    return [d.text for d in differences(before, after)]


def test_a_changed_figure_names_the_branch_the_column_and_old_and_new():
    before = sheet([("甲社区党支部", "91.50", "已验收"), ("乙社区党支部", "88.00", "已申请")])
    after = sheet([("甲社区党支部", "92.00", "已验收"), ("乙社区党支部", "88.00", "已考评")])
    assert texts(before, after) == ["甲社区党支部：综合得分 91.50 → 92.00", "乙社区党支部：状态 已申请 → 已考评"]
    assert texts(before, before) == []


def test_a_branch_added_on_top_moves_every_sequence_number_but_only_the_new_row_is_named():
    before = sheet([("乙社区党支部", "88.00", "已申请"), ("丙村党支部", "—", "未开始")])
    after = sheet([("阿社区党支部", "90.00", "未开始"), ("乙社区党支部", "88.00", "已申请"), ("丙村党支部", "—", "未开始")])
    assert texts(before, after) == ["新增：阿社区党支部"]
    assert texts(after, before) == ["已不在表中：阿社区党支部"]


def test_totals_notes_and_headers():
    before = sheet([("甲", "90.00", "")], totals=[("合计 1 个", "", "90.00", "")], notes=("标准化 1 个",))
    after = sheet([("甲", "90.00", "")], totals=[("合计 1 个", "", "91.00", "")], notes=("标准化 2 个",))
    assert texts(before, after) == ["合计行：综合得分 90.00 → 91.00", "说明：删去“标准化 1 个”", "说明：新增“标准化 2 个”"]
    other = of_table(("序号", "支部名称"), [["1", "甲"]], 1)
    assert [d.row for d in differences(before, other)] == ["表头"]


def test_two_rows_of_one_name_are_kept_apart_by_their_order():
    before = sheet([("甲", "90.00", "a"), ("甲", "80.00", "b")])
    after = sheet([("甲", "90.00", "a"), ("甲", "81.00", "b")])
    assert texts(before, after) == ["甲（第 2 行）：综合得分 80.00 → 81.00"]


names = st.lists(st.text(alphabet="甲乙丙丁戊社区村党支部", min_size=1, max_size=6), unique=True, max_size=8)
scores = st.sampled_from(["—", "80.00", "90.50", "100.00"])


@given(names, st.data())
def test_contents_survive_json_and_a_sheet_differs_from_itself_in_nothing(branch_names, data):
    rows = [(name, data.draw(scores), data.draw(st.sampled_from(["", "已验收"]))) for name in branch_names]
    printed = sheet(rows, notes=("说明一",))
    assert Contents.from_json(printed.to_json()) == printed
    assert differences(printed, Contents.from_json(printed.to_json())) == []
    changed = sheet([(n, "99.00" if i == 0 else s, st_) for i, (n, s, st_) in enumerate(rows)], notes=("说明一",))
    found = differences(printed, changed)
    assert [d.row for d in found] == ([rows[0][0]] if rows and rows[0][1] != "99.00" else [])
