"""The long fuzz profile of the three Excel imports, plus fixed figures: a dimension bomb, a 100,000-row
file, and the two worst files within the limits (most shared strings, most cells). Prints cases,
seconds and peak memory; the properties are those of tests/excel/fuzz.py (the suite runs the same
ones with a small profile).

    nice -n 10 .venv/bin/python scripts/fuzz_imports.py [--cases 10000] [--seed N] [--skip-fixed]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("LANG", "C.UTF-8")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _fuzz(cases: int, seed: int | None, workdir: Path) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as with_seed

    from tests.excel import fuzz

    fuzzer = fuzz.Fuzzer(workdir)

    @settings(max_examples=cases, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=fuzz.cases())
    def run(case):
        fuzzer.check(case)

    if seed is not None:
        run = with_seed(seed)(run)
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    done = sum(fuzzer.outcomes.values())
    print(f"fuzz: {done} cases in {seconds:.0f} s ({1000 * seconds / max(done, 1):.0f} ms a case), "
          f"peak {_peak_mb():.0f} MB; outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(fuzzer.outcomes.items())))


def _fixed(workdir: Path) -> None:
    """Figures for the two files the issue names, each read in a fresh process for its own peak."""
    import subprocess

    from desktop.excel import branches
    from tests.excel import hostile

    headers = [c.header for c in branches.columns()]
    bomb = hostile.write(workdir / "bomb.xlsx", hostile.dimension_bomb(headers))
    big = workdir / "rows100k.xlsx"
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("支部台账")
    sheet.append(headers)
    for i in range(100_000):
        sheet.append([f"第{i}社区党支部", "社区", "某某街道党工委", "2020-01-01", "张三", "是", "2023-03-01", 3, 12, 2,
                      "是", 2, "13912345678", "是", "是", "2024、2025", "备注"])
    book.save(big)
    # VmHWM, not ru_maxrss: the latter carries the parent's peak over fork and exec.
    probe = ("import re, sys, time; from desktop.excel import branches; from desktop.excel.sheet import read_rows;"
             "t = time.perf_counter(); ok, bad = read_rows(sys.argv[1], branches.columns());"
             "peak = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)) / 1024;"
             "print(f'{time.perf_counter() - t:.2f} s, peak {peak:.0f} MB, {len(ok)} rows read, {len(bad)} rejections')")
    from desktop.excel import workbook

    strings = hostile.write(workdir / "strings.xlsx", hostile.shared_strings(headers, workbook.MAX_STRINGS))
    cells = hostile.write(workdir / "cells.xlsx", hostile.many_cells(headers, workbook.MAX_CELLS - 100))
    for label, path in (("dimension bomb", bomb), ("100,000 rows", big),
                        (f"{workbook.MAX_STRINGS:,} shared strings (the limit)", strings),
                        (f"{workbook.MAX_CELLS:,} cells (the limit), every row rejected", cells)):
        out = subprocess.run([sys.executable, "-c", probe, str(path)], cwd=ROOT, capture_output=True, text=True, check=True)
        print(f"{label} ({path.stat().st_size / 1024:,.0f} KB): {out.stdout.strip()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--skip-fixed", action="store_true", help="only the fuzz cases")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        workdir = Path(temp)
        if args.cases:  # first, so that its peak memory is its own
            _fuzz(args.cases, args.seed, workdir)
        if not args.skip_fixed:
            _fixed(workdir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
