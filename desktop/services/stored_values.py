"""Columns that hold a code from a fixed vocabulary (branch kind, meeting type, grade, workflow state,
...) and the records whose stored value is none of those codes.

The columns are plain text, so loading never fails; a value this app never writes (a hand edit, a
file from another program) used to end deep in a report as a traceback. Commands that read the data
look for such records first and name them (table, record, value); `verify` lists every one.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, text

from desktop.errors import DatabaseError
from desktop.store.workspace import Workspace

MAX_SHOWN = 10


def _branch_kinds() -> Collection[str]:
    from desktop.glossary import BranchKind

    return [kind.value for kind in BranchKind]


def _meeting_types() -> Collection[str]:
    from desktop.glossary import MeetingType

    return [kind.value for kind in MeetingType]


def _periods() -> Collection[str]:
    from desktop.glossary import Period

    return [period.value for period in Period]


def _grades() -> Collection[str]:
    from desktop.rules.eligibility import GRADES

    return GRADES


def _workflow_states() -> Collection[str]:
    from desktop.rules.workflow import STATES

    return STATES


def _outcomes() -> Collection[str]:
    from desktop.rules.workflow import OUTCOME_LABELS

    return OUTCOME_LABELS


def _session_statuses() -> Collection[str]:
    from desktop.models.scoring import FINALIZED, OPEN

    return (OPEN, FINALIZED)


def _honours() -> Collection[str]:
    from desktop.paper.certificates import HONOURS

    return HONOURS


def _weak_grounds() -> Collection[str]:
    from desktop.rules.weak import GROUND_LABELS

    return GROUND_LABELS


def _acceptances() -> Collection[str]:
    from desktop.rules.weak_cases import ACCEPTANCE_LABELS

    return ACCEPTANCE_LABELS


def _inspection_kinds() -> Collection[str]:
    from desktop.rules.inspections import KIND_LABELS

    return KIND_LABELS


def _classifications() -> Collection[str]:
    from desktop.rules.plan import CLASSIFICATIONS

    return CLASSIFICATIONS


def _document_kinds() -> Collection[str]:
    from desktop.services.documents import REGISTRY

    return REGISTRY


# How a record is named in a message: the clerk knows branches by name, not by row number.
_BRANCH_OF = "(SELECT name FROM branch WHERE branch.id = {table}.branch_id)"
RECORD_NAMES = {
    "branch": "name",
    "meeting": _BRANCH_OF + " || ' ' || held_on",
    "evaluation": _BRANCH_OF + " || ' ' || year || ' 年'",
    "workflow_step": _BRANCH_OF + " || ' ' || year || ' 年'",
    "certificate": _BRANCH_OF + " || ' ' || year || ' 年'",
    "meeting_rule": "year || ' 年'",
    "scoring_session": "title",
    "print_record": "code",
    "weak_case": _BRANCH_OF + " || ' ' || year || ' 年'",
    "weak_case_ground": "(SELECT (SELECT name FROM branch WHERE branch.id = weak_case.branch_id) || ' ' || weak_case.year || ' 年'"
                        " FROM weak_case WHERE weak_case.id = weak_case_ground.case_id)",
    "inspection": "held_on",
    "branch_plan": _BRANCH_OF + " || ' ' || year || ' 年'",
}


@dataclass(frozen=True)
class Vocabulary:
    table: str
    column: str
    label: str
    codes: Callable[[], Collection[str]]


VOCABULARIES = (
    Vocabulary("branch", "branch_kind", "支部类型", _branch_kinds),
    Vocabulary("meeting", "meeting_type", "会议类型", _meeting_types),
    Vocabulary("meeting_rule", "meeting_type", "会议类型", _meeting_types),
    Vocabulary("meeting_rule", "period", "周期", _periods),
    Vocabulary("evaluation", "review_grade", "述职评议等次", _grades),
    Vocabulary("workflow_step", "state", "流程环节", _workflow_states),
    Vocabulary("workflow_step", "outcome", "考评结论", _outcomes),
    Vocabulary("scoring_session", "status", "评分会状态", _session_statuses),
    Vocabulary("certificate", "honour", "荣誉类型", _honours),
    Vocabulary("print_record", "document_kind", "文件类型", _document_kinds),
    Vocabulary("weak_case_ground", "ground", "软弱涣散认定情形", _weak_grounds),
    Vocabulary("weak_case", "acceptance", "验收结论", _acceptances),
    Vocabulary("inspection", "kind", "检查方式", _inspection_kinds),
    Vocabulary("branch_plan", "classification", "创建计划类别", _classifications),
)


@dataclass(frozen=True)
class UnknownValue:
    table: str
    record_id: int
    record: str | None
    column: str
    label: str
    value: object

    def describe(self) -> str:
        name = f"（{self.record}）" if self.record else ""
        return f"{self.table} 表第 {self.record_id} 条记录{name}的{self.label}（{self.column}）为“{self.value}”"


def unknown_values(conn: Connection) -> list[UnknownValue]:
    """Every record whose vocabulary column holds a value that is not one of its codes (NULL is
    "not given" in the nullable ones, not unknown)."""
    found = []
    for vocabulary in VOCABULARIES:
        codes = set(vocabulary.codes())
        if _leads_an_index(vocabulary) and _distinct_values(conn, vocabulary) <= codes:
            continue
        table, column = vocabulary.table, vocabulary.column
        name = RECORD_NAMES[table].format(table=table)
        query = text(
            f"SELECT id, {name}, {column} FROM {table} WHERE {column} IS NOT NULL AND {column} NOT IN :codes"
            f"{_LIVE if _tombstoned(table) else ''} ORDER BY id"
        ).bindparams(bindparam("codes", expanding=True))
        for record_id, record, value in conn.execute(query, {"codes": sorted(codes)}):
            found.append(UnknownValue(table, record_id, record, column, vocabulary.label, value))
    return found


# A deleted record (a tombstone) is read by no report: its values are nobody's concern. The seek
# below may still meet them; it only decides whether this slower look is needed.
_LIVE = " AND deleted_at IS NULL"


def _tombstoned(table: str) -> bool:
    from desktop.models import Base

    return "deleted_at" in Base.metadata.tables[table].c


def _leads_an_index(vocabulary: Vocabulary) -> bool:
    from desktop.models import Base

    table = Base.metadata.tables[vocabulary.table]
    return any(next(iter(index.columns)).name == vocabulary.column for index in table.indexes)


def _distinct_values(conn: Connection, vocabulary: Vocabulary) -> set:
    """The column's distinct values, one index seek each: every command looks, and a district's
    ten years of meetings are nearly a million rows to scan for nine codes."""
    table, column = vocabulary.table, vocabulary.column
    seek = text(f"SELECT min({column}) FROM {table} WHERE {column} > :after")
    values, value = set(), conn.execute(text(f"SELECT min({column}) FROM {table}")).scalar()
    while value is not None:
        values.add(value)
        value = conn.execute(seek, {"after": value}).scalar()
    return values


# What follows from the finding: a command stops before its report; the window keeps going and shows
# such values as 未知（…） (glossary.unknown_label), so the clerk can find and correct them.
COMMAND_STOPPED = "为免得出错误的结果，操作未执行"
WINDOW_GOES_ON = "这些记录在窗口中显示为“未知（…）”，相关的统计和判定可能不准确"


class UnknownStoredValues(DatabaseError):
    def __init__(self, found: list[UnknownValue], consequence: str = COMMAND_STOPPED):
        shown = "\n".join(f"  {value.describe()}" for value in found[:MAX_SHOWN])
        more = f"\n  ……共 {len(found)} 处" if len(found) > MAX_SHOWN else ""
        super().__init__(
            f"数据库中有 {len(found)} 处本软件不认识的取值（可能被手工修改过，或来自其他程序的文件），"
            f"{consequence}：\n{shown}{more}\n"
            "支部类型可用支部台账导入（import branches）改正；其他取值请从改动前的备份恢复（restore）。"
            "用 branchdesk verify 可列出全部问题。"
        )
        self.found = found


def refuse_unknown_values(ws: Workspace, consequence: str = COMMAND_STOPPED) -> None:
    with ws.engine.connect() as conn:
        found = unknown_values(conn)
    if found:
        raise UnknownStoredValues(found, consequence)
