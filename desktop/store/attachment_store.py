"""Meeting attachment files in backups: a content-addressed store shared by the backups of a folder.

`<folder>/attachment-store/<sha[:2]>/<sha256>` holds the bytes of each attached file once, named by
their SHA-256. A stored file is written once (temporary file, fsync, rename) and never rewritten, and
it serves every backup in that folder that references it, so a daily backup copies only the scans
added since the last one. A backup's own `meeting_attachment` table (file, SHA-256, size) is its
manifest: nothing else has to be kept in step with it. The folder is named unlike the live
`attachments` folder, so a backup written beside a live database never mixes with that database's
files.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desktop import paths
from desktop.errors import BranchdeskError
from desktop.glossary import meeting_type_label
from desktop.store import attachments, files
from desktop.store.attachments import AlteredFile, CopiedFile
from desktop.store.engine import read_only_uri
from desktop.store.partials import STALE_AFTER_SECONDS

STORE = "attachment-store"
SHA256 = re.compile(r"[0-9a-f]{64}")
RESTORING = ".restore-"  # staging folder inside the live attachments folder

MISSING = "的文件不存在"
ALTERED = "的文件与记录的 SHA-256 或大小不符（已被修改或损坏）"
OUTSIDE = "记录的存放位置不在附件文件夹内"
BAD_DIGEST = "记录的 SHA-256 无效"
NOT_IN_BACKUP = "不在备份中（该备份没有附带这个文件）"
DAMAGED_IN_BACKUP = "在备份中的副本已损坏（与记录的 SHA-256 或大小不符）"

_QUERY = """
SELECT b.name, m.held_on, m.meeting_type, a.file_name, a.stored_path, a.sha256, a.size
FROM meeting_attachment a JOIN meeting m ON m.id = a.meeting_id JOIN branch b ON b.id = m.branch_id
{live}ORDER BY b.name, m.held_on, a.id
"""
# A deleted attachment (a tombstone, schema 0008 on) references no file: its file was removed.
_LIVE = "WHERE a.deleted_at IS NULL "


@dataclass(frozen=True)
class Reference:
    """One attachment record as a database file holds it."""

    meeting: str  # branch, date and meeting type, as the clerk finds the meeting
    file_name: str
    stored_path: str
    sha256: str
    size: int

    @property
    def expected(self) -> CopiedFile:
        return CopiedFile(self.sha256, self.size)


@dataclass(frozen=True)
class Problem:
    reference: Reference
    why: str

    def describe(self) -> str:
        return f"{self.reference.meeting}：附件“{self.reference.file_name}”{self.why}"


def references(conn: sqlite3.Connection) -> list[Reference]:
    """Every attachment record of an SQLite database (none before the meetings revision)."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "meeting_attachment" not in tables:
        return []
    columns = {row[1] for row in conn.execute("PRAGMA table_info(meeting_attachment)")}
    query = _QUERY.format(live=_LIVE if "deleted_at" in columns else "")
    return [
        Reference(f"{branch} {held_on} {meeting_type_label(kind)}", name, str(stored), str(sha), int(size))
        for branch, held_on, kind, name, stored, sha, size in conn.execute(query)
    ]


def references_of(db: Path) -> list[Reference]:
    conn = sqlite3.connect(read_only_uri(db), uri=True)
    try:
        return references(conn)
    finally:
        conn.close()


def store_of(copy: Path) -> Path:
    """The store that carries the attachments of the backup file `copy`: beside it."""
    return copy.parent / STORE


def stored_file(store: Path, sha256: str) -> Path:
    return store / sha256[:2] / sha256


def _present(path: Path, reference: Reference) -> bool:
    """A stored file is checked by size: its digest was checked when it was written, under that name."""
    try:
        return path.is_file() and path.stat().st_size == reference.size
    except OSError:
        return False


def _matches(path: Path, reference: Reference) -> bool:
    try:
        return attachments.digest(path) == reference.expected
    except BranchdeskError:
        return False


def live_problems(db_file: Path | None, refs: list[Reference]) -> list[Problem]:
    """The records whose file in the live attachments folder is missing or not the recorded bytes."""
    problems = []
    for ref in refs:
        path = paths.attachment_file(db_file, ref.stored_path)
        if path is None:
            problems.append(Problem(ref, OUTSIDE))
        elif not os.path.lexists(path):
            problems.append(Problem(ref, MISSING))
        elif not _matches(path, ref):
            problems.append(Problem(ref, ALTERED))
    return problems


def carry(db_file: Path, refs: list[Reference], store: Path) -> list[Problem]:
    """Put every referenced file into `store`, each verified against its record while it is copied.
    Files already there are not copied again, only touched (see collect_garbage). Returns the records
    whose file could not be carried; a medium fault (full disk, read-only) raises."""
    problems, done = [], set()
    for ref in refs:
        if ref.sha256 in done:
            continue
        if not SHA256.fullmatch(ref.sha256):
            problems.append(Problem(ref, BAD_DIGEST))
            continue
        target = stored_file(store, ref.sha256)
        if _present(target, ref):
            _touch(target)
            done.add(ref.sha256)
            continue
        source = paths.attachment_file(db_file, ref.stored_path)
        if source is None:
            problems.append(Problem(ref, OUTSIDE))
            continue
        if not os.path.lexists(source):
            problems.append(Problem(ref, MISSING))
            continue
        try:
            # A stored file of the wrong size is damaged: the good bytes take its place.
            attachments.copy_in(source, target, expect=ref.expected)
        except AlteredFile:
            problems.append(Problem(ref, ALTERED))
            continue
        done.add(ref.sha256)
    return problems


