"""Guard against a PySide6 6.12 defect on Python < 3.12.

Shiboken 6.12 returns None from every void method (QPainter.save, QWidget.update, setText, ...)
without taking a new reference, as if None were immortal (it is only from Python 3.12 on). On
Python 3.11 each such call drops None's reference count by one; a delegate painting 2,000 rows makes
tens of thousands of calls per scroll, and the interpreter aborts with "deallocating None" within
a minute. Until the app runs on Python >= 3.12 or a fixed PySide6, give None a reserve of
references so large that no session can use it up. Harmless where the defect is absent.
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 48  # ~2.8e14 void calls


def reserve_none_references() -> None:
    if sys.version_info >= (3, 12) or getattr(reserve_none_references, "done", False):
        return
    # ob_refcnt is the first field of every object in CPython < 3.12.
    ctypes.c_ssize_t.from_address(id(None)).value += RESERVE
    reserve_none_references.done = True


reserve_none_references()
