"""`backup`, `restore`, `verify`: the database file itself and its meeting attachment files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import exc, text

from desktop import paths
from desktop.commands import command_parser
from desktop.commands.common import database, may_create_database, takes_any_values
from desktop.services.stored_values import unknown_values
from desktop.store import attachment_store, backup, migrate, restore
from desktop.store.database import CorruptDatabase, restore_corrupt
from desktop.store.integrity import expected_schema, schema_gaps


def register(sub) -> None:
    p = command_parser(sub, "backup")
    p.add_argument("dest", nargs="?", help="目标文件或文件夹（默认：数据库旁的 backups 文件夹）")
    p.add_argument("--force", action="store_true", help="目标文件已存在时覆盖它（默认不覆盖）")
    p.set_defaults(handler=run_backup)
    takes_any_values(p)
    p = command_parser(sub, "restore")
    p.add_argument("file")
    p.set_defaults(handler=run_restore)
    may_create_database(p)  # restoring onto a new computer
    p = command_parser(sub, "verify")
    p.set_defaults(handler=run_verify)
    takes_any_values(p)


def run_backup(args) -> int:
    with database(args) as db:
        if args.dest:
            made = backup.backup_to(db.engine, Path(args.dest), folder=backup.names_folder(args.dest), overwrite=args.force)
        else:
            made = backup.backup_to(db.engine, backup.backups_dir(db.file))
    print(f"已备份并校验：{made}")
    carried = len(attachment_store.references_of(made))
    if carried:
        print(f"{carried} 个会议附件的文件已一并备份并校验，在：{attachment_store.store_of(made)}")
    return 0


def run_restore(args) -> int:
    source = Path(args.file)
    try:
        with database(args, exclusive=True) as db:
            restored = restore.restore(db.engine, source)
    except CorruptDatabase:
        # The advice printed for a corrupt database: it cannot be opened, so it cannot be backed up
        # first either; it is moved aside instead, never deleted.
        aside = restore_corrupt(paths.database_target(args.db), source)
        print(f"已从 {args.file} 恢复。原来损坏的数据库已改名保留为：{aside}")
        with database(args) as db:
            _print_not_restored(attachment_store.live_problems(db.file, attachment_store.references_of(db.file)))
        return 0
    # Reopen so a restored older copy is migrated to the current schema at once.
    with database(args):
        pass
    print(f"已从 {args.file} 恢复。恢复前的数据已备份到：{restored.safety}")
    _print_not_restored(restored.problems)
    return 0


def _print_not_restored(problems: list[attachment_store.Problem]) -> None:
    if problems:
        print(f"有 {len(problems)} 个会议附件的文件未能恢复（数据已恢复，这些附件记录仍在）：")
        for problem in problems:
            print(f"  {problem.describe()}")


def run_verify(args) -> int:
    with database(args) as db, db.engine.connect() as conn:
        try:
            sqlite = db.engine.dialect.name == "sqlite"
            damage = _file_problems(conn) if sqlite else []
            unknown = unknown_values(conn)
            refs = attachment_store.references(conn.connection.driver_connection) if sqlite else []
        except (exc.DatabaseError, sqlite3.DatabaseError):  # damage so deep that the check itself cannot read the file
            print("数据库完整性检查未通过：" + backup.corrupt_error(db.file, "数据库").message)
            return 1
    files = attachment_store.live_problems(db.file, refs)
    if not damage and not unknown and not files:
        print("数据库完整性检查通过。" + (f"{len(refs)} 个会议附件的文件都在，且与记录一致。" if refs else ""))
        return 0
    if damage:
        print("数据库完整性检查未通过：")
        for line in damage[:20]:
            print(f"  {line}")
    if unknown:
        print(f"有 {len(unknown)} 处本软件不认识的取值（可能被手工修改过，或来自其他程序的文件）：")
        for value in unknown:
            print(f"  {value.describe()}")
    if files:
        print(f"有 {len(files)} 个会议附件的文件缺失或与记录不符（附件文件夹：{paths.attachments_dir(db.file)}）：")
        for problem in files:
            print(f"  {problem.describe()}")
    return 1


def _file_problems(conn) -> list[str]:
    """integrity_check, foreign_key_check and the schema of the file's revision, as lines to print."""
    lines = [line for (line,) in conn.execute(text("PRAGMA integrity_check")) if line != "ok"]
    lines += [f"外键问题：{tuple(row)}" for row in conn.execute(text("PRAGMA foreign_key_check")).fetchall()[:20]]
    for revision in migrate.current_revisions(conn.engine):
        lines += [f"缺少{gap}" for gap in schema_gaps(conn.connection.driver_connection, expected_schema(revision))]
    return lines
