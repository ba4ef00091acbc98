"""The .bdsession reader on hostile input: random bytes, and every kind of mutation of a genuine
file, are refused with PackageRefused (a Chinese message), never with another exception; a payload
that authenticates but is out of shape is refused the same way."""

from __future__ import annotations

import copy
import os
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.errors import PackageRefused
from desktop.services import packages
from desktop.store import package

KEY = os.urandom(32)
CHECKOUT = str(uuid.uuid4())
U = [str(uuid.uuid4()) for _ in range(4)]
PAYLOAD = {"kind": "return", "office": U[0], "revision": "0009", "checkout": CHECKOUT, "copy": U[1], "number": 2,
           "session": U[2], "scorers": [U[3]], "branches": [U[1]], "items": [U[2]], "scores": [[0, 0, 0, 2.5]],
           "tallies": [[0, packages.fields_of(packages.form_from({**{k: None for k in packages.COUNT_FIELDS},
                                                                   "org_score_override": None, "review_grade": None,
                                                                   "veto": None, "complaints": [["路灯", True]],
                                                                   "feedback": [["城管", False, None]]}))]]}
GENUINE = package.seal(package.RETURN, CHECKOUT, KEY, PAYLOAD)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read(data: bytes) -> packages.ReturnContents:
    header = package.read_header(data, "回.bdsession", package.RETURN)
    return packages.read_return(package.unseal(data, header, KEY, "回.bdsession", "校验未通过"), "回.bdsession")


def test_the_genuine_file_reads():
    contents = read(GENUINE)
    assert (contents.number, contents.scores) == (2, [(0, 0, 0, 2.5)])


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_are_refused(data):
    with pytest.raises(PackageRefused):
        read(data)


@st.composite
def mutated(draw):
    data = bytearray(GENUINE)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "set", "insert", "delete", "cut", "append"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "set" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete" and data:
            del data[at:at + draw(st.integers(1, 8))]
        elif kind == "cut":
            del data[at:]
        else:
            data += draw(st.binary(min_size=1, max_size=8))
    return bytes(data)


@FUZZ
@given(mutated())
def test_every_mutation_of_a_genuine_file_is_refused(data):
    if data == GENUINE:
        return
    with pytest.raises(PackageRefused):
        read(data)


JSON = st.recursive(st.none() | st.booleans() | st.integers(-3, 10**12) | st.floats(allow_nan=True) | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
                    max_leaves=12)


@FUZZ
@given(st.sampled_from(sorted(PAYLOAD)), JSON)
def test_an_authenticated_payload_reads_in_shape_or_is_refused(field, value):
    payload = copy.deepcopy(PAYLOAD)
    payload[field] = value
    try:
        contents = packages.read_return(payload, "回.bdsession")
    except PackageRefused:
        return
    # What reads is in shape: the indexes of every cell point into the file's own lists.
    assert all(s < len(contents.scorers) and b < len(contents.branches) and i < len(contents.items)
               for s, b, i, _p in contents.scores)


@FUZZ
@given(JSON)
def test_a_payload_that_is_not_a_manifest_is_refused(value):
    with pytest.raises(PackageRefused):
        packages.read_return(value if isinstance(value, dict) else {"x": value}, "回.bdsession")
        packages.read_checkout(value if isinstance(value, dict) else {"x": value}, "回.bdsession")


def _with_override(value):
    payload = copy.deepcopy(PAYLOAD)
    payload["tallies"][0][1]["org_score_override"] = value
    return payload


@pytest.mark.parametrize(("value", "reason"), [
    (float("nan"), "组织评定得分：“nan”不是数字"),
    (float("inf"), "组织评定得分：“inf”不是数字"),
    (float("-inf"), "组织评定得分：“-inf”不是数字"),
    (10**400, "组织评定得分：1" + "0" * 19 + "… 超出 0–100 的范围"),  # json reads it as an int no float holds
    (101, "组织评定得分：101 超出 0–100 的范围"),
    (-0.5, "组织评定得分：-0.5 不能为负"),
])
def test_an_unusable_org_score_is_refused_by_name(value, reason):
    with pytest.raises(PackageRefused) as refused:
        packages.read_return(_with_override(value), "回.bdsession")
    assert reason in refused.value.message


def test_a_json_override_of_nan_or_400_digits_is_refused():
    import json

    for text in ("NaN", "Infinity", "1" + "0" * 400):
        payload = json.loads(json.dumps(_with_override(None)).replace('"org_score_override": null',
                                                                       f'"org_score_override": {text}'))
        with pytest.raises(PackageRefused, match="组织评定得分"):
            packages.read_return(payload, "回.bdsession")
    assert packages.read_return(_with_override(98.5), "回.bdsession").tallies[0]["org_score_override"] == 98.5


def test_a_score_of_400_digits_is_refused_not_overflowed():
    payload = copy.deepcopy(PAYLOAD)
    payload["scores"] = [[0, 0, 0, 10**400]]
    with pytest.raises(PackageRefused):
        packages.read_return(payload, "回.bdsession")
