"""ORM tables, one module per aggregate. Importing this package registers every table on Base."""

from desktop.models.base import Base
from desktop.models.branch import Branch, BranchKind, SecretaryTraining
from desktop.models.paper import Certificate, PrintRecord
from desktop.models.setting import Setting
from desktop.models.target import Target

__all__ = [
    "Base", "Branch", "BranchKind", "Certificate", "PrintRecord", "SecretaryTraining", "Setting", "Target",
]
