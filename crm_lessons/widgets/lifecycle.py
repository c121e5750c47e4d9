"""Slider panels for chapter 02: group lifetime, the lifecycle-profit drivers, the stage rules.

Each panel computes with :mod:`crm_lessons.lifecycle`, shows one bold line and one figure, and
returns the computed result (tests read ``panel.result``).
"""

from __future__ import annotations

import pandas as pd

from .. import lifecycle
from ..glossary import phrase, term
from ..plotting import lifecycle as charts
from . import headline, int_slider, panel, show, slider


def group_lifetime_panel(churn: float = 0.20, customers: int = 100,
                         acquisition_cost: float = 60.0):
    """Churn rate, base size and acquisition cost → group lifetime, yearly replacements and their
    cost; the figure marks the base against company B of the lecture (10 % churn).

    Returns the one-row :func:`~crm_lessons.lifecycle.group_lifetime_table` of the current base.
    """

    state = {"fig": None}

    def update(churn=churn, customers=customers, acquisition_cost=acquisition_cost):
        lost = churn * customers
        table = lifecycle.group_lifetime_table(customers, lost, acquisition_cost=acquisition_cost,
                                               names=[term("lc_company")])
        row = table.iloc[0]
        headline(phrase("hl_group_lifetime", churn=churn, years=row["group_lifetime"],
                        n=row["replacements"], cost=row["replacement_cost"]))
        reference = lifecycle.group_lifetime_table(customers, 0.10 * customers,
                                                   acquisition_cost=acquisition_cost,
                                                   names=["B (10%)"])
        state["fig"] = charts.group_lifetime_figure(pd.concat([table, reference]),
                                                    fig=state["fig"])
        show(state["fig"])
        return table

    return panel(update,
                 churn=slider(churn, 0.05, 0.50, 0.01, term("churn_rate"), ".0%"),
                 customers=int_slider(customers, 10, 1000, term("lc_customers_at_start"), step=10),
                 acquisition_cost=slider(acquisition_cost, 0.0, 300.0, 10.0,
                                         term("lc_acquisition_per_customer"), ",.0f"))


def profit_curve_panel(volume_growth: float = 2.0, wtp_growth: float = 0.3,
                       cost_saving: float = 0.4, indirect: float = 300.0):
    """The four drivers (volume growth, willingness to pay, cost-to-serve saving, indirect
    benefit) → the stylised lifecycle-profit curve and the lifecycle profit.

    Returns the :func:`~crm_lessons.lifecycle.lifecycle_profit_curve` for the slider values.
    """

    state = {"fig": None}

    def update(volume_growth=volume_growth, wtp_growth=wtp_growth, cost_saving=cost_saving,
               indirect=indirect):
        curve = lifecycle.lifecycle_profit_curve(volume_growth, wtp_growth, cost_saving, indirect)
        total = lifecycle.lifecycle_profit(curve)
        peak = curve["profit"].idxmax()
        headline(phrase("hl_lifecycle_profit", total=total, peak=curve.loc[peak, "profit"],
                        n=peak, phase=term("phase_" + curve.loc[peak, "phase"])))
        state["fig"] = charts.profit_curve_figure(curve, fig=state["fig"])
        show(state["fig"])
        return curve

    return panel(update,
                 volume_growth=slider(volume_growth, 0.0, 4.0, 0.1, term("lc_volume_growth"),
                                      ".1f"),
                 wtp_growth=slider(wtp_growth, 0.0, 1.0, 0.05, term("lc_wtp_growth"), ".0%"),
                 cost_saving=slider(cost_saving, 0.0, 0.9, 0.05, term("lc_cost_saving"), ".0%"),
                 indirect=slider(indirect, 0.0, 1000.0, 50.0, term("lc_indirect_yuan"), ",.0f"))


def stage_rules_panel(transactions=None, as_of=None, customers=None, *, active_days: int = 180,
                      lost_days: int = 365, mature_orders: int = 5):
    """The stage rules' thresholds → customers per lifecycle stage on ``transactions``.

    Without arguments it uses the bundled shop (transactions and customer list) as of
    ``datasets.REFERENCE_DATE``; with ``transactions`` but no ``as_of``, the last order date.
    Slider ranges keep the rules valid (active_days ≤ 330 < 365 ≤ lost_days). The other rules
    stay at :data:`~crm_lessons.lifecycle.DEFAULT_RULES`. Returns the stage counts.
    """
    if transactions is None:
        from .. import datasets

        transactions = datasets.load_transactions()
        customers = datasets.load_customers() if customers is None else customers
        as_of = datasets.REFERENCE_DATE if as_of is None else as_of
    history = lifecycle.stage_history(transactions, as_of, customers)  # validated, summarised once
    when = history.as_of

    def update(active_days=active_days, lost_days=lost_days, mature_orders=mature_orders):
        stages = history.stages(active_days=active_days, lost_days=lost_days,
                                mature_orders=mature_orders)
        counts = lifecycle.stage_counts(stages)
        total = max(int(counts.sum()), 1)
        at_risk = int(counts["decline"])
        headline(phrase("hl_stage_counts", mature=int(counts["maturity"]),
                        mature_share=counts["maturity"] / total, decline=at_risk,
                        decline_share=at_risk / total, ended=int(counts["termination"]),
                        ended_share=counts["termination"] / total))
        show(charts.stage_counts_figure(counts, as_of=when))
        return counts

    return panel(update,
                 active_days=int_slider(active_days, 30, 330, term("lc_active_days"), step=30),
                 lost_days=int_slider(lost_days, 365, 730, term("lc_lost_days"), step=5),
                 mature_orders=int_slider(mature_orders, 2, 12, term("lc_mature_orders")))


__all__ = ["group_lifetime_panel", "profit_curve_panel", "stage_rules_panel"]
