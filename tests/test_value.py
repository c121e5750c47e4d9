"""crm_lessons.value (chapter 01): delivered value, customer-base projection, retention economics,
profitability from transactions; its charts and its slider panels."""

from __future__ import annotations

import math
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from crm_lessons import lifecycle, value  # noqa: E402
from crm_lessons.glossary import term  # noqa: E402

from .widget_harness import sweep  # noqa: E402

amounts = st.floats(min_value=0, max_value=1e7, allow_nan=False)
positive = st.floats(min_value=1.0, max_value=1e7, allow_nan=False)
rates = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


# ---------------------------------------------------------------- delivered value

def test_lecture_example_20000_vs_16000():
    dv = value.delivered_value(value.EXAMPLE_VALUES, value.EXAMPLE_COSTS)
    assert (dv.value, dv.cost, dv.difference, dv.ratio) == (20_000, 16_000, 4_000, 1.25)
    assert set(value.EXAMPLE_VALUES) == set(value.VALUE_COMPONENTS)
    assert set(value.EXAMPLE_COSTS) == set(value.COST_COMPONENTS)


def test_kotler_perceived_value_pricing():
    dv = value.delivered_value({"equal to competitor": 90_000, "durability": 7_000,
                                "reliability": 6_000, "service": 5_000, "warranty": 2_000},
                               {"monetary": 100_000})
    assert dv.value == 110_000
    assert dv.difference == 10_000
    assert dv.ratio == pytest.approx(1.10)


def test_table_lists_every_component_with_its_side():
    dv = value.delivered_value({"product": 5, "image": 1}, {"monetary": 3, "time": 2})
    t = dv.table()
    assert t.groupby("side")["yuan"].sum().to_dict() == {"cost": 5, "value": 6}
    assert list(t["component"]) == ["product", "image", "monetary", "time"]


@pytest.mark.parametrize("values, costs, message", [
    ({}, {"monetary": 1}, "values must hold at least one component"),
    ({"product": -1}, {"monetary": 1}, "values['product'] must be a non-negative amount"),
    ({"product": float("nan")}, {"monetary": 1}, "values['product']"),
    ({"product": 1}, {"monetary": 0, "time": 0}, "costs must add up to a positive"),
    ([1, 2], {"monetary": 1}, "values must be a mapping"),
    ({"product": "lots"}, {"monetary": 1}, "got 'lots'"),
    ({"product": 1}, {"monetary": True}, "costs['monetary'] must be a number"),
])
def test_delivered_value_rejects_bad_input(values, costs, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("(", r"\(")):
        value.delivered_value(values, costs)


@settings(deadline=None)
@given(st.dictionaries(st.sampled_from(value.VALUE_COMPONENTS), amounts, min_size=1),
       st.dictionaries(st.sampled_from(value.COST_COMPONENTS), positive, min_size=1))
def test_difference_and_ratio_agree(values, costs):
    dv = value.delivered_value(values, costs)
    assert dv.difference == pytest.approx(dv.value - dv.cost)
    assert dv.ratio == pytest.approx(dv.value / dv.cost)
    # the two readings of delivered value always agree on the sign
    assert (dv.difference > 0) == (dv.ratio > 1) or math.isclose(dv.ratio, 1, rel_tol=1e-12)


@settings(deadline=None)
@given(st.dictionaries(st.sampled_from(value.VALUE_COMPONENTS), amounts, min_size=1),
       st.dictionaries(st.sampled_from(value.COST_COMPONENTS), positive, min_size=1),
       st.floats(min_value=1, max_value=1e5))
def test_cutting_time_cost_raises_delivered_value(values, costs, saving):
    before = value.delivered_value(values, {**costs, "time": costs.get("time", 0) + saving})
    after = value.delivered_value(values, costs)
    assert after.difference > before.difference
    assert after.ratio >= before.ratio


def test_compare_offers_ranks_by_difference_and_validates():
    a = value.delivered_value({"product": 100}, {"monetary": 80})
    b = value.delivered_value({"product": 150}, {"monetary": 125})
    table = value.compare_offers({"A": a, "B": b})
    assert list(table.index) == ["B", "A"]
    assert table.loc["A", "ratio"] == 1.25
    with pytest.raises(ValueError, match="offers\\['A'\\] must be a DeliveredValue"):
        value.compare_offers({"A": 3})
    with pytest.raises(ValueError, match="non-empty mapping"):
        value.compare_offers({})


