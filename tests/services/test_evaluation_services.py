"""Rubric versioning, scoring sessions (autosave, finalize, audited changes), tallies, results,
workflow and standing, through the services against a real migrated database."""

from dataclasses import replace
from datetime import date

import pytest

from desktop.errors import BranchdeskError, ValidationError
from desktop.rules.scoring import Tally, Weights
from desktop.services import evidence, meetings, rubric, scoring, tallies, workflow
from desktop.services.results import year_results
from desktop.services.tallies import ComplaintEntry, FeedbackEntry, TallyForm
from tests.services.helpers import add_branch

GOOD = Tally(participants=10, excellent=9, qualified=1, basic=0, unqualified=0, satisfied=40, public_basic=0,
             dissatisfied=0)


def _score_all(ws, session_id, grid, per_item_share=1.0):
    for scorer_id, _ in grid.scorers:
        for branch_id, _ in grid.branches:
            for item in grid.rubric.items:
                scoring.save_score(ws, session_id, (scorer_id, branch_id, item.id),
                                   round(item.max_points * per_item_share * 2) / 2)


def _session(ws, year, branch_ids, scorers=("张三", "李四", "王五")):
    session_id = scoring.create_session(ws, year, f"{year}年考评", date(year, 6, 1), branch_ids, list(scorers))
    return session_id, scoring.load_grid(ws, session_id)


def test_editing_2025_rubric_never_changes_a_2024_result(ws):
    branch = add_branch(ws, "幸福社区党支部")
    session_id, grid = _session(ws, 2024, [branch])
    _score_all(ws, session_id, grid, 0.8)
    tallies.save_tally(ws, branch, 2024, TallyForm(tally=GOOD, review_grade="excellent"))
    before = year_results(ws, 2024)[0]
    view = rubric.rubric_for_year(ws, 2025)  # a copy of 2024's
    assert view.id != grid.rubric.id
    items = [replace(i, id=None, max_points=i.max_points * 2) for i in view.items]
    rubric.update_rubric(ws, 2025, pass_line=95, weights=Weights(0.7, 0.1, 0.1, 0.1), drop_extremes=True,
                         items=items, vetoes=["新否决项"])
    assert year_results(ws, 2024)[0] == before
    assert rubric.rubric_for_year(ws, 2024).pass_line == 85
    assert rubric.rubric_for_year(ws, 2025).revision == 2


def test_a_scored_year_keeps_its_rubric(ws):
    branch = add_branch(ws, "幸福社区党支部")
    session_id, grid = _session(ws, 2024, [branch])
    item = grid.rubric.items[0]
    scoring.save_score(ws, session_id, (grid.scorers[0][0], branch, item.id), 2)
    assert rubric.rubric_for_year(ws, 2024).locked
    with pytest.raises(BranchdeskError, match="已锁定"):
        rubric.update_rubric(ws, 2024, pass_line=80, weights=Weights(), drop_extremes=False,
                             items=list(grid.rubric.items), vetoes=[])
    with pytest.raises(BranchdeskError, match="已锁定"):
        rubric.rubric_for_year(ws, 2023)
        rubric.copy_rubric(ws, 2023, 2024)


def test_copy_rubric_from_year(ws):
    rubric.rubric_for_year(ws, 2024)
    view = rubric.rubric_for_year(ws, 2024)
    rubric.update_rubric(ws, 2024, pass_line=80, weights=Weights(), drop_extremes=False,
                         items=list(view.items[:3]), vetoes=["甲"])
    copied = rubric.copy_rubric(ws, 2024, 2026)
    assert copied.pass_line == 80 and len(copied.items) == 3 and copied.vetoes == ("甲",)
    with pytest.raises(ValidationError):
        rubric.update_rubric(ws, 2026, pass_line=80, weights=Weights(0.5, 0.5, 0.5, 0), drop_extremes=False,
                             items=list(view.items), vetoes=[])


def test_scores_are_range_checked_and_autosaved(ws):
    branch = add_branch(ws, "幸福社区党支部")
    session_id, grid = _session(ws, 2025, [branch])
    item = next(i for i in grid.rubric.items if i.max_points == 6)
    key = (grid.scorers[0][0], branch, item.id)
    with pytest.raises(ValidationError, match="范围"):
        scoring.save_score(ws, session_id, key, 6.5)
    with pytest.raises(ValidationError, match="半分"):
        scoring.save_score(ws, session_id, key, 5.2)
    scoring.save_score(ws, session_id, key, 5.5)
    assert scoring.load_grid(ws, session_id).scores[key] == 5.5
    scoring.save_score(ws, session_id, key, None)
    assert key not in scoring.load_grid(ws, session_id).scores


