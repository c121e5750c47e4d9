"""Chapter 04: satisfaction states, stylised loyalty curves, the trap in data, retention priority."""

from __future__ import annotations

import math
import subprocess
import sys
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from scipy.stats import binomtest  # noqa: E402

import crm_lessons as crm  # noqa: E402
from crm_lessons import satisfaction as S  # noqa: E402

from .widget_harness import sweep  # noqa: E402

score = st.floats(1, 5, allow_nan=False)
point = st.floats(1, 10, allow_nan=False)


@pytest.fixture(autouse=True, scope="module")
def _course_theme():
    """The course theme with its CJK font, so account names like 甲 render in any test order."""
    crm.setup()


def _survey(scores, bought, expectation=None, performance=None):
    frame = pd.DataFrame({"customer_id": [f"C{i:03d}" for i in range(len(scores))],
                          "satisfaction": scores, "repurchased": bought})
    if expectation is not None:
        frame["expectation"] = expectation
        frame["performance"] = performance
    return frame


@pytest.fixture
def survey():
    # 4s: 2 of 8 come back (25 %); 5s: 6 of 8 (75 %) → ratio 3; one each of 1, 2, 3 that left
    scores = [1, 2, 3] + [4] * 8 + [5] * 8
    bought = [False, False, False] + [True, True] + [False] * 6 + [True] * 6 + [False] * 2
    return _survey(scores, bought)


