"""Chapter 05: RFM summary and scores, segments, break-even, test mailing, tiers, cycle warning."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_lessons import rfm

# ---------------------------------------------------------------------------------------------
# hand-made data
# ---------------------------------------------------------------------------------------------


def _tx(rows):
    return pd.DataFrame(rows, columns=["customer_id", "order_date", "amount"]).assign(
        order_date=lambda d: pd.to_datetime(d["order_date"]))


@pytest.fixture
def tx():
    return _tx([
        ("a", "2024-01-01", 100.0),
        ("a", "2024-01-01", 50.0),    # same day: one purchase occasion
        ("a", "2024-03-01", 30.0),
        ("a", "2024-03-05", -20.0),   # refund lowers M, not F
        ("b", "2024-02-15", 80.0),
        ("c", "2024-03-31", 10.0),
        ("d", "2024-02-01", -5.0),    # refund only
        ("e", "2024-04-10", 999.0),   # after as_of
    ])


def test_summary_hand_computed(tx):
    s = rfm.rfm_summary(tx, as_of="2024-03-31")
    assert list(s.columns) == ["recency_days", "frequency", "monetary", "average_order",
                               "first_purchase", "last_purchase"]
    assert s.index.name == "customer_id"
    assert s.loc["a", "frequency"] == 2
    assert s.loc["a", "monetary"] == pytest.approx(160.0)
    assert s.loc["a", "average_order"] == pytest.approx(80.0)
    assert s.loc["a", "recency_days"] == 30
    assert s.loc["a", "first_purchase"] == pd.Timestamp("2024-01-01")
    assert s.loc["c", "recency_days"] == 0
    assert s.loc["b", "recency_days"] == 45
    # refund-only customer kept, F = 0, no purchase dates, R from the refund day
    assert s.loc["d", "frequency"] == 0 and s.loc["d", "monetary"] == -5.0
    assert pd.isna(s.loc["d", "last_purchase"]) and s.loc["d", "recency_days"] == 59
    assert np.isnan(s.loc["d", "average_order"])
    # after as_of: excluded and counted
    assert "e" not in s.index and s.attrs["excluded_rows"] == 1
    assert s["recency_days"].dtype == np.int64 and s["frequency"].dtype == np.int64


def test_summary_default_as_of_is_last_day(tx):
    s = rfm.rfm_summary(tx)
    assert s.attrs["as_of"] == pd.Timestamp("2024-04-10")
    assert s.loc["e", "recency_days"] == 0 and s.attrs["excluded_rows"] == 0


def test_summary_window_and_other_columns(tx):
    renamed = tx.rename(columns={"customer_id": "acct", "order_date": "d", "amount": "x"})
    s = rfm.rfm_summary(renamed, as_of="2024-03-31", customer_col="acct", date_col="d",
                        amount_col="x", window_days=31)
    # window (2024-02-29, 2024-03-31]: only a's March lines and c
    assert sorted(s.index) == ["a", "c"]
    assert s.loc["a", "frequency"] == 1 and s.loc["a", "monetary"] == pytest.approx(10.0)
    assert s.index.name == "acct"


def test_summary_parses_string_dates():
    t = pd.DataFrame({"customer_id": [1, 1], "order_date": ["2024-01-01", "2024-01-11"],
                      "amount": [1.0, 2.0]})
    assert rfm.rfm_summary(t).loc[1, "frequency"] == 2


@pytest.mark.parametrize("change, match", [
    (lambda t: t.drop(columns="amount"), "missing column.*amount"),
    (lambda t: t.iloc[:0], "empty"),
    (lambda t: t.assign(amount=["x"] * len(t)), "'amount' must be numeric.*'x'"),
    (lambda t: t.assign(order_date=["not a date"] * len(t)), "'order_date' must hold dates"),
    (lambda t: t.assign(customer_id=None), "missing customer id"),
])
def test_summary_rejects_bad_input(tx, change, match):
    with pytest.raises(ValueError, match=match):
        rfm.rfm_summary(change(tx))


def test_summary_bad_as_of_and_window(tx):
    with pytest.raises(ValueError, match="as_of must be a date"):
        rfm.rfm_summary(tx, as_of="someday")
    with pytest.raises(ValueError, match="no transactions on or before as_of=2023-01-01"):
        rfm.rfm_summary(tx, as_of="2023-01-01")
    with pytest.raises(ValueError, match="window_days must be a positive"):
        rfm.rfm_summary(tx, window_days=0)


_day = st.integers(0, 120)
_line = st.tuples(st.sampled_from("abcdefgh"), _day,
                  st.one_of(st.floats(0.01, 1000), st.floats(-200, -0.01)))


@given(st.lists(_line, min_size=1, max_size=60))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_summary_matches_a_plain_groupby(lines):
    t = pd.DataFrame(lines, columns=["customer_id", "day", "amount"])
    t["order_date"] = pd.Timestamp("2024-01-01") + pd.to_timedelta(t["day"], unit="D")
    s = rfm.rfm_summary(t, as_of="2024-06-30")
    assert set(s.index) == set(t["customer_id"])
    # M: net of refunds; F: distinct purchase days; R from the last purchase day
    np.testing.assert_allclose(s["monetary"], t.groupby("customer_id")["amount"].sum()[s.index])
    buys = t[t["amount"] > 0]
    f = buys.groupby("customer_id")["day"].nunique().reindex(s.index, fill_value=0)
    assert (s["frequency"] == f).all()
    last = buys.groupby("customer_id")["order_date"].max()
    has = s["frequency"] > 0
    expected_r = (pd.Timestamp("2024-06-30") - last[s.index[has]]).dt.days
    assert (s.loc[has, "recency_days"] == expected_r).all()
    assert s["frequency"].sum() == buys.groupby(["customer_id", "day"]).ngroups


# ---------------------------------------------------------------------------------------------
# scores
# ---------------------------------------------------------------------------------------------
def _summary(n, seed=0):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"recency_days": rng.integers(0, 365, n),
                         "frequency": rng.integers(1, 4, n),   # heavy ties
                         "monetary": rng.gamma(2.0, 100.0, n)},
                        index=pd.Index(range(n), name="customer_id"))


def test_scores_balanced_and_ordered():
    s = rfm.rfm_scores(_summary(1003))
    for col in ("r_score", "f_score", "m_score"):
        counts = s[col].value_counts()
        assert sorted(counts.index) == [1, 2, 3, 4, 5]
        assert counts.max() - counts.min() <= 1
    # better measure never gets a lower score
    r = s.sort_values(["recency_days", "r_score"], ascending=[True, False])
    assert (np.diff(r["r_score"].to_numpy()) <= 0).all()
    m = s.sort_values(["monetary", "m_score"])
    assert (np.diff(m["m_score"].to_numpy()) >= 0).all()
    assert s["cell"].str.fullmatch(r"[1-5]{3}").all()
    assert (s["cell"] == s["r_score"].astype(str) + s["f_score"].astype(str)
            + s["m_score"].astype(str)).all()


def test_scores_ties_keep_gives_equal_scores_for_equal_values():
    s = rfm.rfm_scores(_summary(500), ties="keep")
    assert s.groupby("frequency")["f_score"].nunique().max() == 1
    spread = rfm.rfm_scores(_summary(500))
    assert spread.groupby("frequency")["f_score"].nunique().max() > 1


def test_scores_deterministic_and_keep_summary_columns():
    a, b = rfm.rfm_scores(_summary(50)), rfm.rfm_scores(_summary(50))
    pd.testing.assert_frame_equal(a, b)
    assert {"recency_days", "frequency", "monetary"} <= set(a.columns)


def test_scores_small_counts_and_bad_bins():
    small = _summary(3)
    with pytest.raises(ValueError, match="bins=5 needs at least 5 customers.*got 3; use bins=3"):
        rfm.rfm_scores(small)
    assert rfm.rfm_scores(small, bins=3)["r_score"].tolist() != []
    with pytest.raises(ValueError, match="scoring needs 2 or more"):
        rfm.rfm_scores(_summary(1), bins=2)
    for bad in (1, 10, 2.5, True, "5"):
        with pytest.raises(ValueError, match="bins must be a whole number from 2 to 9"):
            rfm.rfm_scores(_summary(20), bins=bad)
    with pytest.raises(ValueError, match="ties must be"):
        rfm.rfm_scores(_summary(20), ties="random")
    with pytest.raises(ValueError, match="missing column"):
        rfm.rfm_scores(_summary(20).drop(columns="monetary"))


@given(n=st.integers(2, 300), bins=st.integers(2, 9), seed=st.integers(0, 10_000))
@settings(max_examples=60, deadline=None)
def test_scores_property_balanced_bins(n, bins, seed):
    if n < bins:
        with pytest.raises(ValueError):
            rfm.rfm_scores(_summary(n, seed), bins=bins)
        return
    s = rfm.rfm_scores(_summary(n, seed), bins=bins)
    for col in ("r_score", "f_score", "m_score"):
        counts = s[col].value_counts().reindex(range(1, bins + 1), fill_value=0)
        assert counts.min() >= n // bins and counts.max() <= -(-n // bins)
    # a strictly better customer on M never scores lower
    order = np.argsort(s["monetary"].to_numpy(), kind="stable")
    assert (np.diff(s["m_score"].to_numpy()[order]) >= 0).all()


# ---------------------------------------------------------------------------------------------
# segments, Pareto
# ---------------------------------------------------------------------------------------------
def test_segments_cover_all_125_cells_once():
    grid = pd.DataFrame([(r, f, m) for r in range(1, 6) for f in range(1, 6) for m in range(1, 6)],
                        columns=["r_score", "f_score", "m_score"])
    for bought in (1, 2):  # every score combination is named once, one-time buyer or not
        seg = rfm.rfm_segments(grid.assign(frequency=bought))
        assert seg.notna().all() and len(seg) == 125
    seg = rfm.rfm_segments(grid.assign(frequency=1))
    assert set(seg.cat.categories) == set(rfm.segment_table().index)
    assert seg[(grid.r_score == 5) & (grid.f_score == 5) & (grid.m_score == 5)].item() == "champions"
    assert seg[(grid.r_score == 1) & (grid.f_score == 1) & (grid.m_score == 1)].item() == "lost"
    assert seg[(grid.r_score == 1) & (grid.f_score == 5) & (grid.m_score == 5)].item() == "cant_lose"
    assert seg[(grid.r_score == 2) & (grid.f_score == 3) & (grid.m_score == 3)].item() == "at_risk"
    assert seg[(grid.r_score == 5) & (grid.f_score == 1) & (grid.m_score == 2)].item() == "new"
    twice = rfm.rfm_segments(grid.assign(frequency=2))
    assert "new" not in set(twice) and twice[(grid.r_score == 5) & (grid.f_score == 1)
                                             & (grid.m_score == 2)].item() == "potential"
    # every segment has a Chinese name in the glossary
    from crm_lessons.glossary import term
    for key in rfm.segment_table().index:
        assert term(f"seg_{key}", "zh") == rfm.segment_table().loc[key, "中文"]


@pytest.mark.parametrize("ties", ["keep", "spread"])
def test_segment_names_are_true_of_their_members_on_the_bundled_data(ties):
    from crm_lessons import datasets

    summary = rfm.rfm_summary(datasets.load_transactions(), as_of=datasets.REFERENCE_DATE)
    scores = rfm.rfm_scores(summary, ties=ties)
    seg = rfm.rfm_segments(scores)
    new = summary[seg == "new"]
    assert len(new) > 0 and (new["frequency"] == 1).all()  # "new" never holds repeat buyers
    r5 = scores["r_score"] == 5
    assert new["recency_days"].max() <= summary.loc[r5, "recency_days"].max()
    champions = summary[seg == "champions"]
    assert champions["frequency"].median() > summary["frequency"].median()
    assert champions["recency_days"].median() < summary["recency_days"].median()
    lost = summary[seg == "lost"]
    assert lost["recency_days"].min() > summary.loc[seg == "champions", "recency_days"].median()


def test_segments_need_the_purchase_count():
    with pytest.raises(ValueError, match="frequency"):
        rfm.rfm_segments(pd.DataFrame({"r_score": [5], "f_score": [1], "m_score": [1]}))


def test_score_by_hand_matches_rfm_scores():
    s = _summary(300, seed=4)
    keep = rfm.rfm_scores(s, ties="keep")
    spread = rfm.rfm_scores(s)
    for customer in s.index[:40]:
        for measure, col in (("recency_days", "r_score"), ("frequency", "f_score"),
                             ("monetary", "m_score")):
            hand = rfm.score_by_hand(s, customer, measure)
            assert hand["keep_score"] == keep.loc[customer, col]
            assert hand["spread_score"] == spread.loc[customer, col]
            assert hand["worse"] < hand["cut"] or hand["keep_score"] == 5
    with pytest.raises(ValueError, match="measure must be one of"):
        rfm.score_by_hand(s, s.index[0], "tenure")
    with pytest.raises(ValueError, match="not in summary"):
        rfm.score_by_hand(s, "nobody")


def test_segments_reject_other_bins():
    with pytest.raises(ValueError, match="whole numbers from 1 to 5"):
        rfm.rfm_segments(pd.DataFrame({"r_score": [7], "f_score": [1], "m_score": [1],
                                       "frequency": [1]}))


def test_sales_concentration_and_top_customers():
    v = pd.Series([10.0, 40.0, 30.0, 20.0], index=list("abcd"))
    table = rfm.sales_concentration(v)
    assert table.index.tolist() == ["b", "c", "d", "a"]
    assert table["sales_share"].iloc[-1] == pytest.approx(1.0)
    assert rfm.top_customers(v, 0.2).index.tolist() == ["b"]
    assert rfm.top_customers(v, 0.41).index.tolist() == ["b", "c"]
    assert rfm.top_customers(v, 0.7).index.tolist() == ["b", "c"]
    assert len(rfm.top_customers(v, 1.0)) == 4
    with pytest.raises(ValueError, match="share_of_sales must be a fraction in \\(0, 1\\]"):
        rfm.top_customers(v, 20)
    with pytest.raises(ValueError, match="positive total"):
        rfm.sales_concentration(pd.Series([-1.0, 0.0]))


@given(st.lists(st.floats(0.0, 1e6), min_size=1, max_size=80).filter(lambda x: sum(x) > 0))
@settings(max_examples=60, deadline=None)
def test_pareto_curve_is_concave_and_above_equality(values):
    t = rfm.sales_concentration(pd.Series(values))
    share = t["sales_share"].to_numpy()
    assert (np.diff(share) >= -1e-12).all()
    assert (share >= t["customer_share"].to_numpy() - 1e-9).all()


# ---------------------------------------------------------------------------------------------
# break-even and the test mailing
# ---------------------------------------------------------------------------------------------
def test_break_even_lecture_numbers():
    be = rfm.break_even_rate(0.55, 40)
    assert be == pytest.approx(0.01375)
    assert rfm.break_even_index(0.025, be) == pytest.approx(81.818, abs=1e-3)
    assert rfm.break_even_index(be, be) == 0
    assert rfm.break_even_index(0.01, be) < 0
    assert rfm.break_even_rate([0.55, 1.1], 40).tolist() == pytest.approx([0.01375, 0.0275])


def test_break_even_validation():
    with pytest.raises(ValueError, match="profit_per_response must be > 0"):
        rfm.break_even_rate(0.55, 0)
    with pytest.raises(ValueError, match="cost_per_piece must be ≥ 0"):
        rfm.break_even_rate(-1, 40)
    with pytest.raises(ValueError, match="response_rate must be a fraction"):
        rfm.break_even_index(2.5, 0.01375)


@given(cost=st.floats(0.01, 10), profit=st.floats(1, 500), r=st.floats(0, 1))
def test_bei_equals_roi_with_fixed_profit(cost, profit, r):
    be = rfm.break_even_rate(cost, profit)
    if be > 1:
        return
    mailed = 1000
    roi = (r * mailed * profit - mailed * cost) / (mailed * cost) * 100
    assert rfm.break_even_index(r, be) == pytest.approx(roi, rel=1e-9, abs=1e-9)


@pytest.fixture
def campaign_and_scores():
    rng = np.random.default_rng(3)
    n = 2000
    summary = _summary(n, seed=3)
    scores = rfm.rfm_scores(summary)
    p = 0.002 + 0.01 * (scores["r_score"] - 1)       # recency drives response
    responded = rng.random(n) < p.to_numpy()
    campaign = pd.DataFrame({"customer_id": scores.index, "mail_date": pd.Timestamp("2024-07-01"),
                             "cost_per_piece": 0.55, "responded": responded,
                             "profit": np.where(responded, 40.0, 0.0)})
    return campaign, scores


def test_cell_response_counts_and_bei(campaign_and_scores):
    campaign, scores = campaign_and_scores
    cells = rfm.cell_response(campaign, scores)
    assert cells["mailed"].sum() == len(campaign)
    assert cells["responses"].sum() == campaign["responded"].sum()
    assert cells.attrs["break_even"] == pytest.approx(0.01375)
    c = cells.index[0]
    members = scores.index[scores["cell"] == c]
    rate = campaign.set_index("customer_id").loc[members, "responded"].mean()
    assert cells.loc[c, "response_rate"] == pytest.approx(rate)
    assert cells.loc[c, "bei"] == pytest.approx((rate - 0.01375) / 0.01375 * 100)
    # with one profit per response, ROI equals BEI
    np.testing.assert_allclose(cells["roi_pct"], cells["bei"])
    assert cells["bei"].is_monotonic_decreasing


def test_break_even_per_cell_follows_the_cells_own_margin(campaign_and_scores):
    campaign, scores = campaign_and_scores
    # big spenders earn more per response: profit grows with the M score
    m = campaign["customer_id"].map(scores["m_score"])
    campaign = campaign.assign(profit=np.where(campaign["responded"], 15.0 * m, 0.0))
    cells = rfm.cell_response(campaign, scores)
    answered = cells[cells["responses"] > 0]
    np.testing.assert_allclose(answered["profit_per_response"], 15.0 * answered["m_score"])
    np.testing.assert_allclose(answered["break_even"],
                               answered["cost_per_piece"] / answered["profit_per_response"])
    # with the cell's own margin, BEI is the cell's ROI and BEI > 0 exactly when it made money
    np.testing.assert_allclose(cells["bei"], cells["roi_pct"])
    assert ((cells["bei"] > 0) == (cells["net"] > 0)).all()
    silent = cells[cells["responses"] == 0]
    assert (silent["bei"] == -100).all() and (silent["break_even"] == cells.attrs["break_even"]).all()
    # the rollout keeps exactly the cells that made money, so it beats mailing everyone in sample
    plan = rfm.rollout(cells)
    assert plan.loc["mail cells above break-even", "net"] == pytest.approx(
        cells.loc[cells["net"] > 0, "net"].sum())
    assert plan.loc["mail everyone", "net"] == pytest.approx(cells["net"].sum())
    # one campaign-wide margin (the lecture's simplification) keeps some cells that lose money
    single = rfm.break_even_index(cells["response_rate"], cells.attrs["break_even"])
    assert ((single > 0) & (cells["net"] < 0)).any()
    one = rfm.rollout(cells, margins="single")
    assert one.loc["mail cells above break-even", "cells"] == int((single > 0).sum())
    assert one.attrs["margins"] == "single"
    # judged with each cell's own money, the single-margin choice earns less
    assert cells.loc[single > 0, "net"].sum() < plan.loc["mail cells above break-even", "net"]
    # a what-if average profit rescales every cell's own margin
    half = rfm.rollout(cells, profit_per_response=cells.attrs["profit_per_response"] / 2)
    assert half.loc["mail everyone", "gross_profit"] == pytest.approx(
        plan.loc["mail everyone", "gross_profit"] / 2)
    with pytest.raises(ValueError, match="margins must be"):
        rfm.rollout(cells, margins="mean")


def test_response_by_matches_groupby(campaign_and_scores):
    campaign, scores = campaign_and_scores
    table = rfm.response_by(campaign, scores)
    joined = campaign.join(scores, on="customer_id")
    expected = joined.groupby(["r_score", "f_score"])["responded"].mean()
    for (r, f), rate in expected.items():
        assert table.loc[r, f] == pytest.approx(rate)
    assert table.notna().sum().sum() == len(expected)
    assert table.index.tolist() == [5, 4, 3, 2, 1]
    with pytest.raises(ValueError, match="rows must be one of"):
        rfm.response_by(campaign, scores, rows="cell")
    with pytest.raises(ValueError, match="must differ"):
        rfm.response_by(campaign, scores, rows="f_score", cols="f_score")


def test_campaign_validation(campaign_and_scores):
    campaign, scores = campaign_and_scores
    with pytest.raises(ValueError, match="no RFM score"):
        rfm.cell_response(campaign.assign(customer_id=-campaign["customer_id"] - 1), scores)
    with pytest.raises(ValueError, match="more than once"):
        rfm.cell_response(pd.concat([campaign, campaign.iloc[:1]]), scores)
    with pytest.raises(ValueError, match="no responses"):
        rfm.cell_response(campaign.assign(responded=False, profit=0.0), scores)


def test_rollout_beats_mailing_everyone(campaign_and_scores):
    campaign, scores = campaign_and_scores
    cells = rfm.cell_response(campaign, scores)
    plan = rfm.rollout(cells)
    everyone, chosen = plan.loc["mail everyone"], plan.loc["mail cells above break-even"]
    assert everyone["customers"] == len(campaign)
    assert everyone["net"] == pytest.approx(cells["net"].sum())
    assert chosen["cells"] == (cells["bei"] > 0).sum()
    assert chosen["net"] == pytest.approx(cells.loc[cells["bei"] > 0, "net"].sum())
    assert chosen["roi_pct"] >= everyone["roi_pct"]
    # a dearer piece raises break-even, so fewer cells qualify
    dear = rfm.rollout(cells, cost_per_piece=2.0)
    assert dear.loc["mail cells above break-even", "cells"] <= chosen["cells"]
    universe = scores["cell"].value_counts() * 10
    big = rfm.rollout(cells, universe=universe)
    assert big.loc["mail everyone", "customers"] == 10 * len(scores)


# ---------------------------------------------------------------------------------------------
# tiers and the churn warning (the 全胜 case)
# ---------------------------------------------------------------------------------------------
def test_tiers_1000_customers():
    rng = np.random.default_rng(1)
    tm = pd.Series(rng.gamma(1.0, 1000.0, 1000))
    tiers = rfm.customer_tiers(tm)
    assert tiers.value_counts().reindex(rfm.TIER_LABELS).tolist() == [10, 40, 150, 800]
    # every top customer outsells every high one, etc.
    mins = tm.groupby(tiers, observed=True).min()
    maxs = tm.groupby(tiers, observed=True).max()
    assert mins["top"] >= maxs["high"] and mins["high"] >= maxs["middle"]


def test_tiers_validation():
    with pytest.raises(ValueError, match="adding up to 1"):
        rfm.customer_tiers(pd.Series([1.0, 2.0]), shares=(0.5, 0.4))
    with pytest.raises(ValueError, match="labels must be 2 distinct"):
        rfm.customer_tiers(pd.Series([1.0, 2.0]), shares=(0.5, 0.5), labels=("a",))


@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=300))
@settings(max_examples=60, deadline=None)
def test_tiers_property_sizes(values):
    tiers = rfm.customer_tiers(pd.Series(values))
    n = len(values)
    counts = tiers.value_counts().reindex(rfm.TIER_LABELS).to_numpy()
    ends = np.floor(np.cumsum([0.01, 0.04, 0.15, 0.80]) * n + 0.5)
    ends[-1] = n
    assert counts.sum() == n
    assert (np.cumsum(counts) == ends).all()


def _lecture_accounts():
    """The lecture's rows 乙 丙 己 (given) and plausible 甲 丁 戊 庚 (chosen to fit the signs)."""
    return pd.DataFrame(
        {"frequency": [12, 8, 21, 10, 6, 21, 15],
         "last_purchase": pd.to_datetime(["2004-11-10", "2004-10-08", "2004-10-15",
                                          "2004-10-21", "2004-10-30", "2004-10-19",
                                          "2004-11-20"])},
        index=pd.Index(list("甲乙丙丁戊己庚"), name="account"))