def test_finalize_locks_and_changes_are_recorded(ws, db):
    branch = add_branch(ws, "幸福社区党支部")
    session_id, grid = _session(ws, 2025, [branch])
    key = (grid.scorers[0][0], branch, grid.rubric.items[0].id)
    scoring.save_score(ws, session_id, key, 3)
    scoring.finalize(ws, session_id, "党建办")
    with pytest.raises(ValidationError, match="原因"):
        scoring.save_score(ws, session_id, key, 4)
    scoring.save_score(ws, session_id, key, 4, changed_by="党建办王", reason="计分错误")
    [change] = scoring.changes(ws, session_id)
    assert (change.old_points, change.new_points, change.reason, change.changed_by) == (3, 4, "计分错误", "党建办王")
    with pytest.raises(BranchdeskError):
        scoring.finalize(ws, session_id, "党建办")


def test_results_combine_the_four_evaluations(ws):
    a = add_branch(ws, "甲社区党支部")
    b = add_branch(ws, "乙社区党支部")
    session_id, grid = _session(ws, 2025, [a, b])
    _score_all(ws, session_id, grid, 1.0)
    tallies.save_tally(ws, a, 2025, TallyForm(tally=GOOD, review_grade="excellent",
                                                  complaints=(ComplaintEntry("路灯坏了", verified=False),)))
    tallies.save_tally(ws, b, 2025, TallyForm(tally=GOOD, review_grade="excellent", veto="逾期未换届",
                                                  feedback=(FeedbackEntry("综治办", compliant=False),)))
    by_id = {r.branch_id: r for r in year_results(ws, 2025)}
    ra, rb = by_id[a], by_id[b]
    assert (ra.org, ra.member, ra.public, ra.social, ra.composite) == (100, 100, 100, 100, 100)
    assert ra.meets_standard and ra.strongest_eligible and ra.strongest_bars == ()
    assert rb.social == 0 and rb.composite == 90 and rb.meets_standard is False
    assert rb.strongest_bars == ("not_standardized", "department_noncompliance")


def test_results_export(ws, tmp_path):
    from openpyxl import load_workbook

    from desktop.services.results import export_results

    a = add_branch(ws, "甲社区党支部")
    tallies.save_tally(ws, a, 2025, TallyForm(tally=GOOD, review_grade="good", org_score_override=90))
    path = export_results(ws, 2025, tmp_path / "r.xlsx")
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("支部名称", "组织评定") and rows[1][0] == "甲社区党支部"
    assert rows[1][5] == 96.0 and rows[1][6] == "是" and rows[1][8] == "述职评议考核等次不是优秀"


def test_org_score_override_stands_for_the_sessions(ws):
    a = add_branch(ws, "甲社区党支部")
    tallies.save_tally(ws, a, 2025, TallyForm(tally=GOOD, org_score_override=70))
    assert year_results(ws, 2025)[0].org == 70


def test_tally_checks(ws):
    a = add_branch(ws, "甲社区党支部")
    with pytest.raises(ValidationError, match="超过参评党员数"):
        tallies.save_tally(ws, a, 2025, TallyForm(tally=Tally(participants=3, excellent=4)))
    with pytest.raises(ValidationError, match="等次"):
        tallies.save_tally(ws, a, 2025, TallyForm(review_grade="best"))


def _walk(ws, branch, year, states):
    for state, outcome in states:
        workflow.record_step(ws, branch, year, state, date(year, 7, 1), "党建办", outcome=outcome,
                             reason="违纪" if state == "revoked" else None)


