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
        return self in (BranchKind.village, BranchKind.community)


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