def test_cycle_warning_reproduces_the_lecture():
    w = rfm.cycle_warning(_lecture_accounts(), "2004-11-27")
    assert w.loc["乙", ["cycle_days", "days_since", "margin"]].tolist() == [46, 50, -4]
    assert w.loc["丙", ["cycle_days", "days_since", "margin"]].tolist() == [17, 43, -26]
    assert w.loc["己", ["cycle_days", "days_since", "margin"]].tolist() == [17, 39, -22]
    assert w.loc["丁", "margin"] == 0
    assert (w.loc[list("甲戊庚"), "margin"] > 0).all()
    assert w["status"].astype(str).to_dict() == {
        "甲": "on track", "乙": "watch", "丙": "at risk", "丁": "watch", "戊": "on track",
        "己": "at risk", "庚": "on track"}
    tasks = rfm.follow_up_tasks(w)
    assert tasks.index.tolist() == ["丙", "己", "乙", "丁"]
    assert (tasks.loc[["丙", "己"], "due"] == pd.Timestamp("2004-11-27")).all()
    only_risk = rfm.follow_up_tasks(w, statuses=("at risk",))
    assert only_risk.index.tolist() == ["丙", "己"]
    accounts = pd.DataFrame({"account_id": list("甲乙丙丁戊己庚"), "sales_rep": list("XYZXYZX")})
    joined = rfm.follow_up_tasks(w, accounts)
    assert joined.loc["丙", "sales_rep"] == "Z"


