"""Property-based fuzzing of the three Excel imports, shared by tests/excel/test_fuzz_imports.py (a fast
profile) and scripts/fuzz_imports.py (the long one).

A case is a workbook for one dataset — a header drawn from the dataset's columns (shuffled, some
missing, some doubled, unknown ones added), rows of valid and hostile values of every type — and
then, sometimes, damage to the file itself: flipped bytes, truncation, a member replaced by random
bytes or hostile XML, a forged dimension with a far cell. `Fuzzer.check` runs one case against a
fresh copy of a small database and asserts what every import promises:

- only the project's own errors escape (a refusal is an ImportFileError with a Chinese message);
- --dry-run writes nothing and reports exactly what the real import then does;
- a refusal writes nothing; importing the same file again changes nothing (idempotence);
- whatever was accepted exports and imports back unchanged (the exact round trip).
"""

from __future__ import annotations

import re
import shutil
import string
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import strategies as st

from desktop.errors import BranchdeskError
from desktop.excel import branches as branch_sheet
from desktop.excel import evaluations as evaluation_sheet
from desktop.excel import meetings as meeting_sheet
from desktop.excel import plan as plan_sheet
from desktop.excel import weak as weak_sheet
from desktop.glossary import BRANCH_KIND_BY_LABEL, MEETING_TYPE_BY_LABEL
from desktop.rules.eligibility import GRADE_BY_LABEL
from desktop.rules.inspections import KIND_BY_LABEL
from desktop.rules.weak import GROUND_BY_LABEL
from desktop.services import datasets
from tests.excel import hostile
from tests.excel.snapshot import snapshot

BRANCH_NAMES = ["和平社区党支部", "幸福村党支部", "=HYPERLINK(\"x\")党支部"]
TODAY = date.today()
COLUMNS = {"branches": branch_sheet.columns(), "meetings": meeting_sheet.columns(),
           "evaluations": evaluation_sheet.columns(), "weak-cases": weak_sheet.case_columns(),
           "inspections": weak_sheet.inspection_columns(), "plan": plan_sheet.plan_columns(),
           "pay": plan_sheet.pay_columns()}

HOSTILE_TEXT = ["1E+20", "1" * 4301, "1E999", "-1E999", "2099；2100", "_x0009_", "#VALUE!", "#REF!", "#N/A",
                "=1+1", "=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)", "nan", "inf", "2025-02-30", "１２", "\u3000",
                "是", "否", "TRUE", "村", "社区", "党员大会", "优秀", "2024、2025", "0", "-0", "3.0", " 7 ",
                "长" * 121, "长" * 2001, "长" * 30_000, "a\u2028b", "\ufffe", "\x85"]


def _text(max_size: int = 40):
    # XML cannot carry C0 controls other than tab/CR/LF; openpyxl refuses to write them at all.
    alphabet = st.characters(exclude_categories=("Cs",), exclude_characters=[chr(c) for c in range(32) if c not in (9, 10, 13)])
    return st.text(alphabet, max_size=max_size)


ANY_VALUE = st.one_of(
    st.none(), _text(), st.sampled_from(HOSTILE_TEXT), st.integers(-2**70, 2**70), st.integers(-3, 120),
    st.sampled_from([1e20, -1e20, 1e300, 2**63, 2**64, 100_000, 100_001, 0.5, -0.0]),
    st.floats(), st.booleans(), st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 1, 1)),
    st.datetimes(min_value=datetime(1800, 1, 1), max_value=datetime(2200, 1, 1)), st.times(),
    st.timedeltas(min_value=timedelta(days=-5), max_value=timedelta(days=5)),
)

EXTREME_NUMBER = st.one_of(st.sampled_from([1e20, -1e20, 1e300, 2**63, 2**64, 2**31, 100_000, 100_001, -1, 0.5,
                                            1999, 2000, 2100, 2101, "1E+20", "1" * 4301, "1E999", "2099；2100"]),
                           st.integers(-2**70, 2**70), st.floats())
EXTREME_TEXT = st.one_of(st.sampled_from(["长" * n for n in (30, 31, 120, 121, 200, 201, 2000, 2001, 30_000)]),
                         st.sampled_from(HOSTILE_TEXT), _text(200))
