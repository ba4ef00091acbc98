"""ORM tables, one module per aggregate. Importing this package registers every table on Base."""

from desktop.models.base import Base
from desktop.models.branch import Branch, BranchKind, SecretaryTraining
from desktop.models.changelog import ChangeLog
from desktop.models.checkout import Checkout, CheckoutConflict, CheckoutData, LaptopPackage
from desktop.models.evaluation import Complaint, DepartmentFeedback, Evaluation, WorkflowStep
from desktop.models.meeting import Meeting, MeetingAttachment, MeetingRule
from desktop.models.paper import Certificate, PrintRecord
from desktop.models.plan import BranchPay, BranchPlan, CityGrant, Reaffiliation
from desktop.models.rubric import Rubric, RubricItem, VetoItem
from desktop.models.scoring import Score, ScoreChange, ScoringSession, SessionBranch, SessionScorer
from desktop.models.setting import Setting, SettingYear
from desktop.models.target import Target
from desktop.models.weak import AdmonitionTalk, Inspection, InspectionVisit, WeakCase, WeakCaseGround, WeakCaseProgress, WeakRule

__all__ = [
    "AdmonitionTalk", "Base", "Branch", "BranchKind", "BranchPay", "BranchPlan", "Certificate", "ChangeLog",
    "Checkout", "CheckoutConflict", "CheckoutData", "CityGrant", "Complaint", "DepartmentFeedback", "Evaluation",
    "Inspection", "InspectionVisit", "LaptopPackage", "Meeting", "MeetingAttachment", "MeetingRule", "PrintRecord",
    "Reaffiliation", "Rubric", "RubricItem", "Score", "ScoreChange", "ScoringSession", "SecretaryTraining",
    "SessionBranch", "SessionScorer", "Setting", "SettingYear", "Target", "VetoItem", "WeakCase", "WeakCaseGround",
    "WeakCaseProgress", "WeakRule", "WorkflowStep",
]
