"""A year a chart has nothing to go on is a gap labelled 无数据, never a 0% that reads as failure;
a real 0 (branches exist, steps recorded, none reached it) stays 0."""

from __future__ import annotations

import math
from datetime import date

import pytest

from desktop.rules import trends as r
from desktop.rules.weak_cases import YearFigures

ACTIVE = {2020: set(), 2021: {1, 2, 3, 4}, 2022: {1, 2, 3, 4}, 2023: {1, 2, 3, 4}}
TARGETS = {2020: None, 2021: None, 2022: 0.4, 2023: 0.6}


def standardized(recorded):
    return r.share_by_year("standardized", "标准化", ACTIVE, {2023: {1, 2}}, TARGETS, recorded)


def test_a_year_without_creation_steps_has_no_share_and_a_year_with_steps_a_real_zero():
    # 2021: no step at all (no 考评 held); 2022: steps recorded, none accepted; 2023: two of four.
    data = standardized({2021: set(), 2022: {1, 3}, 2023: {1, 2, 3, 4}})
    assert [p.value for p in data.series[0].points] == [None, None, 0.0, 0.5]
    assert data.table_rows[0] == ("2020", "0", "—", "无数据", "—", "—")  # before the first branch
    assert data.table_rows[1] == ("2021", "4", "—", "无数据", "—", "—")
    assert data.table_rows[2] == ("2022", "4", "0", "0%", "40%", "2")
    gap = data.series[0].points[1]
    assert gap.detail == "2021 年：无数据（当年没有创建工作记录）"
    assert gap.groups[1].branch_ids == (1, 2, 3, 4)  # a click still lists the year's branches
    assert "无数据（尚无在册支部）" in data.series[0].points[0].detail


def test_only_steps_of_branches_active_that_year_count_as_data():
    data = standardized({2021: {9}, 2022: {1}, 2023: {1}})  # 9 is not in the register in 2021
    assert [p.value for p in data.series[0].points][1:3] == [None, 0.0]


def test_by_kind_without_steps_of_a_kind_has_no_share():
    kinds = {1: "village", 2: "village", 3: "community"}
    data = r.share_by_kind(2025, kinds, {1, 2, 3}, set(), 0.9, recorded={3})
    assert [(p.x, p.value) for p in data.series[0].points] == [("村", None), ("社区", 0.0)]
    assert data.table_rows == (("村", "2", "—", "无数据", "90%", "—"), ("社区", "1", "0", "0%", "90%", "1"))
    assert r.share_by_kind(2025, kinds, {1, 2, 3}, set(), 0.9, recorded=set()).empty


def test_compliance_table_says_no_data_for_a_year_nothing_was_due():
    data = r.compliance_by_month([r.MonthFact(2024, 12, 4, 1), r.MonthFact(2025, 1, 2, 2)],
                                 [r.MonthFact(2025, 1, 1, 0)], "社区")
    assert data.table_rows[0] == ("2024", "4", "1", "25%", "0", "0", "无数据")
    assert data.table_rows[1][-1] == "0%"  # one meeting due, none held: a real 0%
    assert data.series[1].points[0].value is None
    assert "无数据" in data.series[1].points[0].detail


def test_weak_cases_before_the_first_branch_are_no_data_and_with_branches_zero_is_zero():
    figures = [YearFigures(2021, 0, 0, 0, 0), YearFigures(2022, 0, 0, 0, 0), YearFigures(2023, 1, 0, 1, 0, (5,))]
    data = r.weak_by_year(figures, {2023: True}, date(2025, 1, 1), {2021: 0, 2022: 3, 2023: 3})
    assert [p.value for p in data.series[0].points] == [None, 0.0, 1.0]
    assert [p.value for p in data.series[1].points] == [None, 0.0, 1.0]
    assert data.table_rows[0] == ("2021", "无数据", "无数据", "无数据", "无数据", "—")
    assert data.table_rows[1] == ("2022", "0", "0", "0", "0", "—")


# ---------------------------------------------------------------- drawn


def _texts(drawn, text="无数据"):
    return [t for t in drawn.figure.axes[0].texts if t.get_text() == text]


def test_a_line_chart_leaves_a_gap_with_a_no_data_label_that_hovers():
    from desktop.charts import style
    from desktop.charts.figures import draw

    drawn = draw(standardized({2022: {1}, 2023: {1}}))
    axes = drawn.figure.axes[0]
    ys = axes.lines[0].get_ydata()
    assert math.isnan(ys[0]) and math.isnan(ys[1]) and ys[2] == 0 and ys[3] == 50
    offsets = axes.collections[0].get_offsets()
    assert bool(offsets.mask[1].all()) if hasattr(offsets, "mask") else math.isnan(offsets[1][1])
    labels = _texts(drawn)
    assert [label.get_position()[0] for label in labels] == [0, 1]
    assert labels[0].get_color() == style.MUTED
    assert [a.get_text() for a in axes.texts if a.get_text() == "0%"]  # the real 0 keeps its label
    from desktop.charts.picture import paint

    painted = paint(standardized({2022: {1}, 2023: {1}}), 800, 450)
    [label] = [h for h in painted.hits if h.point.x == "2021"]  # the mouse over the label hovers the gap
    assert painted.height / 2 < label.top < label.bottom < painted.height  # just above the x axis
    point = painted.point_at((label.left + label.right) / 2, (label.top + label.bottom) / 2)
    assert point.x == "2021" and "无数据" in point.detail


def test_a_bar_chart_draws_no_bar_for_a_gap():
    from desktop.charts.figures import draw

    kinds = {1: "village", 2: "village", 3: "community"}
    drawn = draw(r.share_by_kind(2025, kinds, {1, 2, 3}, set(), 0.9, recorded={3}))
    axes = drawn.figure.axes[0]
    assert len(axes.patches) == 1 and axes.patches[0].get_x() == pytest.approx(1 - 0.31)
    assert [t.get_position()[0] for t in _texts(drawn)] == [0]


def test_a_chart_with_nothing_at_all_says_so_and_marks_every_year():
    from desktop.charts.figures import draw

    drawn = draw(standardized({}))
    assert _texts(drawn, "暂无数据") and len(_texts(drawn)) == 4
