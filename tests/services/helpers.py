"""Small builders shared by the evaluation service tests."""

from desktop.services import branches


def add_branch(engine, name, full=10, **values) -> int:
    return branches.save_branch(engine, {"name": name, "branch_kind": "community", "full_members": full, **values})
