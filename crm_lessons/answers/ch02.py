"""Answers of chapter 02's exercises (solutions/02_customer_lifecycle_solutions.ipynb)."""

from __future__ import annotations

from functools import cache

import pandas as pd

from .. import datasets, lifecycle
from . import Exercise, Slip, register

# Exercise 1: companies C and D (customers, lost a year) and the cost of a new customer (yuan).
C, D, COST = (250, 50), (250, 20), 80
ACTIVE = ["development", "growth", "maturity", "recovery"]


def histories() -> pd.DataFrame:
    """Exercise 2's five customer histories, as the exercise shows them."""
    return pd.DataFrame([
        ("P1", "o1", "2024-12-10", 95.0),
        *[("P2", f"p{i}", day, 120.0) for i, day in enumerate(
            ["2023-03-01", "2023-08-15", "2024-01-20", "2024-05-05", "2024-09-30", "2024-12-02"])],
        ("P3", "q1", "2023-07-01", 60.0), ("P3", "q2", "2023-10-01", 75.0),
        ("P4", "r1", "2021-06-01", 200.0), ("P4", "r2", "2022-01-10", 180.0),
        ("P4", "r3", "2024-11-11", 150.0),
        ("P5", "s1", "2024-01-15", 80.0), ("P5", "s2", "2024-05-20", 60.0),
        ("P5", "s3", "2024-12-01", 100.0), ("P5", "s3", "2024-12-04", -100.0),
    ], columns=["customer_id", "order_id", "order_date", "amount"])


def _lifetime(company):
    return lifecycle.group_lifetime(lifecycle.churn_rate(company[1], company[0]))


def _replacements(company):
    return lifecycle.replacements_needed(company[0], lifecycle.churn_rate(company[1], company[0]))


@cache
def _moves():
    return lifecycle.stage_transitions(datasets.load_transactions(), "2024-06-30", "2024-12-31",
                                       datasets.load_customers())


@cache
def _cohorts_2023():
    monthly = lifecycle.cohort_retention(datasets.load_transactions(), "M")
    return monthly, monthly.loc[[p for p in monthly.index if p.year == 2023]]


@cache
def _losses():
    base = lifecycle.lifecycle_profit(lifecycle.lifecycle_profit_curve())
    return pd.Series({n: base - lifecycle.lifecycle_profit(lifecycle.lifecycle_profit_curve(**{n: 0}))
                      for n in ("volume_growth", "wtp_growth", "cost_saving", "indirect")})


_LIFETIME_HINT = ("churn = lost ÷ customers at the start; lifetime = 1 ÷ churn.",
                  "流失率 = 流失数 ÷ 期初客户数；生命周期 = 1 ÷ 流失率。")
_OFF_BY_ONE_COLUMN = ("one column off: column 0 is the month of the first purchase, so the sixth "
                      "month after it is column 6.",
                      "差了一列：第 0 列是首次购买的月份，首购后第六个月是第 6 列。")