def test_cycle_warning_threshold_moves_the_line():
    w = rfm.cycle_warning(_lecture_accounts(), "2004-11-27", threshold=10)
    # 庚: F = 15 → P = 24, R = 7 → margin 17: still on track; 戊: 61 − 28 = 33
    assert w.loc["甲", "margin"] <= 10 or w.loc["甲", "status"] == "on track"
    flagged = set(w.index[w["status"] != "on track"])
    assert {"乙", "丙", "丁", "己"} <= flagged
    assert all(w.loc[k, "margin"] <= 10 for k in flagged)


@given(f=st.integers(1, 365), since=st.integers(0, 400), threshold=st.integers(-30, 30))
def test_cycle_warning_property(f, since, threshold):
    today = pd.Timestamp("2004-11-27")
    s = pd.DataFrame({"frequency": [f], "last_purchase": [today - pd.Timedelta(days=since)]})
    row = rfm.cycle_warning(s, today, threshold=threshold).iloc[0]
    assert row["cycle_days"] == int(np.floor(365 / f + 0.5))
    assert row["days_since"] == since and row["margin"] == row["cycle_days"] - since
    if row["status"] == "on track":
        assert row["margin"] > threshold
    elif row["status"] == "at risk":
        assert -row["margin"] > row["cycle_days"]


