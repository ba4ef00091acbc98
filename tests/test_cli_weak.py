"""`weak screen`, `weak list`, the 最强 bar in `evaluate --json`, the data grounds in `check --json`,
the 动态清零 figures in `targets --json`, `chart weak` and the two datasets, as a script sees them:
the exact JSON keys, the codes and the exit codes."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop.cli import main
from desktop.services import meetings, tallies, weak_cases, workflow
from desktop.services.tallies import TallyForm
from desktop.services.weak_cases import CaseForm
from tests.services.helpers import add_branch
from tests.services.test_evaluation_services import GOOD

YEAR = 2025


@pytest.fixture
def street(db):
    ws = db.workspace
    good = add_branch(ws, "甲社区党支部")
    weak = add_branch(ws, "乙社区党支部", secretary_vacant_since=date(YEAR, 1, 5))
    tallies.save_tally(ws, good, YEAR, TallyForm(tally=GOOD, review_grade="excellent", org_score_override=98))
    tallies.save_tally(ws, weak, YEAR, TallyForm(tally=tallies.Tally(satisfied=5, public_basic=0, dissatisfied=5),
                                                 review_grade="poor", org_score_override=60))
    for day, (state, outcome) in enumerate((("self_assessed", None), ("applied", None), ("assessed", "pass"),
                                            ("accepted", "pass")), start=1):
        workflow.record_step(ws, good, YEAR, state, date(YEAR, 7, day), "党建办", outcome=outcome)
    weak_cases.open_case(ws, good, YEAR, CaseForm(grounds=("team_disunited",), deadline=date(YEAR, 9, 30)))
    for month in range(1, 13):
        meetings.save_meeting(ws, {"branch_id": good, "meeting_type": "theme_day", "held_on": date(YEAR, month, 10)})
    return db


def cli(db, capsys, *args) -> tuple[int, str]:
    code = main(["--db", str(db.file), *args])
    return code, capsys.readouterr().out


def test_weak_screen_json(street, capsys):
    code, out = cli(street, capsys, "weak", "screen", "--year", str(YEAR), "--as-of", f"{YEAR}-12-31", "--json")
    payload = json.loads(out)
    assert code == 0 and list(payload) == ["year", "as_of", "candidates"]
    assert payload["year"] == YEAR and payload["as_of"] == f"{YEAR}-12-31"
    (candidate,) = payload["candidates"]
    assert list(candidate) == ["name", "grounds"] and candidate["name"] == "乙社区党支部"
    codes = [g["code"] for g in candidate["grounds"]]
    assert codes == ["low_satisfaction", "no_organizational_life", "secretary_vacant", "review_poor"]
    assert all(list(g) == ["code", "message", "evidence"] for g in candidate["grounds"])
    code, out = cli(street, capsys, "weak", "screen", "--year", str(YEAR), "--as-of", f"{YEAR}-12-31")
    assert code == 0 and "乙社区党支部" in out and "群众满意率低于60%" in out


def test_weak_list_json_and_filters(street, capsys):
    code, out = cli(street, capsys, "weak", "list", "--json")
    payload = json.loads(out)
    assert code == 0 and list(payload) == ["cases"]
    (case,) = payload["cases"]
    assert list(case) == ["name", "year", "state", "grounds", "overdue"]
    assert case == {"name": "甲社区党支部", "year": YEAR, "state": "open", "grounds": ["team_disunited"], "overdue": True}
    assert json.loads(cli(street, capsys, "weak", "list", "--year", "2024", "--json")[1]) == {"cases": []}
    (view,) = weak_cases.list_cases(street.workspace)
    weak_cases.accept(street.workspace, view.id, date(YEAR, 9, 1), True)
    weak_cases.close(street.workspace, view.id, date(YEAR, 9, 2))
    assert json.loads(cli(street, capsys, "weak", "list", "--open", "--json")[1]) == {"cases": []}
    assert json.loads(cli(street, capsys, "weak", "list", "--json")[1])["cases"][0]["state"] == "closed"


def test_evaluate_bars_a_branch_with_an_open_case(street, capsys):
    code, out = cli(street, capsys, "evaluate", "--year", str(YEAR), "--json")
    branches = {b["name"]: b for b in json.loads(out)["branches"]}
    assert code == 0 and list(branches["甲社区党支部"]) == [
        "name", "org", "member", "public", "social", "composite", "meets_standard", "strongest_eligible",
        "strongest_bars", "state", "standardized"]
    assert branches["甲社区党支部"]["strongest_eligible"] is False
    assert branches["甲社区党支部"]["strongest_bars"] == ["weak_case_open"]
    code, out = cli(street, capsys, "evaluate", "--year", str(YEAR))
    assert "软弱涣散整顿尚未销号" in out


def test_check_lists_the_codes_of_the_data_grounds(street, capsys):
    code, out = cli(street, capsys, "check", "--year", str(YEAR), "--as-of", f"{YEAR}-12-31", "--json")
    found = {b["name"]: [f["code"] for f in b["findings"]] for b in json.loads(out)["branches"]}
    assert code == 0
    assert {"low_satisfaction", "no_organizational_life", "secretary_vacant", "review_poor"} <= set(found["乙社区党支部"])
    code, out = cli(street, capsys, "check", "--year", str(YEAR), "--as-of", f"{YEAR}-12-31")
    assert "软弱涣散：班子不齐或书记长期缺职" in out


def test_targets_carry_the_clearing_figures(street, capsys):
    code, out = cli(street, capsys, "targets", "--year", str(YEAR), "--json")
    payload = json.loads(out)
    assert code == 0 and list(payload) == ["year", "targets", "standing", "weak"]
    weak = payload["weak"]
    assert list(weak) == ["open_now", "overdue_now", "years"] and weak["open_now"] == 1
    assert weak["years"][-1] == {"year": YEAR, "opened": 1, "closed": 0, "open_at_end": 1, "overdue_at_end": 1}
    assert [y["year"] for y in weak["years"]] == list(range(2022, YEAR + 1))


def test_chart_weak(street, capsys, tmp_path):
    code, out = cli(street, capsys, "chart", "weak", "--from", "2022", "--to", str(YEAR), "-o", str(tmp_path / "weak.svg"))
    assert code == 0 and (tmp_path / "weak.svg").stat().st_size > 1000 and "软弱涣散" in out


def test_weak_cases_and_inspections_through_the_cli(street, capsys, tmp_path):
    for name in ("weak-cases", "inspections"):
        assert cli(street, capsys, "template", name, str(tmp_path / f"{name}.xlsx"))[0] == 0
        code, out = cli(street, capsys, "export", name, str(tmp_path / f"{name}-out.xlsx"), "--year", str(YEAR))
        assert code == 0 and "已导出" in out
        code, out = cli(street, capsys, "import", name, str(tmp_path / f"{name}-out.xlsx"), "--json")
        assert code == 0 and json.loads(out) == {"imported": 0, "updated": 0, "rejected": []}
    from tests.sheets import write_xlsx

    bad = write_xlsx(tmp_path / "bad.xlsx", [["支部名称", "认定年度", "认定情形"], ["甲社区党支部", YEAR, "书记跑了"]])
    code, out = cli(street, capsys, "import", "weak-cases", str(bad), "--json")
    assert code == 1 and json.loads(out)["rejected"][0]["column"] == "认定情形"
