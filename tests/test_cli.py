"""The command line as a script or a clerk would use it: output shapes, exit codes, messages."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.cli import main
from tests.sheets import HEADERS, branch_row, write_xlsx

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real program in a fresh process: exit code, stdout and stderr as a shell sees them."""
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args], capture_output=True, text=True, cwd=ROOT, env=full_env, timeout=120
    )


@pytest.fixture
def dbfile(tmp_path) -> str:
    """An existing, empty database: commands that only read refuse a missing file."""
    from desktop.store.database import open_database

    path = tmp_path / "cli.sqlite3"
    open_database(str(path)).close()
    return str(path)


def names_in(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return sorted(row[0] for row in conn.execute("SELECT name FROM branch"))
    finally:
        conn.close()


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"branchdesk {__version__}"


def test_import_json_prints_exactly_one_object(dbfile, tmp_path, capsys):
    good = write_xlsx(tmp_path / "good.xlsx", [HEADERS, branch_row("和平社区党支部"), branch_row("光明村党支部", "村")])
    assert main(["--db", dbfile, "import", "branches", str(good), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"imported": 2, "updated": 0, "rejected": []}

    bad = write_xlsx(tmp_path / "bad.xlsx", [HEADERS, branch_row("和平社区党支部", full=12), branch_row("甲", "街道")])
    assert main(["--db", dbfile, "import", "branches", str(bad), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)  # json.loads refuses trailing text: one object only
    assert out["imported"] == 0 and out["updated"] == 1
    assert out["rejected"] == [{"row": 3, "column": "支部类型", "reason": out["rejected"][0]["reason"]}]
    assert "街道" in out["rejected"][0]["reason"]


def test_import_text_output_lists_rejections(dbfile, tmp_path, capsys):
    bad = write_xlsx(tmp_path / "bad.xlsx", [HEADERS, branch_row("甲党支部", full="abc")])
    assert main(["--db", dbfile, "import", "branches", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "第 2 行，正式党员数" in out and "abc" in out


def test_dry_run_writes_nothing(dbfile, tmp_path, capsys):
    good = write_xlsx(tmp_path / "good.xlsx", [HEADERS, branch_row("和平社区党支部")])
    assert main(["--db", dbfile, "import", "branches", str(good), "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["imported"] == 1
    assert names_in(dbfile) == []


def test_export_and_template(dbfile, tmp_path, capsys):
    from openpyxl import load_workbook

    good = write_xlsx(tmp_path / "good.xlsx", [HEADERS, branch_row("和平社区党支部"), branch_row("光明村党支部", "村")])
    main(["--db", dbfile, "import", "branches", str(good)])
    exported = tmp_path / "out.xlsx"
    assert main(["--db", dbfile, "export", "branches", str(exported)]) == 0
    assert "已导出 2 条" in capsys.readouterr().out
    rows = list(load_workbook(exported).worksheets[0].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["光明村党支部", "和平社区党支部"]

    template = tmp_path / "template.xlsx"
    assert main(["template", "branches", str(template)]) == 0
    header = next(load_workbook(template).worksheets[0].iter_rows(values_only=True))
    assert list(header[: len(HEADERS)]) == HEADERS


def test_check_json_shape(dbfile, tmp_path, capsys):
    rows = [HEADERS, branch_row("小党支部", "机关", full=2, 本届选举日期="2022-06-30", 任期年限=3),
            branch_row("大党支部", "机关", full=30, 设支委会="是")]
    main(["--db", dbfile, "import", "branches", str(write_xlsx(tmp_path / "in.xlsx", rows))])
    capsys.readouterr()
    assert main(["--db", dbfile, "check", "--year", "2025", "--as-of", "2025-06-30", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["year"] == 2025 and out["as_of"] == "2025-06-30"
    # Setup findings come first; meeting findings (no meetings logged here) follow them.
    by_name = {b["name"]: [f["code"] for f in b["findings"] if f["code"] != "meeting_gap"] for b in out["branches"]}
    # No meeting in the twelve months up to the as-of date: the 软弱涣散 ground fires for both.
    assert by_name == {
        "大党支部": ["secretary_untrained", "no_organizational_life"],
        "小党支部": ["too_few_members", "term_expiring", "secretary_untrained", "no_organizational_life"],
    }
    setup = [f for b in out["branches"] for f in b["findings"] if f["code"] not in ("meeting_gap", "no_organizational_life")]
    assert all(set(f) == {"code", "message"} for f in setup)
    # A 软弱涣散 ground carries the evidence it fired on, as `weak screen` shows it.
    weak = [f for b in out["branches"] for f in b["findings"] if f["code"] == "no_organizational_life"]
    assert weak and all(set(f) == {"code", "message", "evidence"} and f["evidence"] for f in weak)
    gaps = [f for b in out["branches"] for f in b["findings"] if f["code"] == "meeting_gap"]
    assert gaps and all(set(f) == {"code", "meeting", "periods", "message"} for f in gaps)


def test_check_text_output(dbfile, tmp_path, capsys):
    main(["--db", dbfile, "import", "branches", str(write_xlsx(tmp_path / "in.xlsx", [HEADERS, branch_row("小党支部", full=1)]))])
    capsys.readouterr()
    assert main(["--db", dbfile, "check", "--year", "2025", "--as-of", "2025-06-30"]) == 0
    out = capsys.readouterr().out
    assert "1 个支部，1 个有问题" in out and "[人数不足]" in out and "[组织生活未落实]" in out
    assert "too_few_members" not in out and "meeting_gap" not in out  # codes stay in --json only


def test_backup_restore_verify(dbfile, tmp_path, capsys):
    main(["--db", dbfile, "import", "branches", str(write_xlsx(tmp_path / "a.xlsx", [HEADERS, branch_row("甲党支部")]))])
    copy = tmp_path / "copy.sqlite3"
    assert main(["--db", dbfile, "backup", str(copy)]) == 0
    assert "已备份并校验" in capsys.readouterr().out
    main(["--db", dbfile, "import", "branches", str(write_xlsx(tmp_path / "b.xlsx", [HEADERS, branch_row("乙党支部")]))])
    assert names_in(dbfile) == ["乙党支部", "甲党支部"]
    assert main(["--db", dbfile, "restore", str(copy)]) == 0
    assert "恢复前的数据已备份到" in capsys.readouterr().out
    assert names_in(dbfile) == ["甲党支部"]
    assert main(["--db", dbfile, "verify"]) == 0
    assert "完整性检查通过" in capsys.readouterr().out
    assert main(["--db", dbfile, "backup"]) == 0  # default: the backups folder beside the database
    assert len(list((tmp_path / "backups").glob("branchdesk-*.sqlite3"))) == 1


def test_demo_is_deterministic_for_a_seed(tmp_path, capsys):
    first, second, third = (str(tmp_path / f"{n}.sqlite3") for n in "abc")
    assert main(["--db", first, "demo", "--scale", "street", "--seed", "7"]) == 0
    assert main(["--db", second, "demo", "--scale", "street", "--seed", "7"]) == 0
    assert main(["--db", third, "demo", "--scale", "street", "--seed", "8"]) == 0
    assert names_in(first) == names_in(second) != names_in(third)
    assert 50 <= len(names_in(first)) <= 70
    assert "已生成演示数据" in capsys.readouterr().out


def test_demo_district_scale(dbfile, capsys):
    assert main(["--db", dbfile, "demo", "--scale", "district"]) == 0
    assert 1800 <= len(names_in(dbfile)) <= 2200


def test_demo_refuses_a_database_with_branches(dbfile, capsys):
    main(["--db", dbfile, "demo"])
    assert main(["--db", dbfile, "demo"]) == 2
    assert "只能写入空数据库" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ("bogus",),
        ("check", "--year", "abc"),
        ("import", "members", "x.xlsx"),
        ("import", "branches"),
        ("demo", "--scale", "planet"),
    ],
)
def test_usage_errors_exit_2_with_a_chinese_message(args, dbfile):
    result = run("--db", dbfile, *args)
    assert result.returncode == 2
    assert "用法错误" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda p: p.with_suffix(".csv").write_text("a,b"), "只能导入 Excel 文件"),
        (lambda p: p.write_text("not a zip"), "不是有效的 Excel 文件"),
        (lambda p: None, "找不到文件"),
    ],
)
def test_bad_import_file_gives_a_message_not_a_traceback(make, expected, tmp_path, dbfile):
    path = tmp_path / "ledger.xlsx"
    make(path)
    target = path.with_suffix(".csv") if expected.startswith("只能") else path
    result = run("--db", dbfile, "import", "branches", str(target))
    assert result.returncode == 2
    assert expected in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("day, expected", [("2025-2-3", "格式不对，应为 YYYY-MM-DD"), ("2025-02-30", "不存在")])
def test_bad_as_of_date_gives_a_message(dbfile, day, expected):
    result = run("--db", dbfile, "check", "--as-of", day)
    assert result.returncode == 2 and expected in result.stderr and "Traceback" not in result.stderr


def test_corrupt_database_gives_a_message(tmp_path):
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"not a database " * 500)
    result = run("--db", str(path), "verify")
    assert result.returncode == 2 and "已损坏" in result.stderr and "Traceback" not in result.stderr


def test_unwritable_export_path_gives_a_message(dbfile, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("--db", dbfile, "export", "branches", str(blocker / "sub" / "out.xlsx"))
    assert result.returncode == 2 and "无法读写文件" in result.stderr and "Traceback" not in result.stderr


def test_db_option_and_environment_variable(tmp_path):
    by_option = tmp_path / "option.sqlite3"
    by_env = tmp_path / "env.sqlite3"
    assert run("--db", str(by_option), "demo", "--seed", "3").returncode == 0
    assert run("demo", "--seed", "3", env={"BRANCHDESK_DB": str(by_env)}).returncode == 0
    assert names_in(by_option) == names_in(by_env) != []
    # --db wins over the environment.
    result = run("--db", str(by_option), "check", "--json", env={"BRANCHDESK_DB": str(tmp_path / "unused.sqlite3")})
    assert len(json.loads(result.stdout)["branches"]) == len(names_in(by_option))
    assert not (tmp_path / "unused.sqlite3").exists()


def test_sqlalchemy_url_is_accepted(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'url.sqlite3'}"
    assert main(["--db", url, "demo", "--seed", "2"]) == 0
    assert len(names_in(tmp_path / "url.sqlite3")) > 40


def test_default_database_lives_in_the_data_folder(tmp_path, capsys):
    data = tmp_path / "userdata"  # set by the autouse fixture in conftest
    assert main(["demo"]) == 0
    assert (data / "branchdesk.sqlite3").is_file()