# ---------------------------------------------------------------- customer base projection

def test_reichheld_95_vs_90_with_10_percent_acquisition():
    grows = value.project_customer_base(100, 0.95, 0.10, 14)
    flat = value.project_customer_base(100, 0.90, 0.10, 14)
    assert list(grows.index) == list(range(15)) and grows.index.name == "year"
    assert grows.iloc[-1] == pytest.approx(100 * 1.05 ** 14)
    assert 195 < grows.iloc[-1] < 200  # "doubles in about 14 years"
    assert np.allclose(flat, 100)
    assert value.doubling_time(0.95, 0.10) == pytest.approx(math.log(2) / math.log(1.05))
    assert round(value.doubling_time(0.95, 0.10), 1) == 14.2
    assert value.doubling_time(0.90, 0.10) == math.inf
    assert value.standstill_retention(0.10) == pytest.approx(0.90)


def test_projection_matches_year_by_year_bookkeeping():
    base = value.project_customer_base(1000, 0.8, 0.15, 6)
    n = 1000.0
    for year in range(1, 7):
        n = n - n * 0.2 + n * 0.15  # lose 20 %, win 15 % of the base
        assert base[year] == pytest.approx(n)


@pytest.mark.parametrize("kwargs, message", [
    ({"start": 0}, "start must be a positive number of customers, got 0"),
    ({"retention": 1.2}, "retention must be a fraction in \\[0, 1\\]"),
    ({"acquisition_rate": -0.1}, "acquisition_rate must be a non-negative fraction"),
    ({"years": 0}, "years must be a whole number ≥ 1, got 0"),
    ({"years": 2.5}, "years must be a whole number"),
])
def test_projection_rejects_bad_input(kwargs, message):
    args = {"start": 100, "retention": 0.9, "acquisition_rate": 0.1, "years": 10, **kwargs}
    with pytest.raises(ValueError, match=message):
        value.project_customer_base(**args)


@settings(deadline=None)
@given(positive, rates, st.floats(min_value=0, max_value=0.5), st.integers(1, 40))
def test_base_grows_exactly_when_retention_plus_acquisition_exceeds_one(start, r, a, years):
    base = value.project_customer_base(start, r, a, years)
    diffs = np.diff(base.to_numpy())
    if r + a > 1:
        assert (diffs >= 0).all()
        if r + a > 1 + 1e-9:
            assert base.iloc[1] > base.iloc[0]
    elif r + a < 1:
        assert (diffs <= 0).all()  # non-strict: a base that reaches 0 stays at 0
        if r + a < 1 - 1e-9:
            assert base.iloc[1] < base.iloc[0]
    assert base.iloc[0] == start
    assert (base >= 0).all()


@settings(deadline=None)
@given(st.floats(min_value=0.3, max_value=1.0), st.floats(min_value=0.01, max_value=0.5))
def test_doubling_time_doubles_the_base(r, a):
    t = value.doubling_time(r, a)
    if r + a > 1.0001:
        years = math.ceil(t)
        base = value.project_customer_base(100, r, a, years)
        assert base.iloc[-1] >= 200 * (1 - 1e-9)
        if years > 1:
            assert base.iloc[years - 1] < 200
    else:
        assert t == math.inf or t > 5000


@settings(deadline=None)
@given(st.floats(min_value=0.0, max_value=1.0))
def test_standstill_retention_keeps_the_base_flat(a):
    r = value.standstill_retention(a)
    assert np.allclose(value.project_customer_base(100, r, a, 10), 100)


def test_replacement_cost_company_a_and_b():
    assert value.replacement_cost(100, 0.2, 60) == 1200
    assert value.replacement_cost(100, 0.1, 60) == 600
    assert value.replacement_cost(100, 0.2, 60) == lifecycle.replacements_needed(100, 0.2) * 60
    with pytest.raises(ValueError, match="acquisition_cost must be a non-negative amount"):
        value.replacement_cost(100, 0.2, -5)
    with pytest.raises(ValueError, match="churn_rate must be in \\(0, 1\\]"):
        value.replacement_cost(100, 0, 60)


# ---------------------------------------------------------------- retention economics