# --- the concept module stays light --------------------------------------------------------------
def test_concept_module_imports_no_plotting_or_widgets():
    code = ("import sys, crm_lessons.satisfaction; "
            "print([m for m in ('matplotlib', 'ipywidgets', 'sklearn') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "[]"


# --- Kotler: performance against expectation ----------------------------------------------------
def test_kotler_three_states():
    assert S.satisfaction_state(6, 8) == "dissatisfied"
    assert S.satisfaction_state(8, 8) == "satisfied"
    assert S.satisfaction_state(9, 8) == "delighted"
    assert S.satisfaction_state([7.6, 8.5, 8.6], 8, tolerance=0.5).tolist() == [
        "satisfied", "satisfied", "delighted"]
    assert S.expectation_gap(8, 6) == 2.0


def test_state_of_a_series_is_an_ordered_categorical_with_its_index():
    perf = pd.Series([3.0, 7.0, 9.0], index=["a", "b", "c"])
    out = S.satisfaction_state(perf, 7)
    assert list(out.index) == ["a", "b", "c"]
    assert out.cat.ordered and list(out.cat.categories) == list(S.STATES)
    assert out.tolist() == ["dissatisfied", "satisfied", "delighted"]
    assert (out < "satisfied").tolist() == [True, False, False]


@pytest.mark.parametrize("kwargs, message", [
    ({"performance": 7, "expectation": 7, "tolerance": -1}, "tolerance must be one non-negative"),
    ({"performance": [7, 8], "expectation": [7, 8, 9]}, "same length"),
    ({"performance": "high", "expectation": 7}, "performance must be numeric"),
    ({"performance": 7, "expectation": [7, float("nan")]}, "expectation must not contain NaN"),
])
def test_state_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        S.satisfaction_state(**kwargs)


@given(point, point, st.floats(0, 3))
def test_state_follows_the_sign_of_the_gap(perf, expect, tol):
    gap = perf - expect
    assume(abs(abs(gap) - tol) > 1e-6)
    state = S.satisfaction_state(perf, expect, tol)
    expected = "dissatisfied" if gap < -tol else "delighted" if gap > tol else "satisfied"
    assert state == expected


@given(st.lists(point, min_size=2, max_size=20), point, st.floats(0, 2))
def test_better_performance_never_lowers_the_state(perfs, expect, tol):
    perfs = sorted(perfs)
    states = S.satisfaction_state(pd.Series(perfs), expect, tol)
    codes = states.cat.codes.to_numpy()
    assert (np.diff(codes) >= 0).all()


def test_expectation_table_counts_shares_and_rates():
    s = _survey([2, 4, 5, 3, 5], [False, True, True, False, True],
                expectation=[8, 6, 5, 7, 6], performance=[6, 6.4, 9, 7, 8])
    t = S.expectation_table(s, tolerance=0.5)
    assert t["customers"].tolist() == [1, 2, 2]
    assert t["share"].sum() == pytest.approx(1)
    assert t.loc["satisfied", "repurchase_rate"] == 0.5
    assert t.loc["delighted", "mean_satisfaction"] == 5
    # with no tolerance the 6.4-vs-6 customer becomes delighted
    assert S.expectation_table(s)["customers"].tolist() == [1, 1, 3]


def test_expectation_table_keeps_empty_states():
    s = _survey([4, 5], [True, True], expectation=[5, 5], performance=[9, 8])
    t = S.expectation_table(s)
    assert t["customers"].tolist() == [0, 0, 2]
    assert math.isnan(t.loc["dissatisfied", "repurchase_rate"])


@pytest.mark.parametrize("change, message", [
    (lambda f: f.drop(columns="performance"), r"missing column\(s\) \['performance'\]"),
    (lambda f: f.iloc[:0], "survey is empty"),
    (lambda f: f.assign(satisfaction=[6, 4]), "whole scores 1–5, got 6"),
    (lambda f: f.assign(satisfaction=[3.5, 4]), "whole scores 1–5, got 3.5"),
    (lambda f: f.assign(repurchased=["yes", "no"]), "True/False .* got 'yes'"),
    (lambda f: f.assign(expectation=[None, 5]), "column 'expectation' of survey has 1 missing"),
])
def test_survey_validation_names_the_column(change, message):
    s = _survey([4, 5], [True, False], expectation=[5, 5], performance=[6, 5])
    with pytest.raises(ValueError, match=message):
        S.expectation_table(change(s))


def test_expectation_table_on_bundled_survey_adds_up():
    survey = crm.datasets.load_survey()
    t = S.expectation_table(survey, tolerance=0.5)
    assert t["customers"].sum() == len(survey)
    gap = survey["performance"] - survey["expectation"]
    assert t.loc["delighted", "customers"] == int((gap > 0.5 + 1e-9).sum())


# --- stylised curves (LECTURE_FACTS §6) ----------------------------------------------------------
def test_curves_use_the_stated_formulas():
    s = np.array([1.0, 2.5, 4.0, 5.0])
    np.testing.assert_allclose(S.loyalty_curve(s, "highly_competitive"), 0.90 * 6.0 ** (s - 5))
    np.testing.assert_allclose(S.loyalty_curve(s, "less_competitive"),
                               0.95 - 0.25 * np.exp(-1.2 * (s - 1)))
    np.testing.assert_allclose(S.loyalty_curve(s, "basic_expectation"),
                               0.40 * (1 - np.exp(-(s - 1))))
    np.testing.assert_allclose(S.loyalty_curve(s, "latent_expectation"),
                               0.95 * (np.exp(0.9 * (s - 1)) - 1) / (np.exp(3.6) - 1))
    np.testing.assert_allclose(S.loyalty_curve(s, "zones"), S.loyalty_curve(s, "highly_competitive"))


def test_xerox_six_times_on_the_competitive_curve():
    assert S.loyalty_curve(5, "highly_competitive") / S.loyalty_curve(4, "highly_competitive") == \
        pytest.approx(6.0)
    assert S.loyalty_curve(1, "less_competitive") == pytest.approx(0.70)  # false loyalty


@pytest.mark.parametrize("value", [0.5, 5.01, [1, 6]])
def test_curve_rejects_scores_outside_1_to_5(value):
    with pytest.raises(ValueError, match=r"satisfaction must lie in \[1, 5\]"):
        S.loyalty_curve(value, "less_competitive")


def test_curve_rejects_unknown_market_listing_the_allowed_ones():
    with pytest.raises(ValueError, match="market must be one of .*latent_expectation.* 'monopoly'"):
        S.loyalty_curve(3, "monopoly")


def test_curve_keeps_a_series_index():
    out = S.loyalty_curve(pd.Series([4.0, 5.0], index=["x", "y"]), "highly_competitive")
    assert list(out.index) == ["x", "y"] and out["y"] == pytest.approx(0.9)


@pytest.mark.parametrize("market, shape", [("highly_competitive", 1), ("latent_expectation", 1),
                                           ("less_competitive", -1), ("basic_expectation", -1)])
def test_curve_shapes(market, shape):
    grid = np.linspace(1, 5, 81)
    values = S.loyalty_curve(grid, market)
    assert ((values >= 0) & (values <= 1)).all()
    assert (np.diff(values) > 0).all()  # more satisfaction, more loyalty, in every market
    assert (shape * np.diff(values, 2) > 0).all()  # convex (+1) or concave (−1)


@given(score, st.floats(0, 1), st.floats(0, 1))
def test_blend_lies_between_the_industries_and_the_ratio_grows(s, c1, c2):
    lo, hi = sorted((c1, c2))
    v = S.loyalty_under_competition(s, lo)
    a, b = S.loyalty_curve(s, "highly_competitive"), S.loyalty_curve(s, "less_competitive")
    assert min(a, b) - 1e-12 <= v <= max(a, b) + 1e-12

    def ratio(c):
        return S.loyalty_under_competition(5, c) / S.loyalty_under_competition(4, c)

    assert ratio(lo) <= ratio(hi) + 1e-12


def test_blend_endpoints_and_errors():
    assert S.loyalty_under_competition(4, 1) == pytest.approx(0.15)
    assert S.loyalty_under_competition(4, 0) == pytest.approx(S.loyalty_curve(4, "less_competitive"))
    with pytest.raises(ValueError, match=r"intensity must lie in \[0, 1\], got 1.2"):
        S.loyalty_under_competition(4, 1.2)
    with pytest.raises(ValueError, match="intensity must be one number"):
        S.loyalty_under_competition(4, [0.1, 0.2])


def test_zones():
    assert [S.loyalty_zone(s) for s in S.SCORES] == [
        "defection", "defection", "indifference", "indifference", "affection"]
    out = S.loyalty_zone(pd.Series([1.5, 3.0, 4.2]))
    assert out.tolist() == ["defection", "indifference", "affection"] and out.cat.ordered


@given(score, score)
def test_basic_expectations_never_buy_more_loyalty_than_their_ceiling(b, lat):
    r = S.expectation_loyalty(b, lat)
    assert 0 <= r["basic"] <= r["basic_ceiling"] < 0.40
    assert 0 <= r["latent"] <= r["latent_ceiling"] == pytest.approx(0.95)


def test_expectation_loyalty_errors():
    with pytest.raises(ValueError, match=r"latent must lie in \[1, 5\], got 0"):
        S.expectation_loyalty(3, 0)
    with pytest.raises(ValueError, match="basic must be one number"):
        S.expectation_loyalty([3, 4], 2)


# --- the trap in data ---------------------------------------------------------------------------
def test_repurchase_by_score(survey):
    t = S.repurchase_by_score(survey)
    assert list(t.index) == [1, 2, 3, 4, 5]
    assert t.loc[4, ["customers", "repurchased"]].tolist() == [8, 2]
    assert t.loc[5, "repurchase_rate"] == 0.75
    ci = binomtest(2, 8).proportion_ci(0.95, method="wilson")
    assert t.loc[4, "ci_low"] == pytest.approx(ci.low)
    assert t.loc[4, "ci_high"] == pytest.approx(ci.high)


def test_repurchase_by_score_lists_scores_nobody_gave():
    t = S.repurchase_by_score(_survey([4, 5], [True, False]))
    assert t.loc[1, "customers"] == 0 and math.isnan(t.loc[1, "repurchase_rate"])


def test_repurchase_accepts_0_1_and_rejects_bad_confidence():
    t = S.repurchase_by_score(_survey([4, 4], [1, 0]))
    assert t.loc[4, "repurchase_rate"] == 0.5
    with pytest.raises(ValueError, match=r"confidence must be one number in \(0, 1\), got 95"):
        S.repurchase_by_score(_survey([4], [True]), confidence=95)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.booleans()), min_size=1, max_size=60))
