"""A bulk insert's change-log rows built by SQLite itself: one INSERT … SELECT with json_object().

The district demo bulk-inserts 1.2 million rows; encoding each of them in Python (store/stable_json.py)
was most of what its change log cost. SQLite writes the same text for the values it can hold exactly
as Python has them: integers, text (json_quote escapes as json.dumps does, Chinese as it is), dates
(stored as ISO text), booleans (stored 0/1, written true/false here) and floats where both print the
same text: SQLite prints 15 significant digits ("%!.15g") where Python prints the shortest exact form,
which agree for a float that 15 digits carry exactly, written without an exponent by both (1e-4 up to
1e15; a score's half points always are). Rows with any other value (such a float, an integer in a
float column, a datetime: stored with a space, not ISO's T) get None, and are encoded in Python.
tests/store/test_change_log.py compares the two for every row of the street demo.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from math import copysign
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, String

_EXACT = (Integer, String, Date)


def prints_alike(value: Any) -> bool:
    """SQLite's json_object() writes this value of a float column as Python's encoder does."""
    if value is None:
        return True
    if type(value) is not float:  # an int stored in a REAL column comes back as 3.0, logged as 3
        return False
    if value == 0.0:
        return copysign(1.0, value) > 0  # SQLite writes -0.0 as 0.0
    if (value * 4).is_integer() and -1e13 < value < 1e13:  # quarter points: at most 15 digits
        return True
    return 1e-4 <= abs(value) < 1e15 and float(f"{value:.15g}") == value


def _value(column, rows: Sequence[Mapping[str, Any]]) -> str | None:
    name = f'"{column.name}"'
    if isinstance(column.type, Float):
        key = column.key
        return name if all(prints_alike(row[key]) for row in rows) else None
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
        value = None if column is None else _value(column, rows)
        if value is None or not key.isidentifier():
            return None
        pairs.append(f"'{key}', {value}")
    fields = f"json_object({', '.join(pairs)})" if pairs else "'{}'"
    return (
        "INSERT INTO change_log (tx, at, actor, table_name, record_uuid, op, fields) "
        f"SELECT ?, ?, ?, ?, uuid, 'insert', {fields} FROM \"{table.name}\" WHERE id > ? ORDER BY id"
    )
