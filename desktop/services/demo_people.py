"""Made-up people's names for the demo data: the branch registry, the meetings and the evaluations
all need them, so they live below the three demo steps."""

from __future__ import annotations

import random

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "建国志强海燕秀英丽华伟明桂兰玉梅春生红军金凤德胜晓东雪梅文杰国庆秀兰永刚淑珍建华振华"


def person(rng: random.Random) -> str:
    start = rng.randrange(0, len(GIVEN) // 2) * 2
    return rng.choice(SURNAMES) + GIVEN[start : start + rng.choice((1, 2))]
