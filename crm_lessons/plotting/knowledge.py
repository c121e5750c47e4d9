"""Charts for chapter 06, customer intelligence (客户智能): framework, OLAP, rules, clusters, lift.

Every function takes results of :mod:`crm_lessons.knowledge` and returns a matplotlib ``Figure``;
labels come from the glossary, so ``crm.setup(lang="zh")`` gives Chinese.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.ticker import StrMethodFormatter

from ..glossary import term, terms
from . import TEXT_PT, finish, language, new_axes
from .redraw import kept_state

#: Measure name -> glossary key of its axis label.
MEASURE_LABELS = {"sales": "sales_yuan", "orders": "orders_count", "quantity": "quantity_units",
                  "customers": "distinct_customers", "average_order": "average_order_yuan"}
#: Feature / column name -> glossary key, for cluster charts and tables.
FEATURE_LABELS = {"recency_days": "days_since_purchase", "frequency": "purchase_days",
                  "monetary": "spend_yuan",
                  "tenure_days": "tenure_days",
                  "support": "rule_support", "confidence": "rule_confidence", "lift": "rule_lift"}


def label(name: str) -> str:
    """The glossary label of a dimension, measure or feature name, else the name itself.

    >>> label("region"), label("sales"), label("no_such_column")
    ('region', 'sales, yuan', 'no_such_column')
    """
    for key in (MEASURE_LABELS.get(name), FEATURE_LABELS.get(name), f"dim_{name}", name):
        if key and key in terms():
            return term(key)
    return str(name)


def framework_figure():
    """The customer-intelligence framework (客户智能体系框架) as four boxes and a feedback loop.

    Customer data feed knowledge generation (OLAP, discovery tools); knowledge is stored and
    distributed through the CRM platform to marketing, sales and service, whose use produces new
    customer data. A diagram of the lecture's figure 2.6, drawn from the four steps.
    """
    fig, ax = new_axes(figsize=(11, 4.0))
    ax.set_xlim(0, 10)
    ax.set_ylim(-0.1, 3.3)
    ax.axis("off")
    palette = sns.color_palette("colorblind", 4)
    steps = [
        ("customer_data", term("fw_data_detail")),
        ("knowledge_generation", term("fw_generation_detail")),
        ("knowledge_distribution", term("fw_distribution_detail")),
        ("knowledge_use", term("fw_use_detail")),
    ]
    width, gap, y0, height = 2.1, 0.45, 1.2, 1.75
    centres = []
    for i, (key, detail) in enumerate(steps):
        x = 0.15 + i * (width + gap)
        box = FancyBboxPatch((x, y0), width, height, boxstyle="round,pad=0.04,rounding_size=0.15",
                             facecolor=(*palette[i], 0.22), edgecolor=palette[i], linewidth=2)
        ax.add_patch(box)
        # wrapped to the box: a title of two short lines, the detail in lines of ~22 characters
        ax.text(x + width / 2, y0 + height * 0.72, textwrap.fill(f"{i + 1}. {term(key)}", 17),
                ha="center", va="center", fontsize=TEXT_PT + 1, weight="bold")
        ax.text(x + width / 2, y0 + height * 0.3, textwrap.fill(detail, 22), ha="center",
                va="center", fontsize=TEXT_PT, color="0.25")
        centres.append(x + width / 2)
        if i:
            ax.add_patch(FancyArrowPatch((x - gap + 0.03, y0 + height / 2),
                                         (x - 0.03, y0 + height / 2), arrowstyle="-|>",
                                         mutation_scale=18, color="0.3", linewidth=1.6))
    loop = FancyArrowPatch((centres[-1], y0 - 0.08), (centres[0], y0 - 0.08),
                           connectionstyle="arc3,rad=-0.12", arrowstyle="-|>", mutation_scale=16,
                           color="0.45", linewidth=1.3, linestyle="--")
    ax.add_patch(loop)
    ax.text(5, 0.12, f"{term('decisions')} → {term('customer_data')}", ha="center", fontsize=TEXT_PT,
            color="0.35")
    ax.set_title(term("ci_framework"))
    fig.tight_layout()
    return fig


def _heatmap(ax, values: pd.DataFrame, *, annot: pd.DataFrame | None, cmap: str, cbar_label: str,
             center: float | None = None, cbar_format=None, fontsize: float = TEXT_PT) -> dict:
    """A light heat map (``pcolormesh`` + text), first row at the top; returns what
    :func:`_fill_heatmap` needs to show other values of the same shape in place.

    Lighter than seaborn's heatmap, which draws the figure once more just to place its tick
    labels, and than ``imshow``, which resamples the picture at every draw (a slider redraw of a
    7 x 8 cube took 42 ms with ``imshow``, 16 ms with ``pcolormesh``).
    """
    from matplotlib.colors import TwoSlopeNorm

    rows, cols = values.shape
    norm = None if center is None else TwoSlopeNorm(vcenter=center, vmin=center - 1,
                                                    vmax=center + 1)
    mesh = ax.pcolormesh(np.zeros((rows, cols)), cmap=cmap, norm=norm)
    ax.set_xlim(0, cols)
    ax.set_ylim(rows, 0)
    ax.tick_params(length=0)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    texts = None
    if annot is not None:
        # in_layout=False: the labels sit inside the axes, so tight_layout need not measure
        # each one (that measuring was most of a slider's redraw time)
        texts = [[ax.text(j + 0.5, i + 0.5, "", ha="center", va="center", fontsize=fontsize,
                          in_layout=False) for j in range(cols)] for i in range(rows)]
    colorbar = ax.figure.colorbar(mesh, ax=ax, label=cbar_label, format=cbar_format)
    state = {"mesh": mesh, "texts": texts, "center": center, "colorbar": colorbar}
    _fill_heatmap(state, values, annot)
    return state


def _fill_heatmap(state: dict, values: pd.DataFrame, annot: pd.DataFrame | None) -> None:
    """Colours, cell texts and row/column labels of a heat map made by :func:`_heatmap`."""
    data = values.to_numpy(dtype=float)
    mesh, center = state["mesh"], state["center"]
    ax = mesh.axes
    mesh.set_array(np.ma.masked_invalid(data))
    if center is None:
        mesh.set_clim(np.nanmin(data), np.nanmax(data))
    else:
        span = max(float(np.nanmax(np.abs(data - center))), 1e-9)
        mesh.norm.vmin, mesh.norm.vmax = center - span, center + span
    ax.set_xticks(np.arange(data.shape[1]) + 0.5, [str(c) for c in values.columns])
    ax.set_yticks(np.arange(data.shape[0]) + 0.5, [str(i) for i in values.index])
    if state["texts"] is not None and annot is not None:
        rgba = mesh.cmap(mesh.norm(data))
        light = (0.299 * rgba[..., 0] + 0.587 * rgba[..., 1] + 0.114 * rgba[..., 2]) > 0.55
        for (i, j), text in np.ndenumerate(annot.to_numpy(dtype=object)):
            state["texts"][i][j].set_text(text)
            state["texts"][i][j].set_color("0.1" if light[i, j] else "white")


def cube_heatmap(table: pd.DataFrame, measure: str = "sales", title: str | None = None,
                 fig=None):
    """A pivoted cube (rows × columns of one measure) as an annotated heat map.

    Pass the figure a previous call returned as ``fig`` to refill it in place when the table has
    the same shape and dimensions (a faster slider redraw; the measure may differ).
    """
    rows, cols = table.shape
    big = np.nanmax(np.abs(table.to_numpy(dtype=float))) >= 100
    fmt = "{:,.0f}" if big else "{:,.2f}"
    annot = table.map(lambda v: fmt.format(v)) if table.size <= 120 else None
    heading = title or f"{term('olap_pivot')}: {label(measure)}"
    key = (table.shape, language(), table.index.name, table.columns.name)
    state = kept_state(fig, "cube", key)
    if state is not None:
        ax = state["mesh"].axes
        _fill_heatmap(state, table, annot)
        _thin_rows(ax, table)
        ax.set_title(heading)
        state["colorbar"].set_label(label(measure))
        state["colorbar"].formatter = StrMethodFormatter("{x:,.0f}" if big else "{x:,.2f}")
        return fig
    # at most 7.5 inches tall: 48 months as rows would otherwise make a 24-inch (2,400 px) figure
    fig, ax = new_axes(figsize=(min(1.0 * cols + 3, 13), min(0.45 * rows + 2, 7.5)))
    state = _heatmap(ax, table, annot=annot, cmap="Blues", cbar_label=label(measure),
                     cbar_format=StrMethodFormatter("{x:,.0f}" if big else "{x:,.2f}"))
    fig._crm_state = {**state, "kind": "cube", "key": key}
    if cols > 12:
        ax.tick_params(axis="x", rotation=90)
    elif max(len(str(c)) for c in table.columns) * cols > 9 * (min(1.0 * cols + 3, 13) - 3):
        ax.tick_params(axis="x", rotation=30)  # long names would touch their neighbours
    _thin_rows(ax, table)
    finish(ax, heading, label(table.columns.name or ""), label(table.index.name or ""))
    return fig


def _thin_rows(ax, table: pd.DataFrame) -> None:
    """Label every other (third …) row of a tall heat map so the labels do not overlap."""
    rows = len(table)
    if rows > 24:
        step = int(np.ceil(rows / 24))
        ax.set_yticks(np.arange(0, rows, step) + 0.5, [str(i) for i in table.index[::step]])


def cube_bars(cube: pd.DataFrame, measure: str = "sales", title: str | None = None):
    """Bars of one measure of a one- or two-dimensional cube (two dimensions: grouped bars)."""
    fig, ax = new_axes(figsize=(8, 3.8))
    series = cube[measure]
    names = list(cube.index.names)
    if len(names) == 1:
        ax.bar([str(i) for i in series.index], series.to_numpy(dtype=float),
               color=sns.color_palette("colorblind", 1)[0])
        xlabel = label(names[0])
    else:
        wide = series.unstack(names[-1], fill_value=0)
        wide.index = [" / ".join(map(str, i)) if isinstance(i, tuple) else str(i)
                      for i in wide.index]
        wide.plot.bar(ax=ax, width=0.8, rot=0)
        ax.legend(title=label(names[-1]), fontsize=TEXT_PT, ncols=min(4, wide.shape[1]))
        xlabel = label(names[0]) if len(names) == 2 else " / ".join(label(n) for n in names[:-1])
    longest = max((len(t.get_text()) for t in ax.get_xticklabels()), default=0)
    if len(series) > 8 or longest * len(series) > 60:  # labels that would touch: slant them
        ax.tick_params(axis="x", rotation=45)
        for text in ax.get_xticklabels():
            text.set_horizontalalignment("right")
            text.set_rotation_mode("anchor")
    finish(ax, title, xlabel, label(measure), yuan_axis="y" if measure in (
        "sales", "average_order", "orders", "customers", "quantity") else None)
    return fig


def rules_scatter(rules: pd.DataFrame, top: int = 3, title: str | None = None, fig=None):
    """Support (x) against confidence (y) of every rule; colour and size show lift.

    The ``top`` item sets with the largest leverage, support − support(X) × support(Y) (how many
    more baskets hold the pair than chance predicts), are named once each. Pass the figure a
    previous call returned as ``fig`` to move its points in place (a faster slider redraw).
    """
    state = kept_state(fig, "rules", title)
    if state and not rules.empty:
        _draw_rules(state, rules, top)
        return fig
    fig, ax = new_axes(figsize=(8, 4.6))
    if rules.empty:
        ax.text(0.5, 0.5, "no rules at these thresholds", ha="center", va="center",
                transform=ax.transAxes, color="0.4")
        finish(ax, title or term("association_rule"), term("rule_support"),
               term("rule_confidence"))
        return fig
    points = ax.scatter([], [], c=[], cmap="viridis", edgecolor="0.2", linewidth=0.4)
    fig.colorbar(points, ax=ax, label=term("rule_lift"))
    fig._crm_state = {"kind": "rules", "key": title, "points": points, "notes": []}
    _draw_rules(fig._crm_state, rules, top)
    ax.xaxis.set_major_formatter("{x:.0%}")
    ax.yaxis.set_major_formatter("{x:.0%}")
    finish(ax, title or term("association_rule"), term("rule_support"), term("rule_confidence"))
    return fig


def _draw_rules(state: dict, rules: pd.DataFrame, top: int) -> None:
    """Place the rules' points (size and colour = lift), scale the axes, name the top item sets."""
    points = state["points"]
    ax = points.axes
    lift = rules["lift"].to_numpy(dtype=float)
    xy = rules[["support", "confidence"]].to_numpy(dtype=float)
    points.set_offsets(xy)
    points.set_sizes(30 + 40 * np.clip(lift, 0, 6))
    points.set_array(lift)
    points.set_clim(lift.min(), lift.max())
    ax.ignore_existing_data_limits = True
    ax.update_datalim(xy)
    ax.autoscale_view()
    for note in state["notes"]:
        note.remove()
    leverage = rules["support"] - rules["antecedent_support"] * rules["consequent_support"]
    itemset = (rules["antecedent"] + " + " + rules["consequent"]).map(
        lambda s: frozenset(s.split(" + ")))
    named = rules.assign(_lev=leverage, _set=itemset).sort_values("_lev", ascending=False)
    # a name points into the chart: left of a point in the right half, right of one in the left
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    notes = []
    for _, row in named.drop_duplicates("_set").head(top).iterrows():
        right_half = row["support"] > (x0 + x1) / 2
        high = row["confidence"] > y0 + 0.85 * (y1 - y0)
        notes.append(ax.annotate(
            f"{row['antecedent']} → {row['consequent']}", (row["support"], row["confidence"]),
            xytext=(-8 if right_half else 8, -10 if high else 8), textcoords="offset points",
            fontsize=TEXT_PT, ha="right" if right_half else "left",
            va="top" if high else "bottom"))
    state["notes"] = notes


