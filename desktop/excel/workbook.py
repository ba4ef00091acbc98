"""Open a workbook from outside safely and stream its sheets within fixed bounds.

An .xlsx is a zip of XML files, and openpyxl trusts both: a sheet's <dimension> makes it pad rows out
to the size the file claims, a row of a million cells is built in memory before it is returned,
zip members may inflate to gigabytes, and errors (zlib, expat, its own ValueError/KeyError/...) can
surface in the middle of reading the rows, not only on opening. So before openpyxl sees the file the
zip directory and every XML member are checked here (streamed through expat, in constant memory), and
afterwards every failure while reading becomes one ImportFileError: a file is refused whole, with a
Chinese reason, and nothing has been written yet.
"""

from __future__ import annotations

import lzma
import struct
import warnings
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from desktop.errors import BranchdeskError, ImportFileError
from desktop.store.files import reason

ACCEPTED_SUFFIXES = {".xlsx", ".xlsm"}
MAX_DATA_ROWS = 100_000  # one import; a district logs ~60,000 meetings a year (export by --year)
MAX_COLUMNS = 256  # a known column further right than this is not one of our sheets
MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 256 * 2**20  # a 100,000-row sheet written without shared strings is ~90 MB
MAX_TOTAL_BYTES = 512 * 2**20
MAX_ROW_CELLS = 16_384  # Excel's own column limit: a row with more cells is not a real sheet
MAX_CELLS = 2_000_000  # 100,000 rows of our widest sheet (17 columns) and a few more
MAX_ROW_ELEMENTS = 2 * MAX_DATA_ROWS  # rows in the XML, blank ones included
MAX_STRINGS = 600_000  # distinct texts, all loaded by openpyxl (~25 s and ~460 MB for 2 million)
MAX_DEPTH = 64
_SCANNED = (".xml", ".rels", ".vml")
# What a damaged or disguised archive raises while its directory and members are read: a broken zip
# structure or CRC, a corrupt deflate/LZMA/bzip2 stream (bzip2's is an OSError), malformed XML, a
# cut-off file, a header that does not unpack, a compression method or encryption zipfile does not
# support (NotImplementedError, RuntimeError), a member name that does not decode (ValueError).
_ARCHIVE_DAMAGE = (
    zipfile.BadZipFile, zlib.error, lzma.LZMAError, xml.parsers.expat.ExpatError, EOFError, struct.error,
    NotImplementedError, RuntimeError, ValueError, OSError,
)
_CHUNK = 1 << 20


def _too_big(name: str, what: str) -> ImportFileError:
    return ImportFileError(
        f"“{name}”{what}，超出一次导入的上限（{MAX_DATA_ROWS:,} 行数据）。"
        "请删去不需要导入的工作表和行，或分成几个文件导入。"
    )


def _damaged(name: str, where: str = "") -> ImportFileError:
    return ImportFileError(
        f"“{name}”不是有效的 Excel 文件{where}，可能已损坏或是改了扩展名的其他文件；未导入任何数据。"
    )


class _Scan:
    """Counts what openpyxl would build from one XML member; raises as soon as a bound is passed."""

    def __init__(self, file_name: str):
        self.file_name = file_name
        self.depth = self.rows = self.cells = self.row_cells = self.strings = 0

    def start(self, name: str, _attrs) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _damaged(self.file_name, "（XML 嵌套过深）")
        local = name[name.find(":") + 1:]
        if local == "c":
            self.cells += 1
            self.row_cells += 1
            if self.row_cells > MAX_ROW_CELLS:
                raise _damaged(self.file_name, f"（一行超过 {MAX_ROW_CELLS:,} 个单元格）")
            if self.cells > MAX_CELLS:
                raise _too_big(self.file_name, f"的单元格超过 {MAX_CELLS:,} 个")
        elif local == "row":
            self.row_cells = 0
            self.rows += 1
            if self.rows > MAX_ROW_ELEMENTS:
                raise _too_big(self.file_name, f"的工作表超过 {MAX_ROW_ELEMENTS:,} 行")
        elif local == "si":
            self.strings += 1
            if self.strings > MAX_STRINGS:
                raise _too_big(self.file_name, f"的文字单元格超过 {MAX_STRINGS:,} 个")

    def end(self, _name: str) -> None:
        self.depth -= 1

    def doctype(self, *_args) -> None:
        # OOXML never declares a DTD; entity expansion (billion laughs) and external entities (XXE)
        # both need one, so refusing it up front leaves no way in for either.
        raise ImportFileError(f"“{self.file_name}”含有 Excel 文件不应有的 XML 文档类型声明，为安全起见不予读取。")


