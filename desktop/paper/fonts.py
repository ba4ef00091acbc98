"""Fonts for paper and charts: the PC's official faces when present, else the bundled CJK font.

Official sheets want 小标宋/黑体 titles and 仿宋 body text (GB/T 9704). Windows PCs carry simfang,
simsun, simhei and simkai; domestic Linux distributions (UOS, Kylin) ship the same files. A fresh
Debian has none, so every role falls back to the bundled WenQuanYi Micro Hei (TrueType outlines:
ReportLab cannot embed the CFF outlines of Noto CJK). Each file is registered with ReportLab once,
under one name, so a document that uses the same file for two roles embeds it once.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from desktop import paths

BUNDLED = "wqy-microhei.ttc"

# Role -> candidate file names, most fitting first. 方正小标宋 is the GB/T 9704 title face when a
# PC has it; 黑体 is the usual substitute.
ROLE_FILES: dict[str, tuple[str, ...]] = {
    "title": ("FZXBSJW.TTF", "fzxbsjw.ttf", "simhei.ttf", "SimHei.ttf"),
    "body": ("simfang.ttf", "SimFang.ttf", "simsun.ttc", "SimSun.ttc"),
    "kai": ("simkai.ttf", "SimKai.ttf", "simfang.ttf", "simsun.ttc"),
    "song": ("simsun.ttc", "SimSun.ttc", "simfang.ttf"),
    "hei": ("simhei.ttf", "SimHei.ttf"),
}
ROLES = tuple(ROLE_FILES)


@dataclass(frozen=True)
class Face:
    """One registered font file: the ReportLab name and what it was loaded from."""

    name: str
    path: Path
    subfont: int = 0

    @property
    def bundled(self) -> bool:
        return self.path.name == BUNDLED


def font_dirs() -> list[Path]:
    """Folders that may hold the official faces, in the order they are searched."""
    dirs = []
    override = os.environ.get("BRANCHDESK_FONT_DIR")
    if override:
        dirs.append(Path(override))
    if sys.platform.startswith("win"):
        dirs.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    else:
        dirs += [Path.home() / ".local/share/fonts", Path.home() / ".fonts", Path("/usr/share/fonts"), Path("/usr/local/share/fonts")]
    return [d for d in dirs if d.is_dir()]


@lru_cache(maxsize=1)
def _installed_files() -> dict[str, Path]:
    """File name -> path of every font file in the searched folders (first folder wins)."""
    found: dict[str, Path] = {}
    wanted = {name for names in ROLE_FILES.values() for name in names}
    for folder in font_dirs():
        for root, _dirs, files in os.walk(folder):
            for name in files:
                if name in wanted and name not in found:
                    found[name] = Path(root) / name
    return found


def bundled_path() -> Path:
    return paths.resource("fonts", BUNDLED)


def face_path(role: str) -> Path:
    """The file that serves `role` on this machine."""
    installed = _installed_files()
    for name in ROLE_FILES[role]:
        if name in installed:
            return installed[name]
    return bundled_path()


@cache
def _register(path: Path) -> Face:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = "bd-" + path.stem.lower()
    # subfontIndex 0: the first face of a .ttc (SimSun in simsun.ttc, Micro Hei in wqy-microhei.ttc).
    pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
    return Face(name, path)


@cache
def face(role: str) -> Face:
    """Register (once) and return the face for a role: title, body, kai, song or hei. Cached: it is
    asked for on every page, and resolving the resources folder touches the disk."""
    if role not in ROLE_FILES:
        raise KeyError(role)
    return _register(face_path(role))


def font_name(role: str) -> str:
    return face(role).name


def register_all() -> dict[str, Face]:
    return {role: face(role) for role in ROLES}


@cache
def _matplotlib_family(path: Path) -> str:
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(path))  # a .ttc registers its first face only
    return font_manager.FontProperties(fname=str(path)).get_name()


def use_for_matplotlib() -> str:
    """Make matplotlib draw Chinese with the same fallback. Returns the family name it registered.

    matplotlib does not fall back to system CJK fonts by itself, and registers only the first face
    of a .ttc; the minus sign must be ASCII because the CJK faces lack U+2212. Charts are set in
    the sans-serif 黑体 role (the bundled face when the PC has no 黑体).
    """
    import matplotlib

    family = _matplotlib_family(face_path("hei"))
    current = [f for f in matplotlib.rcParams["font.sans-serif"] if f != family]
    matplotlib.rcParams["font.sans-serif"] = [family, *current]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["axes.unicode_minus"] = False
    return family