def test_tenure_profile_by_hand():
    p = value.tenure_profile(0.5, margin=100, margin_growth=0.2, horizon=3, discount_rate=0.1)
    assert list(p.index) == [1, 2, 3]
    assert p["survival"].tolist() == [1, 0.5, 0.25]
    assert p["margin"].tolist() == pytest.approx([100, 120, 144])
    assert p["expected_profit"].tolist() == pytest.approx(
        [100 / 1.1, 60 / 1.1 ** 2, 36 / 1.1 ** 3])


def test_retention_profit_impact_by_hand_and_in_reichheld_sasser_range():
    impact = value.retention_profit_impact(0.80)
    q0, q1 = 0.8 * 1.1, 0.85 * 1.1
    base = 100 * (1 - q0 ** 20) / (1 - q0) - 150
    up = 100 * (1 - q1 ** 20) / (1 - q1) - 150
    assert impact.base_profit == pytest.approx(base)
    assert impact.uplifted_profit == pytest.approx(up)
    assert impact.change == pytest.approx(up / base - 1)
    assert impact.pct_change == pytest.approx(100 * (up / base - 1))
    low, high = value.REICHHELD_SASSER_RANGE
    assert low <= impact.change <= high
    assert impact.uplifted_retention == pytest.approx(0.85)


def test_no_uplift_no_change_and_loss_gives_nan():
    assert value.retention_profit_impact(0.7, 0.0).change == 0
    loss = value.retention_profit_impact(0.5, 0.05, acquisition_cost=10_000)
    assert loss.base_profit < 0 and math.isnan(loss.change)


@pytest.mark.parametrize("kwargs, message", [
    ({"retention": 0.98, "uplift": 0.05}, "retention \\+ uplift must be ≤ 1"),
    ({"retention": -0.1}, "retention must be a fraction"),
    ({"uplift": -0.01}, "uplift must be a non-negative number of points"),
    ({"margin_growth": -1}, "margin_growth must be a growth rate above −1"),
    ({"horizon": 0}, "horizon must be a whole number of years ≥ 1, got 0"),
    ({"acquisition_cost": -1}, "acquisition_cost must be a non-negative amount"),
    ({"discount_rate": -0.05}, "discount_rate must be a non-negative rate"),
])
def test_retention_profit_impact_rejects_bad_input(kwargs, message):
    args = {"retention": 0.8, **kwargs}
    with pytest.raises(ValueError, match=message):
        value.retention_profit_impact(**args)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=0.3, max_value=0.9), st.floats(min_value=0.005, max_value=0.09),
       st.floats(min_value=0.0, max_value=0.2))
def test_more_retention_never_lowers_profit(r, u, g):
    impact = value.retention_profit_impact(r, u, margin_growth=g)
    assert impact.uplifted_profit > impact.base_profit
    # margin that grows with tenure makes the uplift worth more, never less
    flat = value.retention_profit_impact(r, u, margin_growth=0.0)
    assert impact.uplifted_profit - impact.base_profit >= (
        flat.uplifted_profit - flat.base_profit) - 1e-9


def test_profit_impact_curve_rises_with_margin_growth():
    curve = value.profit_impact_curve(0.8, np.linspace(0, 0.2, 5))
    assert curve.index.name == "margin_growth"
    assert curve.is_monotonic_increasing
    assert curve.iloc[2] == pytest.approx(value.retention_profit_impact(0.8, margin_growth=0.1)
                                          .change)
    with pytest.raises(ValueError, match="margin_growths must hold at least one"):
        value.profit_impact_curve(0.8, [])


# ---------------------------------------------------------------- from transactions

@pytest.fixture
def small_tx():
    return pd.DataFrame({
        "customer_id": [1, 1, 2, 3, 1, 2, 4, 5, 5],
        "order_date": pd.to_datetime(["2023-01-05", "2023-06-01", "2023-03-03", "2023-09-09",
                                      "2024-02-02", "2024-12-30", "2024-05-05", "2024-07-07",
                                      "2024-08-01"]),
        "amount": [100.0, 50.0, 80.0, 60.0, 120.0, -30.0, 200.0, 40.0, 60.0],
    })


