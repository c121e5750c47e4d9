"""Chapter 07: BG/NBD, Gamma-Gamma and per-customer CLV (crm_lessons.btyd)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate, optimize, special

from crm_lessons import btyd, datasets

PAPER = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}   # FHL 2005, table / fig.
PAPER_GG = {"p": 6.25, "q": 3.74, "v": 15.44}                  # FHL 2005 "RFM and CLV"
CAL_END, HOLD_END = "1997-09-30", "1998-06-30"


def _tx(rows):
    return pd.DataFrame(rows, columns=["customer_id", "order_date", "amount"]).assign(
        order_date=lambda d: pd.to_datetime(d["order_date"]))


# ---------------------------------------------------------------------------------------------
# calibration summary
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def tx():
    return _tx([
        ("a", "2024-01-01", 10.0),
        ("a", "2024-01-01", 5.0),     # same day: one purchase day
        ("a", "2024-01-15", 30.0),
        ("a", "2024-01-16", -30.0),   # refund: not a purchase, reported
        ("a", "2024-01-22", 20.0),
        ("a", "2024-02-20", 8.0),     # holdout
        ("b", "2024-01-08", 0.0),     # a free item is a purchase
        ("c", "2024-02-10", 9.0),     # first purchase after calibration: not in the summary
    ])


def test_summary_hand_computed(tx):
    s = btyd.calibration_summary(tx, "2024-01-29", holdout_end="2024-03-31")
    assert list(s.index) == ["a", "b"]
    a, b = s.loc["a"], s.loc["b"]
    assert a["frequency"] == 2 and a["recency"] == 3.0 and a["T"] == 4.0
    assert a["monetary"] == 25.0                      # (30 + 20) / 2, first day left out
    assert a["refunds"] == -30.0
    assert a["frequency_holdout"] == 1 and b["frequency_holdout"] == 0
    assert b["frequency"] == 0 and b["recency"] == 0.0 and b["T"] == 3.0
    assert np.isnan(b["monetary"])
    assert s["duration_holdout"].iloc[0] == pytest.approx(62 / 7)


def test_summary_exact_weeks_and_days(tx):
    w = btyd.calibration_summary(tx, "2024-01-30")
    d = btyd.calibration_summary(tx, "2024-01-30", unit="D")
    assert w.loc["a", "T"] == pytest.approx(29 / 7)   # not rounded to whole weeks
    assert d.loc["a", "T"] == 29 and d.loc["a", "recency"] == 21


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 60),
                          st.floats(-50, 200, allow_nan=False)), min_size=1, max_size=40))
def test_summary_matches_naive_count(rows):
    """Property: x = distinct purchase days − 1, t_x ≤ T, against a plain-Python count."""
    start = pd.Timestamp("2024-01-01")
    frame = _tx([(f"c{c}", start + pd.Timedelta(days=d), amt) for c, d, amt in rows])
    if not (frame["amount"] >= 0).any():
        with pytest.raises(ValueError, match="only refunds"):
            btyd.calibration_summary(frame, "2024-03-31")
        return
    s = btyd.calibration_summary(frame, "2024-03-31", unit="D")
    for cust, g in frame[frame["amount"] >= 0].groupby("customer_id"):
        days = sorted(set(g["order_date"]))
        assert s.loc[cust, "frequency"] == len(days) - 1
        assert s.loc[cust, "recency"] == (days[-1] - days[0]).days
        assert s.loc[cust, "T"] == (pd.Timestamp("2024-03-31") - days[0]).days
    assert (s["recency"] <= s["T"]).all()


def test_summary_errors(tx):
    with pytest.raises(ValueError, match="unit must be one of"):
        btyd.calibration_summary(tx, "2024-01-29", unit="M")
    with pytest.raises(ValueError, match="holdout_end must be after"):
        btyd.calibration_summary(tx, "2024-01-29", holdout_end="2024-01-01")
    with pytest.raises(btyd.BTYDDataError, match="no purchases on or before"):
        btyd.calibration_summary(tx, "2023-01-01")
    with pytest.raises(ValueError, match="missing column"):
        btyd.calibration_summary(tx.drop(columns="amount"), "2024-01-29")
    with pytest.raises(ValueError, match="calibration_end must be a date"):
        btyd.calibration_summary(tx, "soon")


# ---------------------------------------------------------------------------------------------
# likelihood, gradient, formulas
# ---------------------------------------------------------------------------------------------
def _plain_likelihood(r, alpha, a, b, x, t_x, T):
    """FHL 2005 eq. 6 written with Γ and B directly (no logs), for small x."""
    B = special.beta
    G = special.gamma
    alive = B(a, b + x) / B(a, b) * G(r + x) * alpha ** r / (G(r) * (alpha + T) ** (r + x))
    dead = (B(a + 1, b + x - 1) / B(a, b) * G(r + x) * alpha ** r
            / (G(r) * (alpha + t_x) ** (r + x))) if x > 0 else 0.0
    return alive + dead


@given(st.floats(0.05, 3), st.floats(0.5, 20), st.floats(0.2, 3), st.floats(0.5, 5),
       st.integers(0, 12), st.floats(0, 1), st.floats(1, 60))
def test_loglik_equals_plain_formula(r, alpha, a, b, x, share, T):
    t_x = share * T if x > 0 else 0.0
    got = btyd.bgnbd_loglik((r, alpha, a, b), x, t_x, T)
    assert got == pytest.approx(np.log(_plain_likelihood(r, alpha, a, b, x, t_x, T)), rel=1e-9)


def test_bgnbd_gradient_is_analytic():
    s = btyd.simulate_bgnbd(800, {"r": 0.5, "alpha": 3.0, "a": 0.9, "b": 2.0}, T=(20, 40),
                            seed=3)
    data = btyd._Prepared(*(np.asarray(s[c], float) for c in ("frequency", "recency", "T")))
    x, t_x, T = (s[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    for theta in (np.log([0.3, 4.0, 0.7, 2.0]), np.log([2.0, 1.0, 3.0, 0.6])):
        value = btyd._bgnbd_objective(theta, data)[0]
        assert value == pytest.approx(-btyd.bgnbd_loglik(np.exp(theta), x, t_x, T).mean(),
                                      rel=1e-12)
        err = optimize.check_grad(lambda t: btyd._bgnbd_objective(t, data)[0],
                                  lambda t: btyd._bgnbd_objective(t, data)[1], theta)
        assert err < 1e-5


def test_gamma_gamma_gradient_is_analytic():
    rng = np.random.default_rng(0)
    x = rng.integers(1, 10, 300).astype(float)
    m = rng.gamma(3.0, 10.0, 300)
    data = btyd._SpendData(x, m)
    for theta in (np.log([6.0, 3.7, 15.0]), np.log([1.0, 1.0, 40.0])):
        assert btyd._gg_objective(theta, data)[0] == pytest.approx(
            -btyd.gamma_gamma_loglik(np.exp(theta), x, m).mean(), rel=1e-12)
        err = optimize.check_grad(lambda t: btyd._gg_objective(t, data)[0],
                                  lambda t: btyd._gg_objective(t, data)[1], theta)
        assert err < 1e-5


def _expected_x_by_quadrature(t, r, alpha, a, b):
    """E[X(t)] without eq. 9: E[X | λ, p] = (1 − e^{−λpt})/p, integrated over λ in closed form
    (Gamma mgf) and over p ~ Beta(a, b) numerically."""
    def f(p):
        return (1 - (alpha / (alpha + p * t)) ** r) / p * special.beta(a, b) ** -1 \
            * p ** (a - 1) * (1 - p) ** (b - 1)
    return integrate.quad(f, 0, 1, limit=200)[0]


@pytest.mark.parametrize("t", [0.5, 5.0, 39.0, 78.0])
def test_eq9_against_quadrature(t):
    fit = btyd.BGNBDFit(PAPER)
    assert fit.expected_cumulative(t) == pytest.approx(
        _expected_x_by_quadrature(t, *PAPER.values()), rel=1e-7)


def test_conditional_expectation_zero_history_is_eq9():
    """A customer seen for T → 0 with no repeats is a new customer: eq. 10 → eq. 9."""
    fit = btyd.BGNBDFit(PAPER)
    assert fit.expected_purchases(39.0, 0, 0.0, 1e-9) == pytest.approx(
        fit.expected_cumulative(39.0), rel=1e-6)


@given(st.integers(1, 30), st.floats(0.01, 1), st.floats(1, 80), st.floats(0.1, 40))
def test_p_alive_and_expectation_properties(x, share, T, extra):
    fit = btyd.BGNBDFit(PAPER)
    t_x = share * T
    p = fit.p_alive(x, t_x, T)
    assert 0 < p <= 1
    assert fit.p_alive(x, t_x, T + extra) <= p + 1e-12            # longer silence: less alive
    assert fit.p_alive(x, min(t_x + extra, T), T) >= p - 1e-12    # later last purchase: more
    assert fit.p_alive(0, 0.0, T) == 1.0
    e1 = fit.expected_purchases(10.0, x, t_x, T)
    e2 = fit.expected_purchases(10.0 + extra, x, t_x, T)
    assert 0 <= e1 <= e2


@given(st.integers(0, 40), st.floats(1, 500))
def test_gamma_gamma_spend_is_a_weighted_mean(x, m):
    gg = btyd.GammaGammaFit(PAPER_GG)
    e = gg.expected_spend(x, m if x > 0 else np.nan)
    lo, hi = sorted([gg.population_mean, m if x > 0 else gg.population_mean])
    assert lo - 1e-9 <= e <= hi + 1e-9


def test_customer_value_properties():
    s = pd.DataFrame({"frequency": [0, 1, 5, 20], "recency": [0.0, 5.0, 30.0, 38.0],
                      "T": [38.0, 38.0, 38.0, 38.0], "monetary": [np.nan, 20.0, 35.0, 50.0]})
    s.attrs["unit"] = "W"
    bg, gg = btyd.BGNBDFit(PAPER), btyd.GammaGammaFit(PAPER_GG)
    base = btyd.customer_value(bg, gg, s, 12, 0.10, 0.30)
    assert (base > 0).all()
    assert (btyd.customer_value(bg, gg, s, 24, 0.10, 0.30) > base).all()
    assert (btyd.customer_value(bg, gg, s, 12, 0.30, 0.30) < base).all()
    np.testing.assert_allclose(btyd.customer_value(bg, gg, s, 12, 0.10, 0.60), 2 * base)
    # without discounting the value is margin × spend × E[Y(12 months)]
    undiscounted = btyd.customer_value(bg, gg, s, 12, 0.0, 1.0)
    year = 12 * btyd.DAYS_PER_MONTH / 7
    np.testing.assert_allclose(undiscounted, gg.expected_spend(s) * bg.expected_purchases(year, s))
    for bad, match in [({"horizon_months": 0}, "horizon_months"),
                       ({"discount_rate": 1.5}, "discount_rate"),
                       ({"margin": -0.1}, "margin")]:
        kwargs = {"horizon_months": 12, "discount_rate": 0.1, "margin": 0.3} | bad
        with pytest.raises(ValueError, match=match):
            btyd.customer_value(bg, gg, s, **kwargs)


# ---------------------------------------------------------------------------------------------
# fitting: recovery, errors
# ---------------------------------------------------------------------------------------------
def test_fit_recovers_simulated_parameters():
    true = {"r": 0.8, "alpha": 5.0, "a": 1.2, "b": 3.0}
    s = btyd.simulate_bgnbd(60_000, true, T=(26, 52), seed=7)
    fit = btyd.fit_bgnbd(s)
    for k, v in true.items():
        assert fit.params[k] == pytest.approx(v, rel=0.15), k
    assert fit.loglik == pytest.approx(fit.loglik_of(s))
    # the optimum: no parameter nudge improves the likelihood
    for k in fit.params:
        for step in (0.99, 1.01):
            nudged = btyd.BGNBDFit(fit.params | {k: fit.params[k] * step})
            assert nudged.loglik_of(s) < fit.loglik


def test_gamma_gamma_recovers_simulated_parameters():
    rng = np.random.default_rng(11)
    p, q, v = 4.0, 3.0, 20.0
    n = 40_000
    x = rng.integers(1, 8, n)
    nu = rng.gamma(q, 1 / v, n)
    m = rng.gamma(p * x, 1 / nu) / x           # mean of x Gamma(p, ν) spends
    fit = btyd.fit_gamma_gamma(pd.DataFrame({"frequency": x, "monetary": m}))
    assert fit.params["p"] == pytest.approx(p, rel=0.1)
    assert fit.params["q"] == pytest.approx(q, rel=0.1)
    assert fit.params["v"] == pytest.approx(v, rel=0.15)


def test_fit_errors():
    no_repeat = pd.DataFrame({"frequency": [0, 0], "recency": [0.0, 0.0], "T": [5.0, 9.0],
                              "monetary": [np.nan, np.nan]})
    with pytest.raises(btyd.BTYDDataError, match="only 0 of 2 customers bought again"):
        btyd.fit_bgnbd(no_repeat)
    with pytest.raises(btyd.BTYDDataError, match="only 0 repeat buyer"):
        btyd.fit_gamma_gamma(no_repeat)
    bad = pd.DataFrame({"frequency": [1, -1], "recency": [2.0, 0.0], "T": [5.0, 9.0]})
    with pytest.raises(ValueError, match="frequency must be a whole number"):
        btyd.fit_bgnbd(bad)
    with pytest.raises(ValueError, match="recency must be ≤ T"):
        btyd.fit_bgnbd(pd.DataFrame({"frequency": [1], "recency": [6.0], "T": [5.0]}))
    with pytest.raises(ValueError, match="recency must be 0 when frequency is 0"):
        btyd.fit_bgnbd(pd.DataFrame({"frequency": [0], "recency": [1.0], "T": [5.0]}))
    with pytest.raises(ValueError, match="recency must be ≥ 0"):
        btyd.fit_bgnbd(pd.DataFrame({"frequency": [1], "recency": [-1.0], "T": [5.0]}))
    with pytest.raises(ValueError, match="missing column"):
        btyd.fit_bgnbd(pd.DataFrame({"frequency": [1]}))
    given_for_zero = pd.DataFrame({"frequency": [0, 1, 2], "monetary": [12.0, 5.0, 7.0]},
                                  index=["x", "y", "z"])
    with pytest.raises(ValueError, match="monetary is given .* 'x' with frequency 0"):
        btyd.fit_gamma_gamma(given_for_zero)
    with pytest.raises(ValueError, match="monetary must be > 0 for repeat buyers"):
        btyd.fit_gamma_gamma(pd.DataFrame({"frequency": [1, 2], "monetary": [0.0, 5.0]}))
    with pytest.raises(ValueError, match=r"params\['alpha'\] must be > 0"):
        btyd.BGNBDFit({"r": 1.0, "alpha": -1.0, "a": 1.0, "b": 1.0})


def test_customer_forecast_reasons_and_columns():
    short = _tx([("a", "2024-01-01", 5.0), ("a", "2024-01-20", 6.0)])
    with pytest.raises(btyd.BTYDDataError) as info:
        btyd.customer_forecast(short)
    assert "needs at least 90 days" in info.value.reason
    few = _tx([("a", "2024-01-01", 5.0), ("a", "2024-03-20", 6.0), ("b", "2024-05-01", 1.0)])
    with pytest.raises(btyd.BTYDDataError, match="only 1 customer"):
        btyd.customer_forecast(few)
    f = btyd.customer_forecast(datasets.load_transactions(), datasets.REFERENCE_DATE)
    assert {"p_alive", "expected_purchases_12m", "model_clv"} <= set(f.columns)
    assert f["p_alive"].between(0, 1).all() and (f["expected_purchases_12m"] >= 0).all()
    assert (f["model_clv"] >= 0).all()
    assert len(f) == datasets.load_transactions()["customer_id"].nunique()


# ---------------------------------------------------------------------------------------------
# the classic data: CDNOW 1/10 sample (Fader, Hardie & Lee 2005)
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cdnow():
    try:
        tx = datasets.load_cdnow()
    except datasets.RealDataMissingError as exc:
        pytest.skip(f"CDNOW needs the real-data extra: {exc}")
    return tx, btyd.calibration_summary(tx, CAL_END, holdout_end=HOLD_END)


def test_cdnow_summary_is_the_papers_data(cdnow):
    _, s = cdnow
    assert len(s) == 2357
    assert int((s["frequency"] > 0).sum()) == 946
    assert int(s["frequency"].sum()) == 2457
    assert s["T"].max() == pytest.approx(272 / 7) and s["T"].min() == pytest.approx(27.0)
    assert int(s["frequency_holdout"].sum()) == 1882


def test_cdnow_bgnbd_reproduces_the_paper(cdnow):
    _, s = cdnow
    fit = btyd.fit_bgnbd(s)
    assert {k: round(v, 3) for k, v in fit.params.items()} == PAPER
    assert round(fit.loglik, 1) == -9582.4


def test_cdnow_gamma_gamma_reproduces_the_paper(cdnow):
    _, s = cdnow
    gg = btyd.fit_gamma_gamma(s)
    assert gg.n_customers == 946
    assert {k: round(v, 2) for k, v in gg.params.items()} == PAPER_GG   # the paper's 2 decimals
    assert gg.params["p"] == pytest.approx(6.2496, abs=5e-4)
    assert gg.params["q"] == pytest.approx(3.7442, abs=5e-4)
    assert gg.params["v"] == pytest.approx(15.4435, abs=5e-4)


def test_cdnow_traps_do_not_give_the_papers_data(cdnow):
    """Counting purchase lines instead of days, or whole weeks, changes the data and the fit."""
    tx, s = cdnow
    lines = tx[tx["order_date"] <= CAL_END].groupby("customer_id").size() - 1
    assert int(lines.sum()) != int(s["frequency"].sum())
    whole = s.assign(T=np.floor(s["T"]), recency=np.floor(s["recency"]))
    fit = btyd.fit_bgnbd(whole)
    assert {k: round(v, 3) for k, v in fit.params.items()} != PAPER


def test_cdnow_agrees_with_lifetimes(cdnow):
    lifetimes = pytest.importorskip("lifetimes", reason="lifetimes (real-data extra) not installed")
    _, s = cdnow
    fit, gg = btyd.fit_bgnbd(s), btyd.fit_gamma_gamma(s)
    ref = lifetimes.BetaGeoFitter()
    ref.params_ = pd.Series(fit.params)
    x, t_x, T = (s[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    np.testing.assert_allclose(fit.p_alive(s), ref.conditional_probability_alive(x, t_x, T),
                               rtol=1e-6)
    for t in (1.0, 39.0, 52.0):
        np.testing.assert_allclose(
            fit.expected_purchases(t, s),
            ref.conditional_expected_number_of_purchases_up_to_time(t, x, t_x, T), rtol=1e-6)
    weeks = np.arange(1.0, 79.0)
    np.testing.assert_allclose(fit.expected_cumulative(weeks),
                               ref.expected_number_of_purchases_up_to_time(weeks), rtol=1e-6)
    ref_gg = lifetimes.GammaGammaFitter()
    ref_gg.params_ = pd.Series(gg.params)
    rep = s[s["frequency"] > 0]
    np.testing.assert_allclose(
        gg.expected_spend(rep),
        ref_gg.conditional_expected_average_profit(rep["frequency"], rep["monetary"]),
        rtol=1e-6)


def test_cdnow_tracking_against_eq9_by_customer(cdnow):
    """The tracking curve (per cohort) equals eq. 9 by quadrature summed customer by customer."""
    tx, s = cdnow
    fit = btyd.BGNBDFit(PAPER)
    track = btyd.tracking(tx, fit, "1997-01-01", 78, calibration_end=CAL_END)
    assert track["period_end"].iloc[38] == pd.Timestamp(CAL_END)
    assert track["actual"].iloc[38] == s["frequency"].sum()
    assert track["actual"].iloc[-1] == s["frequency"].sum() + s["frequency_holdout"].sum()
    first = s["first_purchase"]
    for week in (5, 39, 78):
        end = pd.Timestamp("1997-01-01") + pd.Timedelta(days=7 * week - 1)
        ages = ((end - first).dt.days / 7).to_numpy()
        cache = {a: _expected_x_by_quadrature(a, *PAPER.values()) for a in np.unique(ages[ages >= 0])}
        want = sum(cache[a] for a in ages if a >= 0)
        assert track.loc[week, "expected"] == pytest.approx(want, rel=1e-6)


def test_cdnow_conditional_expectations_track_the_holdout(cdnow):
    _, s = cdnow
    table = btyd.conditional_expectation_table(btyd.fit_bgnbd(s), s)
    assert list(table.index) == ["0", "1", "2", "3", "4", "5", "6", "7+"]
    assert table["customers"].sum() == 2357
    assert table["predicted"].is_monotonic_increasing      # more past purchases, more ahead
    # law of total expectation: the conditional forecasts average out to the unconditional
    # increment E[X(T + 39)] − E[X(T)] summed over customers (equal in expectation)
    fit = btyd.fit_bgnbd(s)
    total_pred = (table["predicted"] * table["customers"]).sum()
    unconditional = (fit.expected_cumulative(s["T"] + 39) - fit.expected_cumulative(s["T"])).sum()
    assert total_pred == pytest.approx(unconditional, rel=0.02)


# ---------------------------------------------------------------------------------------------
# comparison helpers, charts and panels
# ---------------------------------------------------------------------------------------------
def test_realised_value_and_deciles():
    tx = _tx([("a", "2024-01-01", 100.0), ("a", "2024-07-01", -20.0), ("b", "2025-01-02", 50.0),
              ("c", "2023-12-31", 70.0)])
    v = btyd.realised_value(tx, "2023-12-31", "2024-12-31", 0.5, 0.0, customers=["a", "b", "c"])
    assert v.to_dict() == {"a": 40.0, "b": 0.0, "c": 0.0}   # net of refunds; window (start, end]
    discounted = btyd.realised_value(tx, "2023-12-31", "2024-12-31", 1.0, 0.10)
    assert discounted["a"] == pytest.approx(100 / 1.1 ** (1 / 365.25) - 20 / 1.1 ** (183 / 365.25))
    pred = pd.Series(np.arange(20.0), index=[f"c{i}" for i in range(20)])
    dec = btyd.value_deciles(pred, pred * 2, groups=4)
    assert dec["customers"].tolist() == [5, 5, 5, 5]
    np.testing.assert_allclose(dec["actual"], 2 * dec["predicted"])
    with pytest.raises(ValueError, match="actual has no value"):
        btyd.value_deciles(pred, pred.iloc[:5])
    with pytest.raises(ValueError, match="groups must be"):
        btyd.value_deciles(pred, pred, groups=1)


def test_buy_again_comparison_uses_the_rule_and_the_model():
    tx = datasets.load_transactions()
    c = btyd.buy_again_comparison(tx, "2023-12-31", "2024-12-31")
    s = btyd.calibration_summary(tx, "2023-12-31", holdout_end="2024-12-31")
    assert len(c) + c.attrs["left_out"] == len(s)
    np.testing.assert_allclose(c["p_alive"], c.attrs["fit"].p_alive(s.loc[c.index]))
    assert (c["bought_again"] == (s.loc[c.index, "frequency_holdout"] > 0)).all()
    from crm_lessons import rfm
    lines = tx[tx["order_date"] <= "2023-12-31"]
    warn = rfm.cycle_warning(rfm.rfm_summary(lines, as_of="2023-12-31", window_days=365)
                             .query("frequency > 0"), "2023-12-31")
    assert (c["cycle_margin"] == warn.loc[c.index, "margin"]).all()


def test_charts_draw(cdnow):
    import matplotlib.pyplot as plt

    from crm_lessons.plotting import btyd as charts

    tx, s = cdnow
    fit = btyd.BGNBDFit(PAPER)
    figs = [charts.tracking_figure(btyd.tracking(tx, fit, "1997-01-01", 78, CAL_END), 39),
            charts.conditional_expectation_figure(btyd.conditional_expectation_table(fit, s)),
            charts.customer_figure(fit, 0, 0.0, 30.0), charts.customer_figure(fit, 3, 10.0, 30.0)]
    comp = btyd.buy_again_comparison(tx, CAL_END, HOLD_END, fit, period_days=273)
    figs += [charts.roc_figure(comp), charts.p_alive_vs_cycle_figure(comp)]
    line_y = figs[0].axes[0].lines[1].get_ydata()
    assert len(line_y) == 78 and line_y[-1] > line_y[0]
    for fig in figs:
        assert fig.axes
        plt.close(fig)


def test_panels_sweep():
    from crm_lessons.widgets import btyd as panels
    from tests.widget_harness import sweep

    fit = btyd.BGNBDFit(PAPER)

    def check(result, values):
        t_x = min(values["recency"], values["T"]) if values["frequency"] > 0 else 0.0
        assert result["recency"] == t_x
        assert result["p_alive"] == pytest.approx(fit.p_alive(values["frequency"], t_x,
                                                              values["T"]))
        assert result["expected_purchases"] == pytest.approx(
            fit.expected_purchases(52.0, values["frequency"], t_x, values["T"]))

    assert sweep(panels.customer_panel(fit), check) >= 9
    s = pd.DataFrame({"frequency": [0, 1, 5], "recency": [0.0, 5.0, 30.0], "T": [38.0] * 3,
                      "monetary": [np.nan, 20.0, 35.0]})
    s.attrs["unit"] = "W"
    gg = btyd.GammaGammaFit(PAPER_GG)

    def check_value(result, values):
        pd.testing.assert_series_equal(result, btyd.customer_value(fit, gg, s, **values))

    assert sweep(panels.value_panel(fit, gg, s), check_value) >= 9


def test_holdout_check_for_reports():
    tx = datasets.load_transactions()
    table = btyd.holdout_check(tx, datasets.REFERENCE_DATE, holdout_months=6)
    assert table.attrs["calibration_end"] == pd.Timestamp("2024-06-30")
    s = btyd.calibration_summary(tx, "2024-06-30", holdout_end=datasets.REFERENCE_DATE)
    assert table["customers"].sum() == len(s)
    assert table.attrs["actual_total"] == s["frequency_holdout"].sum()
    fit = btyd.fit_bgnbd(s)
    assert table.attrs["predicted_total"] == pytest.approx(
        fit.expected_purchases(s["duration_holdout"].iloc[0], s).sum())
    few = _tx([("a", "2024-01-01", 5.0), ("a", "2024-03-20", 6.0), ("a", "2024-12-01", 1.0)])
    with pytest.raises(btyd.BTYDDataError, match="only 1 customer"):
        btyd.holdout_check(few, holdout_months=3, min_history_days=30)
    with pytest.raises(ValueError, match="holdout_months"):
        btyd.holdout_check(tx, holdout_months=0)


def test_slider_figures_move_in_place_like_fresh_ones():
    import matplotlib.pyplot as plt

    from crm_lessons.plotting import btyd as charts

    fit = btyd.BGNBDFit(PAPER)

    def shown(f):
        out = []
        for ax in f.axes:
            out += [np.round(np.asarray(data, float), 9).tolist()
                    for line in ax.lines for data in (line.get_xdata(), line.get_ydata())]
            out += [np.round(ax.get_xlim(), 9).tolist(), np.round(ax.get_ylim(), 9).tolist(),
                    [round(p.get_height(), 9) for p in ax.patches]]
        return out

    fig = charts.customer_figure(fit, 2, 30.0, 38.0)
    for args in ((5, 10.0, 60.0), (0, 0.0, 20.0), (30, 77.0, 78.0)):
        again = charts.customer_figure(fit, *args, fig=fig)
        assert again is fig and shown(again) == shown(charts.customer_figure(fit, *args))
    s = pd.DataFrame({"frequency": [0, 1, 5, 9], "recency": [0.0, 5.0, 30.0, 37.0],
                      "T": [38.0] * 4, "monetary": [np.nan, 20.0, 35.0, 40.0]})
    s.attrs["unit"] = "W"
    gg = btyd.GammaGammaFit(PAPER_GG)
    v1 = btyd.customer_value(fit, gg, s, 12, 0.1, 0.3)
    v2 = btyd.customer_value(fit, gg, s, 60, 0.0, 1.0)
    fig = charts.clv_by_frequency_figure(v1, s["frequency"])
    again = charts.clv_by_frequency_figure(v2, s["frequency"], fig=fig)
    assert again is fig and shown(again) == shown(charts.clv_by_frequency_figure(v2, s["frequency"]))
    plt.close("all")


def test_a_fit_at_the_models_edge_is_refused_not_forecast_as_nan():
    """Issue 16: one repeat day shared by every seventh customer drives the BG/NBD fit to
    a = b = 1 with r, α → ∞, where E[purchases] divides by a − 1; before, the report's customer
    table got ±inf and NaN (model CLV NaN for all 700) and numpy warnings in the page."""
    import warnings

    rows = [(f"C{i:06d}", f"2024-0{1 + i % 9}-{1 + i % 28:02d}", 5.0 + i % 50) for i in range(700)]
    rows += [(f"C{i:06d}", "2024-10-15", 30.0) for i in range(0, 700, 7)]
    tx = pd.DataFrame(rows, columns=["customer_id", "order_date", "amount"])
    tx["order_date"] = pd.to_datetime(tx["order_date"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(btyd.BTYDDataError, match="no finite forecast"):
            btyd.customer_forecast(tx)


def test_forecasts_for_many_customers_equal_the_formula_row_by_row():
    """Issue 16 (scale): above 20,000 customers eq. 10 is evaluated once per distinct
    (x, t_x, T) and in blocks; the numbers must be exactly those of the direct evaluation."""
    fit = btyd.BGNBDFit({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    rng = np.random.default_rng(16)
    n = 250_000
    x = rng.integers(0, 6, n).astype(float)
    T = np.round(rng.uniform(1, 78, n), 1)
    t_x = np.where(x > 0, np.round(T * rng.uniform(0, 1, n), 1), 0.0)
    times = np.arange(13) * 4.35
    direct = fit._expected(times[:, None], x[None], t_x[None], T[None]) + 0.0
    assert np.array_equal(fit.expected_path(times, x, t_x, T), direct)
    assert np.array_equal(fit.expected_purchases(39.0, x, t_x, T),
                          fit._expected(np.asarray(39.0), x, t_x, T) + 0.0)


def test_model_clv_for_many_customers_equals_the_one_by_one_value(monkeypatch):
    """Issue 16 (scale): customer_value computes once per distinct history above 20,000
    customers; switching that off must give the same numbers."""
    rng = np.random.default_rng(3)
    n = 30_000
    x = rng.integers(0, 4, n)
    T = np.round(rng.uniform(5, 78, n))
    summary = pd.DataFrame({"frequency": x, "recency": np.where(x > 0, np.round(T / 2), 0.0),
                            "T": T, "monetary": np.where(x > 0, 20.0 + x, np.nan)})
    summary.attrs["unit"] = "W"
    bg = btyd.BGNBDFit({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    gg = btyd.GammaGammaFit({"p": 6.25, "q": 3.74, "v": 15.44})
    shared = btyd.customer_value(bg, gg, summary, 12, 0.10, 0.30)
    monkeypatch.setattr(btyd, "_DISTINCT_FROM", 10**9)
    assert np.array_equal(shared.to_numpy(), btyd.customer_value(bg, gg, summary, 12, 0.10,
                                                                 0.30).to_numpy())
