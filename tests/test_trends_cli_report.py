"""`branchdesk chart`, `branchdesk targets` and the 趋势分析报告 PDF, read back."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from argparse import Namespace
from datetime import date

import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.commands.trends import run_trends_report
from desktop.rules.targets import shortfall
from desktop.services import documents, trends
from desktop.services.trends_report import trends_report


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """The street demo (60 branches, ten years of meetings, scores and workflow), made once."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    assert main(["--db", str(path), "demo", "--scale", "street"]) == 0
    return path


@pytest.fixture
def street(demo_file, tmp_path):
    """A private copy of the demo per test: the CLI writes print records and targets."""
    from desktop.store.database import open_database

    copy = tmp_path / "street.sqlite3"
    shutil.copyfile(demo_file, copy)
    database = open_database(str(copy))
    yield database
    database.close()


@pytest.mark.parametrize("name", trends.CHART_NAMES)
def test_chart_command_writes_each_chart(street, tmp_path, name, capsys):
    out = tmp_path / f"{name}.svg"
    year = date.today().year
    code = main(["--db", str(street.file), "chart", name, "--from", str(year - 2), "--to", str(year), "-o", str(out), "--kind", "社区"])
    assert code == 0 and out.stat().st_size > 1000
    assert out.read_text(encoding="utf-8").startswith("<?xml")
    assert "已导出" in capsys.readouterr().out


def test_chart_command_usage_errors(street, tmp_path, capsys):
    assert main(["--db", str(street.file), "chart", "standardized", "--from", "2025", "--to", "2022", "-o", str(tmp_path / "a.png")]) == 2
    assert "晚于" in capsys.readouterr().err
    assert main(["--db", str(street.file), "chart", "standardized", "-o", str(tmp_path / "a.gif")]) == 2
    assert ".png" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["chart", "pie", "-o", "x.png"])
    assert exit_.value.code == 2


def test_targets_json(street, capsys):
    year = date.today().year
    assert main(["--db", str(street.file), "targets", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["year"] == year
    assert [t["year"] for t in payload["targets"]][:4] == [2022, 2023, 2024, 2025]
    assert payload["targets"][3]["standardized_share"] == 0.9
    standing = payload["standing"]
    active = _active(street)
    assert standing["active"] == active
    assert standing["standardized_shortfall"] == shortfall(0.9, active, standing["standardized"])
    assert sum(standing["states"].values()) == active


def test_targets_text(street, capsys):
    assert main(["--db", str(street.file), "targets"]) == 0
    out = capsys.readouterr().out
    assert "2025        90%      50%" in out and f"在册支部 {_active(street)} 个" in out


def _active(database) -> int:
    from sqlalchemy import func, select

    from desktop.models import Branch

    with database.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(Branch).where(Branch.archived_at.is_(None)))


def test_report_holds_every_chart_and_its_figures(street, tmp_path):
    year = date.today().year
    result = trends_report(street.workspace, year - 3, year, tmp_path / "趋势.pdf", kind="community")
    reader = PdfReader(result.path)
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    assert "趋势分析报告" in text and f"{year - 3}—{year} 年" in text
    for name in trends.REPORT_CHARTS:
        data = trends.chart_data(street.workspace, name, year - 3, year, kind="community")
        assert data.title in text
        for cell in data.table_rows[0]:
            assert cell in text
    for number, page in enumerate(pages, start=1):
        assert f"第 {number} 页 共 {len(pages)} 页" in page
        assert re.search(r"生成时间：\d{4}-\d\d-\d\d \d\d:\d\d", page)
        assert f"验证码：{result.code_text}" in page
    assert result.pages == len(pages)
    assert documents.verify(street.workspace, result.code).changed is False
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            assert descriptor is not None and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
            fonts.add(font["/BaseFont"])
    assert fonts and not any("Helvetica" in f for f in fonts)


def test_report_handler_for_the_report_command(street, tmp_path, capsys):
    year = date.today().year
    out = tmp_path / "r.pdf"
    args = Namespace(db=str(street.file), from_year=year - 1, to_year=year, output=str(out), branch_kind="社区")
    assert run_trends_report(args) == 0
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "社区落实率" in text and "已生成趋势分析报告" in capsys.readouterr().out


def test_report_arguments_hook(tmp_path):
    import argparse

    from desktop.commands.common import add_report_arguments

    parser = argparse.ArgumentParser()
    add_report_arguments(parser)
    args = parser.parse_args(["--from", "2022", "--to", "2025", "--branch-kind", "village"])
    assert (args.from_year, args.to_year, args.branch_kind) == (2022, 2025, "village")


def test_report_as_word_has_every_chart_as_a_picture_and_its_table(street, tmp_path, capsys):
    from docx import Document

    year = date.today().year
    out = tmp_path / "趋势.docx"
    assert main(["--db", str(street.file), "report", "trends", "--from", str(year - 3), "--to", str(year), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "已导出" in said and "验证码" not in said
    word = Document(str(out))
    assert word.paragraphs[0].text == "趋势分析报告"
    assert len(word.inline_shapes) == len(trends.REPORT_CHARTS)
    data = trends.chart_data(street.workspace, trends.REPORT_CHARTS[0], year - 3, year)
    # Two tables of the year's standing, then one per chart with the chart's own header and rows.
    tables = word.tables
    assert len(tables) == 2 + len(trends.REPORT_CHARTS)
    assert [c.text for c in tables[2].rows[0].cells] == list(data.table_header)
    assert [[c.text for c in row.cells] for row in tables[2].rows[1:]] == [list(r) for r in data.table_rows]
    with street.workspace.read() as session:  # an editable copy is not a print: nothing recorded
        from sqlalchemy import func, select

        from desktop.models import PrintRecord

        assert session.scalar(select(func.count()).select_from(PrintRecord)) == 0


def test_a_year_without_data_reads_no_data_in_the_report_and_its_word_copy(street, tmp_path):
    """Years before the demo's first creation step: 无数据 in the printed tables, never 0%."""
    from docx import Document

    from desktop.services.trends_report import trends_word

    year = date.today().year
    first = year - 14
    data = trends.chart_data(street.workspace, "standardized", first, year)
    empty = [row for row in data.table_rows if row[3] == "无数据"]
    assert empty and empty[0][0] == str(first) and data.series[0].points[0].value is None
    assert any(row[3] not in ("无数据", "0%") for row in data.table_rows)  # the demo's own years have figures
    result = trends_report(street.workspace, first, year, tmp_path / "趋势.pdf")
    layout = subprocess.run(["pdftotext", "-layout", str(result.path), "-"], check=True, capture_output=True, text=True)
    printed = [line.split() for line in layout.stdout.splitlines() if line.split()[:1] == [str(first)]]
    # Its row in the 标准化 and 最强 tables (年度 支部数 达到 占比 目标 尚差): no share, no 0%. (Its
    # 组织生活 row may say 0%: branches were there and meetings were due.)
    assert printed[:2] == [list(empty[0])] * 2, printed
    word = Document(str(trends_word(street.workspace, first, year, tmp_path / "趋势.docx")))
    cells = [[c.text for c in row.cells] for row in word.tables[2].rows]
    assert cells[0] == list(data.table_header) and [*empty[0]] in cells
