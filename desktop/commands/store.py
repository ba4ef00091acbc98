"""`backup`, `restore`, `verify`: the database file itself."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import exc, text

from desktop import paths
from desktop.commands.common import database, may_create_database, takes_any_values
from desktop.services.stored_values import unknown_values
from desktop.store import backup, migrate
from desktop.store.integrity import expected_schema, schema_gaps
from desktop.store.database import CorruptDatabase, restore_corrupt


def register(sub) -> None:
    p = sub.add_parser("backup", help="备份数据库（经完整性校验）")
    p.add_argument("dest", nargs="?", help="目标文件或文件夹（默认：数据库旁的 backups 文件夹）")
    p.add_argument("--force", action="store_true", help="目标文件已存在时覆盖它（默认不覆盖）")
    p.set_defaults(handler=run_backup)
    takes_any_values(p)
    p = sub.add_parser("restore", help="从备份文件恢复数据库（当前数据先自动备份）")
    p.add_argument("file")
    p.set_defaults(handler=run_restore)
    may_create_database(p)  # restoring onto a new computer
    p = sub.add_parser("verify", help="检查数据库完整性和取值")
    p.set_defaults(handler=run_verify)
    takes_any_values(p)


def run_backup(args) -> int:
    with database(args) as db:
        if args.dest:
            made = backup.backup_to(db.engine, Path(args.dest), folder=backup.names_folder(args.dest), overwrite=args.force)
        else:
            made = backup.backup_to(db.engine, backup.backups_dir(db.file))
    print(f"已备份并校验：{made}")
    return 0


def run_restore(args) -> int:
    source = Path(args.file)
    try:
        with database(args, exclusive=True) as db:
            safety = backup.restore(db.engine, source)
    except CorruptDatabase:
        # The advice printed for a corrupt database: it cannot be opened, so it cannot be backed up
        # first either; it is moved aside instead, never deleted.
        aside = restore_corrupt(paths.database_target(args.db), source)
        print(f"已从 {args.file} 恢复。原来损坏的数据库已改名保留为：{aside}")
        return 0
    # Reopen so a restored older copy is migrated to the current schema at once.
    with database(args):
        pass
    print(f"已从 {args.file} 恢复。恢复前的数据已备份到：{safety}")
    return 0


def run_verify(args) -> int:
    with database(args) as db, db.engine.connect() as conn:
        try:
            damage = _file_problems(conn) if db.engine.dialect.name == "sqlite" else []
            unknown = unknown_values(conn)
        except exc.DatabaseError:  # damage so deep that the check itself cannot read the file
            print("数据库完整性检查未通过：" + backup.corrupt_error(db.file, "数据库").message)
            return 1
    if not damage and not unknown:
        print("数据库完整性检查通过。")
        return 0
    if damage:
        print("数据库完整性检查未通过：")
        for line in damage[:20]:
            print(f"  {line}")
    if unknown:
        print(f"有 {len(unknown)} 处本软件不认识的取值（可能被手工修改过，或来自其他程序的文件）：")
        for value in unknown:
            print(f"  {value.describe()}")
    return 1


def _file_problems(conn) -> list[str]:
    """integrity_check, foreign_key_check and the schema of the file's revision, as lines to print."""
    lines = [line for (line,) in conn.execute(text("PRAGMA integrity_check")) if line != "ok"]
    lines += [f"外键问题：{tuple(row)}" for row in conn.execute(text("PRAGMA foreign_key_check")).fetchall()[:20]]
    for revision in migrate.current_revisions(conn.engine):
        lines += [f"缺少{gap}" for gap in schema_gaps(conn.connection.driver_connection, expected_schema(revision))]
    return lines
