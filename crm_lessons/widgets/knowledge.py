"""Slider panels for chapter 06: OLAP dimensions, rule thresholds, number of clusters.

Each panel computes with :mod:`crm_lessons.knowledge`, shows one headline and one figure, and
returns the computed result (tests read ``panel.result``).
"""

from __future__ import annotations

import pandas as pd
from IPython.display import display

from .. import knowledge
from ..glossary import phrase, term
from ..plotting import knowledge as charts
from . import dropdown, headline, int_slider, panel, show, slider


def _dimension_options(facts: pd.DataFrame, dims) -> list[tuple[str, str]]:
    return [(charts.label(d), d) for d in dims]


def _value_label(dim: str, value) -> str:
    """A dimension value as the glossary names it (``category_electronics`` → 数码电子 in zh)."""
    from ..glossary import terms

    key = f"{dim}_{value}"
    return term(key) if key in terms() else str(value)


def olap_panel(facts: pd.DataFrame, dims=("region", "category", "month", "city_tier", "channel"),
               measures=("sales", "customers", "orders", "average_order"), rows: str = "region",
               columns: str = "category", measure: str = "sales"):
    """Choose two dimensions and a measure → the pivoted cube (rows × columns) as a heat map.

    ``facts`` are transactions with the dimension columns (e.g. joined with the customer table).
    The cube is rebuilt over just the two chosen dimensions, so distinct customers are counted
    correctly. Returns the pivot table; choosing the same dimension twice shows a one-way cube.
    """
    dims = [d for d in dims if d in facts.columns or d in knowledge.TIME_LEVELS]
    if rows not in dims or columns not in dims:
        raise ValueError(f"rows={rows!r} and columns={columns!r} must be among dims {dims}")
    time_dims = [d for d in dims if d in knowledge.TIME_LEVELS and d not in facts.columns]
    if time_dims:  # derive month/quarter/year once, not at every move of a dropdown
        facts = knowledge.add_time_levels(facts, time_dims)

    figures: dict[tuple[str, str], object] = {}  # one figure per view, refilled when it returns

    def update(rows=rows, columns=columns, measure=measure):
        if rows == columns:
            cube = knowledge.olap_cube(facts, [rows], [measure])
            headline(phrase("hl_olap_one", dim=charts.label(rows),
                            best=_value_label(rows, cube[measure].idxmax()),
                            measure=charts.label(measure), value=cube[measure].max()))
            show(charts.cube_bars(cube, measure))
            return cube[measure].to_frame()
        cube = knowledge.olap_cube(facts, [rows, columns], [measure])
        table = knowledge.pivot_cube(cube, rows, columns, measure)
        r, c = cube[measure].idxmax()
        headline(phrase("hl_olap_two", n=len(cube), measure=charts.label(measure),
                        value=cube[measure].max(), r=_value_label(rows, r),
                        c=_value_label(columns, c)))
        figures[rows, columns] = charts.cube_heatmap(table, measure,
                                                     fig=figures.get((rows, columns)))
        show(figures[rows, columns])
        return table

    options = _dimension_options(facts, dims)
    return panel(
        update,
        rows=dropdown(options, rows, term("dimension") + " ↓"),
        columns=dropdown(options, columns, term("dimension") + " →"),
        measure=dropdown([(charts.label(m), m) for m in measures], measure, term("measure")),
    )


