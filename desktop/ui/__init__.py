"""The Qt user interface. Only this package (and desktop/app.py) may import PySide6."""

from __future__ import annotations

import ctypes
import sys

# PySide6 6.12 on Python 3.11 releases one reference to None/True/False too many on every call
# of a void method (setText, processEvents, ...) and every Python override that returns None
# (a table model's data() for an unused role). None starts with a few thousand references, so
# the process aborts with "Fatal Python error: none_dealloc" within seconds of scrolling a
# 2,000-row table. Python 3.12 made these singletons immortal (PEP 683); on older Pythons we
# give them a reference count that cannot be used up instead.
PINNED_REFERENCES = 1 << 40


def _pin_singletons() -> None:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += PINNED_REFERENCES


_pin_singletons()
