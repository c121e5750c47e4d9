"""Charts for chapter 02, the customer lifecycle (客户生命周期).

Each function takes results of :mod:`crm_lessons.lifecycle` and returns a matplotlib ``Figure``.
Labels come from the glossary, so ``setup(lang="zh")`` gives Chinese. Stylised (model) charts say so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from .. import lifecycle
from ..glossary import term
from . import TEXT_PT, finish, new_axes
from .redraw import kept_state


def _colours(n: int):
    return sns.color_palette("colorblind", n)


def _stage_labels(keys) -> list[str]:
    return [term(f"stage_{k}") for k in keys]


def _share(x: float) -> str:
    """A share as a whole percentage, but "<1%" rather than a misleading "0%" for a few."""
    return "<1%" if 0 < x < 0.005 else f"{x:.0%}"


def _phase_colours() -> dict[str, tuple]:
    return dict(zip(lifecycle.PHASES, _colours(4), strict=True))


def stages_figure(curve: pd.DataFrame | None = None):
    """The seven lifecycle stages as a path: each stage's height is the mean profit per period of
    its matching phase in the stylised profit model (0 for potential and termination), and a
    dashed arrow takes recovery back to the start of a new cycle.

    ``curve`` defaults to :func:`crm_lessons.lifecycle.lifecycle_profit_curve` with its defaults.
    """
    curve = lifecycle.lifecycle_profit_curve() if curve is None else curve
    by_phase = lifecycle.phase_summary(curve)["mean_profit"]
    table = lifecycle.lifecycle_stages()
    height = [float(by_phase.get(p, 0.0)) if p in by_phase.index else 0.0
              for p in table["profit_phase"]]
    main = list(lifecycle.STAGES[:6])
    fig, ax = new_axes(figsize=(9, 4.0))
    colours = _colours(len(lifecycle.STAGES))
    x = np.arange(len(main))
    ax.plot(x, height[:6], "-", color="0.6", lw=1.5, zorder=1)
    ax.scatter(x, height[:6], s=160, color=colours[:6], zorder=2)
    for i, key in enumerate(main):
        ax.annotate(term(f"stage_{key}"), (x[i], height[i]), textcoords="offset points",
                    xytext=(0, 12), ha="center", fontsize=TEXT_PT)
    # recovery: after termination, a new product meets a new need and a new cycle starts
    rec_x, rec_y = 6.3, height[6]
    ax.scatter([rec_x], [rec_y], s=160, color=colours[6], zorder=2)
    ax.annotate(term("stage_recovery"), (rec_x, rec_y), textcoords="offset points",
                xytext=(0, -22), ha="center", fontsize=TEXT_PT)
    ax.annotate("", xy=(rec_x, rec_y), xytext=(x[5], height[5]),
                arrowprops={"arrowstyle": "->", "color": colours[6], "lw": 1.3})
    ax.annotate("", xy=(x[1], height[1] - 0.04 * max(height)), xytext=(rec_x, rec_y),
                arrowprops={"arrowstyle": "->", "color": colours[6], "lw": 1.3, "ls": "--",
                            "connectionstyle": "arc3,rad=-0.25"})
    ax.axhline(0, color="0.3", lw=0.8)
    ax.set_xticks([])
    ax.set_xlim(-0.5, 6.8)
    top = max(height)
    ax.set_ylim(min(min(height), 0) - 0.35 * top, top * 1.25)
    finish(ax, term("lifecycle"), term("stage"), term("lc_profit_per_period"), stylised=True,
           yuan_axis="y")
    return fig


def group_lifetime_figure(table: pd.DataFrame, *, max_churn: float = 0.5,
                          fig=None):
    """Left: average group lifetime 1 / churn against churn, with each company marked.
    Right: the new customers each company must win every year just to stand still.

    ``table`` comes from :func:`crm_lessons.lifecycle.group_lifetime_table`. Pass the figure a
    previous call returned as ``fig`` to move its points and bars in place (same companies, same
    churn axis), which redraws faster.
    """
    needed = {"churn_rate", "group_lifetime", "replacements"}
    if not needed <= set(table.columns):
        raise ValueError(f"table must come from group_lifetime_table (needs {sorted(needed)})")
    top = max(max_churn, float(table["churn_rate"].max()))
    state = kept_state(fig, "group_lifetime", (list(table.index), top))
    if state:
        _move_group_lifetime(state, table)
        return fig
    fig, (left, right) = new_axes(2, figsize=(10, 3.9))
    colours = _colours(max(len(table), 2) + 1)
    churn = np.linspace(0.02, top, 200)
    left.plot(churn, lifecycle.group_lifetime(churn), color="0.45", lw=1.5)
    points = []
    for i, (name, row) in enumerate(table.iterrows()):
        colour = colours[i + 1]
        (marker,) = left.plot(row["churn_rate"], row["group_lifetime"], "o", ms=9, color=colour)
        note = left.annotate(f"{name}: {row['group_lifetime']:.1f}", (row["churn_rate"],
                             row["group_lifetime"]), textcoords="offset points", xytext=(8, 6),
                             color=colour, weight="bold")
        _place_note(note, row["churn_rate"], top)
        points.append((marker, note))
    left.xaxis.set_major_formatter(lambda x, _: f"{x:.0%}")
    left.set_ylim(0, min(50, 1 / 0.02) + 1)
    # label the left axes directly: finish() lays the figure out once, for both axes, below
    left.set_title(term("lc_group_lifetime"))
    left.set_xlabel(term("lc_churn_per_year"))
    left.set_ylabel(term("lc_lifetime_years"))
    bars = right.bar([str(n) for n in table.index], table["replacements"],
                     color=colours[1:len(table) + 1])
    fig._crm_state = {"kind": "group_lifetime", "key": (list(table.index), top),
                      "points": points, "bars": bars,
                      "labels": right.bar_label(bars, labels=_replacement_labels(table),
                                                padding=3)}
    right.set_ylim(0, float(table["replacements"].max()) * 1.25 + 1)
    finish(right, term("lc_replacements"), term("lc_company"), term("customers"))
    return fig


def _replacement_labels(table: pd.DataFrame) -> list[str]:
    if "replacement_cost" not in table.columns:
        return [f"{v:,.0f}" for v in table["replacements"]]
    return [f"{v:,.0f} ({c:,.0f} {term('yuan')})"
            for v, c in zip(table["replacements"], table["replacement_cost"], strict=True)]


def _place_note(note, churn: float, top: float) -> None:
    """A company's label right of its point, or left of it near the right edge (stays inside)."""
    near_edge = churn > 0.7 * top
    note.set_position((-8 if near_edge else 8, 6))
    note.set_horizontalalignment("right" if near_edge else "left")


