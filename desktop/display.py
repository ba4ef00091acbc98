"""Is there a desktop to open the window on? Answered before Qt is loaded.

Without one, Qt's xcb plugin aborts the process (exit 134) with advice to install libxcb-cursor0,
which is wrong when the library is there and only the display is missing. Qt-free on purpose.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

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


def require_display() -> None:
    """Refuse to start the window when there is no display (the CLI turns this into exit 2)."""
    message = missing_display()
    if message is not None:
        raise BranchdeskError(message)
