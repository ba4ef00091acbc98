"""The PyInstaller one-folder build: it builds, and the built program runs without the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXE = "branchdesk.exe" if sys.platform == "win32" else "branchdesk"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built() -> Path:
    pytest.importorskip("PyInstaller", reason="install the build extra: pip install -e .[build]")
    # Not under pytest's tmp_path: that keeps the last three runs, and a build is ~250 MB.
    with tempfile.TemporaryDirectory(prefix="branchdesk-build-") as folder:
        yield _build(Path(folder))


def _build(out: Path) -> Path:
    result = subprocess.run(
        [
            sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
            "--distpath", str(out / "dist"), "--workpath", str(out / "work"), str(ROOT / "build.spec"),
        ],
        capture_output=True, text=True, cwd=ROOT, timeout=900,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    program = out / "dist" / "branchdesk" / EXE
    assert program.is_file()
    return program


def run_built(program: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    # Run from an empty folder with a clean data dir: the bundle must not lean on the source tree.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BRANCHDESK_DATA_DIR=str(tmp_path / "data"))
    env.pop("BRANCHDESK_DB", None)
    env.pop("PYTHONPATH", None)
    return subprocess.run([str(program), *args], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)


def test_built_program_prints_its_version(built, tmp_path):
    from desktop import __version__

    result = run_built(built, tmp_path, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"branchdesk {__version__}"


def test_built_program_migrates_and_runs_subcommands(built, tmp_path):
    db = str(tmp_path / "built.sqlite3")
    demo = run_built(built, tmp_path, "--db", db, "demo", "--seed", "5")
    assert demo.returncode == 0, demo.stderr
    check = run_built(built, tmp_path, "--db", db, "check", "--year", "2025", "--json")
    assert check.returncode == 0, check.stderr
    names = [b["name"] for b in json.loads(check.stdout)["branches"]]
    assert len(names) > 40
    # In the one order of names: pypinyin's dictionaries travel with the bundle.
    from desktop.rules.collation import branch_order_key

    assert names == sorted(names, key=branch_order_key) != sorted(names)
    template = run_built(built, tmp_path, "template", "branches", str(tmp_path / "t.xlsx"))
    assert template.returncode == 0 and (tmp_path / "t.xlsx").is_file()


def test_built_program_ships_resources_and_migrations(built):
    internal = built.parent / "_internal"
    assert (internal / "resources" / "fonts" / "wqy-microhei.ttc").is_file()
    assert list((internal / "resources" / "fonts").glob("LICENSE*"))
    assert list((internal / "desktop" / "store" / "migrations" / "versions").glob("0001_*.py"))
    assert (internal / "pypinyin" / "pinyin_dict.json").is_file()  # by pypinyin's own PyInstaller hook
    # Where Qt looks in the bundle (PySide6 points its prefix at its Qt folder): the dialogs and
    # buttons Qt draws itself speak Chinese in the built program too.
    assert (internal / "PySide6" / "Qt" / "translations" / "qtbase_zh_CN.qm").is_file()


@pytest.mark.skipif(not (ROOT / "desktop" / "app.py").exists(), reason="desktop/app.py (the window) is not in this tree")
def test_built_program_opens_the_main_window_offscreen(built, tmp_path):
    result = run_built(built, tmp_path, "--smoke", "--db", str(tmp_path / "smoke.sqlite3"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "smoke.sqlite3").is_file()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland only")
def test_built_program_without_a_display_says_so(built, tmp_path):
    env = dict(os.environ, BRANCHDESK_DATA_DIR=str(tmp_path / "data"))
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "BRANCHDESK_DB", "PYTHONPATH"):
        env.pop(name, None)
    result = subprocess.run([str(built)], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "未找到桌面显示环境" in result.stderr and "branchdesk --help" in result.stderr
