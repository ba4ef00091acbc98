"""评先评优资格 (seed §四(一), DOMAIN R10): which branches (and so their members and 党务工作者) may
be put up for 优秀共产党员 / 优秀党务工作者 / 先进基层党组织, which first, per level of honour.

- 街道党工委 and the 区委 (`street`, `district`): the branch reached the standard that year
  (a revoked standardization bars it); a 最强 rating (区级 or above, not revoked) puts it first.
- 自治区党委 and above (`autonomous_region`): rated 最强 at 区级 or above, not revoked.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.rules.rewards import LEVEL_LABELS, Tiers

LEVELS = {"street": "街道党工委表彰", "district": "区级党委表彰", "autonomous_region": "自治区党委以上表彰"}
HONOURS = "优秀共产党员、优秀党务工作者、先进基层党组织"


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    priority: bool
    reason: str


def level_problem(level: str) -> str | None:
    if level not in LEVELS:
        return f"未知的表彰层级“{level}”，应为：" + "、".join(f"{k}（{v}）" for k, v in LEVELS.items())
    return None


def _lost(t: Tiers) -> str:
    return "".join(f"{r.text()}；" for r in t.revocations)


def eligibility(t: Tiers, level: str) -> Eligibility:
    lost = _lost(t)
    if not t.standardized:
        why = [r.text() for r in t.revocations]
        if not any(r.tier == "standardized" for r in t.revocations):
            why.append(f"未达到标准化规范化（{t.shown}）")
        return Eligibility(False, False, "；".join(why) + "，不能参评")
    rated = LEVEL_LABELS[t.strongest_level] if t.strongest_level else None
    if level == "autonomous_region":
        if rated:
            return Eligibility(True, True, f"{lost}被评定为{rated}，可参评自治区级表彰")
        short = "已由街道推荐最强，尚未经区级以上党委评定" if t.recommended else "已达到标准化规范化，但未被区级以上党委评定为最强党支部"
        return Eligibility(False, False, f"{lost}{short}，不能参评自治区级表彰")
    if rated:
        return Eligibility(True, True, f"{lost}已达到标准化规范化并被评定为{rated}，优先推荐")
    return Eligibility(True, False, f"{lost}已达到标准化规范化，可参评")
