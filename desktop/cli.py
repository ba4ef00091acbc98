"""Entry point: `branchdesk` starts the window; subcommands do batch work without Qt."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable

from desktop import __version__, paths
from desktop.commands import COMMANDS, module_of
from desktop.commands.usage import ChineseParser
from desktop.errors import BranchdeskError


def build_parser(commands: Iterable[str] | None = None) -> argparse.ArgumentParser:
    """The parser, listing every command; the arguments only of `commands` (all when None).

    A command left out is a stub with its name and help line, so that the parser of one command
    run imports only that command's module (and the services it needs): see desktop.commands."""
    parser = ChineseParser(prog="branchdesk", description="党支部标准化规范化创建管理")
    parser.add_argument("--version", action="version", version=f"branchdesk {__version__}", help="显示版本号并退出")
    parser.add_argument("--db", metavar="PATH_OR_URL", help="数据库文件路径或 SQLAlchemy URL（也可用环境变量 BRANCHDESK_DB）")
    parser.add_argument("--smoke", action="store_true", help="打开主窗口后立即退出（用于安装检查）")
    sub = parser.add_subparsers(dest="command", parser_class=ChineseParser, metavar="COMMAND")
    modules = {owner for owner, _help in COMMANDS.values()} if commands is None else {COMMANDS[c][0] for c in commands}
    registered: set[str] = set()
    for name, (module, help_line) in COMMANDS.items():
        if module not in modules:
            sub.add_parser(name, help=help_line, add_help=False)
        elif module not in registered:
            module_of(name).register(sub)  # every command of that module, in its order
            registered.add(module)
    return parser


def parse(argv: list[str] | None) -> argparse.Namespace:
    """Parse in two passes: the stubs find which command runs (and answer --help, --version and
    a wrong command exactly as the full parser would, since the top level is the same); then the
    parser with that command's arguments parses everything."""
    command = build_parser(()).parse_known_args(argv)[0].command
    return build_parser(() if command is None else (command,)).parse_args(argv)


def database_failure(db_option: str | None, error: Exception) -> BranchdeskError:
    """A Chinese message for a database error raised in the middle of a command (damage, a full
    disk, a lost -wal, ...): see desktop.store.database.failure."""
    from desktop.store.database import failure
    from desktop.store.engine import database_url, sqlite_file

    return failure(sqlite_file(database_url(paths.database_target(db_option))), error)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    try:
        if args.command is None:
            from desktop.display import require_display

            require_display()  # before Qt: without a display it aborts with a misleading message
            from desktop.app import run_gui

            return run_gui(args.db, smoke=args.smoke)
        return args.handler(args)
    except BranchdeskError as error:
        print(f"错误：{error.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0  # output piped into `head`: not an error of ours
    except Exception as error:
        explained = explain(args.db, error)
        if explained is None:
            raise
        print(f"错误：{explained}", file=sys.stderr)
        return 2


def explain(db_option: str | None, error: Exception) -> str | None:
    """The Chinese message for a database or file error that ended a command, or None for a bug.
    (SQLAlchemy is imported here, not at the top: `--version` and `--help` need none of it.)"""
    import sqlite3

    from sqlalchemy import exc

    if isinstance(error, (exc.DatabaseError, sqlite3.DatabaseError)):
        # Damage deeper in the file shows only when a query reaches it; SQLite's own wording
        # ("database disk image is malformed") stays out of the message.
        return database_failure(db_option, error).message
    if isinstance(error, OSError):  # a file that cannot be read or written (permissions, a folder, ...)
        from desktop.store.files import reason

        where = f"：{error.filename}" if error.filename else ""
        return f"无法读写文件{where}（{reason(error)}）"
    return None


if __name__ == "__main__":
    raise SystemExit(main())
