"""Charts for chapter 01, relationship marketing and its value (关系营销与价值测定).

Each function takes results of :mod:`crm_lessons.value` (or nothing, for the concept diagrams) and
returns a matplotlib ``Figure``. Labels come from the glossary, so ``setup(lang="zh")`` gives Chinese.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.ticker import MaxNLocator

from .. import value
from ..glossary import term
from . import TEXT_PT, finish, new_axes, spread_labels

#: The markets relationship marketing reaches beyond customers (glossary keys), in lecture order.
MARKETS = ("supplier_market", "internal_market", "competitor_market", "distributor_market",
           "influencer_market", "recruitment_market")
#: Bacon's ladder, lowest rung first (glossary keys).
LADDER = ("ordinary_buyer", "preferred_supplier", "ladder_partner", "strategic_alliance")
#: The relationship marketing cycle, in order (glossary keys).
CYCLE = ("find_customers", "know_customers", "keep_in_touch", "feed_back_improve",
         "check_promises", "satisfy_customers")


def _palette(n: int):
    return sns.color_palette("colorblind", n)


def markets_figure():
    """The customer market at the centre of relationship marketing, with the six other markets.

    A concept diagram (no data): the firm in the middle, the customer market next to it, the
    supplier, internal, competitor, distributor, influencer and recruitment markets around.
    """
    fig, ax = new_axes(figsize=(7.5, 5.2))
    colours = _palette(3)
    centre = np.array([0.0, 0.0])
    angles = np.linspace(90, 90 - 360, len(MARKETS), endpoint=False)
    for key, angle in zip(MARKETS, angles, strict=True):
        xy = 1.65 * np.array([np.cos(np.radians(angle)), np.sin(np.radians(angle))])
        ax.annotate("", xy=centre + 0.55 * (xy / np.linalg.norm(xy)), xytext=xy * 0.78,
                    arrowprops={"arrowstyle": "<->", "color": "0.55", "lw": 1.2})
        ax.text(*xy, textwrap.fill(term(key), 22), ha="center", va="center", fontsize=TEXT_PT,
                bbox={"boxstyle": "round,pad=0.45", "fc": "white", "ec": colours[0], "lw": 1.2})
    ax.text(0, 0.12, term("the_firm"), ha="center", va="center", fontsize=11, weight="bold",
            bbox={"boxstyle": "circle,pad=0.35", "fc": colours[1], "ec": "none", "alpha": 0.35})
    ax.text(0, -0.38, term("customer_market"), ha="center", va="center", fontsize=10,
            weight="bold", bbox={"boxstyle": "round,pad=0.35", "fc": colours[2], "ec": "none",
                                 "alpha": 0.45})
    ax.set_xlim(-2.6, 2.6)
    ax.set_ylim(-2.1, 2.1)
    ax.set_aspect("equal")
    ax.axis("off")
    finish(ax, term("relationship_markets"))
    return fig


def ladder_figure():
    """Bacon's ladder: each rung gives the customer more value and asks more of the firm.

    A stylised staircase of customer value against the firm's investment (no data).
    """
    fig, ax = new_axes(figsize=(7.5, 4.4))
    colours = _palette(len(LADDER))
    for i, key in enumerate(LADDER):
        ax.fill_between([i, i + 1], 0, i + 1, step="pre", color=colours[i], alpha=0.35)
        ax.plot([i, i + 1], [i + 1, i + 1], color=colours[i], lw=2.5)
        ax.text(i + 0.5, i + 1.15, term(key), ha="center", va="bottom", fontsize=TEXT_PT)
    ax.annotate("", xy=(4, 4.9), xytext=(0.2, 0.6),
                arrowprops={"arrowstyle": "->", "color": "0.4", "lw": 1.2, "ls": "--"})
    ax.set_xlim(0, 4.2)
    ax.set_ylim(0, 5.3)
    ax.set_xticks([])
    ax.set_yticks([])
    finish(ax, term("bacon_ladder"), term("firm_investment"), term("relationship_value"),
           stylised=True)
    return fig


def cycle_figure():
    """The relationship marketing cycle: six steps, the last of which starts a new round.

    Find customers → get to know them → keep in touch → feed back and improve → check promises →
    customers feel truly satisfied (开始新一轮营销: a new round begins).
    """
    fig, ax = new_axes(figsize=(8.0, 5.4))
    colours = _palette(len(CYCLE))
    angles = np.radians(np.linspace(90, 90 - 360, len(CYCLE), endpoint=False))
    pts = np.c_[2.3 * np.cos(angles), 1.45 * np.sin(angles)]
    for i, key in enumerate(CYCLE):
        a, b = pts[i], pts[(i + 1) % len(CYCLE)]
        ax.annotate("", xy=a + 0.7 * (b - a), xytext=a + 0.3 * (b - a),
                    arrowprops={"arrowstyle": "-|>", "color": "0.45", "lw": 1.4,
                                "connectionstyle": "arc3,rad=-0.15"})
        ax.text(*pts[i], textwrap.fill(f"{i + 1}. {term(key)}", 22), ha="center", va="center",
                fontsize=TEXT_PT, bbox={"boxstyle": "round,pad=0.4", "fc": colours[i],
                                        "ec": "none", "alpha": 0.3})
    ax.text(0, 0, textwrap.fill(f"6 → 1: {term('new_round')}", 18), ha="center", va="center",
            fontsize=TEXT_PT, color="0.35", style="italic")
    ax.set_xlim(-3.4, 3.4)
    ax.set_ylim(-2.0, 1.95)
    ax.set_aspect("equal")
    ax.axis("off")
    finish(ax, term("implementation_cycle"))
    return fig


def delivered_value_figure(dv: value.DeliveredValue):
    """Two stacked bars, total customer value and total customer cost, split by component;
    the gap between their ends is the delivered value, given with the ratio in the title.

    Every component is labelled: inside its segment when the label fits, otherwise beside the bar
    (above the value bar, below the cost bar) with a line to its segment, spread so no two labels
    overlap (:func:`crm_lessons.plotting.spread_labels`).
    """
    if not isinstance(dv, value.DeliveredValue):
        raise ValueError(f"dv must be a DeliveredValue (from value.delivered_value), got "
                         f"{type(dv).__name__}")
    fig, ax = new_axes(figsize=(7.5, 4.6))
    rows = [(term("total_customer_value"), dv.values, "_value", 1.0),
            (term("total_customer_cost"), dv.costs, "_cost", 0.0)]
    height = 0.42
    segments = []  # (row y, left, amount, label text, colour)
    for _, parts, suffix, y in rows:
        left = 0.0
        colours = _palette(max(len(parts), 4))
        for j, (name, amount) in enumerate(parts.items()):
            try:
                text = term(f"{name}{suffix}")
            except KeyError:
                text = name
            ax.barh(y, amount, left=left, height=height, color=colours[j],
                    alpha=0.85 if y else 0.55, edgecolor="white")
            segments.append((y, left, amount, f"{text}\n{amount:,.0f}"))
            left += amount
    top = max(dv.value, dv.cost)
    ax.annotate("", xy=(dv.value, 0.5), xytext=(dv.cost, 0.5),
                arrowprops={"arrowstyle": "<->", "color": "black", "lw": 1.3})
    ax.text((dv.value + dv.cost) / 2, 0.54, f"{dv.difference:+,.0f}", ha="center", va="bottom",
            fontsize=TEXT_PT + 1, weight="bold")
    ax.set_yticks([1, 0], [textwrap.fill(r[0], 12) for r in rows])
    ax.set_xlim(0, top * 1.1)
    ax.set_ylim(-1.05, 2.05)
    title = (f"{term('cdv_difference')} = {dv.difference:,.0f}\n"
             f"{term('value_ratio')} = {dv.ratio:.2f}")
    finish(ax, title, term("cdv_amount_yuan"), None, yuan_axis="x")
    ax.grid(axis="y", visible=False)
    renderer = fig.canvas.get_renderer()
    to_pixels = ax.transData
    outside: dict[float, list] = {1.0: [], 0.0: []}
    for y, left, amount, text in segments:
        label = ax.text(left + amount / 2, y, text, ha="center", va="center", fontsize=TEXT_PT)
        width = to_pixels.transform((left + amount, y))[0] - to_pixels.transform((left, y))[0]
        if label.get_window_extent(renderer).width <= width - 4:
            continue
        label.remove()
        beside = y + (0.62 if y else -0.62)
        outside[y].append(ax.annotate(
            text, xy=(left + amount / 2, y + (height / 2 if y else -height / 2)),
            xytext=(left + amount / 2, beside), ha="center", va="center", fontsize=TEXT_PT,
            arrowprops={"arrowstyle": "-", "color": "0.45", "lw": 0.8}))
    for labels in outside.values():
        spread_labels(ax, labels)
    return fig


def customer_base_figure(bases: Mapping[str, pd.Series] | pd.Series):
    """Projected customer bases (from value.project_customer_base), one line each, with the
    starting size as a dashed reference; pass a mapping label → Series to compare scenarios."""
    if isinstance(bases, pd.Series):
        bases = {term("projected_base"): bases}
    if not isinstance(bases, Mapping) or not bases:
        raise ValueError(f"bases must be a Series or a non-empty mapping label -> Series, got "
                         f"{bases!r}")
    fig, ax = new_axes(figsize=(7.5, 4.2))
    colours = _palette(len(bases))
    start = None
    highest = max(float(s.max()) for s in bases.values())
    for colour, (label, series) in zip(colours, bases.items(), strict=True):
        ax.plot(series.index, series.to_numpy(), marker="o", ms=3, color=colour, label=label)
        start = series.iloc[0] if start is None else start
        # an end value near the floor is written above its point, so it stays inside the axes
        near_floor = series.iloc[-1] < 0.08 * highest
        ax.annotate(f"{series.iloc[-1]:,.0f}", (series.index[-1], series.iloc[-1]),
                    textcoords="offset points", xytext=(4, 2 if near_floor else 0),
                    va="bottom" if near_floor else "center", fontsize=TEXT_PT, color=colour)
    first = min(float(s.index[0]) for s in bases.values())
    last = max(float(s.index[-1]) for s in bases.values())
    ax.set_xlim(first - 0.02 * (last - first or 1), last + 0.14 * (last - first or 1))  # end labels
    ax.axhline(start, color="0.5", ls="--", lw=1)
    ax.axhline(2 * start, color="0.75", ls=":", lw=1)
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", fontsize=TEXT_PT)
    finish(ax, term("projected_base"), term("year"), term("customers"), yuan_axis="y")
    return fig


def retention_impact_figure(impact: value.RetentionImpact, *, compare: bool = True):
    """Expected profit per customer won in each year of the relationship, before and after the
    uplift; with ``compare=True`` a second panel sets the model's profit change next to
    Reichheld & Sasser's published ones (the slider panel draws only the first, to stay fast)."""
    if not isinstance(impact, value.RetentionImpact):
        raise ValueError(f"impact must be a RetentionImpact (from value.retention_profit_impact), "
                         f"got {type(impact).__name__}")
    if compare:
        fig, (left, right) = new_axes(2, figsize=(11, 4.2))
    else:
        fig, left = new_axes(figsize=(7.5, 3.8))
    c = _palette(3)
    t = impact.base_profile.index
    left.plot(t, impact.base_profile["expected_profit"], color=c[0], marker="o", ms=3,
              label=f"{term('before_uplift')}: {impact.retention:.0%}")
    left.plot(t, impact.uplifted_profile["expected_profit"], color=c[1], marker="o", ms=3,
              label=f"{term('after_uplift')}: {impact.uplifted_retention:.0%}")
    left.fill_between(t, impact.base_profile["expected_profit"],
                      impact.uplifted_profile["expected_profit"], color=c[1], alpha=0.15)
    left.legend(fontsize=TEXT_PT)
    left.xaxis.set_major_locator(MaxNLocator(integer=True))
    left.set_title(term("expected_profit_per_won"))
    left.set_xlabel(term("relationship_year"))
    if not compare:
        finish(left, None)
        return fig
    published = value.REICHHELD_SASSER_1990
    names = [term(k) for k in published.index] + [term("value_model")]
    heights = [*published.to_numpy() * 100, impact.pct_change if np.isfinite(impact.change)
               else 0.0]
    colours = [c[0]] * len(published) + [c[2]]
    right.barh(names[::-1], heights[::-1], color=colours[::-1])
    low, high = value.REICHHELD_SASSER_RANGE
    right.axvspan(low * 100, high * 100, color="0.85", alpha=0.5, zorder=0)
    for y, h in enumerate(heights[::-1]):
        right.text(h + 1, y, f"{h:+.0f}%", va="center", fontsize=TEXT_PT)
    right.set_xlim(0, max(100.0, max(heights) * 1.15))
    # one layout pass for the whole figure (finish runs tight_layout)
    finish(right, f"{term('reichheld_sasser')}:\n{low:.0%}–{high:.0%}",
           f"{term('retention_profit_change')} (%)", None)
    return fig


