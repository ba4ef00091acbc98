"""`rewards`, `honours`, `plan`, `grant`, `reaffiliate`, the amounts in `settings set --year`, the
plan and pay datasets and the two printed sheets, as a script and a clerk see them: the exact JSON
keys and headers, the PDFs read back with pdftotext, the workbooks read back with openpyxl."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop.cli import main
from desktop.services import demo, rewards, settings
from tests.services.helpers import add_branch
from tests.services.test_rewards_services import rated, steps

Y = 2025


@pytest.fixture
def street(db):
    ws = db.workspace
    village = add_branch(ws, "东村党支部", branch_kind="village")
    private = add_branch(ws, "丰收科技有限公司党支部", branch_kind="private_enterprise")
    lost = add_branch(ws, "北苑社区党支部")
    rated(ws, village, "rated_district")
    rated(ws, private, "rated_city")
    steps(ws, lost, ("revoked", None), reason="组织生活半年未开展")
    rewards.save_pay(ws, village, Y, 12_345_678, 2_000_000)
    rewards.save_pay(ws, private, Y, None, 1_000_000)
    settings.save(ws, [settings.Change("issuer_name", "中共和平街道工作委员会", Y)])
    return db


def cli(db, capsys, *args) -> tuple[int, str]:
    code = main(["--db", str(db.file), *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", "", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)


def sheet_rows(path: Path) -> list[tuple]:
    book = load_workbook(path, read_only=True)
    try:
        return [tuple(row) for row in book.active.iter_rows(values_only=True)]
    finally:
        book.close()


def test_rewards_json_keys_and_figures(street, capsys):
    code, out = cli(street, capsys, "rewards", "--year", str(Y), "--json")
    payload = json.loads(out)
    assert code == 0 and list(payload) == ["year", "branches", "total_bonus", "total_funding"]
    rows = {b["name"]: b for b in payload["branches"]}
    assert all(list(b) == ["name", "bonus", "bonus_rule", "uplift", "funding", "funding_rule"] for b in rows.values())
    assert rows["东村党支部"]["bonus"] == 12345.68  # 10% of 123,456.78, to the fen
    assert (rows["东村党支部"]["uplift"], rows["东村党支部"]["funding"]) == (6000.0, 26000.0)
    assert rows["丰收科技有限公司党支部"]["bonus"] == 0.0 and "非公企业" in rows["丰收科技有限公司党支部"]["bonus_rule"]
    assert rows["北苑社区党支部"]["bonus"] == 0.0 and "撤销" in rows["北苑社区党支部"]["bonus_rule"]
    assert rows["北苑社区党支部"]["funding"] is None and "缺少一般保障标准" in rows["北苑社区党支部"]["funding_rule"]
    assert payload["total_bonus"] == 12345.68 and payload["total_funding"] == 26000.0 + 13000.0


def test_the_amounts_are_set_per_year(street, capsys):
    assert cli(street, capsys, "settings", "set", "strongest_bonus_percent", "12", "--year", "2026")[0] == 0
    code, out = cli(street, capsys, "settings", "set", "standardized_bonus", "三千", "--year", str(Y))
    assert code == 2 and "应为数字" in out
    assert json.loads(cli(street, capsys, "rewards", "--year", str(Y), "--json")[1])["total_bonus"] == 12345.68
    code, out = cli(street, capsys, "settings", "--json")
    entry = next(s for s in json.loads(out)["settings"] if s["key"] == "strongest_bonus_percent")
    assert entry["type"] == "number" and entry["history"] == [{"from_year": 2026, "value": 12.0}]


def test_honours_json_and_a_nomination_list(street, capsys, tmp_path):
    code, out = cli(street, capsys, "honours", "--year", str(Y), "--json")
    payload = json.loads(out)
    assert code == 0 and list(payload) == ["year", "level", "branches"] and payload["level"] == "street"
    assert all(list(b) == ["name", "eligible", "priority", "reason"] for b in payload["branches"])
    shown = {b["name"]: (b["eligible"], b["priority"]) for b in payload["branches"]}
    assert shown == {"东村党支部": (True, True), "丰收科技有限公司党支部": (True, True), "北苑社区党支部": (False, False)}
    book = Workbook()
    book.active.append(["姓名", "支部名称"])
    book.active.append(["张明", "东村党支部"])
    book.active.append(["李华", "北苑社区党支部"])
    book.save(tmp_path / "名单.xlsx")
    code, out = cli(street, capsys, "honours", "--year", str(Y), "--check", str(tmp_path / "名单.xlsx"))
    assert code == 1 and "不符合条件 1 人" in out and "第 3 行\t李华\t北苑社区党支部\t不符合" in out


def test_grant_and_reaffiliate(street, capsys):
    code, out = cli(street, capsys, "grant", "--year", str(Y), "--branch", "东村党支部", "--amount", "5000")
    assert code == 2 and "未被市委评定" in out
    code, _ = cli(street, capsys, "grant", "--year", str(Y), "--branch", "丰收科技有限公司党支部", "--amount", "8000.5",
                  "--date", f"{Y}-12-01")
    assert code == 0
    rows = {b["name"]: b for b in json.loads(cli(street, capsys, "rewards", "--year", str(Y), "--json")[1])["branches"]}
    assert rows["丰收科技有限公司党支部"]["uplift"] == 3000.0 + 8000.5
    code, out = cli(street, capsys, "reaffiliate", "--branch", "北苑社区党支部", "--parent", "北苑片区党委", "--date", f"{Y}-06-01")
    assert code == 0 and "创建情况接续" in out
    assert [(r.old_parent, r.new_parent) for r in rewards.reaffiliations(street.workspace)] == [(None, "北苑片区党委")]


@pytest.mark.parametrize(("dataset", "headers"), [
    ("plan", ("支部名称", "年度", "类别", "本年度计划达标", "措施", "责任人", "备注")),
    ("pay", ("支部名称", "年度", "班子年待遇报酬总额", "一般保障标准")),
])
def test_the_datasets_template_import_and_export(street, capsys, tmp_path, dataset, headers):
    template = tmp_path / f"{dataset}-template.xlsx"
    assert cli(street, capsys, "template", dataset, str(template))[0] == 0
    assert sheet_rows(template) == [headers]
    book = load_workbook(template)
    if dataset == "plan":
        book.active.append(["东村党支部", Y + 1, "先进", "是", "巩固提升", "王建军", None])
        book.active.append(["北苑社区党支部", Y + 1, "后进", None, None, None, "整顿后再创"])
        book.active.append(["东村党支部", Y + 1, "优秀", "是"])
    else:
        book.active.append(["东村党支部", Y + 1, 130000.5, 21000])
        book.active.append(["丰收科技有限公司党支部", Y + 1, None, 11000])
        book.active.append(["东村党支部", Y + 1, 1.234, None])
    book.save(tmp_path / "in.xlsx")
    code, out = cli(street, capsys, "import", dataset, str(tmp_path / "in.xlsx"), "--json")
    report = json.loads(out)
    assert code == 1 and report["imported"] == 2  # the good rows are written, the bad one is named
    (refused,) = report["rejected"]
    assert refused["row"] == 4 and refused["column"] == {"plan": "类别", "pay": "班子年待遇报酬总额"}[dataset]
    assert cli(street, capsys, "export", dataset, str(tmp_path / "out.xlsx"), "--year", str(Y + 1))[0] == 0
    exported = sheet_rows(tmp_path / "out.xlsx")
    expected = {"plan": [("东村党支部", Y + 1, "先进", "是", "巩固提升", "王建军", None),
                         ("北苑社区党支部", Y + 1, "后进", "否", None, None, "整顿后再创")],
                "pay": [("东村党支部", Y + 1, 130000.5, 21000), ("丰收科技有限公司党支部", Y + 1, None, 11000)]}[dataset]
    assert exported[0] == headers and sorted(exported[1:]) == sorted(expected)
    code, out = cli(street, capsys, "import", dataset, str(tmp_path / "out.xlsx"), "--json")
    assert code == 0 and json.loads(out)["imported"] == 0 and json.loads(out)["updated"] == 0  # the round trip


def test_the_plan_command_prefills_and_counts(street, capsys):
    code, out = cli(street, capsys, "plan", "--year", str(Y + 1), "--prefill")
    assert code == 0 and "已按台账数据预填 3 个支部" in out and "计划达标 2 个" in out
    payload = json.loads(cli(street, capsys, "plan", "--year", str(Y + 1), "--json")[1])
    assert payload["planned"] == 2 and payload["total"] == 3 and payload["needed"] == 3 and payload["short"] == 1
    assert {b["name"]: b["classification"] for b in payload["branches"]}["北苑社区党支部"] == "lagging"


def test_the_printed_sheets_read_back(street, capsys, tmp_path):
    cli(street, capsys, "plan", "--year", str(Y), "--prefill")
    code, out = cli(street, capsys, "report", "rewards", "--year", str(Y), "-o", str(tmp_path / "rewards.pdf"))
    assert code == 0, out
    code_text = re.search(r"验证码：(\S+)", out).group(1)
    text = pdf_text(tmp_path / "rewards.pdf")
    assert "2025年度党支部专项绩效奖励及经费倾斜测算表" in text and f"验证码：{code_text}" in text
    assert "东村党支部" in text and "12345.68" in text and "123456.78×10%=" in text  # the rule wraps in its cell
    assert "市委组织部一次性奖补尚未录入" in text
    assert "缺少报酬总额或一般保障标准" in text and "中共和平街道工作委员会" in text
    code, out = cli(street, capsys, "verify-paper", code_text)
    assert code == 0 and "未变化" in out
    code, out = cli(street, capsys, "report", "plan", "--year", str(Y), "-o", str(tmp_path / "plan.pdf"))
    assert code == 0, out
    text = pdf_text(tmp_path / "plan.pdf")
    assert "2025年度党支部标准化规范化创建计划表" in text and "验证码：" in text and "后进" in text
    assert cli(street, capsys, "report", "rewards", "--year", str(Y), "-o", str(tmp_path / "rewards.xlsx"))[0] == 0
    rows = sheet_rows(tmp_path / "rewards.xlsx")
    assert rows[0][:4] == ("序号", "党组织", "类型", "创建情况")
    assert next(r for r in rows if r[1] == "东村党支部")[6] == "12345.68"


def test_the_demo_has_pay_totals_and_base_funding(ws):
    demo.generate(ws, "street", seed=2, today=date(2026, 6, 30))
    found = rewards.year_rewards(ws, 2025)
    bonuses = [r.figures.bonus_fen for r in found.rows if r.figures.bonus_fen]
    assert len(bonuses) >= 3 and found.total_funding_fen > 0 and found.missing == 0
    assert any("班子年待遇报酬总额" in r.figures.bonus_rule and "×" in r.figures.bonus_rule for r in found.rows)
    assert {r.pay_total_fen is not None for r in rewards.pay_rows(ws, 2025) if r.name.endswith("村党支部")} == {True}


def test_a_column_the_sheet_lacks_keeps_what_is_stored(street, capsys, tmp_path):
    from desktop.services import plan

    ws = street.workspace
    village = next(r.branch_id for r in plan.year_plan(ws, Y).rows if r.name == "东村党支部")
    plan.save_plan(ws, Y, [plan.PlanEntry(village, "average", True, "选派第一书记", "王建军", "备注")])
    book = Workbook()
    book.active.append(["支部名称", "年度", "类别", "备注"])
    book.active.append(["东村党支部", Y, "先进", None])
    book.save(tmp_path / "partial.xlsx")
    code, out = cli(street, capsys, "import", "plan", str(tmp_path / "partial.xlsx"), "--json")
    assert code == 0 and json.loads(out)["updated"] == 1
    (row,) = [r for r in plan.year_plan(ws, Y).rows if r.name == "东村党支部"]
    assert (row.stored.classification, row.stored.planned, row.stored.measures, row.stored.responsible,
            row.stored.notes) == ("advanced", True, "选派第一书记", "王建军", None)


def test_a_setting_left_at_zero_is_named_in_chinese_on_screen_and_paper(db, capsys, tmp_path):
    """A standardized 社区 branch in a year whose one-off bonus and funding uplift are left at 0: the
    rule names the setting by its Chinese label, says nothing of a "0%" uplift, and no code name
    reaches the command's text or the printed sheet."""
    ws = db.workspace
    branch = add_branch(ws, "西苑社区党支部")
    steps(ws, branch)  # accepted: standardized, the amounts at their defaults (0)
    settings.save(ws, [settings.Change("issuer_name", "中共和平街道工作委员会", Y)])
    code, out = cli(db, capsys, "rewards", "--year", str(Y), "--json")
    (row,) = json.loads(out)["branches"]
    assert row["bonus"] == 0.0 and "设置“标准化规范化一次性专项绩效奖励（元）”为 0" in row["bonus_rule"]
    assert row["uplift"] == 0.0 and row["funding"] is None  # nothing to raise; the base is not recorded
    assert "设置“标准化规范化经费上浮比例（%）”为 0" in row["funding_rule"] and "上浮 0%" not in row["funding_rule"]
    code, out = cli(db, capsys, "rewards", "--year", str(Y))
    rules, hint = out.rstrip("\n").rsplit("\n", 1)
    assert code == 0 and not re.search(r"[A-Za-z_]{3,}", rules), out  # the settings' keys only in the command to type
    assert hint == ("提示：本年度“标准化规范化一次性专项绩效奖励（元）”、“标准化规范化经费上浮比例（%）”为 0，需要时用命令设定："
                    f"branchdesk settings set standardized_bonus 值 --year {Y}；"
                    f"branchdesk settings set standardized_funding_uplift_percent 值 --year {Y}。")
    code, out = cli(db, capsys, "report", "rewards", "--year", str(Y), "-o", str(tmp_path / "rewards.pdf"))
    text = pdf_text(tmp_path / "rewards.pdf")
    assert "设置“标准化规范化" in text and "standardized" not in text and "无法测算上浮" not in text