def test_repurchase_table_properties(rows):
    s = _survey([r[0] for r in rows], [r[1] for r in rows])
    t = S.repurchase_by_score(s)
    assert t["customers"].sum() == len(rows)
    assert t["repurchased"].sum() == sum(r[1] for r in rows)
    seen = t[t["customers"] > 0]
    assert ((seen["ci_low"] >= -1e-12) & (seen["ci_low"] <= seen["repurchase_rate"] + 1e-12)).all()
    assert ((seen["ci_high"] <= 1 + 1e-12) & (seen["ci_high"] >= seen["repurchase_rate"] - 1e-12)).all()


def test_trap_summary(survey):
    t = S.trap_summary(survey)
    assert t["repurchase_rate_4"] == 0.25 and t["defect_share_4"] == 0.75
    assert t["ratio_5_vs_4"] == pytest.approx(3.0)
    # defectors: 1, 2, 3, six 4s and two 5s = 11; eight of them had said 4 or 5
    assert t["defectors_satisfied_share"] == pytest.approx(8 / 11)
    assert t["satisfied_share"] == pytest.approx(16 / 19)


def test_trap_summary_edge_cases():
    inf = S.trap_summary(_survey([4, 4, 5], [False, False, True]))
    assert inf["ratio_5_vs_4"] == math.inf
    nan = S.trap_summary(_survey([4, 5], [False, False]))
    assert math.isnan(nan["ratio_5_vs_4"]) and nan["defectors_satisfied_share"] == 1
    nobody_left = S.trap_summary(_survey([4, 5], [True, True]))
    assert math.isnan(nobody_left["defectors_satisfied_share"])
    with pytest.raises(ValueError, match="no score 5"):
        S.trap_summary(_survey([3, 4], [True, False]))
    with pytest.raises(ValueError, match=r"missing column\(s\) \['repurchased'\]"):
        S.trap_summary(pd.DataFrame({"satisfaction": [4, 5]}))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.booleans()), min_size=2, max_size=60))
