"""What starting costs, before and after, in one run: `branchdesk --version`, `report certificates`
and `report summary` as whole processes against bare ReportLab scripts drawing the same number of
pages, and the window's start (cold start to the registry shown; the first start of the day, whose
automatic backup used to come first) against a bare PySide6 process.

"Before" is a commit exported with `git archive` into a temporary folder and run from there (its own
code, this venv); "after" is this tree. Each runs on its own copy of a district demo database (the newer
code migrates its own), one after the other, in the same run. CPU time (user + system of the child) is printed
beside wall time: the machine is shared, and wall time alone moves with the load.

Usage: python scripts/bench_startup.py --db DISTRICT.sqlite3 [--before REF] [--runs 5] [--no-write]
(make the database with `branchdesk --db DISTRICT.sqlite3 demo --scale district`).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_env import from_bytecode  # noqa: E402 - scripts/ is on the path from here

BARE_PAGES = ROOT / "scripts" / "bare_pages.py"  # the same pages with bare ReportLab calls
SECTION = "## Start and command costs from bytecode, the same pages (issue 15 items 16 and 19, later run)"
YEAR = 2025
HEAVY = ("alembic", "reportlab", "matplotlib", "openpyxl", "numpy")

BARE_QT = "import PySide6.QtWidgets"
BARE_WINDOW = (
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\nw = QMainWindow()\nw.resize(1366, 728)\nw.show()\napp.processEvents()\n"
)
# The window's start as run_gui makes it, timed at the moment the window is shown, when the registry
# shows its rows, and when every start job (the day's backup included) has ended.
WINDOW_PROBE = '''
import sys, time
HEAVY = {heavy}
t0 = float(sys.argv[1])
from desktop import app
from desktop.ui import main_window
from PySide6.QtCore import QTimer
from desktop.ui.registry_tab import RegistryTab
marks = {}
original = main_window.MainWindow.check_on_open
def check_on_open(self):
    marks["shown"] = time.time() - t0
    marks["heavy"] = ",".join(m for m in HEAVY if m in sys.modules)
    def write_soon():
        # A write made half a second after the rows show: during the day's backup when there is one.
        asked = time.time()
        self.context.ops.write(None, lambda ws: None, lambda _r: marks.setdefault("write", time.time() - asked))
    def rows_shown(*_args):
        if "rows" not in marks:
            marks["rows"] = time.time() - t0
            QTimer.singleShot(500, write_soon)
    self.tab(RegistryTab).loaded.connect(rows_shown)
    original(self)
main_window.MainWindow.check_on_open = check_on_open
code = app.run_gui(sys.argv[2], smoke=True)
print(f"MARKS {marks['shown']:.4f} {marks.get('rows', float('nan')):.4f} {time.time() - t0:.4f} {marks['heavy'] or '-'} "
      f"{marks.get('write', float('nan')):.4f}")
raise SystemExit(code)
'''.replace("{heavy}", repr(HEAVY))


class Run(NamedTuple):
    wall: float
    cpu: float
    out: str


def run(tree: Path, argv: list[str], env: dict) -> Run:
    """One whole process in `tree` (its code first on the path), wall and CPU seconds."""
    before = os.times()
    started = time.time()
    done = subprocess.run([sys.executable, *argv], cwd=tree, env={**env, "PYTHONPATH": str(tree)},
                          capture_output=True, text=True)
    wall = time.time() - started
    after = os.times()
    if done.returncode != 0:
        raise SystemExit(f"{argv} in {tree} failed:\n{done.stderr[-2000:]}")
    cpu = after.children_user - before.children_user + after.children_system - before.children_system
    return Run(wall, cpu, done.stdout)


def median(runs: list[Run]) -> tuple[float, float]:
    return statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs)


def export(ref: str, folder: Path) -> Path:
    """The code of commit `ref` (desktop/ and resources/) in `folder`."""
    archive = subprocess.run(["git", "archive", ref, "desktop", "resources"], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def forget_todays_backups(db: Path) -> None:
    folder = db.parent / "backups"
    if folder.is_dir():
        shutil.rmtree(folder)


def window(tree: Path, db: Path, env: dict, first_of_day: bool) -> tuple[Run, list[float], str]:
    if first_of_day:
        forget_todays_backups(db)
    result = run(tree, ["-c", WINDOW_PROBE, repr(time.time()), str(db)], env)
    line = next(x for x in result.out.splitlines() if x.startswith("MARKS "))
    _, shown, rows, done, heavy, write = line.split()
    return result, [float(shown), float(rows), float(done), float(write)], heavy


def pages_of(out: str) -> int:
    found = re.search(r"（(\d+) 页）", out)
    assert found, out
    return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a district demo database (copied, never changed)")
    parser.add_argument("--before", default="11a3525", help="the commit to compare with (default: before this work)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--first-runs", type=int, default=2, help="first starts of the day (each copies the database)")
    parser.add_argument("--no-write", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as temp:
        temp = Path(temp)
        # A copy for each tree: the newer code may migrate the schema, which the older cannot open.
        dbs = {}
        for key in ("before", "after"):
            (temp / key).mkdir()
            dbs[key] = Path(shutil.copy(options.db, temp / key / "district.sqlite3"))
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BRANCHDESK_DATA_DIR": str(temp / "data")}
        env.pop("BRANCHDESK_DB", None)
        trees = {"before": export(options.before, Path(tempfile.mkdtemp(dir=temp))), "after": ROOT}
        env = from_bytecode(trees.values(), env)
        font = str(ROOT / "resources" / "fonts" / "wqy-microhei.ttc")
        n = options.runs
        rows: list[tuple[str, str, str, str]] = []  # (what, before, after, ratio or note)

        base_py = median([run(ROOT, ["-c", "pass"], env) for _ in range(n)])
        base_qt = median([run(ROOT, ["-c", BARE_QT], env) for _ in range(n)])
        # What any process that reads the database through the ORM pays before its first query.
        base_orm = median([run(ROOT, ["-c", "import sqlalchemy.orm"], env) for _ in range(n)])
        base_win = median([run(ROOT, ["-c", BARE_WINDOW], env) for _ in range(n)])
        print(f"bare python {fmt(base_py)}; import PySide6.QtWidgets {fmt(base_qt)}; a bare window shown {fmt(base_win)}")

        version = {k: median([run(t, ["-m", "desktop", "--version"], env) for _ in range(n)]) for k, t in trees.items()}
        rows.append(("`branchdesk --version`", fmt(version["before"]), fmt(version["after"]),
                     f"{ratio(version['after'], base_py)} of bare `python -c pass` ({fmt(base_py)}); target ≤ 0.15 s"))

        for document, extra in (("certificates", []), ("summary", [])):
            measured = {}
            for key, tree in trees.items():
                out = temp / f"{key}-{document}.pdf"
                argv = ["-m", "desktop", "--db", str(dbs[key]), "report", document, "--year", str(YEAR), "-o", str(out), *extra]
                runs = [run(tree, argv, env) for _ in range(n)]
                measured[key] = median(runs)
                pages = pages_of(runs[-1].out)
            bare_rows = 2000 if document == "summary" else 0
            bare = median([run(ROOT, [str(BARE_PAGES), font, document, str(pages), str(bare_rows), str(temp / "bare.pdf")], env)
                           for _ in range(n)])
            rows.append((f"`report {document} --year {YEAR}` ({pages} pages)", fmt(measured["before"]), fmt(measured["after"]),
                         f"bare ReportLab, same pages: {fmt(bare)}; before {ratio(measured['before'], bare)}, "
                         f"after {ratio(measured['after'], bare)}; target ≤ 2×; `import sqlalchemy.orm` alone "
                         f"{fmt(base_orm)} = {ratio(base_orm, bare)} of the bare script"))
            print(rows[-1])

        heavy_seen = {}
        for label, first in (("later start (today's backup made)", False), ("first start of the day", True)):
            cells, rows_at, cpus = {}, {}, {}
            for key, tree in trees.items():
                window(tree, dbs[key], env, first_of_day=False)  # warm the page cache; today's copy is made
                runs = [window(tree, dbs[key], env, first) for _ in range(options.first_runs if first else n)]
                shown, rows_at[key], done = (statistics.median(m[i] for _r, m, _h in runs) for i in range(3))
                cpu = cpus[key] = statistics.median(r.cpu for r, _m, _h in runs)
                heavy_seen[key] = runs[-1][2]
                writes = [m[3] for _r, m, _h in runs if m[3] == m[3]]  # NaN: the start was over before it
                waited = f"; a write made 0.5 s after the rows waited {statistics.median(writes):.2f} s" if writes else ""
                cells[key] = (f"shown {shown:.2f} s, rows {rows_at[key]:.2f} s; every start job ended {done:.2f} s "
                              f"(CPU {cpu:.2f} s){waited}")
            rows.append((f"Window, {label}: process start → window shown → registry rows", cells["before"], cells["after"],
                         f"CPU ÷ a bare window's ({base_win[1]:.2f} s): before {cpus['before'] / base_win[1]:.1f}×, "
                         f"after {cpus['after'] / base_win[1]:.1f}×; target: rows ≤ 1.5 s"))
            print(rows[-1])

    machine = f"{platform.system()} {platform.release()}, Python {platform.python_version()}, {os.cpu_count()} cores"
    lines = [
        f"`python scripts/bench_startup.py --db district.sqlite3 --before {options.before}`, {date.today():%Y-%m-%d} "
        f"({machine}, shared; load average {os.getloadavg()[0]:.1f} at the end). Wall / CPU (user + system) seconds, "
        f"medians of {n} whole processes ({options.first_runs} for the first start of the day, each with no backup yet "
        "that day); before = the code at that commit, after = this tree, one after the other each on its own copy of the same database.",
        "",
        f"Baselines in the same run: bare `python -c pass` {fmt(base_py)}; `import PySide6.QtWidgets` {fmt(base_qt)}; "
        f"a bare QMainWindow shown {fmt(base_win)}.",
        "",
        f"Heavy modules imported when the window shows: before {heavy_seen.get('before', '?')}, after {heavy_seen.get('after', '?')} "
        f"(checked: {', '.join(HEAVY)}).",
        "",
        *table("against the baseline", rows),
    ]
    print("\n".join(lines))
    if not options.no_write:
        write_section(lines)
    return 0


def table(last: str, rows: list[tuple[str, str, str, str]]) -> list[str]:
    """A Markdown table of (what, before, after, `last`) rows."""
    return [f"| What | before | after | {last} |", "|---|---|---|---|", *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]]


def fmt(figures: tuple[float, float]) -> str:
    return f"{figures[0]:.2f} / {figures[1]:.2f} s"


def ratio(ours: tuple[float, float], base: tuple[float, float]) -> str:
    return f"{ours[0] / base[0]:.1f}× wall, {ours[1] / max(base[1], 0.01):.1f}× CPU"


def write_section(lines: list[str], title: str = SECTION) -> None:
    """Put `lines` under the heading `title` in docs/benchmarks.md, replacing what was there."""
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8")
    section = title + "\n\n" + "\n".join(lines) + "\n"
    if title in text:
        head, _, rest = text.partition(title)
        tail = rest[rest.find("\n## ") + 1:] if "\n## " in rest else ""
        text = head + section + ("\n" + tail if tail else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")
    print(f"written to {path}")


if __name__ == "__main__":
    raise SystemExit(main())
