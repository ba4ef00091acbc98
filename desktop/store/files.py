"""Writing user-chosen files safely, and explaining file-system errors in Chinese."""

from __future__ import annotations

import errno
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

# strerror is English (and differs by platform): the clerk gets these instead.
_REASONS: dict[int | None, str] = {
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "所在位置是只读的（如只读的 U 盘或光盘）",
    errno.ENOSPC: "磁盘空间不足",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EEXIST: "已有同名文件",
    errno.ENAMETOOLONG: "文件名太长",
}


def reason(error: OSError) -> str:
    """A short Chinese reason for an OSError."""
    return _REASONS.get(error.errno, "系统拒绝了这次读写")


def normal_mode() -> int:
    """The permissions an ordinary new file gets (0666 less the umask); mkstemp's are owner-only."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_path(path: Path | str):
    """A temporary file beside `path` to write into; it replaces `path` only when the block succeeds,
    so a failure never leaves a half-written file. An OSError names `path`, the file the user chose,
    never the temporary file."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(suffix=path.suffix, dir=path.parent, prefix=f".{path.stem}-")
        os.close(handle)
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path)) from error
    try:
        yield temp
        os.chmod(temp, normal_mode())
        os.replace(temp, path)
    except BaseException as error:
        Path(temp).unlink(missing_ok=True)
        if isinstance(error, OSError) and error.errno is not None:
            raise OSError(error.errno, error.strerror, str(path)) from error
        raise
