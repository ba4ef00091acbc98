"""The seam's bookkeeping, kept from the ORM's own events rather than by each service.

For every session a Workspace opens (WorkSession):
- times: new and changed records are stamped with the workspace's UTC clock;
- the change log: every insert, update and delete of a record becomes one change_log row (table,
  UUID, operation, changed fields as stable JSON, actor, UTC time, the unit's transaction id);
- tombstones: `delete()` marks a travelling record instead of removing it, and every ORM query
  leaves marked records out (unless asked with the execution option include_deleted=True);
- bulk statements: an ORM bulk insert is logged row by row (on SQLite by one INSERT … SELECT that
  builds the same JSON, store/sql_json.py); a bulk UPDATE or DELETE of records is refused, because it
  would change rows the log never sees (load the records and change them).

Version counters are bumped by SQLAlchemy's version_id_col (models/base.py), never by hand.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from operator import itemgetter
from typing import Any, Protocol, cast

from sqlalchemy import Table, event, inspect
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from desktop.models import Base
from desktop.models.base import Record, Tombstoned, new_uuids
from desktop.models.changelog import DELETE, INSERT, UPDATE, ChangeLog
from desktop.store import sql_json
from desktop.store import stable_json as encoded

INCLUDE_DELETED = "include_deleted"
# Not in `fields`: the row number (another database's numbers differ), the UUID (the log row's own
# record_uuid) and the times (the log row's `at`).
_NOT_LOGGED = frozenset({"id", "uuid", "created_at", "updated_at"})
# A bulk insert's unit gets this much SQLite page cache (KiB): with the default 2 MB, the district
# demo's one transaction spilled its index pages to the WAL again and again, and its log pages made
# that worse (docs/benchmarks.md). The pool keeps the setting for the connection's life; only the
# demo writes in bulk, from a short-lived command.
BULK_CACHE_KIB = 262_144
_LOG = cast(Table, ChangeLog.__table__)


class Actor(Protocol):
    """What the seam needs of the workspace that opened a session (store/workspace.py)."""

    engine: Any
    actor: str

    def now(self) -> datetime: ...


class WorkSession(Session):
    """A session opened by a Workspace: the only kind whose writes the seam logs."""


def new_session(workspace: Actor, *, read_only: bool) -> WorkSession:
    return WorkSession(
        workspace.engine, expire_on_commit=False,
        info={"workspace": workspace, "read_only": read_only, "tx": str(uuid.uuid4()), "touched": set()},
    )


def touched(session: Session) -> frozenset[str]:
    """The tables this unit wrote to."""
    return frozenset(session.info.get("touched", ()))


def delete(session: Session, record: Any) -> None:
    """Delete a record: a travelling one is marked (when, by whom) and stays as a tombstone; any
    other is removed. Either way the change log records it."""
    if isinstance(record, Tombstoned):
        workspace: Actor = session.info["workspace"]
        record.deleted_at, record.deleted_by = workspace.now(), workspace.actor
    else:
        session.delete(record)


def touch(session: Session, record: Record) -> None:
    """Move a record's version although none of its own columns changed (a part of it kept in
    another table did, like a branch's training years): a form opened before cannot save over it."""
    record.updated_at = session.info["workspace"].now()
    flag_modified(record, "updated_at")


def stable_json(fields: dict[str, Any]) -> str:
    """Sorted keys, no spaces, Chinese as it is, dates ISO (store/stable_json.py)."""
    return encoded.encode(fields)


def _record_classes() -> dict[str, type]:
    return {m.local_table.name: m.class_ for m in Base.registry.mappers
            if issubclass(m.class_, Record) and isinstance(m.local_table, Table)}


_BY_TABLE: dict[str, type] = {}


def _record_class(table_name: str) -> type | None:
    if not _BY_TABLE:
        _BY_TABLE.update(_record_classes())
    return _BY_TABLE.get(table_name)


@event.listens_for(WorkSession, "before_flush")
def _stamp(session: Session, _context, _instances) -> None:
    if not (session.new or session.dirty or session.deleted):
        return
    if session.info["read_only"]:
        raise RuntimeError("a read unit tried to write")
    now = session.info["workspace"].now()
    for record in session.new:
        if isinstance(record, Record):
            record.created_at = record.created_at or now
            record.updated_at = now
    for record in session.dirty:
        if isinstance(record, Record) and session.is_modified(record, include_collections=False):
            record.updated_at = now
    for record in session.deleted:
        if isinstance(record, Tombstoned):
            raise RuntimeError(f"{type(record).__name__} travels between databases: delete it with changelog.delete()")


