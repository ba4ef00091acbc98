"""The one order of names (desktop/rules/collation.py), against names as a 街道's ledger has them."""

from __future__ import annotations

import random

import pytest

from desktop.rules.collation import branch_order_key, chinese_number, in_branch_order, order_ranks

# A street's branches in the order every list, sheet and file shows them: numbers by value first,
# Latin letters, then character by character by pinyin and tone; homophones (合 和 河 荷, all hé)
# by character, so that every name starting with 和 stays together.
LEDGER = [
    "3号院社区党支部",
    "12号院社区党支部",  # 3 before 12: numbers by value
    "ABC科技有限公司党支部",
    "爱民社区党支部",  # ai before an
    "安居社区党支部",
    "朝阳社区党支部",  # cháo
    "第一中学党支部",
    "第二中学党支部",
    "第十中学党支部",  # 第一 第二 第十 as numbers, not yi/er/shi
    "合作社区党支部",  # 合 hé, before 和 hé by character
    "和街幸社区党支部",  # jie before ping before xing
    "和平社区党支部",  # the unnumbered one before its numbered ones (dang before di)
    "和平社区第一党支部",
    "和平社区第二党支部",
    "和平社区第3党支部",  # Chinese and Arabic numerals count alike
    "和平社区第十党支部",
    "和平社区第十一党支部",
    "和幸街社区党支部",
    "河东村党支部",  # 河 hé, after every 和
    "河西村党支部",
    "荷花村党支部",
    "贺家村党支部",  # hè: fourth tone after the second
    "黑石村党支部",  # hei after he
    "街道机关第一党支部",
    "街道机关第二党支部",
    "街道机关离退休党支部",  # a number before a character
    "金融街社区党支部",  # jīn before jǐn
    "锦绣社区党支部",
    "路桥公司党支部",  # lu before lü (lv)
    "吕梁商会党支部",  # lǚ before lǜ
    "绿地集团党支部",
    "十里铺社区党支部",  # 十 as a word (not an ordinal), shí; 十 before 实 by character
    "实验小学党支部",
    "五星村党支部",  # 五 as a word
    "新华社区党支部",  # xin before xing
    "幸福村党支部",
    "杨柳村党支部",  # 杨 and 阳 are both yáng: by character
    "阳光社区党支部",
    "长安社区党支部",  # one reading a character, the most common: 长 zhǎng
    "中国银行和平支行党支部",  # zhong guo before zhong xin
    "中心小学党支部",
    "重庆路社区党支部",  # 重 zhòng after 中 zhōng
]


def test_a_shuffled_ledger_comes_back_in_the_ledgers_order():
    for seed in range(5):
        names = LEDGER[:]
        random.Random(seed).shuffle(names)
        assert sorted(names, key=branch_order_key) == LEDGER


def test_the_pair_from_the_screen_and_the_paper():
    # The screen showed 和街幸 first and the paper 和幸街 (character code 5E78 < 8857): now both agree.
    assert sorted(["和幸街社区党支部", "和街幸社区党支部"], key=branch_order_key) == ["和街幸社区党支部", "和幸街社区党支部"]
    assert sorted(["和幸街社区党支部", "和街幸社区党支部"]) == ["和幸街社区党支部", "和街幸社区党支部"]


@pytest.mark.parametrize(("numerals", "value"), [
    ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十一", 21), ("一百零五", 105), ("两百", 200),
    ("三千零二十", 3020), ("一万零三百", 10300), ("二〇二四", 2024), ("〇", 0),
])
def test_chinese_numbers(numerals, value):
    assert chinese_number(numerals) == value


def test_numbered_branches_count_as_numbers():
    names = ["机关十支部", "机关二支部", "机关一支部", "机关综合支部", "第10党支部", "第2党支部", "第９党支部"]
    assert sorted(names, key=branch_order_key) == ["第2党支部", "第９党支部", "第10党支部", "机关一支部", "机关二支部",
                                                   "机关十支部", "机关综合支部"]


def test_full_width_letters_sort_as_ascii_but_stay_distinct():
    names = ["ＡＢＤ公司党支部", "abd公司党支部", "ABC公司党支部", "ABD公司党支部"]
    # Case and width only break ties, by the name itself: equal keys only for equal names.
    assert sorted(names, key=branch_order_key) == ["ABC公司党支部", "ABD公司党支部", "abd公司党支部", "ＡＢＤ公司党支部"]
    assert len({branch_order_key(n) for n in names}) == 4


def test_the_order_is_total_and_stable():
    names = [*LEDGER, "第2党支部", "第二党支部", "第02党支部"]
    keys = [branch_order_key(n) for n in names]
    assert len(set(keys)) == len(set(names))
    assert sorted(names, key=branch_order_key) == sorted(reversed(names), key=branch_order_key)


def test_helpers_sort_items_by_name_and_rank_blanks_last():
    rows = [("幸福村党支部", 1), ("和平社区党支部", 2), ("安居社区党支部", 3)]
    assert [i for _n, i in in_branch_order(rows, name=lambda r: r[0])] == [3, 2, 1]
    assert order_ranks(["幸福", None, "和平", "", "安居"]) == [2, 3, 1, 4, 0]