def _move_group_lifetime(state: dict, table: pd.DataFrame) -> None:
    """Update a group-lifetime figure in place: points, their notes, bars and bar labels."""
    for (marker, note), (name, row) in zip(state["points"], table.iterrows(), strict=True):
        marker.set_data([row["churn_rate"]], [row["group_lifetime"]])
        note.xy = (row["churn_rate"], row["group_lifetime"])
        note.set_text(f"{name}: {row['group_lifetime']:.1f}")
        _place_note(note, row["churn_rate"], state["key"][1])
    bars = state["bars"]
    for patch, height in zip(bars, table["replacements"], strict=True):
        patch.set_height(height)
    for text in state["labels"]:
        text.remove()
    right = bars.patches[0].axes
    state["labels"] = right.bar_label(bars, labels=_replacement_labels(table), padding=3)
    right.set_ylim(0, float(table["replacements"].max()) * 1.25 + 1)


def profit_curve_figure(curve: pd.DataFrame, *, fig=None):
    """The stylised lifecycle-profit curve: profit per period as bars coloured by phase, with total
    profit and total investment as lines and the four phases named along the top. Pass the
    figure a previous call returned as ``fig`` to move its bars and lines in place (same periods
    and phases): a faster redraw."""
    if not {"phase", "profit", "total_profit", "investment"} <= set(curve.columns):
        raise ValueError("curve must come from lifecycle_profit_curve()")
    key = (tuple(curve.index), tuple(curve["phase"]))
    state = kept_state(fig, "profit_curve", key)
    if state:
        for patch, height in zip(state["bars"], curve["profit"], strict=True):
            patch.set_height(height)
        state["total"].set_ydata(curve["total_profit"])
        state["investment"].set_ydata(curve["investment"])
        _profit_curve_limits(state["bars"].patches[0].axes, curve, state["phases"])
        return fig
    fig, ax = new_axes(figsize=(8.5, 4.3))
    colours = _phase_colours()
    x = curve.index.to_numpy()
    bars = ax.bar(x, curve["profit"], color=[colours[p] for p in curve["phase"]], alpha=0.85,
                  label=term("lc_profit_per_period"))
    (total,) = ax.plot(x, curve["total_profit"], "-", color="0.25", lw=1.5,
                       label=term("lc_total_profit"))
    (investment,) = ax.plot(x, curve["investment"], ":", color="0.25", lw=1.5,
                            label=term("lc_investment"))
    ax.axhline(0, color="0.3", lw=0.8)
    phases = []
    for phase, block in curve.groupby("phase", sort=False):
        lo, hi = block.index.min() - 0.5, block.index.max() + 0.5
        ax.axvspan(lo, hi, color=colours[phase], alpha=0.08, lw=0)
        phases.append(ax.text((lo + hi) / 2, 0, term(f"phase_{phase}"), ha="center",
                              va="bottom", fontsize=TEXT_PT, color="0.25"))
    _profit_curve_limits(ax, curve, phases)
    fig._crm_state = {"kind": "profit_curve", "key": key, "bars": bars, "total": total,
                      "investment": investment, "phases": phases}
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(x.min() - 0.6, x.max() + 0.6)
    ax.legend(loc="center left", fontsize=TEXT_PT, frameon=False, bbox_to_anchor=(1.0, 0.5))
    finish(ax, term("lc_lifecycle_profit"), term("lc_period"), term("lc_yuan_per_period"),
           stylised=True, yuan_axis="y")
    return fig


