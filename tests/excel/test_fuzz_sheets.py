"""Workbooks of several sheets: an import reads the first sheet whose row 1 holds every required
column (desktop/excel/sheet.py _data_sheet). Sheets of notes, last year's half-filled sheet, empty
sheets or random cells before it, and anything after it (another data sheet too), are ignored: the
import does exactly what it does with the data sheet alone. Without such a sheet the file is refused
in Chinese, naming the sheets it read, and nothing is written."""

from __future__ import annotations

import io
import shutil
from collections import Counter

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from desktop.errors import BranchdeskError
from desktop.services import datasets
from tests.excel import fuzz
from tests.excel.snapshot import snapshot
from tests.workspaces import second_workspace

SHEETS = settings(max_examples=30, deadline=None, database=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                         HealthCheck.function_scoped_fixture])
TITLE = st.one_of(st.sampled_from(["说明", "填表说明", "去年", "2024年", "Sheet", "汇总", "备注", "历史数据"]),
                  st.text(st.characters(categories=("Lo", "Lu", "Ll", "Nd")), min_size=1, max_size=12))


def _required(dataset: str) -> set[str]:
    return {c.header for c in fuzz.COLUMNS[dataset] if c.required}


@st.composite
def _decoy(draw, dataset: str) -> list[list]:
    """A sheet that is not a data sheet: its row 1 lacks at least one required column."""
    kind = draw(st.sampled_from(["empty", "notes", "random", "partial", "header below"]))
    headers = [c.header for c in fuzz.COLUMNS[dataset]]
    if kind == "empty":
        return []
    if kind == "notes":
        return [["填表说明"], ["请在下一个工作表中填写"], [draw(fuzz._text(60))]]
    if kind == "random":
        return draw(st.lists(st.lists(fuzz.ANY_VALUE, min_size=1, max_size=5), min_size=1, max_size=4))
    required = sorted(_required(dataset))
    if kind == "partial":  # last year's sheet without one of the required columns
        dropped = draw(st.sampled_from(required))
        header = draw(st.permutations([h for h in headers if h != dropped]))
        return [list(header), *draw(st.lists(st.lists(fuzz.ANY_VALUE, max_size=len(header)), max_size=3))]
    return [[draw(fuzz._text(20))], headers]  # a title in row 1, the header in row 2


@st.composite
def workbooks(draw):
    """(dataset, sheets before, the data sheet or None, sheets after); each sheet (title, rows)."""
    dataset = draw(st.sampled_from(sorted(datasets.DATASETS)))
    required = _required(dataset)
    optional = [c.header for c in fuzz.COLUMNS[dataset] if not c.required]
    header = list(draw(st.permutations([*required, *draw(st.lists(st.sampled_from(optional), unique=True))])))
    rows = draw(st.lists(fuzz._row(dataset, header), max_size=4))
    data = [header, *rows] if draw(st.integers(0, 2)) else None
    before = draw(st.lists(_decoy(dataset), min_size=0 if data else 1, max_size=3))  # a workbook has a sheet
    after = draw(st.lists(st.one_of(_decoy(dataset), st.just([header, *draw(st.lists(fuzz._row(dataset, header), max_size=2))])),
                          max_size=3))
    titles = draw(st.lists(TITLE, min_size=len(before) + len(after) + 1, max_size=len(before) + len(after) + 1,
                           unique_by=str.casefold))
    named = iter(titles)
    return (dataset, [(next(named), r) for r in before], None if data is None else (next(named), data),
            [(next(named), r) for r in after])


def _well_formed(value):
    # U+FFFE and U+FFFF are not XML characters, yet openpyxl writes them: the sheet holding one is
    # malformed and the whole file is refused as damaged, whichever sheet it is (held by
    # test_fuzz_imports.py). Here every sheet is well formed, so that only the sheets' order counts.
    value = fuzz._cell_writable(value)
    return value.replace("\ufffe", "").replace("\uffff", "") if isinstance(value, str) else value


