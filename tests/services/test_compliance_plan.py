"""The monthly rates reach the few branches they subtract (or count) through the unique
(branch, type, date, topic) index, picked by the planner: no SQLite-only hint in the query."""

from datetime import date

from sqlalchemy import event

from desktop.services.compliance import monthly_rates
from tests.meeting_helpers import add_branch, add_meeting


def test_branch_lists_are_read_through_the_unique_index_without_a_hint(engine):
    with_committee = [add_branch(engine, f"有支委会{n}", committee=True) for n in range(3)]
    add_branch(engine, "无支委会", committee=False)
    late = add_branch(engine, "新建支部", committee=True, established=date(2025, 7, 1))
    for branch_id in with_committee + [late]:
        add_meeting(engine, branch_id, "committee_meeting", date(2025, 3, 5))
    statements = []
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cur, sql, params, _ctx, _many: statements.append((sql, params)))
    monthly_rates(engine, 2024, 2025, date(2025, 12, 31))
    by_branch = [(sql, params) for sql, params in statements if "meeting.branch_id IN" in sql or "branch.id IN" in sql]
    assert by_branch, "the branch-list queries ran"
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        for sql, params in by_branch:
            assert "INDEXED BY" not in sql.upper()
            plan = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + sql, params)]
            meeting_step = next(step for step in plan if step.startswith("SEARCH meeting"))
            assert "COVERING INDEX sqlite_autoindex_meeting" in meeting_step, plan
            assert "(branch_id=? AND meeting_type=? AND held_on>" in meeting_step, plan
