"""The month of a date as 'YYYY-MM', written in each database's own SQL.

It is a generated column (meeting.held_month), so the expression must be one the database accepts
there: SQLite stores dates as ISO text and takes the first seven characters; PostgreSQL needs an
immutable expression, which a date-to-text cast is not (it follows DateStyle), so the month is
built from extract() and lpad().
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class month_of(FunctionElement):  # noqa: N801 - used like an SQL function
    type = String()
    inherit_cache = True


@compiles(month_of)
def _sqlite(element, compiler, **kw):
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 7)"


@compiles(month_of, "postgresql")
def _postgresql(element, compiler, **kw):
    day = compiler.process(element.clauses, **kw)
    return (f"(lpad(CAST(EXTRACT(YEAR FROM {day}) AS INTEGER)::text, 4, '0') || '-' || "
            f"lpad(CAST(EXTRACT(MONTH FROM {day}) AS INTEGER)::text, 2, '0'))")