def _touch(path: Path) -> None:
    """A file a running backup has just counted on is young again, so no rotation removes it before
    that backup is in place and references it."""
    with suppress(OSError):
        os.utime(path)


def collect_garbage(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the stored files no backup file in `folder` references any more (and temporary files
    of killed copies), sparing anything touched in the last 15 minutes: a backup being made may
    count on it before its own file is in place. When a backup cannot be read now, nothing is
    removed; a file that is not a database references nothing (it could not be restored)."""
    store = folder / STORE
    if not store.is_dir():
        return []
    referenced: set[str] = set()
    for copy in folder.glob("*.sqlite3"):
        try:
            referenced.update(ref.sha256 for ref in references_of(copy))
        except sqlite3.OperationalError:  # locked, unreadable: its references are unknown
            return []
        except sqlite3.DatabaseError:
            continue
    now = time.time() if now is None else now
    removed = []
    for bucket in sorted(store.iterdir()):
        if not (bucket.is_dir() and re.fullmatch(r"[0-9a-f]{2}", bucket.name)):
            continue
        for path in bucket.iterdir():
            ours = SHA256.fullmatch(path.name) or path.name.startswith(".")
            if not ours or path.name in referenced:
                continue
            try:
                if now - path.lstat().st_mtime < STALE_AFTER_SECONDS:
                    continue
                path.unlink()
            except OSError:
                continue
            removed.append(path)
        with suppress(OSError):
            bucket.rmdir()  # only when empty
    return removed


@dataclass
class Staged:
    """Attachment files of a backup being restored, copied and verified into a staging folder inside
    the live attachments folder before the database is switched, then moved into place at once."""

    folder: Path | None
    moves: list[tuple[Path, Path, Reference]] = field(default_factory=list)  # staged file, its place
    problems: list[Problem] = field(default_factory=list)

    def discard(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def commit(self, now: datetime | None = None) -> None:
        """Move the staged files into place. A file in the way is not the recorded bytes (a good one
        would not have been staged): it is kept beside, as `<name>.damaged-YYYYmmdd-HHMMSS`."""
        stamp = f"{now or datetime.now():%Y%m%d-%H%M%S}"
        for staged, target, ref in self.moves:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                if os.path.lexists(target):
                    target.replace(target.with_name(f"{target.name}.damaged-{stamp}"))
                staged.replace(target)
                attachments.sync_folder(target.parent)
            except OSError as error:  # the data is restored already: name the file, go on
                self.problems.append(Problem(ref, f"未能放回附件文件夹（{files.reason(error)}）"))
        self.discard()


def stage(db_file: Path | None, refs: list[Reference], store: Path) -> Staged:
    """Copy from `store` each referenced file that the live folder lacks (or holds altered), verified
    by hash. A medium fault (full disk, read-only) removes what was staged and raises."""
    if not refs:
        return Staged(None)  # no attachments folder made for nothing
    live = paths.attachments_dir(db_file)
    for old in live.glob(f"{RESTORING}*"):  # left by a restore that was killed
        shutil.rmtree(old, ignore_errors=True)
    folder = live / f"{RESTORING}{os.getpid()}-{time.time_ns()}"
    staged = Staged(folder)
    try:
        for n, ref in enumerate(refs):
            target = paths.attachment_file(db_file, ref.stored_path)
            if target is None:
                staged.problems.append(Problem(ref, OUTSIDE))
                continue
            if os.path.lexists(target) and _matches(target, ref):
                continue
            source = stored_file(store, ref.sha256) if SHA256.fullmatch(ref.sha256) else None
            if source is None or not source.is_file():
                staged.problems.append(Problem(ref, NOT_IN_BACKUP if source else BAD_DIGEST))
                continue
            copy = folder / str(n)
            try:
                attachments.copy_in(source, copy, expect=ref.expected)
            except AlteredFile:
                staged.problems.append(Problem(ref, DAMAGED_IN_BACKUP))
                continue
            staged.moves.append((copy, target, ref))
    except BaseException:
        staged.discard()
        raise
    return staged


def remove_replaced(db_file: Path, before: list[Reference], after: list[Reference], store: Path) -> None:
    """After a restore: the live files only the former data referenced go, but only those kept in
    `store` with the pre-restore safety copy (restoring that copy brings them back)."""
    still = {ref.stored_path for ref in after}
    for ref in before:
        if ref.stored_path not in still and SHA256.fullmatch(ref.sha256) and _present(stored_file(store, ref.sha256), ref):
            attachments.remove(paths.attachment_file(db_file, ref.stored_path), ref.file_name)
