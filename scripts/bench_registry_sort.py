"""Benchmark filtering and sorting the registry (支部台账) table at 2,000 and 10,000 branches.

Measures, on the registry's model and view as the tab builds them (Qt offscreen, window shown):
  clear     clearing the name filter (typed 和平, then emptied) until the table has repainted
  keystroke one more character typed into the filter (和 → 和平)
  sort      a click on the 党员 header, then back on 支部名称

in CPU time of this process (the machine is shared: wall time there mostly measures the other
work; the wall time is printed beside it), each against a baseline measured in the same run: the
proxy this table had before, a
QSortFilterProxyModel that sorts on precomputed ranks but asks Python for them through data() at
every comparison and filters through a Python filterAcceptsRow per row. The rows are the demo's
district rows (names, kinds, secretaries), repeated with numbered names up to 10,000.

Usage: python scripts/bench_registry_sort.py [--write]   (--write: record in docs/benchmarks.md)
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import desktop.ui  # noqa: E402, F401 - singleton guard before any Qt call

# isort: split
from PySide6.QtCore import QSortFilterProxyModel, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from desktop.rules.setup import FINDING_LABELS, Finding, term_end  # noqa: E402
from desktop.services.branches import BranchRow  # noqa: E402
from desktop.services.demo import branch_rows  # noqa: E402
from desktop.ui.registry_model import FINDINGS, MEMBERS, NAME, SORT_ROLE, FindingsDelegate, RegistryModel, RegistryProxy, _has_finding  # noqa: E402

SIZES = (2000, 10000)
TARGET = 0.050  # clearing the filter at 10,000 branches
REPEATS = 7
SECTION = "## 支部台账 / Registry filter and sort (issue 15)"


class BaselineProxy(QSortFilterProxyModel):
    """The registry's proxy before precomputed orders: Qt sorts and filters, calling Python."""

    def __init__(self):
        super().__init__()
        self.setSortRole(SORT_ROLE)
        self._text = ""
        self._accepted: list[bool] | None = None

    def setSourceModel(self, model):  # noqa: N802 - Qt override
        super().setSourceModel(model)
        model.modelAboutToBeReset.connect(self._forget)

    def _forget(self):
        self._accepted = None

    def set_filters(self, *, text: str | None = None, **_ignored) -> None:
        self._text = (text or "").strip().lower()
        self.beginFilterChange()
        self._recompute()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _recompute(self):
        model = self.sourceModel()
        self._accepted = [not row.archived and (not self._text or self._text in key)
                          for row, key in zip(model.rows(), model.search_keys, strict=True)]

    def filterAcceptsRow(self, source_row, source_parent):  # noqa: N802 - Qt override
        if self._accepted is None:
            self._recompute()
        return self._accepted[source_row]


def rows(count: int) -> list[BranchRow]:
    """The demo district's rows, then the same names numbered (二分部, 三分部 …) up to `count`."""
    rng = random.Random(15)
    today = date.today()
    base = branch_rows(rng, 2000, today)
    codes = list(FINDING_LABELS)
    found = []
    for n in range(count):
        row = base[n % len(base)]
        name = row["name"] if n < len(base) else row["name"].replace("党支部", f"第{n // len(base) + 1}分部党支部")
        findings = tuple(Finding(code, FINDING_LABELS[code]) for code in rng.sample(codes, rng.choice((0, 0, 0, 1, 2))))
        found.append(BranchRow(n + 1, name, row["branch_kind"], row["parent_org"], row["secretary"], row["full_members"],
                               row["probationary_members"], term_end(row["elected_on"], row["term_years"]), False, findings))
    assert not _has_finding(found[0], "none"), "the filter helper is the tab's own"
    return found


