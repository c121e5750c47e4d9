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
from . import TEXT_PT, finish, new_axes
from .redraw import kept_state


def _palette(n: int = 6):
    return sns.color_palette("colorblind", n)


def discounting_figure(schedule: pd.DataFrame, fig=None):
    """Each year's profit as earned (pale) and as worth today (dark), from ``clv.clv_schedule``.

    Pass the figure a previous call returned as ``fig`` to redraw it in place (slider panels).
    """
    years = schedule.index.to_numpy()
    low = min(0.0, float(schedule["profit"].min())) * 1.25
    high = max(1.0, float(schedule["profit"].max())) * 1.25
    if kept_state(fig, "discounting", len(years)):
        ax = fig.axes[0]
        for bars, col in zip(fig._crm_state["bars"], ("profit", "present_value"), strict=True):
            for patch, h in zip(bars, schedule[col], strict=True):
                patch.set_height(h)
        ax.set_ylim(low, high)
        return fig
    fig, ax = new_axes(figsize=(7.5, 3.8))
    c = _palette()
    pale = ax.bar(years, schedule["profit"], color=c[0], alpha=0.3,
                  label=term("clv_undiscounted"))
    dark = ax.bar(years, schedule["present_value"], color=c[0], label=term("clv_discounted"))
    ax.set_ylim(low, high)
    ax.legend(loc="upper right", ncol=2, frameon=False)
    ax.set_xticks(years if len(years) <= 10 else [1, *range(5, len(years) + 1, 5)])
    finish(ax, term("clv_single"), term("clv_year_t"), term("clv_value_yuan"), yuan_axis="y")
    fig._crm_state = {"kind": "discounting", "key": len(years), "bars": (pale, dark)}
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
                    xytext=(8, 6), fontsize=TEXT_PT)
    ax.set_ylim(0, None)
    finish(ax, f"{term('clv')}, T = {years}", f"{term('discount_rate')} (%)",
           term("clv_value_yuan"), yuan_axis="y")
    return fig


def _per_customer_label(table: pd.DataFrame, currency: str | None) -> str:
    """The money axis in the table's own currency: ``attrs["currency"]`` (``clv.example_table``
    sets it: Hughes is in US dollars), else yuan."""
    currency = currency or table.attrs.get("currency", "yuan")
    if currency not in ("yuan", "usd"):
        raise ValueError(f"currency must be 'yuan' or 'usd', got {currency!r}")
    return term(f"clv_per_customer_{currency}")


def ltv_figure(table: pd.DataFrame, title: str | None = None, fig=None, *,
               currency: str | None = None):
    """LTV per acquired customer after each year of an ``ltv_table`` (negative bars in orange).

    The y axis is labelled in the example's currency (``table.attrs["currency"]`` or
    ``currency``: "yuan" or "usd"). Pass the figure a previous call returned as ``fig`` to redraw
    it in place (slider panels).
    """
    ylabel = _per_customer_label(table, currency)
    c = _palette()
    ltv = table.loc["ltv"]
    values = ltv.to_numpy(dtype=float)
    colours = [c[0] if v >= 0 else c[1] for v in values]
    span = float(np.ptp(np.append(values, 0.0))) or 1.0
    low, high = min(0.0, values.min()) - 0.15 * span, max(0.0, values.max()) + 0.15 * span
    if kept_state(fig, "ltv", len(values)):
        ax = fig.axes[0]
        for patch, note, v, colour in zip(fig._crm_state["bars"], fig._crm_state["notes"], values,
                                          colours, strict=True):
            patch.set_height(v)
            patch.set_color(colour)
            note.xy = (note.xy[0], v)
            note.set_text(f"{v:,.2f}")
            note.set_va("bottom" if v >= 0 else "top")
            note.set_position((0, 3 if v >= 0 else -3))
        ax.set_ylim(low, high)
        return fig
    fig, ax = new_axes(figsize=(6.5, 3.8))
    years = np.arange(len(values))
    bars = ax.bar(years, values, color=colours)
    ax.set_xticks(years, [str(y) for y in ltv.index])
    ax.axhline(0, color="0.3", lw=0.8)
    notes = [ax.annotate(f"{v:,.2f}", (x, v), ha="center", va="bottom" if v >= 0 else "top",
                         xytext=(0, 3 if v >= 0 else -3), textcoords="offset points", fontsize=TEXT_PT)
             for x, v in zip(years, values, strict=True)]
    ax.set_ylim(low, high)
    finish(ax, title or term("clv_cohort_table"), term("year"), ylabel)
    fig._crm_state = {"kind": "ltv", "key": len(values), "bars": bars, "notes": notes}
    return fig


