"""`workflow record` / `workflow show` and `evaluate --json`'s standardized, as a script sees them:
exit codes, the exact JSON keys, Chinese messages, and nothing written on a refusal."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop.services import tallies, workflow
from desktop.services.tallies import TallyForm
from tests.services.helpers import add_branch
from tests.services.test_evaluation_services import GOOD
from tests.test_cli import run

YEAR = 2026
BRANCH_KEYS = ["name", "state", "outcome", "standardized", "steps"]
STEP_KEYS = ["state", "outcome", "date", "by"]


@pytest.fixture
def street(db):
    """甲: full marks, accepted; 乙: full marks but 述职 良好, accepted; 丙: nothing yet."""
    ids = {}
    for name, grade in (("甲社区党支部", "excellent"), ("乙社区党支部", "good"), ("丙社区党支部", None)):
        ids[name] = add_branch(db.workspace, name)
        if grade is None:
            continue
        tallies.save_tally(db.workspace, ids[name], YEAR, TallyForm(tally=GOOD, review_grade=grade, org_score_override=98))
        for day, (state, outcome) in enumerate((("self_assessed", None), ("applied", None), ("assessed", "pass"),
                                                ("accepted", "pass")), start=1):
            workflow.record_step(db.workspace, ids[name], YEAR, state, date(YEAR, 7, day), "党建办", outcome=outcome)
    return db, ids


def _cli(db, *args):
    return run("--db", str(db.file), *args)


def _steps(db, ids):
    return {name: workflow.steps_of(db.workspace, branch, YEAR) for name, branch in ids.items()}


def test_record_prints_the_branch_in_the_show_shape(street):
    db, ids = street
    result = _cli(db, "workflow", "record", "--year", str(YEAR), "--branch", "丙社区党支部", "--state", "self_assessed",
                  "--date", f"{YEAR}-03-01", "--by", "党建办张三", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out == {"year": YEAR, "branches": [{
        "name": "丙社区党支部", "state": "self_assessed", "outcome": None, "standardized": None,
        "steps": [{"state": "self_assessed", "outcome": None, "date": f"{YEAR}-03-01", "by": "党建办张三"}],
    }]}
    result = _cli(db, "workflow", "record", "--year", str(YEAR), "--branch", "甲社区党支部", "--state", "recommended",
                  "--date", f"{YEAR}-08-01", "--by", "党建办")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"已记录：甲社区党支部 {YEAR} 年 已推荐最强（{YEAR}-08-01）")
    assert [s.state for s in workflow.steps_of(db.workspace, ids["甲社区党支部"], YEAR)][-1] == "recommended"


def test_show_lists_every_branch_with_exact_keys(street):
    db, ids = street
    workflow.record_step(db.workspace, ids["乙社区党支部"], YEAR, "revoked", date(YEAR, 9, 1), "党建办", reason="经查违纪")
    result = _cli(db, "workflow", "show", "--year", str(YEAR), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert list(out) == ["year", "branches"] and out["year"] == YEAR
    assert [b["name"] for b in out["branches"]] == ["丙社区党支部", "甲社区党支部", "乙社区党支部"]  # bing, jia, yi
    for branch in out["branches"]:
        assert list(branch) == BRANCH_KEYS
        assert all(list(step) == STEP_KEYS for step in branch["steps"])
    by_name = {b["name"]: b for b in out["branches"]}
    assert by_name["甲社区党支部"]["state"] == "accepted" and by_name["甲社区党支部"]["outcome"] == "pass"
    assert by_name["甲社区党支部"]["standardized"] is True
    assert by_name["乙社区党支部"]["state"] == "revoked" and by_name["乙社区党支部"]["standardized"] is False
    assert by_name["丙社区党支部"] == {"name": "丙社区党支部", "state": "not_started", "outcome": None,
                                      "standardized": None, "steps": []}
    assert by_name["甲社区党支部"]["steps"][2] == {"state": "assessed", "outcome": "pass", "date": f"{YEAR}-07-03",
                                                  "by": "党建办"}

    one = _cli(db, "workflow", "show", "--year", str(YEAR), "--branch", "甲社区党支部")
    assert one.returncode == 0, one.stderr
    lines = one.stdout.splitlines()
    assert lines[1] == "甲社区党支部\t区委已验收\t已标准化"
    assert lines[-1] == f"  {YEAR}-07-04\t区委验收（通过）\t党建办"


@pytest.mark.parametrize(("args", "message"), [
    (["--branch", "丙社区党支部", "--state", "assessed", "--outcome", "pass"], "不能直接进入“街道考评”"),
    (["--branch", "甲社区党支部", "--state", "recommended", "--date", f"{YEAR}-06-30"], f"不能早于上一环节（{YEAR}-07-04）"),
    (["--branch", "甲社区党支部", "--state", "recommended", "--date", f"{YEAR + 1}-01-05"], f"不在 {YEAR} 年度内"),
    (["--branch", "乙社区党支部", "--state", "recommended", "--date", f"{YEAR}-08-01"], "述职评议考核等次不是优秀"),
    (["--branch", "甲社区党支部", "--state", "revoked", "--date", f"{YEAR}-08-01"], "撤销须填写原因"),
    (["--branch", "甲社区党支部", "--state", "revoked", "--date", f"{YEAR}-08-01", "--reason", "  "], "撤销须填写原因"),
    (["--branch", "丁社区党支部", "--state", "self_assessed"], "找不到支部：丁社区党支部"),
    (["--branch", "丙社区党支部", "--state", "self_assessed", "--by", ""], "请填写记录人"),
    (["--branch", "丙社区党支部", "--state", "self_assessed", "--outcome", "pass"], "--outcome 只用于"),
    (["--branch", "丙社区党支部", "--state", "self_assessed", "--date", f"{YEAR}-02-30"], "不存在"),
])
def test_refusals_exit_2_in_chinese_and_write_nothing(street, args, message):
    db, ids = street
    before = _steps(db, ids)
    result = _cli(db, "workflow", "record", "--year", str(YEAR), "--by", "党建办", *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("错误：") and message in result.stderr
    assert "Traceback" not in result.stderr
    assert _steps(db, ids) == before


def test_skipped_steps_come_before_the_missing_outcome(street):
    db, ids = street
    before = _steps(db, ids)
    result = _cli(db, "workflow", "record", "--year", str(YEAR), "--by", "党建办", "--branch", "丙社区党支部",
                  "--state", "accepted", "--date", f"{YEAR}-08-01", "--json")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines()[0] == "错误：当前环节为“未开始”，不能直接进入“区委验收”"
    assert "通过或未通过" not in result.stderr
    assert _steps(db, ids) == before


def test_usage_errors_exit_2(street):
    db, _ids = street
    for args in (["--year", str(YEAR), "--branch", "甲社区党支部", "--state", "bogus"],
                 ["--year", str(YEAR), "--branch", "甲社区党支部", "--state", "assessed", "--outcome", "maybe"],
                 ["--branch", "甲社区党支部", "--state", "applied"]):
        result = _cli(db, "workflow", "record", *args)
        assert result.returncode == 2 and "用法" in result.stderr
    result = _cli(db, "workflow", "show", "--year", str(YEAR), "--branch", "丁社区党支部", "--json")
    assert result.returncode == 2 and "找不到支部" in result.stderr and result.stdout == ""


def test_evaluate_json_gives_the_workflow_verdict(street):
    db, ids = street
    workflow.record_step(db.workspace, ids["甲社区党支部"], YEAR, "revoked", date(YEAR, 9, 1), "党建办", reason="经查违纪")
    tallies.save_tally(db.workspace, ids["丙社区党支部"], YEAR, TallyForm(tally=GOOD, review_grade="excellent",
                                                                   org_score_override=98))
    result = _cli(db, "evaluate", "--year", str(YEAR), "--json")
    assert result.returncode == 0, result.stderr
    found = {b["name"]: b for b in json.loads(result.stdout)["branches"]}
    assert [found[n]["standardized"] for n in ("甲社区党支部", "乙社区党支部", "丙社区党支部")] == [False, True, None]
    assert not found["甲社区党支部"]["strongest_eligible"]  # revoked: barred although the score meets
    assert found["甲社区党支部"]["strongest_bars"] == ["not_standardized"]
    assert found["丙社区党支部"]["strongest_eligible"]  # pending: the score decides
    assert list(found["丙社区党支部"])[-2:] == ["state", "standardized"]


def test_recommending_a_branch_whose_term_ran_out_warns_with_the_reason(street):
    """Not one of the policy's bars to 最强, so recorded; but said, on stderr, beside the JSON."""
    db, _ids = street
    branch = add_branch(db.workspace, "丁社区党支部", elected_on=date(2021, 3, 15), term_years=5)
    tallies.save_tally(db.workspace, branch, YEAR, TallyForm(tally=GOOD, review_grade="excellent", org_score_override=98))
    for day, (state, outcome) in enumerate((("self_assessed", None), ("applied", None), ("assessed", "pass"),
                                            ("accepted", "pass")), start=1):
        workflow.record_step(db.workspace, branch, YEAR, state, date(YEAR, 7, day), "党建办", outcome=outcome)
    result = _cli(db, "workflow", "record", "--year", str(YEAR), "--branch", "丁社区党支部", "--state", "recommended",
                  "--date", f"{YEAR}-08-01", "--by", "党建办", "--json")
    assert result.returncode == 0, result.stderr
    assert list(json.loads(result.stdout)) == ["year", "branches"]
    assert [s.state for s in workflow.steps_of(db.workspace, branch, YEAR)][-1] == "recommended"
    assert result.stderr.startswith("丁社区党支部：注意：该支部经软弱涣散排查有认定情形")
    assert "“任期届满未换届”：任期已于 2026-03-15 届满，未换届" in result.stderr
    assert "不符合“任期届满的及时换届”的创建要求" in result.stderr and "应当取消评定及相关待遇保障" in result.stderr
