"""Answers of chapter 03's exercises (solutions/03_customer_lifetime_value_solutions.ipynb)."""

from __future__ import annotations

from functools import cache

import pandas as pd
from scipy.optimize import brentq

from .. import clv, datasets
from . import Exercise, Slip, register

# Exercise 1: profit per purchase (yuan), purchases a month, years, discount rate.
PER_PURCHASE, PER_MONTH, YEARS, RATE = 80, 3, 15, 0.08
# Exercise 4: last year's profit of ten customers (yuan) and the tier shares used.
PROFITS = {"甲": 1200, "乙": 300, "丙": 4500, "丁": -80, "戊": 650,
           "己": 90, "庚": 2100, "辛": 40, "壬": 0, "癸": 870}
SHARES_4 = (0.1, 0.2, 0.3, 0.4)


def _hughes(**changes) -> pd.DataFrame:
    return clv.ltv_table(**{**clv.HUGHES_EXAMPLE, **changes})


def _yearly() -> float:
    return clv.annual_profit(PER_PURCHASE, PER_MONTH)


def _root_cost() -> float:
    return brentq(lambda a: _hughes(cost_per_customer=[a, 20, 20]).loc["ltv", 3], 0, 1000)


def _profits() -> pd.Series:
    return pd.Series(PROFITS, name="profit")


def _tier(name: str, reverse: bool = False) -> list[str]:
    profits = -_profits() if reverse else _profits()
    tiers = clv.customer_pyramid(profits, shares=SHARES_4)
    return list(tiers[tiers == name].index)


@cache
def _pyramids():
    customers, tx = datasets.load_customers(), datasets.load_transactions()
    values = {y: clv.customer_value(tx, 0.30, f"{y}-01-01", f"{y}-12-31", customers["customer_id"])
              for y in (2023, 2024)}
    return values, {y: clv.customer_pyramid(v) for y, v in values.items()}


def _stayed() -> int:
    _, tiers = _pyramids()
    return int((tiers[2024][tiers[2023] == "diamond"] == "diamond").sum())


_REVERSED = ("the wrong end of the pyramid: sort by profit from the highest down.",
             "取错了金字塔的一端：按利润从高到低排序。")
_YEAR_OFF = ("one year off: the break-even year is the first year whose cumulative NPV is zero or "
             "more.", "差了一年：盈亏平衡年是累计净现值首次不小于零的那一年。")

