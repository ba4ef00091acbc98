"""The Chinese manual that ships with the app (resources/manual/manual.md) and its screenshots.

The screenshots are those in docs/ (the README's): a source run reads them there, and build.spec
copies the ones the manual names beside it, so the two never drift apart.
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop import paths

IMAGE_PATTERN = re.compile(r"!\[[^\]]*\]\(([^)\s]+\.png)\)")


def manual_file() -> Path:
    return paths.resource("manual", "manual.md")


def manual_images(text: str | None = None) -> list[str]:
    """The screenshot file names the manual shows, in order."""
    return IMAGE_PATTERN.findall(manual_file().read_text(encoding="utf-8") if text is None else text)


def docs_dir() -> Path:
    return paths.resources_dir().parent / "docs"


def image_path(name: str) -> Path | None:
    """Beside the manual (the build), else in the source tree's docs/."""
    return next((folder / name for folder in (manual_file().parent, docs_dir()) if (folder / name).is_file()), None)