def rules_panel(baskets, min_support: float = 0.02, min_confidence: float = 0.3,
                min_lift: float = 1.5, show_rows: int = 8):
    """Support / confidence / lift thresholds → the rules that pass them (table + scatter).

    The basket matrix is encoded once; each move re-runs apriori and rule generation.
    Returns the rules table (:func:`crm_lessons.knowledge.association_rules`).
    """
    matrix = knowledge.basket_matrix(baskets)
    state = {"fig": None}

    def update(min_support=min_support, min_confidence=min_confidence, min_lift=min_lift):
        rules = knowledge.association_rules(matrix, min_support, min_confidence, min_lift)
        if rules.empty:
            headline(phrase("hl_rules_none"))
        else:
            top = rules.iloc[0]
            headline(phrase("hl_rules", n=len(rules), a=top["antecedent"], b=top["consequent"],
                            lift=top["lift"], conf=top["confidence"]))
            display(rules.head(show_rows).style.format(
                {"antecedent_support": "{:.1%}", "consequent_support": "{:.1%}",
                 "support": "{:.1%}", "confidence": "{:.1%}", "lift": "{:.2f}",
                 "count": "{:,}"}).hide(axis="index"))
        state["fig"] = charts.rules_scatter(rules, fig=state["fig"])
        show(state["fig"])
        return rules

    return panel(
        update,
        min_support=slider(min_support, 0.005, 0.10, 0.005, term("rule_support"), ".3f"),
        min_confidence=slider(min_confidence, 0.0, 0.9, 0.05, term("rule_confidence")),
        min_lift=slider(min_lift, 0.0, 5.0, 0.25, term("rule_lift")),
    )


def clusters_panel(features: pd.DataFrame, profile_features: pd.DataFrame | None = None,
                   k: int = 4, k_max: int = 8, seed: int = 0, prefetch: bool = False):
    """k → k-means clusters of ``features`` and their profile (means of ``profile_features``).

    Cluster on (e.g. log-scaled) ``features``; profile in the original units of
    ``profile_features`` (default: the features). k-means is fitted once per k and cached: on
    first visit by default (a notebook builds the panel fast), or for every k of the slider when
    the panel is built (``prefetch=True``, for live teaching), so later moves only redraw.
    Returns ``{"labels": Series, "profile": DataFrame}``.
    """
    profile_features = features if profile_features is None else profile_features
    cache: dict[int, dict[str, object]] = {}

    def fit(k: int) -> dict[str, object]:
        if k not in cache:
            labels = knowledge.cluster_customers(features, k, seed=seed)
            cache[k] = {"labels": labels,
                        "profile": knowledge.profile_clusters(profile_features, labels)}
        return cache[k]

    if prefetch:
        for kk in range(2, k_max + 1):
            fit(kk)

    figures: dict[int, object] = {}  # one figure per k, refilled when k comes back

    def update(k=k):
        result = fit(k)
        shares = result["profile"]["share"].drop("all")
        headline(phrase("hl_clusters", k=k, sizes=" · ".join(f"{s:.0%}" for s in shares)))
        figures[k] = charts.profile_heatmap(result["profile"], fig=figures.get(k))
        show(figures[k])
        return result

    return panel(update, k=int_slider(k, 2, k_max, term("n_clusters")))


def _classroom_facts() -> dict:
    from .. import datasets

    customers = datasets.load_customers().set_index("customer_id")
    facts = datasets.load_transactions().join(customers[["region", "city_tier", "channel"]],
                                              on="customer_id")
    return {"facts": facts}


def _classroom_baskets() -> dict:
    from .. import datasets

    return {"baskets": datasets.load_baskets()}


def _classroom_features() -> dict:
    from .. import datasets, rfm

    customers = datasets.load_customers().set_index("customer_id")
    summary = rfm.rfm_summary(datasets.load_transactions(), as_of=datasets.REFERENCE_DATE)
    raw = knowledge.customer_features(summary, customers["signup_date"])
    return {"features": knowledge.log_scale(raw), "profile_features": raw, "prefetch": True}


#: Keyword arguments for the data panels in classroom mode (``crm-lessons present 06``): the
#: bundled transactions with customer attributes, the bundled baskets, and the clustering features
#: of the chapter notebook (every k fitted up front, so the projected slider only redraws).
CLASSROOM_ARGS = {"olap_panel": _classroom_facts, "rules_panel": _classroom_baskets,
                  "clusters_panel": _classroom_features}

__all__ = ["olap_panel", "rules_panel", "clusters_panel", "CLASSROOM_ARGS"]
