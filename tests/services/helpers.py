"""Small builders shared by the evaluation service tests."""

from desktop.services import branches


def add_branch(ws, name, full=10, **values) -> int:
    return branches.save_branch(ws, {"name": name, "branch_kind": "community", "full_members": full, **values})
