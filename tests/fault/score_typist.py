"""Child process for the kill test: types scores in a loop through the service and prints each
one as soon as save_score has returned (= acknowledged), until it is killed.

Each cell is typed once (first a wrong value, then the right one, as a scorer correcting
themselves), so a value the parent saw acknowledged is never overwritten after it.
"""

import sys
import time

from desktop.services import scoring
from desktop.store.database import open_database


def main(target: str, session_id: int) -> None:
    db = open_database(target)
    grid = scoring.load_grid(db.workspace, session_id)
    cells = [(s, b, i.id, i.max_points) for s, _ in grid.scorers for b, _ in grid.branches for i in grid.rubric.items]
    for n, (scorer_id, branch_id, item_id, max_points) in enumerate(cells):
        key = (scorer_id, branch_id, item_id)
        scoring.save_score(db.workspace, session_id, key, max_points)
        points = n % int(max_points * 2 + 1) / 2
        scoring.save_score(db.workspace, session_id, key, points)
        print(f"{scorer_id} {branch_id} {item_id} {points}", flush=True)
    while True:  # never exits by itself: the parent kills it
        time.sleep(1)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
