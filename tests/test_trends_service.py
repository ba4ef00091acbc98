"""The trend services over a real database, with the workflow/results/compliance contracts faked."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.errors import BranchdeskError
from desktop.services import trends
from tests import trends_fakes

TODAY = date(2025, 11, 20)


def test_standardized_and_strongest_by_year(ws, monkeypatch):
    trends_fakes.street(ws, monkeypatch)
    data = trends.standardized_chart(ws, 2022, 2025, TODAY)
    assert [p.value for p in data.series[0].points] == [0.3, 0.5, 0.7, 0.9]
    assert data.targets == (0.4, 0.6, 0.8, 0.9)
    strongest = trends.strongest_chart(ws, 2021, 2025, TODAY)
    # 2021: branches, but no creation step recorded that year: no data, not 0%.
    assert [p.value for p in strongest.series[0].points] == [None, 0.2, 0.3, 0.4, 0.5]
    assert strongest.table_rows[0] == ("2021", "10", "—", "无数据", "—", "—")
    assert "无数据" in strongest.series[0].points[0].detail
    assert strongest.targets == (None, None, 0.4, 0.4, 0.5)


def test_branches_established_later_or_archived_are_not_counted(ws, monkeypatch):
    trends_fakes.street(ws, monkeypatch)
    trends_fakes.add_branches(ws, ["grid"], established=date(2024, 5, 1))
    trends_fakes.add_branches(ws, ["grid"], archived=datetime(2023, 6, 1))
    data = trends.standardized_chart(ws, 2022, 2025, TODAY)
    # 10 branches throughout, the archived one still counted in 2022, the new one from 2024.
    assert [row[1] for row in data.table_rows] == ["11", "10", "11", "11"]


def test_by_kind_and_dashboard(ws, monkeypatch):
    _ids, _fake = trends_fakes.street(ws, monkeypatch)
    data = trends.by_kind_chart(ws, 2024, TODAY)
    # 2024: the first 7 branches are standardized: 4 社区, 3 村, 0 机关.
    assert [(p.x, p.value) for p in data.series[0].points] == [("村", 1.0), ("社区", 1.0), ("机关", 0.0)]
    board = trends.dashboard_for(ws, 2025, TODAY)
    assert (board.active, board.standardized.achieved, board.standardized.shortfall) == (10, 9, 0)
    assert (board.strongest.achieved, board.strongest.shortfall) == (5, 0)
    board = trends.dashboard_for(ws, 2024, TODAY)
    assert (board.standardized.required, board.standardized.shortfall) == (8, 1)


def test_compliance_scores_and_findings(ws, monkeypatch):
    _ids, fake = trends_fakes.street(ws, monkeypatch)
    data = trends.compliance_chart(ws, 2024, 2025, "社区", as_of=TODAY)
    assert [s.label for s in data.series] == ["全街道", "社区"]
    assert len(data.series[0].points) == 24
    assert ("monthly_rates", 2024, 2025, "community") in fake.calls
    with pytest.raises(BranchdeskError, match="未知的支部类型"):
        trends.compliance_chart(ws, 2024, 2025, "farm")
    scores = trends.scores_chart(ws, 2025)
    assert dict(scores.table_rows)["≥85 分"] == "6"
    # The pass line is the year's rubric's: raised to 90, three of the known scores still pass.
    from desktop.services import rubric

    view = rubric.rubric_for_year(ws, 2025)
    rubric.update_rubric(ws, 2025, pass_line=90, weights=view.weights, drop_extremes=view.drop_extremes,
                         items=list(view.items), vetoes=list(view.vetoes))
    assert dict(trends.scores_chart(ws, 2025).table_rows)["≥90 分"] == "3"
    findings = trends.findings_chart(ws, 2025, TODAY)
    # Every test branch has 5 members, no training recorded: 社区/村 also lack 一肩挑 and a 大专 cadre.
    assert [(p.x, p.value) for p in findings.series[0].points] == [("0", 0.0), ("1", 3.0), ("2", 0.0), ("3", 7.0)]


def test_chart_data_dispatch_and_bad_ranges(ws, monkeypatch):
    trends_fakes.street(ws, monkeypatch)
    for name in trends.CHART_NAMES:
        assert trends.chart_data(ws, name, 2022, 2025, today=TODAY).name == name
    with pytest.raises(BranchdeskError, match="晚于"):
        trends.chart_data(ws, "standardized", 2025, 2022)
    with pytest.raises(BranchdeskError, match="未知的图表"):
        trends.chart_data(ws, "pie", 2022, 2025)


def test_branch_labels(ws, monkeypatch):
    ids, _fake = trends_fakes.street(ws, monkeypatch)
    labels = trends.branch_labels(ws, reversed(ids[:3]))
    assert [(b.name, b.kind_label) for b in labels] == [("支部01", "社区"), ("支部02", "社区"), ("支部03", "社区")]


def test_findings_chart_works_without_the_other_services(ws):
    trends_fakes.add_branches(ws, ["government", "government"])
    data = trends.findings_chart(ws, 2025, TODAY)
    assert [(p.x, p.value) for p in data.series[0].points] == [("0", 0.0), ("1", 2.0)]
