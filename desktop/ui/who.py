"""The name a step or a change is recorded under by default: the computer's login name."""

from __future__ import annotations

import getpass


def default_operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (some service accounts)
        return ""
