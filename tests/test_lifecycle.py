"""crm_lessons.lifecycle: group lifetime, the profit model, stages, transitions, cohorts; panels."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_lessons as crm
from crm_lessons import lifecycle as L

from .widget_harness import sweep

AS_OF = pd.Timestamp("2024-12-31")


def tx_frame(rows):
    """rows: (customer_id, 'YYYY-MM-DD', amount[, order_id])."""
    data = [(r[0], pd.Timestamp(r[1]), float(r[2]), r[3] if len(r) > 3 else f"o{i}")
            for i, r in enumerate(rows)]
    return pd.DataFrame(data, columns=["customer_id", "order_date", "amount", "order_id"])


# A hand-made history with one customer per stage (as of 2024-12-31, default rules).
HISTORIES = tx_frame([
    ("dev", "2024-11-15", 80),                                      # one purchase, recent
    ("grow", "2024-06-01", 50), ("grow", "2024-09-01", 60), ("grow", "2024-12-01", 70),
    *[("mature", f"{y}-{m:02d}-10", 100) for y in (2023, 2024) for m in (2, 6, 10)],
    ("falling", "2023-05-01", 90), ("falling", "2024-03-01", 90),   # 305 days ago
    ("gone", "2022-01-01", 40), ("gone", "2023-06-30", 40),         # 550 days ago
    ("back", "2022-03-01", 60), ("back", "2024-10-01", 60),         # gap 945 d, back 91 d ago
])
EXPECTED = {"dev": "development", "grow": "growth", "mature": "maturity", "falling": "decline",
            "gone": "termination", "back": "recovery"}


# --------------------------------------------------------------------------------------------
# group lifetime: the lecture's companies A and B
# --------------------------------------------------------------------------------------------
def test_companies_a_and_b():
    table = L.group_lifetime_table([100, 100], [20, 10], acquisition_cost=60, names=["A", "B"])
    assert table.loc["A", "churn_rate"] == pytest.approx(0.20)
    assert table.loc["B", "churn_rate"] == pytest.approx(0.10)
    assert table.loc["A", "group_lifetime"] == pytest.approx(5.0)
    assert table.loc["B", "group_lifetime"] == pytest.approx(10.0)
    assert table.loc["A", "replacements"] == pytest.approx(20.0)
    assert table.loc["B", "replacements"] == pytest.approx(10.0)
    assert table.loc["A", "replacement_cost"] - table.loc["B", "replacement_cost"] == 600.0


def test_group_lifetime_rejects_zero_and_out_of_range():
    for bad in (0, -0.1, 1.5, float("nan")):
        with pytest.raises(ValueError, match="churn_rate"):
            L.group_lifetime(bad)
    with pytest.raises(ValueError, match=r"churn_rate must be in \(0, 1\]"):
        L.group_lifetime(0)
    assert L.group_lifetime(1.0) == 1.0


def test_churn_rate_validation_names_the_argument():
    with pytest.raises(ValueError, match="at_start"):
        L.churn_rate(1, 0)
    with pytest.raises(ValueError, match="lost"):
        L.churn_rate(-1, 10)
    with pytest.raises(ValueError, match="cannot exceed"):
        L.churn_rate(11, 10)
    with pytest.raises(ValueError, match="numeric"):
        L.churn_rate("many", 10)


def test_group_lifetime_table_validation():
    with pytest.raises(ValueError, match="names"):
        L.group_lifetime_table([100, 100], [20, 10], names=["A"])
    with pytest.raises(ValueError, match="acquisition_cost"):
        L.group_lifetime_table(100, 20, acquisition_cost=-5)
    assert "replacement_cost" not in L.group_lifetime_table(100, 20).columns


@given(churn=st.floats(0.001, 1.0), customers=st.floats(0, 1e6))
def test_lifetime_times_churn_is_one_and_replacements_keep_the_base(churn, customers):
    assert L.group_lifetime(churn) * churn == pytest.approx(1.0)
    lost = L.replacements_needed(customers, churn)
    assert 0 <= lost <= customers + 1e-9
    assert customers - lost + L.replacements_needed(customers, churn) == pytest.approx(customers)


@given(a=st.floats(0.001, 1.0), b=st.floats(0.001, 1.0))
def test_higher_churn_means_shorter_lifetime(a, b):
    lo, hi = sorted((a, b))
    assert L.group_lifetime(hi) <= L.group_lifetime(lo)


# --------------------------------------------------------------------------------------------
# stages and the lifecycle-profit model
# --------------------------------------------------------------------------------------------
def test_stage_table_reconciles_the_two_decks():
    t = L.lifecycle_stages()
    assert list(t.index) == list(L.STAGES)
    assert t.loc[~t["in_chapter2"]].index.tolist() == ["recovery"]
    assert t["in_lecture5"].all()
    for stage in L.STAGES:
        assert crm.term(f"stage_{stage}", "zh").endswith("期")


def test_profit_curve_is_an_inverted_u_by_default():
    curve = L.lifecycle_profit_curve()
    summary = L.phase_summary(curve)
    means = summary["mean_profit"]
    assert means["exploration"] < means["formation"] < means["stability"]
    assert means["decline"] < means["stability"]
    assert curve.loc[curve["profit"].idxmax(), "phase"] == "stability"
    decline = curve.loc[curve["phase"] == "decline", "profit"]
    assert decline.is_monotonic_decreasing
    assert curve["profit"].iloc[0] < 0  # acquisition makes the first period a loss


def test_profit_identity_and_components():
    curve = L.lifecycle_profit_curve(1.0, 0.2, 0.3, 200.0, acquisition=400.0)
    np.testing.assert_allclose(curve["total_profit"],
                               curve[["basic_profit", "cost_savings", "referrals"]].sum(axis=1))
    np.testing.assert_allclose(curve["investment"],
                               curve[["acquisition", "concessions", "negative_referrals"]]
                               .sum(axis=1))
    assert L.lifecycle_profit(curve) == pytest.approx(curve["profit"].sum())
    assert curve["cumulative_profit"].iloc[-1] == pytest.approx(L.lifecycle_profit(curve))
    assert curve["acquisition"].sum() == 400.0


def test_profit_curve_with_flat_drivers_is_flat_before_decline():
    curve = L.lifecycle_profit_curve(0, 0, 0, 0, acquisition=0, concession=0)
    pre = curve.loc[curve["phase"] != "decline", "profit"]
    assert pre.round(9).nunique() == 1
    assert pre.iloc[0] == pytest.approx(10 * (100 - 80))


@pytest.mark.parametrize("kwargs, word", [
    ({"volume_growth": -1}, "volume_growth"), ({"wtp_growth": -0.1}, "wtp_growth"),
    ({"cost_saving": 1.0}, "cost_saving"), ({"indirect": -5}, "indirect"),
    ({"base_price": 0}, "base_price"), ({"phases": (2, 0, 3, 2)}, "phases"),
    ({"phases": (2, 3)}, "phases"), ({"decline_speed": 0}, "decline_speed"),
    ({"concession": 1.2}, "concession"), ({"volume_growth": "lots"}, "volume_growth"),
])
def test_profit_curve_validation(kwargs, word):
    with pytest.raises(ValueError, match=word):
        L.lifecycle_profit_curve(**kwargs)


@settings(max_examples=60, deadline=None)
@given(vg=st.floats(0, 4), wg=st.floats(0, 1), cs=st.floats(0, 0.95), ind=st.floats(0, 2000),
       phases=st.tuples(*[st.integers(1, 6)] * 4))
def test_drivers_move_the_right_way(vg, wg, cs, ind, phases):
    curve = L.lifecycle_profit_curve(vg, wg, cs, ind, phases=phases)
    rising = curve[curve["phase"] != "decline"]
    falling = curve[curve["phase"] == "decline"]
    for col in ("volume", "price", "referrals", "total_profit"):
        assert rising[col].diff().dropna().ge(-1e-9).all(), col
        assert falling[col].diff().dropna().le(1e-9).all(), col
    assert rising["unit_cost"].diff().dropna().le(1e-9).all()
    assert (curve["strength"].between(0, 1)).all()
    assert len(curve) == sum(phases)
    assert L.lifecycle_profit(curve) == pytest.approx(curve["profit"].sum(), rel=1e-9, abs=1e-6)


# --------------------------------------------------------------------------------------------
# stages from data
# --------------------------------------------------------------------------------------------
def test_hand_made_histories_get_the_documented_stages():
    stages = L.assign_stages(HISTORIES, AS_OF)
    assert stages.to_dict() == EXPECTED
    assert list(stages.cat.categories) == list(L.STAGES)


def test_potential_customers_come_from_the_customer_list():
    customers = pd.DataFrame({"customer_id": ["dev", "new", "later"],
                              "signup_date": pd.to_datetime(["2024-01-01", "2024-12-01",
                                                             "2025-02-01"])})
    stages = L.assign_stages(HISTORIES, AS_OF, customers)
    assert stages["new"] == "potential"
    assert "later" not in stages.index  # signed up after as_of
    assert L.stage_counts(stages)["potential"] == 1


def test_rules_are_parameters():
    assert L.assign_stages(HISTORIES, AS_OF, active_days=400, lost_days=500)["falling"] == "growth"
    assert L.assign_stages(HISTORIES, AS_OF, lost_days=300)["falling"] == "termination"
    assert L.assign_stages(HISTORIES, AS_OF, mature_orders=3)["grow"] == "growth"  # tenure < 365
    assert L.assign_stages(HISTORIES, AS_OF, mature_days=200, mature_orders=3)["grow"] == "maturity"
    assert L.assign_stages(HISTORIES, AS_OF, recovery_days=30)["back"] == "growth"


def test_refunds_are_not_purchases_but_count_in_spend():
    tx = tx_frame([("x", "2024-01-10", 100, "a"), ("x", "2024-12-20", 50, "b"),
                   ("x", "2024-12-22", -50, "b"), ("y", "2024-12-01", -30, "r")])
    table = L.stage_table(tx, AS_OF)
    assert table.loc["x", "orders"] == 1           # order b was refunded in full
    assert table.loc["x", "last_purchase"] == pd.Timestamp("2024-01-10")
    assert table.loc["x", "spend_365d"] == 100.0   # refund included, not dropped
    assert table.loc["x", "stage"] == "decline"
    assert "y" not in table.index                  # a pure refund is no purchase


def test_rows_after_as_of_are_ignored_and_without_order_id_each_row_is_an_order():
    tx = HISTORIES.drop(columns="order_id")
    early = L.stage_table(tx, "2024-06-30")
    assert "dev" not in early.index
    assert early.loc["grow", "orders"] == 1
    assert L.stage_table(tx, AS_OF).loc["mature", "orders"] == 6


@pytest.mark.parametrize("bad, word", [
    ("not a frame", "DataFrame"),
    (pd.DataFrame({"customer_id": [1], "amount": [1.0]}), "order_date"),
    (pd.DataFrame({"customer_id": [], "order_date": [], "amount": []}), "empty"),
    (pd.DataFrame({"customer_id": [1], "order_date": ["soon"], "amount": [1.0]}), "order_date"),
    (pd.DataFrame({"customer_id": [1], "order_date": ["2024-01-01"], "amount": ["x"]}), "amount"),
    (pd.DataFrame({"customer_id": [None], "order_date": ["2024-01-01"], "amount": [1.0]}),
     "customer_id"),
])
def test_bad_transactions_are_rejected_with_the_column_named(bad, word):
    with pytest.raises(ValueError, match=word):
        L.assign_stages(bad, AS_OF)


def test_bad_rules_and_dates_are_rejected():
    with pytest.raises(ValueError, match="lost_days"):
        L.assign_stages(HISTORIES, AS_OF, active_days=400)
    with pytest.raises(ValueError, match="unknown stage rule"):
        L.assign_stages(HISTORIES, AS_OF, activ_days=90)
    with pytest.raises(ValueError, match="mature_orders"):
        L.assign_stages(HISTORIES, AS_OF, mature_orders=1)
    with pytest.raises(ValueError, match="active_days"):
        L.assign_stages(HISTORIES, AS_OF, active_days=12.5)
    with pytest.raises(ValueError, match="as_of"):
        L.assign_stages(HISTORIES, "yesterday-ish")
    with pytest.raises(ValueError, match="start"):
        L.stage_transitions(HISTORIES, "2024-12-31", "2024-01-01")
    with pytest.raises(ValueError, match="unknown stage"):
        L.stage_counts(["growth", "teenage"])


def test_stage_summary_adds_up():
    table = L.stage_table(HISTORIES, AS_OF)
    summary = L.stage_summary(table)
    assert summary["customers"].sum() == len(table)
    assert summary["share"].sum() == pytest.approx(1.0)
    assert summary.loc["maturity", "mean_orders"] == 6
    assert summary.loc["maturity", "mean_spend_365d"] == 300.0


def test_transitions_count_every_customer_once():
    m = L.stage_transitions(HISTORIES, "2023-12-31", AS_OF)
    assert list(m.index) == list(L.STAGES) and list(m.columns) == list(L.STAGES)
    assert m.to_numpy().sum() == HISTORIES["customer_id"].nunique()
    moves = {(a, b): int(m.loc[a, b]) for a in m.index for b in m.columns if m.loc[a, b]}
    assert moves == {("potential", "development"): 1,   # dev was not a customer a year earlier
                     ("potential", "growth"): 1,        # nor was grow
                     ("growth", "maturity"): 1,         # mature: 3 orders then, 6 now
                     ("decline", "decline"): 1,         # falling: lapsed then, lapsed again
                     ("decline", "termination"): 1,     # gone: last bought 2023-06-30
                     ("termination", "recovery"): 1}    # back: came back in 2024-10
    shares = L.stage_transitions(HISTORIES, "2023-12-31", AS_OF, normalize=True)
    nonzero = m.sum(axis=1) > 0
    np.testing.assert_allclose(shares[nonzero].sum(axis=1), 1.0)
    assert (shares[~nonzero] == 0).all().all()


def _random_histories(seed: int, n: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, n, size=5 * n)
    days = rng.integers(0, 1500, size=5 * n)
    amount = rng.choice([-20.0, 35.0, 80.0, 120.0], size=5 * n, p=[0.1, 0.3, 0.3, 0.3])
    return pd.DataFrame({"customer_id": ids, "amount": amount,
                         "order_date": pd.Timestamp("2021-01-01") + pd.to_timedelta(days, "D")})


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), active=st.integers(1, 300), extra=st.integers(1, 400),
       mature=st.integers(2, 10))
def test_stage_rules_partition_the_customers(seed, active, extra, mature):
    tx = _random_histories(seed)
    rules = {"active_days": active, "lost_days": active + extra, "mature_orders": mature}
    table = L.stage_table(tx, "2024-12-31", **rules)
    counts = L.stage_counts(table["stage"])
    assert counts.sum() == len(table)
    r = table["recency_days"].astype(float)
    assert (table.loc[r > active + extra, "stage"] == "termination").all()
    assert table.loc[table["stage"] == "termination", "recency_days"].gt(active + extra).all()
    live = table["stage"].isin(["development", "growth", "maturity", "recovery"])
    assert (r[live] <= active).all()
    assert (table.loc[table["stage"] == "development", "orders"] == 1).all()
    assert (table.loc[table["stage"] == "maturity", "orders"] >= mature).all()


# --------------------------------------------------------------------------------------------
# cohorts and tenure
# --------------------------------------------------------------------------------------------
def test_cohort_retention_by_hand():
    tx = tx_frame([(1, "2024-01-05", 10), (1, "2024-03-09", 12), (2, "2024-01-20", 8),
                   (2, "2024-02-02", 9), (3, "2024-02-14", 20), (3, "2024-04-02", 5)])
    share = L.cohort_retention(tx, "M", as_of="2024-03-31")  # April is not yet complete
    assert share.shape == (2, 3)
    assert share.loc[pd.Period("2024-01", "M")].tolist() == [1.0, 0.5, 0.5]
    second = share.loc[pd.Period("2024-02", "M")]
    assert second[0] == 1.0 and second[1] == 0.0 and math.isnan(second[2])
    counts = L.cohort_retention(tx, "M", share=False, as_of="2024-03-31")
    assert counts.loc[pd.Period("2024-01", "M")].tolist() == [2, 1, 1]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), period=st.sampled_from(["M", "Q", "Y"]))
def test_cohort_shares_are_fractions_with_one_at_zero(seed, period):
    table = L.cohort_retention(_random_histories(seed), period, as_of="2024-12-31")
    values = table.to_numpy()
    assert np.nanmin(values) >= 0 and np.nanmax(values) <= 1
    assert (table[0] == 1.0).all()
    # the lower-right triangle is unobserved: NaN exactly where cohort + offset > last period
    last = pd.Period("2024-12-31", period).ordinal
    for i, cohort in enumerate(table.index):
        observed = cohort.ordinal + np.arange(table.shape[1]) <= last
        assert np.isnan(values[i][~observed]).all() and not np.isnan(values[i][observed]).any()


def test_cohort_retention_validation():
    with pytest.raises(ValueError, match="period"):
        L.cohort_retention(HISTORIES, "W")
    refunds = tx_frame([(1, "2024-01-05", -10)])
    with pytest.raises(ValueError, match="no purchase"):
        L.cohort_retention(refunds)


def test_tenure_value_by_hand_and_censoring():
    tx = tx_frame([(1, "2022-03-01", 100), (1, "2023-05-01", 300), (1, "2023-06-01", -50),
                   (2, "2023-02-01", 50)])
    tv = L.tenure_value(tx, "Y", margin=0.5, as_of="2023-12-31")
    assert tv["customers"].tolist() == [2, 1]            # customer 2 has no full second year yet
    assert tv["active"].tolist() == [2, 1]
    assert tv.loc[0, "revenue_per_customer"] == 75.0
    assert tv.loc[1, "revenue_per_customer"] == 250.0    # refund counted, not dropped
    assert tv.loc[1, "profit_per_active"] == 125.0
    cost = pd.Series({1: 40.0, 2: 60.0})
    with_cost = L.tenure_value(tx, "Y", margin=0.5, acquisition_cost=cost, as_of="2023-12-31")
    assert with_cost.loc[0, "profit_per_customer"] == pytest.approx(0.5 * 75 - 50)
    with pytest.raises(ValueError, match="acquisition_cost"):
        L.tenure_value(tx, "Y", acquisition_cost=pd.Series({1: 40.0}), as_of="2023-12-31")
    with pytest.raises(ValueError, match="margin"):
        L.tenure_value(tx, margin=1.5)


# --------------------------------------------------------------------------------------------
# figures (English and Chinese) and panels
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_figures_draw_in_both_languages(lang):
    import warnings

    import matplotlib.pyplot as plt

    from crm_lessons.plotting import lifecycle as charts

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        font = crm.setup(lang=lang)
        if lang == "zh" and font is None:
            pytest.skip("no CJK font")
        curve = L.lifecycle_profit_curve()
        figs = [
            charts.stages_figure(),
            charts.group_lifetime_figure(L.group_lifetime_table([100, 100], [20, 10],
                                                                acquisition_cost=60)),
            charts.profit_curve_figure(curve), charts.drivers_figure(curve),
            charts.group_lifetime_figure(L.group_lifetime_table(100, 30)),
            charts.stage_counts_figure(L.stage_counts(["growth"])),
            charts.stage_counts_figure(L.stage_counts(L.assign_stages(HISTORIES, AS_OF)),
                                       as_of=AS_OF),
            charts.transition_figure(L.stage_transitions(HISTORIES, "2023-12-31", AS_OF)),
            charts.transition_figure(L.stage_transitions(HISTORIES, "2023-12-31", AS_OF,
                                                         normalize=True)),
            charts.cohort_figure(L.cohort_retention(_random_histories(1), "Q")),
            charts.tenure_figure(L.tenure_value(_random_histories(1))),
        ]
        for fig in figs:
            fig.canvas.draw()
            if lang == "zh":
                text = " ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))
                assert any("\u4e00" <= ch <= "\u9fff" for ch in text)
            plt.close(fig)
    crm.setup(lang="en")


def test_group_lifetime_panel_sweep():
    from crm_lessons.widgets.lifecycle import group_lifetime_panel

    def check(result, v):
        assert result.iloc[0]["group_lifetime"] == pytest.approx(L.group_lifetime(v["churn"]))
        assert result.iloc[0]["replacements"] == pytest.approx(
            L.replacements_needed(v["customers"], v["churn"]))
        assert result.iloc[0]["replacement_cost"] == pytest.approx(
            L.replacements_needed(v["customers"], v["churn"]) * v["acquisition_cost"])

    p = group_lifetime_panel()
    assert p.result.iloc[0]["group_lifetime"] == pytest.approx(5.0)
    assert sweep(p, check) == 9


def test_profit_curve_panel_sweep():
    from crm_lessons.widgets.lifecycle import profit_curve_panel

    def check(result, v):
        pd.testing.assert_frame_equal(result, L.lifecycle_profit_curve(**v))

    assert sweep(profit_curve_panel(), check) == 12


def test_stage_rules_panel_sweep():
    from crm_lessons.widgets.lifecycle import stage_rules_panel

    tx = _random_histories(7)

    def check(result, v):
        expected = L.stage_counts(L.assign_stages(tx, AS_OF, **v))
        pd.testing.assert_series_equal(result, expected)

    p = stage_rules_panel(tx, AS_OF)
    assert p.result.sum() > 0
    assert sweep(p, check) == 9
    with pytest.raises(ValueError, match="as_of"):
        stage_rules_panel(tx, "not a date")


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), active=st.integers(1, 300), extra=st.integers(1, 400))
def test_history_applies_rules_like_stage_table(seed, active, extra):
    tx = _random_histories(seed)
    history = L.stage_history(tx, AS_OF)
    rules = {"active_days": active, "lost_days": active + extra}
    pd.testing.assert_frame_equal(history.table(**rules), L.stage_table(tx, AS_OF, **rules))
    pd.testing.assert_series_equal(history.stages(**rules), L.assign_stages(tx, AS_OF, **rules))


def test_stage_rules_panel_defaults_to_the_bundled_shop():
    from crm_lessons import datasets
    from crm_lessons.widgets.lifecycle import stage_rules_panel

    p = stage_rules_panel()
    expected = L.stage_counts(L.assign_stages(datasets.load_transactions(),
                                              datasets.REFERENCE_DATE, datasets.load_customers()))
    pd.testing.assert_series_equal(p.result, expected)
    tx = _random_histories(3)
    latest = stage_rules_panel(tx)  # as_of defaults to the last order date
    pd.testing.assert_series_equal(latest.result, L.stage_counts(
        L.assign_stages(tx, pd.to_datetime(tx["order_date"]).max())))


def test_group_lifetime_figure_moves_in_place_like_a_fresh_one():
    import matplotlib.pyplot as plt

    from crm_lessons.plotting import lifecycle as charts

    first = L.group_lifetime_table([100, 100], [20, 10], acquisition_cost=60, names=["A", "B"])
    second = L.group_lifetime_table([100, 100], [40, 10], acquisition_cost=80, names=["A", "B"])
    fig = charts.group_lifetime_figure(first)
    again = charts.group_lifetime_figure(second, fig=fig)
    fresh = charts.group_lifetime_figure(second)
    assert again is fig and fresh is not fig

    def shown(f):
        left, right = f.axes[:2]
        return ([t.get_text() for t in left.texts], [p.get_height() for p in right.patches],
                [t.get_text() for t in right.texts], right.get_ylim(),
                [tuple(line.get_xydata()[0]) for line in left.lines[1:]])

    assert shown(again) == shown(fresh)
    assert shown(again)[0] == ["A: 2.5", "B: 10.0"]
    other = charts.group_lifetime_figure(second.rename(index={"A": "C"}), fig=fig)
    assert other is not fig  # other companies: a new figure
    for f in (fig, fresh, other):
        plt.close(f)


def test_profit_curve_figure_moves_in_place_like_a_fresh_one():
    import matplotlib.pyplot as plt

    from crm_lessons.plotting import lifecycle as charts

    fig = charts.profit_curve_figure(L.lifecycle_profit_curve())
    curve = L.lifecycle_profit_curve(4.0, 1.0, 0.9, 1000.0)
    again = charts.profit_curve_figure(curve, fig=fig)
    fresh = charts.profit_curve_figure(curve)
    assert again is fig

    def shown(f):
        ax = f.axes[0]
        return ([round(p.get_height(), 6) for p in ax.patches if p.get_height()],
                [list(np.round(line.get_ydata(), 6)) for line in ax.lines],
                [(t.get_text(), round(t.get_position()[1], 6)) for t in ax.texts],
                tuple(np.round(ax.get_ylim(), 6)))

    assert shown(again) == shown(fresh)
    plt.close(fig)
    plt.close(fresh)


def test_fast_purchase_grouping_equals_grouping_by_the_key_columns():
    """Issue 16 (scale): _purchases groups by integer codes and skips hashing strictly increasing
    order ids; it must give exactly what grouping by (customer_id, order) gives."""
    rng = np.random.default_rng(16)
    for trial in range(60):
        n = int(rng.integers(1, 40))
        cust = rng.integers(0, 6, n)
        ids = [cust, np.array([f"客{c}" for c in cust]),
               pd.array([f"c{c}" for c in cust], dtype="str"),
               pd.Categorical([f"c{c}" for c in cust], categories=[f"c{c}" for c in range(6)])
               ][trial % 4]  # categorical: how the report's kernel gets the ids
        orders = np.arange(n) if trial % 4 == 0 else np.sort(rng.integers(0, n, n)) \
            if trial % 4 == 1 else rng.integers(0, n, n)
        tx = pd.DataFrame({"customer_id": ids,
                           "order_date": pd.Timestamp("2023-01-01")
                           + pd.to_timedelta(rng.integers(0, 500, n), "D"),
                           "amount": rng.choice([-30.0, 10.0, 0.1, 0.2, -0.3, 55.5], n)})
        if trial % 2:
            tx["order_id"] = pd.array([f"o{o:03d}" for o in orders], dtype="str")
        prepared = L._transactions(tx)
        when = pd.Timestamp("2024-03-31")
        fast = L._purchases(prepared, when).drop(columns="code", errors="ignore")
        slow = L._purchases_by_keys(prepared[prepared["order_date"] <= when])
        pd.testing.assert_frame_equal(fast, slow, check_index_type=False)


def test_active_counts_equal_crosstab_of_distinct_customer_offsets():
    """Issue 16 (scale): cohort retention counts active customers from integer arrays; the
    counts must equal pandas' crosstab of the distinct (customer, offset) pairs."""
    rng = np.random.default_rng(7)
    for _ in range(40):
        n = int(rng.integers(1, 300))
        code = np.sort(rng.integers(0, 50, n))
        first = {c: int(rng.integers(600, 620)) for c in np.unique(code)}
        cohort = np.array([first[c] for c in code])
        offset = rng.integers(0, 9, n)
        frame = pd.DataFrame({"code": code, "cohort": cohort, "offset": offset})
        active = frame.drop_duplicates(["code", "offset"])
        expected = pd.crosstab(active["cohort"], active["offset"])
        got = L._active_counts(code, cohort, offset)
        pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_names=False,
                                      check_index_type=False, check_column_type=False)
