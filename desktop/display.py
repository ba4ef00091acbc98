"""Is there a desktop to open the window on? Answered before Qt is loaded.

Without one, Qt's xcb plugin aborts the process (exit 134) with advice to install libxcb-cursor0,
which is wrong when the library is there and only the display is missing. Qt-free on purpose.
"""

from __future__ import annotations

import os
import re
import socket
import sys
from collections.abc import Mapping
from pathlib import Path

from desktop.errors import BranchdeskError

# Unix desktops where Qt talks to an X server (xcb) or a Wayland compositor; Windows and macOS
# always have their own platform.
X11_SYSTEMS = ("linux", "freebsd", "openbsd", "netbsd")


def _platforms(value: str) -> list[str]:
    """QT_QPA_PLATFORM as Qt reads it: a ';'-separated fallback list, each name maybe with ':options'."""
    return [entry.split(":", 1)[0].strip().lower() for entry in value.split(";") if entry.strip()]


def _needs(platform: str) -> str | None:
    """The variable naming the desktop a platform plugin connects to."""
    if platform == "xcb":
        return "DISPLAY"
    if platform.startswith("wayland"):
        return "WAYLAND_DISPLAY"
    return None  # offscreen, minimal, eglfs, linuxfb, vnc...: they need no desktop session


def missing_display(environ: Mapping[str, str] | None = None, system: str | None = None) -> str | None:
    """The Chinese message when the window cannot open for want of a display, else None."""
    environ = os.environ if environ is None else environ
    system = sys.platform if system is None else system
    if not system.startswith(X11_SYSTEMS):
        return None
    chosen = environ.get("QT_QPA_PLATFORM", "")
    # Unset: Qt tries X11, or Wayland first in a Wayland session.
    needs = [_needs(platform) for platform in _platforms(chosen) or ["xcb", "wayland"]]
    unset = [variable for variable in needs if variable is not None and not environ.get(variable)]
    if len(unset) < len(needs):  # a platform that needs no desktop, or one whose desktop is set
        return None
    names = " 或 ".join(dict.fromkeys(unset))
    why = f"QT_QPA_PLATFORM={chosen} 需要的 {names} 没有设置" if chosen.strip() else f"没有设置 {names}"
    return (
        f"未找到桌面显示环境（{why}），无法打开窗口。"
        "请在图形桌面中启动本软件；命令行子命令不需要桌面，可以直接使用，见 branchdesk --help。"
    )


X11_SOCKETS = Path("/tmp/.X11-unix")
PROBE_SECONDS = 2.0


def _x_address(display: str) -> tuple[str | None, int] | None:
    """DISPLAY as X reads it: [host]:number[.screen]; None when it is not in that form."""
    match = re.fullmatch(r"(?:(?P<host>[^:]*)/)?(?P<name>[^:]*):(?P<number>\d+)(?:\.\d+)?", display.strip())
    if match is None:
        return None
    host = match.group("name")
    return (None if host in ("", "unix") else host), int(match.group("number"))


def x_server_answers(display: str, sockets: Path = X11_SOCKETS, timeout: float = PROBE_SECONDS) -> bool:
    """Whether something listens where DISPLAY points: the local socket (file or abstract) or TCP
    port 6000 + number on a host (an ssh-forwarded display). A form this does not know is given
    the benefit of the doubt: Qt will say what it thinks."""
    address = _x_address(display)
    if address is None:
        return True
    host, number = address
    targets: list[tuple[int, object]] = []
    if host is None:
        path = str(sockets / f"X{number}")
        targets = [(socket.AF_UNIX, path)]
        if sys.platform.startswith("linux"):
            targets.append((socket.AF_UNIX, "\0" + path))  # Xorg also listens on the abstract name
    else:
        targets = [(socket.AF_INET, (host, 6000 + number))]
    for family, target in targets:
        try:
            with socket.socket(family, socket.SOCK_STREAM) as probe:
                probe.settimeout(timeout)
                probe.connect(target)  # type: ignore[arg-type]  # a path or (host, port) by family
                return True
        except OSError:
            continue
    return False


def unreachable_display(environ: Mapping[str, str] | None = None, system: str | None = None,
                        sockets: Path = X11_SOCKETS) -> str | None:
    """The Chinese message when only X11 can be used and nothing answers on DISPLAY (a desktop
    that was closed, a stale DISPLAY in a remote shell): Qt would abort (exit 134) there too."""
    environ = os.environ if environ is None else environ
    system = sys.platform if system is None else system
    if not system.startswith(X11_SYSTEMS) or missing_display(environ, system) is not None:
        return None
    platforms = _platforms(environ.get("QT_QPA_PLATFORM", "")) or ["xcb", "wayland"]
    usable = [p for p in platforms if _needs(p) is None or environ.get(_needs(p) or "")]
    if usable != ["xcb"] or x_server_answers(environ["DISPLAY"], sockets):
        return None
    return (
        f"桌面显示 DISPLAY={environ['DISPLAY']} 没有响应（该桌面可能已关闭，或是远程登录留下的旧设置），无法打开窗口。"
        "请在图形桌面中启动本软件；命令行子命令不需要桌面，可以直接使用，见 branchdesk --help。"
    )


def require_display() -> None:
    """Refuse to start the window when there is no display (the CLI turns this into exit 2)."""
    message = missing_display() or unreachable_display()
    if message is not None:
        raise BranchdeskError(message)
