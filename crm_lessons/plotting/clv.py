"""Charts for chapter 03: discounting, CLV against the rate, the cohort table, the pyramid.

Every function takes results of :mod:`crm_lessons.clv` (or the inputs it needs), labels through
the glossary (so ``setup(lang="zh")`` gives Chinese) and returns the matplotlib Figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns

from .. import clv
from ..glossary import term
from . import finish, new_axes


def _palette(n: int = 6):
    return sns.color_palette("colorblind", n)


def discounting_figure(schedule: pd.DataFrame):
    """Each year's profit as earned (pale) and as worth today (dark), from ``clv.clv_schedule``."""
    fig, ax = new_axes(figsize=(7.5, 3.8))
    c = _palette()
    years = schedule.index.to_numpy()
    ax.bar(years, schedule["profit"], color=c[0], alpha=0.3, label=term("clv_undiscounted"))
    ax.bar(years, schedule["present_value"], color=c[0], label=term("clv_discounted"))
    ax.set_ylim(min(0.0, float(schedule["profit"].min())) * 1.25,
                max(1.0, float(schedule["profit"].max())) * 1.25)
    ax.legend(loc="upper right", ncol=2, frameon=False)
    ax.set_xticks(years if len(years) <= 20 else years[::5])
    finish(ax, term("clv_single"), term("clv_year_t"), term("clv_value_yuan"), yuan_axis="y")
    return fig


def rate_curve_figure(annual_profit: float, years: int, marks=(0.05, 0.10), max_rate=0.30):
    """CLV of a constant yearly profit against the discount rate, with the marked rates labelled."""
    rates = np.linspace(0.0, max_rate, 61)
    values = annual_profit * np.asarray(clv.annuity_factor(rates, years))
    fig, ax = new_axes(figsize=(7.5, 3.8))
    c = _palette()
    ax.plot(rates * 100, values, color=c[0])
    for k, rate in enumerate(marks):
        v = annual_profit * clv.annuity_factor(rate, years)
        ax.plot([rate * 100], [v], "o", color=c[k + 1])
        ax.annotate(f"{rate:.0%}: {v:,.2f}", (rate * 100, v), textcoords="offset points",
                    xytext=(8, 6), fontsize=9)
    ax.set_ylim(0, None)
    finish(ax, f"{term('clv')}, T = {years}", f"{term('discount_rate')} (%)",
           term("clv_value_yuan"), yuan_axis="y")
    return fig


def ltv_figure(table: pd.DataFrame, title: str | None = None):
    """LTV per acquired customer after each year of an ``ltv_table`` (negative bars in orange)."""
    fig, ax = new_axes(figsize=(6.5, 3.8))
    c = _palette()
    ltv = table.loc["ltv"]
    years = [str(y) for y in ltv.index]
    colours = [c[0] if v >= 0 else c[1] for v in ltv]
    ax.bar(years, ltv.to_numpy(), color=colours)
    ax.axhline(0, color="0.3", lw=0.8)
    for x, v in zip(years, ltv, strict=True):
        ax.annotate(f"{v:,.2f}", (x, v), ha="center", va="bottom" if v >= 0 else "top",
                    xytext=(0, 3 if v >= 0 else -3), textcoords="offset points", fontsize=9)
    span = float(np.ptp(np.append(ltv.to_numpy(), 0.0))) or 1.0
    ax.set_ylim(min(0.0, ltv.min()) - 0.12 * span, max(0.0, ltv.max()) + 0.12 * span)
    finish(ax, title or term("clv_cohort_table"), term("year"), term("clv_per_customer_yuan"))
    return fig


def pyramid_figure(summary: pd.DataFrame):
    """The pyramid as two bar charts: each tier's share of customers and share of profit."""
    fig, axes = new_axes(2, figsize=(9, 3.6), sharey=True)
    c = _palette()
    names = [term(f"pyramid_{t}") if f"pyramid_{t}" in _known() else str(t)
             for t in summary.index]
    y = np.arange(len(names))[::-1]
    for ax, col, key, colour in ((axes[0], "customer_share", "pyramid_customer_share", c[0]),
                                 (axes[1], "value_share", "pyramid_value_share", c[2])):
        vals = summary[col].to_numpy(dtype=float)
        ax.barh(y, vals, color=colour)
        for yy, v in zip(y, vals, strict=True):
            ax.annotate(f"{v:.0%}", (max(v, 0), yy), xytext=(4, 0), textcoords="offset points",
                        va="center", fontsize=9)
        ax.set_xlim(min(0, vals.min()) * 1.1, max(vals.max(), 0) * 1.2 + 0.02)
        ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
        finish(ax, term(key), None, None)
    axes[0].set_yticks(y, names)
    fig.suptitle(term("customer_pyramid"), fontweight="bold")
    fig.tight_layout()
    return fig


