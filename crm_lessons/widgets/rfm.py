"""Slider panels for chapter 05: segmentation depth, RFM bins, the mailing decision, churn warning.

Each panel computes with :mod:`crm_lessons.rfm`, shows one bold line and one figure, and returns
the computed result (tests read ``panel.result``). Panels that need data take it as an argument
(a summary, a cell table, warning inputs), so the notebook decides what is shown.
"""

from __future__ import annotations

import pandas as pd

from .. import rfm
from ..glossary import phrase, term
from ..plotting import rfm as charts
from . import headline, int_slider, panel, show, slider


def segmentation_depth_panel(max_return: float = 100.0, scale: float = 4.0,
                             cost_per_segment: float = 5.0):
    """Cost per segment and how fast returns saturate → the stylised best number of segments."""

    state = {"fig": None}

    def update(cost_per_segment=cost_per_segment, scale=scale):
        best = rfm.optimal_segments(max_return, scale, cost_per_segment)
        net = rfm.segmentation_return([best], max_return, scale, cost_per_segment)["net"].iloc[0]
        headline(f"{term('optimal_depth')}: k = {best} ({term('net_return')} {net:,.1f})")
        state["fig"] = charts.segmentation_depth_figure(max_return, scale, cost_per_segment,
                                                        fig=state["fig"])
        show(state["fig"])
        return best

    return panel(update,
                 cost_per_segment=slider(cost_per_segment, 0.5, 20.0, 0.5,
                                         term("cost_per_segment"), ".1f"),
                 scale=slider(scale, 1.0, 10.0, 0.5, term("saturation_scale"), ".1f"))


def bins_panel(summary: pd.DataFrame, bins: int = 5):
    """Number of bins per score → the R × F grid of customer counts; returns the scores."""

    def update(bins=bins):
        scores = rfm.rfm_scores(summary, bins=bins)
        filled = scores["cell"].nunique()
        headline(phrase("hl_rfm_cells", bins=bins, n=bins ** 3, filled=filled,
                        per=len(scores) / bins ** 3))
        show(charts.cell_counts_figure(scores))
        return scores

    return panel(update, bins=int_slider(bins, 2, min(9, len(summary)), term("rfm_bins")))


def mailing_panel(cells: pd.DataFrame, universe: pd.Series | None = None,
                  cost_per_piece: float | None = None, profit_per_response: float | None = None):
    """Cost per piece and profit per response → break-even, which cells to mail, ROI of both plans.

    ``cells`` is :func:`crm_lessons.rfm.cell_response` output; defaults start at the campaign's own
    cost and average profit per response. Each cell keeps its own margin: moving the profit slider
    scales every cell's profit per response in proportion (``rollout`` with ``margins="own"``).
    Returns the :func:`crm_lessons.rfm.rollout` table.
    """
    # start exactly at the campaign's own figures, so the first headline matches the static table
    cost0 = float(cells.attrs.get("cost_per_piece", 0.55) if cost_per_piece is None
                  else cost_per_piece)
    profit0 = float(cells.attrs.get("profit_per_response", 40.0)
                    if profit_per_response is None else profit_per_response)

    def update(cost_per_piece=cost0, profit_per_response=profit0):
        plan = rfm.rollout(cells, cost_per_piece, profit_per_response, universe=universe)
        chosen = plan.loc["mail cells above break-even"]
        everyone = plan.loc["mail everyone"]
        headline(phrase("hl_mailing", be=plan.attrs["break_even"], chosen=chosen["cells"],
                        total=everyone["cells"], roi=chosen["roi_pct"],
                        roi_all=everyone["roi_pct"]))
        show(charts.rollout_figure(plan))
        return plan

    return panel(update,
                 cost_per_piece=slider(cost0, 0.05, 3.0, 0.05, term("cost_per_piece"),
                                       ".2f"),
                 profit_per_response=slider(profit0, 5.0, 200.0, 1.0,
                                            term("profit_per_response"), ",.2f"))


def warning_panel(summary: pd.DataFrame, today, labels: pd.Series | None = None,
                  threshold: int = 0, max_rows: int = 15):
    """Warning threshold on P − R (days) → how many accounts to watch and to call; returns the table.

    ``summary`` needs ``frequency`` and ``last_purchase`` over the last 365 days (e.g. the high and
    middle tiers of ``rfm_summary(orders, as_of=today, window_days=365)``).
    """

    state = {"fig": None}

    def update(threshold=threshold):
        warnings = rfm.cycle_warning(summary, today, threshold=threshold)
        counts = warnings["status"].value_counts()
        headline(f"{term('status_at_risk')}: {counts['at risk']}; "
                 f"{term('status_watch')}: {counts['watch']}; "
                 f"{term('status_on_track')}: {counts['on track']}")
        state["fig"] = charts.cycle_warning_figure(warnings, labels, max_rows=max_rows,
                                                   fig=state["fig"])
        show(state["fig"])
        return warnings

    return panel(update, threshold=int_slider(threshold, -30, 30, term("warning_threshold")))


def _classroom_summary() -> dict:
    from .. import datasets

    return {"summary": rfm.rfm_summary(datasets.load_transactions(),
                                       as_of=datasets.REFERENCE_DATE)}


def _classroom_cells() -> dict:
    from .. import datasets

    transactions = datasets.load_transactions()
    before = transactions[transactions["order_date"] < datasets.CAMPAIGN_DATE]
    summary = rfm.rfm_summary(before, as_of=datasets.CAMPAIGN_DATE - pd.Timedelta(days=1))
    scores = rfm.rfm_scores(summary, monetary_col="average_order")
    return {"cells": rfm.cell_response(datasets.load_campaign(), scores),
            "universe": scores["cell"].value_counts()}


def _classroom_watch_list() -> dict:
    from .. import datasets

    today = datasets.B2B_TODAY
    accounts = datasets.load_b2b_accounts().set_index("account_id")
    b2b = rfm.rfm_summary(datasets.load_b2b_orders(), as_of=today, customer_col="account_id",
                          window_days=365)
    tiers = rfm.customer_tiers(b2b["average_order"] * b2b["frequency"])
    return {"summary": b2b[tiers.isin(["high", "middle"])], "today": today,
            "labels": accounts["short_name"]}


#: Keyword arguments for the data panels in classroom mode (``crm-lessons present 05``), as in the
#: chapter notebook: the bundled shop's RFM summary, the July campaign's response per cell (with
#: the customers per cell to roll out to), and the 全胜 B2B accounts of the high and middle tiers.
CLASSROOM_ARGS = {"bins_panel": _classroom_summary, "mailing_panel": _classroom_cells,
                  "warning_panel": _classroom_watch_list}

__all__ = ["segmentation_depth_panel", "bins_panel", "mailing_panel", "warning_panel",
           "CLASSROOM_ARGS"]
