"""Benchmark the paper layer: 2,000 certificates and a 2,000-row summary sheet, each against the
same pages drawn with bare ReportLab canvas calls in the same run; plus the registry sheet of the
district demo end to end (database -> rows -> PDF -> print record).

Run from the repository root:  python scripts/bench_paper.py [--rows 2000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bare_pages  # scripts/, this script's own folder, is on the path
from reportlab.pdfgen.canvas import Canvas

from desktop.paper import fonts
from desktop.paper.certificates import CERTIFICATE, CertificateSheet, certificate_number, write_certificates
from desktop.paper.layout import GBT9704, Stamp, layout_sections, write_pdf
from desktop.paper.numerals import chinese_month
from desktop.paper.sheets import summary_sheet
from desktop.services.results import BranchResult


def result(i: int) -> BranchResult:
    kinds = ("community", "village", "government", "institution", "private_enterprise")
    eligible = i % 7 == 0
    return BranchResult(
        i, f"和平{i:04d}科技有限公司党支部", kinds[i % 5], 80 + i % 20, 90.5, 88.0, 100.0, round(85 + (i % 150) / 10, 2),
        i % 4 != 0, eligible, () if eligible else ("review_below_excellent",), "accepted", i % 4 != 0, None, False,
    )


def timed(label: str, action) -> float:
    start = time.perf_counter()
    action()
    elapsed = time.perf_counter() - start
    print(f"  {label:<48} {elapsed:6.2f} s")
    return elapsed


def bare_certificates(path: Path, sheets: list[CertificateSheet]) -> None:
    """The same text, frames and corner strokes as a certificate, with no helpers in between."""
    faces = (fonts.font_name("title"), fonts.font_name("kai"), fonts.font_name("body"))
    canvas = Canvas(str(path), pagesize=CERTIFICATE.size, initialFontName=faces[2], pageCompression=1)
    for s in sheets:
        bare_pages.certificate(canvas, faces, s.recipient, s.year, s.honour_title, s.issuer, s.date_text, s.number, s.code)
    canvas.save()


def bare_table(path: Path, rows: list[tuple[str, ...]], widths_mm: list[float], rows_per_page: int, pages: int) -> None:
    """The same cells at fixed positions, header per page and rules, with no layout pass."""
    canvas = Canvas(str(path), pagesize=GBT9704.size, initialFontName=fonts.font_name("body"), pageCompression=1)
    bare_pages.table(canvas, (fonts.font_name("body"), fonts.font_name("hei")), rows, widths_mm, rows_per_page, pages)
    canvas.save()


def bench_certificates(folder: Path, count: int) -> None:
    print(f"{count} certificates (A4 landscape, one page each)")
    sheets = [
        CertificateSheet("standardized", 2025, f"中共和平{i:04d}社区党支部委员会", "中共和平街道工作委员会",
                         chinese_month(date(2026, 3, 1)), certificate_number(2025, "standardized", i), "ACDE3467")
        for i in range(1, count + 1)
    ]
    ours = timed("branchdesk write_certificates", lambda: write_certificates(folder / "c.pdf", sheets))
    bare = timed("bare canvas, same text", lambda: bare_certificates(folder / "c0.pdf", sheets))
    print(f"  ratio {ours / bare:.2f}x   size {(folder / 'c.pdf').stat().st_size / 1e6:.1f} MB")


def bench_summary(folder: Path, count: int) -> None:
    print(f"{count}-row 年度考评汇总表 (A4, GB/T 9704 margins)")
    results = [result(i) for i in range(1, count + 1)]
    stamp = Stamp("ACDE3467", datetime.now())
    pages: list = []

    def ours() -> None:
        sheet = summary_sheet(2025, results, 0.9)
        pages.append(write_pdf(folder / "s.pdf", layout_sections([sheet.section()]), GBT9704, sheet.title, stamp))

    t_ours = timed("branchdesk summary_sheet + layout + draw", ours)
    sheet = summary_sheet(2025, results, 0.9)
    rows = sheet.text_rows(sheet.records)
    per_page = -(-len(rows) // pages[0])
    widths = [c.width for c in sheet.columns]
    t_bare = timed("bare canvas, same cells", lambda: bare_table(folder / "s0.pdf", rows, widths, per_page, pages[0]))
    print(f"  ratio {t_ours / t_bare:.2f}x   pages {pages[0]}")


def bench_registry_end_to_end(folder: Path) -> None:
    from desktop.services import demo, documents
    from desktop.store.database import open_database

    print("支部基本情况表 of the district demo (2,000 branches), database to recorded PDF")
    db = open_database(str(folder / "bench.sqlite3"))
    try:
        ws = db.workspace
        demo.generate(ws, "district", 1)
        holder: list = []
        timed("print_document('registry')", lambda: holder.append(
            documents.print_document(ws, "registry", {"year": 2025}, folder / "r.pdf")))
        timed("verify(code)  (rebuilds the rows)", lambda: documents.verify(ws, holder[0].code))
        print(f"  pages {holder[0].pages}")
        bench_certificate_batch(ws, folder)
    finally:
        db.close()


def bench_certificate_batch(ws, folder: Path) -> None:
    """print_certificates for the district demo's standardized branches: numbering, one print
    record per certificate, the PDF; then the summary sheet of the year from the real results."""
    from desktop.services import certificates, documents

    holder: list = []
    timed("certificates, first print (numbers allocated)", lambda: holder.append(
        certificates.print_certificates(ws, 2025, "standardized", folder / "b1.pdf")))
    timed("certificates, reprint (numbers kept)", lambda: certificates.print_certificates(ws, 2025, "standardized", folder / "b2.pdf"))
    print(f"  certificates {holder[0].pages}")
    timed("print_document('summary') from the results", lambda: holder.append(
        documents.print_document(ws, "summary", {"year": 2025}, folder / "s.pdf")))
    print(f"  summary pages {holder[-1].pages}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    fonts.register_all()
    print("fonts:", ", ".join(f"{role}={fonts.face_path(role).name}" for role in fonts.ROLES))
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        bench_certificates(folder, args.rows)
        bench_summary(folder, args.rows)
        bench_registry_end_to_end(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
