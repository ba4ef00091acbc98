"""The fresh import of a 2,000-branch ledger (issue 15, item 19) as a whole process:
`branchdesk import branches FILE` into a new database file, beside its own preview in the same run.

    python scripts/bench_import.py [--runs 5] [--before SRC]

The ledger is the one scripts/bench_change_log.py builds (2,000 branches as the registry exports them,
with ten years of secretary trainings: about 17,500 training years). Each run is a new process on a new
database file, so it pays the interpreter, the imports, the migrations of a new file, reading the
sheet, the preview and the write. The baseline is the same command with --dry-run (everything but
the write), measured alternately in the same run; --before SRC also runs an older source tree
(`git archive main desktop | tar -x -C SRC`) with this venv. Budget: the import ≤ 2.5 s; wall and
CPU medians are printed, and the ratio to the preview. The budget is judged on CPU time: on the shared
machine wall time also counts other processes' turns. Exits 1 when it is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_change_log import BRANCHES, ledgers  # noqa: E402 - the same ledger as the change log's figures
from bench_env import from_bytecode  # noqa: E402

BUDGET = 2.5


def run(command: list[str], tree: Path, env: dict[str, str]) -> tuple[float, float, dict]:
    """Wall and CPU seconds of one process running the code of `tree`, and its --json report."""
    env = env | {"PYTHONPATH": str(tree)}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=tree, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    out = process.stdout.read().decode() if process.stdout else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out}\n{process.stderr.read().decode() if process.stderr else ''}")
    return wall, usage.ru_utime + usage.ru_stime, json.loads(out)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", type=Path, help="an older source tree to run beside")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores", flush=True)
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    ledger, _changed = ledgers(work)
    trees = {"import": ROOT, "preview (--dry-run)": ROOT}
    if args.before:
        trees["import, before"] = args.before.resolve()
    env = from_bytecode(set(trees.values()))
    figures: dict[str, list[tuple[float, float]]] = {kind: [] for kind in trees}
    for number in range(args.runs):
        for kind in (list(trees) if number % 2 == 0 else list(reversed(trees))):
            db = work / f"{kind.split()[0]}-{number}-{len(figures[kind])}.sqlite3"
            if db.exists():
                db.unlink()
            command = [sys.executable, "-m", "desktop", "--db", str(db), "import", "branches", str(ledger), "--json"]
            if kind.startswith("preview"):
                command.append("--dry-run")
            wall, cpu, report = run(command, trees[kind], env)
            assert report["imported"] == BRANCHES and not report["rejected"], report
            figures[kind].append((wall, cpu))
            print(f"  run {number + 1} {kind:<22} wall {wall:5.2f} s  CPU {cpu:5.2f} s", flush=True)
    median = {kind: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)) for kind, runs in figures.items()}
    preview = median["preview (--dry-run)"]
    print(f"\nmedians of {args.runs} runs, load average {os.getloadavg()[0]:.1f} at the end")
    for kind, (wall, cpu) in median.items():
        print(f"{kind:<22} wall {wall:5.2f} s  CPU {cpu:5.2f} s  "
              f"ratio to the preview: wall {wall / preview[0]:.2f}, CPU {cpu / preview[1]:.2f}")
    wall, cpu = median["import"]
    within = cpu <= BUDGET
    print(f"import {BRANCHES:,} new branches as a whole process: CPU {cpu:.2f} s, wall {wall:.2f} s "
          f"(budget ≤ {BUDGET} s, judged on CPU): {'ok' if within else 'OVER'}")
    return 0 if within else 1


if __name__ == "__main__":
    raise SystemExit(main())
