"""Charts used only by the report templates."""

from __future__ import annotations

import pandas as pd
import seaborn as sns

from ..glossary import term
from . import TEXT_PT, finish, new_axes


def sensitivity_heatmap(table: pd.DataFrame, currency: str = ""):
    """Heatmap of final-year LTV by retention shift (rows) and interest rate (columns)."""
    fig, ax = new_axes(figsize=(6.8, 4.2))
    shown = table.copy()
    shown.index = [f"{v:+.0%}" for v in table.index]
    shown.columns = [f"{v:.0%}" for v in table.columns]
    sns.heatmap(shown, annot=True, fmt=",.2f", cmap="RdYlGn", center=0, ax=ax,
                annot_kws={"fontsize": TEXT_PT},
                cbar_kws={"label": f"{term('ltv_final_year')} {currency}".strip()})
    finish(ax, term("report_sensitivity"), term("interest_rate"), term("retention_shift"))
    return fig


def cohort_chart(table: pd.DataFrame, sizes: pd.Series, *, small_share: float = 0.01,
                 max_offset: int = 24):
    """Cohort retention heat map with each cohort's size beside it (for the customer report).

    ``table`` from ``lifecycle.cohort_retention`` (shares), ``sizes`` the customers each cohort
    acquired. Rows whose cohort holds fewer than ``small_share`` of all customers are marked
    with "*" and a grey bar (their shares rest on few people). With many cohorts only every k-th
    row label is written (about 40, plus every marked row), so 80+ cohorts stay readable; at
    most ``max_offset``
    periods are drawn.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    table = table.loc[:, table.columns <= max_offset]
    sizes = sizes.reindex(table.index).fillna(0).astype(int)
    small = sizes < small_share * max(int(sizes.sum()), 1)
    labels = [f"{p}{' *' if s else ''}" for p, s in zip(table.index, small, strict=True)]
    n = len(table)
    step = max(1, int(np.ceil(n / 40)))
    height = min(3.2 + 0.2 * n / step * (1 if step == 1 else 1.2), 11.0)
    width = min(5.5 + 0.42 * table.shape[1], 15.0)
    fig, (ax, side) = plt.subplots(1, 2, figsize=(width, height), layout="constrained",
                                   gridspec_kw={"width_ratios": [5, 1.3]})
    annotate = table.shape[1] <= 16 and n <= 30
    sns.heatmap(table.set_axis([str(p) for p in table.index]), annot=annotate, fmt=".0%", cmap="viridis", vmin=0, vmax=1, ax=ax,
                annot_kws={"fontsize": 7}, yticklabels=False,
                cbar_kws={"label": term("lc_share_buying"), "format": "{x:.0%}", "shrink": 0.6,
                          "pad": 0.01})
    # every step-th label, plus every marked (small) cohort, never two labels closer than step/2
    marked = [int(i) for i in np.flatnonzero(small.to_numpy())]
    ticks = list(marked)
    for i in range(0, n, step):
        if all(abs(i - j) * 2 >= step for j in marked):
            ticks.append(i)
    ticks = np.array(sorted(set(ticks)), dtype=int)
    ax.set_yticks(ticks + 0.5, [labels[i] for i in ticks], rotation=0, fontsize=10)
    ax.grid(False)
    freq = getattr(table.index, "freqstr", None) or "M"
    xkey = {"M": "lc_months_since", "Q": "lc_quarters_since"}.get(freq[0], "lc_years_since")
    finish(ax, term("lc_cohort_retention"), term(xkey), term("lc_cohort"), layout=False)
    y = np.arange(n) + 0.5
    side.barh(y, sizes.to_numpy(), color=["0.7" if s else "#4477aa" for s in small], height=0.8)
    side.set_ylim(n, 0)
    side.set_yticks([])
    side.set_xlabel(term("lc_cohort_size"))
    side.xaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    side.tick_params(axis="x", labelsize=9, rotation=30)
    if n <= 30:
        for yy, v in zip(y, sizes.to_numpy(), strict=True):
            side.text(v, yy, f" {v:,}", va="center", fontsize=8)
        side.set_xlim(0, max(int(sizes.max()), 1) * 1.45)
    side.grid(False)
    return fig
