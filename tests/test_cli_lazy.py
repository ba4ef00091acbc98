"""The parser imports a command's module only when that command runs; what it shows is unchanged."""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import cli
from desktop.commands import COMMANDS, module_of
from desktop.commands.usage import ChineseParser

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("sqlalchemy", "alembic", "reportlab", "openpyxl", "matplotlib", "desktop.services", "desktop.store")


def subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def test_the_table_is_what_the_modules_register():
    for module in {owner for owner, _help in COMMANDS.values()}:
        parser = ChineseParser(prog="branchdesk")
        sub = parser.add_subparsers(dest="command", parser_class=ChineseParser)
        module_of(next(name for name, (owner, _h) in COMMANDS.items() if owner == module)).register(sub)
        assert list(sub.choices) == [name for name, (owner, _h) in COMMANDS.items() if owner == module]
    full = subcommands(cli.build_parser())
    assert [(a.dest, a.help) for a in full._choices_actions] == [(name, help_line) for name, (_m, help_line) in COMMANDS.items()]


def shown(argv: list[str], parser_of) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), pytest.raises(SystemExit) as ended:
        parser_of(argv)
    return ended.value.code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", [
    ["--help"], ["--version"], ["nosuch"], ["--db"], ["--bogus"], ["session"], ["report"], ["report", "--help"],
    ["report", "nope", "-o", "x.pdf"], ["session", "merge", "--help"], ["settings", "set", "--help"], ["import", "--help"],
    ["export", "--help"], ["chart", "--help"], ["weak", "screen", "--year", "x"],
])
def test_help_and_usage_errors_are_those_of_the_full_parser(argv):
    assert shown(argv, cli.parse) == shown(argv, cli.build_parser().parse_args)


def test_one_command_registers_only_its_module():
    sub = subcommands(cli.build_parser(("report",)))
    assert "document" in [a.dest for a in sub.choices["report"]._actions]  # report's real arguments
    assert [a.dest for a in sub.choices["import"]._actions] == []  # a stub: no arguments, no -h


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["nosuch"]])
def test_version_and_help_import_no_database_or_paper_library(argv):
    code = (
        "import sys\nfrom desktop.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        f"print('LOADED:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code, *argv], cwd=ROOT, capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "LOADED:"


def test_a_reading_command_imports_no_alembic(tmp_path):
    db = tmp_path / "current.sqlite3"
    subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), "settings", "set", "issuer_name", "中共和平街道工作委员会"],
                   cwd=ROOT, check=True, capture_output=True)
    code = "import sys\nfrom desktop.cli import main\nmain(sys.argv[1:])\nprint('alembic' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code, "--db", str(db), "settings"], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    assert "中共和平街道工作委员会" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "False"
