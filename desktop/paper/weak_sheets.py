"""整顿提升 on paper: the 软弱涣散党组织整顿台账 of a year (a wide sheet, landscape), the one-case
整顿销号审批表 with its progress and a signature and seal block, and the year's 督查检查情况汇总表
(inspections and 约谈 in one log).

Builders take plain rows (duck-typed: desktop.services.weak_cases.CaseView, desktop.services.
inspections.InspectionView and TalkView have the attributes read here) and never read the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from desktop.paper.layout import Col, Section
from desktop.paper.sheets import Sheet, SheetColumn, Signing, fingerprint
from desktop.paper.signature import Signature
from desktop.rules.collation import branch_order_key, in_branch_order
from desktop.rules.inspections import KIND_LABELS, TALK_LABEL
from desktop.rules.weak import GROUND_LABELS
from desktop.rules.weak_cases import ACCEPTANCE_LABELS, STATE_LABELS


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _grounds(grounds: Sequence[str]) -> str:
    return "、".join(GROUND_LABELS.get(g, g) for g in grounds)


def _progress(case: Any) -> str:
    return "\n".join(f"{p.noted_on:%m-%d} {p.text}" for p in case.progress) or "—"


def _acceptance(form: Any) -> str | None:
    if form.accepted_on is None:
        return None
    return f"{form.accepted_on:%Y-%m-%d}\n{ACCEPTANCE_LABELS.get(form.acceptance, form.acceptance)}"


def _state(case: Any) -> str:
    return STATE_LABELS.get(case.state, case.state) + ("\n（逾期）" if case.overdue else "")


def _signature(signing: Signing | None) -> Signature | None:
    if signing is None:
        return None
    day = signing.signed_on
    return Signature((("制表人", signing.preparer), ("审核人", signing.reviewer),
                      ("日期", f"{day.year}年{day.month}月{day.day}日")), signing.issuer)


# ---------------------------------------------------------------- 整顿台账

LEDGER_COLUMNS = (
    SheetColumn("序号", "seq", 7), SheetColumn("党组织", "name", 22, "left"), SheetColumn("认定情形", "grounds", 21, "left"),
    SheetColumn("具体问题", "problems", 26, "left"), SheetColumn("整顿措施", "measures", 26, "left"),
    SheetColumn("联系领导", "leader", 11), SheetColumn("第一书记（指导员）", "first", 12), SheetColumn("责任人", "responsible", 10),
    SheetColumn("整改时限", "deadline", 17), SheetColumn("月度进展", "progress", 28, "left"),
    SheetColumn("验收日期/结论", "acceptance", 17), SheetColumn("销号日期", "closed", 17), SheetColumn("状态", "state", 11),
)


def ledger_sheet(year: int, cases: Sequence[Any], signing: Signing | None = None) -> Sheet:
    records = []
    for seq, case in enumerate(in_branch_order(cases), start=1):
        form = case.form
        records.append({
            "seq": seq, "name": case.name, "grounds": _grounds(form.grounds), "problems": form.problems,
            "measures": form.measures, "leader": form.contact_leader, "first": form.first_secretary,
            "responsible": form.responsible, "deadline": _day(form.deadline), "progress": _progress(case),
            "acceptance": _acceptance(form), "closed": _day(form.closed_on), "state": _state(case),
        })
    closed = sum(1 for c in cases if c.state == "closed")
    overdue = sum(1 for c in cases if c.overdue)
    totals = [{"name": f"合计 {len(cases)} 个", "progress": f"已销号 {closed} 个，未销号 {len(cases) - closed} 个",
               "state": f"逾期 {overdue} 个"}]
    return Sheet(
        "weak_cases", f"{year}年度软弱涣散党组织整顿台账", (f"认定年度：{year} 年　　软弱涣散党组织：{len(cases)} 个",),
        LEDGER_COLUMNS, records, totals,
        (f"目标：软弱涣散党组织动态清零。{year} 年认定 {len(cases)} 个，已销号 {closed} 个，尚在整顿 {len(cases) - closed} 个，"
         f"其中超过整改时限未通过验收的 {overdue} 个。",
         "说明：认定情形中“群众满意率低于60%”“组织生活不正常”等由台账数据排查得出，其余由街道党工委研判认定；销号须经验收通过。"),
        size=8, pad=1.8, signature=_signature(signing),
    )


# ---------------------------------------------------------------- 整顿销号审批表

CLOSURE_COLUMNS = (Col("项目", 34), Col("内容", 122, "left"))
OPINION = "\n\n（签字）　　　　　　　　　　年　　月　　日"


def closure_rows(case: Any) -> list[tuple[str, str]]:
    form = case.form
    people = "　".join(f"{label}：{name or '—'}" for label, name in (
        ("联系领导", form.contact_leader), ("第一书记（指导员）", form.first_secretary), ("责任人", form.responsible)))
    acceptance = _acceptance(form)
    return [
        ("党组织名称", case.name),
        ("认定年度", f"{case.year} 年" + (f"（{form.identified_on:%Y-%m-%d} 认定）" if form.identified_on else "")),
        ("认定情形", _grounds(form.grounds)),
        ("具体问题", form.problems or "—"),
        ("整顿措施", form.measures or "—"),
        ("责任人员", people),
        ("整改时限", _day(form.deadline) or "—"),
        ("整顿进展", _progress(case)),
        ("验收情况", acceptance.replace("\n", " 验收") if acceptance else "尚未验收"),
        ("销号日期", _day(form.closed_on) or "（待审批后填写）"),
        ("党组织意见", OPINION),
        ("联系领导意见", OPINION),
    ]


def closure_sections(cases: Sequence[Any], issuer: str) -> list[Section]:
    """One form per case, each on its own page, closed by the issuer's signature and seal block."""
    return [
        Section(
            title="软弱涣散党组织整顿销号审批表",
            subtitle=(f"{case.name}　　认定年度：{case.year} 年　　当前状态：{_state(case).replace(chr(10), '')}",),
            columns=CLOSURE_COLUMNS, rows=closure_rows(case), size=10.5, pad=2.4, title_size=18,
            notes=("街道党工委审批意见：□ 同意销号　　□ 暂缓销号，继续整顿",),
            signature=Signature((("审批人", None), ("日期", None)), issuer),
        )
        for case in in_branch_order(cases)
    ]


