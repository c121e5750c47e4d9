"""Charts for chapter 04: expectation gaps, satisfaction–loyalty curves, the trap, priorities.

Every function returns a matplotlib ``Figure``; labels come from the glossary, so
``crm.setup(lang="zh")`` gives Chinese. Curves from :func:`crm_lessons.satisfaction.loyalty_curve`
are stylised models and are marked as such on the chart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.patches import FancyArrowPatch

from .. import satisfaction
from ..glossary import term
from . import TEXT_PT, finish, new_axes
from .redraw import kept_state

_GRID = np.linspace(1, 5, 161)
_ZONE_SHADES = ("#d55e00", "#999999", "#009e73")
#: Darker versions of the zone colours for the zone names (readable on the pale shading).
_ZONE_TEXT = ("#9a3f00", "#4d4d4d", "#00664b")


def _colours(n: int):
    return sns.color_palette("colorblind", n)


def _state_colours() -> dict[str, tuple]:
    pal = _colours(4)
    return {"dissatisfied": pal[3], "satisfied": pal[0], "delighted": pal[2]}


def _shade_zones(ax, labels: bool = True) -> None:
    edges = satisfaction.ZONE_EDGES
    for (lo, hi), zone, colour, ink in zip(zip(edges[:-1], edges[1:], strict=True),
                                           satisfaction.ZONES, _ZONE_SHADES, _ZONE_TEXT,
                                           strict=True):
        ax.axvspan(lo, hi, color=colour, alpha=0.08, lw=0)
        if labels:
            ax.text((lo + hi) / 2, 1.075, term(f"zone_{zone}"), ha="center", va="center",
                    fontsize=TEXT_PT, color=ink, fontweight="bold")


def _score_axis(ax) -> None:
    ax.set_xlim(1, 5)
    ax.set_xticks(satisfaction.SCORES)
    ax.set_ylim(0, 1.13)
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")


def expectation_figure(survey: pd.DataFrame, tolerance: float = 0, fig=None):
    """Respondents by expectation (x) and perceived performance (y), coloured by Kotler's state.

    Points on the dashed diagonal met expectations exactly; the grey band is ± ``tolerance``
    points, the zone customers still call "as expected". The legend counts each state. Pass the
    figure a previous call returned for the same survey as ``fig`` to recolour it in place (a
    faster slider redraw).
    """
    clean = survey[["expectation", "performance"]].astype(float)
    state = satisfaction.satisfaction_state(clean["performance"], clean["expectation"], tolerance)
    kept = kept_state(fig, "expectation", id(survey))  # the same survey object (kept below)
    if kept:
        _place_states(kept, clean, state, tolerance)
        return fig
    fig, ax = new_axes(figsize=(6.0, 4.9))
    colours = _state_colours()
    points = {name: ax.scatter([], [], s=10, color=colours[name], alpha=0.55, lw=0,
                               label=term(name)) for name in satisfaction.STATES}
    lo = float(np.floor(min(clean.min().min(), 1)))
    hi = float(np.ceil(max(clean.max().max(), 10)))
    line = np.array([lo - 0.3, hi + 0.3])
    ax.plot(line, line, color="0.3", lw=1, ls="--")
    ax.set_xlim(*line)
    ax.set_ylim(*line)
    ax.set_aspect("equal")
    legend = ax.legend(title=term("satisfaction_state"), loc="upper left", fontsize=TEXT_PT,
                       title_fontsize=TEXT_PT, markerscale=2, frameon=True)
    legend.get_frame().set_alpha(0.9)
    fig._crm_state = {"kind": "expectation", "key": id(survey), "survey": survey, "points": points, "line": line,
                      "legend": legend, "band": None}
    _place_states(fig._crm_state, clean, state, tolerance)
    finish(ax, term("performance_expectation_table"), term("expectation"), term("performance"))
    return fig


def _place_states(kept: dict, clean: pd.DataFrame, state: pd.Series, tolerance: float) -> None:
    """Move each respondent to the scatter of its state; legend counts; the tolerance band."""
    for (name, points), text in zip(kept["points"].items(), kept["legend"].get_texts(),
                                    strict=True):
        part = clean[state == name]
        points.set_offsets(part[["expectation", "performance"]].to_numpy())
        text.set_text(f"{term(name)} ({len(part):,})")
    if kept["band"] is not None:
        kept["band"].remove()
        kept["band"] = None
    if tolerance > 0:
        line = kept["line"]
        ax = next(iter(kept["points"].values())).axes
        kept["band"] = ax.fill_between(line, line - tolerance, line + tolerance, color="0.5",
                                       alpha=0.15, lw=0, zorder=0)


def loyalty_curves_figure(markets=("highly_competitive", "less_competitive"), *,
                          zones: bool = True, mark_scores: bool = True):
    """The stylised satisfaction–loyalty curves for the chosen markets, with Heskett's zones."""
    fig, ax = new_axes(figsize=(6.8, 4.3))
    if zones:
        _shade_zones(ax)
    for market, colour in zip(markets, _colours(len(markets)), strict=True):
        ax.plot(_GRID, satisfaction.loyalty_curve(_GRID, market), color=colour, lw=2.4,
                label=term(f"market_{market}"))
        if mark_scores:
            scores = np.asarray(satisfaction.SCORES, dtype=float)
            ax.plot(scores, satisfaction.loyalty_curve(scores, market), "o", color=colour, ms=5)
    _score_axis(ax)
    ax.legend(loc="center left", fontsize=TEXT_PT)
    finish(ax, term("satisfaction_loyalty"), term("satisfaction_score"), term("loyalty_share"),
           stylised=True)
    return fig


