"""Where files live. Every path the app uses is resolved here, once.

Environment overrides (tests, portable builds):
  BRANCHDESK_DB        database path or SQLAlchemy URL
  BRANCHDESK_DATA_DIR  per-user data folder (default: platformdirs user data dir)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePath

from desktop import APP_NAME


def resources_dir() -> Path:
    """The shipped resources/ folder, in a source tree or a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def data_dir() -> Path:
    override = os.environ.get("BRANCHDESK_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / "branchdesk.sqlite3"


def database_target(cli_value: str | None = None) -> str:
    """The database the user asked for: --db, then BRANCHDESK_DB, then the per-user default."""
    return cli_value or os.environ.get("BRANCHDESK_DB") or str(default_database_path())


def files_root(db_file: Path | None) -> Path:
    """Where a database's files (attachments) live: beside a file database, in the data folder for
    a server database."""
    return db_file.parent if db_file else data_dir()


def attachments_dir(db_file: Path | None) -> Path:
    return attachments_in(files_root(db_file))


def attachments_in(root: Path) -> Path:
    """Attachments travel with the database they belong to."""
    path = root / "attachments"
    path.mkdir(parents=True, exist_ok=True)
    return path


def attachment_file(db_file: Path | None, stored_path: str) -> Path | None:
    return attachment_in(files_root(db_file), stored_path)


def attachment_in(root: Path, stored_path: str) -> Path | None:
    """Where an attachment record's file lives, or None when its `stored_path` would lead outside the
    attachments folder: an absolute or drive path, a `..`, or a folder that is a link to elsewhere.
    The record's text comes from the database file, which anyone can edit or restore, so it is never
    trusted to name a file to delete or open. The last component is not resolved: a link there is
    the link itself (removing it leaves its target alone)."""
    relative = PurePath(stored_path)
    if not stored_path or relative.is_absolute() or relative.drive or relative.root or ".." in relative.parts:
        return None
    root = attachments_in(root).resolve()
    folder = (root / relative).parent.resolve()
    if not folder.is_relative_to(root):
        return None
    return folder / relative.name
