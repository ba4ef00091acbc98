"""A full or read-only disk is named as such (磁盘空间不足, 只读), never as a damaged database, on a
real small tmpfs; the data stays as it was, and once there is room again everything works."""

from __future__ import annotations

import os

import pytest

from desktop.cli import main
from desktop.services import branches
from desktop.store.database import open_database
from tests.fault.disks import branch_names, fill, tmpfs
from tests.sheets import HEADERS, branch_row, write_xlsx

NAMES = sorted(["甲党支部", "乙党支部", "丙党支部"])


@pytest.fixture
def disk(tmp_path):
    with tmpfs(tmp_path / "disk", "3m") as folder:
        yield folder


@pytest.fixture
def small_db(disk):
    path = disk / "main.sqlite3"
    db = open_database(str(path))
    for name in NAMES:
        branches.save_branch(db.workspace, {"name": name, "branch_kind": "government", "full_members": 5})
    db.close()
    return path


def assert_disk_full(err: str) -> None:
    assert "磁盘空间不足" in err and "腾出空间" in err
    for wrong in ("已损坏", "branchdesk --db", "没有权限", "数据库操作失败", "Traceback", "disk is full", "I/O"):
        assert wrong not in err


def leave_free(filler, free_bytes: int) -> None:
    with open(filler, "r+b") as handle:
        handle.truncate(max(0, os.path.getsize(filler) - free_bytes))


@pytest.mark.parametrize("command", [["check"], ["verify"], ["backup"], ["evaluate", "--year", "2025"]])
def test_commands_on_a_full_disk_say_disk_full(small_db, disk, capsys, command):
    filler = fill(disk)
    assert main(["--db", str(small_db), *command]) == 2
    assert_disk_full(capsys.readouterr().err)
    filler.unlink()
    assert branch_names(small_db) == NAMES
    assert main(["--db", str(small_db), *command]) == 0  # room again: it works, nothing to restore


def test_an_import_that_runs_out_of_space_says_so_and_writes_nothing(small_db, disk, tmp_path, capsys):
    rows = [HEADERS] + [branch_row(f"第{n:04d}社区党支部") for n in range(2000)]
    sheet = write_xlsx(tmp_path / "many.xlsx", rows)
    filler = fill(disk)
    leave_free(filler, 400 * 1024)  # room to open the database, not for 2,000 branches
    assert main(["--db", str(small_db), "check"]) == 0
    assert main(["--db", str(small_db), "import", "branches", str(sheet)]) == 2
    assert_disk_full(capsys.readouterr().err)
    assert branch_names(small_db) == NAMES

    filler.unlink()
    assert main(["--db", str(small_db), "import", "branches", str(sheet)]) == 0
    assert len(branch_names(small_db)) == 2003


def test_backup_and_restore_on_a_full_disk_say_disk_full_and_change_nothing(small_db, disk, tmp_path, capsys):
    assert main(["--db", str(small_db), "backup", str(tmp_path / "copy.sqlite3")]) == 0
    filler = fill(disk)
    leave_free(filler, 200 * 1024)
    before = small_db.read_bytes()
    assert main(["--db", str(small_db), "restore", str(tmp_path / "copy.sqlite3")]) == 2
    assert_disk_full(capsys.readouterr().err)
    assert small_db.read_bytes() == before
    filler.unlink()
    assert not [p for p in disk.rglob("*.partial*")]  # the failed copy left nothing behind


def test_a_read_only_disk_is_named_as_such_never_as_damage(small_db, disk, tmp_path, capsys):
    from tests.fault.disks import remount

    elsewhere = tmp_path / "elsewhere.sqlite3"
    assert main(["--db", str(small_db), "backup", str(tmp_path / "copy.sqlite3")]) == 0
    open_database(str(elsewhere)).close()
    before = small_db.read_bytes()
    remount(disk, "ro")
    try:
        capsys.readouterr()
        for command in (["check"], ["restore", str(tmp_path / "copy.sqlite3")]):
            assert main(["--db", str(small_db), *command]) == 2
            err = capsys.readouterr().err
            assert "只读" in err and "不是文件损坏" in err and "已损坏" not in err and "磁盘空间" not in err
        assert main(["--db", str(elsewhere), "backup", str(disk / "usb.sqlite3")]) == 2
        err = capsys.readouterr().err
        assert f"无法把备份写入文件夹 {disk}" in err and "只读" in err
        assert small_db.read_bytes() == before and not (disk / "usb.sqlite3").exists()
    finally:
        remount(disk, "rw")
