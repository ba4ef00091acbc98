"""The change log's fast stable JSON writes exactly what json.dumps writes (sorted keys, no spaces,
Chinese as it is, dates ISO), whatever the values."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.glossary import MeetingType
from desktop.store import stable_json

VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70), st.floats(allow_nan=True),
    st.text(), st.dates(), st.datetimes(), st.sampled_from(list(MeetingType)),
)
# An update is logged as {column: [old, new]}; lists (and tuples, which JSON writes as lists) nest.
NESTED = st.recursive(VALUES, lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner), max_leaves=6)
FIELDS = st.dictionaries(st.text(min_size=1, max_size=12), NESTED, max_size=12)


@settings(max_examples=400, deadline=None)
@given(FIELDS)
def test_a_record_s_fields_are_written_as_json_dumps_writes_them(fields):
    assert stable_json.encode(fields) == stable_json.dumps(fields)


@settings(max_examples=100, deadline=None)
@given(st.lists(FIELDS, max_size=8), st.frozensets(st.text(min_size=1, max_size=12), max_size=3))
def test_rows_of_a_bulk_insert_are_written_one_by_one_without_the_left_out_keys(rows, left_out):
    expected = [stable_json.dumps({k: v for k, v in row.items() if k not in left_out}) for row in rows]
    assert stable_json.encode_rows(rows, left_out) == expected


def test_rows_sharing_their_keys_share_a_template_and_others_get_theirs():
    rows = [{"b": 1, "a": "甲"}, {"b": 2, "a": "乙"}, {"c": None}, {"a": date(2025, 3, 5), "b": True, "id": 7}]
    assert stable_json.encode_rows(rows, frozenset({"id"})) == [
        '{"a":"甲","b":1}', '{"a":"乙","b":2}', '{"c":null}', '{"a":"2025-03-05","b":true}']


def test_the_text_is_stable_json():
    fields = {"名称": "和平\n“社区”", "b": 0.1, "a": datetime(2025, 1, 2, 3, 4, 5), "n": float("nan"), "e": {}}
    assert stable_json.encode(fields) == '{"a":"2025-01-02T03:04:05","b":0.1,"e":{},"n":NaN,"名称":"和平\\n“社区”"}'
    assert stable_json.encode({}) == "{}"


@pytest.mark.parametrize("value", [Decimal("1.5"), object(), {1, 2}, b"bytes", [1, Decimal("1.5")]])
def test_a_value_json_has_no_form_for_is_refused(value):
    with pytest.raises(TypeError):
        stable_json.encode({"x": value})
    with pytest.raises(TypeError):
        stable_json.dumps({"x": value})
