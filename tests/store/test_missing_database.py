"""A typo in --db: commands that only read or copy never create a database (exit 2, the path named);
commands that write data may, and say so; `backup` never overwrites a file unasked."""

from __future__ import annotations

import pytest

from desktop.cli import main
from desktop.services import branches
from desktop.store.database import MissingDatabase, open_database
from tests.sheets import HEADERS, branch_row, write_xlsx

READ_ONLY_COMMANDS = [
    ["check"],
    ["evaluate"],
    ["export", "branches", "{tmp}/out.xlsx"],
    ["report", "summary", "--year", "2025", "-o", "{tmp}/s.pdf"],
    ["report", "trends", "--from", "2024", "--to", "2025", "-o", "{tmp}/t.pdf"],
    ["verify"],
    ["verify-paper", "ABCD-EFGH"],
    ["backup"],
    ["backup", "{tmp}/usb.sqlite3"],
    ["targets"],
    ["chart", "standardized", "-o", "{tmp}/c.png"],
]


@pytest.mark.parametrize("command", READ_ONLY_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_read_only_commands_refuse_a_missing_database(tmp_path, capsys, command):
    typo = tmp_path / "typo" / "dta.sqlite3"
    args = [part.replace("{tmp}", str(tmp_path)) for part in command]
    assert main(["--db", str(typo), *args]) == 2
    err = capsys.readouterr().err
    assert f"找不到数据库文件：{typo}" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # no database, not even its folder, and no output file


def test_the_default_database_is_not_created_by_a_read_only_command(tmp_path, capsys):
    assert main(["check"]) == 2
    assert "找不到数据库文件" in capsys.readouterr().err
    assert not list((tmp_path / "userdata").glob("*.sqlite3"))


def test_template_writes_no_database(tmp_path, capsys):
    assert main(["template", "branches", str(tmp_path / "t.xlsx")]) == 0
    assert not list(tmp_path.rglob("*.sqlite3"))


def test_write_commands_create_the_database_and_say_so(tmp_path, capsys):
    sheet = write_xlsx(tmp_path / "b.xlsx", [HEADERS, branch_row("和平社区党支部")])
    path = tmp_path / "new" / "data.sqlite3"
    assert main(["--db", str(path), "import", "branches", str(sheet)]) == 0
    assert f"已新建数据库：{path}" in capsys.readouterr().err
    assert main(["--db", str(path), "import", "branches", str(sheet)]) == 0
    assert "已新建" not in capsys.readouterr().err  # only the first time

    demo = tmp_path / "demo.sqlite3"
    assert main(["--db", str(demo), "demo", "--seed", "2"]) == 0
    assert f"已新建数据库：{demo}" in capsys.readouterr().err


def test_open_database_without_create_names_the_path(tmp_path):
    with pytest.raises(MissingDatabase, match="找不到数据库文件"):
        open_database(str(tmp_path / "none.sqlite3"), create=False)
    assert not (tmp_path / "none.sqlite3").exists()


@pytest.fixture
def sixty(tmp_path):
    path = tmp_path / "main.sqlite3"
    db = open_database(str(path))
    for n in range(60):
        branches.save_branch(db.workspace, {"name": f"第{n:02d}党支部", "branch_kind": "village", "full_members": 5})
    db.close()
    return path


def test_backup_never_overwrites_an_existing_file_without_force(sixty, tmp_path, capsys):
    usb = tmp_path / "usb.sqlite3"
    assert main(["--db", str(sixty), "backup", str(usb)]) == 0
    good = usb.read_bytes()
    empty = tmp_path / "empty.sqlite3"
    open_database(str(empty)).close()
    capsys.readouterr()

    assert main(["--db", str(empty), "backup", str(usb)]) == 2
    err = capsys.readouterr().err
    assert f"目标文件 {usb} 已存在" in err and "--force" in err
    assert usb.read_bytes() == good
    assert not list(tmp_path.glob("usb.sqlite3.partial*"))

    assert main(["--db", str(empty), "backup", "--force", str(usb)]) == 0
    assert usb.read_bytes() != good
    import sqlite3

    conn = sqlite3.connect(usb)
    assert conn.execute("SELECT count(*) FROM branch").fetchone()[0] == 0
    conn.close()


def test_backups_into_a_folder_never_replace_one_made_the_same_second(sixty, tmp_path, monkeypatch):
    from datetime import datetime as real

    from desktop.store import backup

    class Frozen(real):
        @classmethod
        def now(cls, tz=None):
            return real(2025, 3, 1, 9, 0, 0)

    monkeypatch.setattr(backup, "datetime", Frozen)
    folder = tmp_path / "usb"
    db = open_database(str(sixty))
    made = [backup.backup_to(db.engine, folder, folder=True) for _ in range(3)]
    db.close()
    assert [p.name for p in made] == [
        "branchdesk-20250301-090000.sqlite3", "branchdesk-20250301-090000-2.sqlite3", "branchdesk-20250301-090000-3.sqlite3",
    ]


def test_backup_onto_the_database_itself_is_refused_even_with_force(sixty, capsys):
    before = sixty.read_bytes()
    assert main(["--db", str(sixty), "backup", "--force", str(sixty)]) == 2
    assert "不能备份到它自己" in capsys.readouterr().err
    assert sixty.read_bytes() == before
