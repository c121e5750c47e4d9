"""Answers of chapter 04's exercises (solutions/04_satisfaction_loyalty_solutions.ipynb)."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from .. import datasets
from .. import satisfaction as sat
from . import Exercise, Slip, register

# Exercise 1: five hotel guests (1-10 scale) and the "as expected" tolerance.
EXPECTATION = [7.0, 9.0, 6.0, 8.0, 5.0]
PERFORMANCE = [8.0, 8.6, 4.5, 8.5, 7.5]
TOLERANCE = 0.5
# Exercise 3: the market's competition intensity and the grid of intensities searched.
INTENSITY = 0.8
GRID = np.round(np.arange(0, 1.0001, 0.05), 2)


def accounts() -> pd.DataFrame:
    """Exercise 5's five business accounts, as the exercise shows them."""
    return pd.DataFrame({
        "satisfaction": [4, 2, 5, 3, 2],
        "retention": [0.85, 0.40, 0.95, 0.55, 0.70],
        "contribution": [120_000, 95_000, 40_000, 60_000, 15_000],
    }, index=pd.Index(["甲", "乙", "丙", "丁", "戊"], name="account"))


def _states(tolerance: float) -> list[str]:
    return [str(s) for s in sat.satisfaction_state(PERFORMANCE, EXPECTATION, tolerance=tolerance)]


@cache
def _trap():
    survey = datasets.load_survey()
    customers = datasets.load_customers().set_index("customer_id")
    by_region = sat.trap_by(survey.join(customers["region"], on="customer_id"), "region")
    return by_region.loc["华北"], sat.trap_summary(survey)


def _ratio(intensity: float) -> float:
    return sat.loyalty_under_competition(5, intensity) / sat.loyalty_under_competition(4, intensity)


def _first_twice(offset: int = 0) -> float:
    index = next(i for i, c in enumerate(GRID) if _ratio(c) >= 2) + offset
    return float(GRID[index])


def _order(weights) -> list[str]:
    return sat.retention_priority(accounts(), weights=weights).index.tolist()


_STEP = ("one grid step off: take the first intensity at which a 5 is at least twice as loyal.",
         "差了一个网格步长：取 5 分客户忠诚度首次达到 4 分客户两倍时的强度。")
_SWAPPED = ("intensity 0.8 means the highly competitive shape counts 80 %, not 20 %.",
            "强度 0.8 表示高度竞争曲线占 80 %，而不是 20 %。")

