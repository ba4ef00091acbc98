"""Chinese (pinyin) order for text columns, as a clerk's paper ledger is sorted."""

from __future__ import annotations

from functools import cmp_to_key

from PySide6.QtCore import QCollator, QLocale


def pinyin_ranks(texts: list[str]) -> list[int]:
    """Each text's position in Chinese (pinyin) collation order; blanks last. Computed once per
    load so that sorting compares integers instead of calling the collator per comparison."""
    collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    order = sorted(range(len(texts)), key=cmp_to_key(lambda a, b: collator.compare(texts[a], texts[b])))
    ranks = [0] * len(texts)
    for rank, index in enumerate(order):
        ranks[index] = rank if texts[index] else len(texts) + rank
    return ranks