def test_cycle_warning_validation():
    s = _lecture_accounts()
    with pytest.raises(ValueError, match="frequency' must be ≥ 1"):
        rfm.cycle_warning(s.assign(frequency=0), "2004-11-27")
    with pytest.raises(ValueError, match="is after today=2004-11-01"):
        rfm.cycle_warning(s, "2004-11-01")
    with pytest.raises(ValueError, match="today must be a date"):
        rfm.cycle_warning(s, "soon")
    with pytest.raises(ValueError, match="risk_ratio must be > 0"):
        rfm.cycle_warning(s, "2004-11-27", risk_ratio=0)


def test_summary_feeds_cycle_warning():
    t = _tx([("乙", "2004-03-01", 10.0), ("乙", "2004-10-08", 10.0),
             ("乙", "2003-06-01", 99.0)])  # outside the 365-day window
    s = rfm.rfm_summary(t, as_of="2004-11-27", window_days=365)
    assert s.loc["乙", "frequency"] == 2 and s.attrs["excluded_rows"] == 1
    w = rfm.cycle_warning(s, "2004-11-27")
    assert w.loc["乙", "days_since"] == 50


# ---------------------------------------------------------------------------------------------
# the stylised segmentation optimum
# ---------------------------------------------------------------------------------------------
@given(mr=st.floats(1, 1000), sc=st.floats(0.5, 50), c=st.floats(0.01, 100))
@settings(max_examples=80, deadline=None)
def test_optimal_segments_is_the_best_whole_number(mr, sc, c):
    k = rfm.optimal_segments(mr, sc, c)
    grid = rfm.segmentation_return(np.arange(1, 1001), mr, sc, c)
    best = grid["net"].max()
    net_k = rfm.segmentation_return([k], mr, sc, c)["net"].iloc[0]
    assert net_k == pytest.approx(best, rel=1e-9, abs=1e-9)


