"""Helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import json
import re
import sys
from contextlib import contextmanager
from datetime import date

from desktop import paths
from desktop.errors import BranchdeskError
from desktop.services.stored_values import refuse_unknown_values
from desktop.store.database import Database, open_database

# Which commands may create a missing database file. Only commands that write data declare it, in
# their registration: `may_create_database(parser)` (import, demo, restore, settings set).
# `workflow record` does not: it needs a branch, which only an existing database can hold. Every
# other command (check, export, report, verify, backup, ...) refuses a missing file with a message
# naming the path (exit 2): a typo in --db must never become a new, empty database that a backup
# then copies over a good one.
CREATES_DATABASE = "creates_database"


# Commands that only read first look for stored values this app does not know (a hand-edited
# branch_kind, ...) and name those records instead of failing half way through a report
# (services/stored_values.py). Write commands skip the look (an import may be what corrects the
# value), and so do the commands that declare `takes_any_values(parser)`: verify lists the values,
# backup copies the file as it is.
TAKES_ANY_VALUES = "takes_any_values"


def may_create_database(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(**{CREATES_DATABASE: True})


def takes_any_values(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(**{TAKES_ANY_VALUES: True})


@contextmanager
def database(args, exclusive: bool = False):
    """The command's database (created only if its registration allows it), closed afterwards."""
    create = getattr(args, CREATES_DATABASE, False)
    db: Database = open_database(paths.database_target(args.db), exclusive=exclusive, create=create)
    try:
        if db.created:
            print(f"已新建数据库：{db.file}", file=sys.stderr)
        if not create and not getattr(args, TAKES_ANY_VALUES, False):
            refuse_unknown_values(db.workspace)
        yield db
    finally:
        db.close()


def print_json(payload) -> None:
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


# The years the printed documents accept (services/paper.py normalize_params): every command uses
# the same range, so a typo like 20255 is a usage error, not a traceback deep in the date code.
YEAR_MIN, YEAR_MAX = 2000, 2100


def year(text: str) -> int:
    """argparse type of every year argument (check, evaluate, export, report, chart, targets)."""
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"年度“{text}”不是整数，例如 2025") from None
    if not YEAR_MIN <= value <= YEAR_MAX:
        raise argparse.ArgumentTypeError(f"年度 {value} 超出范围，应在 {YEAR_MIN}–{YEAR_MAX} 之间")
    return value


def year_range(parser) -> None:
    this_year = date.today().year
    parser.add_argument("--from", dest="from_year", type=year, help="起始年度（默认：截止年度前 4 年）")
    parser.add_argument("--to", dest="to_year", type=year, default=this_year, help=f"截止年度（默认：{this_year}）")


def add_report_arguments(parser) -> None:
    """The arguments `report trends` needs besides -o: --from, --to and --branch-kind (not --kind,
    which `report certificates` uses for the honour)."""
    year_range(parser)
    parser.add_argument("--branch-kind", help="组织生活落实率中另画的一类支部（如 community 或 社区）")


def parse_day(text: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise BranchdeskError(f"日期“{text}”格式不对，应为 YYYY-MM-DD。")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BranchdeskError(f"日期“{text}”不存在，请检查月份和日。") from None
