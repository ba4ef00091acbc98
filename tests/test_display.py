"""No desktop display: the window refuses with a Chinese message before Qt loads (exit 2, not 134)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.display import missing_display

ROOT = Path(__file__).resolve().parent.parent
DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


@pytest.mark.parametrize(
    ("environ", "refused"),
    [
        ({}, True),
        ({"DISPLAY": ""}, True),  # set but empty is no display
        ({"DISPLAY": ":0"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, True),
        ({"QT_QPA_PLATFORM": "xcb:dpi=96", "DISPLAY": ":1"}, False),
        ({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, True),
        ({"QT_QPA_PLATFORM": "wayland-egl", "WAYLAND_DISPLAY": "wayland-1"}, False),
        ({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}, False),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "minimal"}, False),
        ({"QT_QPA_PLATFORM": "  "}, True),  # blank is unset
    ],
)
def test_which_environments_have_a_display_on_linux(environ, refused):
    message = missing_display(environ, "linux")
    assert (message is not None) == refused
    if refused:
        assert "未找到桌面显示环境" in message and "branchdesk --help" in message


def test_the_message_names_what_is_missing():
    assert "没有设置 DISPLAY 或 WAYLAND_DISPLAY" in missing_display({}, "linux")
    assert "QT_QPA_PLATFORM=xcb 需要的 DISPLAY 没有设置" in missing_display({"QT_QPA_PLATFORM": "xcb"}, "linux")


@pytest.mark.parametrize("system", ["win32", "darwin"])
def test_windows_and_macos_always_have_their_own_platform(system):
    assert missing_display({}, system) is None


def start_window(*args: str, **display: str) -> subprocess.CompletedProcess:
    """The program as `./run.sh` starts it, with only the given display variables set."""
    env = {key: value for key, value in os.environ.items() if key not in DISPLAY_VARIABLES}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True, text=True, cwd=ROOT, env={**env, **display}, timeout=120,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland only")
@pytest.mark.parametrize("args", [(), ("--smoke",)])
@pytest.mark.parametrize("platform", [{}, {"QT_QPA_PLATFORM": "xcb"}, {"QT_QPA_PLATFORM": "wayland"}])
def test_no_display_refuses_with_a_chinese_message(args, platform, tmp_path):
    db = tmp_path / "gui.sqlite3"
    result = start_window("--db", str(db), *args, **platform)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("错误：未找到桌面显示环境")
    assert "branchdesk --help" in result.stderr
    assert "xcb-cursor0" not in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not db.exists()  # refused before anything was opened or created


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland only")
def test_offscreen_still_opens_the_window(tmp_path):
    db = tmp_path / "gui.sqlite3"
    result = start_window("--db", str(db), "--smoke", QT_QPA_PLATFORM="offscreen")
    assert result.returncode == 0, result.stderr
    assert db.exists()


def test_subcommands_need_no_display(tmp_path):
    from desktop.store.database import open_database

    open_database(str(tmp_path / "cli.sqlite3")).close()  # check only reads: it never creates one
    result = start_window("--db", str(tmp_path / "cli.sqlite3"), "check", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("{")


def test_the_check_itself_loads_no_qt():
    script = (
        "import sys, desktop.display\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(("display", "address"), [
    (":0", (None, 0)), (":99.0", (None, 99)), ("unix:1", (None, 1)), ("localhost:10.0", ("localhost", 10)),
    ("host/unix:3", (None, 3)), ("garbage", None),
])
def test_display_names_are_read_as_x_reads_them(display, address):
    from desktop.display import _x_address

    assert _x_address(display) == address


def test_a_display_nobody_answers_on_is_refused_and_one_that_answers_is_not(tmp_path):
    import socket

    from desktop.display import unreachable_display

    environ = {"DISPLAY": ":987"}
    message = unreachable_display(environ, "linux", sockets=tmp_path)
    assert message is not None and "DISPLAY=:987" in message and "没有响应" in message
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(tmp_path / "X987"))
        server.listen(1)
        assert unreachable_display(environ, "linux", sockets=tmp_path) is None
    # Wayland could be used instead, or a platform that needs no desktop: no probe decides then.
    assert unreachable_display({**environ, "WAYLAND_DISPLAY": "wayland-0"}, "linux", sockets=tmp_path) is None
    assert unreachable_display({**environ, "QT_QPA_PLATFORM": "offscreen"}, "linux", sockets=tmp_path) is None
    assert unreachable_display(environ, "win32", sockets=tmp_path) is None


def test_a_stale_display_gives_exit_2_and_the_message_not_a_qt_abort(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in DISPLAY_VARIABLES}
    env.update(DISPLAY=":987", BRANCHDESK_DATA_DIR=str(tmp_path), LANG="C.UTF-8")
    if (Path("/tmp/.X11-unix") / "X987").exists():
        pytest.skip("something listens on display :987 here")
    done = subprocess.run([sys.executable, "-m", "desktop"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "没有响应" in done.stderr, done.stderr