def choose_k_figure(choice: pd.DataFrame, chosen: int | None = None):
    """Elbow (inertia against k) and silhouette against k, side by side; ``chosen`` is marked."""
    fig, (left, right) = new_axes(2)
    ks = choice.index.to_numpy()
    left.plot(ks, choice["inertia"], marker="o")
    right.plot(ks, choice["silhouette"], marker="o", color=sns.color_palette("colorblind")[1])
    for ax in (left, right):
        ax.set_xticks(ks)
        if chosen is not None:
            ax.axvline(chosen, color="0.5", linestyle="--", linewidth=1)
    finish(left, term("elbow"), term("n_clusters"), term("inertia"), yuan_axis="y")
    finish(right, term("silhouette"), term("n_clusters"), term("silhouette"))
    return fig


def profile_heatmap(profile: pd.DataFrame, names: dict | None = None, title: str | None = None,
                    fig=None):
    """Cluster profiles as a heat map: colour = each feature's cluster mean in standard units
    relative to the overall mean ((mean − overall) / sd of the cluster means), text = the mean.

    Pass the figure a previous call returned as ``fig`` to refill it in place when it shows as
    many clusters of the same features (a faster slider redraw).
    """
    clusters = profile.drop(index="all", errors="ignore")
    feats = [c for c in clusters.columns if c not in ("size", "share")]
    means = clusters[feats].astype(float)
    overall = profile.loc["all", feats].astype(float) if "all" in profile.index else means.mean()
    spread = means.std(ddof=0).replace(0, 1.0)
    z = (means - overall) / spread
    rows = [f"{names.get(c, c) if names else c} · n={int(clusters.loc[c, 'size']):,}"
            for c in clusters.index]
    annot = means.map(lambda v: f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.2f}")
    width = 6 if language() == "zh" else 12  # Chinese glyphs are about twice as wide
    values = z.set_axis(rows).set_axis([textwrap.fill(label(f), width) for f in feats], axis=1)
    key = (len(rows), tuple(feats), title, language())
    state = kept_state(fig, "profile", key)
    if state is not None:
        _fill_heatmap(state, values, annot)
        return fig
    fig, ax = new_axes(figsize=(1.5 * len(feats) + 3.5, 0.55 * len(rows) + 2))
    state = _heatmap(ax, values, annot=annot, cmap="RdBu_r", center=0.0,
                     cbar_label=term("z_score"), fontsize=TEXT_PT)
    fig._crm_state = {**state, "kind": "profile", "key": key}
    finish(ax, title or term("cluster_profile"), None, term("cluster"))
    return fig


