"""Pairing codes and the key a scoring package is sealed with.

A check-out gets its own code, shown once at the office and typed on the laptop: 20 characters
of Crockford's base32 (no I, L, O or U to misread), 19 random (95 bits) and one Luhn mod 32 check
character, so a mistyped or swapped character is named as a typo instead of reading as a damaged
file. The key is stretched from the code with Argon2id (RFC 9106's second recommended setting:
64 MiB, 3 passes, 4 lanes) and a random salt kept in the file's header. The code never travels in
the file; the office keeps the derived key to open the returns.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from desktop.errors import BranchdeskError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {ch: n for n, ch in enumerate(ALPHABET)}
# Crockford's reading of the letters it leaves out: what a clerk types for 0 and 1.
_READ_AS = {"O": "0", "I": "1", "L": "1"}
LENGTH = 20
GROUP = 5
KEY_BYTES = 32
SALT_BYTES = 16


@dataclass(frozen=True)
class KdfCost:
    memory_kib: int
    iterations: int
    lanes: int


KDF = KdfCost(memory_kib=64 * 1024, iterations=3, lanes=4)
# What a header may ask for: a forged file must not make the laptop allocate gigabytes.
MAX_MEMORY_KIB, MAX_ITERATIONS, MAX_LANES = 256 * 1024, 10, 8


def acceptable(cost: KdfCost) -> bool:
    return (1 <= cost.lanes <= MAX_LANES and 1 <= cost.iterations <= MAX_ITERATIONS
            and 8 * cost.lanes <= cost.memory_kib <= MAX_MEMORY_KIB)


def _check_character(body: str) -> str:
    """Luhn mod 32: catches every single changed character and nearly every swap of two neighbours."""
    total, factor = 0, 2
    for ch in reversed(body):
        addend = factor * _VALUE[ch]
        total += addend // 32 + addend % 32
        factor = 1 if factor == 2 else 2
    return ALPHABET[(32 - total % 32) % 32]


def new_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH - 1))
    return body + _check_character(body)


def shown(code: str) -> str:
    """The code as the office shows it: four groups of five."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def normalized(typed: str) -> str:
    """The code as typed (full-width characters, lower case, spaces and dashes, O for 0): checked and
    in canonical form, or BranchdeskError saying what is wrong with it."""
    text = unicodedata.normalize("NFKC", typed or "").upper()
    kept = []
    for ch in text:
        if ch.isspace() or ch in "-_–—·.":
            continue
        ch = _READ_AS.get(ch, ch)
        if ch not in _VALUE:
            raise BranchdeskError(f"配对码中有无效的字符“{ch}”。配对码只含数字和字母（不含 U），请对照办公室显示的配对码重新输入。")
        kept.append(ch)
    code = "".join(kept)
    if len(code) != LENGTH:
        raise BranchdeskError(f"配对码应为 {LENGTH} 个字符，现在是 {len(code)} 个。请对照办公室显示的配对码重新输入。")
    if _check_character(code[:-1]) != code[-1]:
        raise BranchdeskError("配对码输入有误（校验位不符），可能有字符输错或前后颠倒。请对照办公室显示的配对码重新输入。")
    return code


def derive_key(code: str, salt: bytes, cost: KdfCost) -> bytes:
    """The 256-bit key of a normalized code (memory-hard: about a quarter of a second)."""
    return Argon2id(salt=salt, length=KEY_BYTES, iterations=cost.iterations, lanes=cost.lanes,
                    memory_cost=cost.memory_kib).derive(code.encode("ascii"))


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)
