"""A laptop loop on the demo street, made with the services, for the windows that show one (the
merge preview, the conflict chooser, the list of check-outs): the office is a copy of the demo
database with a new session, the laptop a second database. One scorer's part goes out, is opened
on the laptop and cancelled (U 盘遗失); both sides then change cells, so the return has conflicts;
a second scorer's part stays out."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.services import branches, checkout, laptop, scoring
from desktop.services.merge_choices import Preview, preview
from desktop.store import pairing
from desktop.store.database import open_database
from tests.services.checkout_helpers import CHEAP, place

SCORERS = ["王建国", "李明", "张红", "陈志强"]


@dataclass
class LaptopDemo:
    session_id: int
    shown: Preview  # the return's dry run, as 带回评分 shows it
    checkouts: list[checkout.CheckoutView]


def make_laptop_demo(demo_file: Path, folder: Path, year: int) -> LaptopDemo:
    cost, pairing.KDF = pairing.KDF, CHEAP  # the real Argon2id, cheaply: a picture, not a secret
    try:
        return _loop(demo_file, folder, year)
    finally:
        pairing.KDF = cost


def _loop(demo_file: Path, folder: Path, year: int) -> LaptopDemo:
    (folder / "office").mkdir()
    shutil.copy(demo_file, folder / "office" / "branchdesk.sqlite3")  # the demo is closed: no -wal beside it
    office = open_database(str(folder / "office" / "branchdesk.sqlite3"))
    lap = place(folder, "laptop")
    try:
        ws = office.workspace
        branch_ids = [b.id for b in branches.list_branches(ws, year + 1, date(year + 1, 12, 31))]
        session_id = scoring.create_session(ws, year + 1, f"{year + 1}年度述职评议考核", date(year + 1, 12, 20),
                                            branch_ids, SCORERS)
        made = checkout.export_part(ws, session_id, folder / f"{SCORERS[0]}.bdsession", [SCORERS[0]])
        checkout.export_part(ws, session_id, folder / f"{SCORERS[1]}.bdsession", [SCORERS[1]])
        opened = laptop.open_package(lap.ws, made.file, made.code)
        checkout.cancel(ws, session_id, "U 盘遗失", [SCORERS[0]])
        on_laptop = scoring.load_grid(lap.ws, opened.session_id)
        items = on_laptop.rubric.items
        scorer_id = next(i for i, name in on_laptop.scorers if name == SCORERS[0])
        for row, (branch_id, _name) in enumerate(on_laptop.branches[:24]):
            for item in items[:3]:
                points = item.max_points if row % 2 == 0 else item.max_points / 2
                scoring.save_score(lap.ws, opened.session_id, (scorer_id, branch_id, item.id), points)
        in_office = scoring.load_grid(ws, session_id)
        office_scorer = next(i for i, name in in_office.scorers if name == SCORERS[0])
        for branch_id, _name in in_office.branches[:3]:  # changed on both sides after the cancel
            item = in_office.rubric.items[0]
            scoring.save_score(ws, session_id, (office_scorer, branch_id, item.id), 0.0)
        back = laptop.make_return(lap.ws, opened.session_id, folder / "评分结果.bdsession")
        return LaptopDemo(session_id, preview(ws, back.file), checkout.checkouts(ws, session_id))
    finally:
        lap.db.close()
        office.close()
