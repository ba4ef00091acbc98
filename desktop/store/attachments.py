"""Attachment files on disk: copied in whole or not at all, removed only inside their folder.

A source is read only if it is a regular file. A symbolic link the clerk picked is followed to its
target, and the target must itself be a regular file (a link is how some desktops present a file;
its target is what the clerk sees and means). FIFOs, devices, sockets and folders are refused, and
the check is made on the opened file, so a name swapped for a FIFO in between cannot block the app.

A copy killed half way (SIGKILL, a power cut) leaves its hidden temporary file; the window's start
removes the old ones (remove_stale_temporaries).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from desktop.errors import BranchdeskError
from desktop.store import files, partials

CHUNK = 1 << 20
# Opening a FIFO for reading waits for a writer; non-blocking returns at once so fstat can refuse it.
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX; Windows has no FIFOs in the file system
_OPEN_FLAGS = os.O_RDONLY | _NONBLOCK | getattr(os, "O_BINARY", 0)
NOT_A_FILE = "不是普通文件（可能是文件夹、设备或管道），不能作为附件"
# files.atomic_path's temporary beside a stored attachment: "." + the stored name's stem + "-" +
# mkstemp's 8 random characters + its suffix; every stored name starts with 8 hex digits and "-".
TEMPORARY = re.compile(r"\.[0-9a-f]{8}-.*-[a-z0-9_]{8}(\.[^.]*)?", re.DOTALL)
# A running copy writes its temporary continuously (1 MiB at a time) and renames it when done: one
# untouched this long belongs to no running copy.
STALE_AFTER_SECONDS = 15 * 60


@dataclass(frozen=True)
class CopiedFile:
    sha256: str
    size: int


class AlteredFile(BranchdeskError):
    """The bytes read are not the ones recorded: the copy was not put in place."""


def _open_regular(source: Path) -> int:
    """A read descriptor on `source`, refused unless what was opened is a regular file."""
    name = source.name or str(source)
    try:
        if not stat.S_ISREG(os.stat(source).st_mode):  # no open() at all for a FIFO or device name
            raise BranchdeskError(f"“{name}”{NOT_A_FILE}。")
        fd = os.open(source, _OPEN_FLAGS)
    except OSError as error:
        raise BranchdeskError(f"无法读取附件“{name}”：{files.reason(error)}") from error
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise BranchdeskError(f"“{name}”{NOT_A_FILE}。")
    if _NONBLOCK:
        os.set_blocking(fd, True)
    return fd


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles to flush)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_in(source: Path, target: Path, expect: CopiedFile | None = None) -> CopiedFile:
    """Copy `source` to `target` through a temporary file beside it, flushed to disk before it is
    renamed into place: a full disk, a read error or a crash leaves no partial `target`. The digest
    and size are of the bytes actually copied; with `expect`, other bytes raise AlteredFile and
    `target` is left as it was (a backup must never hold a file under a digest it does not have)."""
    fd = _open_regular(source)
    digest, size = hashlib.sha256(), 0
    try:
        with os.fdopen(fd, "rb") as reader, files.atomic_path(target) as temp, open(temp, "wb") as writer:
            for chunk in iter(lambda: reader.read(CHUNK), b""):
                digest.update(chunk)
                size += len(chunk)
                writer.write(chunk)
            writer.flush()
            os.fsync(writer.fileno())
            if expect is not None and expect != CopiedFile(digest.hexdigest(), size):
                raise AlteredFile(f"“{source.name}”与记录的 SHA-256 或大小不符")
        sync_folder(target.parent)
    except OSError as error:
        if expect is None:  # with `expect`, target may be a good file written before
            target.unlink(missing_ok=True)
        raise BranchdeskError(f"无法复制附件“{source.name}”：{files.reason(error)}") from error
    return CopiedFile(digest.hexdigest(), size)


def digest(path: Path) -> CopiedFile:
    """SHA-256 and size of a regular file (BranchdeskError when it cannot be read as one)."""
    fd = _open_regular(path)
    sha, size = hashlib.sha256(), 0
    try:
        with os.fdopen(fd, "rb") as reader:
            for chunk in iter(lambda: reader.read(CHUNK), b""):
                sha.update(chunk)
                size += len(chunk)
    except OSError as error:
        raise BranchdeskError(f"无法读取附件“{path.name}”：{files.reason(error)}") from error
    return CopiedFile(sha.hexdigest(), size)


def remove(path: Path | None, file_name: str) -> str | None:
    """Delete an attachment file given by `paths.attachment_file`. Returns a Chinese note when it
    was left alone (outside the attachments folder, not a regular file, or not deletable); a file
    that is already gone is no problem."""
    if path is None:
        return f"附件“{file_name}”记录的存放位置不在附件文件夹内，该位置的文件未被删除。"
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"附件“{file_name}”的文件未能删除：{files.reason(error)}"
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):  # a link is removed itself, never its target
        return f"附件“{file_name}”的存放位置不是普通文件，未被删除：{path}"
    try:
        path.unlink()
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"附件“{file_name}”的文件未能删除：{files.reason(error)}"
    return None


def remove_stale_temporaries(root: Path, kept: Collection[Path], now: float | None = None) -> list[Path]:
    """Delete the temporaries of attachment copies that never finished, in `root`/meetings/<folder>/:
    only names of TEMPORARY's pattern, regular files untouched for STALE_AFTER_SECONDS, never one in
    `kept` (the files records point to) and never through a link. Returns what was removed; a file
    that cannot be removed now is left for the next start."""
    now = time.time() if now is None else now
    meetings = root.resolve() / "meetings"  # resolved as records' files are (paths.attachment_file)
    if meetings.is_symlink():
        return []
    kept = set(kept)
    candidates = (Path(folder.path) / entry.name for folder in _entries(meetings)
                  if folder.is_dir(follow_symlinks=False) for entry in _entries(Path(folder.path))
                  if TEMPORARY.fullmatch(entry.name))
    return [path for path in candidates
            if path not in kept and partials.remove_if_untouched(path, now, STALE_AFTER_SECONDS)]


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:  # not there (no attachment yet), unreadable, or not a folder
        return []