def _bands(customer_share) -> list[np.ndarray]:
    """Corner points of each tier's band in a triangle whose band areas equal the shares.

    The apex is at height 1 and the base (half-width 1) at 0; the top c of the area lies above
    height 1 − sqrt(c), so a tier holding 1 % of customers is a small cap and 80 % a wide base.
    """
    cum = np.concatenate([[0.0], np.cumsum(np.clip(customer_share, 0, None))])
    cum = cum / cum[-1] if cum[-1] > 0 else cum
    heights = 1.0 - np.sqrt(cum)
    return [np.array([[-(1 - lo), lo], [1 - lo, lo], [1 - hi, hi], [-(1 - hi), hi]])
            for hi, lo in zip(heights[:-1], heights[1:], strict=True)]


def pyramid_figure(summary: pd.DataFrame, fig=None):
    """The customer pyramid drawn to scale (band area = share of customers) beside each tier's
    share of profit. Takes a ``clv.pyramid_summary`` table.

    Pass the figure a previous call returned as ``fig`` to redraw it in place (slider panels).
    """
    cust = summary["customer_share"].to_numpy(dtype=float)
    vals = summary["value_share"].to_numpy(dtype=float)
    bands = _bands(cust)
    if kept_state(fig, "pyramid", len(summary)):
        state = fig._crm_state
        for poly, label, corners, share in zip(state["bands"], state["labels"], bands, cust,
                                               strict=True):
            poly.set_xy(corners)
            mid = corners[:, 1].mean()
            label.set_position((1.08 - mid, mid))
            label.set_text(f"{share:.0%}")
        for patch, note, v in zip(state["bars"], state["notes"], vals, strict=True):
            patch.set_width(v)
            note.xy = (max(v, 0), note.xy[1])
            note.set_text(f"{v:.0%}")
        fig.axes[1].set_xlim(min(0, vals.min()) * 1.1, max(vals.max(), 0) * 1.25 + 0.02)
        return fig
    from matplotlib.patches import Polygon

    fig, (left, right) = new_axes(2, figsize=(9, 3.8), gridspec_kw={"width_ratios": [1.1, 1]})
    c = _palette(len(summary))
    names = [term(f"pyramid_{t}") if f"pyramid_{t}" in _known() else str(t)
             for t in summary.index]
    polys, labels = [], []
    for corners, share, colour in zip(bands, cust, c, strict=True):
        poly = Polygon(corners, closed=True, facecolor=colour, edgecolor="white", lw=1.5)
        left.add_patch(poly)
        polys.append(poly)
        mid = corners[:, 1].mean()
        labels.append(left.text(1.08 - mid, mid, f"{share:.0%}", va="center", fontsize=TEXT_PT))
    left.set_xlim(-1.05, 1.35)
    left.set_ylim(-0.02, 1.02)
    left.set_axis_off()
    left.legend(polys, names, loc="upper left", frameon=False, fontsize=TEXT_PT)
    left.set_title(term("pyramid_customer_share"))
    y = np.arange(len(names))[::-1]
    bars = right.barh(y, vals, color=c)
    notes = [right.annotate(f"{v:.0%}", (max(v, 0), yy), xytext=(4, 0), va="center",
                            textcoords="offset points", fontsize=TEXT_PT)
             for yy, v in zip(y, vals, strict=True)]
    right.set_yticks(y, names)
    right.set_xlim(min(0, vals.min()) * 1.1, max(vals.max(), 0) * 1.25 + 0.02)
    right.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    finish(right, term("pyramid_value_share"), None, None)
    fig.suptitle(term("customer_pyramid"), fontweight="bold")
    fig.tight_layout()
    fig._crm_state = {"kind": "pyramid", "key": len(summary), "bands": polys, "labels": labels,
                      "bars": bars, "notes": notes}
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
                cbar_kws={"label": term("clv_value_yuan")}, annot_kws={"fontsize": TEXT_PT})
    ax.tick_params(axis="y", labelrotation=0)
    finish(ax, f"{term('clv_retention_based')}, m = {margin:,.0f}", term("discount_rate"),
           term("clv_retention"))
    return fig


