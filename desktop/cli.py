"""Entry point: `branchdesk` starts the window; subcommands do batch work without Qt."""

from __future__ import annotations

import argparse
import sqlite3
import sys

from sqlalchemy import exc

from desktop import __version__, paths
from desktop.commands import COMMAND_MODULES
from desktop.commands.usage import ChineseParser
from desktop.errors import BranchdeskError
from desktop.store.database import failure
from desktop.store.engine import database_url, sqlite_file
from desktop.store.files import reason


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(prog="branchdesk", description="党支部标准化规范化创建管理")
    parser.add_argument("--version", action="version", version=f"branchdesk {__version__}", help="显示版本号并退出")
    parser.add_argument("--db", metavar="PATH_OR_URL", help="数据库文件路径或 SQLAlchemy URL（也可用环境变量 BRANCHDESK_DB）")
    parser.add_argument("--smoke", action="store_true", help="打开主窗口后立即退出（用于安装检查）")
    sub = parser.add_subparsers(dest="command", parser_class=ChineseParser, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def database_failure(db_option: str | None, error: Exception) -> BranchdeskError:
    """A Chinese message for a database error raised in the middle of a command (damage, a full
    disk, a lost -wal, ...): see desktop.store.database.failure."""
    return failure(sqlite_file(database_url(paths.database_target(db_option))), error)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
    except (exc.DatabaseError, sqlite3.DatabaseError) as error:
        # Damage deeper in the file shows only when a query reaches it; SQLite's own wording
        # ("database disk image is malformed") stays out of the message.
        print(f"错误：{database_failure(args.db, error).message}", file=sys.stderr)
        return 2
    except OSError as error:  # a file that cannot be read or written (permissions, a folder, ...)
        if isinstance(error, BrokenPipeError):
            return 0  # output piped into `head`: not an error of ours
        where = f"：{error.filename}" if error.filename else ""
        print(f"错误：无法读写文件{where}（{reason(error)}）", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
