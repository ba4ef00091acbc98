"""创建计划与激励 on paper: the year's 年度创建计划表 and the 专项绩效奖励及经费倾斜测算表, both wide
(landscape), with the signature block. Builders take plain rows (duck-typed: desktop.services.plan
PlanRow, desktop.services.rewards RewardRow) and never read the database."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop.paper.sheets import Sheet, SheetColumn, Signing, kind_label, signature_of
from desktop.rules.plan import CLASSIFICATIONS
from desktop.rules.rewards import Rates, yuan

UNDECIDED = "未定"

PLAN_COLUMNS = (
    SheetColumn("序号", "seq", 8), SheetColumn("党组织", "name", 40, "left"), SheetColumn("类型", "kind", 14),
    SheetColumn("类别", "classification", 12), SheetColumn("本年度计划达标", "planned", 16),
    SheetColumn("措施", "measures", 45, "left"), SheetColumn("责任人", "responsible", 16),
    SheetColumn("备注", "notes", 30, "left"), SheetColumn("研判依据", "basis", 62, "left"),
)


def plan_sheet(year: int, rows: Sequence[Any], count: Any, signing: Signing | None = None) -> Sheet:
    records = []
    for seq, r in enumerate(rows, start=1):
        s = r.stored
        records.append({
            "seq": seq, "name": r.name, "kind": kind_label(r.branch_kind),
            "classification": CLASSIFICATIONS.get(s.classification, s.classification) if s else UNDECIDED,
            "planned": s.planned if s else UNDECIDED, "measures": s.measures if s else None,
            "responsible": s.responsible if s else None, "notes": s.notes if s else None, "basis": r.suggestion.text,
        })
    by_class = {code: sum(1 for r in rows if r.stored and r.stored.classification == code) for code in CLASSIFICATIONS}
    undecided = sum(1 for r in rows if r.stored is None)
    totals = [{"name": f"合计 {len(rows)} 个", "classification": "　".join(f"{CLASSIFICATIONS[c]}{n}" for c, n in by_class.items()),
               "planned": f"计划 {count.planned} 个"}]
    notes = [f"{year} 年{count.text}。"]
    if undecided:
        notes.append(f"尚有 {undecided} 个党支部未研判定类（类别栏“{UNDECIDED}”）。")
    notes.append("说明：类别按调研摸底、综合研判分类排队（先进、一般、后进）；研判依据为上年度创建结果、台账问题和软弱涣散整顿情况。")
    return Sheet("plan", f"{year}年度党支部标准化规范化创建计划表",
                 (f"年度：{year} 年　　党支部：{len(rows)} 个",), PLAN_COLUMNS, records, totals, tuple(notes),
                 size=8, pad=1.8, signature=signature_of(signing))


REWARD_COLUMNS = (
    SheetColumn("序号", "seq", 8), SheetColumn("党组织", "name", 38, "left"), SheetColumn("类型", "kind", 12),
    SheetColumn("创建情况", "standing", 16), SheetColumn("班子年待遇报酬总额（元）", "pay", 18, "right"),
    SheetColumn("一般保障标准（元）", "base", 16, "right"), SheetColumn("专项绩效奖励（元）", "bonus", 16, "right"),
    SheetColumn("奖励测算依据", "bonus_rule", 42, "left"), SheetColumn("经费上浮（元）", "uplift", 14, "right"),
    SheetColumn("经费合计（元）", "funding", 16, "right"), SheetColumn("经费测算依据", "funding_rule", 47, "left"),
)


def _missing(fen: int | None) -> str:
    return yuan(fen) if fen is not None else "待录入"


def rewards_sheet(year: int, rows: Sequence[Any], rates: Rates, signing: Signing | None = None) -> Sheet:
    records = []
    for seq, r in enumerate(rows, start=1):
        f = r.figures
        records.append({
            "seq": seq, "name": r.name, "kind": kind_label(r.branch_kind), "standing": r.standing,
            "pay": yuan(r.pay_total_fen) if r.pay_total_fen is not None else None,
            "base": yuan(r.base_funding_fen) if r.base_funding_fen is not None else None,
            "bonus": _missing(f.bonus_fen), "bonus_rule": f.bonus_rule,
            "uplift": _missing(f.uplift_fen), "funding": _missing(f.funding_fen),
            "funding_rule": f.funding_rule,
        })
    bonus = sum(r.figures.bonus_fen or 0 for r in rows)
    uplift = sum(r.figures.uplift_fen or 0 for r in rows)
    funding = sum(r.figures.funding_fen or 0 for r in rows)
    missing = sum(1 for r in rows if r.figures.bonus_fen is None or r.figures.funding_fen is None)
    totals = [{"name": f"合计 {len(rows)} 个", "bonus": yuan(bonus), "uplift": yuan(uplift), "funding": yuan(funding)}]
    notes = [
        f"测算标准（{year} 年）：标准化规范化的村、社区党支部一次性专项绩效奖励 {yuan(rates.standardized_bonus_fen)} 元，"
        f"经费上浮 {rates.standardized_uplift_percent:g}%；被区级以上党委评定为“最强党支部”的，奖励为村、社区党组织班子成员"
        f"现行年待遇报酬总额的 {rates.strongest_bonus_percent:g}%，经费在一般保障标准基础上上浮 {rates.district_uplift_percent:g}%；"
        "被市委评定的，另加市委组织部一次性奖补。高一级待遇替代低一级待遇，不叠加。",
        "评定被撤销的，自撤销之日起取消相应待遇；标准化规范化被撤销的，不享受任何奖励和经费倾斜。",
    ]
    if missing:
        notes.append(f"有 {missing} 个党支部缺少报酬总额或一般保障标准，相应金额显示“待录入”，未计入合计。")
    return Sheet("rewards", f"{year}年度党支部专项绩效奖励及经费倾斜测算表",
                 (f"年度：{year} 年　　党支部：{len(rows)} 个　　金额单位：元",), REWARD_COLUMNS, records, totals,
                 tuple(notes), size=7.5, pad=1.6, signature=signature_of(signing))
