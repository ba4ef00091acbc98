"""Code names from the domain glossary and their Chinese labels, declared once.

Identifiers stay English (DOMAIN.md glossary); everything a user reads comes from here.
"""

from __future__ import annotations

from enum import StrEnum


class BranchKind(StrEnum):
    village = "village"
    community = "community"
    government = "government"
    institution = "institution"
    state_enterprise = "state_enterprise"
    private_enterprise = "private_enterprise"
    social_org = "social_org"
    grid = "grid"

    @property
    def label(self) -> str:
        return BRANCH_KIND_LABELS[self]

    @property
    def is_village_or_community(self) -> bool:
        return is_village_or_community(self)


BRANCH_KIND_LABELS: dict[BranchKind, str] = {
    BranchKind.village: "村",
    BranchKind.community: "社区",
    BranchKind.government: "机关",
    BranchKind.institution: "事业单位",
    BranchKind.state_enterprise: "国有企业",
    BranchKind.private_enterprise: "非公企业",
    BranchKind.social_org: "社会组织",
    BranchKind.grid: "网格",
}

# Labels accepted on import: the template's spelling plus the short forms clerks use.
BRANCH_KIND_BY_LABEL: dict[str, BranchKind] = {label: kind for kind, label in BRANCH_KIND_LABELS.items()}
BRANCH_KIND_BY_LABEL.update({"国企": BranchKind.state_enterprise, "非公": BranchKind.private_enterprise})

YES_NO = {True: "是", False: "否"}


def unknown_label(value: str) -> str:
    """How a stored value this app does not know reads (a hand-edited or foreign file): shown as
    it is, so the clerk can find and correct the record, instead of failing the whole view."""
    return f"未知（{value}）"


# The label functions read stored values: plain strings, maybe ones this app does not know.
_BRANCH_KIND_LABEL_BY_VALUE: dict[str, str] = {kind.value: label for kind, label in BRANCH_KIND_LABELS.items()}


def branch_kind_label(kind: str) -> str:
    return _BRANCH_KIND_LABEL_BY_VALUE.get(kind) or unknown_label(kind)


def is_village_or_community(kind: str) -> bool:
    return kind in (BranchKind.village, BranchKind.community)


class MeetingType(StrEnum):
    """三会一课 and the other organizational-life meetings (DOMAIN.md "Organizational life")."""

    general_meeting = "general_meeting"
    committee_meeting = "committee_meeting"
    group_meeting = "group_meeting"
    party_lecture = "party_lecture"
    theme_day = "theme_day"
    life_meeting = "life_meeting"
    member_review = "member_review"
    talk = "talk"
    annual_study = "annual_study"

    @property
    def label(self) -> str:
        return MEETING_TYPE_LABELS[self]


MEETING_TYPE_LABELS: dict[MeetingType, str] = {
    MeetingType.general_meeting: "支部党员大会",
    MeetingType.committee_meeting: "支委会",
    MeetingType.group_meeting: "党小组会",
    MeetingType.party_lecture: "党课",
    MeetingType.theme_day: "主题党日",
    MeetingType.life_meeting: "组织生活会",
    MeetingType.member_review: "民主评议党员",
    MeetingType.talk: "谈心谈话",
    MeetingType.annual_study: "专题研究",
}
# Short headers for the compliance matrix, where columns are narrow.
MEETING_TYPE_SHORT: dict[MeetingType, str] = {
    MeetingType.general_meeting: "党员大会",
    MeetingType.committee_meeting: "支委会",
    MeetingType.group_meeting: "党小组会",
    MeetingType.party_lecture: "党课",
    MeetingType.theme_day: "主题党日",
    MeetingType.life_meeting: "生活会",
    MeetingType.member_review: "民主评议",
    MeetingType.talk: "谈心谈话",
    MeetingType.annual_study: "专题研究",
}
MEETING_TYPE_BY_LABEL: dict[str, MeetingType] = {label: t for t, label in MEETING_TYPE_LABELS.items()}
MEETING_TYPE_BY_LABEL.update({"党员大会": MeetingType.general_meeting, "专题研究标准化工作": MeetingType.annual_study})


_MEETING_TYPE_LABEL_BY_VALUE: dict[str, str] = {t.value: label for t, label in MEETING_TYPE_LABELS.items()}
_MEETING_TYPE_SHORT_BY_VALUE: dict[str, str] = {t.value: label for t, label in MEETING_TYPE_SHORT.items()}


def meeting_type_label(meeting_type: str, short: bool = False) -> str:
    labels = _MEETING_TYPE_SHORT_BY_VALUE if short else _MEETING_TYPE_LABEL_BY_VALUE
    return labels.get(meeting_type) or unknown_label(meeting_type)


class Period(StrEnum):
    """How often a meeting type is required."""

    month = "month"
    quarter = "quarter"
    year = "year"

    @property
    def label(self) -> str:
        return PERIOD_LABELS[self]


PERIOD_LABELS: dict[Period, str] = {Period.month: "每月", Period.quarter: "每季度", Period.year: "每年"}


# The honours a certificate is printed for (certificate.honour) and their titles.
HONOURS = {"standardized": "标准化规范化党支部", "strongest": "最强党支部"}

# Every printable document kind (print_record.document_kind) and its name, in the order
# services/documents.py REGISTRY declares them: the registry takes its labels from here, so the look
# for unknown stored values (before every reading command and at each window start) and the window's
# own print buttons need not import the printing (ReportLab and every document's builder).
DOCUMENT_LABELS = {
    "summary": "年度考评汇总表", "progress": "创建进度统计表", "meetings": "组织生活落实情况表",
    "registry": "支部基本情况表", "branch_file": "党支部档案", "certificate": "荣誉证书", "score_sheets": "考评打分表",
    "ballots": "评议票", "score_record": "评分记录表",
    "weak_cases": "软弱涣散党组织整顿台账", "weak_closure": "软弱涣散党组织整顿销号审批表",
    "inspections": "督查检查和约谈情况汇总表", "plan": "年度创建计划表", "rewards": "专项绩效奖励及经费倾斜测算表",
    "trends": "趋势分析报告",
}
DOCUMENT_KINDS = tuple(DOCUMENT_LABELS)