register(
    Exercise("04-1", ("the five guests' states", "五位客人的满意状态"),
             lambda: _states(TOLERANCE), kind="sequence",
             slips=(Slip(lambda: _states(0.0),
                         ("a difference of up to half a point still counts as as expected.",
                          "相差不超过半分仍算“符合预期”。")),),
             hint=("subtract expectation from performance; a difference within the tolerance is "
                   "satisfied (mind the edge).", "用实际表现减去期望；在容差以内为满意（注意边界）。")),
    Exercise("04-2a", ("share of 4s in 华北 who did not buy again", "华北给 4 分且未再购买的比例"),
             lambda: float(_trap()[0]["defect_share_4"]), kind="fraction",
             slips=(Slip(lambda: float(_trap()[1]["defect_share_4"]),
                         ("that is the whole survey; keep only the 华北 respondents.",
                          "这是整个调查的结果；只保留华北的受访者。")),
                    Slip(lambda: float(_trap()[0]["repurchase_rate_4"]),
                         ("that is the share of 4s who bought again; the question asks for those "
                          "who did not.", "这是 4 分中再次购买的比例；题目问的是没有再购买的。"))),
             hint=("keep only the 华北 rows, then look at the respondents who scored 4.",
                   "只保留华北的行，再看打 4 分的受访者。")),
    Exercise("04-2b", ("5-vs-4 repurchase ratio in 华北", "华北 5 分与 4 分的再购率之比"),
             lambda: float(_trap()[0]["ratio_5_vs_4"]),
             slips=(Slip(lambda: float(_trap()[1]["ratio_5_vs_4"]),
                         ("that is the whole survey; keep only the 华北 respondents.",
                          "这是整个调查的结果；只保留华北的受访者。")),
                    Slip(lambda: 1 / float(_trap()[0]["ratio_5_vs_4"]),
                         ("the ratio is the rate of the 5s divided by that of the 4s.",
                          "比值是 5 分的再购率除以 4 分的再购率。"))),
             hint=("divide the repurchase rate of the 5s by that of the 4s, both within 华北.",
                   "在华北内，用 5 分的再购率除以 4 分的再购率。")),
    Exercise("04-3a", ("stylised loyalty of a 4", "4 分客户的程式化忠诚度"),
             lambda: float(sat.loyalty_under_competition(4, INTENSITY)), kind="fraction",
             slips=(Slip(lambda: float(sat.loyalty_under_competition(4, 1 - INTENSITY)), _SWAPPED),),
             hint=("blend the two industry curves at satisfaction 4.", "在满意度 4 处混合两条行业曲线。")),
    Exercise("04-3b", ("stylised loyalty of a 5", "5 分客户的程式化忠诚度"),
             lambda: float(sat.loyalty_under_competition(5, INTENSITY)), kind="fraction",
             slips=(Slip(lambda: float(sat.loyalty_under_competition(5, 1 - INTENSITY)), _SWAPPED),),
             hint=("blend the two industry curves at satisfaction 5.", "在满意度 5 处混合两条行业曲线。")),
    Exercise("04-3c", ("how many times as loyal a 5 is as a 4", "5 分客户的忠诚度是 4 分的几倍"),
             lambda: _ratio(INTENSITY),
             slips=(Slip(lambda: 1 / _ratio(INTENSITY),
                         ("divide the loyalty of the 5 by that of the 4.", "用 5 分的忠诚度除以 4 分的。")),
                    Slip(lambda: _ratio(1 - INTENSITY), _SWAPPED)),
             hint=("the loyalty of a 5 divided by the loyalty of a 4.", "5 分的忠诚度除以 4 分的忠诚度。")),
    Exercise("04-3d", ("smallest intensity at which a 5 is twice as loyal",
                       "5 分忠诚度达到 4 分两倍的最小强度"),
             _first_twice,
             slips=(Slip(lambda: _first_twice(-1), _STEP), Slip(lambda: _first_twice(+1), _STEP)),
             hint=("compute the ratio for every intensity of the grid and take the first one at "
                   "least 2.", "对网格上每个强度计算比值，取第一个不小于 2 的。")),
    Exercise("04-5a", ("order with equal weights", "等权重下的顺序"),
             lambda: _order((1, 1, 1)), kind="sequence",
             slips=(Slip(lambda: _order((0, 0, 1)),
                         ("that is the order by contribution alone; here the three degrees count "
                          "the same.", "这是只按贡献排的顺序；这里三个维度同等重要。")),),
             hint=("with equal weights the three percentile scores count the same.",
                   "等权重时三个百分位得分同等重要。")),
    Exercise("04-5b", ("order by contribution only", "只看贡献时的顺序"),
             lambda: _order((0, 0, 1)), kind="sequence",
             slips=(Slip(lambda: _order((1, 1, 1)),
                         ("that is the equal-weights order; here only contribution counts.",
                          "这是等权重的顺序；这里只看贡献。")),),
             hint=("only the contribution counts, the largest first.", "只看贡献，最大的排第一。")),
    Exercise("04-5c", ("value at risk of the first account", "排第一的客户的风险价值"),
             lambda: float(sat.retention_priority(accounts(), weights=(1, 1, 1))
                           ["value_at_risk"].iloc[0]),
             slips=(Slip(lambda: float(accounts().loc[_order((1, 1, 1))[0], "contribution"]),
                         ("that is the whole contribution; only the part likely to be lost is at "
                          "risk.", "这是全部贡献；只有可能失去的那部分才有风险。")),
                    Slip(lambda: float(accounts().loc[_order((1, 1, 1))[0], "contribution"]
                                       * accounts().loc[_order((1, 1, 1))[0], "retention"]),
                         ("multiply by the chance of losing the account, not of keeping it.",
                          "乘以失去该客户的概率，而不是保住它的概率。"))),
             hint=("value at risk = contribution × (1 − retention probability).",
                   "风险价值 = 贡献 × (1 − 保持概率)。")),
)
