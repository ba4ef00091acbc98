"""The `.partial` files a copy is written to before it counts, and what a killed copy leaves behind.

A backup killed half way left its partial file (12 kills left 2.6 GB); an old partial with a stale
rollback journal beside it would even be "recovered" into the next copy written under that name.
"""

from __future__ import annotations

import re
import stat
import time
from contextlib import suppress
from pathlib import Path

PARTIAL = ".partial"
COMPANIONS = ("", "-journal", "-wal", "-shm")
# Only what this app writes into a backups folder: <prefix>-YYYYmmdd-HHMMSS[-n].sqlite3.partial.
OURS = re.compile(r"(auto|branchdesk|pre-migration|before-restore)-\d{8}-\d{6}(-\d+)?\.sqlite3\.partial(-journal|-wal|-shm)?")
# A copy being written touches its file continuously and a verification takes seconds to minutes;
# a partial untouched this long belongs to no running copy.
STALE_AFTER_SECONDS = 15 * 60


def partial_of(path: Path) -> Path:
    return path.with_name(path.name + PARTIAL)


def discard(partial: Path) -> None:
    """Remove a partial copy and its journal files, as far as the folder allows: on a read-only or
    vanished medium there is nothing to remove, and the error that matters is the copy's own."""
    for suffix in COMPANIONS:
        with suppress(OSError):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)


def fresh(dest: Path) -> Path:
    """The partial file for a copy to `dest`, with nothing left of an earlier attempt under that name."""
    partial = partial_of(dest)
    discard(partial)
    return partial


def remove_stale(folder: Path, now: float | None = None) -> list[Path]:
    """Delete partial copies this app left in `folder` that no running copy is still writing.
    Returns what was removed; a file that cannot be removed now is left for the next time."""
    if not folder.is_dir():
        return []
    now = time.time() if now is None else now
    return [path for path in folder.iterdir() if OURS.fullmatch(path.name) and remove_if_untouched(path, now)]


def remove_if_untouched(path: Path, now: float, seconds: float = STALE_AFTER_SECONDS) -> bool:
    """Delete the regular file `path` (never a link, nor what it points to) if it was last written at
    least `seconds` before `now`. False when it is younger, not a regular file, or cannot be removed
    now (left for the next time)."""
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < seconds:
            return False
        path.unlink()
    except OSError:
        return False
    return True