def test_segmentation_validation():
    assert rfm.optimal_segments(cost_per_segment=0, max_segments=50) == 50
    assert rfm.optimal_segments(max_return=10, scale=4, cost_per_segment=5) == 1
    with pytest.raises(ValueError, match="scale must be > 0"):
        rfm.segmentation_return([1, 2], scale=0)
    with pytest.raises(ValueError, match="n_segments must be ≥ 0"):
        rfm.segmentation_return([-1])


# ---------------------------------------------------------------------------------------------
# panels: default, min and max of every control, checked against the package
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def agg():
    import matplotlib

    import crm_lessons as crm

    matplotlib.use("Agg")
    crm.setup()  # registers the CJK font: the account names are Chinese


def test_segmentation_depth_panel(agg):
    from crm_lessons.widgets import rfm as panels
    from tests.widget_harness import sweep

    def check(result, values):
        assert result == rfm.optimal_segments(100.0, values["scale"], values["cost_per_segment"])

    p = panels.segmentation_depth_panel()
    assert p.result == 6
    assert sweep(p, check) == 6


def test_bins_panel(agg):
    from crm_lessons.widgets import rfm as panels
    from tests.widget_harness import sweep

    summary = _summary(400, seed=5)

    def check(result, values):
        expected = rfm.rfm_scores(summary, bins=values["bins"])
        pd.testing.assert_frame_equal(result, expected)
        assert result["r_score"].max() == values["bins"]

    assert sweep(panels.bins_panel(summary), check) == 3


