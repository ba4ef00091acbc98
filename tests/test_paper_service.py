"""Printing through the services and the CLI: records, verification, certificates, exports."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime

import pytest

from desktop.cli import main
from desktop.services import documents
from desktop.services.branches import get_branch, save_branch
from tests.paper_support import FOOTER, add_branches, font_problems, missing_glyphs, page_texts, squeeze


def test_registry_sheet_is_recorded_and_verify_reports_changes(ws, tmp_path):
    ids = add_branches(ws, 45)
    path = tmp_path / "registry.pdf"
    result = documents.print_document(ws, "registry", {"year": 2025, "as_of": "2025-12-31"}, path, now=datetime(2026, 1, 5, 8, 0))
    texts = page_texts(path)
    assert result.pages == len(texts) >= 2
    flat = squeeze("".join(texts))
    assert all(f"测试{i:04d}社区党支部" in flat for i in range(45))
    assert all(FOOTER.search(squeeze(t)) and f"验证码：{result.code_text}" in squeeze(t) for t in texts)
    assert "书记未培训" in flat and missing_glyphs(flat) == set() and font_problems(path) == []

    found = documents.verify(ws, result.code_text.lower())
    assert found.changed is False and found.year == 2025 and found.pages == result.pages
    assert "支部基本情况表（2025 年），2026-01-05 08:00 打印，对象：全部党支部" in found.description
    assert "未变化" in found.description

    values = get_branch(ws, ids[3])
    values["name"] = "改名后的社区党支部"
    save_branch(ws, {k: v for k, v in values.items() if k not in ("id", "archived")}, ids[3])
    changed = documents.verify(ws, result.code)
    assert changed.changed is True and "已有变化" in changed.description
    # The renamed branch is gone under its printed name and new under its new one; nothing else moved
    # (the 序号 of the rows after it did not move either: the order is by name, and 序号 is never compared).
    assert changed.lines() == ["已不在表中：测试0003社区党支部", "新增：改名后的社区党支部"]
    assert "共 2 处" in changed.description
    assert documents.verify(ws, "XXXX-XXXX") is None


def test_cli_report_and_verify_paper_exit_codes(db, tmp_path, capsys):
    add_branches(db.workspace, 3)
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


def test_models_match_the_migrated_schema(ws):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from desktop.models import Base

    with ws.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_paper_core_imports_without_qt():
    code = ("import sys; import desktop.paper.certificates, desktop.paper.forms, desktop.paper.sheets, "
            "desktop.services.paper, desktop.services.certificates, desktop.commands.paper; "
            "assert 'PySide6' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_verification_code_spells_its_number_in_the_code_alphabet():
    from desktop.services.prints import _CODES, CODE_ALPHABET, CODE_LENGTH, _code, new_codes

    assert _code(0) == CODE_ALPHABET[0] * CODE_LENGTH
    assert _code(_CODES - 1) == CODE_ALPHABET[-1] * CODE_LENGTH
    assert _code(1) == CODE_ALPHABET[1] + CODE_ALPHABET[0] * (CODE_LENGTH - 1)
    sample = range(0, _CODES, _CODES // 5000)
    assert len({_code(n) for n in sample}) == len(sample)  # one number, one code

    class NoneTaken:  # a session whose print records hold no code yet
        def scalars(self, _query):
            return []

    drawn = new_codes(NoneTaken(), 2000)
    assert len(set(drawn)) == 2000
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in drawn)
    # every letter turns up in every position: the draw covers the alphabet
    assert all({c[i] for c in drawn} == set(CODE_ALPHABET) for i in range(CODE_LENGTH))


@pytest.mark.parametrize(("typed", "shown"), [
    ("ａｂｃｄ－ｅｆｇｈ", "ABCD-EFGH"),  # an input method's full-width letters and dash, lower case
    ("  ＱＱＱ ｑｑ  ", "QQQQQ"),  # not a printed code's length: still as looked up
    ("１２３４\u30004567", "1234-4567"),  # full-width digits and an ideographic space
])
def test_cli_echoes_an_unknown_code_as_looked_up(db, capsys, typed, shown):
    add_branches(db.workspace, 1)
    assert main(["--db", str(db.file), "verify-paper", typed]) == 1
    assert capsys.readouterr().out == f"验证码 {shown} 不存在：本数据库中没有这份文件的打印记录。\n"
