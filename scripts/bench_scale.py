"""Growth and the GUI thread (issue 15, items 18–19), before and after in one run.

* the window's start at 10,000 branches: process start → the registry's rows shown
  (`bench_startup.py`'s probe, a later start of the day: today's backup is made first);
* the year matrix at 10,000 branches: `compliance.year_matrix` alone (this year and last), and the
  first switch to 组织生活 in the real window: switch → matrix shown, and the longest the GUI thread
  was blocked meanwhile;
* the 趋势图表 tab at 2,000 and at 10,000 branches: first switch → every chart drawn, one after the
  other as a clerk clicks through them, and the longest GUI-thread block.

A block is measured by a QTimer ticking every 10 ms on the GUI thread: the longest gap between two
ticks from the switch until the data is on screen (and 300 ms after) is the longest the window did
not answer. "Before" is a commit exported with `git archive` (its own code, this venv); "after" is
this tree; both run on the same database files, one after the other, in whole processes. CPU time
(user + system of the child) is printed beside wall time: the machine is shared.

Usage: python scripts/bench_scale.py --city CITY.sqlite3 --district DISTRICT.sqlite3 [--before REF]
       [--runs 5] [--no-write]
(make them with `branchdesk --db CITY.sqlite3 demo --scale city` and `... demo --scale district`).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_startup import BARE_WINDOW, export, fmt, median, run, table, window, write_section

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Growth and the GUI thread (issue 15 items 18–19)"

# The real window on a database, without the day's backup (check_on_open is not called): once the
# registry shows its rows, switch to one tab and watch the GUI thread until its data is on screen.
SWITCH_PROBE = '''
import sys, threading, time
t0 = time.perf_counter()
import desktop.ui  # noqa: F401 - the singleton guard first
from desktop import app
from desktop.store.database import open_database
from PySide6.QtCore import QEventLoop, QTimer, Qt
from PySide6.QtWidgets import QApplication
which, path = sys.argv[1], sys.argv[2]
qapp = QApplication([])
app.install_cjk_font(qapp)
app.install_qt_translations(qapp)
db = open_database(path, exclusive=True)
db.workspace.forbid_thread(threading.main_thread())
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.meetings_tab import MeetingsTab
from desktop.ui.registry_tab import RegistryTab
from desktop.ui.trends_tab import TrendsTab
from desktop.ui.collector import MainThreadCollector
collector = MainThreadCollector()  # as run_gui: Python's collector runs on the GUI thread only
context = AppContext(db.workspace, db.file)
window = MainWindow(context)
loop = QEventLoop()
marks = {"gap": 0.0}
ticker = QTimer()
ticker.setTimerType(Qt.TimerType.PreciseTimer)
ticker.setInterval(10)
last = [0.0]
def tick():
    now = time.perf_counter()
    marks["gap"] = max(marks["gap"], now - last[0])
    last[0] = now
ticker.timeout.connect(tick)
def finish():
    ticker.stop()
    marks["cpu"] = time.process_time() - marks["cpu0"]
    loop.quit()
def done():
    marks["done"] = time.perf_counter() - marks["switch"]
    QTimer.singleShot(300, finish)  # the paints that follow count as well
def page():
    for index in range(window.tabs.count()):
        if isinstance(window.tabs.widget(index).widget(), MeetingsTab if which == "meetings" else TrendsTab):
            return index
def switch():
    context.tasks.settle()
    index = page()
    tab = window.tabs.widget(index).widget()
    if which == "meetings":
        tab.loader.loaded.connect(lambda _m: QTimer.singleShot(0, done))  # after the tab's own slot
    else:
        charts = [0]
        def rendered(_event=None):
            if charts[0] == 1 and "first" not in marks:
                marks["first"] = time.perf_counter() - marks["switch"]
                marks["first_gap"] = max(marks["gap"], time.perf_counter() - last[0])
                if which == "trends-later":  # the clerk looks at the first chart while the worker reads on
                    context.tasks.settle()
                    marks["cpu0"] = time.process_time()
                    last[0] = marks["switch"] = time.perf_counter()
                    marks["gap"] = 0.0
            if charts[0] == 0 or charts[0] in seen:
                return  # an empty canvas, or a chart drawn again (a resize)
            seen.add(charts[0])
            if charts[0] < tab.chart_bar.count():
                QTimer.singleShot(0, lambda: tab.chart_bar.setCurrentIndex(charts[0]))
            else:
                QTimer.singleShot(0, done)
        seen = set()
        if hasattr(tab, "painted"):  # each chart painted on the charts' thread, shown when it lands
            def shown():
                charts[0] += 1
                rendered()
            tab.painted.connect(shown)
        else:  # a tree that drew on the GUI thread, on a matplotlib canvas
            original = tab._draw
            def drawn(data):
                original(data)  # asks the canvas for a draw (draw_idle); rendered() follows it
                charts[0] += 1
            tab._draw = drawn
            original_make = tab._make_canvas
            def make():
                original_make()
                tab.canvas.mpl_connect("draw_event", rendered)
            tab._make_canvas = make
    marks["cpu0"] = time.process_time()
    last[0] = marks["switch"] = time.perf_counter()
    ticker.start()
    window.tabs.setCurrentIndex(index)
def when_warm():
    # As the window does after its start (check_on_open); a tree without the warm-up imports
    # matplotlib on the GUI thread at the switch, as it always did.
    charts = getattr(context, "charts", None)
    if charts is not None and charts.state != "done":
        QTimer.singleShot(50, when_warm)
        return
    switch()
def rows_shown(*_args):
    if "rows" not in marks:
        marks["rows"] = time.perf_counter() - t0
        if which == "trends-warm":  # the clerk opens 趋势图表 a few seconds after the start
            if hasattr(context, "charts"):
                context.charts.start_when_idle(context.tasks)
            QTimer.singleShot(3000, when_warm)
        else:
            QTimer.singleShot(200, switch)
window.tab(RegistryTab).loaded.connect(rows_shown)
window.show()
QTimer.singleShot(120_000, loop.quit)
loop.exec()
print(f"SWITCH {marks['done']:.4f} {marks['gap']:.4f} {marks['cpu']:.4f} {marks.get('first', marks['done']):.4f} "
      f"{marks.get('first_gap', marks['gap']):.4f}")
window.close()
context.tasks.wait()
db.close()
collector.stop()
'''

# compliance.year_matrix alone, the median of repeated runs in one process (wall, CPU). As on the
# window's worker, Python's collector does not run inside the work (the window runs it on the GUI
# thread); it runs between two runs, untimed.
MATRIX_PROBE = '''
import gc, sys, time, statistics
from datetime import date
from desktop.services import compliance
from desktop.store.database import open_database
path, year, as_of, runs = sys.argv[1], int(sys.argv[2]), date.fromisoformat(sys.argv[3]), int(sys.argv[4])
db = open_database(path)
walls, cpus = [], []
gc.disable()
for _ in range(runs + 1):
    gc.collect()
    w, c = time.perf_counter(), time.process_time()
    matrix = compliance.year_matrix(db.workspace, year, as_of)
    walls.append(time.perf_counter() - w)
    cpus.append(time.process_time() - c)
walls, cpus = walls[1:], cpus[1:]  # the first run warms the page cache and the collation keys
print(f"MATRIX {statistics.median(walls):.4f} {statistics.median(cpus):.4f} {len(matrix.branches)} {matrix.met_cells} {matrix.due_cells}")
db.close()
'''


def probe(tree: Path, code: str, args: list[str], env: dict, tag: str) -> list[float]:
    result = run(tree, ["-c", code, *args], env)
    line = next(x for x in result.out.splitlines() if x.startswith(tag + " "))
    return [float(x) for x in line.split()[1:]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--city", type=Path, required=True, help="a city demo database (10,000 branches; copied)")
    parser.add_argument("--district", type=Path, required=True, help="a district demo database (2,000 branches; copied)")
    parser.add_argument("--before", default="6a6323c", help="the commit to compare with (default: before this work)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--switches-only", action="store_true",
                        help="only the tab switches, printed (the section is not rewritten)")
    options = parser.parse_args()
    n = options.runs
    today = date.today()
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as temp:
        temp = Path(temp)
        city, district = temp / "city.sqlite3", temp / "district.sqlite3"
        shutil.copy(options.city, city)
        shutil.copy(options.district, district)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BRANCHDESK_DATA_DIR": str(temp / "data")}
        env.pop("BRANCHDESK_DB", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # a shipped build has its bytecode: compile once, not every run
        trees = {"before": export(options.before, Path(tempfile.mkdtemp(dir=temp))), "after": ROOT}
        rows: list[tuple[str, str, str, str]] = []
        base_win = median([run(ROOT, ["-c", BARE_WINDOW], env) for _ in range(n)])
        print(f"a bare QMainWindow shown {fmt(base_win)}", flush=True)

        if not options.switches_only:  # the start and the year matrix
            cells, cpus = {}, {}
            for key, tree in trees.items():
                window(tree, city, env, first_of_day=False)  # warms the cache; today's backup is made
                runs = [window(tree, city, env, first_of_day=False) for _ in range(n)]
                rows_at = statistics.median(m[1] for _r, m, _h in runs)
                cpus[key] = statistics.median(r.cpu for r, _m, _h in runs)
                cells[key] = f"{rows_at:.2f} s (process CPU {cpus[key]:.2f} s)"
            rows.append(("Window start at 10,000 branches: process start → registry rows shown", cells["before"], cells["after"],
                         f"CPU ÷ a bare window's ({base_win[1]:.2f} s): before {cpus['before'] / base_win[1]:.1f}×, "
                         f"after {cpus['after'] / base_win[1]:.1f}×; budget ≤ 1.5 s"))
            print(rows[-1], flush=True)

            counts = {}
            for year, as_of in ((today.year - 1, date(today.year - 1, 12, 31)), (today.year, today)):
                cells = {}
                for key, tree in trees.items():
                    wall, cpu, *figures = probe(tree, MATRIX_PROBE, [str(city), str(year), as_of.isoformat(), str(n)], env, "MATRIX")
                    counts[(year, key)] = figures
                    cells[key] = f"{wall * 1000:.0f} ms (CPU {cpu * 1000:.0f} ms)"
                    timings = cells.setdefault("_w", {})
                    timings[key] = wall
                same = "same counts" if counts[(year, "before")] == counts[(year, "after")] else "COUNTS DIFFER"
                branches, met, due = (int(x) for x in counts[(year, "after")])
                rows.append((f"`year_matrix` {year} at {branches:,} branches ({met:,} of {due:,} cells met), median of {n}",
                             cells["before"], cells["after"],
                             f"after ÷ before {cells['_w']['after'] / cells['_w']['before']:.2f}; {same}; budget ≤ 1 s"))
                print(rows[-1], flush=True)

        for which, db, label, budget in (
                ("meetings", city, "First switch to 组织生活 at 10,000 branches: switch → matrix shown", "GUI block ≤ 100 ms"),
                ("trends", district, "First switch to 趋势图表 at 2,000 branches: switch → all charts drawn in turn",
                 "open ≤ 1.5 s"),
                ("trends-warm", district, "First switch to 趋势图表 at 2,000 branches, 3 s after the start (the warm-up done): "
                 "switch → all charts drawn in turn", "GUI block ≤ 100 ms"),
                ("trends", city, "First switch to 趋势图表 at 10,000 branches: switch → all charts drawn in turn",
                 "GUI block ≤ 100 ms"),
                ("trends-later", district, "趋势图表 at 2,000 branches, once the first chart is drawn and the worker is idle: "
                 "the other charts clicked through, each as soon as the one before is drawn", "—")):
            cells, figures = {}, {}
            for key, tree in trees.items():
                probe(tree, SWITCH_PROBE, [which, str(db)], env, "SWITCH")  # warms the page cache
                measured = [probe(tree, SWITCH_PROBE, [which, str(db)], env, "SWITCH") for _ in range(n)]
                took, gap, cpu, first, first_gap = (statistics.median(m[i] for m in measured) for i in range(5))
                figures[key] = (took, gap)
                worst = max(m[1] for m in measured)
                shown = f"{took:.2f} s"
                if which in ("trends", "trends-warm"):
                    shown = f"first chart drawn {first:.2f} s (GUI block until then {first_gap * 1000:.0f} ms), all {took:.2f} s"
                cells[key] = (f"{shown} (process CPU meanwhile {cpu:.2f} s); longest GUI block {gap * 1000:.0f} ms "
                              f"(worst of {n}: {worst * 1000:.0f} ms)")
            rows.append((label, cells["before"], cells["after"],
                         f"after ÷ before: time {figures['after'][0] / figures['before'][0]:.2f}, "
                         f"block {figures['after'][1] / figures['before'][1]:.2f}; {budget}"))
            print(rows[-1], flush=True)

    machine = f"{platform.system()} {platform.release()}, Python {platform.python_version()}, {os.cpu_count()} cores"
    lines = [
        f"`python scripts/bench_scale.py --city city.sqlite3 --district district.sqlite3 --before {options.before}`, "
        f"{date.today():%Y-%m-%d} ({machine}, shared; load average {os.getloadavg()[0]:.1f} at the end). "
        f"Medians of {n} whole processes each; before = the code at that commit, after = this tree, one after the other "
        "on copies of the same two databases. The city demo: 10,000 branches, three years of meetings (see below).",
        "",
        f"Baseline in the same run: a bare QMainWindow shown {fmt(base_win)} (wall / CPU).",
        "",
        *table("ratio, budget", rows),
    ]
    print("\n".join(lines))
    if not options.no_write and not options.switches_only:
        write_section(lines, SECTION)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