def test_trap_summary_properties(rows):
    rows = [*rows, (4, True), (5, True)]  # both 4s and 5s are present
    t = S.trap_summary(_survey([r[0] for r in rows], [r[1] for r in rows]))
    assert t["defect_share_4"] + t["repurchase_rate_4"] == pytest.approx(1)
    assert t["ratio_5_vs_4"] == pytest.approx(t["repurchase_rate_5"] / t["repurchase_rate_4"])
    assert 0 <= t["satisfied_share"] <= 1


def test_trap_summary_on_bundled_survey_matches_a_plain_groupby():
    survey = crm.datasets.load_survey()
    rates = survey.groupby("satisfaction")["repurchased"].mean()
    t = S.trap_summary(survey)
    assert t["ratio_5_vs_4"] == pytest.approx(rates[5] / rates[4])
    assert t["customers"] == len(survey)


# --- the three degrees and the priority list ----------------------------------------------------
@pytest.fixture
def history():
    survey = _survey([5, 5, 4, 4, 3, 3, 2, 1, 5, 1],
                     [True, True, True, False, False, True, False, False, True, False])
    ids = survey["customer_id"].tolist()
    tx = pd.DataFrame({
        "customer_id": ids + [ids[0], ids[0], ids[1], ids[2]],
        "order_date": pd.to_datetime(["2023-12-01"] * 10 + ["2023-06-01", "2022-06-01",
                                                            "2024-02-01", "2023-12-31"]),
        "amount": [100.0, 80, 60, 50, 40, 30, 20, 10, 5, 1] + [-25.0, 999.0, 777.0, 10.0],
    })
    return survey, tx


def test_three_degrees_contribution_recency_frequency(history):
    survey, tx = history
    d = S.three_degrees(survey, tx, "2023-12-31", folds=2)
    assert list(d.index) == survey["customer_id"].tolist()
    # C000: 100 − 25 refund (the 2022 order is outside the window); C001: the 2024 order is later
    assert d["contribution"].tolist()[:3] == [75.0, 80.0, 70.0]
    assert d.loc["C002", "frequency"] == 2 and d.loc["C002", "recency_days"] == 0
    assert d.loc["C000", "frequency"] == 1 and d.loc["C000", "recency_days"] == 30
    assert d["retention"].between(0, 1).all()
    assert (d["repurchased"] == survey["repurchased"].to_numpy()).all()
    again = S.three_degrees(survey, tx, "2023-12-31", folds=2)
    pd.testing.assert_frame_equal(d, again)  # seeded folds: same numbers every run


