"""The same app on a PostgreSQL server, as a district runs it: the migrations, the demo, the reads
and the writes that SQLite would forgive and a server would not (computed months, integer
division, date/text comparisons, live-only unique indexes, serials under two writers).

A throwaway cluster is started from the server binaries when they are installed (initdb, pg_ctl);
without them these tests are skipped.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import threading
from datetime import date
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

psycopg = pytest.importorskip("psycopg")


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _as_server_user():
    """initdb and postgres refuse to run as root: run them as `nobody` then."""
    if os.geteuid() != 0:
        return None
    import pwd

    nobody = pwd.getpwnam("nobody")
    return lambda: (os.setgid(nobody.pw_gid), os.setuid(nobody.pw_uid))


@pytest.fixture(scope="module")
def server():
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    # Not under pytest's own temporary folder: the server user must be able to reach it.
    root = Path(tempfile.mkdtemp(prefix="branchdesk-pg-"))
    os.chmod(root, 0o777)
    data, port = root / "data", 40000 + os.getpid() % 20000
    demote = _as_server_user()
    try:
        subprocess.run([initdb, "-D", str(data), "-U", "bd", "-A", "trust", "--no-sync", "-E", "UTF8"],
                       check=True, capture_output=True, preexec_fn=demote)
        subprocess.run([pg_ctl, "-D", str(data), "-l", str(root / "log"), "-w", "-o",
                        f"-k {root} -p {port} -c listen_addresses='' -c fsync=off", "start"],
                       check=True, capture_output=True, preexec_fn=demote)
        yield root, port
        subprocess.run([pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True, preexec_fn=demote)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def url(server, request):
    root, port = server
    name = "t" + str(abs(hash(request.node.name)))[:12]
    with psycopg.connect(host=str(root), port=port, user="bd", dbname="postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"postgresql+psycopg://bd@/{name}?host={root}&port={port}"


def test_migrations_reach_the_models_on_a_server(url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from desktop.models import Base
    from desktop.store import migrate
    from desktop.store.database import open_database

    db = open_database(url)
    try:
        assert migrate.current_revisions(db.engine) == migrate.head_revisions()
        with db.engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert differences == []
    finally:
        db.close()


def test_the_demo_and_every_report_run_on_a_server(url, tmp_path, capsys):
    from desktop.cli import main

    assert main(["--db", url, "demo"]) == 0
    year = date.today().year - 1
    commands = [
        ["check", "--json"], ["evaluate", "--year", str(year), "--json"], ["targets", "--json"],
        ["workflow", "show", "--year", str(year), "--json"], ["settings", "--json"], ["verify"],
        ["export", "branches", str(tmp_path / "b.xlsx")],
        ["export", "meetings", str(tmp_path / "m.xlsx"), "--year", str(year)],
        ["export", "evaluations", str(tmp_path / "e.xlsx"), "--year", str(year)],
        ["report", "summary", "--year", str(year), "-o", str(tmp_path / "s.pdf")],
        ["report", "trends", "-o", str(tmp_path / "t.pdf")],
        ["chart", "compliance", "-o", str(tmp_path / "c.png")],
    ]
    for command in commands:
        assert main(["--db", url, *command]) == 0, (command, capsys.readouterr().err)
    assert (tmp_path / "t.pdf").stat().st_size > 0


def test_deleted_records_free_their_place_on_a_server(url):
    from desktop.services import branches, meetings, scoring
    from desktop.store.database import open_database

    db = open_database(url)
    ws = db.workspace
    try:
        branch = branches.save_branch(ws, {"name": "甲党支部", "branch_kind": "village", "full_members": 9})
        theme = {"branch_id": branch, "meeting_type": "theme_day", "held_on": date(2025, 3, 5), "topic": "重温入党誓词"}
        meetings.delete_meeting(ws, meetings.save_meeting(ws, theme))
        meetings.save_meeting(ws, theme)  # the same meeting again: the tombstone does not hold its place
        assert [m.held_on for m in meetings.list_meetings(ws)] == [date(2025, 3, 5)]
        session_id = scoring.create_session(ws, 2025, "年度考评", date(2025, 6, 1), [branch], ["张三"])
        grid = scoring.load_grid(ws, session_id)
        key = (grid.scorers[0][0], branch, grid.rubric.items[0].id)
        for points in (1, None, 2):
            scoring.save_score(ws, session_id, key, points)
        assert scoring.load_grid(ws, session_id).scores == {key: 2}
    finally:
        db.close()


def test_two_writers_number_certificates_without_duplicates_on_a_server(url, tmp_path):
    from desktop.cli import main
    from desktop.models import Certificate
    from desktop.services import certificates, settings
    from desktop.store.database import open_database
    from desktop.store.engine import make_engine
    from desktop.store.workspace import for_database

    assert main(["--db", url, "demo"]) == 0
    year = date.today().year - 1
    db = open_database(url)
    settings.save(db.workspace, [settings.Change("issuer_name", "中共测试街道工作委员会", year)])
    writers = [for_database(make_engine(url), None, actor=f"书记员{n}") for n in range(2)]
    failures: list[BaseException] = []

    def print_all(ws, n):
        try:
            certificates.print_certificates(ws, year, "standardized", tmp_path / f"{n}.pdf")
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=print_all, args=(ws, n)) for n, ws in enumerate(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert failures == []
        with db.workspace.read() as session:
            serials = [c.serial for c in session.query(Certificate).filter_by(year=year, honour="standardized")]
        assert serials and sorted(serials) == list(range(1, len(serials) + 1))
    finally:
        for ws in writers:
            ws.engine.dispose()
        db.close()
    assert Path(tmp_path / "0.pdf").exists() or Path(tmp_path / "1.pdf").exists()


def test_a_laptop_s_scores_merge_into_an_office_on_a_server(url, tmp_path, monkeypatch):
    """Check-out from a PostgreSQL office, scoring on a laptop's SQLite file, the return merged back
    into the server in one unit; merged again, nothing changes; a cell the laptop cleared is cleared."""
    from desktop.rules.scoring import Tally
    from desktop.services import branches, checkout, laptop, merge, scoring, tallies
    from desktop.store import pairing
    from desktop.store.database import open_database

    monkeypatch.setattr(pairing, "KDF", pairing.KdfCost(memory_kib=64, iterations=1, lanes=1))
    office, pad = open_database(url), open_database(str(tmp_path / "laptop.sqlite3"))
    try:
        ids = [branches.save_branch(office.workspace, {"name": name, "branch_kind": "community", "full_members": 10})
               for name in ("光明村党支部", "和平社区党支部")]  # the one order of names, as the session keeps them
        session_id = scoring.create_session(office.workspace, 2025, "年度考评", date(2025, 12, 20), ids, ["甲", "乙"])
        grid = scoring.load_grid(office.workspace, session_id)
        first = (grid.scorers[0][0], ids[0], grid.rubric.items[0].id)
        scoring.save_score(office.workspace, session_id, first, 2)
        made = checkout.export_part(office.workspace, session_id, tmp_path / "out", ["甲"])
        there = laptop.open_package(pad.workspace, made.file, made.code).session_id
        on_pad = scoring.load_grid(pad.workspace, there)
        keys = [(on_pad.scorers[0][0], b, i.id) for b, _n in on_pad.branches for i in on_pad.rubric.items[:3]]
        for n, key in enumerate(keys):
            scoring.save_score(pad.workspace, there, key, 0.5 * (n % 3))
        counts = Tally(participants=20, excellent=10, qualified=8, basic=2, unqualified=0, satisfied=30, public_basic=5,
                       dissatisfied=1)
        tallies.save_tally(pad.workspace, on_pad.branches[1][0], 2025, tallies.TallyForm(tally=counts, review_grade="good"))
        back = laptop.make_return(pad.workspace, there, tmp_path / "back")

        report = merge.merge(office.workspace, back.file)
        assert (report.merged, report.conflicts, report.written) == (6, [], True)
        stored = scoring.load_grid(office.workspace, session_id).scores
        expected = {(grid.scorers[0][0], b, i.id): 0.5 * (n % 3)
                    for n, (b, i) in enumerate((b, i) for b in ids for i in grid.rubric.items[:3])}
        assert {k: v for k, v in stored.items() if k[0] == grid.scorers[0][0]} == expected
        assert tallies.get_tally(office.workspace, ids[1], 2025).review_grade == "good"
        assert merge.merge(office.workspace, back.file).written is False

        scoring.save_score(pad.workspace, there, keys[1], None)  # cleared on the laptop
        again = merge.merge(office.workspace, laptop.make_return(pad.workspace, there, tmp_path / "back2").file)
        assert (again.merged, again.cleared) == (1, 1)
        assert (grid.scorers[0][0], ids[0], grid.rubric.items[1].id) not in scoring.load_grid(office.workspace, session_id).scores
    finally:
        office.close()
        pad.close()