def test_customer_profitability_keeps_refunds_and_costs(small_tx):
    cac = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5, 6],
                        "acquisition_cost": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]})
    p = value.customer_profitability(small_tx, cac, gross_margin=0.4)
    assert list(p.index) == [1, 2, 3, 4, 5, 6]
    assert p.loc[2, "refunds"] == -30 and p.loc[2, "revenue"] == 50 and p.loc[2, "orders"] == 1
    assert p.loc[1, "revenue"] == 270 and p.loc[1, "orders"] == 3
    assert p.loc[6, "revenue"] == 0 and p.loc[6, "profit"] == -60  # won but never bought
    assert p["profit"].tolist() == pytest.approx(
        (p["revenue"] * 0.4 - p["acquisition_cost"]).tolist())
    assert p["revenue"].sum() == pytest.approx(small_tx["amount"].sum())
    plain = value.customer_profitability(small_tx)
    assert (plain["acquisition_cost"] == 0).all() and len(plain) == 5


def test_customer_profitability_validates(small_tx):
    with pytest.raises(ValueError, match="transactions is missing column\\(s\\) \\['amount'\\]"):
        value.customer_profitability(small_tx.drop(columns="amount"))
    with pytest.raises(ValueError, match="transactions must not be empty"):
        value.customer_profitability(small_tx.iloc[:0])
    bad = small_tx.assign(amount=small_tx["amount"].astype(object))
    bad.loc[3, "amount"] = "ten"
    with pytest.raises(ValueError, match="column 'amount' must hold finite numbers"):
        value.customer_profitability(bad)
    with pytest.raises(ValueError, match="gross_margin must be a fraction"):
        value.customer_profitability(small_tx, gross_margin=1.5)
    with pytest.raises(ValueError, match="acquisition_cost must be non-negative yuan"):
        value.customer_profitability(small_tx, pd.Series({1: -5.0}))
    with pytest.raises(ValueError, match="acquisition_cost frame is missing column"):
        value.customer_profitability(small_tx, pd.DataFrame({"id": [1]}))


@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.floats(-500, 5000, allow_nan=False)),
                min_size=1, max_size=60), st.floats(0, 1))
def test_profitability_conserves_money(rows, margin):
    tx = pd.DataFrame(rows, columns=["customer_id", "amount"])
    p = value.customer_profitability(tx, gross_margin=margin)
    assert p["revenue"].sum() == pytest.approx(tx["amount"].sum(), abs=1e-6)
    assert (p["refunds"] <= 0).all() and (p["sales"] >= 0).all()
    assert p["orders"].sum() == (tx["amount"] > 0).sum()


def test_retention_and_acquisition(small_tx):
    s = value.retention_and_acquisition(small_tx, 2024)
    # 2023 buyers {1, 2, 3}; 2024 buyers {1, 4, 5} (2's only 2024 row is a refund)
    assert s["active_before"] == 3 and s["retained"] == 1 and s["lost"] == 2
    assert s["new"] == 2 and s["active_now"] == 3
    assert s["retention"] == pytest.approx(1 / 3)
    assert s["acquisition_rate"] == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="no customer bought in 2022"):
        value.retention_and_acquisition(small_tx, 2023)
    with pytest.raises(ValueError, match="year must be a calendar year"):
        value.retention_and_acquisition(small_tx, "2024")
    with pytest.raises(ValueError, match="column 'order_date' must hold dates"):
        value.retention_and_acquisition(small_tx.assign(order_date="someday"), 2024)


# ---------------------------------------------------------------- charts

def _texts(fig) -> str:
    parts = []
    for ax in fig.axes:
        parts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        parts += [t.get_text() for t in ax.texts]
        parts += [t.get_text() for t in ax.get_yticklabels()]
        legend = ax.get_legend()
        if legend:
            parts += [t.get_text() for t in legend.get_texts()]
    return " ".join(parts)


@pytest.fixture
def zh():
    from crm_lessons.plotting import setup

    assert setup(lang="zh"), "a CJK font is needed for the Chinese label test"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    setup(lang="en")
    glyphs = [str(w.message) for w in caught if "Glyph" in str(w.message)]
    assert not glyphs, glyphs[:3]