def _values(state) -> dict[str, Any]:
    loaded = state.dict
    return {a.key: loaded[a.key] for a in state.mapper.column_attrs if a.key in loaded and a.key not in _NOT_LOGGED}


def _changed(state) -> dict[str, list]:
    """{column: [old, new]} of the columns set since the record was loaded (committed_state names
    them: the other columns' histories are not looked at, nor loaded)."""
    changed = {}
    columns = state.mapper.column_attrs
    for key in state.committed_state:
        if key in _NOT_LOGGED or key not in columns:
            continue
        history = state.attrs[key].history
        if history.added:  # deleted is empty when the old value was never loaded (a fresh record)
            changed[key] = [history.deleted[0] if history.deleted else None, history.added[0]]
    return changed


@event.listens_for(WorkSession, "after_flush")
def _log(session: Session, context) -> None:
    # The flush's own list of deletes: session.deleted misses the orphans a delete-orphan cascade
    # removes (a training year taken off a branch, replaced complaints and rubric items).
    deleted = [state.obj() for state, (is_delete, _) in context.states.items() if is_delete]
    gone = set(deleted)
    for record in deleted:
        if isinstance(record, Tombstoned):  # an orphan of a delete-orphan collection
            raise RuntimeError(f"{type(record).__name__} travels between databases: delete it with changelog.delete()")
    rows = []
    for record in session.new:
        if isinstance(record, Record):
            rows.append((_table_of(record), record.uuid, INSERT, stable_json(_values(inspect(record)))))
    for record in session.dirty:
        if isinstance(record, Record) and record not in gone:
            fields = _changed(inspect(record))
            if set(fields) - {"version"}:
                tombstoned = "deleted_at" in fields and fields["deleted_at"][0] is None
                rows.append((_table_of(record), record.uuid, DELETE if tombstoned else UPDATE, stable_json(fields)))
    for record in deleted:
        if isinstance(record, Record):
            rows.append((_table_of(record), record.uuid, DELETE, stable_json(_values(inspect(record)))))
    if rows:
        _write(session, rows)


def _table_of(record: Any) -> str:
    return record.__table__.name


_COLUMNS = ("tx", "at", "actor", "table_name", "record_uuid", "op", "fields")
_INSERTS: dict[str, tuple[str, tuple[str, ...] | None, Any]] = {}


def _insert_for(dialect) -> tuple[str, tuple[str, ...] | None, Any]:
    """The log's INSERT in the dialect's own SQL, its parameter order (None: by name) and the
    processor of the time column: logged rows go to the driver as they are, with no per-row work."""
    key = f"{dialect.name}+{dialect.driver}"
    if key not in _INSERTS:
        compiled = _LOG.insert().compile(dialect=dialect, column_keys=list(_COLUMNS))
        order = tuple(compiled.positiontup or ()) if compiled.positional else None
        _INSERTS[key] = (str(compiled), order, _LOG.c.at.type.dialect_impl(dialect).bind_processor(dialect))
    return _INSERTS[key]


def _write(session: Session, rows: list[tuple[str, str, str, str]]) -> None:
    """Log (table, record UUID, operation, fields JSON) rows under this unit's transaction, actor and time."""
    workspace = session.info["workspace"]
    connection = session.connection()
    statement, order, at_processor = _insert_for(connection.dialect)
    at = workspace.now()
    common = {"tx": session.info["tx"], "at": at_processor(at) if at_processor else at, "actor": workspace.actor}
    session.info["touched"].update(row[0] for row in rows)
    if order is None:
        connection.exec_driver_sql(statement, [
            {**common, "table_name": table, "record_uuid": record, "op": op, "fields": fields} for table, record, op, fields in rows])
        return
    if order == _COLUMNS:  # SQLite's: the tuples are made directly
        tx, at_text, actor = common["tx"], common["at"], common["actor"]
        connection.exec_driver_sql(statement, [(tx, at_text, actor, *row) for row in rows])
        return
    fixed = [common.get(name) for name in order]
    slots = {name: n for n, name in enumerate(order)}
    table_at, uuid_at, op_at, fields_at = (slots[name] for name in ("table_name", "record_uuid", "op", "fields"))
    params = []
    for table, record, op, fields in rows:
        values = fixed.copy()
        values[table_at], values[uuid_at], values[op_at], values[fields_at] = table, record, op, fields
        params.append(tuple(values))
    connection.exec_driver_sql(statement, params)


