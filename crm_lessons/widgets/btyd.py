"""Slider panels for chapter 07: one customer's (x, t_x, T) → P(alive) and expected purchases;
horizon, discount rate and margin → per-customer model CLV.

Each panel computes with :mod:`crm_lessons.btyd`, shows one bold line and one figure, and returns
the computed result (tests read ``panel.result``). The fitted models are arguments, so the
notebook decides which data are shown.
"""

from __future__ import annotations

import pandas as pd

from .. import btyd
from ..glossary import phrase, term
from ..plotting import btyd as charts
from . import headline, int_slider, panel, show, slider


def customer_panel(fit: btyd.BGNBDFit, frequency: int = 2, recency: float = 30.43,
                   T: float = 38.86, weeks_ahead: float = 52.0):
    """One customer: move her repeat purchases x, last purchase t_x and age T (weeks) → P(alive)
    and her expected purchases in the next year.

    Returns P(alive) and the expected purchases in the next ``weeks_ahead`` weeks in a dict.
    t_x is capped at T (a last purchase cannot lie in the future) and is 0 when x = 0.
    """

    state = {"fig": None}

    def update(frequency=frequency, recency=recency, T=T):
        t_x = min(recency, T) if frequency > 0 else 0.0
        p = fit.p_alive(frequency, t_x, T)
        e = fit.expected_purchases(weeks_ahead, frequency, t_x, T)
        headline(f"x = {frequency}, t_x = {t_x:.1f}, T = {T:.1f} → {term('p_alive')} = {p:.2f}; "
                 f"{term('expected_purchases')} ({weeks_ahead:.0f} {term('week')}) = {e:.2f}")
        state["fig"] = charts.customer_figure(fit, frequency, t_x, T, weeks_ahead,
                                              fig=state["fig"])
        show(state["fig"])
        return {"p_alive": p, "expected_purchases": e, "recency": t_x}

    return panel(update,
                 frequency=int_slider(frequency, 0, 30, term("repeat_purchases_x")),
                 recency=slider(recency, 0.0, 78.0, 0.5, term("last_purchase_tx"), ".1f"),
                 T=slider(T, 1.0, 78.0, 0.5, term("age_T"), ".1f"))


def value_panel(fit: btyd.BGNBDFit, gg: btyd.GammaGammaFit, summary: pd.DataFrame,
                horizon_months: int = 12, discount_rate: float = 0.10, margin: float = 0.30,
                currency: str | None = None):
    """Per-customer model CLV: move the horizon, the discount rate and the margin.

    Horizon in months, yearly discount rate and margin as fractions →
    :func:`crm_lessons.btyd.customer_value` for every customer of ``summary``; returns the Series.
    """

    state = {"fig": None}
    # CDNOW is in US dollars; a word, not "$": two dollar signs in one line of HTML are
    # typeset as an equation by the front end's MathJax
    currency = term("usd") if currency is None else currency

    def update(horizon_months=horizon_months, discount_rate=discount_rate, margin=margin):
        values = btyd.customer_value(fit, gg, summary, horizon_months, discount_rate, margin)
        headline(phrase("hl_model_clv", n=len(values), total=values.sum(), mean=values.mean(),
                        currency=currency))
        state["fig"] = charts.clv_by_frequency_figure(values, summary["frequency"],
                                                      currency=currency, fig=state["fig"])
        show(state["fig"])
        return values

    return panel(update,
                 horizon_months=int_slider(horizon_months, 1, 60, term("horizon_months")),
                 discount_rate=slider(discount_rate, 0.0, 0.30, 0.01, term("discount_rate"),
                                      ".2f"),
                 margin=slider(margin, 0.05, 1.0, 0.05, term("margin"), ".2f"))


def _classroom_cdnow_fit() -> dict:
    return {"fit": btyd.BGNBDFit({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})}


def _classroom_cdnow_value() -> dict:
    from .. import datasets

    summary = btyd.calibration_summary(datasets.load_cdnow(), "1997-09-30")
    return {"fit": btyd.fit_bgnbd(summary), "gg": btyd.fit_gamma_gamma(summary),
            "summary": summary}


#: Keyword arguments for the panels in classroom mode (``crm-lessons present 07``), as in the
#: chapter notebook: the BG/NBD with the published CDNOW parameters, and the models fitted to the
#: CDNOW sample's calibration period (needs the real-data extra).
CLASSROOM_ARGS = {"customer_panel": _classroom_cdnow_fit, "value_panel": _classroom_cdnow_value}

__all__ = ["customer_panel", "value_panel", "CLASSROOM_ARGS"]