def _profit_curve_limits(ax, curve: pd.DataFrame, phases) -> None:
    """y range of the profit-curve figure, with the phase names just above the highest value."""
    top = float(max(curve["total_profit"].max(), curve["profit"].max(), 1.0))
    for text in phases:
        text.set_y(top * 1.07)
    low = float(min(curve["profit"].min(), 0.0))
    ax.set_ylim(low * 1.15 - top * 0.02, top * 1.2)


def drivers_figure(curve: pd.DataFrame):
    """The four drivers of the stylised model, each in its own units: volume, willingness to pay,
    cost to serve and indirect benefit, per period with the phases shaded."""
    cols = [("volume", "lc_volume"), ("price", "lc_wtp"), ("unit_cost", "lc_unit_cost"),
            ("referrals", "lc_indirect")]
    if not {c for c, _ in cols} | {"phase"} <= set(curve.columns):
        raise ValueError("curve must come from lifecycle_profit_curve()")
    fig, axes = new_axes(4, figsize=(12, 3.2), sharex=True)
    colours = _phase_colours()
    x = curve.index.to_numpy()
    for ax, (col, key) in zip(axes, cols, strict=True):
        for phase, block in curve.groupby("phase", sort=False):
            ax.axvspan(block.index.min() - 0.5, block.index.max() + 0.5, color=colours[phase],
                       alpha=0.10, lw=0)
        ax.plot(x, curve[col], "o-", ms=3.5, color="0.2")
        ax.set_ylim(bottom=0)
        ax.set_xlim(x.min() - 0.6, x.max() + 0.6)
        ax.set_title(term(key))
        ax.set_xlabel(term("lc_period"))
    axes[-1].text(0.99, 0.01, term("stylised_model"), transform=axes[-1].transAxes, ha="right",
                  va="bottom", fontsize=TEXT_PT, color="0.45", style="italic")
    handles = [Patch(color=colours[p], alpha=0.35, label=term(f"phase_{p}"))
               for p in lifecycle.PHASES]
    fig.legend(handles=handles, loc="lower center", ncol=4, frameon=False, fontsize=TEXT_PT,
               bbox_to_anchor=(0.5, 0.0))
    fig.suptitle(term("lc_four_drivers"), weight="bold")
    fig.tight_layout(rect=(0, 0.09, 1, 1))  # the phase legend sits in the strip below
    return fig


def stage_counts_figure(counts: pd.Series, *, as_of=None):
    """Customers per lifecycle stage (from :func:`crm_lessons.lifecycle.stage_counts`), bars in
    lifecycle order with the count and share written on each bar."""
    counts = counts.reindex(lifecycle.STAGES, fill_value=0)
    fig, ax = new_axes(figsize=(7.5, 3.8))
    colours = _colours(len(lifecycle.STAGES))
    y = np.arange(len(counts))[::-1]
    bars = ax.barh(y, counts.to_numpy(), color=colours)
    total = max(int(counts.sum()), 1)
    ax.bar_label(bars, labels=[f"{v:,} ({_share(v / total)})" for v in counts.to_numpy()],
                 padding=3, fontsize=TEXT_PT)
    ax.set_yticks(y, _stage_labels(counts.index))
    ax.set_xlim(0, max(float(counts.max()), 1.0) * 1.25)
    title = term("lc_stage_counts")
    if as_of is not None:
        title += f" ({term('lc_as_of')} {pd.Timestamp(as_of).date()})"
    finish(ax, title, term("customers"), None)
    return fig


