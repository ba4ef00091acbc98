"""The `.bdsession` file: a scoring package (office → laptop) or a return (laptop → office).

    magic "BDSCORE\\x1a" | format | kind | check-out UUID | salt | KDF cost | nonce   (60 bytes)
    AES-256-GCM(zlib(JSON payload)), with the whole header as associated data

Everything after the magic is authenticated: a flipped byte anywhere, a cut or a byte appended
fails the tag, so there is no unauthenticated field the reader acts on besides the ones it checks
before decrypting (format, kind, KDF bounds), and each of those is authenticated too. The payload
names the office installation and the schema revision it was written under; the services refuse
a file for another office or from a newer schema after it has been opened. Nothing here writes to
a database: a refused file leaves everything as it was.
"""

from __future__ import annotations

import json
import os
import secrets
import struct
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.errors import PackageRefused
from desktop.store.files import atomic_path, reason
from desktop.store.pairing import KdfCost, acceptable

MAGIC = b"BDSCORE\x1a"
FORMAT = 1
CHECKOUT, RETURN = 1, 2
KIND_NAMES = {CHECKOUT: "checkout", RETURN: "return"}
SUFFIX = ".bdsession"
_HEADER = struct.Struct(">8sBB16s16sIBB12s")
HEADER_BYTES = _HEADER.size
TAG_BYTES = 16
MAX_FILE_BYTES = 64 << 20  # a 300-branch × 7-scorer package is well under 1 MB
MAX_PAYLOAD_BYTES = 256 << 20
NO_SALT = bytes(16)
NO_COST = KdfCost(0, 0, 0)  # a return is sealed with the stored key: no KDF


@dataclass(frozen=True)
class Header:
    kind: int
    checkout: str  # the check-out's UUID
    salt: bytes
    cost: KdfCost
    nonce: bytes
    raw: bytes


def _pack(kind: int, checkout: str, salt: bytes, cost: KdfCost, nonce: bytes) -> bytes:
    return _HEADER.pack(MAGIC, FORMAT, kind, uuid.UUID(checkout).bytes, salt, cost.memory_kib, cost.iterations,
                        cost.lanes, nonce)


def seal(kind: int, checkout: str, key: bytes, payload: dict[str, Any], salt: bytes = NO_SALT,
         cost: KdfCost = NO_COST) -> bytes:
    """The bytes of a file: header, then the encrypted, compressed payload."""
    header = _pack(kind, checkout, salt, cost, secrets.token_bytes(12))
    plain = zlib.compress(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)
    return header + AESGCM(key).encrypt(header[-12:], plain, header)


def _damaged(name: str, why: str) -> PackageRefused:
    return PackageRefused(f"“{name}”{why}，不能使用；未做任何改动。")


def _kind_mismatch(name: str, found: int) -> PackageRefused:
    if found == RETURN:
        return PackageRefused(f"“{name}”是笔记本导出的评分结果（带回办公室合并用），不是评分包；未做任何改动。"
                              "请在办公室电脑上用“带回评分”（session merge）打开它。")
    return PackageRefused(f"“{name}”是办公室带出的评分包（在笔记本上打开用），不是评分结果；未做任何改动。"
                          "请在笔记本上用“打开评分包”（session open）打开它。")


def read_header(data: bytes, name: str, expected: int) -> Header:
    """The header of a file's bytes, refused (PackageRefused) before any decryption when it is
    not a file of this kind that this version can read."""
    if not data:
        raise _damaged(name, "是空文件（0 字节），不是评分文件")
    if len(data) < len(MAGIC) or data[:len(MAGIC)] != MAGIC:
        raise PackageRefused(f"“{name}”不是本软件的评分文件（.bdsession），未做任何改动。")
    if len(data) < HEADER_BYTES + TAG_BYTES:
        raise _damaged(name, f"不完整（只有 {len(data)} 字节），可能复制时中断了")
    _magic, version, kind, checkout, salt, memory, iterations, lanes, nonce = _HEADER.unpack_from(data)
    if version > FORMAT:
        raise PackageRefused(f"“{name}”由更新版本的本软件生成（文件格式 {version}），请先升级本软件；未做任何改动。")
    if version != FORMAT:
        raise _damaged(name, f"的文件格式编号 {version} 无效，文件已损坏")
    if kind not in KIND_NAMES:
        raise _damaged(name, "的文件类型无效，文件已损坏")
    if kind != expected:
        raise _kind_mismatch(name, kind)
    cost = KdfCost(memory, iterations, lanes)
    if kind == CHECKOUT and not acceptable(cost):
        raise _damaged(name, "的密钥参数无效，文件已损坏")
    return Header(kind, str(uuid.UUID(bytes=checkout)), salt, cost, nonce, data[:HEADER_BYTES])


def unseal(data: bytes, header: Header, key: bytes, name: str, wrong_key: str) -> dict[str, Any]:
    """The payload of an authenticated file; `wrong_key` says what a failed tag means to the clerk
    (a mistyped code on the laptop; damage or tampering at the office)."""
    try:
        plain = AESGCM(key).decrypt(header.nonce, data[HEADER_BYTES:], header.raw)
    except InvalidTag:
        raise PackageRefused(f"“{name}”{wrong_key}") from None
    # Authenticated, so written by someone holding the key; still bounded, as any file read is.
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(plain, MAX_PAYLOAD_BYTES)
        if inflater.unconsumed_tail or not inflater.eof or inflater.unused_data:
            raise _damaged(name, "的内容不完整或过大")
        payload = json.loads(text.decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, ValueError, RecursionError):
        raise _damaged(name, "的内容无法读取") from None
    if not isinstance(payload, dict):
        raise _damaged(name, "的内容无法读取")
    return payload


def read_file(path: Path | str) -> bytes:
    """The bytes of a file chosen by the clerk, with a Chinese reason when it cannot be read."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            if not os.path.isfile(path):
                raise PackageRefused(f"“{path}”不是文件，未做任何改动。")
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise PackageRefused(f"找不到文件：{path}。请检查路径或 U 盘是否已插好；未做任何改动。") from None
    except IsADirectoryError:
        raise PackageRefused(f"“{path}”是一个文件夹，不是评分文件；未做任何改动。") from None
    except OSError as error:
        raise PackageRefused(f"无法读取“{path}”（{reason(error)}），未做任何改动。") from None
    if len(data) > MAX_FILE_BYTES:
        raise _damaged(path.name, f"大于 {MAX_FILE_BYTES >> 20} MB，不是评分文件")
    return data


def package_path(path: Path | str) -> Path:
    path = Path(path)
    return path if path.suffix.lower() == SUFFIX else path.with_name(path.name + SUFFIX)


def write_file(path: Path | str, data: bytes) -> Path:
    """Written through a temporary file beside it: a full stick leaves no half file under the name."""
    path = package_path(path)
    with atomic_path(path) as temp, open(temp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return path
