"""Helpers shared by the subcommands."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from datetime import date

from desktop import paths
from desktop.errors import BranchdeskError
from desktop.store.database import Database, open_database


@contextmanager
def database(args, exclusive: bool = False):
    db: Database = open_database(paths.database_target(args.db), exclusive=exclusive)
    try:
        yield db
    finally:
        db.close()


def print_json(payload) -> None:
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BranchdeskError(f"日期“{text}”格式不对，应为 YYYY-MM-DD。") from None
