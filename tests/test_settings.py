"""单位设置: declared settings, per-year history, `branchdesk settings`, and the prints that refuse
while the street's committee has no name."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from desktop.cli import main
from desktop.errors import BranchdeskError
from desktop.services import certificates, documents, settings
from desktop.services.settings import Change
from tests.paper_support import page_texts, squeeze
from tests.test_paper_real import _scored_street

THIS_YEAR = date.today().year


def counts(path) -> dict[str, int]:
    """Rows of the tables a refused command must leave alone."""
    with sqlite3.connect(path) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("setting", "setting_year", "print_record", "certificate")}


# ---------------------------------------------------------------- the rules of a per-year value


def test_a_per_year_value_holds_from_its_year_until_set_again():
    history = [(2026, "乙"), (2024, "甲")]
    assert [settings.in_force(history, y) for y in (2020, 2023, 2024, 2025, 2026, 2040)] == ["甲", "甲", "甲", "甲", "乙", "乙"]
    assert settings.in_force([], 2025) is None


def test_a_certificate_reprinted_after_the_committee_was_renamed_keeps_its_years_issuer(ws, tmp_path):
    _branches, *_ = _scored_street(ws, 2024, issuer="中共和平街道工作委员会")
    settings.save(ws, [Change("issuer_name", "中共和平街道党工委（更名后）", 2026)])
    assert settings.get(ws, "issuer_name", 2024) == "中共和平街道工作委员会"
    assert settings.get(ws, "issuer_name", 2027) == "中共和平街道党工委（更名后）"
    certificates.print_certificates(ws, 2024, "standardized", tmp_path / "c.pdf", issued_on=date(2027, 1, 5))
    text = squeeze(page_texts(tmp_path / "c.pdf")[0])
    assert "中共和平街道工作委员会" in text and "更名后" not in text


def test_a_new_database_has_no_names_and_no_default_issuer(ws):
    assert [view.value for view in settings.listing(ws)] == [None] * len(settings.DECLARED)
    assert settings.get(ws, "issuer_name", 2025) is None
    with pytest.raises(BranchdeskError, match="单位设置"):
        settings.require(ws, "issuer_name", 2025)


@pytest.mark.parametrize(("key", "value", "message"), [
    ("issuer_name", "   ", "不能为空"),
    ("subdistrict_name", "", "不能为空"),
    ("issuer_name", "中共\n街道", "一行文字"),
    ("issuer_name", "中共街道\x0b工委", "一行文字"),
    ("issuer_name", "党" * 61, "最多 60 个字"),
    ("preparer_name", "王" * 21, "最多 20 个字"),
    ("issuer_name", 2025, "应为文字"),
    ("seal_colour", "红", "没有名为“seal_colour”的设置"),
])
def test_bad_values_are_refused_and_nothing_is_written(db, key, value, message):
    settings.save(db.workspace, [Change("subdistrict_name", "和平街道")])
    before = counts(db.file)
    with pytest.raises(BranchdeskError, match=message):
        # A good change in the same save is not written either: one transaction or nothing.
        settings.save(db.workspace, [Change("reviewer_name", "李四", 2025), Change(key, value, None)])
    assert counts(db.file) == before
    assert settings.get(db.workspace, "reviewer_name", 2025) is None


def test_boundaries_of_a_name_and_of_the_year(ws):
    settings.save(ws, [Change("issuer_name", "党" * 60, 2000), Change("preparer_name", "", 2100)])
    assert settings.get(ws, "issuer_name", 2000) == "党" * 60
    assert settings.get(ws, "preparer_name", 2100) is None  # blank: a line to sign on
    for year in (1999, 2101):
        with pytest.raises(BranchdeskError, match="2000–2100"):
            settings.save(ws, [Change("issuer_name", "中共甲街道工作委员会", year)])
    with pytest.raises(BranchdeskError, match="不按年度保存"):
        settings.save(ws, [Change("subdistrict_name", "和平街道", 2025)])


def test_an_optional_name_may_be_cleared_from_a_year_on(ws):
    settings.save(ws, [Change("preparer_name", "王丽华", 2024)])
    settings.save(ws, [Change("preparer_name", " ", 2026)])
    assert (settings.get(ws, "preparer_name", 2025), settings.get(ws, "preparer_name", 2026)) == ("王丽华", None)


# ---------------------------------------------------------------- the command line


def test_settings_command_lists_sets_and_keeps_the_history(db, capsys):
    target = str(db.file)
    assert main(["--db", target, "settings", "set", "subdistrict_name", "和平街道"]) == 0
    assert main(["--db", target, "settings", "set", "issuer_name", "中共和平街道工作委员会", "--year", "2024"]) == 0
    assert main(["--db", target, "settings", "set", "issuer_name", "中共和平街道党工委", "--year", "2026"]) == 0
    assert "自 2026 年起" in capsys.readouterr().out
    assert main(["--db", target, "settings", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    by_key = {entry["key"]: entry for entry in payload["settings"]}
    assert list(by_key) == list(settings.ALL)  # the names, then the rewards amounts
    assert by_key["subdistrict_name"] == {"key": "subdistrict_name", "label": "街道名称", "type": "text",
                                          "per_year": False, "value": "和平街道", "history": []}
    assert by_key["issuer_name"]["history"] == [{"from_year": 2024, "value": "中共和平街道工作委员会"},
                                                {"from_year": 2026, "value": "中共和平街道党工委"}]
    assert by_key["issuer_name"]["value"] == settings.get(db.workspace, "issuer_name", THIS_YEAR)
    assert by_key["preparer_name"] == {"key": "preparer_name", "label": "制表人", "type": "text", "per_year": True,
                                       "value": None, "history": []}
    assert main(["--db", target, "settings"]) == 0
    text = capsys.readouterr().out
    assert "街道名称（subdistrict_name）：和平街道" in text and "    2024 年起：中共和平街道工作委员会" in text
    assert "制表人（preparer_name，按年度）：（未设置）" in text


def test_settings_set_without_a_year_holds_from_this_year(db, capsys):
    assert main(["--db", str(db.file), "settings", "set", "reviewer_name", "李建国"]) == 0
    assert settings.listing(db.workspace)[-1].history == ((THIS_YEAR, "李建国"),)


@pytest.mark.parametrize(("argv", "message"), [
    (["set", "seal_colour", "红"], "没有名为“seal_colour”的设置"),
    (["set", "issuer_name", ""], "不能为空"),
    (["set", "issuer_name", "党" * 61], "最多 60 个字"),
    (["set", "subdistrict_name", "和平街道", "--year", "2025"], "不按年度保存"),
])
def test_settings_set_refusals_exit_2_and_write_nothing(db, capsys, argv, message):
    before = counts(db.file)
    assert main(["--db", str(db.file), "settings", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert counts(db.file) == before


def test_settings_set_with_a_year_out_of_range_is_a_usage_error(db, capsys):
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(db.file), "settings", "set", "issuer_name", "中共甲街道工作委员会", "--year", "1999"])
    assert usage.value.code == 2 and "2000–2100" in capsys.readouterr().err


# ---------------------------------------------------------------- prints that name the committee


def test_certificates_refuse_without_an_issuer_and_write_nothing(db, tmp_path, capsys):
    _scored_street(db.workspace, issuer=None)
    before = counts(db.file)
    out = tmp_path / "cert.pdf"
    assert main(["--db", str(db.file), "report", "certificates", "--year", "2025", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "尚未设置“党工委全称”" in err and "单位设置" in err and "branchdesk settings set issuer_name" in err
    assert not out.exists() and list(tmp_path.glob("*.pdf")) == []
    assert counts(db.file) == before  # no certificate number handed out, no print record


def test_summary_sheet_refuses_without_an_issuer_but_exports_and_verifies(db, tmp_path, capsys):
    _scored_street(db.workspace, issuer=None)
    before = counts(db.file)
    out = tmp_path / "summary.pdf"
    assert main(["--db", str(db.file), "report", "summary", "--year", "2025", "-o", str(out)]) == 2
    assert "尚未设置“党工委全称”" in capsys.readouterr().err
    assert not out.exists() and counts(db.file) == before
    # The Excel rows name nobody: they are still there to check.
    assert main(["--db", str(db.file), "report", "summary", "--year", "2025", "-o", str(tmp_path / "s.xlsx")]) == 0
    settings.save(db.workspace, [Change("issuer_name", "中共测试街道工作委员会", 2025)])
    printed = documents.print_document(db.workspace, "summary", {"year": 2025}, out)
    assert documents.verify(db.workspace, printed.code).changed is False


def test_trends_report_refuses_without_the_street_name(db, tmp_path, capsys):
    out = tmp_path / "trends.pdf"
    assert main(["--db", str(db.file), "report", "trends", "--from", "2024", "--to", "2025", "-o", str(out)]) == 2
    assert "尚未设置“街道名称”" in capsys.readouterr().err
    assert not out.exists() and counts(db.file)["print_record"] == 0
    settings.save(db.workspace, [Change("subdistrict_name", "光明街道")])
    assert main(["--db", str(db.file), "report", "trends", "--from", "2024", "--to", "2025", "-o", str(out)]) == 0
    assert "光明街道·2024—2025年" in squeeze(page_texts(out)[0])


def test_demo_names_its_own_street(tmp_path, capsys):
    path = tmp_path / "demo.sqlite3"
    assert main(["--db", str(path), "demo"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "settings", "--json"]) == 0
    values = {e["key"]: e["value"] for e in json.loads(capsys.readouterr().out)["settings"]}
    assert values["subdistrict_name"] == "和平街道" and values["issuer_name"] == "中共和平街道工作委员会"
    assert values["preparer_name"] and values["reviewer_name"] and values["district_department_name"]


def test_demo_keeps_the_names_the_clerk_already_gave(tmp_path, capsys):
    """The window's start page asks for the names before it offers the demo: the demo fills in only the others."""
    path = tmp_path / "demo.sqlite3"
    assert main(["--db", str(path), "settings", "set", "subdistrict_name", "光明街道"]) == 0
    assert main(["--db", str(path), "settings", "set", "preparer_name", ""]) == 0  # a blank line to sign on, chosen
    assert main(["--db", str(path), "demo"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "settings", "--json"]) == 0
    values = {e["key"]: e["value"] for e in json.loads(capsys.readouterr().out)["settings"]}
    assert values["subdistrict_name"] == "光明街道" and values["preparer_name"] is None
    assert values["issuer_name"] == "中共和平街道工作委员会" and values["reviewer_name"]


