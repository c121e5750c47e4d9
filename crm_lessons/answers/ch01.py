"""Answers of chapter 01's exercises (solutions/01_relationship_marketing_solutions.ipynb)."""

from __future__ import annotations

import math
from functools import cache

from .. import datasets, value
from . import Exercise, Slip, register

# Exercise 1: two laptops, (values, costs) in yuan, as the exercise's table shows them.
OFFERS = {
    "A": ({"product": 6000, "service": 1200, "personnel": 500, "image": 800},
          {"monetary": 6500, "time": 300, "energy": 200, "psychic": 100}),
    "B": ({"product": 7500, "service": 800, "personnel": 400, "image": 1300},
          {"monetary": 8100, "time": 200, "energy": 100, "psychic": 100}),
}


def _pair(answer):
    """A delivered-value result (or a (difference, ratio) pair) as [difference, ratio]."""
    if hasattr(answer, "difference"):
        return [float(answer.difference), float(answer.ratio)]
    items = list(answer)
    if len(items) != 2:
        raise ValueError("expected a delivered-value result")
    return [float(x) for x in items]


def _offer(name):
    d = value.delivered_value(*OFFERS[name])
    return [d.difference, d.ratio]


def _money_only(name):
    values, costs = OFFERS[name]
    d = value.delivered_value(values, {"monetary": costs["monetary"]})
    return [d.difference, d.ratio]


def _inverted(name):
    d = value.delivered_value(*OFFERS[name])
    return [d.cost - d.value, d.cost / d.value]


def _best(metric):
    table = value.compare_offers({k: value.delivered_value(*OFFERS[k]) for k in OFFERS})
    return str(table[metric].idxmax())


def _other(metric):
    return "B" if _best(metric) == "A" else "A"


_OFFER_SLIPS = lambda name: (  # noqa: E731
    Slip(lambda: _money_only(name),
         ("count every cost component (time, energy and psychic costs too), not only the price.",
          "要计入全部成本（时间、体力和精神成本），而不只是价格。")),
    Slip(lambda: _inverted(name),
         ("value comes first: value minus cost, and value divided by cost.",
          "价值在前：价值减成本，价值除以成本。")),
)


@cache
def _profit_by_channel():
    customers = datasets.load_customers()
    profit = value.customer_profitability(
        datasets.load_transactions(), customers[["customer_id", "acquisition_cost"]],
        gross_margin=0.30)
    return profit["profit"], profit.join(customers.set_index("customer_id")["channel"]).groupby(
        "channel", observed=True)["profit"]


def _best_channel():
    return str(_profit_by_channel()[1].median().idxmax())


def _impact(**changes):
    args = {"uplift": 0.05, "margin": 100, "margin_growth": 0.05, "acquisition_cost": 300,
            "horizon": 20, **changes}
    return value.retention_profit_impact(0.90, **args)