def test_three_degrees_learns_that_satisfied_customers_stay():
    rng = np.random.default_rng(0)
    scores = rng.integers(1, 6, 400)
    bought = rng.random(400) < np.where(scores == 5, 0.9, 0.15)
    survey = _survey(scores, bought)
    tx = pd.DataFrame({"customer_id": survey["customer_id"], "order_date": pd.Timestamp("2023-11-01"),
                       "amount": 100.0})
    d = S.three_degrees(survey, tx, "2023-12-31")
    by_score = d.groupby("satisfaction")["retention"].mean()
    assert by_score[5] > 0.7 > 0.3 > by_score[1]


@pytest.mark.parametrize("change, message", [
    (lambda s, t: (s, t, "not a date"), "as_of must be a date"),
    (lambda s, t: (pd.concat([s, s.iloc[:1]]), t, "2023-12-31"), "must be unique, got 'C000'"),
    (lambda s, t: (s.assign(repurchased=True), t, "2023-12-31"), "needs at least 2 customers"),
    (lambda s, t: (s, t.assign(order_date="soon"), "2023-12-31"), "unparseable date: 'soon'"),
    (lambda s, t: (s, t.drop(columns="amount"), "2023-12-31"), r"transactions is missing column"),
])
def test_three_degrees_validation(history, change, message):
    survey, tx = history
    s, t, as_of = change(survey, tx)
    with pytest.raises(ValueError, match=message):
        S.three_degrees(s, t, as_of, folds=2)
    with pytest.raises(ValueError, match="window_days must be a positive"):
        S.three_degrees(survey, tx, "2023-12-31", window_days=0)


@pytest.fixture
def accounts():
    return pd.DataFrame({"satisfaction": [5, 2, 4, 3, 1],
                         "retention": [0.9, 0.3, 0.5, 0.6, 0.2],
                         "contribution": [900.0, 800.0, 100.0, 400.0, 50.0]},
                        index=["甲", "乙", "丙", "丁", "戊"])


def test_priority_by_each_degree_alone(accounts):
    by_value = S.retention_priority(accounts, (0, 0, 1))
    assert list(by_value.index) == ["甲", "乙", "丁", "丙", "戊"]  # the lecture's first step
    by_need = S.retention_priority(accounts, (1, 0, 0))
    assert list(by_need.index) == ["戊", "乙", "丁", "丙", "甲"]
    by_risk = S.retention_priority(accounts, (0, 5, 0))
    assert list(by_risk.index) == ["戊", "乙", "丙", "丁", "甲"]
    assert list(by_risk["rank"]) == [1, 2, 3, 4, 5]


def test_priority_equal_weights_and_value_at_risk(accounts):
    ranked = S.retention_priority(accounts)
    # 乙: need 0.8, risk 0.8, value 0.8 → 0.8; 戊: 1, 1, 0.2 → 0.733
    assert ranked.index[0] == "乙" and ranked.loc["乙", "priority"] == pytest.approx(0.8)
    assert ranked.loc["戊", "priority"] == pytest.approx((1 + 1 + 0.2) / 3)
    assert ranked.loc["乙", "value_at_risk"] == pytest.approx(800 * 0.7)
    assert list(accounts.columns) == ["satisfaction", "retention", "contribution"]  # not mutated


@pytest.mark.parametrize("weights, message", [
    ((0, 0, 0), "must not all be 0"),
    ((1, -1, 1), "non-negative"),
    ((1, 1), "three numbers"),
])
def test_priority_rejects_bad_weights(accounts, weights, message):
    with pytest.raises(ValueError, match=message):
        S.retention_priority(accounts, weights)


