"""What a scoring package and a laptop's return say (their manifests), and the strict reading of
them once a file has been opened (desktop/store/package.py seals and opens the bytes).

Records are named by UUID, never by row id: ids differ between the office and the laptop. Cells
are [scorer, branch, item, points] with indexes into the file's own lists, which keeps a
60,000-cell session under a megabyte. A payload that does not have exactly this shape is refused
as a whole: it can only come from a damaged or hand-made file, since the tag was valid.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from typing import Any

from desktop.errors import PackageRefused
from desktop.rules.numbers import NumberError, parse_number
from desktop.rules.scoring import Tally
from desktop.services.tallies import COUNT_COLUMNS, ComplaintEntry, FeedbackEntry, TallyForm

Cell = tuple[int, int, int, float]  # scorer, branch, item (indexes into the file's lists), points
COUNT_FIELDS = tuple(COUNT_COLUMNS)
TALLY_FIELDS = (*COUNT_FIELDS, "org_score_override", "review_grade", "veto", "complaints", "feedback")
MAX_TEXT = 4000
MAX_ROWS = 2_000_000


def fields_of(form: TallyForm) -> dict[str, Any]:
    """A tally form as flat JSON fields: each is merged (and can conflict) on its own."""
    fields: dict[str, Any] = {name: getattr(form.tally, name) for name in COUNT_FIELDS}
    fields.update(org_score_override=form.org_score_override, review_grade=form.review_grade, veto=form.veto,
                  complaints=[[c.text, c.verified] for c in form.complaints],
                  feedback=[[f.department, f.compliant, f.text] for f in form.feedback])
    return fields


def form_from(fields: dict[str, Any]) -> TallyForm:
    return TallyForm(
        tally=Tally(**{name: fields[name] for name in COUNT_FIELDS}), org_score_override=fields["org_score_override"],
        review_grade=fields["review_grade"], veto=fields["veto"],
        complaints=tuple(ComplaintEntry(text, verified) for text, verified in fields["complaints"]),
        feedback=tuple(FeedbackEntry(department, compliant, text) for department, compliant, text in fields["feedback"]),
    )


@dataclass(frozen=True)
class ItemRow:
    uuid: str
    area_code: str
    area_name: str
    item_code: str
    item_name: str
    max_points: float
    evidence_key: str | None

    @property
    def label(self) -> str:
        return f"{self.area_name}·{self.item_name}"


@dataclass(frozen=True)
class CheckoutContents:
    office: str
    revision: str
    checkout: str
    left_at: str
    file_name: str
    session: dict[str, Any]  # uuid, year, title, held_on
    rubric: dict[str, Any]  # uuid, revision, pass_line, weights, drop_extremes
    items: list[ItemRow]
    vetoes: list[tuple[str, str]]
    branches: list[tuple[str, str, str, str]]  # branch UUID, name, kind, its session_branch UUID
    scorers: list[tuple[str, str]]  # the part: UUID, name
    all_scorers: list[str]  # every scorer of the session, by name
    scores: list[Cell]
    tallies: dict[int, dict[str, Any]] | None  # branch index → fields; None: not carried
    evidence: list[tuple[int, int, str, float | None]]


@dataclass(frozen=True)
class ReturnContents:
    office: str
    revision: str
    checkout: str
    copy: str
    number: int
    session: str
    scorers: list[str]
    branches: list[str]
    items: list[str]
    scores: list[Cell]
    tallies: dict[int, dict[str, Any]] | None


class _Reader:
    """Reads one payload strictly; the first thing out of shape refuses the file."""

    def __init__(self, name: str):
        self.name = name

    def bad(self, what: str) -> PackageRefused:
        return PackageRefused(f"“{self.name}”的内容不符合评分文件的格式（{what}），可能已被其他程序改动；未做任何改动。")

    def get(self, data: Any, key: str, kind: type | tuple[type, ...]) -> Any:
        if not isinstance(data, dict) or key not in data:
            raise self.bad(f"缺少 {key}")
        return self.of(data[key], kind, key)

    def of(self, value: Any, kind: type | tuple[type, ...], what: str) -> Any:
        if isinstance(value, bool) and kind not in (bool, (bool,)):
            raise self.bad(what)
        if not isinstance(value, kind):
            raise self.bad(what)
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise self.bad(what)
        if isinstance(value, list) and len(value) > MAX_ROWS:
            raise self.bad(what)
        if isinstance(value, float) and not math.isfinite(value):
            raise self.bad(what)
        return value

    def number(self, value: Any, what: str, label: str = "", low: float | None = None,
               high: float | None = None) -> float:
        """A finite number (within [low, high]) through the one number parser: JSON reads NaN and
        Infinity, and an integer of 400 digits that float() cannot hold."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.bad(what)
        try:
            return parse_number(value, low, high)
        except NumberError as error:
            raise self.bad(f"{label or what}：{error.reason}") from None

    def uuid(self, value: Any, what: str) -> str:
        text = self.of(value, str, what)
        try:
            return str(uuid.UUID(text))
        except ValueError:
            raise self.bad(what) from None

    def optional(self, value: Any, kind: type | tuple[type, ...], what: str) -> Any:
        return None if value is None else self.of(value, kind, what)

    def row(self, value: Any, width: int, what: str) -> list:
        row = self.of(value, list, what)
        if len(row) != width:
            raise self.bad(what)
        return row

    def cells(self, value: Any, sizes: tuple[int, int, int]) -> list[Cell]:
        """The checks of `of` and `row`, written out: they run for each of 60,000 cells. JSON gives
        exact ints, floats and bools, so `type(x) is int` refuses a bool as `of` does."""
        scorers, branches, items = sizes
        cells = []
        seen = set()
        for entry in self.of(value, list, "scores"):
            if type(entry) is not list or len(entry) != 4:
                raise self.bad("scores")
            s, b, i, points = entry
            if (type(s) is not int or type(b) is not int or type(i) is not int
                    or not (0 <= s < scorers and 0 <= b < branches and 0 <= i < items)):
                raise self.bad("scores")
            kind = type(points)
            if kind is int:
                try:
                    points = float(points)
                except OverflowError:  # 400 digits: no float holds it
                    raise self.bad("scores") from None
            elif kind is not float or not math.isfinite(points):
                raise self.bad("scores")
            cells.append((s, b, i, points))
            seen.add((s, b, i))
        if len(seen) != len(cells):
            raise self.bad("同一格出现两次")
        return cells

    def tallies(self, value: Any, branches: int) -> dict[int, dict[str, Any]] | None:
        if value is None:
            return None
        result = {}
        for entry in self.of(value, list, "tallies"):
            index, fields = self.row(entry, 2, "tallies")
            if self.of(index, int, "tallies") not in range(branches) or index in result:
                raise self.bad("tallies")
            result[index] = self.fields(fields)
        return result

    def fields(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict) or set(data) != set(TALLY_FIELDS):
            raise self.bad("tallies")
        fields = {name: self.optional(data[name], int, name) for name in COUNT_FIELDS}
        override = data["org_score_override"]
        fields["org_score_override"] = None if override is None else self.number(
            override, "org_score_override", "组织评定得分", 0, 100)
        fields["review_grade"] = self.optional(data["review_grade"], str, "review_grade")
        fields["veto"] = self.optional(data["veto"], str, "veto")
        complaints = [self.row(c, 2, "complaints") for c in self.of(data["complaints"], list, "complaints")]
        fields["complaints"] = [[self.of(t, str, "complaints"), self.of(v, bool, "complaints")] for t, v in complaints]
        feedback = [self.row(f, 3, "feedback") for f in self.of(data["feedback"], list, "feedback")]
        fields["feedback"] = [[self.of(d, str, "feedback"), self.of(c, bool, "feedback"), self.optional(t, str, "feedback")]
                              for d, c, t in feedback]
        return fields

    def distinct(self, *lists: list[str]) -> None:
        if any(len(set(values)) != len(values) for values in lists):
            raise self.bad("同一记录出现两次")

    def common(self, data: dict, kind: str) -> tuple[str, str, str]:
        if self.get(data, "kind", str) != kind:
            raise self.bad("kind")
        return (self.uuid(self.get(data, "office", str), "office"), self.get(data, "revision", str),
                self.uuid(self.get(data, "checkout", str), "checkout"))


