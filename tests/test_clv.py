"""crm_lessons.clv: the lecture's numbers, validation, properties, charts and slider panels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_lessons as crm
from crm_lessons import clv
from crm_lessons.plotting import clv as charts
from crm_lessons.widgets import clv as panels
from crm_lessons.widgets import controls

from .widget_harness import sweep

rates = st.floats(0.0, 1.0, allow_nan=False)
pos_rates = st.floats(0.001, 1.0, allow_nan=False)
horizons = st.integers(1, 60)
money = st.floats(-1e5, 1e5, allow_nan=False)


# ------------------------------------------------------------------ the lecture's single customer

def test_thirty_year_old_prospect():
    profit = clv.annual_profit(100, 2)
    assert profit == 2400.0
    assert clv.present_value([profit] * 20, 0.0) == pytest.approx(48_000.0)
    assert round(clv.customer_lifetime_value([profit] * 20, 0.0, 0.05), 2) == 29_909.30
    assert round(clv.customer_lifetime_value([profit] * 20, 0.0, 0.10), 2) == 20_432.55
    assert round(clv.annuity_factor(0.10, 20), 4) == 8.5136
    assert clv.group_clv(10, profit, 0.10, 20) == pytest.approx(10 * 2400 * 8.513564, rel=1e-6)


def test_schedule_is_the_four_steps():
    s = clv.clv_schedule([3000, 3200, 3500], [600, 700, 800], 0.08)
    assert s.index.tolist() == [1, 2, 3]
    assert s["profit"].tolist() == [2400, 2500, 2700]
    assert s["discount_factor"].tolist() == pytest.approx([1 / 1.08, 1 / 1.08**2, 1 / 1.08**3])
    expected = 2400 / 1.08 + 2500 / 1.08**2 + 2700 / 1.08**3
    assert s["cumulative"].iloc[-1] == pytest.approx(expected)
    assert clv.customer_lifetime_value([3000, 3200, 3500], [600, 700, 800], 0.08) == (
        pytest.approx(expected))


def test_retention_clv_closed_form_and_finite():
    assert clv.retention_clv(100, 0.8, 0.1) == pytest.approx(100 * 0.8 / 0.3)
    # finite horizon equals the explicit sum
    t = np.arange(1, 6)
    explicit = float(np.sum(100 * 0.8**t / 1.1**t))
    assert clv.retention_clv(100, 0.8, 0.1, years=5) == pytest.approx(explicit)
    # r = 1, i = 0 over T years: m × T
    assert clv.retention_clv(50, 1.0, 0.0, years=4) == pytest.approx(200)
    grid = clv.retention_clv(100, np.array([[0.5], [0.9]]), np.array([[0.05, 0.2]]))
    assert grid.shape == (2, 2) and grid[1, 0] > grid[0, 0] and grid[1, 0] > grid[1, 1]


# ------------------------------------------------------------------ Hughes' table to the cent

def test_hughes_table_to_the_cent():
    t = clv.example_table("hughes")
    assert t.loc["customers"].tolist() == [100_000, 60_000, 42_000]
    assert t.loc["revenue"].tolist() == [16_200_000, 14_250_000, 12_600_000]
    assert t.loc["gross_profit"].round(2).tolist() == [-640_000, 3_787_500, 3_570_000]
    assert t.loc["discount_divisor"].tolist() == [1.0, 1.16, 1.35]
    assert t.loc["npv"].round(0).tolist() == [-640_000, 3_265_086, 2_644_444]
    assert t.loc["cumulative_npv"].round(0).tolist() == [-640_000, 2_625_086, 5_269_531]
    assert t.loc["ltv"].round(2).tolist() == [-6.40, 26.25, 52.70]
    assert clv.breakeven_year(t) == 2


def test_hughes_rounding_matters():
    exact = clv.ltv_table(**{**clv.HUGHES_EXAMPLE, "round_divisor": None})
    assert exact.loc["discount_divisor", 3] == pytest.approx(1.3456)
    assert round(exact.loc["npv", 3]) == round(3_570_000 / 1.3456)  # 2,653,091, not 2,644,444
    assert round(exact.loc["ltv", 3], 2) != 52.70


def test_lecture_variant_reconstruction():
    t = clv.example_table("lecture")
    assert t.loc["customers", 1] == 10_000
    assert t.loc["cost_per_customer", 1] == 60 and t.loc["cost_per_customer", 2] == 20
    assert t.loc["cost_rate", 1] == 0.70 and t.loc["retention", 1] == 0.60
    assert t.loc["revenue", 1] / 10_000 == 160
    assert t.loc["profit_per_customer", 1] == pytest.approx(-12.0)
    assert round(t.loc["ltv", 3], 2) == 66.08
    assert abs(t.loc["cumulative_npv", 3] - 660_800) < 50


def test_format_ltv_table_like_the_source():
    f = clv.format_ltv_table(clv.example_table("hughes"), "en")
    assert f.loc["cumulative NPV"].tolist() == ["-640,000", "2,625,086", "5,269,531"]
    assert f.loc["retention rate"].tolist() == ["60%", "70%", "80%"]
    assert f.loc["discount divisor"].tolist() == ["1", "1.16", "1.35"]
    zh = clv.format_ltv_table(clv.example_table("hughes"), "zh")
    assert "累计净现值" in zh.index and zh.columns[0] == "第1年"


def test_ltv_table_from_measured_counts():
    t = clv.ltv_table([1000, 400, 500], None, 2, 50.0, 0.6, [30.0, 5.0, 5.0], interest=0.0)
    assert t.loc["customers"].tolist() == [1000, 400, 500]
    assert t.loc["retention"].iloc[:2].tolist() == [0.4, 1.25]  # lapsed customers came back
    assert np.isnan(t.loc["retention", 3])
    assert t.loc["ltv", 3] == pytest.approx((1000 * 10 + 400 * 35 + 500 * 35) / 1000)
    assert clv.format_ltv_table(t, "en").loc["retention rate"].tolist() == ["40%", "125%", "—"]
    with pytest.raises(ValueError, match="retention=None"):
        clv.ltv_table([1000, 400], 0.5, 2, 50.0, 0.6, 10.0, interest=0.0)
    with pytest.raises(ValueError, match="retention is required"):
        clv.ltv_table(1000, None, 2, 50.0, 0.6, 10.0, interest=0.0)
    with pytest.raises(ValueError, match="starting with a positive count"):
        clv.ltv_table([0, 400], None, 2, 50.0, 0.6, 10.0, interest=0.0)


def test_ltv_table_scalars_broadcast():
    t = clv.ltv_table(1000, [0.5, 0.5], 2, 50.0, 0.6, 10.0, interest=0.0)
    assert t.loc["customers"].tolist() == [1000, 500]
    assert t.loc["gross_profit"].tolist() == [1000 * (40 - 10), 500 * (40 - 10)]


@pytest.mark.parametrize("kwargs, word", [
    (dict(customers=0), "customers"),
    (dict(customers=[1, 2]), "customers"),
    (dict(retention=[0.6, 1.2, 0.8]), "retention"),
    (dict(retention=[0.6, 0.7]), "same length"),
    (dict(cost_rate=[0.7, -0.1, 0.6]), "cost_rate"),
    (dict(average_order=[90, float("nan"), 100]), "average_order"),
    (dict(cost_per_customer=[55, -1, 20]), "cost_per_customer"),
    (dict(orders_per_year=[1.8, -2, 3]), "orders_per_year"),
    (dict(interest=1.5), "interest"),
    (dict(risk_factor=-1), "risk_factor"),
    (dict(round_divisor=1.5), "round_divisor"),
])
def test_ltv_table_validation(kwargs, word):
    with pytest.raises(ValueError, match=word):
        clv.ltv_table(**{**clv.HUGHES_EXAMPLE, **kwargs})


def test_example_table_validation():
    with pytest.raises(ValueError, match="hughes"):
        clv.example_table("kotler")
    with pytest.raises(ValueError, match="unknown ltv_table inputs"):
        clv.example_table("hughes", retension=0.5)
    with pytest.raises(ValueError, match="cumulative_npv"):
        clv.breakeven_year(pd.DataFrame({"a": [1]}))


def test_breakeven_never():
    t = clv.ltv_table(100, 0.1, 1, 10, 0.9, 50, interest=0.1)
    assert clv.breakeven_year(t) is None


# ------------------------------------------------------------------ validation of the formulas

@pytest.mark.parametrize("call, word", [
    (lambda: clv.annuity_factor(-0.1, 10), "rate must be a yearly fraction in \\[0, 1\\]"),
    (lambda: clv.annuity_factor(0.1, 0), "years must be a whole number"),
    (lambda: clv.annuity_factor(0.1, 2.5), "years"),
    (lambda: clv.annuity_factor("ten", 2), "rate must be numeric"),
    (lambda: clv.present_value([], 0.1), "cashflows must be a non-empty"),
    (lambda: clv.present_value([1, np.nan], 0.1), "cashflows must not contain NaN"),
    (lambda: clv.present_value([[1, 2]], 0.1), "cashflows"),
    (lambda: clv.customer_lifetime_value([1, 2, 3], [1, 2], 0.1), "costs must be one number"),
    (lambda: clv.group_clv(-1, 100, 0.1, 5), "customers must be a non-negative"),
    (lambda: clv.retention_clv(100, 1.2, 0.1), "retention must be a fraction"),
    (lambda: clv.retention_clv(100, 1.0, 0.0), "never ends"),
    (lambda: clv.annual_profit(100, -1), "purchases_per_month"),
])
def test_validation_messages(call, word):
    with pytest.raises(ValueError, match=word):
        call()


@given(rate=pos_rates, years=horizons)
def test_annuity_factor_is_the_sum_of_discount_factors(rate, years):
    assert clv.annuity_factor(rate, years) == pytest.approx(
        clv.discount_factors(rate, years).sum(), rel=1e-9)


@given(rate=rates, years=horizons)
def test_annuity_factor_bounds(rate, years):
    f = clv.annuity_factor(rate, years)
    assert 0 < f <= years + 1e-9
    if rate > 0:
        assert f < 1 / rate + 1e-9  # the perpetuity is the ceiling


@given(r1=rates, r2=rates, years=horizons)
def test_higher_rate_never_raises_value(r1, r2, years):
    lo, hi = sorted((r1, r2))
    assert clv.annuity_factor(hi, years) <= clv.annuity_factor(lo, years) + 1e-9


@given(flows=st.lists(money, min_size=1, max_size=30), rate=rates, k=st.floats(-10, 10))
@settings(max_examples=60)
def test_present_value_is_linear(flows, rate, k):
    a = clv.present_value(flows, rate)
    assert clv.present_value([k * f for f in flows], rate) == pytest.approx(
        k * a, rel=1e-9, abs=1e-6)


@given(profit=money, rate=rates, years=horizons)
def test_constant_profit_equals_annuity(profit, rate, years):
    assert clv.customer_lifetime_value([profit] * years, 0.0, rate) == pytest.approx(
        profit * clv.annuity_factor(rate, years), rel=1e-9, abs=1e-6)
    assert clv.group_clv(7, profit, rate, years) == pytest.approx(
        7 * profit * clv.annuity_factor(rate, years), rel=1e-9, abs=1e-6)


@given(m=st.floats(0, 1e4), r=st.floats(0, 0.99), i=pos_rates)
def test_retention_clv_finite_sums_approach_the_closed_form(m, r, i):
    infinite = clv.retention_clv(m, r, i)
    assert clv.retention_clv(m, r, i, years=5) <= infinite + 1e-6
    assert clv.retention_clv(m, r, i, years=2000) == pytest.approx(infinite, rel=1e-6, abs=1e-6)


@given(r=st.lists(st.floats(0, 1), min_size=3, max_size=3),
       acq=st.floats(0, 200), i=st.floats(0, 0.3))
@settings(max_examples=60)
def test_ltv_table_identities(r, acq, i):
    t = clv.example_table("hughes", retention=r, cost_per_customer=[acq, 20, 20], interest=i)
    assert t.loc["cumulative_npv"].iloc[-1] == pytest.approx(t.loc["npv"].sum())
    assert (t.loc["ltv"] * 100_000).tolist() == pytest.approx(t.loc["cumulative_npv"].tolist())
    assert t.loc["gross_profit"].tolist() == pytest.approx(
        (t.loc["revenue"] - t.loc["costs"]).tolist())
    # year-1 LTV falls by exactly the extra acquisition cost
    assert t.loc["ltv", 1] == pytest.approx(90 * 1.8 * 0.3 - acq)
    assert t.loc["customers"].is_monotonic_decreasing


# ------------------------------------------------------------------ the pyramid

def test_pyramid_thousand_customers_is_10_40_150_800():
    values = pd.Series(np.arange(1000, 0, -1.0), index=[f"c{k}" for k in range(1000)])
    tiers = clv.customer_pyramid(values)
    assert tiers.value_counts().reindex(clv.PYRAMID_TIERS).tolist() == [10, 40, 150, 800]
    assert tiers.index.equals(values.index)
    assert tiers.iloc[:10].eq("diamond").all() and tiers.iloc[-1] == "lead"
    summary = clv.pyramid_summary(values, tiers)
    assert summary["customers"].tolist() == [10, 40, 150, 800]
    assert summary["value"].sum() == values.sum()
    assert summary["value_share"].sum() == pytest.approx(1.0)


def test_pyramid_custom_labels_and_ties_and_negatives():
    tiers = clv.customer_pyramid([-5, 10, 10, 3], shares=(0.5, 0.5), labels=("top", "rest"))
    assert tiers.tolist() == ["rest", "top", "top", "rest"]
    tiers = clv.customer_pyramid([10, 10, 10, 10], shares=(0.25, 0.75), labels=("a", "b"))
    assert tiers.tolist() == ["a", "b", "b", "b"]  # ties keep input order


@pytest.mark.parametrize("kwargs, word", [
    (dict(values=[]), "values must be a non-empty"),
    (dict(values=[1, None]), "values must not contain NaN"),
    (dict(values=[1, 2], shares=(0.5, 0.6), labels=("a", "b")), "sum"),
    (dict(values=[1, 2], shares=(0.5, 0.5)), "equally long"),
    (dict(values=[1, 2], shares=(0.5, 0.5), labels=("a", "a")), "distinct"),
])
def test_pyramid_validation(kwargs, word):
    with pytest.raises(ValueError, match=word):
        clv.customer_pyramid(**kwargs)


@given(values=st.lists(st.floats(-1e4, 1e4), min_size=1, max_size=300))
@settings(max_examples=60)
def test_pyramid_properties(values):
    tiers = clv.customer_pyramid(values)
    codes = tiers.cat.codes.to_numpy()
    v = np.asarray(values)
    # a better tier never holds a lower value than a worse tier
    for a in range(4):
        for b in range(a + 1, 4):
            if (codes == a).any() and (codes == b).any():
                assert v[codes == a].min() >= v[codes == b].max()
    n = len(values)
    expected = np.diff(np.concatenate([[0], np.floor(np.cumsum(clv.PYRAMID_SHARES) * n + 0.5)]))
    expected[-1] = n - expected[:-1].sum()
    assert np.bincount(codes, minlength=4).tolist() == expected.astype(int).tolist()


def test_pyramid_moves_in_both_languages():
    en, zh = clv.pyramid_moves("en"), clv.pyramid_moves("zh")
    assert en.index.tolist() == list(clv.PYRAMID_TIERS)
    assert zh.loc["diamond", "tier_name"] == "钻石" and zh.loc["lead", "tier_name"] == "重铅"
    assert "上移" in zh.loc["gold", "moves"]


# ------------------------------------------------------------------ values from transactions

@pytest.fixture
def tx():
    return pd.DataFrame({
        "customer_id": [1, 1, 1, 2, 2, 3, 1, 2],
        "order_date": pd.to_datetime(["2022-02-01", "2022-06-01", "2022-07-01", "2022-03-01",
                                      "2022-08-01", "2023-01-05", "2023-02-01", "2024-03-03"]),
        "amount": [100.0, 50.0, -30.0, 80.0, 20.0, 60.0, 120.0, 40.0],
    })


def test_customer_value_nets_refunds(tx):
    v = clv.customer_value(tx, margin=0.5, end="2022-12-31", customers=[1, 2, 3, 4])
    assert v.to_dict() == {1: 60.0, 2: 50.0, 3: 0.0, 4: 0.0}
    v = clv.customer_value(tx, margin=1.0, start="2023-01-01")
    assert v.to_dict() == {1: 120.0, 2: 40.0, 3: 60.0}


def test_customer_value_validation(tx):
    with pytest.raises(ValueError, match="missing column"):
        clv.customer_value(tx.drop(columns="amount"))
    with pytest.raises(ValueError, match="datetime64"):
        clv.customer_value(tx.assign(order_date=tx["order_date"].astype(str)))
    with pytest.raises(ValueError, match="empty"):
        clv.customer_value(tx.iloc[:0])
    with pytest.raises(ValueError, match="margin"):
        clv.customer_value(tx, margin=2)


def test_cohort_inputs(tx):
    signups = pd.Series(pd.to_datetime(["2022-01-10", "2022-02-20", "2023-01-01"]),
                        index=[1, 2, 3])
    got = clv.cohort_inputs(tx, signups, 2022, years=3)
    assert got["customers"].tolist() == [2, 1, 1]
    assert got["retention"].iloc[:2].tolist() == [0.5, 1.0] and np.isnan(got["retention"].iloc[2])
    # 5 transactions (the refund counts: nothing is dropped) / 2 customers
    assert got["orders_per_year"].tolist() == [2.5, 1.0, 1.0]
    assert got["average_order"].iloc[0] == pytest.approx((100 + 50 - 30 + 80 + 20) / 5)
    with pytest.raises(ValueError, match="cohort_year 2030"):
        clv.cohort_inputs(tx, signups, 2030)


def test_segment_ltv_and_roi():
    v = pd.Series([100.0, 50.0, 10.0, 0.0], index=list("abcd"))
    seg = pd.Series(["x", "x", "y", "y"], index=list("abcd"))
    cost = pd.Series([20.0, 20.0, 30.0, 30.0], index=list("abcd"))
    out = clv.segment_ltv(v, seg, cost)
    assert out.index.tolist() == ["x", "y"]
    assert out["net_value"].tolist() == [55.0, -25.0]
    with pytest.raises(ValueError, match="segments has no segment"):
        clv.segment_ltv(v, seg.iloc[:2])
    assert clv.marketing_roi([30.0, 10.0], 10.0) == pytest.approx(1.0)
    assert clv.marketing_roi([30.0, 10.0], [10.0, 30.0]) == pytest.approx(0.0)
    with pytest.raises(ValueError, match="costs must be >= 0 yuan with a positive total"):
        clv.marketing_roi([1.0], 0)
    with pytest.raises(ValueError, match="costs must be one number or one per value"):
        clv.marketing_roi([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="values must be a non-empty"):
        clv.marketing_roi([], 1.0)


def test_allocate_budget():
    got = clv.allocate_budget(900, pd.Series({"a": 200.0, "b": 100.0, "c": -40.0}))
    assert got.tolist() == pytest.approx([600.0, 300.0, 0.0])
    assert clv.allocate_budget(500, pd.Series({"a": -1.0})).tolist() == [0.0]
    with pytest.raises(ValueError, match="budget must be >= 0"):
        clv.allocate_budget(-1, pd.Series({"a": 1.0}))
    with pytest.raises(ValueError, match="values must be a pandas Series"):
        clv.allocate_budget(1, [1.0])


@given(budget=st.floats(0, 1e7), vals=st.lists(st.floats(-1e4, 1e4), min_size=1, max_size=8))
def test_allocate_budget_properties(budget, vals):
    got = clv.allocate_budget(budget, pd.Series(vals))
    assert (got >= 0).all()
    assert (got[pd.Series(vals) <= 0] == 0).all()
    if any(v > 0 for v in vals):
        assert got.sum() == pytest.approx(budget, rel=1e-9, abs=1e-6)


def test_cohort_table_reproduces_net_revenue(tx):
    customers = pd.DataFrame({"customer_id": [1, 2, 3], "acquisition_cost": [30.0, 50.0, 10.0],
                              "signup_date": pd.to_datetime(["2022-01-10", "2022-02-20",
                                                             "2023-01-01"])})
    t = clv.cohort_table(tx, customers, 2022, years=3, cost_rate=0.5, marketing_cost=5.0,
                         interest=0.0)
    assert t.loc["revenue"].tolist() == pytest.approx([220.0, 120.0, 40.0])  # refunds netted
    assert t.loc["cost_per_customer"].tolist() == [40.0, 5.0, 5.0]
    assert t.loc["gross_profit", 1] == pytest.approx(0.5 * 220 - 2 * 40)
    # a forecast from another cohort keeps this cohort's size and acquisition cost
    f = clv.cohort_table(tx, customers, 2022, years=1, behaviour_year=2023, interest=0.0)
    assert f.loc["customers", 1] == 2 and f.loc["average_order", 1] == 60.0
    with pytest.raises(ValueError, match="acquisition_cost"):
        clv.cohort_table(tx, customers.drop(columns="acquisition_cost"), 2022)


def test_value_after_signup(tx):
    signups = pd.Series(pd.to_datetime(["2022-01-10", "2022-02-20", "2024-01-01"]),
                        index=[1, 2, 3])
    got = clv.value_after_signup(tx, signups, margin=1.0, days=365)
    # customer 3 joined less than a year before the last order: not yet eligible
    assert got.to_dict() == {1: 120.0, 2: 100.0}
    with pytest.raises(ValueError, match="days must be >= 1"):
        clv.value_after_signup(tx, signups, days=0)
    with pytest.raises(ValueError, match="signups must be a Series"):
        clv.value_after_signup(tx, signups.astype(str))


# ------------------------------------------------------------------ charts

def test_charts_return_figures_with_chinese_labels():
    import matplotlib.pyplot as plt

    crm.setup(lang="zh")
    try:
        fig = charts.ltv_figure(clv.example_table())
        assert "群体客户终生价值表" in fig.axes[0].get_title()
        fig2 = charts.pyramid_figure(clv.pyramid_summary(pd.Series(range(100)), clv.customer_pyramid(
            pd.Series(range(100)))))
        assert [t.get_text() for t in fig2.axes[1].get_yticklabels()] == ["钻石", "黄金", "黄铜",
                                                                         "重铅"]
        seg = charts.segment_figure(pd.DataFrame({"net_value": [3.0, -1.0]},
                                                 index=["referral", "walk_in"]))
        assert [t.get_text() for t in seg.axes[0].get_yticklabels()] == ["老客户推荐", "walk_in"]
        heat = charts.retention_heatmap(100, [0.5, 0.8], [0.05, 0.1])
        assert heat.axes[0].get_xlabel() == "贴现率"
        for f in (charts.discounting_figure(clv.clv_schedule([2400] * 5, 0, 0.1)),
                  charts.rate_curve_figure(2400, 20), charts.retention_curve_figure(100, .1, .8),
                  charts.predicted_vs_actual_figure(clv.example_table(),
                                                    clv.example_table("lecture")),
                  charts.segment_figure(pd.DataFrame({"net_value": [3.0, -1.0]},
                                                     index=["a", "b"]))):
            assert f.axes and f.axes[0].get_title()
        plt.close("all")
    finally:
        crm.setup(lang="en")


def test_figures_redraw_in_place():
    import matplotlib.pyplot as plt

    first = charts.ltv_figure(clv.example_table())
    second_table = clv.example_table(cost_per_customer=[150, 20, 20])
    again = charts.ltv_figure(second_table, fig=first)
    assert again is first
    heights = [p.get_height() for p in again._crm_state["bars"]]
    assert heights == pytest.approx(second_table.loc["ltv"].tolist())
    assert again._crm_state["notes"][0].get_text() == f"{second_table.loc['ltv', 1]:,.2f}"

    s1, s2 = (clv.clv_schedule([2400] * 20, 0, r) for r in (0.1, 0.2))
    fig = charts.discounting_figure(s1)
    assert charts.discounting_figure(s2, fig=fig) is fig
    dark = [p.get_height() for p in fig._crm_state["bars"][1]]
    assert dark == pytest.approx(s2["present_value"].tolist())
    longer = charts.discounting_figure(clv.clv_schedule([2400] * 25, 0, 0.1), fig=fig)
    assert longer is not fig and len(longer._crm_state["bars"][0]) == 25  # new size: new figure

    curve = charts.retention_curve_figure(100, 0.1, 0.8)
    charts.retention_curve_figure(100, 0.2, 0.5, fig=curve)
    line, point, _ = curve._crm_state["artists"]
    assert point.get_ydata()[0] == pytest.approx(clv.retention_clv(100, 0.5, 0.2))
    assert line.get_ydata()[-1] == pytest.approx(clv.retention_clv(100, 0.98, 0.2))

    values = pd.Series(np.arange(200.0))
    pyr = charts.pyramid_figure(clv.pyramid_summary(values, clv.customer_pyramid(values)))
    wide = clv.pyramid_summary(values, clv.customer_pyramid(values, shares=(0.1, 0.1, 0.1, 0.7)))
    charts.pyramid_figure(wide, fig=pyr)
    assert [p.get_width() for p in pyr._crm_state["bars"]] == pytest.approx(
        wide["value_share"].tolist())
    assert [t.get_text() for t in pyr._crm_state["labels"]] == ["10%", "10%", "10%", "70%"]


    plt.close("all")


def _shoelace(points: np.ndarray) -> float:
    x, y = points[:, 0], points[:, 1]
    return abs(x @ np.roll(y, -1) - y @ np.roll(x, -1)) / 2


def test_pyramid_bands_are_area_true():
    shares = np.array([0.01, 0.04, 0.15, 0.80])
    areas = np.array([_shoelace(b) for b in charts._bands(shares)])
    assert areas / areas.sum() == pytest.approx(shares)
    assert areas.sum() == pytest.approx(1.0)  # the whole triangle: base 2, height 1



# ------------------------------------------------------------------ panels

def test_single_clv_panel_sweep():
    p = panels.single_clv_panel()
    assert round(p.result, 2) == 20_432.55

    def check(result, v):
        assert result == pytest.approx(v["profit"] * clv.annuity_factor(v["rate"], v["years"]))

    assert sweep(p, check) == 9
    controls(p)["rate"].value = 0.05
    assert round(p.result, 2) == 29_909.30


def test_cohort_panel_sweep():
    p = panels.cohort_panel()
    assert round(p.result.loc["ltv", 3], 2) == 52.70

    def check(table, v):
        want = clv.example_table("hughes", retention=[v["retention1"], v["retention2"], 0.8],
                                 cost_per_customer=[v["acquisition"], 20, 20],
                                 interest=v["interest"])
        pd.testing.assert_frame_equal(table, want)

    assert sweep(p, check) == 12
    lecture = panels.cohort_panel("lecture")
    assert round(lecture.result.loc["ltv", 3], 2) == 66.08
    with pytest.raises(ValueError, match="example"):
        panels.cohort_panel("other")


def test_retention_clv_panel_sweep():
    p = panels.retention_clv_panel()
    assert p.result == pytest.approx(100 * 0.8 / 0.3)

    def check(result, v):
        assert result == pytest.approx(clv.retention_clv(v["margin"], v["retention"], v["rate"]))

    assert sweep(p, check) == 9


def test_pyramid_panel_sweep():
    values = pd.Series(np.arange(1000, 0, -1.0))
    p = panels.pyramid_panel(values)

    def check(summary, v):
        d = v["diamond"]
        want = clv.pyramid_summary(values, clv.customer_pyramid(
            values, shares=(d, 0.04, 0.15, 1 - d - 0.19)))
        pd.testing.assert_frame_equal(summary, want)
        assert summary.loc["diamond", "customers"] == round(d * 1000)

    assert sweep(p, check) == 3


def test_pyramid_panel_defaults_to_the_bundled_shop():
    from crm_lessons import datasets

    p = panels.pyramid_panel()
    customers = datasets.load_customers()
    values = clv.customer_value(datasets.load_transactions(), margin=0.30, start="2024-01-01",
                                end=datasets.REFERENCE_DATE, customers=customers["customer_id"])
    want = clv.pyramid_summary(values, clv.customer_pyramid(values))
    pd.testing.assert_frame_equal(p.result, want)
    assert p.result["customers"].sum() == len(customers)


# ------------------------------------------------------------------ properties on transactions

@st.composite
def transaction_frames(draw):
    n = draw(st.integers(1, 40))
    ids = draw(st.lists(st.integers(1, 6), min_size=n, max_size=n))
    days = draw(st.lists(st.integers(0, 3 * 365), min_size=n, max_size=n))
    amounts = draw(st.lists(st.floats(-200, 2000, allow_nan=False).map(lambda x: round(x, 2)),
                            min_size=n, max_size=n))
    return pd.DataFrame({"customer_id": ids,
                         "order_date": pd.Timestamp("2022-01-01") + pd.to_timedelta(days, "D"),
                         "amount": amounts})


@given(tx=transaction_frames(), margin=st.floats(0, 1))
@settings(max_examples=50, deadline=None)
def test_customer_value_keeps_every_yuan(tx, margin):
    v = clv.customer_value(tx, margin=margin, customers=range(1, 8))
    assert v.sum() == pytest.approx(margin * tx["amount"].sum(), abs=1e-6)
    assert len(v) == 7 and v.loc[7] == 0.0


@given(tx=transaction_frames())
@settings(max_examples=50, deadline=None)
def test_cohort_table_revenue_is_net_spending(tx):
    signups = pd.Series(pd.to_datetime(["2022-01-01"] * 6), index=range(1, 7))
    customers = pd.DataFrame({"customer_id": signups.index, "signup_date": signups.to_numpy(),
                              "acquisition_cost": 50.0})
    t = clv.cohort_table(tx, customers, 2022, years=3, interest=0.0)
    by_year = tx.groupby(tx["order_date"].dt.year - 2021)["amount"].sum()
    for year in (1, 2, 3):  # refunds included: nothing is dropped
        assert t.loc["revenue", year] == pytest.approx(by_year.get(year, 0.0), abs=1e-6)
    assert t.loc["customers", 1] == 6


def test_example_tables_carry_their_currency_to_the_chart_and_panel():
    """Issue 17 #9: Hughes is in US dollars, the lecture's variant in yuan."""
    import matplotlib.pyplot as plt

    from crm_lessons.glossary import term
    from crm_lessons.plotting import clv as charts
    from crm_lessons.widgets import clv as panels
    from crm_lessons.widgets import controls

    fig = charts.ltv_figure(clv.example_table("hughes"))
    assert fig.axes[0].get_ylabel() == term("clv_per_customer_usd")
    fig = charts.ltv_figure(clv.example_table("lecture"))
    assert fig.axes[0].get_ylabel() == term("clv_per_customer_yuan")
    with pytest.raises(ValueError, match="currency must be 'yuan' or 'usd'"):
        charts.ltv_figure(clv.example_table("hughes"), currency="eur")
    assert controls(panels.cohort_panel("hughes"))["acquisition"].description == term(
        "clv_acquisition_cost_usd")
    assert controls(panels.cohort_panel("lecture"))["acquisition"].description == term(
        "clv_acquisition_cost")
    plt.close("all")


def test_targeting_holdout_chooses_on_one_half_and_scores_on_the_other():
    rng = np.random.default_rng(0)
    seg = pd.Series(rng.choice(["a", "b", "c"], 600))
    values = seg.map({"a": 300.0, "b": 120.0, "c": 20.0}) + rng.normal(0, 5, 600)
    costs = pd.Series(50.0, index=values.index)
    r = clv.targeting_holdout(values, seg, costs, top=1, seed=1)
    assert r["chosen"] == ("a",)
    assert r["choosing"] + r["held_out"] == 600 and 200 < r["held_out"] < 400
    assert r["net_roi_ratio"] == pytest.approx(r["roi_targeted"] / r["roi_mass"])
    assert r["gross_ratio"] == pytest.approx((1 + r["roi_targeted"]) / (1 + r["roi_mass"]))
    assert r["roi_targeted"] > r["roi_mass"]
    # same seed, same split
    assert clv.targeting_holdout(values, seg, costs, top=1, seed=1).equals(r)
    with pytest.raises(ValueError, match="top must be between 1"):
        clv.targeting_holdout(values, seg, costs, top=3)
    with pytest.raises(ValueError, match="holdout must be a fraction"):
        clv.targeting_holdout(values, seg, costs, holdout=1.0)