def timed(app, table, action) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of an action until the table has repainted."""
    cpu, wall = time.process_time(), time.perf_counter()
    action()
    app.processEvents()
    table.viewport().repaint()
    return time.process_time() - cpu, time.perf_counter() - wall


def both(first: tuple[float, float], second: tuple[float, float]) -> tuple[float, float]:
    return first[0] + second[0], first[1] + second[1]


def measure(app, proxy, data: list[BranchRow]) -> dict:
    model = RegistryModel()
    model.set_rows(data)
    proxy.setSourceModel(model)
    table = QTableView()
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
    table.setItemDelegateForColumn(FINDINGS, FindingsDelegate(table))
    table.verticalHeader().hide()
    table.resize(1300, 700)
    table.show()
    app.processEvents()
    table.selectRow(3)  # a selection to carry through, as a clerk's usually is
    figures: dict[str, list[tuple[float, float]]] = {"clear": [], "keystroke": [], "sort": []}
    for _ in range(REPEATS):
        timed(app, table, lambda: proxy.set_filters(text="和"))
        figures["keystroke"].append(timed(app, table, lambda: proxy.set_filters(text="和平")))
        figures["clear"].append(timed(app, table, lambda: proxy.set_filters(text="")))
        figures["sort"].append(both(timed(app, table, lambda: table.sortByColumn(MEMBERS, Qt.SortOrder.DescendingOrder)),
                                    timed(app, table, lambda: table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder))))
    shown = [proxy.index(r, NAME).data() for r in range(min(proxy.rowCount(), 50))]
    table.close()
    table.deleteLater()
    app.processEvents()
    medians = {k: statistics.median(cpu for cpu, _ in v) for k, v in figures.items()}
    walls = {k + " wall": statistics.median(wall for _, wall in v) for k, v in figures.items()}
    return {"names": shown, **medians, **walls}


def collation_figures() -> tuple[float, float, float]:
    """CPU seconds of: loading pypinyin's dictionary in a fresh process (over a bare interpreter),
    the keys of 10,000 branch names (none cached yet), and sorting them by character code."""
    import subprocess

    probe = "import time; t = time.process_time(); {}; print(time.process_time() - t)"
    load = "from desktop.rules.collation import branch_order_key; branch_order_key('和平社区党支部')"
    cost = [float(subprocess.run([sys.executable, "-c", probe.format(code)], cwd=ROOT, check=True, capture_output=True,
                                 text=True).stdout) for code in (load, "pass")]
    from desktop.rules.collation import branch_order_key

    names = [row.name for row in rows(10000)]
    branch_order_key.cache_clear()
    started = time.process_time()
    sorted(names, key=branch_order_key)
    keyed = time.process_time() - started
    started = time.process_time()
    sorted(names)
    return cost[0] - cost[1], keyed, time.process_time() - started


def write_section(lines: list[str]) -> Path:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8")
    section = SECTION + "\n\n" + "\n".join(lines) + "\n"
    if SECTION in text:
        head, _, rest = text.partition(SECTION)
        tail = rest[rest.find("\n## "):] if "\n## " in rest else ""
        text = head + section + ("\n" + tail.lstrip("\n") if tail else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")
    return path


def main() -> int:
    app = QApplication.instance() or QApplication([])
    table_lines = ["| Branches | What | Precomputed orders | Baseline (Qt sorts, asks Python) | Ratio | Wall: orders / baseline |",
                   "|---:|---|---:|---:|---:|---:|"]
    over = False
    measure(app, BaselineProxy(), rows(500))  # warm up (fonts, glyph caches) before the first figure
    for count in SIZES:
        data = rows(count)
        new = measure(app, RegistryProxy(), data)
        old = measure(app, BaselineProxy(), data)
        assert new["names"] == old["names"], "both proxies must show the same order"
        print(f"{count:,} branches")
        for what, label in (("clear", "clear the filter"), ("keystroke", "a keystroke (和 → 和平)"),
                            ("sort", "sort by 党员, then by name")):
            ratio = new[what] / old[what]
            wall = f"{new[what + ' wall'] * 1000:.0f} / {old[what + ' wall'] * 1000:.0f} ms"
            print(f"  {label:<28} {new[what] * 1000:7.1f} ms   baseline {old[what] * 1000:7.1f} ms   ratio {ratio:.2f}"
                  f"   (wall {wall})")
            table_lines.append(f"| {count:,} | {label} | {new[what] * 1000:.1f} ms | {old[what] * 1000:.1f} ms | {ratio:.2f} | {wall} |")
        if count == max(SIZES):
            over = new["clear"] > TARGET
            print(f"  target: clear ≤ {TARGET * 1000:.0f} ms at {count:,} branches: {'OVER' if over else 'ok'}")
    load, keyed, plain = collation_figures()
    print(f"one order of names: loading pypinyin's dictionary {load * 1000:.0f} ms; 10,000 names sorted by "
          f"branch_order_key {keyed * 1000:.0f} ms, by character code {plain * 1000:.0f} ms")
    machine = f"{platform.system()} {platform.release()}, Python {platform.python_version()}, {os.cpu_count()} cores"
    lines = [
        f"Measured {date.today():%Y-%m-%d} with `python scripts/bench_registry_sort.py --write` ({machine}, "
        f"shared with other work; Qt offscreen, the table shown 1300×700 with a row selected; CPU time of the "
        f"process, median of {REPEATS}; load average {os.getloadavg()[0]:.1f} at the end).",
        "",
        *table_lines,
        "",
        f"Target: clearing the filter at 10,000 branches ≤ {TARGET * 1000:.0f} ms (the issue measured 520–570 ms of "
        "wall time for the baseline on a quiet machine; its CPU time here is the same work).",
        "",
        "The baseline sorted with QSortFilterProxyModel on a rank role: every comparison called the model's",
        "Python `data()` (n log n calls), and every filter change called `filterAcceptsRow` once per row. The",
        "registry's proxy now keeps its mapping as Python lists: each column's order is sorted once from ranks",
        "computed at load, the rows passing all filters but the text are kept, so clearing the text is a list",
        "copy, and a character typed filters only the rows shown. What is left is painting the visible rows,",
        "the same for both. A keystroke is no faster: after the change the view spends ~8 ms more in the event",
        "loop than after the baseline's (announcing row removals instead of a layout change measured the same),",
        "well inside the 50 ms a keystroke may take.",
        "",
        f"The one order of names (`desktop/rules/collation.py`): loading pypinyin's dictionary {load * 1000:.0f} ms of CPU "
        f"(a fresh process, first key); 10,000 names sorted by `branch_order_key` {keyed * 1000:.0f} ms, by character "
        f"code {plain * 1000:.0f} ms (ratio {keyed / plain:.0f}; keys are cached for the process).",
    ]
    if "--write" in sys.argv:
        print(f"written to {write_section(lines)}")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
