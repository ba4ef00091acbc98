"""What the command line says when the input is wrong: Chinese, specific, exit 2, never a traceback."""

from __future__ import annotations

import argparse
import errno
import gettext
import os
import re
import stat

import pytest

from desktop.cli import main
from desktop.store import files


def usage_error(capsys, *argv) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(
    "argv",
    [
        ("check", "--year", "99999"),
        ("evaluate", "--year", "1999"),
        ("export", "branches", "out.xlsx", "--year", "2101"),
        ("report", "summary", "--year", "99999", "-o", "x.pdf"),
        ("report", "trends", "--from", "1990", "-o", "x.pdf"),
        ("chart", "standardized", "--from", "1990", "-o", "x.png"),
        ("chart", "standardized", "--to", "3000", "-o", "x.png"),
        ("chart", "scores", "--year", "99999", "-o", "x.png"),
        ("targets", "--year", "0"),
    ],
)
def test_every_year_argument_accepts_2000_to_2100(capsys, dbfile, argv):
    err = usage_error(capsys, "--db", dbfile, *argv)
    assert "超出范围，应在 2000–2100 之间" in err


@pytest.mark.parametrize("text", ["2000", "2100"])
def test_year_boundaries_are_accepted(text):
    from desktop.commands.common import year

    assert year(text) == int(text)
    with pytest.raises(argparse.ArgumentTypeError, match="不是整数"):
        year("二〇二五")


@pytest.mark.parametrize(
    "argv, expected",
    [
        (("check", "--foo"), "无法识别的参数：--foo"),
        (("import", "branches"), "缺少必需的参数：file"),
        (("demo", "--scale", "planet"), "无效的选项 'planet'"),
        (("demo", "--seed", "x"), "参数 --seed：无效的值 'x'"),
        (("report", "summary", "--year"), "参数 --year：需要一个值"),
        (("bogus",), "无效的选项 'bogus'"),
    ],
)
def test_argparse_messages_are_chinese(capsys, dbfile, argv, expected):
    err = usage_error(capsys, "--db", dbfile, *argv)
    assert expected in err and "用法错误" in err and err.startswith("用法：")
    assert not re.search(r"usage|error|argument|invalid|required|choose", err)


def test_help_is_chinese_and_argparse_is_left_as_it_was(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "-h"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：branchdesk check") and "显示本帮助并退出" in out and "usage" not in out
    # Other argparse users in the process keep their own language.
    assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext
    assert argparse.ArgumentParser(prog="x").format_usage().startswith("usage:")


def test_verify_paper_without_a_code_asks_for_one(capsys, dbfile):
    assert main(["--db", dbfile, "verify-paper", "  "]) == 2
    assert "请输入纸质文件上的验证码" in capsys.readouterr().err


def test_export_reports_the_file_really_written(capsys, dbfile, tmp_path):
    assert main(["--db", dbfile, "export", "branches", str(tmp_path / "b.csv")]) == 0
    assert f"到 {tmp_path / 'b.xlsx'}" in capsys.readouterr().out
    assert (tmp_path / "b.xlsx").is_file() and not (tmp_path / "b.csv").exists()


def writing(kind: str, target) -> list[str]:
    """A command that writes `target` through each of the three writers (sheet, PDF, chart)."""
    return {
        "export": ["export", "branches", str(target)],
        "report": ["report", "summary", "--year", "2025", "-o", str(target)],
        "chart": ["chart", "standardized", "-o", str(target)],
    }[kind]


def _read_only_replace(monkeypatch):
    """Simulate a read-only medium at the last step (tests run as root, so chmod cannot)."""

    def refuse(src, _dst):
        raise OSError(errno.EROFS, "Read-only file system", src)

    monkeypatch.setattr(files.os, "replace", refuse)


@pytest.mark.parametrize("kind, name", [("export", "out.xlsx"), ("report", "summary.pdf"), ("chart", "c.png")])
def test_a_failed_write_names_the_chosen_file_not_a_temp_file(capsys, monkeypatch, dbfile, tmp_path, kind, name):
    assert main(["--db", dbfile, "demo", "--seed", "1"]) == 0
    capsys.readouterr()
    target = tmp_path / "out" / name
    _read_only_replace(monkeypatch)
    assert main(["--db", dbfile, *writing(kind, target)]) == 2
    err = capsys.readouterr().err
    assert str(target) in err and "只读" in err and "Read-only" not in err
    assert os.listdir(target.parent) == []  # the temporary file is gone too


@pytest.mark.parametrize("kind, name", [("export", "out.xlsx"), ("report", "summary.pdf"), ("chart", "c.png")])
def test_written_files_get_normal_permissions(capsys, dbfile, tmp_path, kind, name):
    target = tmp_path / name
    assert main(["--db", dbfile, "settings", "set", "issuer_name", "中共和平街道工作委员会"]) == 0  # the summary names it
    assert main(["--db", dbfile, *writing(kind, target)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == files.normal_mode() != 0o600


def test_backup_to_a_new_folder_with_a_trailing_slash(capsys, dbfile, tmp_path):
    folder = tmp_path / "usb" / "bk"
    assert main(["--db", dbfile, "backup", f"{folder}/"]) == 0
    assert folder.is_dir() and len(list(folder.glob("branchdesk-*.sqlite3"))) == 1
    assert str(folder) in capsys.readouterr().out


def test_backup_into_a_read_only_folder_says_so(capsys, monkeypatch, dbfile, tmp_path):
    import sqlite3

    from desktop.store import backup

    def refuse(_source, _dest):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(backup, "copy_database", refuse)
    assert main(["--db", dbfile, "backup", str(tmp_path / "ro") + "/"]) == 2
    err = capsys.readouterr().err
    assert f"无法把备份写入文件夹 {tmp_path / 'ro'}" in err and "只读" in err and "unable" not in err


def test_corrupt_database_message_has_no_sqlite_english(capsys, tmp_path):
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"not a database " * 500)
    assert main(["--db", str(path), "verify"]) == 2
    err = capsys.readouterr().err
    assert "已损坏" in err and "file is not a database" not in err and "(" not in err


def test_a_junk_backup_is_refused_without_sqlite_english(capsys, dbfile, tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"junk " * 1000)
    assert main(["--db", dbfile, "restore", str(junk)]) == 2
    err = capsys.readouterr().err
    assert "不是有效的数据库文件" in err and "not a database" not in err


@pytest.fixture
def dbfile(tmp_path) -> str:
    """An existing, empty database: commands that only read refuse a missing file."""
    from desktop.store.database import open_database

    path = tmp_path / "cli.sqlite3"
    open_database(str(path)).close()
    return str(path)


def test_trends_report_refuses_a_name_that_is_not_pdf_or_docx(capsys, dbfile, tmp_path):
    target = tmp_path / "趋势.doc"
    assert main(["--db", dbfile, "report", "trends", "--from", "2024", "--to", "2025", "-o", str(target)]) == 2
    assert "应保存为 .pdf 文件（也可导出为 Word 的 .docx）" in capsys.readouterr().err
    assert not target.exists()
