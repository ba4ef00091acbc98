"""A bulk insert's change-log rows built by SQLite itself: one INSERT … SELECT with json_object().

The district demo bulk-inserts 1.2 million rows; encoding each of them in Python (store/stable_json.py)
was most of what its change log cost. SQLite writes the same text for the values it can hold exactly
as Python has them: integers, text (json_quote escapes as json.dumps does, Chinese as it is), dates
(stored as ISO text) and booleans (stored 0/1, written true/false here). A table whose logged columns
include anything else (a float: SQLite prints 15 digits where Python prints the shortest exact form; a
datetime: stored with a space, not ISO's T) gets None, and its rows are encoded in Python.
tests/store/test_change_log.py compares the two for every row of the street demo.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, String

_EXACT = (Integer, String, Date)


def _value(column) -> str | None:
    name = f'"{column.name}"'
    if isinstance(column.type, Boolean):
        return f"CASE WHEN {name} IS NULL THEN NULL WHEN {name} THEN json('true') ELSE json('false') END"
    if isinstance(column.type, _EXACT) and not isinstance(column.type, DateTime):
        return name
    return None


def insert_select(table, rows: Sequence[Mapping[str, Any]], left_out: Collection[str]) -> str | None:
    """INSERT INTO change_log … SELECT … FROM `table` WHERE id > ? ORDER BY id, with the parameters
    (tx, at, actor, table name, last id before the insert); None when SQLite cannot write these
    rows' fields exactly (see above) or the rows do not all have the same keys."""
    shape = rows[0].keys()
    if any(row.keys() != shape for row in rows):
        return None
    pairs = []
    for key in sorted(key for key in shape if key not in left_out):
        column = table.c.get(key)
        value = None if column is None else _value(column)
        if value is None or not key.isidentifier():
            return None
        pairs.append(f"'{key}', {value}")
    fields = f"json_object({', '.join(pairs)})" if pairs else "'{}'"
    return (
        "INSERT INTO change_log (tx, at, actor, table_name, record_uuid, op, fields) "
        f"SELECT ?, ?, ?, ?, uuid, 'insert', {fields} FROM \"{table.name}\" WHERE id > ? ORDER BY id"
    )
