"""Printing through the services and the CLI: records, verification, certificates, exports."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime

import pytest

from desktop.cli import main
from desktop.errors import BranchdeskError
from desktop.services import certificates, paper
from desktop.services.branches import get_branch, save_branch
from tests.paper_support import (FOOTER, FakeResult, add_branches, font_problems, install_fake_meetings,
                                 install_fake_results, missing_glyphs, page_texts, squeeze)


def test_registry_sheet_is_recorded_and_verify_reports_changes(engine, tmp_path):
    ids = add_branches(engine, 45)
    path = tmp_path / "registry.pdf"
    result = paper.print_document(engine, "registry", {"year": 2025, "as_of": "2025-12-31"}, path, now=datetime(2026, 1, 5, 8, 0))
    texts = page_texts(path)
    assert result.pages == len(texts) >= 2
    flat = squeeze("".join(texts))
    assert all(f"测试{i:04d}社区党支部" in flat for i in range(45))
    assert all(FOOTER.search(squeeze(t)) and f"验证码：{result.code_text}" in squeeze(t) for t in texts)
    assert "书记未培训" in flat and missing_glyphs(flat) == set() and font_problems(path) == []

    found = paper.verify(engine, result.code_text.lower())
    assert found.changed is False and found.year == 2025 and found.pages == result.pages
    assert "支部基本情况表（2025 年），2026-01-05 08:00 打印，对象：全部党支部" in found.description
    assert "未变化" in found.description

    values = get_branch(engine, ids[3])
    values["name"] = "改名后的社区党支部"
    save_branch(engine, {k: v for k, v in values.items() if k not in ("id", "archived")}, ids[3])
    changed = paper.verify(engine, result.code)
    assert changed.changed is True and "已有变化" in changed.description
    assert paper.verify(engine, "XXXX-XXXX") is None


def test_summary_from_results_and_xlsx_has_the_same_rows(engine, tmp_path, monkeypatch):
    ids = add_branches(engine, 5)
    results = install_fake_results(monkeypatch, [FakeResult(i, f"测试{n:04d}社区党支部", "community", composite=90.0 + n) for n, i in enumerate(ids)])
    pdf = paper.print_document(engine, "summary", {"year": 2025}, tmp_path / "s.pdf")
    xlsx = paper.export_sheet(engine, "summary", {"year": 2025}, tmp_path / "s.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "支部名称", "类型")
    assert [r[1] for r in rows[1:6]] == [r.name for r in results] and rows[1][7] == 90
    assert rows[6][1] == "合计 5 个"
    assert "94" in squeeze(page_texts(tmp_path / "s.pdf")[0])
    results[0].composite = 70.0
    assert paper.verify(engine, pdf.code).changed is True


def test_score_sheets_and_ballots_record_prints(engine, tmp_path, monkeypatch):
    ids = add_branches(engine, 3)
    install_fake_meetings(monkeypatch)
    sheets = paper.print_document(engine, "score_sheets", {"year": 2025, "branch_ids": ids[:2], "copies": 2}, tmp_path / "score.pdf")
    assert sheets.pages == 4
    text = squeeze("".join(page_texts(tmp_path / "score.pdf")))
    assert "支委会已开10/12次，缺03、08".replace("03、08", "2025-03、2025-08") in text
    assert "2025年书记未登记参加培训" in text
    ballots = paper.print_document(engine, "ballots", {"year": 2025, "copies": 2, "ballot": "public"}, tmp_path / "b.pdf")
    assert ballots.pages == 3 and "每支部 2 张" in ballots.description
    assert paper.verify(engine, ballots.code).changed is False


def test_certificate_numbers_are_stable_on_reprint_and_revoked_ones_are_not_printed(engine, tmp_path, monkeypatch):
    ids = add_branches(engine, 4)
    results = install_fake_results(monkeypatch, [FakeResult(i, f"测试{n:04d}社区党支部", "community") for n, i in enumerate(ids)])
    results[3].standardized = False
    first = certificates.print_certificates(engine, 2025, "standardized", tmp_path / "c1.pdf", issued_on=date(2026, 3, 2))
    assert first.pages == 3 and len(set(first.codes)) == 3
    texts = [squeeze(t) for t in page_texts(tmp_path / "c1.pdf")]
    assert [t.split("证书编号：")[1][:10] for t in texts] == ["2025-标-001", "2025-标-002", "2025-标-003"]
    assert "中共测试0000社区党支部委员会：" in texts[0] and "二〇二六年三月" in texts[0]
    assert "中共和平街道工作委员会" in texts[0] and font_problems(tmp_path / "c1.pdf") == []

    results[3].standardized = True  # a new holder is numbered after the existing ones
    results[0].revoked = True
    again = certificates.print_certificates(engine, 2025, "standardized", tmp_path / "c2.pdf", branch_ids=[ids[1], ids[0], ids[3]])
    texts = [squeeze(t) for t in page_texts(tmp_path / "c2.pdf")]
    assert [t.split("证书编号：")[1][:10] for t in texts] == ["2025-标-002", "2025-标-004"]
    assert again.skipped == ("测试0000社区党支部（已撤销）",)
    lines = {line.branch_name: line for line in certificates.list_certificates(engine, 2025, "standardized")}
    assert lines["测试0000社区党支部"].status == "已撤销" and lines["测试0000社区党支部"].number == "2025-标-001"
    assert lines["测试0002社区党支部"].status == "已打印"
    with pytest.raises(BranchdeskError, match="已撤销"):
        certificates.print_certificates(engine, 2025, "standardized", tmp_path / "c3.pdf", branch_ids=[ids[0]])
    assert not (tmp_path / "c3.pdf").exists()
    # The revoked certificate's earlier print now verifies as changed; the others do not.
    assert paper.verify(engine, first.codes[0]).changed is True
    assert paper.verify(engine, first.codes[1]).changed is False
    with pytest.raises(BranchdeskError):  # a branch that holds a certificate is history
        from desktop.services.branches import delete_branch

        delete_branch(engine, ids[1])


def test_strongest_certificates_only_for_rated_branches(engine, tmp_path, monkeypatch):
    ids = add_branches(engine, 2)
    install_fake_results(monkeypatch, [FakeResult(ids[0], "a", "community", strongest_level="city"), FakeResult(ids[1], "b", "community")])
    result = certificates.print_certificates(engine, 2025, "strongest", tmp_path / "s.pdf")
    assert result.pages == 1 and "2025-强-001" in squeeze(page_texts(tmp_path / "s.pdf")[0])
    assert "“2025年度最强党支部”" in squeeze(page_texts(tmp_path / "s.pdf")[0])


def test_cli_report_and_verify_paper_exit_codes(db, tmp_path, capsys):
    add_branches(db.engine, 3)
    target = str(db.file)
    out = tmp_path / "r.pdf"
    assert main(["--db", target, "report", "registry", "--year", "2025", "-o", str(out)]) == 0
    code = capsys.readouterr().out.split("验证码：")[1].strip()
    assert out.exists()
    assert main(["--db", target, "verify-paper", code]) == 0
    assert "支部基本情况表" in capsys.readouterr().out
    assert main(["--db", target, "verify-paper", "AAAA-AAAA"]) == 1
    assert main(["--db", target, "report", "registry", "--year", "2025", "-o", str(tmp_path / "r.xlsx")]) == 0
    assert main(["--db", target, "report", "ballots", "--year", "2025", "-o", str(tmp_path / "b.pdf"), "--copies", "0"]) == 2
    assert "份数" in capsys.readouterr().err
    assert main(["--db", target, "report", "ballots", "--year", "2025", "-o", str(tmp_path / "b.doc")]) == 2
    assert main(["--db", target, "report", "registry", "--year", "2025", "-o", str(out), "--branch", "无此支部"]) == 2
    with pytest.raises(SystemExit) as usage:
        main(["--db", target, "report", "nonsense", "--year", "2025", "-o", str(out)])
    assert usage.value.code == 2


def test_models_match_the_migrated_schema(engine):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from desktop.models import Base

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_paper_core_imports_without_qt():
    code = ("import sys; import desktop.paper.certificates, desktop.paper.forms, desktop.paper.sheets, "
            "desktop.services.paper, desktop.services.certificates, desktop.commands.paper; "
            "assert 'PySide6' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