def test_priority_rejects_bad_columns(accounts):
    with pytest.raises(ValueError, match=r"'retention' must be probabilities in \[0, 1\], got 1.5"):
        S.retention_priority(accounts.assign(retention=[1.5, 0, 0, 0, 0]))
    with pytest.raises(ValueError, match=r"missing column\(s\) \['contribution'\]"):
        S.retention_priority(accounts.drop(columns="contribution"))
    with pytest.raises(ValueError, match="'satisfaction' of customers must be numeric, got 'high'"):
        S.retention_priority(accounts.assign(satisfaction=["high", 1, 1, 1, 1]))
    renamed = accounts.rename(columns={"contribution": "profit"})
    assert S.retention_priority(renamed, contribution="profit").index[0] == "乙"


# Contributions in whole fen (0.01 yuan), as money is booked: values that differ only in the
# 17th digit (100000.0 vs 99999.99999999999) tie after rescaling in floating point, which says
# nothing about the ranking.
frames = st.lists(st.tuples(st.integers(1, 5), st.floats(0, 1),
                            st.integers(0, 10_000_000).map(lambda fen: fen / 100)),
                  min_size=1, max_size=40).map(
    lambda rows: pd.DataFrame(rows, columns=["satisfaction", "retention", "contribution"]))
weights = st.tuples(*[st.floats(0, 1)] * 3).filter(lambda w: sum(w) > 0.01)


@settings(max_examples=60, deadline=None)
@given(frames, weights, st.floats(0.01, 1000))
def test_priority_properties(frame, w, scale):
    ranked = S.retention_priority(frame, w)
    assert sorted(ranked["rank"]) == list(range(1, len(frame) + 1))
    assert ((ranked["priority"] > 0) & (ranked["priority"] <= 1 + 1e-12)).all()
    assert (np.diff(ranked["priority"].to_numpy()) <= 1e-12).all()
    # units do not matter: yuan or thousands of yuan, scores 1–5 or 0–4 give the same priorities
    rescaled = S.retention_priority(frame.assign(contribution=frame["contribution"] * scale,
                                                 satisfaction=frame["satisfaction"] - 1), w)
    pd.testing.assert_series_equal(ranked["priority"].sort_index(),
                                   rescaled["priority"].sort_index())


# --- figures ------------------------------------------------------------------------------------
def _figures(survey_frame, degrees):
    from crm_lessons.plotting import satisfaction as P

    table = S.repurchase_by_score(survey_frame)
    ranked = S.retention_priority(degrees)
    return {
        "expectation": P.expectation_figure(survey_frame, 0.5),
        "curves": P.loyalty_curves_figure(S.MARKETS),
        "competition": P.competition_figure(0.3),
        "expectations": P.expectation_curves_figure(4.5, 2.0),
        "repurchase": P.repurchase_figure(table, S.trap_summary(survey_frame)),
        "circle": P.virtuous_circle_figure(),
        "degrees": P.degrees_figure(degrees),
        "priority": P.priority_figure(ranked, top=4),
    }


@pytest.fixture
def bundled():
    survey = crm.datasets.load_survey()
    rng = np.random.default_rng(1)
    degrees = pd.DataFrame({"satisfaction": survey["satisfaction"].to_numpy(),
                            "retention": rng.random(len(survey)),
                            "contribution": rng.gamma(2, 400, len(survey))},
                           index=survey["customer_id"])
    return survey, degrees


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_figures_draw_with_glossary_labels(bundled, lang):
    survey, degrees = bundled
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing Chinese glyph fails the test
        family = crm.setup(lang=lang)
        if lang == "zh" and family is None:
            pytest.skip("no CJK font here")
        try:
            figs = _figures(survey, degrees)
            for fig in figs.values():
                fig.canvas.draw()
        finally:
            crm.setup(lang="en")
    stylised = crm.term("stylised_model", lang)

    def texts(fig):
        return [t.get_text() for ax in fig.axes for t in ax.texts]

    assert figs["curves"].axes[0].get_ylabel() == crm.term("loyalty_share", lang)
    for key in ("curves", "competition", "expectations"):
        assert stylised in texts(figs[key]), key
    assert stylised not in texts(figs["repurchase"])  # data, not a model
    assert figs["repurchase"].axes[0].get_xlabel() == crm.term("satisfaction_score", lang)
    assert figs["priority"].axes[0].get_title(loc="left") == crm.term("retention_priority", lang)
    legend = [t.get_text() for t in figs["expectation"].axes[0].get_legend().get_texts()]
    counts = S.expectation_table(survey, 0.5)["customers"]
    assert legend[0] == f"{crm.term('dissatisfied', lang)} ({counts['dissatisfied']:,})"
    plt.close("all")