def test_mailing_panel(agg, campaign_and_scores):
    from crm_lessons.widgets import rfm as panels
    from tests.widget_harness import sweep

    campaign, scores = campaign_and_scores
    cells = rfm.cell_response(campaign, scores)

    def check(result, values):
        expected = rfm.rollout(cells, values["cost_per_piece"], values["profit_per_response"])
        pd.testing.assert_frame_equal(result, expected)

    p = panels.mailing_panel(cells)
    assert p.result.attrs["break_even"] == pytest.approx(0.01375)
    assert sweep(p, check) == 6


def test_warning_panel(agg):
    from crm_lessons.widgets import rfm as panels
    from tests.widget_harness import sweep

    accounts = _lecture_accounts()

    def check(result, values):
        expected = rfm.cycle_warning(accounts, "2004-11-27", threshold=values["threshold"])
        pd.testing.assert_frame_equal(result, expected)
        assert set(result.index[result["status"] == "at risk"]) == {"丙", "己"}

    p = panels.warning_panel(accounts, "2004-11-27")
    assert p.result.loc["乙", "margin"] == -4
    assert sweep(p, check) == 3


def test_rollout_select_out_of_sample(campaign_and_scores):
    campaign, scores = campaign_and_scores
    half = campaign.sample(frac=0.5, random_state=1)
    rest = campaign.drop(half.index)
    chosen = rfm.cell_response(half, scores).query("bei > 0").index
    test = rfm.cell_response(rest, scores)
    known = [c for c in chosen if c in test.index]
    plan = rfm.rollout(test, select=known)
    assert plan.loc["mail cells above break-even", "cells"] == len(known)
    assert plan.loc["mail cells above break-even", "net"] == pytest.approx(
        test.loc[known, "net"].sum())
    with pytest.raises(ValueError, match="select names cell"):
        rfm.rollout(test, select=["999"])


