"""Settings declared once, with type and default. Values live in the database's `setting` table
(they belong to the data: the issuer's name must travel with the ledgers it signs)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from desktop.models import Setting
from desktop.services.session import unit_of_work


@dataclass(frozen=True)
class Declared:
    key: str
    label: str
    default: Any


DECLARED: dict[str, Declared] = {
    d.key: d
    for d in (
        Declared("subdistrict_name", "街道名称", "和平街道"),
        Declared("issuer_name", "发证机关全称（街道党工委）", "中共和平街道工作委员会"),
    )
}


def get(engine: Engine, key: str) -> Any:
    declared = DECLARED[key]
    with Session(engine) as session:
        raw = session.scalar(select(Setting.value).where(Setting.key == key))
    if raw is None:
        return declared.default
    value = json.loads(raw)
    return value if isinstance(value, type(declared.default)) else declared.default


def put(engine: Engine, key: str, value: Any) -> None:
    declared = DECLARED[key]
    if not isinstance(value, type(declared.default)):
        raise TypeError(f"setting {key} expects {type(declared.default).__name__}")
    with unit_of_work(engine) as session:
        session.merge(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
