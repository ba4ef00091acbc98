"""One order of branch names in every file and output: a printed summary (read back with
pdftotext), the Excel exports, the command line's JSON, and the order certificate numbers are
handed out in. The window's lists are checked against the same order in tests/ui/test_one_order_window.py."""

from __future__ import annotations

import json
import subprocess
from datetime import date

from desktop.cli import main
from desktop.rules.scoring import Tally
from desktop.services import branch_import, certificates, documents, meetings, results, settings, tallies, workflow
from desktop.services.tallies import TallyForm
from tests.paper_support import squeeze
from tests.services.helpers import add_branch

YEAR = 2025
ISSUER = "中共测试街道工作委员会"
# Entered in this order; character codes would list them 丙 乙 和幸街 和平…第二 和平…第十 和街幸 河西 甲.
ENTERED = ["乙社区党支部", "和幸街社区党支部", "甲社区党支部", "和平社区第十党支部", "河西村党支部", "丙社区党支部",
           "和平社区第二党支部", "和街幸社区党支部"]
# The one order: bing, he-jie, he-ping (二 before 十), he-xing, 河 after every 和, jia, yi.
ORDER = ["丙社区党支部", "和街幸社区党支部", "和平社区第二党支部", "和平社区第十党支部", "和幸街社区党支部", "河西村党支部",
         "甲社区党支部", "乙社区党支部"]
HOLDERS = ["和幸街社区党支部", "甲社区党支部", "河西村党支部", "和街幸社区党支部"]  # accepted, in no particular order
GOOD = Tally(participants=10, excellent=9, qualified=1, basic=0, unqualified=0, satisfied=40, public_basic=0, dissatisfied=0)


def seed_street(ws) -> dict[str, int]:
    """The branches entered in ENTERED's order; HOLDERS accepted as standardized in YEAR."""
    settings.save(ws, [settings.Change("issuer_name", ISSUER, YEAR)])
    ids = {name: add_branch(ws, name) for name in ENTERED}
    for name in HOLDERS:
        tallies.save_tally(ws, ids[name], YEAR, TallyForm(tally=GOOD, review_grade="excellent", org_score_override=100))
        for state in ("self_assessed", "applied", "assessed", "accepted"):
            workflow.record_step(ws, ids[name], YEAR, state, date(YEAR, 7, 1), "党建办",
                                 outcome="pass" if state in ("assessed", "accepted") else None)
    return ids


def in_text_order(text: str, names: list[str]) -> list[str]:
    """The names as they come in a text, each by its first place."""
    return sorted(names, key=text.index)


def test_services_list_branches_in_the_one_order(ws):
    assert sorted(ORDER) != ORDER  # character codes would fail every test here
    seed_street(ws)
    assert [r.name for r in results.year_results(ws, YEAR)] == ORDER
    assert [name for _id, name in meetings.branch_choices(ws)] == ORDER  # the bulk-entry list


def test_printed_summary_lists_the_one_order(ws, tmp_path):
    seed_street(ws)
    documents.print_document(ws, "summary", {"year": YEAR}, tmp_path / "summary.pdf")
    # Reading order keeps a name wrapped in its cell together (-layout would interleave the columns).
    text = squeeze(subprocess.run(["pdftotext", str(tmp_path / "summary.pdf"), "-"], check=True,
                                  capture_output=True, text=True).stdout)
    assert all(name in text for name in ORDER)
    assert in_text_order(text, ORDER) == ORDER


def test_excel_exports_list_the_one_order(ws, tmp_path):
    from openpyxl import load_workbook

    seed_street(ws)
    branch_import.export_branches(ws, tmp_path / "branches.xlsx")
    summary = documents.export_sheet(ws, "summary", {"year": YEAR}, tmp_path / "summary.xlsx")
    results.export_results(ws, YEAR, tmp_path / "results.xlsx")
    for path in (tmp_path / "branches.xlsx", summary, tmp_path / "results.xlsx"):
        sheet = load_workbook(path, read_only=True).active
        names = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell in ORDER]
        assert names == ORDER, path.name


def test_meetings_export_lists_each_day_in_the_one_order(ws, tmp_path):
    from openpyxl import load_workbook

    from desktop.services import meeting_import
    from tests.meeting_helpers import add_meeting

    ids = seed_street(ws)
    for day in (date(YEAR, 3, 5), date(YEAR, 3, 4)):
        for name in ENTERED:
            add_meeting(ws, ids[name], "theme_day", day, topic="主题党日")
    meeting_import.export_meetings(ws, tmp_path / "meetings.xlsx", YEAR)
    rows = list(load_workbook(tmp_path / "meetings.xlsx", read_only=True).active.iter_rows(values_only=True))[1:]
    assert [row[0] for row in rows] == ORDER + ORDER  # by day, and within a day in the one order


def test_command_line_json_lists_the_one_order(db, capsys):
    seed_street(db.workspace)
    assert main(["--db", str(db.file), "check", "--year", str(YEAR), "--json"]) == 0
    assert [b["name"] for b in json.loads(capsys.readouterr().out)["branches"]] == ORDER


def test_certificate_numbers_are_handed_out_in_the_one_order(ws, tmp_path):
    seed_street(ws)
    certificates.print_certificates(ws, YEAR, "standardized", tmp_path / "certs.pdf", issued_on=date(YEAR + 1, 3, 2))
    lines = certificates.list_certificates(ws, YEAR, "standardized")
    holders = [name for name in ORDER if name in HOLDERS]
    assert [(line.branch_name, line.number) for line in lines] == [
        (name, f"{YEAR}-标-{serial:03d}") for serial, name in enumerate(holders, start=1)]
    pages = subprocess.run(["pdftotext", str(tmp_path / "certs.pdf"), "-"], check=True, capture_output=True,
                           text=True).stdout.split("\f")
    assert [next(n for n in holders if n in squeeze(page)) for page in pages if squeeze(page)] == holders
