"""The demo step logs ten years of meetings for every branch, with some gaps and quorum failures."""

from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.models import Branch, Meeting
from desktop.services import demo
from desktop.services.check import check

TODAY = date(2026, 11, 28)


def test_street_demo_has_meetings_gaps_and_quorum_failures(ws):
    demo.generate(ws, "street", seed=3, today=TODAY)
    with ws.read() as s:
        branches = s.scalar(select(func.count()).select_from(Branch))
        with_meetings = s.scalar(select(func.count(Meeting.branch_id.distinct())))
        first, last = s.execute(select(func.min(Meeting.held_on), func.max(Meeting.held_on))).one()
        committee_without = s.scalar(
            select(func.count()).select_from(Meeting).join(Branch, Branch.id == Meeting.branch_id)
            .where(Meeting.meeting_type == "committee_meeting", Branch.has_committee.is_not(True))
        )
    assert with_meetings == branches
    assert first.year == TODAY.year - 9 and last <= TODAY
    assert committee_without == 0
    codes = [f["code"] for b in check(ws, 2025, date(2025, 12, 31))["branches"] for f in b["findings"]]
    assert "meeting_gap" in codes and "quorum_not_met" in codes
    gaps = sum(1 for b in check(ws, 2025, date(2025, 12, 31))["branches"]
               if any(f["code"] == "meeting_gap" for f in b["findings"]))
    assert 0 < gaps < branches  # some gaps, not everywhere


def test_city_scale_is_ten_thousand_branches_with_three_years_of_meetings(ws, monkeypatch):
    assert demo.SCALES["city"] == 10_000
    monkeypatch.setitem(demo.SCALES, "city", 40)  # the same steps, at a size a test can afford
    assert demo.generate(ws, "city", seed=2, today=TODAY) == 40
    with ws.read() as s:
        first, last = s.execute(select(func.min(Meeting.held_on), func.max(Meeting.held_on))).one()
        with_meetings = s.scalar(select(func.count(Meeting.branch_id.distinct())))
    assert first.year == TODAY.year - 2 and last <= TODAY
    assert with_meetings == 40


def test_city_scale_is_offered_by_the_command(tmp_path, monkeypatch, capsys):
    from desktop.cli import main

    with pytest.raises(SystemExit):  # --help prints and exits, as argparse does
        main(["demo", "--help"])
    shown = " ".join(capsys.readouterr().out.split())  # argparse wraps the help line
    assert "{city,district,street}" in shown and "city ≈ 10000 个" in shown
    monkeypatch.setitem(demo.SCALES, "city", 12)
    assert main(["--db", str(tmp_path / "city.sqlite3"), "demo", "--scale", "city"]) == 0
    assert "12 个支部" in capsys.readouterr().out