register(
    Exercise("02-1a", ("group lifetime of C", "C 的群体生命周期"), lambda: _lifetime(C),
             slips=(Slip(lambda: C[1] / C[0], ("that is the churn rate; the lifetime is its inverse.",
                                               "这是流失率；生命周期是它的倒数。")),),
             hint=_LIFETIME_HINT),
    Exercise("02-1b", ("group lifetime of D", "D 的群体生命周期"), lambda: _lifetime(D),
             slips=(Slip(lambda: D[1] / D[0], ("that is the churn rate; the lifetime is its inverse.",
                                               "这是流失率；生命周期是它的倒数。")),),
             hint=_LIFETIME_HINT),
    Exercise("02-1c", ("extra new customers C needs", "C 每年多需要的新客户"),
             lambda: _replacements(C) - _replacements(D),
             slips=(Slip(lambda: _replacements(D) - _replacements(C),
                         ("subtract the other way round: how many more C needs than D.",
                          "减反了：要的是 C 比 D 多需要多少。")),),
             hint=("to stand still, a company must replace every customer it loses.",
                   "要维持规模，公司必须补上流失的每一位客户。")),
    Exercise("02-1d", ("extra yearly cost for C", "C 每年多出的获客成本"),
             lambda: (_replacements(C) - _replacements(D)) * COST,
             slips=(Slip(lambda: _replacements(C) * COST,
                         ("only the difference between the two companies costs C extra.",
                          "只有两家公司之差才是 C 多花的钱。")),),
             hint=("extra new customers × acquisition cost per new customer.",
                   "多需要的新客户数 × 每位新客户的获客成本。")),
    Exercise("02-2", ("stages of the five customers", "五位客户所处的阶段"),
             lambda: lifecycle.assign_stages(histories(), "2024-12-31").tolist(), kind="sequence",
             slips=(Slip(lambda: ["development", "maturity", "termination", "recovery", "growth"],
                         ("watch the refund: an order refunded in full is not a purchase.",
                          "注意退款：全额退款的订单不算购买。")),),
             hint=("apply the rules in order, first match wins; an order refunded in full is not "
                   "a purchase.", "按顺序套用规则，先匹配者为准；全额退款的订单不算购买。")),
    Exercise("02-3a", ("customers in decline on 30 June 2024", "2024 年 6 月 30 日处于衰退期的客户数"),
             lambda: int(_moves().loc["decline"].sum()), kind="integer",
             slips=(Slip(lambda: int(_moves()["decline"].sum()),
                         ("that counts the customers in decline at the end of the year; count them "
                          "at the start date (a row of the matrix).",
                          "这是年末处于衰退期的人数；应数起始日的（矩阵的一行）。")),),
             hint=("the row of the transition matrix for the stage at the start date.",
                   "转移矩阵中起始日该阶段的那一行。")),
    Exercise("02-3b", ("share of them won back", "其中被挽回的比例"),
             lambda: float(_moves().loc["decline", ACTIVE].sum() / _moves().loc["decline"].sum()),
             kind="fraction",
             slips=(Slip(lambda: float(_moves().loc["decline", "recovery"] / _moves().loc[
                         "decline"].sum()),
                         ("count every customer who bought again: all four active stages, not only "
                          "recovery.", "凡是再次购买的客户都算：四个活跃阶段都要算，不只是恢复期。")),
                    Slip(lambda: float(_moves().loc["decline", [*ACTIVE, "decline"]].sum()
                                       / _moves().loc["decline"].sum()),
                         ("customers still in decline at the end have not bought again.",
                          "年末仍处于衰退期的客户并没有再次购买。"))),
             hint=("customers who bought again are in any of the four active stages at the end.",
                   "再次购买的客户在年末处于四个活跃阶段之一。")),
    Exercise("02-4a", ("best 2023 cohort in month 6", "第 6 个月表现最好的 2023 年同期群"),
             lambda: str(_cohorts_2023()[1][6].idxmax()), kind="text",
             slips=(Slip(lambda: str(_cohorts_2023()[1][5].idxmax()), _OFF_BY_ONE_COLUMN),
                    Slip(lambda: str(_cohorts_2023()[1][7].idxmax()), _OFF_BY_ONE_COLUMN)),
             hint=("rows are cohorts: take column 6 for the rows of 2023 and find the largest.",
                   "行是同期群：取 2023 年各行的第 6 列，找出最大者。")),
    Exercise("02-4b", ("average of column 6 over the 2023 cohorts", "2023 年同期群第 6 列的平均值"),
             lambda: float(_cohorts_2023()[1][6].mean()), kind="fraction",
             slips=(Slip(lambda: float(_cohorts_2023()[0][6].mean()),
                         ("average over the twelve cohorts of 2023 only, not over every cohort.",
                          "只对 2023 年的十二个同期群求平均，不是全部同期群。")),
                    Slip(lambda: float(_cohorts_2023()[1][5].mean()), _OFF_BY_ONE_COLUMN),
                    Slip(lambda: float(_cohorts_2023()[1][7].mean()), _OFF_BY_ONE_COLUMN)),
             hint=("the mean of column 6 over the twelve 2023 rows.", "2023 年十二行第 6 列的均值。")),
    Exercise("02-5a", ("driver that matters most", "影响最大的驱动因素"),
             lambda: str(_losses().idxmax()), kind="text",
             slips=(Slip(lambda: str(_losses().idxmin()),
                         ("that driver costs the least when switched off; the question asks for the "
                          "most.", "关掉这个因素损失最小；题目问的是损失最大的。")),),
             hint=("compare the lifecycle profit with each driver set to 0 in turn.",
                   "依次把每个因素设为 0，比较生命周期利润。")),
    Exercise("02-5b", ("lifecycle profit lost", "损失的生命周期利润"),
             lambda: float(_losses().max()),
             slips=(Slip(lambda: -float(_losses().max()),
                         ("give the loss as a positive number.", "损失请写成正数。")),),
             hint=("default lifecycle profit minus the lifecycle profit without the driver.",
                   "默认生命周期利润减去去掉该因素后的生命周期利润。")),
)
