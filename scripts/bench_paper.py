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

from reportlab.lib.units import mm
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
    title, kai, body = fonts.font_name("title"), fonts.font_name("kai"), fonts.font_name("body")
    width, height = CERTIFICATE.size
    canvas = Canvas(str(path), pagesize=CERTIFICATE.size, initialFontName=body, pageCompression=1)
    for s in sheets:
        canvas.setLineWidth(3)
        canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
        canvas.setLineWidth(0.8)
        canvas.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)
        for cx, cy, dx, dy in ((13 * mm, 13 * mm, 1, 1), (13 * mm, height - 13 * mm, 1, -1),
                               (width - 13 * mm, 13 * mm, -1, 1), (width - 13 * mm, height - 13 * mm, -1, -1)):
            for o in (4 * mm, 6 * mm):
                canvas.line(cx + dx * o, cy + dy * o, cx + dx * (o + 14 * mm), cy + dy * o)
                canvas.line(cx + dx * o, cy + dy * o, cx + dx * o, cy + dy * (o + 14 * mm))
        canvas.setFont(title, 50)
        canvas.drawCentredString(width / 2, height - 52 * mm, "荣 誉 证 书")
        canvas.setFont(kai, 22)
        canvas.drawString(42 * mm, height - 80 * mm, f"{s.recipient}：")
        canvas.drawString(42 * mm + 44, height - 95 * mm, f"你单位在{s.year}年度党支部标准化规范化创建工作中成绩突")
        canvas.drawString(42 * mm, height - 110 * mm, "出，被评为")
        canvas.setFont(title, 32)
        canvas.drawCentredString(width / 2, height - 130 * mm, f"“{s.year}年度{s.honour_title}”")
        canvas.setFont(kai, 22)
        canvas.drawString(42 * mm + 44, height - 148 * mm, "特发此证。")
        canvas.setFont(kai, 20)
        canvas.drawCentredString(width - 81 * mm, 52 * mm, s.issuer)
        canvas.drawCentredString(width - 81 * mm, 40 * mm, s.date_text)
        canvas.setFont(body, 12)
        canvas.drawString(28 * mm, 30 * mm, f"证书编号：{s.number}")
        canvas.setFont(body, 10)
        canvas.drawString(28 * mm, 23 * mm, f"验证码：{s.code[:4]}-{s.code[4:]}")
        canvas.showPage()
    canvas.save()


def bare_table(path: Path, rows: list[tuple[str, ...]], widths_mm: list[float], rows_per_page: int, pages: int) -> None:
    """The same cells at fixed positions, header per page and rules, with no layout pass."""
    body, hei = fonts.font_name("body"), fonts.font_name("hei")
    scale = GBT9704.width / (sum(widths_mm) * mm)
    xs = [GBT9704.left]
    for w in widths_mm:
        xs.append(xs[-1] + w * mm * scale)
    canvas = Canvas(str(path), pagesize=GBT9704.size, initialFontName=body, pageCompression=1)
    top = GBT9704.size[1] - GBT9704.top
    row_h = 15.25
    for page in range(pages):
        chunk = rows[page * rows_per_page : (page + 1) * rows_per_page]
        y = top
        canvas.setFont(hei, 9)
        for i, x in enumerate(xs[:-1]):
            canvas.drawCentredString((x + xs[i + 1]) / 2, y - 11, "表头")
        for row in chunk:
            y -= row_h
            canvas.setFont(body, 9)
            for i, text in enumerate(row):
                canvas.drawString(xs[i] + 2, y - 11, text)
            canvas.line(xs[0], y, xs[-1], y)
        for x in xs:
            canvas.line(x, top, x, y)
        canvas.setFont(body, 9)
        canvas.drawCentredString(GBT9704.size[0] / 2, GBT9704.bottom - 14 * mm, f"第 {page + 1} 页 共 {pages} 页")
        canvas.showPage()
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
