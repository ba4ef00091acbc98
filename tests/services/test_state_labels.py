"""A failed 验收 or 考评 never reads as passed: labels from (state, outcome), the same on the results,
`evaluate`, the summary sheet and the trends counts, whose 已验收-and-beyond counts add up to the
standardized count."""

import json
from datetime import date

from desktop.cli import main
from desktop.paper.sheets import summary_sheet
from desktop.rules import trends
from desktop.rules.workflow import Step, fold, state_label, transition_problem
from desktop.services import tallies, workflow
from desktop.services.results import year_results
from desktop.services.tallies import TallyForm
from desktop.services.trends import dashboard_for
from tests.services.helpers import add_branch
from tests.services.test_evaluation_services import GOOD, _walk

YEAR = 2025
UP_TO_ACCEPTED = [("self_assessed", None), ("applied", None), ("assessed", "pass")]


def test_labels_carry_the_outcome():
    assert state_label("accepted", "fail") == "区委验收未通过"
    assert state_label("assessed", "fail") == "街道考评未通过"
    assert state_label("accepted", "pass") == "区委已验收"
    assert state_label("revoked", None, True) == "最强已撤销（仍为标准化）"
    assert state_label("revoked", None, False) == "标准化已撤销"
    assert fold([("assessed", "pass"), ("accepted", "fail")]).outcome == "fail"
    assert fold([("accepted", "fail"), ("applied", None)]).outcome is None
    problem = transition_problem(Step("accepted", "fail", date(YEAR, 7, 1)), Step("recommended", on_date=date(YEAR, 8, 1)))
    assert "区委验收未通过" in problem and "已验收（" not in problem


def _district(ws):
    """passed, failed, recommended, 最强 revoked (still standardized), assessment failed."""
    names = ("甲", "乙", "丙", "丁", "戊")
    ids = [add_branch(ws, f"{n}社区党支部") for n in names]
    for branch in ids:
        tallies.save_tally(ws, branch, YEAR, TallyForm(tally=GOOD, review_grade="excellent", org_score_override=95))
    passed, failed, recommended, revoked, not_assessed = ids
    _walk(ws, passed, YEAR, [*UP_TO_ACCEPTED, ("accepted", "pass")])
    _walk(ws, failed, YEAR, [*UP_TO_ACCEPTED, ("accepted", "fail")])
    _walk(ws, recommended, YEAR, [*UP_TO_ACCEPTED, ("accepted", "pass"), ("recommended", None)])
    _walk(ws, revoked, YEAR, [*UP_TO_ACCEPTED, ("accepted", "pass"), ("recommended", None),
                                  ("rated_district", None), ("revoked", None)])
    _walk(ws, not_assessed, YEAR, [("self_assessed", None), ("applied", None), ("assessed", "fail")])
    return ids


def test_results_evaluate_and_summary_sheet_say_a_failed_acceptance(ws, db, capsys):
    passed, failed, *_rest, not_assessed = _district(ws)
    by_id = {r.branch_id: r for r in year_results(ws, YEAR)}
    assert (by_id[failed].state, by_id[failed].state_label, by_id[failed].standardized) == ("accepted", "区委验收未通过", False)
    assert by_id[passed].state_label == "区委已验收" and by_id[not_assessed].state_label == "街道考评未通过"
    sheet = summary_sheet(YEAR, list(by_id.values()), 0.9)
    states = {r["name"]: r["state"] for r in sheet.records}
    assert states["乙社区党支部"] == "区委验收未通过" and states["丁社区党支部"] == "最强已撤销（仍为标准化）"

    assert main(["--db", str(db.file), "evaluate", "--year", str(YEAR)]) == 0
    text = capsys.readouterr().out
    assert "乙社区党支部" in text and "区委验收未通过" in text.split("乙社区党支部")[1].splitlines()[0]
    assert main(["--db", str(db.file), "evaluate", "--year", str(YEAR), "--json"]) == 0
    branches = {b["name"]: b for b in json.loads(capsys.readouterr().out)["branches"]}
    assert branches["乙社区党支部"]["state"] == "accepted"  # the JSON contract keeps the code


def test_trend_counts_by_state_add_up_to_the_standardized_count(ws):
    _district(ws)
    board = dashboard_for(ws, YEAR, today=date(YEAR, 12, 31))
    counts = {label: len(ids) for _code, label, ids in board.states}
    assert counts == {"街道考评未通过": 1, "区委验收未通过": 1, "区委已验收": 1, "已推荐最强": 1,
                      "最强已撤销（仍为标准化）": 1}
    beyond = ("accepted", "recommended", "rated_district", "rated_city", "revoked:strongest")
    assert sum(len(ids) for code, _label, ids in board.states if code in beyond) == board.standardized.achieved == 3
    assert {s.outcome for s in workflow.standing(ws, YEAR, YEAR)} == {None, "pass", "fail"}
    assert isinstance(board, trends.Dashboard)
