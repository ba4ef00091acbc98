"""The figures behind each chart, from known plain data (not from the picture)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.rules import trends as r
from desktop.rules.targets import YearTarget


def test_share_by_year_counts_only_active_branches():
    active = {2023: set(range(1, 11)), 2024: set(range(1, 9)), 2025: set()}
    achieved = {2023: {1, 2, 3, 4, 5, 6}, 2024: {1, 2, 3, 4, 5, 6, 9}}  # 9 is no longer active in 2024
    data = r.share_by_year("standardized", "标准化", active, achieved, {2023: 0.6, 2024: 0.8, 2025: 0.9})
    points = data.series[0].points
    assert [p.x for p in points] == ["2023", "2024", "2025"]
    assert points[0].value == pytest.approx(0.6)
    assert points[1].value == pytest.approx(6 / 8)
    assert points[2].value is None  # no branches: no share, not 0%
    assert data.targets == (0.6, 0.8, 0.9)
    assert points[1].groups[0].branch_ids == (1, 2, 3, 4, 5, 6)
    assert points[1].groups[1].branch_ids == (7, 8)
    assert data.table_rows[0] == ("2023", "10", "6", "60%", "60%", "0")
    assert data.table_rows[1] == ("2024", "8", "6", "75%", "80%", "1")
    assert "还差 1 个" in points[1].detail and "已达到" in points[0].detail


def _standing(branch_id, standardized, strongest=False, state=None, year=2025):
    return r.Standing(branch_id, year, state or ("accepted" if standardized else "applied"), standardized, strongest)


def test_dashboard_exactly_at_target_and_one_short():
    target = YearTarget(2025, 0.9, 0.5, True)
    active = set(range(1, 21))
    at = [_standing(i, i <= 18, i <= 10) for i in active]
    board = r.dashboard(2025, active, at, target)
    assert (board.standardized.achieved, board.standardized.required, board.standardized.shortfall) == (18, 18, 0)
    assert (board.strongest.achieved, board.strongest.shortfall) == (10, 0)
    short = [_standing(i, i <= 17, i <= 9) for i in active]
    board = r.dashboard(2025, active, short, target)
    assert board.standardized.shortfall == 1 and board.strongest.shortfall == 1
    assert board.standardized.share == pytest.approx(0.85)
    assert board.weak_text == "软弱涣散党组织动态清零"


def test_dashboard_states_in_workflow_order_missing_is_not_started():
    active = {1, 2, 3, 4, 5}
    facts = [
        _standing(1, True, state="accepted"), _standing(2, True, True, state="rated_district"),
        _standing(3, False, state="self_assessed"),
        _standing(4, True, state="accepted", year=2024),  # another year: ignored
        _standing(99, True, state="accepted"),  # not active: ignored
    ]
    board = r.dashboard(2025, active, facts, None)
    assert [(s, ids) for s, _label, ids in board.states] == [
        ("not_started", (4, 5)), ("self_assessed", (3,)), ("accepted", (1,)), ("rated_district", (2,)),
    ]
    assert board.standardized.achieved == 2 and board.standardized.shortfall is None
    assert board.strongest.branch_ids == (2,)


def test_share_by_kind():
    kinds = {1: "community", 2: "community", 3: "community", 4: "village", 5: "village", 6: "government"}
    data = r.share_by_kind(2025, kinds, {1, 2, 3, 4, 5, 6}, {1, 2, 4, 6}, 0.9)
    assert [(p.x, round(p.value, 4)) for p in data.series[0].points] == [("村", 0.5), ("社区", 0.6667), ("机关", 1.0)]
    village = data.series[0].points[0]
    assert village.groups[0].branch_ids == (4,) and village.groups[1].branch_ids == (5,)
    assert data.table_rows[1] == ("社区", "3", "2", "66.7%", "90%", "1")
    assert data.targets == (0.9, 0.9, 0.9)


def test_compliance_pools_rows_of_a_month_and_years_by_counts():
    street = [
        r.MonthFact(2025, 1, 10, 5), r.MonthFact(2025, 1, 10, 10),  # same month twice: pooled 15/20
        r.MonthFact(2025, 2, 0, 0),  # nothing due: no rate, not 0%
        r.MonthFact(2025, 3, 2, 2),
        r.MonthFact(2024, 12, 4, 1),
    ]
    kind = [r.MonthFact(2025, 3, 1, 0)]
    data = r.compliance_by_month(street, kind, "社区")
    whole, community = data.series
    assert [p.x for p in whole.points] == ["2024-12", "2025-01", "2025-02", "2025-03"]
    assert [p.value for p in whole.points] == [0.25, 0.75, None, 1.0]
    assert [p.value for p in community.points] == [None, None, None, 0.0]
    # 2025: 17 of 22 held (77.3%), not the mean of 75% and 100%.
    assert data.table_rows[1] == ("2025", "22", "17", "77.3%", "1", "0", "0%")
    assert data.table_header[:4] == ("年度", "全街道应开", "全街道已开", "全街道落实率")


def test_compliance_street_only():
    data = r.compliance_by_month([r.MonthFact(2025, 5, 3, 2)])
    assert len(data.series) == 1 and data.series[0].points[0].value == pytest.approx(2 / 3)
    assert "应开 3 次，已开 2 次" in data.series[0].points[0].detail


def test_score_histogram_bands_and_pass_line():
    scores = [(1, 84.99), (2, 85.0), (3, 89.99), (4, 100.0), (5, 95.0), (6, None), (7, 58.0)]
    data = r.score_histogram(2025, scores)
    bands = {p.x: p for p in data.series[0].points}
    assert next(iter(bands)) == "55–60"  # the lowest band reaches the lowest score
    assert bands["80–85"].groups[0].branch_ids == (1,)
    assert bands["85–90"].groups[0].branch_ids == (2, 3)  # 85 itself is on the passing side
    assert bands["95–100"].groups[0].branch_ids == (4, 5)  # 100 is in the top band
    assert data.reference == 85
    rows = dict(data.table_rows)
    assert rows["≥85 分"] == "4" and rows["未评分"] == "1"


def test_findings_histogram():
    findings = {1: [], 2: ["secretary_untrained"], 3: ["secretary_untrained", "term_expired"], 4: [], 5: ["term_expired"]}
    data = r.findings_histogram(2025, findings)
    assert [(p.x, p.value) for p in data.series[0].points] == [("0", 2.0), ("1", 2.0), ("2", 1.0)]
    assert data.series[0].points[1].groups[0].branch_ids == (2, 5)
    assert "书记未培训 1" in data.series[0].points[1].detail
    assert data.table_rows[0] == ("0", "2", "40%")


@pytest.mark.parametrize(
    "established, archived, year, expected",
    [
        (date(2025, 12, 31), None, 2025, True),
        (date(2026, 1, 1), None, 2025, False),
        (None, date(2025, 12, 31), 2025, False),  # archived on the last day: gone at the year's end
        (None, date(2026, 1, 1), 2025, True),
        (date(2026, 3, 1), None, 2026, True),  # current year: counted at today
        (date(2026, 6, 2), None, 2026, False),
    ],
)
def test_active_in(established, archived, year, expected):
    assert r.active_in(established, archived, year, today=date(2026, 6, 1)) is expected


def test_pct():
    assert (r.pct(0.6), r.pct(2 / 3), r.pct(None), r.pct(1.0)) == ("60%", "66.7%", "—", "100%")