# --- panels -------------------------------------------------------------------------------------
def test_competition_panel_sweep():
    from crm_lessons.widgets import satisfaction as W

    def check(result, v):
        expected = S.loyalty_under_competition(np.arange(1.0, 6.0), v["intensity"])
        np.testing.assert_allclose(result["loyalty"].to_numpy(), expected)
        assert result["ratio_5_vs_4"] == pytest.approx(expected[4] / expected[3])

    p = W.competition_panel()
    assert sweep(p, check) == 3
    highly = W.competition_panel(intensity=1.0)
    assert highly.result["ratio_5_vs_4"] == pytest.approx(6.0)
    plt.close("all")


def test_expectation_panel_sweep():
    from crm_lessons.widgets import satisfaction as W

    def check(result, v):
        assert result == pytest.approx(S.expectation_loyalty(v["basic"], v["latent"]))

    p = W.expectation_panel()
    assert sweep(p, check) == 6
    plt.close("all")


def test_tolerance_panel_sweep(bundled):
    from crm_lessons.widgets import satisfaction as W

    survey, _ = bundled

    def check(result, v):
        pd.testing.assert_frame_equal(result, S.expectation_table(survey, v["tolerance"]))

    p = W.tolerance_panel(survey)
    assert sweep(p, check) == 3
    plt.close("all")


def test_priority_panel_sweep(accounts):
    from crm_lessons.widgets import controls
    from crm_lessons.widgets import satisfaction as W

    def check(result, v):
        expected = S.retention_priority(
            accounts, (v["w_satisfaction"], v["w_retention"], v["w_contribution"]))
        pd.testing.assert_frame_equal(result, expected)

    p = W.priority_panel(accounts, top=5)
    assert p.result.index[0] == "乙"
    assert sweep(p, check) == 12
    ctrls = controls(p)
    for name in ("w_satisfaction", "w_retention", "w_contribution"):
        ctrls[name].value = 0.0
    assert p.result is None  # all weights 0: a hint, no ranking
    plt.close("all")


# --- the trap group by group --------------------------------------------------------------------
def test_trap_by_group_matches_trap_summary_per_group(survey):
    frame = survey.assign(region=["N", "S"] * 9 + ["N"])
    table = crm.satisfaction.trap_by(frame, "region")
    assert list(table.index) == ["N", "S"] and table["customers"].sum() == len(frame)
    for region, part in frame.groupby("region"):
        expected = S.trap_summary(part)
        assert table.loc[region, "ratio_5_vs_4"] == pytest.approx(expected["ratio_5_vs_4"])
        assert table.loc[region, "repurchase_rate"] == pytest.approx(part["repurchased"].mean())


def test_trap_by_keeps_category_order_and_marks_groups_without_4s_and_5s():
    frame = _survey([4, 5, 3, 4, 5], [True, True, False, False, True]).assign(
        stage=pd.Categorical(["maturity", "maturity", "development", "growth", "growth"],
                             categories=["development", "growth", "maturity"], ordered=True))
    table = S.trap_by(frame, "stage")
    assert list(table.index) == ["development", "growth", "maturity"]
    assert math.isnan(table.loc["development", "ratio_5_vs_4"])
    assert table.loc["growth", "ratio_5_vs_4"] == math.inf


def test_trap_by_validation(survey):
    with pytest.raises(ValueError, match="by must name a column of survey, got 'region'"):
        S.trap_by(survey, "region")
    with pytest.raises(ValueError, match="column 'region' of survey has 1 missing"):
        S.trap_by(survey.assign(region=[None] + ["N"] * 18), "region")