def cluster_scatter(features: pd.DataFrame, labels: pd.Series, x: str, y: str,
                    names: dict | None = None, logy: bool = True, title: str | None = None):
    """Customers as points (x, y), coloured by cluster; y on a log scale for skewed money
    (symmetric log when some values are ≤ 0)."""
    fig, ax = new_axes(figsize=(7.5, 4.4))
    lab = labels.reindex(features.index)
    for i, c in enumerate(sorted(lab.unique())):
        part = features[lab == c]
        ax.scatter(part[x], part[y], s=9, alpha=0.55,
                   color=sns.color_palette("colorblind", 10)[i % 10],
                   label=str(names.get(c, c) if names else c))
    if logy:
        # symlog: logarithmic above 100 yuan, linear around 0 (net refunds can make spend ≤ 0)
        ax.set_yscale("symlog", linthresh=100) if (features[y] <= 0).any() else ax.set_yscale("log")
    ax.legend(title=term("cluster"), fontsize=TEXT_PT, markerscale=2)
    finish(ax, title or term("kmeans"), label(x), label(y))
    return fig


def lift_bars(table: pd.DataFrame, title: str | None = None, xlabel: str | None = None):
    """Response rate by segment (bars) against the mailing's overall rate (random selection)."""
    fig, ax = new_axes(figsize=(8, 3.8))
    rate = table["response_rate"]
    base = float((table["responders"].sum()) / table["mailed"].sum())
    colors = [sns.color_palette("colorblind")[0] if r >= base else "0.65" for r in rate]
    ax.bar([str(i) for i in table.index], rate, color=colors)
    ax.axhline(base, color=sns.color_palette("colorblind")[3], linestyle="--",
               label=f"{term('random_selection')}: {base:.1%}")
    for i, (r, lf) in enumerate(zip(rate, table["lift"], strict=True)):
        ax.text(i, r, f"×{lf:.2f}", ha="center", va="bottom", fontsize=TEXT_PT)
    ax.set_ylim(0, max(float(rate.max()), base) * 1.2)  # room for the lift above the tallest bar
    ax.yaxis.set_major_formatter("{x:.0%}")
    ax.legend(fontsize=TEXT_PT)
    if len(table) > 6:
        ax.tick_params(axis="x", rotation=30)
    finish(ax, title or term("campaign_lift"), xlabel if xlabel is not None else term("cluster"),
           term("campaign_response_rate"))
    return fig


__all__ = ["label", "framework_figure", "cube_heatmap", "cube_bars", "rules_scatter",
           "choose_k_figure", "profile_heatmap", "cluster_scatter", "lift_bars",
           "MEASURE_LABELS", "FEATURE_LABELS"]
