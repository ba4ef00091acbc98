"""What the suggestion mark costs the 组织评定: the per-scorer aggregate behind `year_results`
(services/results.py `_org_scores`) with the count of unconfirmed suggestions against the same
aggregate without it (the baseline, measured in the same run, modes alternating), over the district
demo (2,000 branches), and `year_results` itself.

    python scripts/bench_suggested_marks.py [--db EXISTING_DISTRICT.sqlite3] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="a district demo database made before (else one is generated)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from sqlalchemy import case, func, select

    from desktop.models import Score, ScoringSession
    from desktop.services import demo
    from desktop.services.results import year_results
    from desktop.store.database import open_database

    path = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="bench-marks-")) / "district.sqlite3"
    db = open_database(str(path))
    ws = db.workspace
    if not args.db:
        start = time.perf_counter()
        demo.generate(ws, "district", 1)
        print(f"demo --scale district: {time.perf_counter() - start:.1f} s")
    year = date.today().year
    with ws.read() as session:
        ids = list(session.scalars(select(ScoringSession.id).where(ScoringSession.year == year)))
    marks = func.sum(case((Score.suggested.is_(True), 1), else_=0))

    def aggregate(with_marks: bool) -> float:
        columns = [Score.session_id, Score.scorer_id, Score.branch_id, func.sum(Score.points), func.count(Score.points)]
        with ws.read() as session:
            start = time.perf_counter()
            session.execute(select(*columns, *([marks] if with_marks else [])).where(Score.session_id.in_(ids))
                            .group_by(Score.session_id, Score.scorer_id, Score.branch_id)).all()
            return time.perf_counter() - start

    times: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(args.runs):
        for mode in (False, True):  # alternating, so a change of load hits both
            times[mode].append(aggregate(mode))
    base, marked = (statistics.median(times[m]) for m in (False, True))
    print(f"aggregate without the mark count (baseline): median {base * 1000:.0f} ms, best {min(times[False]) * 1000:.0f} ms")
    print(f"aggregate with the mark count: median {marked * 1000:.0f} ms, best {min(times[True]) * 1000:.0f} ms")
    print(f"ratio (medians): {marked / base:.2f}x")
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        results = year_results(ws, year)
        runs.append(time.perf_counter() - start)
    print(f"year_results({year}) for {len(results)} branches: best {min(runs) * 1000:.0f} ms, "
          f"median {statistics.median(runs) * 1000:.0f} ms")
    db.close()


if __name__ == "__main__":
    main()
