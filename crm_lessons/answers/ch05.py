"""Answers of chapter 05's exercises (solutions/05_segmentation_rfm_solutions.ipynb)."""

from __future__ import annotations

from functools import cache

import pandas as pd

from .. import datasets, rfm
from . import Exercise, Slip, register

# Exercise 2: cost per piece (yuan), net profit per sale (yuan), the test cell's response rate.
COST, PROFIT, RESPONSE = 0.80, 32, 0.031


def ten() -> pd.DataFrame:
    """Exercise 1's ten customers, as the exercise shows them."""
    return pd.DataFrame({"recency_days": [3, 12, 25, 40, 60, 90, 120, 200, 300, 365],
                         "frequency": [9, 14, 2, 6, 11, 1, 4, 3, 7, 5],
                         "monetary": [820.0, 1500.0, 90.0, 400.0, 1200.0, 60.0, 300.0, 150.0,
                                      950.0, 210.0]},
                        index=pd.Index(list("ABCDEFGHIJ"), name="customer_id"))


def _cells() -> list[str]:
    return [str(c) for c in rfm.rfm_scores(ten(), bins=5)["cell"]]


@cache
def _b2b():
    today = datasets.B2B_TODAY
    summary = rfm.rfm_summary(datasets.load_b2b_orders(), today, "account_id", window_days=365.0)
    names = datasets.load_b2b_accounts().set_index("account_id")["short_name"]
    high = rfm.cycle_warning(summary[rfm.customer_tiers(summary["monetary"]) == "high"], today)
    return high, names, rfm.cycle_warning(summary, today)


def _at_risk(statuses=("at risk",), table=0, ids=False) -> list[str]:
    warning, names = _b2b()[table], _b2b()[1]
    chosen = warning.index[warning["status"].isin(statuses)]
    return [str(a) for a in chosen] if ids else names[chosen].tolist()


@cache
def _year():
    return rfm.rfm_summary(datasets.load_transactions(), datasets.REFERENCE_DATE, window_days=365.0)


def _half() -> int:
    return len(rfm.top_customers(_year()["monetary"], share_of_sales=0.5))


register(
    Exercise("05-1", ("the ten RFM cells", "十位客户的 RFM 单元"), _cells, kind="sequence",
             codes=True,
             slips=(Slip(lambda: [str(6 - int(c[0])) + c[1:] for c in _cells()],
                         ("R is scored the other way round: fewer days since the last purchase is "
                          "better.", "R 的打分方向反了：距上次购买的天数越少越好。")),),
             hint=("sort each column from best to worst, two customers per score; the cell is R, "
                   "F, M written side by side.", "每列从好到差排序，每个分数两位客户；单元是 R、F、M 三个分数连写。")),
    Exercise("05-2a", ("break-even response rate", "盈亏平衡响应率"),
             lambda: rfm.break_even_rate(COST, PROFIT), kind="fraction", abs_tol=1e-6,
             slips=(Slip(lambda: PROFIT / COST,
                         ("the cost of a piece goes on top: cost ÷ profit per response.",
                          "每件的成本在分子上：成本 ÷ 每次响应的利润。")),),
             hint=("break-even rate = cost per piece ÷ net profit per response.",
                   "盈亏平衡率 = 每件成本 ÷ 每次响应的净利润。")),
    Exercise("05-2b", ("break-even index of the cell", "该单元的盈亏平衡指数"),
             lambda: rfm.break_even_index(RESPONSE, rfm.break_even_rate(COST, PROFIT)),
             slips=(Slip(lambda: (RESPONSE * 100 - COST / PROFIT) / (COST / PROFIT) * 100,
                         ("the response rate and the break-even rate must both be fractions.",
                          "响应率和盈亏平衡率都必须是小数。")),
                    Slip(lambda: (RESPONSE - COST / PROFIT * 100) / (COST / PROFIT * 100) * 100,
                         ("the response rate and the break-even rate must both be fractions.",
                          "响应率和盈亏平衡率都必须是小数。")),),
             hint=("the index is the gap between response and break-even, relative to break-even, "
                   "× 100.", "指数 = (响应率 − 盈亏平衡率) ÷ 盈亏平衡率 × 100。")),
    Exercise("05-2c", ("mail the cell?", "是否给该单元寄送？"),
             lambda: bool(rfm.break_even_index(RESPONSE, rfm.break_even_rate(COST, PROFIT)) > 0),
             kind="bool",
             hint=("mail a cell when its index is above zero.", "指数大于零时才寄送。")),
    Exercise("05-3", ("high-tier accounts at risk", "高端层中有风险的客户"), _at_risk, kind="items",
             slips=(Slip(lambda: _at_risk(ids=True),
                         ("those are account ids; the question asks for the short names.",
                          "这些是客户编号；题目要的是简称。")),
                    Slip(lambda: _at_risk(("at risk", "watch")),
                         ("only the accounts marked at risk, not those to watch.",
                          "只要标为“有风险”的客户，不要“需关注”的。")),
                    Slip(lambda: _at_risk(table=2),
                         ("run the warning on the high tier only.", "只对高端层运行预警。"))),
             hint=("summarise the last 365 days, tier by total purchases, keep the high tier, run "
                   "the purchase-cycle warning.", "汇总最近 365 天，按总购买额分层，保留高端层，再做购买周期预警。")),
    Exercise("05-4a", ("customers making half of 2024's sales", "贡献 2024 年一半销售额的客户数"),
             _half, kind="integer",
             slips=(Slip(lambda: _half() - 1,
                         ("count the customer whose purchases take the total past half too.",
                          "让累计额超过一半的那位客户也要算上。")),
                    Slip(lambda: len(_year()) // 2,
                         ("that is half of the customers; the question asks how many make half of "
                          "the sales.", "这是客户数的一半；题目问的是多少客户贡献了一半的销售额。"))),
             hint=("sort customers by spending, best first, and add up until half the year's sales.",
                   "按消费额从高到低排序，逐个累加直到达到全年销售额的一半。")),
    Exercise("05-4b", ("their share of the year's customers", "他们占当年客户的比例"),
             lambda: _half() / len(_year()), kind="fraction", abs_tol=1e-4,
             slips=(Slip(lambda: _half() / len(datasets.load_customers()),
                         ("divide by the customers who bought in 2024, not by every customer ever.",
                          "分母是 2024 年购买过的客户，而不是所有客户。")),
                    Slip(lambda: (_half() - 1) / len(_year()),
                         ("count the customer whose purchases take the total past half too.",
                          "让累计额超过一半的那位客户也要算上。"))),
             hint=("divide by the number of customers who bought in 2024.",
                   "除以 2024 年购买过的客户数。")),
)
