"""Chapter 06, crm_lessons.knowledge: OLAP, association rules, clustering, export, campaign lift.

Data here are small hand-made or seeded frames, so each expected value can be checked by hand.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from crm_lessons import knowledge as kn  # noqa: E402
from crm_lessons.plotting import knowledge as charts  # noqa: E402
from crm_lessons.widgets import controls  # noqa: E402
from crm_lessons.widgets import knowledge as panels  # noqa: E402

from .widget_harness import sweep  # noqa: E402

# ------------------------------------------------------------------------------------------
# fixtures
# ------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True, scope="module")
def _theme():
    """The course theme and its CJK font, so Chinese item names draw without missing glyphs."""
    import crm_lessons as crm

    crm.setup()


def make_transactions(n: int = 400, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    customers = [f"C{i:03d}" for i in range(60)]
    region_of = {c: ["华东", "华北", "华南"][i % 3] for i, c in enumerate(customers)}
    cust = rng.choice(customers, n)
    dates = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 730, n), unit="D")
    amount = rng.gamma(2.0, 80.0, n).round(2)
    amount[rng.random(n) < 0.05] *= -1  # a few refunds
    return pd.DataFrame({
        "order_id": np.arange(n) // 1 + 1000,
        "customer_id": cust,
        "order_date": dates,
        "amount": amount,
        "quantity": rng.integers(1, 4, n),
        "category": rng.choice(["food", "baby", "books"], n),
        "region": [region_of[c] for c in cust],
        "city_tier": rng.choice(["1", "2", "3"], n),
    })


@pytest.fixture(scope="module")
def tx() -> pd.DataFrame:
    return make_transactions()


def make_baskets(n: int = 600, seed: int = 2) -> pd.DataFrame:
    """Long baskets with a planted pair 啤酒 → 尿布 (and independent filler items)."""
    rng = np.random.default_rng(seed)
    rows = []
    fillers = ["牛奶", "面包", "鸡蛋", "苹果", "可乐", "纸巾"]
    for order in range(n):
        items = set(rng.choice(fillers, rng.integers(1, 4), replace=False))
        if rng.random() < 0.15:
            items |= {"啤酒", "尿布"}
        elif rng.random() < 0.05:
            items.add("啤酒")
        elif rng.random() < 0.05:
            items.add("尿布")
        rows += [(order, item) for item in sorted(items)]
    return pd.DataFrame(rows, columns=["order_id", "item"])


@pytest.fixture(scope="module")
def baskets() -> pd.DataFrame:
    return make_baskets()


def blobs(seed: int = 0, n: int = 40) -> pd.DataFrame:
    """Three well-separated groups of customers in (recency_days, frequency, monetary)."""
    rng = np.random.default_rng(seed)
    centres = [(20, 12, 5000), (200, 3, 800), (500, 1, 150)]
    sizes = [n, 2 * n, 3 * n]
    parts = [np.column_stack([rng.normal(c[0], 5, s), rng.normal(c[1], 0.5, s),
                              rng.normal(c[2], 50, s)]) for c, s in zip(centres, sizes,
                                                                        strict=True)]
    frame = pd.DataFrame(np.vstack(parts), columns=["recency_days", "frequency", "monetary"])
    frame.index = [f"K{i:04d}" for i in range(len(frame))]
    frame.attrs["truth"] = np.repeat([2, 1, 0], sizes)
    return frame


# ------------------------------------------------------------------------------------------
# OLAP
# ------------------------------------------------------------------------------------------


def test_cube_totals_and_distinct_customers(tx):
    cube = kn.olap_cube(tx, ["region", "category"], ["sales", "orders", "quantity", "customers"])
    assert cube.index.names == ["region", "category"]
    assert cube["sales"].sum() == pytest.approx(tx["amount"].sum())
    assert cube["quantity"].sum() == tx["quantity"].sum()
    one = tx[(tx["region"] == "华东") & (tx["category"] == "baby")]
    assert cube.loc[("华东", "baby"), "customers"] == one["customer_id"].nunique()
    assert cube.loc[("华东", "baby"), "sales"] == pytest.approx(one["amount"].sum())


def test_time_levels_and_average_order(tx):
    cube = kn.olap_cube(tx, ["year", "quarter", "month"], ["sales", "orders", "average_order"])
    assert set(cube.index.get_level_values("year")) == {"2023", "2024"}
    assert "2024Q3" in set(cube.index.get_level_values("quarter"))
    assert all(m[:4] == y for y, _, m in cube.index)
    assert np.allclose(cube["average_order"], cube["sales"] / cube["orders"])


def test_slice_dice_pivot(tx):
    cube = kn.olap_cube(tx, ["region", "category"], ["sales"])
    sliced = kn.slice_cube(cube, region="华北")
    assert sliced.index.names == ["category"]
    assert sliced["sales"].sum() == pytest.approx(tx.loc[tx.region == "华北", "amount"].sum())
    diced = kn.dice_cube(cube, region=["华北", "华南"], category="food")
    assert diced.index.names == ["region", "category"] and len(diced) == 2
    table = kn.pivot_cube(cube, "region", "category", "sales")
    assert table.loc["华南", "books"] == pytest.approx(cube.loc[("华南", "books"), "sales"])
    assert table.to_numpy().sum() == pytest.approx(tx["amount"].sum())


def test_roll_up_additive_and_not(tx):
    cube = kn.olap_cube(tx, ["region", "category"], ["sales", "orders"])
    rolled = kn.roll_up(cube, ["region"])
    direct = kn.olap_cube(tx, ["region"], ["sales", "orders"])
    pd.testing.assert_frame_equal(rolled, direct, check_dtype=False)
    with_customers = kn.olap_cube(tx, ["region", "month"], ["sales", "customers"])
    with pytest.raises(ValueError, match="not additive"):
        kn.roll_up(with_customers, ["region"])
    recounted = kn.roll_up(with_customers, ["region"], facts=tx)
    assert (recounted["customers"] <= with_customers.groupby(level="region")["customers"].sum()).all()
    assert recounted.loc["华东", "customers"] == tx.loc[tx.region == "华东", "customer_id"].nunique()


def test_drill_down_with_where(tx):
    detail = kn.drill_down(tx, ["region"], "city_tier", ["sales"], where={"region": "华南"})
    assert detail.index.names == ["city_tier"]
    assert detail["sales"].sum() == pytest.approx(tx.loc[tx.region == "华南", "amount"].sum())
    by_month = kn.drill_down(tx, ["year"], "month", ["sales"])
    assert by_month.index.names == ["year", "month"]


@pytest.mark.parametrize("call, match", [
    (lambda t: kn.olap_cube(t, ["nope"]), "no column"),
    (lambda t: kn.olap_cube(t, ["region"], ["profit"]), "not known"),
    (lambda t: kn.olap_cube(t, [], ["sales"]), "at least one"),
    (lambda t: kn.olap_cube(t.iloc[:0], ["region"]), "empty"),
    (lambda t: kn.olap_cube(t.assign(order_date="soon"), ["month"]), "not a date"),
    (lambda t: kn.olap_cube(t.assign(amount="x"), ["region"]), "numeric"),
    (lambda t: kn.slice_cube(kn.olap_cube(t, ["region", "category"]), region="火星"), "does not occur"),
    (lambda t: kn.slice_cube(kn.olap_cube(t, ["region", "category"]), planet="x"), "not in the cube"),
    (lambda t: kn.pivot_cube(kn.olap_cube(t, ["region", "category", "month"]), "region",
                             "category", "customers"), "not additive"),
    (lambda t: kn.drill_down(t, ["region"], "region"), "already"),
])
def test_olap_validation(tx, call, match):
    with pytest.raises(ValueError, match=match):
        call(tx)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(5, 120))
def test_roll_up_equals_cube_on_fewer_dims(seed, n):
    t = make_transactions(n, seed)
    cube = kn.olap_cube(t, ["region", "category", "month"], ["sales", "orders", "quantity"])
    for keep in (["region"], ["category", "month"]):
        rolled = kn.roll_up(cube, keep)
        direct = kn.olap_cube(t, keep, ["sales", "orders", "quantity"])
        assert np.allclose(rolled.to_numpy(dtype=float), direct.to_numpy(dtype=float))
    # distinct customers of a roll-up never exceed the sum over the rolled dimension
    by_both = kn.olap_cube(t, ["region", "category"], ["customers"])
    by_region = kn.roll_up(by_both, ["region"], facts=t)
    assert (by_region["customers"] <= by_both.groupby(level="region")["customers"].sum()).all()


# ------------------------------------------------------------------------------------------
# association rules
# ------------------------------------------------------------------------------------------

FIVE = [["啤酒", "尿布"], ["啤酒", "尿布", "牛奶"], ["啤酒"], ["牛奶"], ["尿布", "面包"]]


def test_rule_metrics_by_hand():
    m = kn.rule_metrics(FIVE, "啤酒", "尿布")
    # 2 of 5 baskets hold both; 3 hold beer; 3 hold diapers
    assert m["support"] == pytest.approx(2 / 5)
    assert m["confidence"] == pytest.approx(2 / 3)
    assert m["lift"] == pytest.approx((2 / 3) / (3 / 5))
    assert (m["baskets"], m["antecedent_count"], m["both_count"]) == (5, 3, 2)


def test_rules_agree_with_hand_count_and_thresholds(baskets):
    rules = kn.association_rules(baskets, 0.02, 0.2, 1.0)
    assert not rules.empty
    assert list(rules.columns) == kn.RULE_COLUMNS
    assert (rules["support"] >= 0.02).all() and (rules["confidence"] >= 0.2).all()
    assert (rules["lift"] >= 1.0 - 1e-9).all()
    assert rules["lift"].is_monotonic_decreasing
    for _, row in rules.head(10).iterrows():
        m = kn.rule_metrics(baskets, row["antecedent"].split(" + "), row["consequent"].split(" + "))
        assert row["support"] == pytest.approx(m["support"])
        assert row["confidence"] == pytest.approx(m["confidence"])
        assert row["lift"] == pytest.approx(m["lift"])
        assert row["count"] == m["both_count"]


def test_planted_pair_found_first(baskets):
    rules = kn.association_rules(baskets, 0.05, 0.5, 2.0)
    pairs = set(zip(rules["antecedent"], rules["consequent"], strict=True))
    assert ("啤酒", "尿布") in pairs and ("尿布", "啤酒") in pairs
    pairs_only = kn.association_rules(baskets, 0.05, 0.5, 2.0, max_len=2)
    assert {pairs_only.iloc[0]["antecedent"], pairs_only.iloc[0]["consequent"]} == {"啤酒", "尿布"}
    assert (pairs_only["antecedent"] + pairs_only["consequent"]).str.count(r" \+ ").eq(0).all()


def test_rules_accept_lists_series_numpy_labels_and_matrix(baskets):
    lists = kn.basket_lists(baskets)
    as_numpy = pd.Series([np.array(b, dtype=np.str_) for b in lists])
    a = kn.association_rules(lists, 0.05, 0.5)
    b = kn.association_rules(as_numpy, 0.05, 0.5)
    c = kn.association_rules(kn.basket_matrix(baskets), 0.05, 0.5)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, c)
    assert all(isinstance(x, str) for x in a["antecedent"])


def test_no_rules_gives_empty_table_with_columns():
    out = kn.association_rules(FIVE, 0.9, 0.5)
    assert out.empty and list(out.columns) == kn.RULE_COLUMNS
    out = kn.association_rules(FIVE, 0.2, 0.5, min_lift=10)
    assert out.empty


@pytest.mark.parametrize("kwargs, match", [
    ({"min_support": 0, "min_confidence": 0.5}, "min_support"),
    ({"min_support": 1.5, "min_confidence": 0.5}, "min_support"),
    ({"min_support": 0.1, "min_confidence": -0.1}, "min_confidence"),
    ({"min_support": 0.1, "min_confidence": 0.5, "min_lift": -1}, "min_lift"),
    ({"min_support": 0.1, "min_confidence": 0.5, "max_len": 1}, "max_len"),
])
def test_rule_threshold_validation(kwargs, match):
    with pytest.raises(ValueError, match=match):
        kn.association_rules(FIVE, **kwargs)


def test_basket_validation():
    with pytest.raises(ValueError, match="item"):
        kn.basket_lists(pd.DataFrame({"order_id": [1], "product": ["x"]}))
    with pytest.raises(ValueError, match="basket 1"):
        kn.basket_lists([["a"], "ab"])
    with pytest.raises(ValueError, match="occurs in no basket"):
        kn.rule_metrics(FIVE, "香槟", "尿布")
    with pytest.raises(ValueError, match="share"):
        kn.rule_metrics(FIVE, ["啤酒", "尿布"], "尿布")


item_sets = st.lists(st.lists(st.sampled_from(list("abcde")), min_size=0, max_size=5),
                     min_size=3, max_size=30)


@settings(max_examples=40, deadline=None)
@given(baskets=item_sets, min_support=st.sampled_from([0.1, 0.2, 0.3]))
def test_rules_match_hand_count_property(baskets, min_support):
    rules = kn.association_rules(baskets, min_support, 0.0, 0.0)
    for _, row in rules.iterrows():
        m = kn.rule_metrics(baskets, row["antecedent"].split(" + "), row["consequent"].split(" + "))
        assert row["support"] == pytest.approx(m["support"])
        assert row["confidence"] == pytest.approx(m["confidence"])
        assert row["lift"] == pytest.approx(m["lift"])
        assert 0 < row["support"] <= row["confidence"] <= 1 + 1e-12
        assert row["support"] >= min_support - 1e-12


# ------------------------------------------------------------------------------------------
# clustering
# ------------------------------------------------------------------------------------------


def test_cluster_recovers_blobs_numbered_by_size():
    f = blobs()
    labels = kn.cluster_customers(f, 3, seed=0)
    assert labels.index.equals(f.index) and labels.name == "cluster"
    assert kn.compare_segments(labels, pd.Series(f.attrs["truth"], index=f.index))["ari"] == 1.0
    sizes = labels.value_counts().sort_index().tolist()
    assert sizes == sorted(sizes, reverse=True) == [120, 80, 40]


def test_choose_k_and_profile():
    f = blobs()
    choice = kn.choose_k(f, range(2, 6))
    assert list(choice.index) == [2, 3, 4, 5]
    assert choice["silhouette"].idxmax() == 3
    assert choice["inertia"].is_monotonic_decreasing
    labels = kn.cluster_customers(f, 3)
    prof = kn.profile_clusters(f, labels)
    assert list(prof.index) == [0, 1, 2, "all"]
    assert prof.loc[[0, 1, 2], "size"].sum() == len(f) == prof.loc["all", "size"]
    assert prof.loc[[0, 1, 2], "share"].sum() == pytest.approx(1.0)
    assert prof.loc[2, "monetary"] == pytest.approx(f.loc[labels == 2, "monetary"].mean())
    assert prof.loc["all", "recency_days"] == pytest.approx(f["recency_days"].mean())


def test_profile_accepts_plain_labels():
    f = blobs()
    labels = kn.cluster_customers(f, 3)
    a = kn.profile_clusters(f, labels)
    b = kn.profile_clusters(f, labels.to_numpy())
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("call, match", [
    (lambda f: kn.cluster_customers(f, 1), "at least 2"),
    (lambda f: kn.cluster_customers(f, 2.5), "whole number"),
    (lambda f: kn.cluster_customers(f.head(3), 4), "more than"),
    (lambda f: kn.cluster_customers(f.assign(segment="x"), 3), "not numeric"),
    (lambda f: kn.cluster_customers(f.assign(monetary=np.nan), 3), "NaN"),
    (lambda f: kn.choose_k(f, []), "at least one"),
    (lambda f: kn.profile_clusters(f, [0, 1]), "entries"),
    (lambda f: kn.compare_segments(pd.Series([1, 2]), pd.Series([1])), "same customers"),
])
def test_cluster_validation(call, match):
    with pytest.raises(ValueError, match=match):
        call(blobs())


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 1000), factor=st.floats(0.01, 1000), k=st.integers(2, 5))
def test_clusters_ignore_units_and_row_order(seed, factor, k):
    """Scaling is inside: yuan or thousand-yuan gives the same clusters; so does the seed rerun."""
    f = blobs(seed, n=15)
    a = kn.cluster_customers(f, k, seed=seed)
    b = kn.cluster_customers(f.assign(monetary=f["monetary"] * factor), k, seed=seed)
    assert kn.compare_segments(a, b)["ari"] == pytest.approx(1.0)
    pd.testing.assert_series_equal(a, kn.cluster_customers(f, k, seed=seed))
    assert set(a) == set(range(k))
    sizes = a.value_counts().sort_index().to_numpy()
    assert (np.diff(sizes) <= 0).all()


# ------------------------------------------------------------------------------------------
# distribution: export_targets
# ------------------------------------------------------------------------------------------


def targets() -> pd.DataFrame:
    return pd.DataFrame({"customer_id": ["C2", "C1", "C3"], "segment": ["啤酒→尿布"] * 3,
                         "action": ["寄优惠券"] * 3, "score": [1.5, 2.0, 1.5]})


def test_export_csv_round_trip(tmp_path):
    path = kn.export_targets(targets(), tmp_path / "t.csv")
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"  # BOM, so Excel reads Chinese
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert list(back.columns) == list(kn.TARGET_SCHEMA)
    assert back["customer_id"].tolist() == ["C1", "C2", "C3"]  # score desc, then id
    assert back["segment"].iloc[0] == "啤酒→尿布"


def test_export_xlsx_has_schema_sheet(tmp_path):
    path = kn.export_targets(targets(), tmp_path / "t.xlsx")
    sheets = pd.read_excel(path, sheet_name=None)
    assert set(sheets) == {"targets", "schema"}
    assert sheets["schema"]["column"].tolist() == list(kn.TARGET_SCHEMA)
    assert len(sheets["targets"]) == 3


@pytest.mark.parametrize("change, match", [
    (lambda t: t.drop(columns="action"), "no column"),
    (lambda t: t.assign(extra=1), "not in the schema"),
    (lambda t: t.assign(customer_id=["C1", "C1", "C3"]), "unique"),
    (lambda t: t.assign(segment=["a", " ", "b"]), "must not be empty"),
    (lambda t: t.assign(customer_id=["C1", None, "C3"]), "must not be empty"),
    (lambda t: t.assign(score=["1", "high", "2"]), "finite number"),
    (lambda t: t.iloc[:0], "empty"),
])
def test_export_schema_errors(tmp_path, change, match):
    with pytest.raises(ValueError, match=match):
        kn.export_targets(change(targets()), tmp_path / "t.csv")
    assert not (tmp_path / "t.csv").exists()


def test_export_path_errors(tmp_path):
    with pytest.raises(ValueError, match=r"\.csv or \.xlsx"):
        kn.export_targets(targets(), tmp_path / "t.json")
    with pytest.raises(ValueError, match="does not exist"):
        kn.export_targets(targets(), tmp_path / "nope" / "t.csv")


# ------------------------------------------------------------------------------------------
# use: campaign lift
# ------------------------------------------------------------------------------------------


def campaign() -> pd.DataFrame:
    return pd.DataFrame({"customer_id": [f"C{i}" for i in range(10)],
                         "responded": [True, True, True, False, False, False, False, False,
                                       False, False],
                         "profit": [50.0, 50.0, 50.0] + [0.0] * 7,
                         "cost_per_piece": [2.0] * 10})


def test_campaign_lift_by_hand():
    out = kn.campaign_lift(campaign(), ["C0", "C1", "C5", "C6"])
    assert out["response_rate"] == pytest.approx(0.5)
    assert out["baseline_rate"] == pytest.approx(0.3)
    assert out["lift"] == pytest.approx(0.5 / 0.3)
    assert out["net_profit"] == pytest.approx(100 - 8)
    assert out["baseline_net_per_piece"] == pytest.approx((150 - 20) / 10)
    everyone = kn.campaign_lift(campaign(), campaign()["customer_id"])
    assert everyone["lift"] == pytest.approx(1.0)


def test_lift_by_segment_keeps_unsegmented():
    seg = pd.Series({"C0": "a", "C1": "a", "C2": "b", "C3": "b"})
    table = kn.lift_by_segment(campaign(), seg)
    assert table["mailed"].sum() == 10
    assert table.loc["(none)", "mailed"] == 6
    assert table.loc["a", "lift"] == pytest.approx(1.0 / 0.3)
    assert table.index[0] == "a"


@pytest.mark.parametrize("call, match", [
    (lambda c: kn.campaign_lift(c, []), "empty"),
    (lambda c: kn.campaign_lift(c, ["X9"]), "not mailed"),
    (lambda c: kn.campaign_lift(c.assign(responded=False), ["C0"]), "nobody"),
    (lambda c: kn.campaign_lift(c.drop(columns="profit"), ["C0"]), "no column"),
    (lambda c: kn.campaign_lift(pd.concat([c, c]), ["C0"]), "unique"),
    (lambda c: kn.lift_by_segment(c, {"C0": "a"}), "Series"),
])
def test_campaign_validation(call, match):
    with pytest.raises(ValueError, match=match):
        call(campaign())


# ------------------------------------------------------------------------------------------
# figures and panels
# ------------------------------------------------------------------------------------------


def test_figures_return_figures(tx, baskets):
    cube = kn.olap_cube(tx, ["region", "category"], ["sales"])
    f = blobs()
    labels = kn.cluster_customers(f, 3)
    figs = [
        charts.framework_figure(),
        charts.cube_heatmap(kn.pivot_cube(cube, "region", "category", "sales")),
        charts.cube_bars(kn.olap_cube(tx, ["month"], ["sales"])),
        charts.cube_bars(cube),
        charts.rules_scatter(kn.association_rules(baskets, 0.02, 0.2)),
        charts.rules_scatter(kn.association_rules(FIVE, 0.9, 0.9)),
        charts.choose_k_figure(kn.choose_k(f, range(2, 5)), chosen=3),
        charts.profile_heatmap(kn.profile_clusters(f, labels), names={0: "x"}),
        charts.cluster_scatter(f, labels, "recency_days", "monetary"),
        charts.lift_bars(kn.lift_by_segment(campaign(), pd.Series({"C0": "a", "C5": "b"}))),
    ]
    assert all(isinstance(fig, Figure) for fig in figs)
    import matplotlib.pyplot as plt

    plt.close("all")


def test_chinese_labels():
    import crm_lessons as crm

    crm.setup(lang="zh")
    try:
        fig = charts.rules_scatter(kn.association_rules(FIVE, 0.2, 0.5))
        ax = fig.axes[0]
        assert ax.get_xlabel() == "支持度" and ax.get_ylabel() == "置信度"
        assert charts.label("region") == "地区"
    finally:
        crm.setup(lang="en")


def test_olap_panel_sweep(tx):
    p = panels.olap_panel(tx, dims=("region", "category", "city_tier"))

    def check(result, values):
        rows, cols, measure = values["rows"], values["columns"], values["measure"]
        if rows == cols:
            expected = kn.olap_cube(tx, [rows], [measure])[measure]
            assert np.allclose(result[measure].to_numpy(), expected.to_numpy())
        else:
            expected = kn.pivot_cube(kn.olap_cube(tx, [rows, cols], [measure]), rows, cols,
                                     measure)
            pd.testing.assert_frame_equal(result, expected)

    assert sweep(p, check) >= 12
    controls(p)["measure"].value = "customers"
    assert p.result.loc["华东", "food"] == tx.query("region == '华东' and category == 'food'")[
        "customer_id"].nunique()


def test_rules_panel_sweep(baskets):
    p = panels.rules_panel(baskets)

    def check(result, values):
        expected = kn.association_rules(baskets, values["min_support"], values["min_confidence"],
                                        values["min_lift"])
        pd.testing.assert_frame_equal(result, expected)

    assert sweep(p, check) == 9
    c = controls(p)
    c["min_support"].value, c["min_confidence"].value, c["min_lift"].value = 0.05, 0.5, 2.0
    assert ("啤酒", "尿布") in set(zip(p.result["antecedent"], p.result["consequent"], strict=True))


def test_clusters_panel_sweep():
    f = blobs()
    p = panels.clusters_panel(f, k=3, k_max=6, prefetch=True)

    def check(result, values):
        expected = kn.cluster_customers(f, values["k"])
        pd.testing.assert_series_equal(result["labels"], expected)
        pd.testing.assert_frame_equal(result["profile"], kn.profile_clusters(f, expected))

    assert sweep(p, check) == 3
    assert sweep(panels.clusters_panel(f, k=3, k_max=6), check) == 3  # fitted on first visit
    controls(p)["k"].value = 3
    assert kn.compare_segments(p.result["labels"],
                               pd.Series(f.attrs["truth"], index=f.index))["ari"] == 1.0


def test_holdout_lift_splits_within_segments():
    rng = np.random.default_rng(3)
    n = 400
    seg = pd.Series(rng.choice(["hot", "warm", "cold"], n), index=[f"C{i}" for i in range(n)])
    p = seg.map({"hot": 0.4, "warm": 0.15, "cold": 0.05}).to_numpy()
    camp = pd.DataFrame({"customer_id": seg.index, "responded": rng.random(n) < p,
                         "profit": 30.0, "cost_per_piece": 2.0})
    camp.loc[~camp["responded"], "profit"] = 0.0
    out = kn.holdout_lift(camp, seg, top=1, seed=5)
    assert out["chosen"] == "hot"
    hot = seg[seg == "hot"]
    assert out["mailed_choose"] + out["mailed_test"] == len(hot)
    assert abs(out["mailed_choose"] - out["mailed_test"]) <= 1
    assert out["lift_test"] > 1.5
    two = kn.holdout_lift(camp, seg, top=2, seed=5)
    assert set(two["chosen"].split(" + ")) == {"hot", "warm"}
    with pytest.raises(ValueError, match="top"):
        kn.holdout_lift(camp, seg, top=0)
    with pytest.raises(ValueError, match="only 3 segments"):
        kn.holdout_lift(camp, seg, top=4)


def test_customer_features_and_log_scale():
    s = pd.DataFrame({"recency_days": [3, 40, 10], "frequency": [5, 1, 0],
                      "monetary": [900.0, 80.0, -20.0], "average_order": [180.0, 80.0, np.nan]},
                     index=pd.Index(["a", "b", "c"], name="customer_id"))
    s.attrs["as_of"] = pd.Timestamp("2024-12-31")
    signup = pd.Series(pd.to_datetime(["2024-01-01", "2024-06-01", "2024-12-01"]),
                       index=["c", "a", "b"])
    f = kn.customer_features(s, signup)
    assert list(f.columns) == ["recency_days", "frequency", "monetary", "tenure_days"]
    assert f.loc["a", "tenure_days"] == 213 and f.loc["c", "tenure_days"] == 365
    logged = kn.log_scale(f)
    assert logged.loc["c", "monetary"] == 0.0  # net refund clipped, not dropped
    assert logged.loc["a", "frequency"] == pytest.approx(np.log(6))
    assert (logged["recency_days"] == f["recency_days"]).all()
    with pytest.raises(ValueError, match="signup date after"):
        kn.customer_features(s, signup, as_of="2023-01-01")
    with pytest.raises(ValueError, match="no valid date"):
        kn.customer_features(s, signup.drop("a"))
    with pytest.raises(ValueError, match="no column"):
        kn.customer_features(s.drop(columns="monetary"))


def test_add_time_levels(tx):
    with_levels = kn.add_time_levels(tx, ["month", "year"])
    assert {"month", "year"} <= set(with_levels.columns) and "quarter" not in with_levels
    assert "month" not in tx.columns  # a copy, the input is untouched
    pd.testing.assert_frame_equal(kn.olap_cube(with_levels, ["year", "month"], ["sales"]),
                                  kn.olap_cube(tx, ["year", "month"], ["sales"]))
    with pytest.raises(ValueError, match="not time levels"):
        kn.add_time_levels(tx, ["week"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.text("0123456789ABC客户", min_size=1, max_size=6),
                               st.sampled_from(["啤酒→尿布", "loyal", "新客"]),
                               st.floats(-1e6, 1e6, allow_nan=False)),
                     min_size=1, max_size=20, unique_by=lambda r: r[0]))
def test_export_round_trip_property(tmp_path, rows):
    frame = pd.DataFrame(rows, columns=["customer_id", "segment", "score"]).assign(action="call")
    frame = frame[list(kn.TARGET_SCHEMA)]
    path = kn.export_targets(frame, tmp_path / "p.csv")
    back = pd.read_csv(path, encoding="utf-8-sig", dtype={"customer_id": str})
    assert sorted(back["customer_id"]) == sorted(frame["customer_id"].str.strip())
    assert back["score"].is_monotonic_decreasing
    assert np.isclose(back["score"].sum(), frame["score"].sum(), rtol=1e-9, atol=1e-6)


def test_classroom_mode_builds_every_panel_on_bundled_data():
    from crm_lessons import present

    specs = present.chapter_panels("06")
    assert [s.name for s in specs] == ["olap_panel", "rules_panel", "clusters_panel"]
    assert present.panels_needing_data("06") == []
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        built = {s.name: s.build() for s in specs}
    assert built["olap_panel"].result.index.name == "region"
    assert ("啤酒", "尿布") in set(zip(built["rules_panel"].result["antecedent"],
                                     built["rules_panel"].result["consequent"], strict=True))
    assert built["clusters_panel"].result["labels"].nunique() == 4


def test_rules_scatter_moves_in_place_like_a_fresh_one():
    import matplotlib.pyplot as plt

    from crm_lessons import datasets

    matrix = kn.basket_matrix(datasets.load_baskets())
    few = kn.association_rules(matrix, 0.02, 0.3, 1.5)
    many = kn.association_rules(matrix, 0.005, 0.3, 1.5)
    fig = charts.rules_scatter(few)
    again = charts.rules_scatter(many, fig=fig)
    fresh = charts.rules_scatter(many)
    assert again is fig and len(many) > len(few)

    def shown(f):
        ax, bar = f.axes
        points = ax.collections[0]
        return (points.get_offsets().tolist(), list(points.get_sizes()),
                list(points.get_array()), [t.get_text() for t in ax.texts],
                np.round(ax.get_xlim(), 4).tolist(), np.round(ax.get_ylim(), 4).tolist(),
                np.round(bar.get_ylim(), 4).tolist())

    assert shown(again) == shown(fresh)
    empty = charts.rules_scatter(many.iloc[:0], fig=fig)
    assert empty is not fig and empty.axes[0].texts[0].get_text() == "no rules at these thresholds"
    for f in (fig, fresh, empty):
        plt.close(f)


def test_heat_maps_refill_in_place_like_fresh_ones():
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(5)
    table = pd.DataFrame(rng.uniform(0, 1000, (4, 3)), index=list("abcd"),
                         columns=pd.Index(["x", "y", "z"], name="category")).rename_axis("region")

    def shown(f):
        ax = f.axes[0]
        mesh = ax.collections[0]
        return ([t.get_text() for t in ax.texts], [t.get_color() for t in ax.texts],
                np.round(mesh.get_clim(), 9).tolist(), np.asarray(mesh.get_array()).tolist(),
                [t.get_text() for t in ax.get_yticklabels()])

    fig = charts.cube_heatmap(table)
    again = charts.cube_heatmap(table * 3 - 500, fig=fig)
    assert again is fig and shown(again) == shown(charts.cube_heatmap(table * 3 - 500))
    assert charts.cube_heatmap(table.iloc[:3], fig=fig) is not fig  # new shape: new figure
    orders = charts.cube_heatmap(table / 1000, "orders", fig=fig)  # another measure: in place
    assert orders is fig and orders.axes[1].get_ylabel() == "orders"
    assert shown(orders) == shown(charts.cube_heatmap(table / 1000, "orders"))

    features = pd.DataFrame({"recency": rng.uniform(1, 300, 60),
                             "monetary": rng.uniform(10, 900, 60)})
    first = kn.profile_clusters(features, pd.Series(rng.integers(0, 3, 60)))
    second = kn.profile_clusters(features, pd.Series(rng.integers(0, 3, 60)))
    prof = charts.profile_heatmap(first)
    refilled = charts.profile_heatmap(second, fig=prof)
    assert refilled is prof and shown(refilled) == shown(charts.profile_heatmap(second))
    plt.close("all")


# ---------------------------------------------------------------------------------------------
# cluster names are statements about the members (issue 17, item 8)
# ---------------------------------------------------------------------------------------------
def _check_names_true(raw, labels, table, lang="en"):
    from crm_lessons.glossary import term

    high_f, high_m = raw["frequency"].quantile(0.75), raw["monetary"].quantile(0.75)
    for c, row in table.iterrows():
        members = raw[labels == c]
        assert row["size"] == len(members)
        assert row["frequency"] == members["frequency"].median()
        assert row["one_purchase"] == pytest.approx((members["frequency"] == 1).mean())
        name = row["name"]
        lapsed = members["recency_days"].median() > 365
        assert (term("cl_lapsed", lang) in name) == lapsed
        assert (term("cl_new", lang) in name) == (not lapsed and members["tenure_days"].median() < 365)
        assert (term("cl_one_off", lang) in name) == ((members["frequency"] == 1).mean() >= 0.5)
        if term("cl_few", lang) in name:
            assert members["frequency"].median() <= 2
        if term("cl_frequent", lang) in name:
            assert members["frequency"].median() >= high_f
        assert (term("cl_big_spenders", lang) in name) == (members["monetary"].median() >= high_m)


def test_cluster_names_are_true_of_the_bundled_customers():
    from crm_lessons import datasets, rfm

    customers = datasets.load_customers().set_index("customer_id")
    summary = rfm.rfm_summary(datasets.load_transactions(), as_of=datasets.REFERENCE_DATE)
    raw = kn.customer_features(summary, customers["signup_date"])
    labels = kn.cluster_customers(kn.log_scale(raw), 4, seed=0)
    table = kn.name_clusters(raw, labels)
    _check_names_true(raw, labels, table)
    assert table["name"].is_unique
    # the cluster once called "new one-off buyers": median F 2, few bought once, long since
    assert not any("one-off" in n for n in table["name"])


def test_cluster_names_follow_the_language_and_validate():
    import crm_lessons as crm

    rng = np.random.default_rng(2)
    raw = pd.DataFrame({"recency_days": rng.integers(0, 1400, 300),
                        "frequency": rng.integers(1, 30, 300),
                        "monetary": rng.gamma(2.0, 500.0, 300),
                        "tenure_days": rng.integers(0, 1460, 300)})
    labels = kn.cluster_customers(kn.log_scale(raw), 3, seed=1)
    try:
        crm.setup(lang="zh")
        table = kn.name_clusters(raw, labels)
        _check_names_true(raw, labels, table, "zh")
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in n) for n in table["name"])
    finally:
        crm.setup()
    with pytest.raises(ValueError, match="tenure_days"):
        kn.name_clusters(raw.drop(columns="tenure_days"), labels)
    with pytest.raises(ValueError, match="high_quantile"):
        kn.name_clusters(raw, labels, high_quantile=2)