def transition_figure(matrix: pd.DataFrame, *, shares: bool | None = None):
    """Heatmap of a stage-transition matrix (:func:`crm_lessons.lifecycle.stage_transitions`):
    rows = stage at the start date, columns = stage at the end date."""
    if shares is None:  # normalised matrices hold floats, counts hold integers
        shares = not all(pd.api.types.is_integer_dtype(t) for t in matrix.dtypes)
    fig, ax = new_axes(figsize=(7.5, 5.4))
    sns.heatmap(matrix, annot=True, fmt=".0%" if shares else ",d", cmap="Blues", cbar=False,
                linewidths=0.5, linecolor="white", ax=ax,
                xticklabels=_stage_labels(matrix.columns),
                yticklabels=_stage_labels(matrix.index))
    ax.tick_params(axis="x", rotation=35)
    ax.tick_params(axis="y", rotation=0)
    ax.grid(False)
    finish(ax, term("lc_transitions"),
           f"{term('lc_stage_at_end')} ({str(matrix.columns.name).replace('stage at ', '')})",
           f"{term('lc_stage_at_start')} ({str(matrix.index.name).replace('stage at ', '')})")
    return fig


def cohort_figure(table: pd.DataFrame, *, max_offset: int | None = None):
    """Acquisition-cohort retention heatmap (:func:`crm_lessons.lifecycle.cohort_retention` with
    ``share=True``): each row a cohort, each column the periods since its first purchase."""
    if max_offset is not None:
        table = table.loc[:, table.columns <= max_offset]
    freq = getattr(table.index, "freqstr", None) or "M"
    xkey = {"M": "lc_months_since", "Q": "lc_quarters_since"}.get(freq[0], "lc_years_since")
    height = min(3.0 + 0.3 * len(table), 10.0)
    fig, ax = new_axes(figsize=(min(4 + 0.62 * table.shape[1], 14), height))
    annotate = table.shape[1] <= 16 and len(table) <= 30
    sns.heatmap(table, annot=annotate, fmt=".0%", cmap="viridis", vmin=0, vmax=1, ax=ax,
                cbar_kws={"label": term("lc_share_buying"), "format": "{x:.0%}"},
                annot_kws={"fontsize": TEXT_PT}, yticklabels=[str(p) for p in table.index])
    ax.tick_params(axis="y", rotation=0)
    ax.grid(False)
    finish(ax, term("lc_cohort_retention"), term(xkey), term("lc_cohort"))
    return fig


def tenure_figure(values: pd.DataFrame):
    """Gross profit by years since the first purchase: per member of the cohort and per customer
    still buying (bars), with the share still buying (line, right axis); from
    :func:`crm_lessons.lifecycle.tenure_value`."""
    needed = {"profit_per_customer", "profit_per_active", "retention"}
    if not needed <= set(values.columns):
        raise ValueError(f"values must come from tenure_value() (needs {sorted(needed)})")
    fig, ax = new_axes(figsize=(8, 4.2))
    colours = _colours(3)
    x = values.index.to_numpy()
    width = 0.38
    handles = []
    for shift, col, key, colour in ((-width / 2, "profit_per_customer", "lc_profit_per_customer",
                                     colours[0]),
                                    (width / 2, "profit_per_active", "lc_profit_per_active",
                                     colours[2])):
        bars = ax.bar(x + shift, values[col].fillna(0.0), width, color=colour, alpha=0.85,
                      label=term(key))
        ax.bar_label(bars, labels=[f"{v:,.0f}" for v in values[col].fillna(0.0)], padding=2,
                     fontsize=TEXT_PT)
        handles.append(bars)
    ax.axhline(0, color="0.3", lw=0.8)
    ax.set_xticks(x)
    right = ax.twinx()
    (line,) = right.plot(x, values["retention"], "o-", color=colours[1],
                         label=term("lc_share_buying"))
    handles.append(line)
    right.set_ylim(0, 1.05)
    right.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    right.set_ylabel(term("lc_share_buying"))
    right.grid(False)
    ax.set_ylim(top=float(np.nanmax(values[["profit_per_customer", "profit_per_active"]]
                                    .to_numpy(dtype=float))) * 1.45)
    ax.legend(handles, [h.get_label() for h in handles], loc="upper right", fontsize=TEXT_PT,
              frameon=False)
    finish(ax, term("lc_tenure_value"), term("lc_years_since"), term("lc_gross_profit_yuan"),
           yuan_axis="y")
    return fig


__all__ = ["stages_figure", "group_lifetime_figure", "profit_curve_figure", "drivers_figure",
           "stage_counts_figure", "transition_figure", "cohort_figure", "tenure_figure"]