# ---------------------------------------------------------------- the migration


def test_migration_moves_a_stored_issuer_into_the_per_year_history_and_back(tmp_path):
    from alembic import command

    from desktop.store import migrate
    from desktop.store.database import open_database

    path = tmp_path / "older.sqlite3"
    db = open_database(str(path))
    settings.save(db.workspace, [Change("issuer_name", "中共甲街道工作委员会", 2024), Change("issuer_name", "中共乙街道工作委员会", 2026)])
    config = migrate._config()
    with db.engine.connect() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0005")
    db.close()
    with sqlite3.connect(path) as conn:
        # Going back keeps the earliest name where revision 0005 kept it.
        assert conn.execute("SELECT value FROM setting WHERE key = 'issuer_name'").fetchall() == [('"中共甲街道工作委员会"',)]
        conn.execute("UPDATE setting SET value = '\"中共旧街道工作委员会\"' WHERE key = 'issuer_name'")
        conn.execute("INSERT INTO setting (key, value) VALUES ('subdistrict_name', '\"旧街道\"')")
    db = open_database(str(path))
    try:
        assert settings.get(db.workspace, "issuer_name", 2000) == settings.get(db.workspace, "issuer_name", 2030) == "中共旧街道工作委员会"
        assert settings.get(db.workspace, "subdistrict_name") == "旧街道"
    finally:
        db.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT key FROM setting").fetchall() == [("subdistrict_name",)]