_DAYS = st.dates(min_value=date(2015, 1, 1), max_value=min(TODAY, date(2025, 12, 31)))
_SMALL = st.integers(0, 60)
VALID = {
    "name": st.sampled_from([*BRANCH_NAMES, "新建党支部", "新建村党支部"]),
    "branch_name": st.sampled_from([*BRANCH_NAMES, "不存在的党支部"]),
    "branch_kind": st.sampled_from(sorted(BRANCH_KIND_BY_LABEL)),
    "meeting_type": st.sampled_from(sorted(MEETING_TYPE_BY_LABEL)),
    "review_grade": st.sampled_from(sorted(GRADE_BY_LABEL)),
    "established_on": _DAYS, "elected_on": _DAYS, "held_on": _DAYS, "secretary_vacant_since": _DAYS,
    "term_years": st.sampled_from([3, 5, "3", "5"]),
    "year": st.integers(2020, 2026),
    "org_score_override": st.one_of(st.integers(0, 100), st.floats(0, 100)),
    "trained_years": st.sampled_from(["2023", "2023、2024", 2024, "2024,2025"]),
    "phone": st.text(string.digits, min_size=5, max_size=12),
    "secretary_is_director": st.sampled_from(["是", "否", " 是", "否 "]),
    "grounds": st.lists(st.sampled_from(sorted(GROUND_BY_LABEL)), min_size=1, max_size=3).map("、".join),
    "acceptance": st.sampled_from(["通过", "未通过"]),
    "kind": st.sampled_from(sorted(KIND_BY_LABEL)),
    "deadline": _DAYS, "accepted_on": _DAYS, "closed_on": _DAYS,
    "classification": st.sampled_from(["先进", "一般", "后进"]),
    "pay_total_fen": st.one_of(st.integers(0, 10**6), st.sampled_from([123456.78, 0.01, "3000", "1.005"])),
    "base_funding_fen": st.one_of(st.integers(0, 10**5), st.sampled_from([20000.5, "15000"])),
}
YES_NO_KEYS = {"has_committee", "has_college_cadre", "has_service_center", "verified_dissatisfaction",
               "department_noncompliance", "planned"}
TEXT_KEYS = {"parent_org", "secretary", "topic", "host", "recorder", "minutes", "notes", "veto", "phone", "problems",
             "measures", "contact_leader", "first_secretary", "responsible", "inspectors", "findings", "follow_up"}
NUMBER_KEYS = {"term_years", "full_members", "probationary_members", "party_groups", "expected", "attended", "year",
               "org_score_override", "participants", "excellent", "qualified", "basic", "unqualified", "satisfied",
               "public_basic", "dissatisfied", "trained_years"}


def _valid(key: str):
    if key in VALID:
        return VALID[key]
    if key in YES_NO_KEYS:
        return VALID["secretary_is_director"]
    if key in TEXT_KEYS:
        return _text(30)
    return _SMALL  # counts


@dataclass(frozen=True)
class Case:
    dataset: str
    header: tuple
    rows: tuple
    damage: tuple  # () for none, else (kind, *arguments)

    def describe(self) -> str:
        return f"{self.dataset} {len(self.rows)} rows damage={self.damage[:1]}"


@st.composite
def _header(draw, dataset: str) -> list:
    columns = COLUMNS[dataset]
    chosen = [c.header for c in columns if c.required or draw(st.booleans())]
    if chosen and draw(st.integers(0, 15)) == 0:
        chosen.remove(draw(st.sampled_from(chosen)))  # a required column may go missing
    if chosen and draw(st.integers(0, 15)) == 0:
        chosen.append(draw(st.sampled_from(chosen)))  # a doubled header
    chosen += draw(st.lists(st.sampled_from(["说明", "序号", None, ""]), max_size=2))
    return draw(st.permutations(chosen))


@st.composite
def _row(draw, dataset: str, header: list) -> list:
    """Valid values with none, one or several hostile cells: one bad cell in an otherwise good row is
    what reaches the database if a parser lets it through. "numbers" and "texts" put extremes into
    every number or text column of an otherwise valid row."""
    keys = {c.header: c.key for c in COLUMNS[dataset]}
    mode = draw(st.sampled_from(["valid", "one", "one", "some", "random", "numbers", "texts"]))
    odd = draw(st.integers(0, max(len(header) - 1, 0)))
    row = []
    for index, title in enumerate(header):
        key = keys.get(title)
        if mode == "numbers" and key in NUMBER_KEYS:
            row.append(draw(st.one_of(EXTREME_NUMBER, _valid(key))))
        elif mode == "texts" and key in TEXT_KEYS | {"name", "branch_name"}:
            row.append(draw(st.one_of(EXTREME_TEXT, _valid(key))))
        elif key is None or mode == "random" or (mode == "one" and index == odd) \
                or (mode == "some" and draw(st.integers(0, 3)) == 0):
            row.append(draw(ANY_VALUE))
        else:
            row.append(draw(_valid(key)))
    return row


HOSTILE_XML = [
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><x>&b;</x>',
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    b"<a>" * 200 + b"</a>" * 200,
    b"<worksheet><sheetData><row r='2'><c r='A2' t='s'><v>999999</v></c></row></sheetData></worksheet>",
    b"<worksheet><sheetData><row r='2'><c r='A2' t='n'><v>abc</v></c><c r='B2' t='b'><v>x</v></c>"
    b"<c r='C2' t='d'><v>not a date</v></c></row></sheetData></worksheet>",
    b"<worksheet><sheetData><row r='x'><c r='??'><v>1</v></c></row></sheetData></worksheet>",
    b"",
    b"not xml at all \x00\x01",
]
MEMBERS = [hostile.SHEET, "xl/workbook.xml", "xl/styles.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
           "xl/sharedStrings.xml", "docProps/core.xml"]
