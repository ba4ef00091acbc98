"""Exporting every meeting of the district demo (issue 15, item 14): wall time, CPU time and peak memory
of `branchdesk export meetings FILE` as a whole process, beside a bare script that writes the same rows
with the same writer, in the same run.

    python scripts/bench_export.py [--db district.sqlite3] [--runs 2] [--before SRC] [--openpyxl]

Without --db a district demo is made first (`branchdesk demo --scale district` into a temporary folder,
about 70 s on a quiet machine). The bare script reads the same rows with the sqlite3 module (the live
meetings joined to their branch, in the export's order) and writes them with XlsxWriter in
constant_memory mode, one typed call per cell and the date column formatted: the least any export with
this writer can do. --before SRC also runs the export of an older source tree (`git archive main | tar
-x -C SRC`), with this venv; --openpyxl adds a bare openpyxl write-only script, the other streaming
writer. Every process is measured by os.wait4: ru_maxrss is that process's own peak resident set.
Targets: peak ≤ 300 MB, ≤ 1.5× the bare script, judged on CPU time (on the shared machine wall time
also counts other processes' turns; it is printed beside). Exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEAK_MB, RATIO = 300, 1.5
# The export's rows, as its query reads them (services/meeting_import.py export_meetings).
ROWS_SQL = """
SELECT b.name, m.meeting_type, m.held_on, m.expected, m.attended, m.topic, m.host, m.recorder, m.minutes
FROM meeting m JOIN branch b ON b.id = m.branch_id
WHERE m.deleted_at IS NULL AND b.deleted_at IS NULL
ORDER BY m.held_on, b.name, m.id
"""
HEADERS = ["支部名称", "会议类型", "日期", "应到人数", "实到人数", "主题", "主持人", "记录人", "会议记录"]


def measure(command: list[str], tree: Path = ROOT) -> dict:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one process running the code of
    `tree` (its folder first on the path: `python -m` puts the working folder there)."""
    env = os.environ | {"PYTHONPATH": str(tree)}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=tree, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    output = process.stdout.read().decode(errors="replace").strip() if process.stdout else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{output}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak": usage.ru_maxrss / 1024, "said": output}


def bare_rows(db: Path):
    from datetime import date

    from desktop.glossary import meeting_type_label

    labels: dict[str, str] = {}
    connection = sqlite3.connect(db)
    for name, kind, held_on, expected, attended, topic, host, recorder, minutes in connection.execute(ROWS_SQL):
        label = labels.get(kind) or labels.setdefault(kind, meeting_type_label(kind))
        yield name, label, date.fromisoformat(held_on), expected, attended, topic or None, host, recorder, minutes
    connection.close()


def bare_xlsxwriter(db: Path, out: Path) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    sheet = workbook.add_worksheet("组织生活记录")
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for index, header in enumerate(HEADERS):
        sheet.write_string(0, index, header)
    write_string, write_number, write_datetime = sheet.write_string, sheet.write_number, sheet.write_datetime
    for number, (name, label, held_on, expected, attended, topic, host, recorder, minutes) in enumerate(bare_rows(db), start=1):
        write_string(number, 0, name)
        write_string(number, 1, label)
        write_datetime(number, 2, held_on, day)
        if expected is not None:
            write_number(number, 3, expected)
        if attended is not None:
            write_number(number, 4, attended)
        for index, text in ((5, topic), (6, host), (7, recorder), (8, minutes)):
            if text:
                write_string(number, index, text)
    workbook.close()


def bare_openpyxl(db: Path, out: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("组织生活记录")
    sheet.append(HEADERS)
    for row in bare_rows(db):
        sheet.append(row)
    workbook.save(out)


def demo(folder: Path) -> Path:
    db = folder / "district.sqlite3"
    print("making the district demo (branchdesk demo --scale district) …", flush=True)
    took = measure([sys.executable, "-m", "desktop", "--db", str(db), "demo", "--scale", "district"])
    print(f"  {took['wall']:.0f} s", flush=True)
    return db


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, help="a district demo database (default: make one)")
    parser.add_argument("--runs", type=int, default=2, help="runs of each (median)")
    parser.add_argument("--before", type=Path, help="an older source tree whose export to run beside")
    parser.add_argument("--openpyxl", action="store_true", help="also a bare openpyxl write-only script")
    parser.add_argument("--bare", nargs=3, metavar=("WRITER", "DB", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.bare:
        writer, db, out = args.bare
        (bare_xlsxwriter if writer == "xlsxwriter" else bare_openpyxl)(Path(db), Path(out))
        return 0
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores", flush=True)
    work = Path(tempfile.mkdtemp(prefix="bench-export-"))
    db = (args.db or demo(work)).resolve()
    export = [sys.executable, "-m", "desktop", "--db", str(db), "export", "meetings"]
    script = str(Path(__file__).resolve())
    kinds: dict[str, tuple[list[str], Path]] = {
        "export": ([*export, str(work / "export.xlsx")], ROOT),
        "bare XlsxWriter": ([sys.executable, script, "--bare", "xlsxwriter", str(db), str(work / "bare.xlsx")], ROOT),
    }
    if args.openpyxl:
        kinds["bare openpyxl write-only"] = ([sys.executable, script, "--bare", "openpyxl", str(db), str(work / "bare-o.xlsx")], ROOT)
    if args.before:
        kinds["export, before"] = ([*export, str(work / "before.xlsx")], args.before.resolve())
    timings: dict[str, list[dict]] = {kind: [] for kind in kinds}
    for run in range(args.runs):
        order = list(kinds) if run % 2 == 0 else list(reversed(kinds))
        for kind in order:
            command, tree = kinds[kind]
            facts = measure(command, tree)
            timings[kind].append(facts)
            print(f"  run {run + 1} {kind:<26} wall {facts['wall']:6.1f} s  CPU {facts['cpu']:6.1f} s  peak {facts['peak']:7.0f} MB"
                  f"  {facts['said'][-60:]}", flush=True)
    median = {kind: {key: statistics.median(t[key] for t in runs) for key in ("wall", "cpu", "peak")} for kind, runs in timings.items()}
    bare = median["bare XlsxWriter"]
    print(f"\nmedians of {args.runs} run(s), load average {os.getloadavg()[0]:.1f} at the end")
    for kind, figures in median.items():
        print(f"{kind:<26} wall {figures['wall']:6.1f} s  CPU {figures['cpu']:6.1f} s  peak {figures['peak']:7.0f} MB  "
              f"ratio to bare XlsxWriter: wall {figures['wall'] / bare['wall']:.2f}, CPU {figures['cpu'] / bare['cpu']:.2f}")
    ours = median["export"]
    within = ours["peak"] <= PEAK_MB and ours["cpu"] / bare["cpu"] <= RATIO
    print(f"export: peak {ours['peak']:.0f} MB (≤ {PEAK_MB}), CPU ratio {ours['cpu'] / bare['cpu']:.2f} (≤ {RATIO}; "
          f"wall {ours['wall'] / bare['wall']:.2f}): {'ok' if within else 'OVER'}")
    return 0 if within else 1


if __name__ == "__main__":
    raise SystemExit(main())