@event.listens_for(WorkSession, "do_orm_execute")
def _through_the_seam(state: ORMExecuteState):
    if state.is_select:
        if not state.is_column_load and not state.execution_options.get(INCLUDE_DELETED):
            state.statement = state.statement.options(
                with_loader_criteria(Tombstoned, lambda cls: cls.deleted_at.is_(None), include_aliases=True)
            )
        return None
    table = getattr(getattr(state.statement, "table", None), "name", "")
    if _record_class(table) is None:
        return None
    if state.is_update or state.is_delete:
        raise RuntimeError(f"a bulk UPDATE/DELETE of {table} would bypass the change log: change the records instead")
    if state.is_insert:
        return _bulk_insert(state, table)
    return None


def _bulk_insert(state: ORMExecuteState, table: str):
    session = state.session
    if session.info["read_only"]:
        raise RuntimeError("a read unit tried to write")
    given = state.parameters
    if not isinstance(given, list) or not given:
        raise RuntimeError(f"bulk insert into {table}: pass a list of rows (session.add for one record)")
    now = session.info["workspace"].now()
    stamps = {"version": 1, "created_at": now, "updated_at": now}
    rows = [{"uuid": uuid, **stamps, **row} for uuid, row in zip(new_uuids(len(given)), given, strict=True)]
    _roomy_cache(session)
    connection = session.connection()
    before = connection.exec_driver_sql(f'SELECT max(id) FROM "{table}"').scalar() or 0
    result = _driver_insert(connection, state, table, rows, {k: v for k, v in stamps.items() if k not in given[0]})
    if result is None:
        result = state.invoke_statement(params=rows)
    _log_bulk(session, table, rows, before)
    return result


def _driver_insert(connection, state: ORMExecuteState, table: str, rows: list[dict[str, Any]], same: dict[str, Any]):
    """The rows of a plain ORM bulk insert, handed to SQLite's driver as tuples: the ORM's own bulk
    path spent more time preparing 60,000 scores (a dictionary per row and column, the times
    processed again for every row) than SQLite took to write them. `same` are the values every row
    has. None, for the ORM to do it, where that would not be the same insert: another database,
    a RETURNING, rows of different shapes, a key that is not a column of the same name, or a
    column left out whose default Python computes."""
    statement = state.statement
    if connection.dialect.name != "sqlite" or getattr(statement, "_returning", ()) or getattr(statement, "_values", None):
        return None
    shape = rows[0].keys()
    if any(row.keys() != shape for row in rows):
        return None
    columns = Base.metadata.tables[table].c
    mapped = inspect(_record_class(table)).column_attrs
    if any(key not in columns or key not in mapped or mapped[key].columns[0] is not columns[key] for key in shape):
        return None
    for column in columns:
        default = column.default
        if column.key not in shape and default is not None:
            if not isinstance(default, ScalarElementColumnDefault) or not default.is_scalar:
                return None
            same = {**same, column.key: default.arg}
    varying = [key for key in shape if key not in same]
    dialect = connection.dialect
    processors = {key: columns[key].type.dialect_impl(dialect).bind_processor(dialect) for key in (*same, *varying)}
    fixed = tuple(value if (process := processors[key]) is None else process(value) for key, value in same.items())
    # Column by column, each through its processor in one map(), then zipped into the rows' tuples.
    by_column = []
    for key in varying:
        values, processor = list(map(itemgetter(key), rows)), processors[key]
        by_column.append(list(map(processor, values)) if processor else values)
    params = [fixed + values for values in zip(*by_column, strict=True)]
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(key) for key in (*same, *varying))
    marks = ", ".join("?" * (len(same) + len(varying)))
    return connection.exec_driver_sql(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", params)


def _roomy_cache(session: Session) -> None:
    connection = session.connection()
    if connection.dialect.name == "sqlite" and not session.info.get("roomy"):
        connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        session.info["roomy"] = True


def _log_bulk(session: Session, table: str, rows: list[dict[str, Any]], before: int) -> None:
    """Log the rows a bulk insert just wrote (their ids follow `before`): built by SQLite where it
    writes the same JSON (store/sql_json.py), else encoded here."""
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    built = sql_json.insert_select(Base.metadata.tables[table], rows, _NOT_LOGGED) if sqlite else None
    if built is None:
        fields = encoded.encode_rows(rows, _NOT_LOGGED)
        _write(session, [(table, row["uuid"], INSERT, text) for row, text in zip(rows, fields, strict=True)])
        return
    workspace = session.info["workspace"]
    _statement, _order, at_processor = _insert_for(connection.dialect)
    at = workspace.now()
    logged = connection.exec_driver_sql(built, (session.info["tx"], at_processor(at) if at_processor else at,
                                                workspace.actor, table, before))
    if logged.rowcount != len(rows):  # another writer's rows among these ids: never log a guess
        raise RuntimeError(f"bulk insert into {table}: {len(rows)} rows written, {logged.rowcount} found to log")
    session.info["touched"].add(table)