def test_workflow_recommend_needs_the_standard(ws):
    a = add_branch(ws, "甲社区党支部")
    tallies.save_tally(ws, a, 2025, TallyForm(tally=GOOD, review_grade="excellent", org_score_override=50))
    _walk(ws, a, 2025, [("self_assessed", None), ("applied", None), ("assessed", "pass"), ("accepted", "pass")])
    with pytest.raises(BranchdeskError, match="未达到标准化规范化标准"):
        workflow.record_step(ws, a, 2025, "recommended", date(2025, 8, 1), "党建办")
    tallies.save_tally(ws, a, 2025, TallyForm(tally=GOOD, review_grade="excellent", org_score_override=95))
    _walk(ws, a, 2025, [("recommended", None), ("rated_district", None), ("revoked", None)])
    [result] = year_results(ws, 2025)
    assert result.state == "revoked" and result.revoked and result.standardized and result.strongest_level is None
    assert [s.recorded_by for s in workflow.steps_of(ws, a, 2025)] == ["党建办"] * 7


def test_standing_over_years(ws):
    a = add_branch(ws, "甲社区党支部")
    b = add_branch(ws, "乙社区党支部")
    tallies.save_tally(ws, a, 2024, TallyForm(tally=GOOD, review_grade="excellent", org_score_override=95))
    _walk(ws, a, 2024, [("self_assessed", None), ("applied", None), ("assessed", "pass"), ("accepted", "pass"),
                            ("recommended", None), ("rated_city", None)])
    _walk(ws, b, 2025, [("self_assessed", None)])
    found = {(s.branch_id, s.year): s for s in workflow.standing(ws, 2020, 2029)}
    assert found[(a, 2024)] == workflow.Standing(a, 2024, "rated_city", True, True)
    assert found[(b, 2025)] == workflow.Standing(b, 2025, "self_assessed", False, False)
    assert (a, 2025) not in found
    assert workflow.standing(ws, 2025, 2025) == [found[(b, 2025)]]


def test_evidence_from_registry_and_meeting_log(ws):
    a = add_branch(ws, "甲社区党支部", full=12, has_committee=True, elected_on=date(2020, 1, 1), term_years=3,
                   trained_years=frozenset({2025}))
    view = _session(ws, 2025, [a])[1].rubric  # a session stores the year's rubric
    items = {i.item_code: i for i in view.items}
    found = evidence.evidence_for(ws, 2025, [a], view.items, as_of=date(2025, 12, 31))
    assert found[(a, items["setup.term"].id)].suggested == 0
    assert found[(a, items["team.training"].id)].suggested == 4
    committee = items["life.committee_meeting"].id
    assert found[(a, committee)].suggested == 0  # no 支委会 logged in any of 12 due months
    assert "应开 12 期，已开 0 期" in found[(a, committee)].text
    # The meeting log is the evidence: 支委会 held in 10 of 12 months -> 5 of 6 points.
    for month in range(1, 11):
        meetings.save_meeting(ws, {"branch_id": a, "meeting_type": "committee_meeting",
                                       "held_on": date(2025, month, 10), "topic": f"{month}月支委会"})
    found = evidence.evidence_for(ws, 2025, [a], view.items, as_of=date(2025, 12, 31))
    assert found[(a, committee)].suggested == 5
    # Judged only on periods already due: in mid-May, January to April count (4 of 4).
    found = evidence.evidence_for(ws, 2025, [a], view.items, as_of=date(2025, 5, 15))
    assert found[(a, committee)].suggested == 6


def test_delete_open_session_unlocks_the_rubric_but_a_finalized_one_stays(ws):
    branch = add_branch(ws, "幸福社区党支部")
    session_id, grid = _session(ws, 2025, [branch])
    scoring.save_score(ws, session_id, (grid.scorers[0][0], branch, grid.rubric.items[0].id), 2)
    assert rubric.rubric_for_year(ws, 2025).locked
    scoring.delete_session(ws, session_id)
    assert scoring.list_sessions(ws, 2025) == [] and not rubric.rubric_for_year(ws, 2025).locked
    session_id, grid = _session(ws, 2025, [branch])
    scoring.finalize(ws, session_id, "党建办")
    with pytest.raises(BranchdeskError, match="不能删除"):
        scoring.delete_session(ws, session_id)


def test_looking_at_a_year_writes_no_rubric(ws):
    from sqlalchemy import func, select

    from desktop.models import Rubric

    view = rubric.rubric_for_year(ws, 2030)
    assert view.id is None and view.total_points == 100 and all(i.id is None for i in view.items)
    with ws.read() as session:
        assert session.scalar(select(func.count()).select_from(Rubric)) == 0
