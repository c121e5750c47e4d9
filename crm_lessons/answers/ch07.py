"""Answers of chapter 07's exercises (solutions/07_probabilistic_clv_solutions.ipynb)."""

from __future__ import annotations

from functools import cache

from .. import btyd, datasets
from . import Exercise, Slip, register

# Exercise 1: the bundled retailer, calibrated to the end of 2023, forecast for the 52 weeks after.
SHOP_CALIBRATION_END, SHOP_HOLDOUT_END, WEEKS = "2023-12-31", "2024-12-31", 52
# Exercise 2: the paper's parameters and another customer (x, t_x, T in weeks).
PAPER = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
X, T_X, T = 4, 20.0, 38.86
# Exercise 3: CDNOW 1/10 sample, 24 months, 15 % a year, 25 % margin.
CDNOW_CALIBRATION_END, CDNOW_HOLDOUT_END = "1997-09-30", "1998-06-30"
MONTHS, RATE, MARGIN = 24, 0.15, 0.25


@cache
def _shop():
    summary = btyd.calibration_summary(datasets.load_transactions(), SHOP_CALIBRATION_END,
                                       holdout_end=SHOP_HOLDOUT_END)
    return summary, btyd.fit_bgnbd(summary)


def _paper():
    return btyd.BGNBDFit(dict(PAPER))


@cache
def _cdnow():
    summary = btyd.calibration_summary(datasets.load_cdnow(), CDNOW_CALIBRATION_END,
                                       holdout_end=CDNOW_HOLDOUT_END)
    return summary, btyd.fit_bgnbd(summary), btyd.fit_gamma_gamma(summary)


def _value(months=MONTHS, rate=RATE, margin=MARGIN) -> float:
    summary, fit, gg = _cdnow()
    return float(btyd.customer_value(fit, gg, summary, horizon_months=months,
                                     discount_rate=rate, margin=margin).sum())


def _drop(a_share=True) -> float:
    a, b = _shop()[1].params["a"], _shop()[1].params["b"]
    return a / (a + b) if a_share else b / (a + b)


_COUNT_FIRST = ("x counts repeat purchases only: the first purchase is not one of them.",
                "x 只数重复购买：第一次购买不算在内。")
_SILENCE = ("t_x is the time of the last purchase counted from the first, not the time since the "
            "last purchase.", "t_x 是从第一次购买算起、最后一次购买发生的时间，不是距最后一次购买已经过了多久。")

register(
    Exercise("07-1a", ("expected purchases in 2024, all customers", "2024 年预期购买次数（全体客户）"),
             lambda: float(_shop()[1].expected_purchases(WEEKS, _shop()[0]).sum()),
             slips=(Slip(lambda: float(_shop()[1].expected_cumulative(WEEKS) * len(_shop()[0])),
                         ("that is the expectation for a customer just acquired; the forecast "
                          "must be conditional on each customer's own history.",
                          "这是刚获得的客户的期望值；预测必须以每位客户自己的购买历史为条件。")),
                    Slip(lambda: float(_shop()[1].expected_purchases(365, _shop()[0]).sum()),
                         ("the model's time unit is the week: a year is 52 of them.",
                          "模型的时间单位是周：一年是 52 周。")),),
             hint=("sum each customer's conditional expectation over the next 52 weeks.",
                   "把每位客户未来 52 周的条件期望购买次数加总。")),
    Exercise("07-1b", ("mean drop-out probability after a purchase", "每次购买后的平均流失概率"),
             lambda: _drop(), kind="fraction",
             slips=(Slip(lambda: _drop(False),
                         ("that is the chance of staying: the drop-out probability's mean is "
                          "a over a + b.", "这是留下来的概率：流失概率的均值是 a ÷ (a + b)。")),
                    Slip(lambda: _shop()[1].params["a"] / _shop()[1].params["b"],
                         ("the mean of the Beta distribution divides a by a + b, not by b.",
                          "贝塔分布的均值是 a ÷ (a + b)，不是 a ÷ b。")),),
             hint=("p follows a Beta distribution: its mean comes from the fitted a and b.",
                   "p 服从贝塔分布：它的均值由拟合得到的 a 和 b 算出。")),
    Exercise("07-2a", ("P(alive) of the customer", "该客户仍活跃的概率"),
             lambda: float(_paper().p_alive(X, T_X, T)), kind="fraction",
             slips=(Slip(lambda: float(_paper().p_alive(X + 1, T_X, T)), _COUNT_FIRST),
                    Slip(lambda: float(_paper().p_alive(X, T - T_X, T)), _SILENCE),),
             hint=("use the paper's four parameters with x, t_x and T in weeks.",
                   "用论文的四个参数，x、t_x 和 T 都以周为单位。")),
    Exercise("07-2b", ("expected purchases in the next 52 weeks", "未来 52 周的预期购买次数"),
             lambda: float(_paper().expected_purchases(52, X, T_X, T)),
             slips=(Slip(lambda: float(_paper().expected_purchases(39, X, T_X, T)),
                         ("the question asks for a year, 52 weeks, not the 39-week holdout.",
                          "题目问的是一年即 52 周，而不是 39 周的检验期。")),
                    Slip(lambda: float(_paper().expected_purchases(52, X + 1, T_X, T)), _COUNT_FIRST),
                    Slip(lambda: float(_paper().expected_purchases(52, X, T - T_X, T)), _SILENCE),),
             hint=("the conditional expectation for this customer's x, t_x and T over 52 weeks.",
                   "按该客户的 x、t_x 和 T 计算未来 52 周的条件期望。")),
    Exercise("07-3", ("CDNOW model CLV, 24 months, total", "CDNOW 的模型 CLV（24 个月合计）"),
             lambda: _value(),
             slips=(Slip(lambda: _value(rate=0.0),
                         ("future purchases must be discounted at 15 % a year.",
                          "未来的购买必须按每年 15 % 折现。")),
                    Slip(lambda: _value(months=12),
                         ("the horizon is 24 months, two years.", "期限是 24 个月，即两年。")),
                    Slip(lambda: _value(margin=1.0),
                         ("the value is profit: multiply the spend by the 25 % margin.",
                          "价值指的是利润：消费金额要乘以 25 % 的利润率。")),),
             hint=("refit both models on the CDNOW calibration period and add up the customers' "
                   "values.", "在 CDNOW 的校准期上重新拟合两个模型，再把每位客户的价值加总。")),
)
