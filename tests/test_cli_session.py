"""`branchdesk session ...` through desktop.cli.main, with three databases in three data folders:
the office, laptop A and laptop B. JSON shapes and exit codes as issue 12 states them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from tests.services.checkout_helpers import BRANCHES, SCORERS, cheap_kdf, dump, place
from tests.services.helpers import add_branch
from tests.sheets import write_xlsx

SCORE_HEADERS = ["评委", "支部名称", "考评项目", "得分"]


@pytest.fixture
def three(tmp_path, monkeypatch):
    cheap_kdf(monkeypatch)
    made = [place(tmp_path, name) for name in ("office", "laptop-a", "laptop-b")]
    for name in BRANCHES:
        add_branch(made[0].ws, name)
    files = {name: str(p.file) for name, p in zip(("office", "a", "b"), made, strict=True)}
    for p in made:
        p.db.close()  # the commands open the files themselves
    return files


def cli(capsys, db: str, *args: str) -> tuple[int, dict | None, str]:
    code = main(["--db", db, "session", *args, "--json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out.strip() else None, captured.err


def test_the_loop_through_the_command_line(three, tmp_path, capsys):
    office, a, b = three["office"], three["a"], three["b"]
    code, created, _ = cli(capsys, office, "create", "--year", "2025", "--title", "年度考评", "--held-on", "2025-12-20",
                           "--scorers", ",".join(SCORERS), "--all")
    assert code == 0 and set(created) == {"session", "branches", "scorers"}
    assert (created["branches"], created["scorers"]) == (3, 3)
    session = created["session"]

    code, to_a, _ = cli(capsys, office, "export", session, "-o", str(tmp_path / "a.bdsession"), "--scorers", "甲")
    assert code == 0 and set(to_a) == {"file", "code", "scorers"} and to_a["scorers"] == ["甲"]
    code, to_b, _ = cli(capsys, office, "export", "年度考评", "-o", str(tmp_path / "b.bdsession"), "--scorers", "乙，丙")
    assert code == 0 and to_b["scorers"] == ["乙", "丙"]

    code, opened, _ = cli(capsys, a, "open", to_a["file"], "--code", to_a["code"])
    assert code == 0 and opened == {"session": session, "branches": 3, "scorers": ["甲"]}
    code, opened, _ = cli(capsys, b, "open", to_b["file"], "--code", to_b["code"])
    assert code == 0 and opened["scorers"] == ["乙", "丙"]

    rows = [SCORE_HEADERS, *(["甲", branch, "组织设置·按期换届", 2.5] for branch in BRANCHES)]
    sheet = write_xlsx(tmp_path / "甲.xlsx", rows)
    assert main(["--db", a, "import", "scores", str(sheet), "--session", session, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"imported": 3, "updated": 0, "rejected": []}

    code, back_a, _ = cli(capsys, a, "return", session, "-o", str(tmp_path / "back-a"))
    assert code == 0 and back_a["number"] == 1 and back_a["cells"] == 3
    code, back_b, _ = cli(capsys, b, "return", "年度考评", "-o", str(tmp_path / "back-b"))
    assert code == 0 and back_b["cells"] == 0

    before = dump(tmp_path / "office" / "branchdesk.sqlite3")
    code, preview, _ = cli(capsys, office, "merge", back_a["file"], "--dry-run")
    assert code == 0 and preview["merged"] == 3
    assert dump(tmp_path / "office" / "branchdesk.sqlite3") == before
    code, merged, _ = cli(capsys, office, "merge", back_a["file"])
    assert code == 0 and (merged["merged"], merged["unchanged"], merged["conflicts"]) == (3, 0, [])
    assert {"merged", "unchanged", "conflicts"} <= set(merged)
    code, merged, _ = cli(capsys, office, "merge", back_b["file"])
    assert code == 0 and merged["merged"] == 0

    code, again, _ = cli(capsys, office, "merge", back_a["file"])
    assert code == 0 and again["merged"] == 0 and again["unchanged"] == 3

    code, listed, _ = cli(capsys, office, "list", "--year", "2025")
    assert code == 0 and [c["state"] for c in listed["sessions"][0]["checkouts"]] == ["merged", "merged"]


def test_refusals_exit_2_with_the_reason_on_stderr(three, tmp_path, capsys):
    office, a = three["office"], three["a"]
    cli(capsys, office, "create", "--year", "2025", "--title", "年度考评", "--held-on", "2025-12-20",
        "--scorers", "甲,乙", "--branches", ",".join(BRANCHES[:2]))
    _, made, _ = cli(capsys, office, "export", "年度考评", "-o", str(tmp_path / "a"), "--scorers", "甲")
    code, _, err = cli(capsys, office, "export", "年度考评", "-o", str(tmp_path / "again"), "--scorers", "甲")
    assert code == 2 and "不能再次带出" in err

    code, _, err = cli(capsys, a, "open", made["file"], "--code", "0000000000000000000")
    assert code == 2 and "配对码" in err
    cli(capsys, a, "open", made["file"], "--code", made["code"])
    code, back, _ = cli(capsys, a, "return", "年度考评", "-o", str(tmp_path / "back"))
    damaged = tmp_path / "damaged.bdsession"
    damaged.write_bytes(Path(back["file"]).read_bytes()[:-3])
    before = dump(tmp_path / "office" / "branchdesk.sqlite3")
    code, out, err = cli(capsys, office, "merge", str(damaged))
    assert code == 2 and out is None and err.startswith("错误：") and "未做任何改动" in err
    assert dump(tmp_path / "office" / "branchdesk.sqlite3") == before

    code, _, err = cli(capsys, office, "cancel", "年度考评", "--reason", "")
    assert code == 2 and "原因" in err
    code, cancelled, _ = cli(capsys, office, "cancel", "年度考评", "--reason", "U 盘遗失")
    assert code == 0 and cancelled["cancelled"][0]["reason"] == "U 盘遗失"
    code, _, err = cli(capsys, office, "return", "年度考评", "-o", str(tmp_path / "x"))
    assert code == 2 and "不是从评分包打开的" in err


def test_a_conflict_is_listed_and_left_and_exit_is_0(three, tmp_path, capsys):
    office, a = three["office"], three["a"]
    cli(capsys, office, "create", "--year", "2025", "--title", "年度考评", "--held-on", "2025-12-20", "--scorers", "甲",
        "--branches", BRANCHES[0])
    _, made, _ = cli(capsys, office, "export", "年度考评", "-o", str(tmp_path / "a"))
    cli(capsys, a, "open", made["file"], "--code", made["code"])
    cli(capsys, office, "cancel", "年度考评", "--reason", "改在办公室打分")
    row = ["甲", BRANCHES[0], "组织设置·按期换届"]
    at_office = write_xlsx(tmp_path / "o.xlsx", [SCORE_HEADERS, [*row, 3]])
    on_laptop = write_xlsx(tmp_path / "l.xlsx", [SCORE_HEADERS, [*row, 2.5]])
    assert main(["--db", office, "import", "scores", str(at_office), "--session", "年度考评"]) == 0
    assert main(["--db", a, "import", "scores", str(on_laptop), "--session", "年度考评"]) == 0
    capsys.readouterr()
    _, back, _ = cli(capsys, a, "return", "年度考评", "-o", str(tmp_path / "back"))
    code, merged, _ = cli(capsys, office, "merge", back["file"])
    assert code == 0 and merged["conflicts"] == [
        {"branch": BRANCHES[0], "scorer": "甲", "item": "组织设置·按期换届", "office": 3, "laptop": 2.5}]
    code, merged, _ = cli(capsys, office, "merge", back["file"], "--prefer", "office")
    assert code == 0 and merged["merged"] == 0 and len(merged["conflicts"]) == 1