def test_repurchase_figure_copes_with_scores_nobody_gave():
    from crm_lessons.plotting import satisfaction as P

    small = _survey([4, 4, 5], [True, False, True])
    fig = P.repurchase_figure(S.repurchase_by_score(small), S.trap_summary(small))
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].texts]
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]  # group sizes sit under the ticks
    assert "4\nn=2" in ticks and "5\nn=1" in ticks and "50%" in labels
    assert "1" in ticks and not any("n=0" in tick for tick in ticks)
    plt.close(fig)


def test_priority_panel_labels_bars_with_a_column_and_rejects_an_unknown_one(accounts):
    from crm_lessons.widgets import satisfaction as W

    named = accounts.assign(name=["Jia", "Yi", "Bing", "Ding", "Wu"])
    p = W.priority_panel(named, label="name", top=5)
    assert p.result.loc["乙", "name"] == "Yi" and p.result.index[0] == "乙"
    with pytest.raises(ValueError, match="label must name a column of degrees, got 'names'"):
        W.priority_panel(named, label="names")
    plt.close("all")


def test_classroom_mode_presents_all_four_panels_on_the_bundled_data():
    from crm_lessons import present

    specs = {s.name: s for s in present.chapter_panels("04")}
    assert set(specs) == {"competition_panel", "expectation_panel", "tolerance_panel",
                          "priority_panel"}
    survey = crm.datasets.load_survey()
    pd.testing.assert_frame_equal(specs["tolerance_panel"].build().result,
                                  S.expectation_table(survey, 0.5))
    ranked = specs["priority_panel"].build().result
    assert len(ranked) == len(survey) and ranked["name"].notna().all()
    plt.close("all")


def test_expectation_figure_recolours_in_place_like_a_fresh_one():
    import matplotlib.pyplot as plt

    from crm_lessons import datasets
    from crm_lessons.plotting import satisfaction as charts

    survey = datasets.load_survey()
    fig = charts.expectation_figure(survey, 0.0)  # no band yet
    again = charts.expectation_figure(survey, 1.5, fig=fig)
    fresh = charts.expectation_figure(survey, 1.5)

    def shown(f):
        ax = f.axes[0]
        return ([c.get_offsets().tolist() for c in ax.collections[:3]],
                [t.get_text() for t in ax.get_legend().get_texts()],
                ax.collections[3].get_paths()[0].vertices.round(6).tolist())

    assert again is fig and shown(again) == shown(fresh)
    assert len(charts.expectation_figure(survey, 0.0, fig=fig).axes[0].collections) == 3
    other = charts.expectation_figure(survey.copy(), 1.5, fig=fig)
    assert other is not fig  # another survey: a new figure
    for f in (fig, fresh, other):
        plt.close(f)


def test_priority_figure_restacks_in_place_like_a_fresh_one():
    import matplotlib.pyplot as plt

    from crm_lessons import satisfaction as S
    from crm_lessons.plotting import satisfaction as charts

    rng = np.random.default_rng(3)
    degrees = pd.DataFrame({"satisfaction": rng.uniform(0, 1, 30),
                            "retention": rng.uniform(0, 1, 30),
                            "contribution": rng.uniform(0, 5000, 30)},
                           index=[f"c{i}" for i in range(30)])
    first = S.retention_priority(degrees, (1, 1, 1))
    second = S.retention_priority(degrees, (0.2, 1, 0.5))
    fig = charts.priority_figure(first, (1, 1, 1), top=8)
    again = charts.priority_figure(second, (0.2, 1, 0.5), top=8, fig=fig)
    fresh = charts.priority_figure(second, (0.2, 1, 0.5), top=8)

    def shown(f):
        ax = f.axes[0]
        return ([(round(p.get_x(), 9), round(p.get_width(), 9)) for p in ax.patches],
                [t.get_text() for t in ax.get_yticklabels()])

    assert again is fig and shown(again) == shown(fresh)
    assert charts.priority_figure(second, (0.2, 1, 0.5), top=12, fig=fig) is not fig
    plt.close("all")
