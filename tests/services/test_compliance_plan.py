"""The monthly rates reach the few branches they subtract (or count) through the unique
(branch, type, date, topic) index of live meetings, picked by the planner: no SQLite-only hint in
the query."""

from datetime import date

from sqlalchemy import event

from desktop.services.compliance import monthly_rates
from tests.meeting_helpers import add_branch, add_meeting


def test_branch_lists_are_read_through_the_unique_index_without_a_hint(ws):
    with_committee = [add_branch(ws, f"有支委会{n}", committee=True) for n in range(3)]
    add_branch(ws, "无支委会", committee=False)
    late = add_branch(ws, "新建支部", committee=True, established=date(2025, 7, 1))
    for branch_id in [*with_committee, late]:
        add_meeting(ws, branch_id, "committee_meeting", date(2025, 3, 5))
    statements = []
    event.listen(ws.engine, "before_cursor_execute",
                 lambda _c, _cur, sql, params, _ctx, _many: statements.append((sql, params)))
    monthly_rates(ws, 2024, 2025, date(2025, 12, 31))
    by_branch = [(sql, params) for sql, params in statements if "meeting.branch_id IN" in sql or "branch.id IN" in sql]
    assert by_branch, "the branch-list queries ran"
    with ws.engine.connect() as conn:
        raw = conn.connection.driver_connection
        for sql, params in by_branch:
            assert "INDEXED BY" not in sql.upper()
            plan = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + sql, params)]
            meeting_step = next(step for step in plan if step.startswith("SEARCH meeting"))
            # The live-meeting unique index (deleted meetings leave it): a few rows per branch.
            assert "INDEX uq_meeting_branch_id_meeting_type_held_on_topic" in meeting_step, plan
            assert "(branch_id=? AND meeting_type=? AND held_on>" in meeting_step, plan