def test_scores_on_average_order():
    s = rfm.rfm_summary(_tx([("a", "2024-01-01", 100.0), ("a", "2024-01-02", 100.0),
                             ("b", "2024-01-01", 150.0), ("c", "2024-01-03", -5.0)]))
    sc = rfm.rfm_scores(s, bins=3, monetary_col="average_order")
    assert sc.loc["b", "m_score"] == 3 and sc.loc["c", "m_score"] == 1   # c: no purchase
    assert rfm.rfm_scores(s, bins=3).loc["a", "m_score"] == 3            # total spend: a first
    with pytest.raises(ValueError, match="missing column"):
        rfm.rfm_scores(s, monetary_col="nope")


def test_segment_profile():
    s = _summary(200, seed=2)
    groups = pd.Series(np.where(s["frequency"] > 1, "repeat", "once"), index=s.index, name="kind")
    prof = rfm.segment_profile(s, groups)
    assert prof["customers"].sum() == 200
    assert prof["customer_share"].sum() == pytest.approx(1.0)
    assert prof["sales_share"].sum() == pytest.approx(1.0)
    assert prof.loc["once", "frequency"] == 1.0
    assert prof.loc["repeat", "monetary"] == pytest.approx(s.loc[s.frequency > 1, "monetary"].mean())
    assert prof.index.name == "kind"
    with pytest.raises(ValueError, match="no label for 1 customer"):
        rfm.segment_profile(s, groups.iloc[1:])