def read_checkout(data: dict, name: str) -> CheckoutContents:
    r = _Reader(name)
    office, revision, checkout = r.common(data, "checkout")
    session = r.get(data, "session", dict)
    session = {"uuid": r.uuid(r.get(session, "uuid", str), "session"), "year": r.get(session, "year", int),
               "title": r.get(session, "title", str), "held_on": r.get(session, "held_on", str)}
    rubric = r.get(data, "rubric", dict)
    weights = [r.number(w, "weights") for w in r.get(rubric, "weights", list)]
    if len(weights) != 4:
        raise r.bad("weights")
    items = [ItemRow(r.uuid(u, "items"), r.of(ac, str, "items"), r.of(an, str, "items"), r.of(ic, str, "items"),
                     r.of(nm, str, "items"), r.number(mx, "items"), r.optional(ev, str, "items"))
             for u, ac, an, ic, nm, mx, ev in (r.row(i, 7, "items") for i in r.get(rubric, "items", list))]
    vetoes = [(r.uuid(u, "vetoes"), r.of(n, str, "vetoes")) for u, n in (r.row(v, 2, "vetoes") for v in r.get(rubric, "vetoes", list))]
    branches = [(r.uuid(u, "branches"), r.of(n, str, "branches"), r.of(k, str, "branches"), r.uuid(link, "branches"))
                for u, n, k, link in (r.row(b, 4, "branches") for b in r.get(data, "branches", list))]
    scorers = [(r.uuid(u, "scorers"), r.of(n, str, "scorers")) for u, n in (r.row(s, 2, "scorers") for s in r.get(data, "scorers", list))]
    if not scorers or not items or not branches:
        raise r.bad("评分会不完整")
    r.distinct([s[0] for s in scorers], [b[0] for b in branches], [i.uuid for i in items])
    evidence = [(r.of(b, int, "evidence"), r.of(i, int, "evidence"), r.of(t, str, "evidence"),
                 None if s is None else r.number(s, "evidence"))
                for b, i, t, s in (r.row(e, 4, "evidence") for e in r.get(data, "evidence", list))]
    if any(not (0 <= b < len(branches) and 0 <= i < len(items)) for b, i, _t, _s in evidence):
        raise r.bad("evidence")
    return CheckoutContents(
        office, revision, checkout, r.get(data, "left_at", str), r.get(data, "file", str), session,
        {"uuid": r.uuid(r.get(rubric, "uuid", str), "rubric"), "revision": r.get(rubric, "revision", int),
         "pass_line": r.number(r.get(rubric, "pass_line", (int, float)), "pass_line"), "weights": weights,
         "drop_extremes": r.get(rubric, "drop_extremes", bool)},
        items, vetoes, branches, scorers, [r.of(n, str, "all_scorers") for n in r.get(data, "all_scorers", list)],
        r.cells(r.get(data, "scores", list), (len(scorers), len(branches), len(items))),
        r.tallies(r.get(data, "tallies", (list, type(None))), len(branches)), evidence,
    )


def read_return(data: dict, name: str) -> ReturnContents:
    r = _Reader(name)
    office, revision, checkout = r.common(data, "return")
    scorers, branches, items = ([r.uuid(u, key) for u in r.get(data, key, list)] for key in ("scorers", "branches", "items"))
    r.distinct(scorers, branches, items)
    number = r.get(data, "number", int)
    if number < 1:
        raise r.bad("number")
    return ReturnContents(
        office, revision, checkout, r.uuid(r.get(data, "copy", str), "copy"), number,
        r.uuid(r.get(data, "session", str), "session"), scorers, branches, items,
        r.cells(r.get(data, "scores", list), (len(scorers), len(branches), len(items))),
        r.tallies(r.get(data, "tallies", (list, type(None))), len(branches)),
    )