def _scan_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, file_name: str) -> None:
    scan = _Scan(file_name)
    parser = xml.parsers.expat.ParserCreate()
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.StartDoctypeDeclHandler = scan.doctype
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def check_archive(path: Path) -> None:
    """Refuse a zip whose directory or XML could make openpyxl hang or exhaust memory."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise _damaged(name, f"（包含 {len(members):,} 个部件）")
            if any(m.file_size > MAX_MEMBER_BYTES for m in members) or \
                    sum(m.file_size for m in members) > MAX_TOTAL_BYTES:
                raise ImportFileError(
                    f"“{name}”解压后超过 {MAX_TOTAL_BYTES // 2**20} MB（或其中一个部件超过 "
                    f"{MAX_MEMBER_BYTES // 2**20} MB），不像是导入用的表格；请只保留要导入的工作表。"
                )
            for member in members:
                if member.filename.lower().endswith(_SCANNED):
                    _scan_member(archive, member, name)
    except BranchdeskError:
        raise
    except (PermissionError, FileNotFoundError, IsADirectoryError) as error:  # not damage: say what it is
        raise ImportFileError(f"无法读取“{name}”（{reason(error)}）。") from error
    except _ARCHIVE_DAMAGE as error:
        raise _damaged(name) from error


@contextmanager
def quiet_openpyxl() -> Iterator[None]:
    """openpyxl's English warnings ("Data Validation extension is not supported", "Workbook contains
    no default style") say nothing a clerk can act on: hidden during a read, and only then."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module=r"openpyxl(\.|$)")
        yield


@contextmanager
def open_sheets(path: Path):
    """The workbook's worksheets in their order (chart sheets left out), opened read-only; each one's
    claimed dimensions are ignored, so a forged <dimension ref="A1:XFD1048576"> sizes nothing."""
    from openpyxl import load_workbook

    if path.suffix.lower() not in ACCEPTED_SUFFIXES:
        raise ImportFileError(f"只能导入 Excel 文件（.xlsx），而“{path.name}”不是。")
    if not path.is_file():
        raise ImportFileError(f"找不到文件：{path}")
    check_archive(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise _damaged(path.name) from error
    try:
        sheets = workbook.worksheets
        if not sheets:  # none, or only chart sheets
            raise ImportFileError(f"“{path.name}”中没有可导入的工作表（应有一个数据表）。")
        for sheet in sheets:
            sheet.reset_dimensions()
        yield sheets
    finally:
        # Closing a damaged archive may fail again (with anything); the refusal already says why.
        with suppress(Exception):
            workbook.close()


def guarded_rows(rows: Iterator[tuple], file_name: str, first_row: int) -> Iterator[tuple[int, tuple]]:
    """(sheet row number, values) from openpyxl's row iterator; any failure while reading is a
    refusal of the whole file naming the row where reading stopped."""
    number = first_row
    checked = None  # the last tuple found clean: openpyxl's shared gap filler comes back by identity
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        # Broad on purpose: openpyxl's cell parsing raises whatever damaged XML provokes (KeyError,
        # TypeError, IndexError, its own errors); tests/excel/test_fuzz_imports.py pins that none escapes.
        except Exception as error:
            raise _damaged(file_name, f"（读到第 {number} 行时出错）") from error
        # The tuple is passed on as it is unless a cell needs unescaping: openpyxl fills a gap of
        # missing rows with one shared tuple, and a forged last row (XFD1048576) makes a million of
        # them, which the reader skips by identity; rebuilding each one cost seconds.
        if values is not checked:
            if any(map(_escaped, values)):
                values = tuple(_unescaped(v) if _escaped(v) else v for v in values)
            else:
                checked = values
        yield number, values
        number += 1


# OOXML writes a literal "_xHHHH_" in text as "_x005F_xHHHH_". openpyxl undoes that for the shared
# strings table but not for inline strings, which our own exports (XlsxWriter's constant_memory mode)
# write: without this, a note reading "_x0000_" came back from an export as "_x005F_x0000_".
ESCAPED_UNDERSCORE = "_x005F_"


def _escaped(value) -> bool:
    return type(value) is str and ESCAPED_UNDERSCORE in value


def _unescaped(text: str) -> str:
    return text.replace("x005F_", "")  # the same step openpyxl takes for shared strings