# ---------------------------------------------------------------------------------------------
# charts: a Figure each, labels from the glossary in the chosen language
# ---------------------------------------------------------------------------------------------
def test_charts_follow_the_language(agg, campaign_and_scores):
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    import crm_lessons as crm
    from crm_lessons.glossary import term
    from crm_lessons.plotting import rfm as charts

    campaign, scores = campaign_and_scores
    cells = rfm.cell_response(campaign, scores)
    warnings_ = rfm.cycle_warning(_lecture_accounts(), "2004-11-27")
    try:
        for lang in ("en", "zh"):
            crm.setup(lang=lang)
            figures = {
                "market_segmentation": charts.segmentation_depth_figure(),
                "pareto_curve": charts.pareto_figure(rfm.sales_concentration(scores["monetary"])),
                "break_even_index": charts.bei_figure(cells),
                "net_profit_yuan": charts.rollout_figure(rfm.rollout(cells)),
                "churn_warning": charts.cycle_warning_figure(warnings_),
                "customer_tier": charts.tiers_figure(rfm.customer_tiers(scores["monetary"]),
                                                     scores["monetary"]),
                "response_rate": charts.response_heatmap_figure(
                    rfm.response_by(campaign, scores), cells.attrs["break_even"]),
            }
            for key, fig in figures.items():
                assert isinstance(fig, Figure)
                assert term(key, lang) in fig.axes[0].get_title()
                plt.close(fig)
            fig = charts.segments_figure(rfm.rfm_segments(scores), scores["monetary"])
            labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
            assert term("seg_champions", lang) in labels
            plt.close(fig)
    finally:
        crm.setup()


@given(st.lists(st.tuples(st.integers(-5, 5), st.floats(-1e12, 1e12), st.floats(0, 1)),
                min_size=1, max_size=200))
@settings(max_examples=80, deadline=None)
def test_packed_sort_key_matches_lexsort(rows):
    from crm_lessons.rfm import _dense, _positions

    a, b, c = (np.array(col, dtype=float) for col in zip(*rows, strict=True))
    ranks = [_dense(a), _dense(b), _dense(c)]
    expected = np.empty(len(a), dtype=np.int64)
    expected[np.lexsort([c, b, a])] = np.arange(len(a))
    assert (_positions(ranks[0], ranks[1:]) == expected).all()
    # a key space too large to pack falls back to lexsort with the same answer
    wide = [r * 10**7 for r in ranks]
    assert (_positions(wide[0], wide[1:]) == expected).all()


def test_cycle_warning_figure_recolours_in_place_like_a_fresh_one():
    import matplotlib.pyplot as plt

    from crm_lessons import datasets
    from crm_lessons.plotting import rfm as rfm_charts

    today = datasets.B2B_TODAY
    b2b = rfm.rfm_summary(datasets.load_b2b_orders(), as_of=today, customer_col="account_id",
                          window_days=365)
    fig = rfm_charts.cycle_warning_figure(rfm.cycle_warning(b2b, today, threshold=0), max_rows=12)
    later = rfm.cycle_warning(b2b, today, threshold=20)
    again = rfm_charts.cycle_warning_figure(later, max_rows=12, fig=fig)
    fresh = rfm_charts.cycle_warning_figure(later, max_rows=12)

    def shown(f):
        ax = f.axes[0]
        return ([tuple(p.get_facecolor()) for p in ax.patches[:12]],
                [tuple(x) for x in ax.collections[0].get_facecolor()],
                list(ax.lines[0].get_xdata()), [t.get_text() for t in ax.get_yticklabels()],
                np.round(ax.get_xlim(), 9).tolist())

    assert again is fig and shown(again) == shown(fresh)
    far = rfm.cycle_warning(b2b, today, threshold=30)  # beyond every bar: the axis must follow
    moved = rfm_charts.cycle_warning_figure(far, max_rows=12, fig=fig)
    assert moved is fig and shown(moved) == shown(rfm_charts.cycle_warning_figure(far, max_rows=12))
    assert moved.axes[0].get_xlim()[1] >= 30
    plt.close("all")


def test_segmentation_depth_figure_moves_in_place_like_a_fresh_one():
    import matplotlib.pyplot as plt

    from crm_lessons.plotting import rfm as rfm_charts

    fig = rfm_charts.segmentation_depth_figure(100, 4, 5)
    again = rfm_charts.segmentation_depth_figure(100, 8, 1.5, fig=fig)
    fresh = rfm_charts.segmentation_depth_figure(100, 8, 1.5)

    def shown(f):
        ax = f.axes[0]
        return ([list(np.round(line.get_ydata(), 9)) for line in ax.lines],
                [t.get_text() for t in ax.texts], np.round(ax.get_ylim(), 9).tolist())

    assert again is fig and shown(again) == shown(fresh)
    plt.close("all")