def _all_figures():
    from crm_lessons.plotting import value as pv

    dv = value.delivered_value(value.EXAMPLE_VALUES, value.EXAMPLE_COSTS)
    tx = pd.DataFrame({"customer_id": [1, 2, 3, 3], "amount": [500.0, 20.0, 80.0, -10.0]})
    return {
        "markets": pv.markets_figure(),
        "ladder": pv.ladder_figure(),
        "cycle": pv.cycle_figure(),
        "dv": pv.delivered_value_figure(dv),
        "base": pv.customer_base_figure(value.project_customer_base(100, 0.95, 0.1, 14)),
        "impact": pv.retention_impact_figure(value.retention_profit_impact(0.8)),
        "curve": pv.impact_curve_figure(value.profit_impact_curve(0.8, [0, 0.1, 0.2])),
        "profit": pv.profitability_figure(value.customer_profitability(
            tx, pd.Series({1: 50.0, 2: 40.0, 3: 10.0}))),
    }


def test_figures_carry_numbers_and_english_labels():
    figs = _all_figures()
    try:
        assert "4,000" in _texts(figs["dv"]) and "1.25" in _texts(figs["dv"])
        assert "198" in _texts(figs["base"])  # 100 × 1.05^14
        assert "+60%" in _texts(figs["impact"]) and "+85%" in _texts(figs["impact"])
        assert term("supplier_market", "en") in _texts(figs["markets"])
        assert term("strategic_alliance", "en") in _texts(figs["ladder"])
        assert "stylised" in _texts(figs["ladder"]) and "stylised" in _texts(figs["curve"])
        # 1: 150 − 50 = 100; 2: 6 − 40 = −34; 3: 21 − 10 = 11 → peak 111 after two of three
        assert "111" in _texts(figs["profit"]) and "77" in _texts(figs["profit"])
    finally:
        plt.close("all")


def test_figures_switch_to_chinese(zh):
    figs = _all_figures()
    try:
        assert term("supplier_market", "zh") in _texts(figs["markets"])
        assert term("total_customer_value", "zh") in _texts(figs["dv"])
        assert term("check_promises", "zh") in _texts(figs["cycle"])
        assert term("rs_bank_branch_deposits", "zh") in _texts(figs["impact"])
        for fig in figs.values():
            assert "customer" not in _texts(fig).lower()
    finally:
        plt.close("all")


def test_charts_reject_wrong_input():
    from crm_lessons.plotting import value as pv

    with pytest.raises(ValueError, match="dv must be a DeliveredValue"):
        pv.delivered_value_figure({"product": 1})
    with pytest.raises(ValueError, match="impact must be a RetentionImpact"):
        pv.retention_impact_figure(0.6)
    with pytest.raises(ValueError, match="profitability must be the frame"):
        pv.profitability_figure(pd.DataFrame({"x": [1]}))


# ---------------------------------------------------------------- panels

def test_delivered_value_panel_sweep():
    from crm_lessons.widgets import value as wv

    def check(result, v):
        expected = value.delivered_value(
            {**value.EXAMPLE_VALUES, "product": v["product"], "service": v["service"]},
            {**value.EXAMPLE_COSTS, "monetary": v["monetary"], "time": v["time"]})
        assert result.difference == pytest.approx(expected.difference)
        assert result.ratio == pytest.approx(expected.ratio)

    p = wv.delivered_value_panel()
    assert p.result.difference == 4_000 and p.result.ratio == 1.25
    assert sweep(p, check) == 12
    plt.close("all")


def test_customer_base_panel_sweep():
    from crm_lessons.widgets import value as wv

    def check(result, v):
        expected = value.project_customer_base(100, v["retention"], v["acquisition_rate"],
                                               v["years"])
        pd.testing.assert_series_equal(result, expected)

    p = wv.customer_base_panel()
    assert p.result.iloc[-1] == pytest.approx(100 * 1.05 ** 20)
    assert sweep(p, check) == 9
    plt.close("all")


def test_retention_profit_panel_sweep():
    from crm_lessons.widgets import value as wv

    def check(result, v):
        expected = value.retention_profit_impact(v["retention"], v["uplift"],
                                                 margin_growth=v["margin_growth"])
        assert result.base_profit == pytest.approx(expected.base_profit)
        assert result.uplifted_profit == pytest.approx(expected.uplifted_profit)

    p = wv.retention_profit_panel()
    assert round(p.result.pct_change, 1) == 59.6
    assert sweep(p, check) == 9
    plt.close("all")