register(
    Exercise("03-1a", ("undiscounted lifetime profit", "未折现的终生利润"),
             lambda: _yearly() * YEARS,
             slips=(Slip(lambda: PER_PURCHASE * PER_MONTH * YEARS,
                         ("a year has twelve months: turn the monthly profit into a yearly one.",
                          "一年有十二个月：先把月利润换算成年利润。")),),
             hint=("profit per purchase × purchases a month × months a year × years.",
                   "每次购买的利润 × 每月购买次数 × 每年月数 × 年数。")),
    Exercise("03-1b", ("CLV", "客户终生价值"),
             lambda: clv.group_clv(1, _yearly(), RATE, YEARS),
             slips=(Slip(lambda: _yearly() * YEARS,
                         ("that is the undiscounted sum: discount each year's profit.",
                          "这是未折现的总和：每年的利润都要折现。")),
                    Slip(lambda: clv.group_clv(1, _yearly(), RATE, YEARS) * (1 + RATE),
                         ("one period off: the first year's profit is discounted by one year, not "
                          "left undiscounted.", "差了一期：第一年的利润要折现一年，而不是不折现。"))),
             hint=("discount each year's profit by (1 + i)^t, or use the annuity factor.",
                   "每年利润除以 (1 + i)^t，或者用年金现值系数。")),
    Exercise("03-2a", ("LTV after year 3", "第 3 年末的 LTV"),
             lambda: float(_hughes(retention=[0.7, 0.7, 0.8]).loc["ltv", 3]),
             slips=(Slip(lambda: float(_hughes().loc["ltv", 3]),
                         ("that is Hughes' original table: change the first-year retention.",
                          "这是 Hughes 的原表：要改第一年的保持率。")),
                    Slip(lambda: float(_hughes(retention=[0.7, 0.7, 0.8], round_divisor=None)
                                       .loc["ltv", 3]),
                         ("keep Hughes' rounded discount divisors, as the chapter does.",
                          "像本章一样，保留 Hughes 四舍五入后的折现除数。"))),
             hint=("change only the retention list; keep everything else of the example.",
                   "只改保持率列表，例子的其余部分保持不变。")),
    Exercise("03-2b", ("break-even year", "盈亏平衡年"),
             lambda: clv.breakeven_year(_hughes(retention=[0.7, 0.7, 0.8])), kind="integer",
             slips=(Slip(lambda: clv.breakeven_year(_hughes(retention=[0.7, 0.7, 0.8])) - 1,
                         _YEAR_OFF),
                    Slip(lambda: clv.breakeven_year(_hughes(retention=[0.7, 0.7, 0.8])) + 1,
                         _YEAR_OFF)),
             hint=("the first year whose cumulative NPV is zero or more.",
                   "累计净现值首次不小于零的那一年。")),
    Exercise("03-3", ("acquisition cost that brings the year-3 LTV to zero",
                      "使第 3 年 LTV 为零的获客成本"),
             _root_cost,
             slips=(Slip(lambda: float(_hughes().loc["ltv", 3]),
                         ("that is the LTV itself; the cost you can afford is today's cost plus it.",
                          "这是 LTV 本身；能承受的成本是现在的成本再加上它。")),
                    Slip(lambda: float(clv.HUGHES_EXAMPLE["cost_per_customer"][0]),
                         ("that is today's acquisition cost; find the cost at which the LTV is zero.",
                          "这是现在的获客成本；要找的是使 LTV 为零的成本。"))),
             hint=("only the year-1 cost per customer changes; find where the year-3 LTV crosses "
                   "zero.", "只改第 1 年的每客户成本；找出第 3 年 LTV 穿过零的位置。")),
    Exercise("03-4a", ("diamond customers", "钻石层客户"), lambda: _tier("diamond"), kind="items",
             slips=(Slip(lambda: _tier("diamond", reverse=True), _REVERSED),),
             hint=("sort by profit, highest first; the top 10 % of ten customers.",
                   "按利润从高到低排序；十位客户中的前 10 %。")),
    Exercise("03-4b", ("gold customers", "黄金层客户"), lambda: _tier("gold"), kind="items",
             slips=(Slip(lambda: _tier("gold", reverse=True), _REVERSED),
                    Slip(lambda: _tier("diamond") + _tier("gold"),
                         ("the gold tier starts after the diamond tier.", "黄金层从钻石层之后开始。"))),
             hint=("the next 20 % after the diamond tier.", "钻石层之后的 20 %。")),
    Exercise("03-4c", ("diamond share of total profit", "钻石层占总利润的份额"),
             lambda: float(_profits().max() / _profits().sum()), kind="fraction",
             slips=(Slip(lambda: float(_profits().max() / _profits()[_profits() > 0].sum()),
                         ("the total profit counts every customer, the loss-making one too.",
                          "总利润要计入每位客户，包括亏损的那位。")),),
             hint=("diamond profit ÷ total profit, as a fraction.", "钻石层利润 ÷ 总利润（小数）。")),
    Exercise("03-5a", ("diamond share of 2023 profit", "钻石层占 2023 年利润的份额"),
             lambda: float(clv.pyramid_summary(_pyramids()[0][2023], _pyramids()[1][2023])
                           .loc["diamond", "value_share"]), kind="fraction",
             slips=(Slip(lambda: float(clv.pyramid_summary(_pyramids()[0][2024], _pyramids()[1][2024])
                                       .loc["diamond", "value_share"]),
                         ("that is 2024's pyramid; the question asks for 2023.",
                          "这是 2024 年的金字塔；题目问的是 2023 年。")),),
             hint=("keep 2023's orders only (start and end dates) and count every customer, those "
                   "without orders too.", "只保留 2023 年的订单（起止日期），并计入所有客户，包括没有订单的。")),
    Exercise("03-5b", ("2023 diamonds still diamond in 2024", "2024 年仍为钻石层的 2023 年钻石客户"),
             _stayed, kind="integer",
             slips=(Slip(lambda: int((_pyramids()[1][2023] == "diamond").sum()),
                         ("that is the size of the 2023 diamond tier; count those still diamond in "
                          "2024.", "这是 2023 年钻石层的人数；要数的是 2024 年仍在钻石层的。")),),
             hint=("compare the two years' tiers on the 2023 diamond customers' ids.",
                   "用 2023 年钻石客户的编号比较两年的层级。")),
    Exercise("03-6", ("retention rate for a CLV of 500 yuan", "使 CLV 为 500 元的保持率"),
             lambda: brentq(lambda r: clv.retention_clv(100, r, 0.10) - 500, 0.0, 0.999),
             kind="fraction",
             slips=(Slip(lambda: 5 / 6,
                         ("the discount rate belongs in the denominator: 1 + i − r.",
                          "分母里要有折现率：1 + i − r。")),),
             hint=("set the retention-based CLV equal to the target and solve for r.",
                   "令基于保持率的 CLV 等于目标值，解出 r。")),
)