def retention_curve_figure(margin: float, rate: float, retention: float, years=None, fig=None):
    """Retention-based CLV against retention at one discount rate, the chosen point marked.

    Pass the figure a previous call returned as ``fig`` to redraw it in place (slider panels).
    """
    r = np.linspace(0.0, 0.98, 99)
    values = clv.retention_clv(margin, r, rate, years=years)
    here = clv.retention_clv(margin, retention, rate, years=years)
    top = max(float(values.max()), here, 1.0) * 1.1
    title = f"{term('clv_retention_based')}, i = {rate:.0%}"
    if kept_state(fig, "retention_curve"):
        ax = fig.axes[0]
        line, point, note = fig._crm_state["artists"]
        line.set_ydata(values)
        point.set_data([retention * 100], [here])
        note.xy = (retention * 100, here)
        note.set_text(f"{here:,.0f}")
        ax.set_ylim(0, top)
        ax.set_title(title)
        return fig
    fig, ax = new_axes(figsize=(6.5, 3.6))
    c = _palette()
    (line,) = ax.plot(r * 100, values, color=c[0])
    (point,) = ax.plot([retention * 100], [here], "o", color=c[1])
    note = ax.annotate(f"{here:,.0f}", (retention * 100, here), xytext=(-10, 8),
                       textcoords="offset points", ha="right", fontsize=TEXT_PT)
    ax.set_ylim(0, top)
    finish(ax, title, f"{term('clv_retention')} (%)", term("clv_value_yuan"), yuan_axis="y")
    fig._crm_state = {"kind": "retention_curve", "key": None, "artists": (line, point, note)}
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
                    textcoords="offset points", va="center", fontsize=TEXT_PT)
    ax.axhline(0, color="0.3", lw=0.8)
    ax.set_xlim(-0.3, len(predicted.loc["ltv"]) - 0.35)  # room for the end values
    ax.legend(frameon=False)
    finish(ax, term("clv_cohort_table"), term("year"),
           _per_customer_label(actual, None))
    return fig


def segment_figure(segments: pd.DataFrame, column: str = "net_value", prefix: str = "channel_"):
    """Average value per customer by segment (a ``clv.segment_ltv`` table), best at the top.

    Segment names are translated when the glossary has ``prefix + name`` (e.g. the datasets'
    ``channel_referral``); other names are shown as they are.
    """
    vals = segments[column].to_numpy(dtype=float)
    fig, ax = new_axes(figsize=(6.5, 0.45 * len(vals) + 1.4))
    c = _palette()
    y = np.arange(len(vals))[::-1]
    ax.barh(y, vals, color=[c[0] if v >= 0 else c[1] for v in vals])
    known = _known()
    ax.set_yticks(y, [term(f"{prefix}{s}") if f"{prefix}{s}" in known else str(s)
                      for s in segments.index])
    ax.axvline(0, color="0.3", lw=0.8)
    for yy, v in zip(y, vals, strict=True):
        ax.annotate(f"{v:,.0f}", (v, yy), xytext=(4 if v >= 0 else -4, 0), va="center",
                    ha="left" if v >= 0 else "right", textcoords="offset points", fontsize=TEXT_PT)
    ax.set_xlim(min(0.0, vals.min()) * 1.15, max(0.0, vals.max()) * 1.15 + 1e-9)
    finish(ax, term("clv_net_value"), term("clv_value_yuan"), term("clv_segment"),
           yuan_axis="x")
    return fig


__all__ = ["discounting_figure", "rate_curve_figure", "ltv_figure", "pyramid_figure",
           "retention_heatmap", "retention_curve_figure", "predicted_vs_actual_figure",
           "segment_figure"]