# ---------------------------------------------------------------- an amount is a finite number

@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "Infinity", "1_000", "1,5", float("nan"), float("inf")])
def test_an_amount_that_is_not_a_plain_number_is_refused_by_name(ws, value):
    with pytest.raises(BranchdeskError) as refused:
        settings.save(ws, [Change("standardized_bonus", value, 2026)])
    assert refused.value.message == "“标准化规范化一次性专项绩效奖励（元）”应为数字，如 0。"
    assert settings.amounts(ws, 2026)["standardized_bonus"] == 0.0


@pytest.mark.parametrize("value", ["1e400", 10**400, "150", 150.0])
def test_an_amount_too_large_is_out_of_range_never_inf(ws, value):
    with pytest.raises(BranchdeskError, match="应在 0–100 之间"):
        settings.save(ws, [Change("strongest_bonus_percent", value, 2026)])
    assert settings.amounts(ws, 2026)["strongest_bonus_percent"] == 10.0


def test_full_width_digits_are_an_amount(ws):
    settings.save(ws, [Change("strongest_bonus_percent", " １２.５ ", 2026)])
    assert settings.amounts(ws, 2026)["strongest_bonus_percent"] == 12.5


def test_a_stored_nan_reads_as_not_set(db):
    settings.save(db.workspace, [Change("strongest_bonus_percent", "12", 2026)])
    for stored in ("NaN", "Infinity", "1e400"):
        with sqlite3.connect(db.file) as conn:
            conn.execute("UPDATE setting_year SET value = ? WHERE key = 'strongest_bonus_percent'", (stored,))
        assert settings.amounts(db.workspace, 2026)["strongest_bonus_percent"] == 10.0