def test_revenue_by_tenure_counts_complete_years_only(small_tx):
    customers = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5],
                              "signup_date": pd.to_datetime(["2023-01-01", "2023-03-01",
                                                             "2023-09-01", "2024-05-01",
                                                             "2024-07-01"])})
    t = value.revenue_by_tenure(small_tx, customers, "2024-12-31")
    # complete years by 2024-12-31: customer 1 → 2, 2 → 1, 3 → 1, 4 and 5 → 0
    assert t["customers"].tolist() == [3, 1]
    # year 1: 1 (150), 2 (80), 3 (60); 2's refund on 2024-12-30 falls in its (incomplete) year 2
    assert t.loc[1, "revenue"] == 290 and t.loc[1, "active"] == 3
    assert t.loc[2, "revenue"] == 120 and t.loc[2, "revenue_per_active"] == 120
    with pytest.raises(ValueError, match="leaves no complete relationship year"):
        value.revenue_by_tenure(small_tx, customers, "2023-06-01")
    with pytest.raises(ValueError, match="customer_id 5 that is not in customers"):
        value.revenue_by_tenure(small_tx, customers.iloc[:4], "2024-12-31")
    with pytest.raises(ValueError, match="columns customer_id and signup_date"):
        value.revenue_by_tenure(small_tx, customers.drop(columns="signup_date"), "2024-12-31")
    with pytest.raises(ValueError, match="orders before the customer's signup_date"):
        value.revenue_by_tenure(small_tx, customers.assign(signup_date=pd.Timestamp("2024-01-01")),
                                "2024-12-31")


def test_panel_version_of_impact_figure_is_one_axes():
    from crm_lessons.plotting import value as pv

    impact = value.retention_profit_impact(0.7, 0.03)
    try:
        light = pv.retention_impact_figure(impact, compare=False)
        full = pv.retention_impact_figure(impact)
        assert len(light.axes) == 1 and len(full.axes) == 2
        assert "70%" in _texts(light) and "73%" in _texts(light)
        assert f"{impact.pct_change:+.0f}%" in _texts(full)
    finally:
        plt.close("all")


# ---------------------------------------------------------------- keeping vs losing (issue 17)

def test_relationship_costs_lecture_companies():
    a = value.relationship_costs(100, 0.20, 60.0, 20.0)
    b = value.relationship_costs(100, 0.10, 60.0, 20.0)
    assert (a["kept"], a["lost"]) == (80.0, 20.0)
    assert a["retention_cost"] == pytest.approx(1600.0) and a["churn_cost"] == pytest.approx(1200.0)
    assert b["retention_cost"] == pytest.approx(1800.0) and b["churn_cost"] == pytest.approx(600.0)
    # B spends more on keeping and less in total: keeping is the cheaper way to stay the same size
    assert b["total"] < a["total"]
    assert a["churn_cost"] == value.replacement_cost(100, 0.20, 60.0)
    assert a["acquisition_vs_retention"] == pytest.approx(3.0)
    assert value.relationship_costs(100, 0.2, 60.0, 0.0)["acquisition_vs_retention"] == float("inf")


@given(n=st.floats(0, 1e6), churn=st.floats(0.001, 1.0), acq=st.floats(0, 1e4),
       keep=st.floats(0, 1e4))
def test_relationship_costs_add_up(n, churn, acq, keep):
    c = value.relationship_costs(n, churn, acq, keep)
    assert c["kept"] + c["lost"] == pytest.approx(n)
    assert c["total"] == pytest.approx(c["retention_cost"] + c["churn_cost"])


@pytest.mark.parametrize(("args", "match"), [
    ((-1, 0.2, 60, 20), "customers"), ((100, 0.0, 60, 20), "churn_rate"),
    ((100, 0.2, -5, 20), "acquisition_cost"), ((100, 0.2, 60, -1), "retention_cost")])
def test_relationship_costs_reject_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        value.relationship_costs(*args)


def test_every_delivered_value_component_is_labelled_and_cycle_has_six_steps():
    from crm_lessons.plotting import value as pv

    dv = value.delivered_value(value.EXAMPLE_VALUES, value.EXAMPLE_COSTS)
    try:
        text = _texts(pv.delivered_value_figure(dv))
        for key in (*[f"{k}_value" for k in value.EXAMPLE_VALUES],
                    *[f"{k}_cost" for k in value.EXAMPLE_COSTS]):
            assert term(key, "en") in text, key
        cycle = " ".join(_texts(pv.cycle_figure()).split())  # labels are wrapped over lines
        assert len(pv.CYCLE) == 6 and f"6. {term('satisfy_customers', 'en')}" in cycle
    finally:
        plt.close("all")