def _xlsx(sheets: list[tuple[str, list[list]]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append([_well_formed(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def fuzzer(tmp_path_factory):
    return fuzz.Fuzzer(tmp_path_factory.mktemp("sheets"))


class _Copy:
    """A fresh copy of the fuzzer's seeded database."""

    def __init__(self, fuzzer, name: str):
        self.file = fuzzer.workdir / name
        shutil.copyfile(fuzzer.base, self.file)
        self.ws = second_workspace(str(self.file))

    def import_file(self, dataset: str, data: bytes, name: str, dry_run: bool = False):
        path = self.file.parent / name
        path.write_bytes(data)
        return datasets.DATASETS[dataset].import_file(self.ws, path, dry_run=dry_run)


OUTCOMES: Counter[str] = Counter()


def _report(report) -> tuple:
    return report.imported, report.updated, report.unchanged, report.rejected


# Both outcomes every run, whatever the generated cases reach: a notes sheet before the data sheet,
# and a workbook whose sheets all lack a required column.
READ_PAST = ("branches", [("填表说明", [["填表说明"], ["请在下一个工作表中填写"]])],
             ("支部", [["支部名称", "支部类型", "正式党员数"], ["幸福街社区党支部", "社区", 12]]), [])
NONE_FIT = ("branches", [("说明", [["填表说明"]]), ("去年", [["支部名称", "支部类型"], ["和平里党支部", "社区"]])], None, [])


@SHEETS
@given(workbooks())
@example(READ_PAST)
@example(NONE_FIT)
def test_other_sheets_are_ignored_or_named_in_the_refusal(fuzzer, book):
    dataset, before, data, after = book
    sheets = [*before, *([data] if data else []), *after]
    first_data = next((i for i, (_t, rows) in enumerate(sheets)
                       if rows and _required(dataset) <= {str(c).strip() for c in rows[0] if c is not None}), None)
    assume(data is None or first_data == len(before))  # a random decoy never spells every required header
    many = _xlsx(sheets)
    several, alone = _Copy(fuzzer, "several.sqlite3"), _Copy(fuzzer, "alone.sqlite3")
    try:
        untouched = snapshot(several.ws)
        try:
            dry = several.import_file(dataset, many, "台账.xlsx", dry_run=True)
        except BranchdeskError as refusal:
            assert not refusal.message.isascii() and "Traceback" not in refusal.message
            with pytest.raises(BranchdeskError) as again:
                several.import_file(dataset, many, "台账.xlsx")
            assert again.value.message == refusal.message
            assert snapshot(several.ws) == untouched, "a refused import wrote"
            if data is None and first_data is None and len(sheets) > 1:
                OUTCOMES["sheets named"] += 1
                assert f"的 {len(sheets)} 个工作表中没有一个" in refusal.message
                for title, _rows in sheets[:5]:
                    assert f"“{title}”" in refusal.message
            if data is not None:  # the data sheet alone is refused the same way (a doubled header, say)
                with pytest.raises(BranchdeskError) as single:
                    alone.import_file(dataset, _xlsx([data]), "台账.xlsx", dry_run=True)
                assert single.value.message == refusal.message
            return
        assert data is not None or first_data is not None, "imported a workbook with no data sheet"
        real = several.import_file(dataset, many, "台账.xlsx")
        assert _report(real) == _report(dry)
        one = _xlsx([data] if data else [sheets[first_data]])
        assert _report(alone.import_file(dataset, one, "台账.xlsx")) == _report(real), "another sheet was read"
        # What the data sheet alone would write is already there: nothing of it was missed.
        check = several.import_file(dataset, one, "台账.xlsx", dry_run=True)
        assert (check.imported, check.updated, check.rejected) == (0, 0, real.rejected)
        OUTCOMES["read past other sheets" if first_data else "read"] += 1
    finally:
        several.ws.engine.dispose()
        alone.ws.engine.dispose()


def test_the_cases_reach_both_outcomes():
    # Runs after the property above: cases that were all refused, or never had a sheet before the
    # data sheet, would prove little.
    assert OUTCOMES["read past other sheets"] and OUTCOMES["sheets named"], OUTCOMES
