"""ORM tables, one module per aggregate. Importing this package registers every table on Base."""

from desktop.models.base import Base
from desktop.models.branch import Branch, BranchKind, SecretaryTraining
from desktop.models.setting import Setting
from desktop.models.target import Target

__all__ = ["Base", "Branch", "BranchKind", "SecretaryTraining", "Setting", "Target"]
