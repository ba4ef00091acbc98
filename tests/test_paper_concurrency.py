"""Two writers numbering certificates and taking verification codes at the same time: the unique
constraints decide and the loser runs again on what the winner stored, so no serial, number or
code is handed out twice and the serials have no gaps."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, insert, select

from desktop.models import Certificate, PrintRecord
from desktop.services import certificates, paper_sources, prints, settings
from desktop.services.settings import Change
from tests.paper_support import add_branches, result
from tests.workspaces import second_workspace

YEAR = 2025


def run_together(*actions) -> None:
    """Run the actions on their own threads, released at the same moment; re-raise any failure."""
    barrier, errors = threading.Barrier(len(actions)), []

    def run(action):
        barrier.wait()
        try:
            action()
        except BaseException as error:  # noqa: BLE001 - handed to the test thread below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


@pytest.fixture
def two_engines(db):
    engines = [second_workspace(db.file), second_workspace(db.file)]
    yield engines
    for ws in engines:
        ws.engine.dispose()


def test_two_writers_number_certificates_without_duplicates_or_gaps(db, two_engines, monkeypatch, tmp_path):
    settings.save(db.workspace, [Change("issuer_name", "中共和平街道工作委员会", YEAR)])
    holders: list[int] = []
    names: dict[int, str] = {}
    monkeypatch.setattr(paper_sources, "year_results", lambda _engine, _year, ids=None: [
        result(i, names[i], "community") for i in list(holders) if ids is None or i in ids])
    # The allocation is under test, not the drawing: a batch "draws" one page per certificate.
    monkeypatch.setattr(certificates, "write_certificates", lambda _path, pages, *_args: len(pages))
    batches: list[prints.PrintResult] = []
    for round_number in range(12):
        new = add_branches(db.workspace, 4, prefix=f"第{round_number:02d}轮")
        names.update({i: f"第{round_number:02d}轮{n:04d}社区党支部" for n, i in enumerate(new)})
        holders.extend(new)
        run_together(*[
            lambda ws=ws, n=n, round_number=round_number: batches.append(certificates.print_certificates(
                ws, YEAR, "standardized", tmp_path / f"{round_number}-{n}.pdf"))
            for n, ws in enumerate(two_engines)
        ])
    with db.engine.connect() as conn:
        rows = conn.execute(select(Certificate.branch_id, Certificate.serial, Certificate.number)).all()
        codes = list(conn.scalars(select(PrintRecord.code)))
    assert sorted(branch for branch, _s, _n in rows) == sorted(holders)  # one certificate per holder
    assert sorted(serial for _b, serial, _n in rows) == list(range(1, len(holders) + 1))  # no duplicate, no gap
    assert len({number for _b, _s, number in rows}) == len(rows)
    assert len(codes) == len(set(codes)) == sum(len(batch.codes) for batch in batches)
    # Every batch printed each holder with the number stored for it (a reprint keeps its number).
    stored = {branch: number for branch, _s, number in rows}
    with db.engine.connect() as conn:
        printed = conn.execute(select(PrintRecord.subject)).scalars().all()
    assert all(any(stored[b] in subject for b in holders) for subject in printed)


def test_a_code_taken_while_drawing_is_drawn_again_with_a_fresh_one(db, two_engines):
    other, drawn = two_engines[1], []

    def draw(codes):
        drawn.append(codes[0])
        if len(drawn) == 1:  # another writer records the very same code while this one draws
            with other.engine.begin() as conn:
                conn.execute(insert(PrintRecord), [prints.record(codes[0], "registry", {"year": YEAR}, "别处", _now(), "x", 1)])
        return 1

    codes, pages = prints.draw_and_record(
        two_engines[0], 1, draw, lambda c, p: [prints.record(c[0], "registry", {"year": YEAR}, "此处", _now(), "y", p)])
    assert len(drawn) == 2 and drawn[0] != drawn[1] and codes == [drawn[1]] and pages == 1
    with db.engine.connect() as conn:
        subjects = dict(conn.execute(select(PrintRecord.code, PrintRecord.subject)).all())
    assert subjects == {drawn[0]: "别处", drawn[1]: "此处"}  # the paper carries the code of its own record


def test_two_writers_taking_codes_from_a_small_space_never_share_one(db, two_engines, monkeypatch):
    monkeypatch.setattr(prints, "CODE_LENGTH", 2)  # 625 codes: concurrent writers meet often
    taken: list[list[str]] = [[], []]

    def writer(n):
        for _ in range(120):
            codes, _pages = prints.draw_and_record(
                two_engines[n], 1, lambda _codes: time.sleep(0.002) or 1,  # drawing takes a while
                lambda c, p: [prints.record(c[0], "registry", {"year": YEAR}, f"写入方{n}", _now(), "f", p)])
            taken[n].extend(codes)

    run_together(lambda: writer(0), lambda: writer(1))
    with db.engine.connect() as conn:
        stored = dict(conn.execute(select(PrintRecord.code, PrintRecord.subject)).all())
        count = conn.scalar(select(func.count()).select_from(PrintRecord))
    assert count == 240 and len(stored) == 240
    for n in (0, 1):  # each writer got back exactly the codes recorded under its name
        assert sorted(taken[n]) == sorted(code for code, subject in stored.items() if subject == f"写入方{n}")


def _now():
    from datetime import datetime

    return datetime(2026, 1, 5, 9, 0)


def test_only_a_unique_conflict_is_run_again(db):
    from sqlalchemy.exc import IntegrityError

    from desktop.services.session import retry_on_conflict

    runs = []

    def broken(session):  # a certificate for a branch that does not exist: not a race, no retry
        runs.append(1)
        session.add(Certificate(honour="standardized", year=YEAR, branch_id=999, serial=1, number="X-1", revoked=False))
        session.flush()

    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        retry_on_conflict(db.workspace, broken)
    assert runs == [1]
    with db.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Certificate)) == 0


def test_a_conflict_that_never_clears_is_refused_in_chinese_and_writes_nothing(db):
    from desktop.errors import BranchdeskError
    from desktop.services.session import CONFLICT_ATTEMPTS, retry_on_conflict

    with db.engine.begin() as conn:
        conn.execute(insert(PrintRecord), [prints.record("AAAA3333", "registry", {"year": YEAR}, "已有", _now(), "x", 1)])
    runs = []

    def always_taken(session):
        runs.append(1)
        session.execute(insert(PrintRecord), [prints.record(f"NEW{len(runs):05d}", "registry", {"year": YEAR}, "新", _now(), "y", 1)])
        session.execute(insert(PrintRecord), [prints.record("AAAA3333", "registry", {"year": YEAR}, "重复", _now(), "z", 1)])

    with pytest.raises(BranchdeskError, match="多次重试仍未成功，数据未做改动"):
        retry_on_conflict(db.workspace, always_taken)
    assert len(runs) == CONFLICT_ATTEMPTS
    with db.engine.connect() as conn:
        assert list(conn.scalars(select(PrintRecord.subject))) == ["已有"]
