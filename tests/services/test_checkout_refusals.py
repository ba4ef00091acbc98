"""Every file the office or a laptop must refuse: a Chinese message, and the database byte for byte
as it was (compared as full SQL dumps before and after)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.errors import BranchdeskError, PackageRefused
from desktop.models import Checkout, CheckoutData, SessionScorer
from desktop.services import checkout, laptop, merge, scoring
from desktop.services.checkout import KEY
from desktop.services.held import OfficeOnlyError
from desktop.store import package, pairing
from tests.services.checkout_helpers import BRANCHES, computers, dump, place, seed_office, type_score

__all__ = ["computers"]


@pytest.fixture
def loop(computers, tmp_path):
    """The office checked 甲 out (with the tallies) and 乙 (without) to laptop A and B; both typed a
    score and made a return; nothing is merged yet."""
    office, a, b = computers
    session_id = seed_office(office.ws)
    type_score(office.ws, session_id, "丙", BRANCHES[0], 0, 1)
    to_a = checkout.export_part(office.ws, session_id, tmp_path / "a", ["甲"])
    to_b = checkout.export_part(office.ws, session_id, tmp_path / "b", ["乙"])
    on_a = laptop.open_package(a.ws, to_a.file, to_a.code).session_id
    on_b = laptop.open_package(b.ws, to_b.file, to_b.code).session_id
    type_score(a.ws, on_a, "甲", BRANCHES[0], 0, 2)
    type_score(b.ws, on_b, "乙", BRANCHES[1], 0, 3)
    return {"office": office, "a": a, "b": b, "session": session_id, "to_a": to_a, "to_b": to_b, "on_a": on_a,
            "back_a": laptop.make_return(a.ws, on_a, tmp_path / "back-a").file,
            "back_b": laptop.make_return(b.ws, on_b, tmp_path / "back-b").file}


def _key(office, checkout_uuid: str) -> bytes:
    with office.ws.read() as session:
        row = session.scalar(select(Checkout).where(Checkout.uuid == checkout_uuid))
        return session.get(CheckoutData, (row.id, KEY)).data


def forged(office, path, change) -> bytes:
    """A return re-sealed with the right key after `change(payload)`: what only someone holding
    the key could make, so only the checks after decryption can refuse it."""
    data = path.read_bytes()
    header = package.read_header(data, path.name, package.RETURN)
    key = _key(office, header.checkout)
    payload = package.unseal(data, header, key, path.name, "")
    change(payload)
    return package.seal(package.RETURN, header.checkout, key, payload)


def scorer_uuid(office, name: str) -> str:
    with office.ws.read() as session:
        return session.scalar(select(SessionScorer.uuid).where(SessionScorer.name == name))


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def _set(key, value):
    return lambda payload: payload.__setitem__(key, value)


BYTES = {
    "flipped magic": lambda d: flip(d, 0),
    "flipped format": lambda d: flip(d, 8),
    "flipped kind": lambda d: flip(d, 9),
    "flipped check-out id": lambda d: flip(d, 12),
    "flipped salt": lambda d: flip(d, 30),
    "flipped cost": lambda d: flip(d, 50),
    "flipped nonce": lambda d: flip(d, 55),
    "flipped ciphertext": lambda d: flip(d, 80),
    "flipped tag": lambda d: flip(d, len(d) - 1),
    "truncated by one byte": lambda d: d[:-1],
    "truncated to half": lambda d: d[:len(d) // 2],
    "truncated to the header": lambda d: d[:package.HEADER_BYTES],
    "truncated inside the magic": lambda d: d[:5],
    "one byte appended": lambda d: d + b"\0",
    "the file twice": lambda d: d + d,
    "empty": lambda d: b"",
    "newer file format": lambda d: d[:8] + bytes([package.FORMAT + 1]) + d[9:],
    "a package, not a return": None,  # the package file itself
}


@pytest.mark.parametrize("variant", sorted(BYTES))
def test_a_damaged_return_is_refused_and_changes_nothing(loop, tmp_path, variant):
    office = loop["office"]
    source = loop["to_a"].file if BYTES[variant] is None else loop["back_a"]
    data = source.read_bytes() if BYTES[variant] is None else BYTES[variant](loop["back_a"].read_bytes())
    path = tmp_path / "bad.bdsession"
    path.write_bytes(data)
    before = dump(office.file)
    with pytest.raises(PackageRefused, match="未做任何改动"):
        merge.merge(office.ws, path)
    with pytest.raises(PackageRefused):
        merge.merge(office.ws, path, dry_run=True)
    assert dump(office.file) == before


def _forgeries(loop):
    office = loop["office"]
    other = loop["to_b"].checkout
    bing = scorer_uuid(office, "乙")
    return {
        "edited manifest: another check-out": (loop["back_a"], _set("checkout", other), "文件头不符"),
        "edited manifest: another session": (loop["back_a"], _set("session", "00000000-0000-4000-8000-000000000000"), "已不存在"),
        "edited manifest: a missing field": (loop["back_a"], lambda p: p.pop("copy"), "格式"),
        "for another office": (loop["back_a"], _set("office", "00000000-0000-4000-8000-000000000001"), "另一个单位"),
        "from a newer schema": (loop["back_a"], _set("revision", "9999"), "更新版本"),
        "cells outside the part": (loop["back_a"], lambda p: p["scorers"].__setitem__(0, bing), "不属于这次带出"),
        "tallies outside the part": (loop["back_b"], lambda p: p.__setitem__("tallies", []), "四评录入没有随这次带出"),
        "a score out of range": (loop["back_a"], lambda p: p["scores"][0].__setitem__(3, 99), "超出"),
        "a score of a quarter point": (loop["back_a"], lambda p: p["scores"][0].__setitem__(3, 1.25), "半分"),
        "a branch not in the session": (loop["back_a"], lambda p: p["branches"].__setitem__(0, bing), "不在该评分会"),
    }


FORGERIES = ["edited manifest: another check-out", "edited manifest: another session", "edited manifest: a missing field",
             "for another office", "from a newer schema", "cells outside the part", "tallies outside the part",
             "a score out of range", "a score of a quarter point", "a branch not in the session"]


@pytest.mark.parametrize("variant", FORGERIES)
def test_a_return_sealed_with_the_right_key_is_still_checked(loop, tmp_path, variant):
    office = loop["office"]
    source, change, message = _forgeries(loop)[variant]
    path = tmp_path / "forged.bdsession"
    path.write_bytes(forged(office, source, change))
    before = dump(office.file)
    with pytest.raises(PackageRefused, match=message):
        merge.merge(office.ws, path)
    assert dump(office.file) == before


def test_a_return_made_for_another_office_is_refused(loop, tmp_path, monkeypatch):
    elsewhere = place(tmp_path, "office-2")
    try:
        made = checkout.export_part(elsewhere.ws, seed_office(elsewhere.ws), tmp_path / "elsewhere")
        laptop_c = place(tmp_path, "laptop-c")
        try:
            there = laptop.open_package(laptop_c.ws, made.file, made.code).session_id
            back = laptop.make_return(laptop_c.ws, there, tmp_path / "back-c").file
        finally:
            laptop_c.db.close()
    finally:
        elsewhere.db.close()
    office = loop["office"]
    before = dump(office.file)
    with pytest.raises(PackageRefused, match="另一个单位"):
        merge.merge(office.ws, back)
    assert dump(office.file) == before


def test_a_replayed_older_return_is_refused(loop, tmp_path):
    office, a = loop["office"], loop["a"]
    type_score(a.ws, loop["on_a"], "甲", BRANCHES[0], 0, 4)
    newer = laptop.make_return(a.ws, loop["on_a"], tmp_path / "newer").file
    merge.merge(office.ws, newer)
    before = dump(office.file)
    with pytest.raises(PackageRefused, match="更早"):
        merge.merge(office.ws, loop["back_a"])
    assert dump(office.file) == before


def test_a_return_for_scorers_checked_out_again_waits(loop, tmp_path):
    office = loop["office"]
    checkout.cancel(office.ws, loop["session"], "换人", ["甲"])
    checkout.export_part(office.ws, loop["session"], tmp_path / "again", ["甲"])
    before = dump(office.file)
    with pytest.raises(PackageRefused, match="请等该文件带回合并"):
        merge.merge(office.ws, loop["back_a"])
    assert dump(office.file) == before


def test_prefer_must_name_a_side(loop):
    with pytest.raises(BranchdeskError, match="office"):
        merge.merge(loop["office"].ws, loop["back_a"], prefer="both")


PACKAGE_BYTES = ["flipped ciphertext", "flipped salt", "flipped cost", "flipped tag", "truncated by one byte",
                 "one byte appended", "empty", "newer file format", "flipped magic"]


@pytest.mark.parametrize("variant", PACKAGE_BYTES)
def test_a_damaged_package_is_refused_on_the_laptop(computers, tmp_path, variant):
    office, _a, b = computers
    made = checkout.export_part(office.ws, seed_office(office.ws), tmp_path / "a")
    path = tmp_path / "bad.bdsession"
    path.write_bytes(BYTES[variant](made.file.read_bytes()))
    before = dump(b.file)
    with pytest.raises(PackageRefused, match="未做任何改动"):
        laptop.open_package(b.ws, path, made.code)
    assert dump(b.file) == before


@pytest.mark.parametrize(("typed", "message"), [
    ("", "20 个字符"), ("ABCDE-FGHJK", "20 个字符"), ("ABCDE-FGHJK-MNPQR-STVWU", "无效的字符"),
])
def test_a_code_that_is_not_a_code_is_named(typed, message):
    with pytest.raises(BranchdeskError, match=message):
        pairing.normalized(typed)


def test_a_mistyped_or_wrong_code_changes_nothing_on_the_laptop(computers, tmp_path):
    office, _a, b = computers
    made = checkout.export_part(office.ws, seed_office(office.ws), tmp_path / "a")
    code = pairing.normalized(made.code)
    typo = code[:3] + ("0" if code[3] != "0" else "1") + code[4:]
    swapped = code[1] + code[0] + code[2:]
    other = pairing.new_code()
    before = dump(b.file)
    with pytest.raises(BranchdeskError, match="校验位"):
        laptop.open_package(b.ws, made.file, typo)
    if swapped != code:
        with pytest.raises(BranchdeskError):
            laptop.open_package(b.ws, made.file, swapped)
    with pytest.raises(PackageRefused, match="配对码不对"):
        laptop.open_package(b.ws, made.file, other)
    assert dump(b.file) == before
    # Crockford's reading: O for 0, I and L for 1, full-width and lower case all open it.
    typed = made.code.replace("0", "O").replace("1", "l").lower().translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert pairing.normalized(typed) == code


def test_a_laptop_refuses_to_lock_or_delete_a_session_from_a_package(computers, tmp_path):
    office, a, _b = computers
    session_id = seed_office(office.ws)
    made = checkout.export_part(office.ws, session_id, tmp_path / "a", ["甲"])
    there = laptop.open_package(a.ws, made.file, made.code).session_id
    before = dump(a.file)
    with pytest.raises(OfficeOnlyError, match=r"在笔记本上不能确认锁定.*带回办公室"):
        scoring.finalize(a.ws, there, "张三")
    with pytest.raises(OfficeOnlyError, match="在笔记本上不能删除评分会"):
        scoring.delete_session(a.ws, there)
    assert dump(a.file) == before
    assert [(s.status, s.on_laptop) for s in scoring.list_sessions(a.ws, 2025)] == [("open", True)]
    assert [s.on_laptop for s in scoring.list_sessions(office.ws, 2025)] == [False]
