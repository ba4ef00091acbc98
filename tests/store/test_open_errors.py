"""A database that cannot be used is explained truthfully: unreadable or unwritable is not corrupt,
and the advice for a corrupt one (restore the newest verified backup) can be followed as printed."""

from __future__ import annotations

import errno
import os
import sqlite3

import pytest

from desktop.cli import main
from desktop.errors import DatabaseError
from desktop.store import backup, database
from desktop.store.database import CorruptDatabase, open_database


def deny(monkeypatch, denied_path, denied_mode):
    """os.access as on a read-only medium or without permission (tests run as root: chmod cannot)."""
    real = os.access

    def access(path, mode, *args, **kwargs):
        if os.fspath(path) == os.fspath(denied_path) and mode & denied_mode:
            return False
        return real(path, mode, *args, **kwargs)

    monkeypatch.setattr(database.os, "access", access)


def test_read_only_folder_is_not_called_corrupt(tmp_path, monkeypatch):
    path = tmp_path / "ro.sqlite3"
    open_database(str(path)).close()
    before = path.read_bytes()
    deny(monkeypatch, tmp_path, os.W_OK)
    with pytest.raises(DatabaseError) as error:
        open_database(str(path), exclusive=True)
    assert not isinstance(error.value, CorruptDatabase)
    message = error.value.message
    assert "无法读写" in message and "只读" in message and "不是文件损坏" in message
    assert "已损坏" not in message and "恢复" not in message
    assert path.read_bytes() == before


def test_new_database_in_a_read_only_folder_says_so(tmp_path, monkeypatch):
    deny(monkeypatch, tmp_path, os.W_OK)
    with pytest.raises(DatabaseError, match="文件夹没有写入权限") as error:
        open_database(str(tmp_path / "new.sqlite3"))
    assert "unable to open" not in error.value.message
    assert not (tmp_path / "new.sqlite3").exists()


@pytest.mark.parametrize("mode, expected", [(os.R_OK, "没有读取权限"), (os.W_OK, "文件是只读的")])
def test_unreadable_or_read_only_file_says_so(tmp_path, monkeypatch, mode, expected):
    path = tmp_path / "f.sqlite3"
    open_database(str(path)).close()
    deny(monkeypatch, path, mode)
    with pytest.raises(DatabaseError, match=expected):
        open_database(str(path))


def test_lock_file_that_cannot_be_created_gives_a_chinese_message(tmp_path, monkeypatch):
    def refuse(_self):
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / "x.sqlite3.lock"))

    monkeypatch.setattr(database.InstanceLock, "acquire", refuse)
    with pytest.raises(DatabaseError) as error:
        open_database(str(tmp_path / "x.sqlite3"), exclusive=True)
    assert "只读" in error.value.message and "Errno" not in error.value.message


def corrupt(path):
    path.write_bytes(b"\x00garbage" * 600)


def test_corrupt_message_gives_the_restore_command_with_the_newest_verified_backup(tmp_path):
    path = tmp_path / "main.sqlite3"
    db = open_database(str(path))
    good = backup.backup_to(db.engine, tmp_path / "backups" / "branchdesk-1.sqlite3")
    db.close()
    newer_but_bad = tmp_path / "backups" / "branchdesk-2.sqlite3"
    corrupt(newer_but_bad)
    os.utime(newer_but_bad, (good.stat().st_mtime + 60,) * 2)
    corrupt(path)
    with pytest.raises(CorruptDatabase) as error:
        open_database(str(path))
    assert f'branchdesk --db "{path}" restore "{good}"' in error.value.message
    assert "文件 → 恢复备份" not in error.value.message


def test_corrupt_message_never_points_at_another_databases_backup(tmp_path):
    """Two databases in one folder share its backups folder; each copy knows where it came from."""
    mine, other = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    db = open_database(str(mine))
    own = backup.backup_to(db.engine, tmp_path / "backups", folder=True)
    db.close()
    db = open_database(str(other))
    newer = backup.backup_to(db.engine, tmp_path / "backups" / "branchdesk-later.sqlite3")
    db.close()
    os.utime(newer, (own.stat().st_mtime + 60,) * 2)
    assert backup.origin_of(own) == "a.sqlite3" and backup.origin_of(newer) == "b.sqlite3"
    corrupt(mine)
    with pytest.raises(CorruptDatabase) as error:
        open_database(str(mine))
    assert f'restore "{own}"' in error.value.message and str(newer) not in error.value.message


def test_corrupt_message_without_backups_still_names_the_command(tmp_path):
    path = tmp_path / "main.sqlite3"
    corrupt(path)
    with pytest.raises(CorruptDatabase, match="restore <备份文件>"):
        open_database(str(path))


def _names(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM branch ORDER BY name")]
    finally:
        conn.close()


def test_restore_over_a_corrupt_database_keeps_the_corrupt_file_aside(tmp_path, capsys):
    path = tmp_path / "main.sqlite3"
    assert main(["--db", str(path), "demo", "--seed", "4"]) == 0
    assert main(["--db", str(path), "backup"]) == 0
    names = _names(path)
    copy = next((tmp_path / "backups").glob("branchdesk-*.sqlite3"))
    corrupt(path)
    (tmp_path / "main.sqlite3-wal").write_bytes(b"stale wal of the corrupt file")
    damaged = path.read_bytes()
    capsys.readouterr()

    assert main(["--db", str(path), "restore", str(copy)]) == 0
    out = capsys.readouterr().out
    aside = next(tmp_path.glob("main.sqlite3.corrupt-*[0-9]"))
    assert aside.read_bytes() == damaged and str(aside) in out
    assert (tmp_path / f"{aside.name}-wal").read_bytes() == b"stale wal of the corrupt file"
    assert _names(path) == names
    assert main(["--db", str(path), "verify"]) == 0


def test_restore_over_a_corrupt_database_refuses_a_bad_source_and_moves_nothing(tmp_path, capsys):
    path = tmp_path / "main.sqlite3"
    corrupt(path)
    before = path.read_bytes()
    junk = tmp_path / "junk.sqlite3"
    corrupt(junk)
    assert main(["--db", str(path), "restore", str(junk)]) == 2
    assert "不是有效的数据库文件" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.glob("main.sqlite3*") if not p.name.endswith(".lock")) == ["main.sqlite3"]
    assert path.read_bytes() == before


def damage_data_pages(path) -> None:
    """Damage past the schema page: the file opens, and queries that reach the data fail."""
    data = bytearray(path.read_bytes())
    data[4096 * 5 : 4096 * 9] = b"\xff" * 4096 * 4
    path.write_bytes(bytes(data))


def test_damage_found_mid_command_is_explained_and_restorable(tmp_path, capsys):
    path = tmp_path / "main.sqlite3"
    assert main(["--db", str(path), "demo", "--seed", "4"]) == 0
    assert main(["--db", str(path), "backup"]) == 0
    copy = next((tmp_path / "backups").glob("branchdesk-*.sqlite3"))
    names = _names(path)
    damage_data_pages(path)
    capsys.readouterr()

    assert main(["--db", str(path), "check"]) == 2
    err = capsys.readouterr().err
    assert f'restore "{copy}"' in err and "malformed" not in err and "Traceback" not in err
    assert main(["--db", str(path), "verify"]) == 1
    assert "完整性检查未通过" in capsys.readouterr().out
    assert main(["--db", str(path), "backup"]) == 2
    assert "无法备份数据库" in capsys.readouterr().err

    assert main(["--db", str(path), "restore", str(copy)]) == 0
    assert _names(path) == names and len(list(tmp_path.glob("main.sqlite3.corrupt-*"))) == 1
