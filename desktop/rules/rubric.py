"""The default rubric (考评细则): DOMAIN.md's 100-point table and the common veto items.

Plain data: the rubric service copies it into a year's own rubric the first time that year is used.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ItemSpec:
    area_code: str
    area_name: str
    item_code: str
    item_name: str
    max_points: float
    evidence_key: str | None = None


AREAS = {
    "setup": "组织设置", "team": "队伍建设", "life": "组织生活",
    "rules": "制度落实", "support": "阵地保障", "role": "作用发挥",
}

_TABLE = (
    ("setup", "committee", "按人数规范设置/支委配齐", 4, "committee"),
    ("setup", "term", "按期换届", 3, "term"),
    ("setup", "groups", "党小组划分", 1, None),
    ("setup", "info", "信息准确", 2, None),
    ("team", "secretary", "书记选配与述职", 5, None),
    ("team", "training", "书记/支委培训", 4, "training"),
    ("team", "education", "党员教育学时", 3, None),
    ("team", "recruitment", "发展党员", 3, None),
    ("life", "general_meeting", "党员大会", 4, "general_meeting"),
    ("life", "committee_meeting", "支委会", 6, "committee_meeting"),
    ("life", "group_meeting", "党小组会", 4, "group_meeting"),
    ("life", "party_lecture", "党课", 4, "party_lecture"),
    ("life", "theme_day", "主题党日", 6, "theme_day"),
    ("life", "life_meeting", "组织生活会+民主评议", 4, "life_meeting"),
    ("life", "talk", "谈心谈话", 2, "talk"),
    ("rules", "dues", "党费", 3, None),
    ("rules", "procedure", "议事规则", 3, None),
    ("rules", "openness", "党务公开", 2, None),
    ("rules", "records", "台账记录", 5, None),
    ("rules", "reporting", "请示报告", 2, None),
    ("support", "venue", "活动场所", 4, None),
    ("support", "signage", "标识", 2, None),
    ("support", "funds", "经费", 2, None),
    ("support", "digital", "信息化", 2, None),
    ("role", "service", "服务中心工作/群众", 8, None),
    ("role", "satisfaction", "群众满意度", 6, None),
    ("role", "vanguard", "党员先锋/志愿服务", 4, None),
    ("role", "innovation", "创新/荣誉", 2, None),
)

DEFAULT_ITEMS: tuple[ItemSpec, ...] = tuple(
    ItemSpec(area, AREAS[area], f"{area}.{code}", name, float(points), evidence)
    for area, code, name, points, evidence in _TABLE
)
DEFAULT_VETOES: tuple[str, ...] = (
    "重大违纪违法", "逾期未换届", "班子严重不团结", "重大安全/群体性事件", "组织生活半年以上未开展",
)
DEFAULT_PASS_LINE = 85.0
DEFAULT_WEIGHTS = (0.4, 0.3, 0.2, 0.1)  # org, member, public, social
HALF_POINT = 0.5
