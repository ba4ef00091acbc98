"""The name a step, a lock or a change of a locked score is recorded under by default: the name the
clerk typed last time on this computer (kept with the window settings), else nothing, and the field
asks for it. Never the computer's login name: on an office PC that is "root" or "Administrator", and
it would be printed on the record as if someone had signed with it. (The command line's `--by`
still defaults to the login name, as its help says: a script has no one to ask.)"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from desktop.ui.folders import window_settings

KEY = "operator/name"
PLACEHOLDER = "必填：您的姓名"


def default_operator() -> str:
    value = window_settings().value(KEY)
    return str(value).strip() if value else ""


def remember_operator(name: str) -> None:
    """Called once a record under `name` is written: the next form starts with it."""
    name = (name or "").strip()
    if name and name != default_operator():
        settings = window_settings()
        settings.setValue(KEY, name)
        settings.sync()


def operator_field(width: int = 120) -> QLineEdit:
    """A name field that starts with the remembered name and says it is required."""
    field = QLineEdit(default_operator())
    field.setPlaceholderText(PLACEHOLDER)
    field.setMaximumWidth(width)
    return field
