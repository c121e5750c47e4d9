"""Charts for chapter 05: segmentation depth, Pareto curve, RFM cells, test mailing, churn warning.

Every function takes results of :mod:`crm_lessons.rfm` (or the inputs it needs), labels through
the glossary (so ``setup(lang="zh")`` gives Chinese) and returns the matplotlib Figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.patches import Patch, Rectangle

from .. import rfm
from ..glossary import term
from . import TEXT_PT, finish, new_axes
from .redraw import kept_state


def _palette(n: int = 8):
    return sns.color_palette("colorblind", n)


def segmentation_depth_figure(max_return: float = 100.0, scale: float = 4.0,
                              cost_per_segment: float = 5.0, max_segments: int = 30, fig=None):
    """Stylised gross return, cost and net return against the number of segments; best k marked.

    Pass the figure a previous call returned as ``fig`` to move its curves in place (a faster
    slider redraw).
    """
    k = np.arange(1, max_segments + 1)
    curve = rfm.segmentation_return(k, max_return, scale, cost_per_segment)
    best = rfm.optimal_segments(max_return, scale, cost_per_segment, max_segments=max_segments)
    net_best = rfm.segmentation_return([best], max_return, scale, cost_per_segment)["net"].iloc[0]
    kept = kept_state(fig, "segmentation_depth", max_segments)
    if kept:
        for line, col in zip(kept["lines"], ("gross", "cost", "net"), strict=True):
            line.set_ydata(curve[col])
        _mark_depth(kept, curve, best, net_best, max_return)
        return fig
    fig, ax = new_axes(figsize=(7.5, 3.8))
    c = _palette()
    lines = [ax.plot(k, curve["gross"], color=c[0], label=term("gross_return"))[0],
             ax.plot(k, curve["cost"], color=c[1], ls="--", label=term("segment_cost"))[0],
             ax.plot(k, curve["net"], color=c[2], lw=2.5, label=term("net_return"))[0]]
    kept = {"kind": "segmentation_depth", "key": max_segments, "lines": lines,
            "point": ax.plot([best], [net_best], "o", color=c[2], ms=9)[0],
            "note": ax.annotate("", (best, net_best), textcoords="offset points", xytext=(8, 8),
                                fontsize=TEXT_PT)}
    _mark_depth(kept, curve, best, net_best, max_return)
    ax.set_xlim(0.5, max_segments + 0.5)
    ax.text(0.01, 0.97, term("mass_marketing"), transform=ax.transAxes, fontsize=TEXT_PT, va="top")
    ax.text(0.99, 0.97, term("one_to_one") + " →", transform=ax.transAxes, fontsize=TEXT_PT, va="top",
            ha="right")
    ax.legend(loc="center right", frameon=False, fontsize=TEXT_PT)
    finish(ax, term("market_segmentation"), term("n_segments"), term("marketing_return"),
           stylised=True)
    fig._crm_state = kept
    return fig


def _mark_depth(kept: dict, curve: pd.DataFrame, best: int, net_best: float,
                max_return: float) -> None:
    """The best number of segments (point and note) and the y range of the depth figure."""
    kept["point"].set_data([best], [net_best])
    kept["note"].xy = (best, net_best)
    kept["note"].set_text(f"{term('optimal_depth')}: k = {best}")
    kept["point"].axes.set_ylim(min(0.0, float(curve["net"].min())), max_return * 1.1)


def pareto_figure(concentration: pd.DataFrame, share_of_sales: float = 0.20):
    """Cumulative share of sales against share of customers (best first), with the top group."""
    fig, ax = new_axes(figsize=(6.2, 4.2))
    c = _palette()
    x = np.r_[0.0, concentration["customer_share"].to_numpy()] * 100
    y = np.r_[0.0, concentration["sales_share"].to_numpy()] * 100
    ax.plot(x, y, color=c[0], lw=2, label=term("pareto_curve"))
    ax.plot([0, 100], [0, 100], color="0.6", ls=":", label=term("equality_line"))
    k = int(np.searchsorted(concentration["sales_share"].to_numpy(), share_of_sales - 1e-12)) + 1
    k = min(k, len(concentration))
    xs, ys = x[k], y[k]
    ax.plot([xs, xs, 0], [0, ys, ys], color=c[1], lw=1)
    ax.annotate(f"{term('big_customers')}: {k:,} = {xs:.1f}% → {ys:.1f}%", (xs, ys),
                textcoords="offset points", xytext=(10, -14), fontsize=TEXT_PT, color=c[1])
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 101)
    ax.legend(loc="lower right", frameon=False)
    finish(ax, term("pareto_curve"), f"{term('customer_share')} (%)", f"{term('sales_share')} (%)")
    return fig


def cell_counts_figure(scores: pd.DataFrame):
    """Customers per R × F score combination (summed over M): how the bins fill the grid."""
    bins = int(scores.attrs.get("bins", max(scores["r_score"].max(), scores["f_score"].max())))
    levels = list(range(bins, 0, -1))
    table = (scores.groupby(["r_score", "f_score"]).size().unstack(fill_value=0)
             .reindex(index=levels, columns=levels, fill_value=0))
    fig, ax = new_axes(figsize=(5.8, 4.4))
    # counts are written in the cells (no colour bar: it would cost a second layout pass)
    # counts fit a cell at 10 pt up to 5 × 5; finer grids are read from the colours
    sns.heatmap(table, annot=bins <= 5, fmt=",d", cmap="Blues", cbar=False, ax=ax,
                annot_kws={"fontsize": TEXT_PT})
    cells = term("rfm_cells_count").format(n=f"{bins}³ = {bins ** 3}")
    finish(ax, f"{term('customers')}: {term('r_score')} × {term('f_score')}\n({cells})",
           term("f_score"), term("r_score"))
    return fig


def response_heatmap_figure(table: pd.DataFrame, break_even: float | None = None):
    """Response rate (%) by two scores (``rfm.response_by``); cells at or below break-even hatched."""
    fig, ax = new_axes(figsize=(5.8, 4.4))
    pct = table * 100
    sns.heatmap(pct, annot=True, fmt=".1f", cmap="viridis", ax=ax, annot_kws={"fontsize": TEXT_PT},
                cbar_kws={"label": f"{term('response_rate')} (%)"})
    title = term("response_rate")
    if break_even is not None:
        for i, row in enumerate(table.index):
            for j, col in enumerate(table.columns):
                if not table.loc[row, col] > break_even:
                    ax.add_patch(Rectangle((j, i), 1, 1, fill=False, hatch="///", ec="0.85",
                                           lw=0))
        title += f"\n(/// ≤ {term('break_even_rate')} {break_even:.2%})"
    finish(ax, title, term(table.columns.name), term(table.index.name))
    return fig


def bei_figure(cells: pd.DataFrame, label_top: int = 3):
    """Break-even index of every tested cell, best first; green above 0, orange below."""
    fig, ax = new_axes(figsize=(8.5, 3.8))
    c = _palette()
    bei = cells["bei"].to_numpy()
    x = np.arange(len(bei))
    ax.bar(x, bei, color=[c[2] if v > 0 else c[1] for v in bei], width=0.85)
    ax.axhline(0, color="0.3", lw=0.8)
    top = min(label_top, len(bei))
    if top:  # the best cells named in one line beside the tallest bars (bars are too narrow)
        best = " · ".join(str(cells.index[i]) for i in range(top))
        ax.text(0.04, 0.95, f"{term('best_cells')}: {best}", transform=ax.transAxes, ha="left",
                va="top", fontsize=TEXT_PT + 1)
    ax.set_ylim(min(0.0, float(bei.min())) * 1.1, max(1.0, float(bei.max())) * 1.25)
    ax.set_xticks([])
    n_pos = int((bei > 0).sum())
    finish(ax, term("bei_positive_of").format(bei=term("break_even_index"), n=n_pos,
                                           total=len(bei)),
           term("cells_sorted"), term("break_even_index"))
    return fig


def rollout_figure(plan: pd.DataFrame):
    """Net profit of mailing everyone against mailing only the cells above break-even (ROI noted)."""
    fig, ax = new_axes(figsize=(7.5, 4.2))
    c = _palette()
    names = [term("mail_everyone"), term("mail_profitable")]
    net = plan["net"].to_numpy(dtype=float)
    ax.bar(names, net, color=[c[0], c[2]], width=0.55)
    ax.axhline(0, color="0.3", lw=0.8)
    for i, (v, roi, n) in enumerate(zip(net, plan["roi_pct"], plan["customers"], strict=True)):
        ax.annotate(f"{v:,.0f}\n{term('roi')}\n{roi:,.1f}%\n{n:,} {term('customers')}", (i, v),
                    ha="center", va="bottom" if v >= 0 else "top", fontsize=TEXT_PT,
                    xytext=(0, 3 if v >= 0 else -3), textcoords="offset points")
    lo, hi = min(0.0, net.min()), max(0.0, net.max())
    pad = 0.9 * ((hi - lo) or 1.0)  # four short lines of text above the taller bar
    ax.set_xlim(-0.6, 1.6)
    ax.set_ylim(lo - (pad if lo < 0 else 0), hi + pad)
    finish(ax, term("net_profit_yuan"), None, term("net_profit_yuan"), yuan_axis="y")
    return fig


def segments_figure(segments: pd.Series, monetary: pd.Series | None = None):
    """Customers per named segment (and, with ``monetary``, each segment's share of sales)."""
    keys = list(segments.cat.categories)
    counts = segments.value_counts().reindex(keys, fill_value=0)
    names = [term(f"seg_{k}") if f"seg_{k}" in _known() else str(k) for k in keys]
    y = np.arange(len(keys))[::-1]
    c = _palette()
    ncols = 1 if monetary is None else 2
    fig, axes = new_axes(ncols, figsize=(5.5 * ncols + 1.5, 4.2), sharey=True, squeeze=False)
    ax = axes[0][0]
    share = counts / counts.sum() * 100
    ax.barh(y, share.to_numpy(), color=c[0])
    ax.set_yticks(y, names)
    finish(ax, term("rfm_segment"), f"{term('customers')} (%)", None)
    if monetary is not None:
        sales = monetary.groupby(segments, observed=False).sum().reindex(keys, fill_value=0)
        ax2 = axes[0][1]
        ax2.barh(y, (sales / sales.sum() * 100).to_numpy(), color=c[2])
        finish(ax2, term("monetary"), f"{term('segment_sales_share')} (%)", None)
    fig.tight_layout()
    return fig


def tiers_figure(tiers: pd.Series, values: pd.Series):
    """Each tier's share of customers and of total purchases TM (the 1/4/15/80 % split)."""
    keys = list(tiers.cat.categories)
    n = tiers.value_counts().reindex(keys, fill_value=0)
    tm = values.groupby(tiers, observed=False).sum().reindex(keys, fill_value=0)
    names = [term(f"tier_{k}") if f"tier_{k}" in _known() else str(k) for k in keys]
    x = np.arange(len(keys))
    c = _palette()
    fig, ax = new_axes(figsize=(7, 3.8))
    ax.bar(x - 0.2, n / n.sum() * 100, 0.4, color=c[0], label=term("customers"))
    ax.bar(x + 0.2, tm / tm.sum() * 100, 0.4, color=c[2], label=term("total_purchases"))
    ax.set_xticks(x, names)
    ax.legend(frameon=False, fontsize=TEXT_PT)
    finish(ax, term("customer_tier"), None, f"{term('share')} (%)")
    return fig


def _known():
    from ..glossary import terms

    return terms()


def cycle_warning_figure(warnings: pd.DataFrame, labels: pd.Series | None = None,
                         max_rows: int = 20, fig=None):
    """P − R per account (days), coloured by status, with the warning threshold as a line.

    Shows the ``max_rows`` most overdue accounts (all of them when there are fewer). Pass the
    figure a previous call returned as ``fig`` to recolour it in place when the same accounts
    show the same P − R (a new threshold: a faster slider redraw).
    """
    w = warnings.sort_values("margin", kind="stable").iloc[:max_rows]
    c = _palette()
    colours = {"at risk": c[3], "watch": c[1], "on track": c[2]}
    names = [str(labels.get(i, i)) if labels is not None else str(i) for i in w.index]
    col = [colours[str(s)] for s in w["status"]]
    threshold = warnings.attrs.get("threshold", 0)
    key = (tuple(names), tuple(w["margin"].to_numpy()))
    kept = kept_state(fig, "cycle_warning", key)
    if kept:
        for patch, colour in zip(kept["bars"], col, strict=True):
            patch.set_color(colour)
        kept["points"].set_color(col)
        kept["line"].set_xdata([threshold, threshold])
        ax = kept["line"].axes
        ax.relim()  # the threshold line may now lie beyond the bars: rescale as a fresh figure
        ax.autoscale_view()
        return fig
    fig, ax = new_axes(figsize=(7.5, 0.35 * len(w) + 1.6))
    y = np.arange(len(w))[::-1]
    bars = ax.barh(y, w["margin"].to_numpy(), color=col)
    points = ax.scatter(w["margin"].to_numpy(), y, color=col, s=18, zorder=3)  # P − R = 0 shows
    line = ax.axvline(threshold, color="0.3", lw=1, ls="--")
    ax.set_yticks(y, names)
    handles = [Patch(color=colours[s], label=term("status_" + s.replace(" ", "_")))
               for s in rfm.STATUSES]
    ax.legend(handles=handles, frameon=False, fontsize=TEXT_PT, loc="upper right")
    finish(ax, term("churn_warning"), term("cycle_margin"), None)
    fig._crm_state = {"kind": "cycle_warning", "key": key, "bars": bars, "points": points,
                      "line": line}
    return fig


__all__ = ["segmentation_depth_figure", "pareto_figure", "cell_counts_figure",
           "response_heatmap_figure", "bei_figure", "rollout_figure", "segments_figure",
           "tiers_figure", "cycle_warning_figure"]