def _known():
    from ..glossary import terms

    return terms()


def retention_heatmap(margin: float, retentions, rates, years=None):
    """Retention-based CLV, m·r/(1 + i − r) (or its T-year sum), over retention × discount rate."""
    r = np.asarray(retentions, dtype=float)
    i = np.asarray(rates, dtype=float)
    grid = clv.retention_clv(margin, r[:, None], i[None, :], years=years)
    frame = pd.DataFrame(grid, index=[f"{v:.0%}" for v in r], columns=[f"{v:.0%}" for v in i])
    fig, ax = new_axes(figsize=(7.5, 4.6))
    sns.heatmap(frame.iloc[::-1], annot=True, fmt=",.0f", cmap="viridis", ax=ax,
                cbar_kws={"label": term("clv_value_yuan")}, annot_kws={"fontsize": 8})
    ax.tick_params(axis="y", labelrotation=0)
    finish(ax, f"{term('clv_retention_based')}, m = {margin:,.0f}", term("discount_rate"),
           term("clv_retention"))
    return fig


def retention_curve_figure(margin: float, rate: float, retention: float, years=None):
    """Retention-based CLV against retention at one discount rate, the chosen point marked."""
    r = np.linspace(0.0, 0.98, 99)
    values = clv.retention_clv(margin, r, rate, years=years)
    here = clv.retention_clv(margin, retention, rate, years=years)
    fig, ax = new_axes(figsize=(6.5, 3.6))
    c = _palette()
    ax.plot(r * 100, values, color=c[0])
    ax.plot([retention * 100], [here], "o", color=c[1])
    ax.annotate(f"{here:,.0f}", (retention * 100, here), xytext=(-10, 8),
                textcoords="offset points", ha="right", fontsize=9)
    ax.set_ylim(0, max(float(values.max()), here, 1.0) * 1.1)
    finish(ax, f"{term('clv_retention_based')}, i = {rate:.0%}", f"{term('clv_retention')} (%)",
           term("clv_value_yuan"), yuan_axis="y")
    return fig


def predicted_vs_actual_figure(predicted: pd.DataFrame, actual: pd.DataFrame):
    """LTV by year of two ``ltv_table`` results: the plan made before and what happened."""
    fig, ax = new_axes(figsize=(6.5, 3.6))
    c = _palette()
    for table, key, colour, style in ((predicted, "clv_predicted", c[0], "--o"),
                                      (actual, "clv_actual", c[1], "-o")):
        ltv = table.loc["ltv"]
        ax.plot([str(y) for y in ltv.index], ltv.to_numpy(), style, color=colour,
                label=term(key))
        ax.annotate(f"{ltv.iloc[-1]:,.2f}", (str(ltv.index[-1]), ltv.iloc[-1]), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize=9)
    ax.axhline(0, color="0.3", lw=0.8)
    ax.legend(frameon=False)
    finish(ax, term("clv_cohort_table"), term("year"), term("clv_per_customer_yuan"))
    return fig


def segment_figure(segments: pd.DataFrame, column: str = "net_value"):
    """Average value per customer by segment (a ``clv.segment_ltv`` table), best first."""
    fig, ax = new_axes(figsize=(6.5, 3.4))
    c = _palette()
    vals = segments[column].to_numpy(dtype=float)
    ax.bar([str(s) for s in segments.index], vals,
           color=[c[0] if v >= 0 else c[1] for v in vals])
    ax.axhline(0, color="0.3", lw=0.8)
    finish(ax, term("clv_net_value"), term("clv_segment"), term("clv_value_yuan"), yuan_axis="y")
    return fig


__all__ = ["discounting_figure", "rate_curve_figure", "ltv_figure", "pyramid_figure",
           "retention_heatmap", "retention_curve_figure", "predicted_vs_actual_figure",
           "segment_figure"]