def competition_figure(intensity: float):
    """The two industry curves (faint) and the blend for a competition ``intensity`` (bold).

    The loyalty of 4s and 5s on the blend is marked, with the 5-vs-4 ratio.
    """
    high = satisfaction.loyalty_curve(_GRID, "highly_competitive")
    low = satisfaction.loyalty_curve(_GRID, "less_competitive")
    mix = satisfaction.loyalty_under_competition(_GRID, intensity)
    pal = _colours(3)
    fig, ax = new_axes(figsize=(6.8, 4.3))
    _shade_zones(ax)
    ax.plot(_GRID, high, color=pal[0], lw=1.2, alpha=0.5, ls="--",
            label=term("market_highly_competitive"))
    ax.plot(_GRID, low, color=pal[1], lw=1.2, alpha=0.5, ls="--",
            label=term("market_less_competitive"))
    ax.plot(_GRID, mix, color=pal[2], lw=2.8,
            label=f"{term('blended_market')} ({term('competition_intensity')} {intensity:.2f})")
    l4, l5 = (satisfaction.loyalty_under_competition(s, intensity) for s in (4, 5))
    ax.plot([4, 5], [l4, l5], "o", color=pal[2], ms=7)
    # both labels sit above and to the left of their point: the rising curve stays below them
    ax.annotate(f"{l4:.0%}", (4, l4), textcoords="offset points", xytext=(-8, 6), ha="right",
                va="bottom", fontsize=TEXT_PT + 1)
    ax.annotate(f"{l5:.0%}  (×{l5 / l4:.2f})", (5, l5), textcoords="offset points",
                xytext=(-10, 6), ha="right", va="bottom", fontsize=TEXT_PT + 1,
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85})
    _score_axis(ax)
    # low in the middle of the chart, clear of the curves' steep ends and the zone names
    ax.legend(loc="lower left", bbox_to_anchor=(0.06, 0.07), fontsize=TEXT_PT)
    finish(ax, term("satisfaction_loyalty"), term("satisfaction_score"), term("loyalty_share"),
           stylised=True)
    return fig