DAMAGE = st.one_of(
    st.just(()), st.just(()), st.just(()),
    st.tuples(st.just("flip"), st.lists(st.integers(0, 2**20), min_size=1, max_size=4)),
    st.tuples(st.just("truncate"), st.floats(0, 1)),
    st.tuples(st.just("member"), st.sampled_from(MEMBERS), st.one_of(st.sampled_from(HOSTILE_XML), st.binary(max_size=64))),
    st.tuples(st.just("dimension"), st.integers(2, 1_048_576), st.integers(1, 16_384)),
)


@st.composite
def cases(draw) -> Case:
    dataset = draw(st.sampled_from(sorted(datasets.DATASETS)))
    header = draw(_header(dataset))
    rows = draw(st.lists(_row(dataset, header), max_size=6))
    return Case(dataset, tuple(header), tuple(tuple(r) for r in rows), draw(DAMAGE))


def _cell_writable(value):
    """What the test file can hold: openpyxl refuses C0 controls and timezone-aware values."""
    if isinstance(value, str):
        return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "", value)
    return value


def workbook_of(case: Case) -> bytes:
    data = hostile.workbook_bytes([list(case.header)] + [[_cell_writable(v) for v in row] for row in case.rows])
    kind, *args = case.damage or ("none",)
    if kind == "flip":
        for position in args[0]:
            data = hostile.flipped(data, position)
    elif kind == "truncate":
        data = data[: int(len(data) * args[0])]
    elif kind == "member":
        data = hostile.with_member(data, args[0], args[1])
    elif kind == "dimension":
        from openpyxl.utils import get_column_letter

        sheet = hostile.members(data)[hostile.SHEET].decode()
        far_row = args[0] + len(case.rows) + 1
        far = f'<row r="{far_row}"><c r="{get_column_letter(args[1])}{far_row}"><v>1</v></c></row>'
        sheet = re.sub(r"<dimension [^>]*/>", '<dimension ref="A1:XFD1048576"/>', sheet).replace("</sheetData>", far + "</sheetData>")
        data = hostile.with_member(data, hostile.SHEET, sheet.encode())
    return data


def _report(report) -> tuple:
    return report.imported, report.updated, report.unchanged, report.rejected


class Fuzzer:
    """Runs cases against fresh copies of one small seeded database in `workdir`."""

    def __init__(self, workdir: Path):
        from desktop.services import branches, meetings, tallies
        from desktop.store.database import open_database

        self.workdir = Path(workdir)
        self.base = self.workdir / "base.sqlite3"
        database = open_database(str(self.base))
        ws = database.workspace
        ids = [branches.save_branch(ws, {"name": n, "branch_kind": "community", "full_members": 9}) for n in BRANCH_NAMES]
        meetings.save_meeting(ws, {"branch_id": ids[0], "meeting_type": "theme_day", "held_on": date(2024, 3, 5),
                                       "topic": "重温入党誓词"})
        tallies.save_tally(ws, ids[1], 2024, tallies.TallyForm(review_grade="excellent"))
        database.close()
        self.outcomes: Counter[str] = Counter()

    def check(self, case: Case) -> str:
        from tests.workspaces import second_workspace

        path = self.workdir / "case.xlsx"
        path.write_bytes(workbook_of(case))
        target = self.workdir / "case.sqlite3"
        shutil.copyfile(self.base, target)
        ws = second_workspace(str(target))
        try:
            outcome = self._check(datasets.DATASETS[case.dataset], ws, path)
        finally:
            ws.engine.dispose()
        self.outcomes[outcome] += 1
        return outcome

    def _check(self, dataset, ws, path: Path) -> str:
        before = snapshot(ws)
        try:
            dry = dataset.import_file(ws, path, dry_run=True)
        except BranchdeskError as refusal:
            assert refusal.message and not refusal.message.isascii(), refusal.message
            assert snapshot(ws) == before, "a refused dry run wrote"
            try:
                dataset.import_file(ws, path)
            except BranchdeskError as again:
                assert again.message == refusal.message
            else:
                raise AssertionError("the dry run refused the file, the real import did not")
            assert snapshot(ws) == before, "a refused import wrote"
            return "refused"
        assert not dry.written and snapshot(ws) == before, "the dry run wrote"
        real = dataset.import_file(ws, path)
        assert _report(real) == _report(dry), "the dry run and the real import disagree"
        assert all(len(r.reason) <= 200 and r.column for r in real.rejected)
        after = snapshot(ws)
        if not (real.imported or real.updated):
            assert after == before, "nothing to write, yet the database changed"
        again = dataset.import_file(ws, path)
        assert (again.imported, again.updated, again.rejected) == (0, 0, real.rejected), "not idempotent"
        assert snapshot(ws) == after, "the second import changed the database"
        exported = self.workdir / "export.xlsx"
        count = dataset.export_file(ws, exported, None)
        back = dataset.import_file(ws, exported, dry_run=True)
        assert (back.imported, back.updated, back.unchanged, back.rejected) == (0, 0, count, []), "round trip"
        return "rows rejected" if real.rejected else "accepted"