def impact_curve_figure(curve: pd.Series, *, retention: float | None = None):
    """Profit change of a retention uplift (value.profit_impact_curve) against margin growth,
    with Reichheld & Sasser's published 25 %–85 % range shaded."""
    if not isinstance(curve, pd.Series) or curve.empty:
        raise ValueError(f"curve must be a non-empty Series from value.profit_impact_curve, got "
                         f"{curve!r}")
    fig, ax = new_axes(figsize=(7.5, 4.0))
    low, high = value.REICHHELD_SASSER_RANGE
    ax.axhspan(low * 100, high * 100, color="0.85", alpha=0.6, label=term("reichheld_sasser"))
    label = term("value_model") + (f" ({term('retention_rate')} {retention:.0%})"
                                  if retention is not None else "")
    ax.plot(curve.index * 100, curve.to_numpy() * 100, marker="o", ms=3, label=label)
    ax.set_ylim(0, max(100.0, float(curve.max()) * 110))
    ax.legend(fontsize=TEXT_PT, loc="upper left")
    finish(ax, term("retention_profit_change"), f"{term('tenure_margin_growth')} (%)",
           f"{term('retention_profit_change')} (%)", stylised=True)
    return fig


def profitability_figure(profitability: pd.DataFrame):
    """Cumulative profit when customers are added most-profitable first (the "whale curve").

    The curve rises above total profit and falls back: the customers at the right cost the firm
    money (their profit, after acquisition cost, is negative).
    """
    if not isinstance(profitability, pd.DataFrame) or "profit" not in profitability.columns:
        raise ValueError("profitability must be the frame from value.customer_profitability "
                         "(with a 'profit' column)")
    profit = profitability["profit"].sort_values(ascending=False).to_numpy()
    if profit.size == 0:
        raise ValueError("profitability must hold at least one customer, got 0 rows")
    share = np.arange(1, profit.size + 1) / profit.size * 100
    cum = np.cumsum(profit)
    fig, ax = new_axes(figsize=(7.5, 4.0))
    ax.plot(share, cum)
    peak = int(np.argmax(cum))
    ax.scatter([share[peak]], [cum[peak]], zorder=3, color=_palette(2)[1])
    ax.annotate(f"{share[peak]:.0f}% → {cum[peak]:,.0f}", (share[peak], cum[peak]),
                textcoords="offset points", xytext=(-6, -8), ha="right", va="top",
                fontsize=TEXT_PT)
    low_end = min(0.0, float(cum.min()))
    ax.set_ylim(low_end, float(cum.max()) + 0.12 * (float(cum.max()) - low_end or 1.0))
    ax.axhline(cum[-1], color="0.5", ls="--", lw=1)
    ax.annotate(f"100% → {cum[-1]:,.0f}", (0, cum[-1]), textcoords="offset points",
                xytext=(2, 4), ha="left", fontsize=TEXT_PT, color="0.35")
    finish(ax, term("customer_profitability"), term("customers_ranked"),
           term("cumulative_customer_profit"),
           yuan_axis="y")
    return fig


__all__ = ["markets_figure", "ladder_figure", "cycle_figure", "delivered_value_figure",
           "customer_base_figure", "retention_impact_figure", "impact_curve_figure",
           "profitability_figure", "MARKETS", "LADDER", "CYCLE"]