def expectation_curves_figure(basic: float | None = None, latent: float | None = None):
    """Loyalty from meeting basic vs latent expectations (stylised), with optional markers.

    ``basic`` and ``latent`` (1–5) mark how far each kind of expectation is met; the dotted line is
    the ceiling basic expectations can never pass.
    """
    pal = _colours(2)
    fig, ax = new_axes(figsize=(6.8, 4.3))
    levels = satisfaction.expectation_loyalty(5, 5)
    for market, colour, point in (("basic_expectation", pal[0], basic),
                                  ("latent_expectation", pal[1], latent)):
        ax.plot(_GRID, satisfaction.loyalty_curve(_GRID, market), color=colour, lw=2.4,
                label=term(f"market_{market}"))
        if point is not None:
            value = satisfaction.loyalty_curve(point, market)
            ax.plot([point], [value], "o", color=colour, ms=8)
            left_edge = point < 1.5  # near the left edge the label goes right of its point
            ax.annotate(f"{value:.0%}", (point, value), textcoords="offset points",
                        xytext=(6 if left_edge else -6, 8), ha="left" if left_edge else "right",
                        color=colour, fontweight="bold")
    ax.axhline(levels["basic_ceiling"], color=pal[0], ls=":", lw=1.2)
    ax.text(1.05, levels["basic_ceiling"] + 0.015,
            f"{term('basic_expectation')} · {term('loyalty_ceiling')} "
            f"{levels['basic_ceiling']:.0%}", color=pal[0], fontsize=TEXT_PT)
    _score_axis(ax)
    ax.set_xlabel(term("fulfilment_level"))
    ax.legend(loc="upper left", bbox_to_anchor=(0, 0.9), fontsize=TEXT_PT)
    finish(ax, term("satisfaction_trap"), term("fulfilment_level"), term("loyalty_share"),
           stylised=True)
    return fig


def repurchase_figure(table: pd.DataFrame, trap: pd.Series | None = None):
    """Repurchase rate by satisfaction score (bars) with 95 % Wilson intervals (data, not a model).

    ``table`` is :func:`crm_lessons.satisfaction.repurchase_by_score`; with ``trap``
    (:func:`~crm_lessons.satisfaction.trap_summary`) the 5-vs-4 ratio is written on the chart.
    """
    fig, ax = new_axes(figsize=(6.8, 4.3))
    scores = table.index.to_numpy()
    rate = table["repurchase_rate"].to_numpy(dtype=float)
    err = np.vstack([rate - table["ci_low"].to_numpy(dtype=float),
                     table["ci_high"].to_numpy(dtype=float) - rate])
    colours = [_ZONE_SHADES[["defection", "indifference", "affection"].index(z)]
               for z in satisfaction.loyalty_zone(scores.astype(float))]
    ax.bar(scores, np.nan_to_num(rate), color=colours, alpha=0.8, width=0.65)
    ax.errorbar(scores, rate, yerr=err, fmt="none", ecolor="0.25", capsize=4, lw=1,
                label=term("confidence_interval"))
    for s, r, n in zip(scores, rate, table["customers"], strict=True):
        if n:
            ax.text(s - 0.3, r + 0.02, f"{r:.0%}", ha="left", fontsize=TEXT_PT)
    if trap is not None:
        ax.text(0.02, 0.95, f"{term('ratio_5_vs_4')}: ×{trap['ratio_5_vs_4']:.2f}\n"
                f"{term('defect_share_4')}: {trap['defect_share_4']:.0%}",
                transform=ax.transAxes, va="top", fontsize=TEXT_PT,
                bbox={"boxstyle": "round", "fc": "white", "ec": "0.8"})
    # each score's group size under its tick, where no bar or rate label can cover it
    counts = dict(zip(scores, table["customers"], strict=True))
    ax.set_xticks(satisfaction.SCORES, [f"{s}\nn={int(counts[s]):,}" if counts.get(s, 0) else str(s)
                                        for s in satisfaction.SCORES])
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.legend(loc="upper left", bbox_to_anchor=(0, 0.78), fontsize=TEXT_PT)
    finish(ax, term("repurchase_by_score"), term("satisfaction_score"), term("repurchase_rate"))
    return fig


