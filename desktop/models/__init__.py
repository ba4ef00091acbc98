"""ORM tables, one module per aggregate. Importing this package registers every table on Base."""

from desktop.models.base import Base
from desktop.models.branch import Branch, BranchKind, SecretaryTraining
from desktop.models.meeting import Meeting, MeetingAttachment, MeetingRule
from desktop.models.setting import Setting

__all__ = ["Base", "Branch", "BranchKind", "Meeting", "MeetingAttachment", "MeetingRule", "SecretaryTraining", "Setting"]