register(
    Exercise("01-1a", ("offer A: delivered value (difference and ratio)",
                       "报价 A：让渡价值（差额与比值）"),
             lambda: _offer("A"), extract=_pair, slips=_OFFER_SLIPS("A"),
             hint=("difference = total value − total cost; ratio = total value ÷ total cost.",
                   "差额 = 总价值 − 总成本；比值 = 总价值 ÷ 总成本。")),
    Exercise("01-1b", ("offer B: delivered value (difference and ratio)",
                       "报价 B：让渡价值（差额与比值）"),
             lambda: _offer("B"), extract=_pair, slips=_OFFER_SLIPS("B"),
             hint=("put all four value and all four cost components in.",
                   "四项价值和四项成本都要算进去。")),
    Exercise("01-1c", ("better offer by difference", "按差额更好的报价"),
             lambda: _best("difference"), kind="text",
             slips=(Slip(lambda: _other("difference"),
                         ("compare the yuan left to the customer: the larger difference wins.",
                          "比较留给客户的钱：差额大的更好。")),),
             hint=("answer with the offer's name, \"A\" or \"B\".", "用报价的名称回答：\"A\" 或 \"B\"。")),
    Exercise("01-1d", ("better offer by ratio", "按比值更好的报价"),
             lambda: _best("ratio"), kind="text",
             slips=(Slip(lambda: _other("ratio"),
                         ("compare value per yuan of cost, not the difference.",
                          "比较每一元成本换来的价值，而不是差额。")),),
             hint=("answer with the offer's name, \"A\" or \"B\".", "用报价的名称回答：\"A\" 或 \"B\"。")),
    Exercise("01-2a", ("retention at which the base stands still", "客户基数不再萎缩时的保持率"),
             lambda: value.standstill_retention(0.15), kind="fraction",
             slips=(Slip(lambda: 0.15, ("that is the acquisition rate; retention plus it must make "
                                        "the base stand still.",
                                        "这是获客率；保持率加上它才使客户基数不变。")),),
             hint=("the base stands still when retention + acquisition rate = 1.",
                   "当保持率 + 获客率 = 1 时，客户基数不变。")),
    Exercise("01-2b", ("years until the base doubles", "客户基数翻倍所需年数"),
             lambda: value.doubling_time(0.93, 0.15),
             slips=(Slip(lambda: math.log(2) / (0.93 + 0.15 - 1),
                         ("that is the quick approximation (ln 2 ÷ growth rate); solve exactly with "
                          "logarithms.", "这是近似值（ln 2 ÷ 增长率）；请用对数精确求解。")),),
             hint=("solve (r + a)^t = 2 for t with logarithms.", "用对数解方程 (r + a)^t = 2。")),
    Exercise("01-2c", ("customers after 10 years", "10 年后的客户数"),
             lambda: float(value.project_customer_base(5000, 0.93, 0.15, 10).iloc[-1]),
             slips=(Slip(lambda: float(value.project_customer_base(5000, 0.93, 0.15, 10).iloc[-2]),
                         ("one year short: grow the base once per year, ten times.",
                          "少算了一年：每年增长一次，一共十次。")),
                    Slip(lambda: float(value.project_customer_base(5000, 0.93, 0.15, 11).iloc[-1]),
                         ("one year too many: grow the base once per year, ten times.",
                          "多算了一年：每年增长一次，一共十次。")),
                    Slip(lambda: 5000 * 0.93 ** 10,
                         ("new customers join every year too: multiply by retention plus acquisition.",
                          "每年也有新客户加入：乘以保持率加获客率。"))),
             hint=("multiply by (r + a) once per year.", "每年乘一次 (r + a)。")),
    Exercise("01-3a", ("channel with the highest median profit", "利润中位数最高的渠道"),
             _best_channel, kind="text",
             hint=("group the profit by channel and compare the medians.",
                   "按渠道分组，比较各组利润的中位数。")),
    Exercise("01-3b", ("share of that channel's customers with negative profit",
                       "该渠道中利润为负的客户比例"),
             lambda: float((_profit_by_channel()[1].get_group(_best_channel()) < 0).mean()),
             kind="fraction",
             slips=(Slip(lambda: float((_profit_by_channel()[0] < 0).mean()),
                         ("that is the share among all customers; keep only that channel's.",
                          "这是全部客户中的比例；只看该渠道的客户。")),
                    Slip(lambda: float((_profit_by_channel()[1].get_group(_best_channel())
                                        >= 0).mean()),
                         ("that is the share of customers who are profitable.",
                          "这是盈利客户的比例。"))),
             hint=("the share of True values in (profit < 0) is its mean.",
                   "(利润 < 0) 中 True 的比例就是它的均值。")),
    Exercise("01-4a", ("change in profit per customer won, in per cent", "每获得一位客户的利润变化（百分数）"),
             lambda: _impact().pct_change,
             slips=(Slip(lambda: _impact(margin_growth=0.10).pct_change,
                         ("the margin grows only 5 % a year here, not the chapter's 10 %.",
                          "这里毛利每年只增长 5 %，不是本章的 10 %。")),
                    Slip(lambda: _impact(acquisition_cost=150).pct_change,
                         ("winning a customer costs 300 yuan here.", "这里获得一位客户的成本是 300 元。"))),
             hint=("re-run the chapter's example with this firm's retention, margin growth and "
                   "acquisition cost.", "用这家公司的保持率、毛利增长率和获客成本重做本章的例子。")),
    Exercise("01-4b", ("inside Reichheld & Sasser's range?", "是否在 Reichheld 与 Sasser 的范围内？"),
             lambda: bool(value.REICHHELD_SASSER_RANGE[0] <= _impact().change
                          <= value.REICHHELD_SASSER_RANGE[1]), kind="bool",
             hint=("compare the change as a fraction with the published range.",
                   "把变化（小数）与公布的范围比较。")),
)