def virtuous_circle_figure():
    """The basic law of retention as a loop: satisfaction → loyalty → retention → contribution."""
    keys = ("satisfaction", "loyalty", "retention_degree", "contribution_degree")
    angles = np.deg2rad([90, 0, -90, 180])
    pos = np.c_[1.45 * np.cos(angles), np.sin(angles)]
    pal = _colours(len(keys))
    fig, ax = new_axes(figsize=(6.4, 4.2))
    for (x, y), key, colour in zip(pos, keys, pal, strict=True):
        ax.text(x, y, term(key), ha="center", va="center", fontsize=11, fontweight="bold",
                bbox={"boxstyle": "round,pad=0.5", "fc": colour, "ec": "none", "alpha": 0.25})
    for i in range(len(keys)):
        a, b = pos[i], pos[(i + 1) % len(keys)]
        ax.add_patch(FancyArrowPatch(a * 0.78 + b * 0.22, a * 0.22 + b * 0.78,
                                     connectionstyle="arc3,rad=-0.35", arrowstyle="-|>",
                                     mutation_scale=18, lw=1.8, color="0.35"))
    ax.text(0, 0, term("virtuous_circle"), ha="center", va="center", fontsize=12, color="0.3",
            style="italic")
    ax.set_xlim(-2.3, 2.3)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    finish(ax, term("three_degree_model"))
    return fig


def degrees_figure(degrees: pd.DataFrame):
    """The three degrees in data: mean retention and contribution by satisfaction score."""
    grouped = degrees.groupby("satisfaction")
    retention = grouped["retention"].mean()
    contribution = grouped["contribution"].mean()
    pal = _colours(2)
    fig, (left, right) = new_axes(2, figsize=(9.5, 3.8))
    left.bar(retention.index, retention.to_numpy(), color=pal[0], alpha=0.85, width=0.65)
    left.set_ylim(0, 1)
    left.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    finish(left, term("retention_degree"), term("satisfaction_score"),
           term("retention_probability"))
    right.bar(contribution.index, contribution.to_numpy(), color=pal[1], alpha=0.85, width=0.65)
    finish(right, term("contribution_degree"), term("satisfaction_score"),
           term("contribution_yuan"), yuan_axis="y")
    for ax in (left, right):
        ax.set_xticks(satisfaction.SCORES)
    return fig


def priority_figure(ranked: pd.DataFrame, weights=(1.0, 1.0, 1.0), top: int = 10,
                    label: str | None = None, fig=None):
    """Top ``top`` customers of :func:`~crm_lessons.satisfaction.retention_priority` as stacked bars.

    Each bar splits the priority score into its weighted parts (low satisfaction, low retention,
    high contribution); ``label`` names a column to label the bars with (default: the index).
    Pass the figure a previous call returned as ``fig`` to restack its bars in place when it
    shows as many customers (a faster slider redraw).
    """
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    head = ranked.head(top).iloc[::-1]
    names = head[label].astype(str) if label else head.index.astype(str)
    kept = kept_state(fig, "priority", len(head))
    if kept:
        _stack_priority(kept["bars"], head, w)
        kept["ax"].set_yticks(np.arange(len(head)), list(names))
        return fig
    pal = _colours(3)
    fig, ax = new_axes(figsize=(7.0, 0.32 * len(head) + 1.6))
    bars = [ax.barh(np.arange(len(head)), np.zeros(len(head)), color=colour, label=term(key),
                    height=0.7)
            for key, colour in zip(("need_score", "risk_score", "value_score"), pal, strict=True)]
    _stack_priority(bars, head, w)
    ax.set_yticks(np.arange(len(head)), list(names))
    ax.set_xlim(0, 1)
    ax.legend(loc="lower right", fontsize=TEXT_PT, ncols=3, bbox_to_anchor=(1, 1.0))
    finish(ax, None, term("priority_score"), None)
    ax.set_title(term("retention_priority"), loc="left", pad=24)
    fig._crm_state = {"kind": "priority", "key": len(head), "bars": bars, "ax": ax}
    return fig


def _stack_priority(bars, head: pd.DataFrame, w: np.ndarray) -> None:
    """Each customer's weighted need, risk and value parts, laid end to end."""
    left = np.zeros(len(head))
    for container, col, weight in zip(bars, ("need", "risk", "value"), w, strict=True):
        width = weight * head[col].to_numpy(dtype=float)
        for patch, x, dx in zip(container, left, width, strict=True):
            patch.set_x(x)
            patch.set_width(dx)
        left += width


__all__ = ["expectation_figure", "loyalty_curves_figure", "competition_figure",
           "expectation_curves_figure", "repurchase_figure", "virtuous_circle_figure",
           "degrees_figure", "priority_figure"]
