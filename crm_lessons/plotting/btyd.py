"""Charts for chapter 07, buy-till-you-die models (BG/NBD, Gamma-Gamma, per-customer CLV).

Each function takes results of :mod:`crm_lessons.btyd` and returns a matplotlib ``Figure``;
labels come from the glossary, so ``setup(lang="zh")`` gives Chinese.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns

from .. import btyd
from ..glossary import term
from . import TEXT_PT, finish, new_axes
from .redraw import kept_state


def _palette(n: int = 6):
    return sns.color_palette("colorblind", n)


def tracking_figure(track: pd.DataFrame, calibration_periods: int | None = None):
    """Cumulative repeat purchases per week, actual (solid) vs BG/NBD expected (dashed).

    ``track`` is :func:`crm_lessons.btyd.tracking`; a dotted line marks the end of the
    calibration period (week ``calibration_periods``).
    """
    c = _palette()
    fig, ax = new_axes(figsize=(8, 4.2))
    weeks = track.index.to_numpy()
    ax.plot(weeks, track["actual"], color=c[0], lw=2, label=term("actual"))
    ax.plot(weeks, track["expected"], color=c[1], lw=2, ls="--", label=term("model_expected"))
    if calibration_periods is not None:
        ax.axvline(calibration_periods, color="0.4", lw=1, ls=":")
        ax.annotate(term("calibration_end"), (calibration_periods, 0.04),
                    xycoords=("data", "axes fraction"), xytext=(-4, 0),
                    textcoords="offset points", ha="right", fontsize=TEXT_PT, color="0.3")
    ax.set_xlim(weeks[0] - 0.5, weeks[-1] + 0.5)
    ax.set_ylim(0, None)
    ax.legend(frameon=False, loc="upper left")
    finish(ax, term("tracking_plot"), term("week"), term("cum_repeat_purchases"),
           yuan_axis="y")
    return fig


def conditional_expectation_figure(table: pd.DataFrame):
    """Mean holdout purchases by calibration repeat purchases: actual vs BG/NBD prediction.

    ``table`` is :func:`crm_lessons.btyd.conditional_expectation_table`.
    """
    c = _palette()
    fig, ax = new_axes(figsize=(7, 4.2))
    x = np.arange(len(table))
    ax.plot(x, table["actual"], "o-", color=c[0], lw=2, label=term("actual"))
    ax.plot(x, table["predicted"], "s--", color=c[1], lw=2, label=term("model_expected"))
    ax.set_xticks(x, list(table.index))
    ax.legend(frameon=False, loc="upper left")
    finish(ax, term("conditional_expectation"), term("calibration_repeats"),
           term("holdout_purchases_mean"))
    return fig


def roc_figure(comparison: pd.DataFrame, scores=("p_alive", "expected_holdout", "cycle_margin")):
    """ROC curves of scores that rank customers by "will buy again in the holdout".

    ``comparison`` is :func:`crm_lessons.btyd.buy_again_comparison`; the legend gives each
    score's AUC (scikit-learn ``roc_auc_score``; 0.5 = chance, 1 = perfect ranking).
    """
    from sklearn.metrics import roc_auc_score, roc_curve

    names = {"p_alive": term("p_alive"), "expected_holdout": term("expected_purchases"),
             "cycle_margin": term("cycle_rule")}
    c = _palette()
    fig, ax = new_axes(figsize=(5.6, 5.0))
    truth = comparison["bought_again"].to_numpy()
    for i, col in enumerate(scores):
        score = comparison[col].to_numpy(float)
        fpr, tpr, _ = roc_curve(truth, score)
        auc = roc_auc_score(truth, score)
        ax.plot(fpr, tpr, color=c[i], lw=2, label=f"{names.get(col, col)}: AUC {auc:.2f}")
    ax.plot([0, 1], [0, 1], color="0.6", lw=1, ls=":", label=term("chance"))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend(frameon=False, loc="lower right", fontsize=TEXT_PT)
    finish(ax, term("roc_title"), term("false_positive_rate"), term("true_positive_rate"))
    return fig


def p_alive_vs_cycle_figure(comparison: pd.DataFrame, max_points: int = 3000, seed: int = 0):
    """P(alive) against the lecture's P − R for the same customers, coloured by what happened.

    At most ``max_points`` customers are drawn (a seeded sample) so the chart stays readable.
    """
    c = _palette()
    frame = comparison
    if len(frame) > max_points:
        frame = frame.sample(max_points, random_state=seed)
    fig, ax = new_axes(figsize=(7.5, 4.4))
    for flag, colour, key in ((False, c[0], "did_not_buy"), (True, c[1], "bought_again")):
        part = frame[frame["bought_again"] == flag]
        ax.scatter(part["cycle_margin"], part["p_alive"], s=10, alpha=0.45, color=colour,
                   label=term(key), linewidths=0)
    ax.axvline(0, color="0.3", lw=1, ls="--")
    ax.set_ylim(-0.03, 1.03)
    ax.legend(frameon=False, loc="lower right", markerscale=2)
    finish(ax, f"{term('p_alive')} · {term('cycle_rule')}", term("cycle_margin"),
           term("p_alive"))
    return fig


def value_deciles_figure(deciles: pd.DataFrame, cohort_average: float | None = None,
                         currency: str = "yuan"):
    """Mean model CLV and mean realised value per decile of model CLV, with chapter 03's one
    cohort number as a flat line (``deciles`` from :func:`crm_lessons.btyd.value_deciles`)."""
    c = _palette()
    fig, ax = new_axes(figsize=(8, 4.2))
    x = deciles.index.to_numpy()
    w = 0.4
    ax.bar(x - w / 2, deciles["predicted"], width=w, color=c[1], label=term("model_clv"))
    ax.bar(x + w / 2, deciles["actual"], width=w, color=c[0], label=term("realised_value"))
    if cohort_average is not None:
        ax.axhline(cohort_average, color=c[3], lw=2, ls="--", label=term("cohort_average"))
    ax.set_xticks(x)
    ax.legend(frameon=False, loc="upper left")
    finish(ax, None, term("value_decile"), f"{term('value_per_customer')}, {currency}",
           yuan_axis="y")
    return fig


def clv_by_frequency_figure(values: pd.Series, frequency: pd.Series, max_frequency: int = 7,
                            currency: str = "US dollars", fig=None):
    """Mean model CLV per customer by calibration repeat purchases (0 … ``max_frequency``+).

    Pass the figure a previous call returned as ``fig`` to move its bars in place (sliders).
    """
    group = np.minimum(frequency.to_numpy(), max_frequency)
    means = pd.Series(values.to_numpy(float)).groupby(group).mean()
    labels = [str(g) if g < max_frequency else f"{max_frequency}+" for g in means.index]
    top = max(float(means.max()), 1e-9) * 1.08
    state = kept_state(fig, "clv_by_frequency", (tuple(labels), currency))
    if state:
        for patch, h in zip(state["bars"], means.to_numpy(), strict=True):
            patch.set_height(h)
        fig.axes[0].set_ylim(0, top)
        return fig
    fig, ax = new_axes(figsize=(7, 3.8))
    bars = ax.bar(np.arange(len(means)), means.to_numpy(), color=_palette()[2])
    ax.set_xticks(np.arange(len(means)), labels)
    ax.set_ylim(0, top)
    finish(ax, term("clv_by_frequency"), term("calibration_repeats"),
           f"{term('mean_model_clv')}, {currency}")
    fig._crm_state = {"kind": "clv_by_frequency", "key": (tuple(labels), currency), "bars": bars}
    return fig


def customer_figure(fit: btyd.BGNBDFit, frequency: int, recency: float, T: float,
                    weeks_ahead: float = 52.0, fig=None):
    """One customer: P(alive) as her last purchase t_x moves over (0, T] (her t_x marked), and
    her expected purchases over the next weeks (eq. 10).

    Pass the figure a previous call returned as ``fig`` to move its curves in place (sliders).
    """
    t_x = recency if frequency > 0 else 0.0
    if frequency > 0:
        grid = np.linspace(0.0, T, 80)
        alive = fit.p_alive(np.full_like(grid, frequency), grid, np.full_like(grid, T))
    else:
        grid, alive = np.array([0.0, T]), np.array([1.0, 1.0])
    p_now = fit.p_alive(frequency, t_x, T)
    ahead = np.linspace(0.0, weeks_ahead, 60)
    ex = fit.expected_path(ahead, frequency, t_x, T)[:, 0]
    top = max(float(ex.max()), 1e-3) * 1.08
    state = kept_state(fig, "btyd_customer", weeks_ahead)
    if state:
        state["alive"].set_data(grid, alive)
        state["now"].set_data([t_x], [p_now])
        state["ahead"].set_ydata(ex)
        fig.axes[0].set_xlim(0, max(T, 1e-9))
        fig.axes[1].set_ylim(0, top)
        return fig
    c = _palette()
    fig, (left, right) = new_axes(2, figsize=(10, 3.9))
    (alive_line,) = left.plot(grid, alive, color=c[0], lw=2)
    (now,) = left.plot([t_x], [p_now], "o", color=c[3], ms=9)
    left.set_ylim(0, 1.05)
    left.set_xlim(0, max(T, 1e-9))
    finish(left, term("p_alive"), term("last_purchase_tx"), term("p_alive"), layout=False)
    (ahead_line,) = right.plot(ahead, ex, color=c[1], lw=2)
    right.set_xlim(0, weeks_ahead)
    right.set_ylim(0, top)
    finish(right, term("expected_purchases"), term("weeks_ahead"), term("expected_purchases"))
    fig._crm_state = {"kind": "btyd_customer", "key": weeks_ahead, "alive": alive_line,
                      "now": now, "ahead": ahead_line}
    return fig


__all__ = ["tracking_figure", "conditional_expectation_figure", "roc_figure",
           "p_alive_vs_cycle_figure", "value_deciles_figure", "clv_by_frequency_figure",
           "customer_figure"]