def closure_fingerprint(cases: Sequence[Any]) -> str:
    return fingerprint([[case.name, case.year, *closure_rows(case)] for case in in_branch_order(cases)])


# ---------------------------------------------------------------- 督查检查情况汇总表

INSPECTION_COLUMNS = (
    SheetColumn("序号", "seq", 8), SheetColumn("日期", "day", 18), SheetColumn("方式", "kind", 20),
    SheetColumn("检查（约谈）人", "who", 24, "left"), SheetColumn("党支部", "branch", 30, "left"),
    SheetColumn("发现问题（约谈事由）", "found", 40, "left"), SheetColumn("整改要求（约谈意见）", "follow_up", 40, "left"),
    SheetColumn("整改时限", "deadline", 18), SheetColumn("完成情况", "done", 24),
)


def _done(visit: Any) -> str:
    if visit.closed_on is not None:
        return f"{visit.closed_on:%Y-%m-%d} 完成"
    if not visit.follow_up:
        return "—"
    return "逾期未完成" if visit.overdue else "整改中"


def inspections_sheet(year: int, inspections: Sequence[Any], talks: Sequence[Any]) -> Sheet:
    entries: list[tuple[date, int, dict[str, Any]]] = []
    for inspection in inspections:
        kind = KIND_LABELS.get(inspection.kind, inspection.kind)
        for visit in inspection.visits:
            entries.append((inspection.held_on, 0, {
                "day": _day(inspection.held_on), "kind": kind + (f"\n{inspection.topic}" if inspection.topic else ""),
                "who": inspection.inspectors, "branch": visit.name, "found": visit.findings, "follow_up": visit.follow_up,
                "deadline": _day(visit.deadline), "done": _done(visit)}))
    for talk in talks:
        person = talk.person + (f"（{talk.role}）" if talk.role else "")
        entries.append((talk.held_on, 1, {
            "day": _day(talk.held_on), "kind": TALK_LABEL, "who": talk.by_whom, "branch": f"{talk.name}\n{person}",
            "found": talk.reason, "follow_up": talk.agreed, "deadline": None, "done": "—"}))
    entries.sort(key=lambda e: (e[0], e[1], branch_order_key(e[2]["branch"])))
    records = [{"seq": seq, **record} for seq, (_day_, _order, record) in enumerate(entries, start=1)]
    visits = [v for i in inspections for v in i.visits]
    owed = sum(1 for v in visits if v.follow_up and v.closed_on is None)
    by_kind = "，".join(f"{label} {sum(1 for i in inspections if i.kind == code)} 次" for code, label in KIND_LABELS.items())
    return Sheet(
        "inspections", f"{year}年度督查检查和约谈情况汇总表",
        (f"年度：{year} 年　　督查检查 {len(inspections)} 次（{by_kind}），检查党支部 {len(visits)} 个次，约谈 {len(talks)} 人次",),
        INSPECTION_COLUMNS, records, [],
        (f"尚未完成整改的 {owed} 个次，其中逾期 {sum(1 for v in visits if v.overdue)} 个次。",), size=8.5, pad=1.8,
    )
