"""Test setup: Qt offscreen, UTF-8, and a fresh database per test."""

from __future__ import annotations

import os
from pathlib import Path

# Offscreen, on the screen of the office PCs (1366×768; Qt's offscreen default is 800×800).
OFFICE_SCREEN = Path(__file__).resolve().parent / "fixtures" / "office-screen.json"
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={OFFICE_SCREEN}")
os.environ.setdefault("LANG", "C.UTF-8")
# As desktop/__init__.py sets it: a test module may import openpyxl before anything imports desktop.
os.environ.setdefault("OPENPYXL_LXML", "False")

import pytest  # noqa: E402 - after the Qt platform is chosen


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """No test touches the real per-user data folder or a BRANCHDESK_DB from the shell."""
    monkeypatch.setenv("BRANCHDESK_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.delenv("BRANCHDESK_DB", raising=False)


@pytest.fixture
def db(tmp_path):
    from desktop.store.database import open_database

    database = open_database(str(tmp_path / "test.sqlite3"))
    yield database
    database.close()


@pytest.fixture
def engine(db):
    return db.engine


@pytest.fixture
def ws(db):
    """The workspace every service is called with."""
    return db.workspace


@pytest.fixture
def other(db):
    """A second workspace on the same file, with its own engine: what another process (the CLI,
    another window) sees and writes."""
    from desktop.store.engine import make_engine
    from desktop.store.workspace import for_database

    workspace = for_database(make_engine(str(db.file)), db.file, actor="另一台电脑")
    yield workspace
    workspace.engine.dispose()
