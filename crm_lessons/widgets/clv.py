"""Slider panels for chapter 03: single-customer CLV, the cohort table, retention-based CLV.

Each panel computes with :mod:`crm_lessons.clv`, shows one bold line and one figure, and returns
the computed result (tests read ``panel.result``). A panel draws its figure once and then updates
the bars and lines in place, so a slider release costs a redraw, not a new figure.
"""

from __future__ import annotations

from .. import clv
from ..glossary import phrase, term
from ..plotting import clv as charts
from . import headline, int_slider, panel, show, slider


def single_clv_panel(rate: float = 0.10, years: int = 20, profit: float = 2400.0):
    """Discount rate, years and yearly profit → CLV = profit × PVIFA(rate, years), with bars."""

    state = {"fig": None}

    def update(rate=rate, years=years, profit=profit):
        schedule = clv.clv_schedule([profit] * years, 0.0, rate)
        value = float(schedule["present_value"].sum())
        headline(phrase("hl_single_clv", value=value, plain=profit * years,
                        factor=clv.annuity_factor(rate, years)))
        state["fig"] = charts.discounting_figure(schedule, fig=state["fig"])
        show(state["fig"])
        return value

    return panel(update,
                 rate=slider(rate, 0.0, 0.30, 0.01, term("discount_rate"), ".2f"),
                 years=int_slider(years, 1, 40, term("clv_horizon")),
                 profit=slider(profit, 0.0, 6000.0, 100.0, term("clv_profit_per_period"), ",.0f"))


def cohort_panel(example: str = "hughes"):
    """Retention after years 1 and 2, year-1 acquisition cost and interest → the LTV row redrawn.

    Starts from a named example of :func:`crm_lessons.clv.example_table` ("hughes" or
    "lecture"); the other inputs stay as in the example. Returns the whole ``ltv_table``.
    """
    base = {"hughes": clv.HUGHES_EXAMPLE, "lecture": clv.LECTURE_VARIANT}
    if example not in base:
        raise ValueError(f"example must be 'hughes' or 'lecture', got {example!r}")
    inputs = base[example]
    # the example's money stays in its currency: Hughes' table is in US dollars
    cost_key = {"usd": "clv_acquisition_cost_usd", "yuan": "clv_acquisition_cost"}[
        clv.EXAMPLE_CURRENCY[example]]
    retention0 = list(inputs["retention"])
    cost0 = list(inputs["cost_per_customer"])
    state = {"fig": None}

    def update(retention1=retention0[0], retention2=retention0[1], acquisition=cost0[0],
               interest=inputs["interest"]):
        table = clv.example_table(example, retention=[retention1, retention2, *retention0[2:]],
                                  cost_per_customer=[acquisition, *cost0[1:]],
                                  interest=interest)
        last = table.columns[-1]
        paid = clv.breakeven_year(table)
        when = phrase("breakeven_year", n=paid) if paid else phrase("breakeven_never")
        headline(phrase("hl_cohort", last=last, ltv_last=table.loc["ltv", last],
                        ltv_first=table.loc["ltv", 1], when=when))
        state["fig"] = charts.ltv_figure(table, fig=state["fig"])
        show(state["fig"])
        return table

    return panel(update,
                 retention1=slider(retention0[0], 0.0, 1.0, 0.05, term("clv_retention_year1"),
                                   ".2f"),
                 retention2=slider(retention0[1], 0.0, 1.0, 0.05, term("clv_retention_year2"),
                                   ".2f"),
                 acquisition=slider(cost0[0], 0.0, 150.0, 5.0, term(cost_key),
                                    ".0f"),
                 interest=slider(inputs["interest"], 0.0, 0.20, 0.01, term("clv_interest"),
                                 ".2f"))


def retention_clv_panel(margin: float = 100.0, retention: float = 0.80, rate: float = 0.10):
    """Retention and discount rate → CLV = m·r / (1 + i − r), on the curve against retention."""

    state = {"fig": None}

    def update(retention=retention, rate=rate, margin=margin):
        value = clv.retention_clv(margin, retention, rate)
        headline(phrase("hl_retention_clv", value=value, margin=margin))
        state["fig"] = charts.retention_curve_figure(margin, rate, retention, fig=state["fig"])
        show(state["fig"])
        return value

    return panel(update,
                 retention=slider(retention, 0.0, 0.95, 0.05, term("clv_retention"), ".2f"),
                 rate=slider(rate, 0.01, 0.30, 0.01, term("discount_rate"), ".2f"),
                 margin=slider(margin, 0.0, 500.0, 10.0, term("clv_margin"), ",.0f"))


def pyramid_panel(values=None):
    """Share of customers in the diamond tier → the pyramid's shares of customers and profit.

    ``values`` is a Series of customer values; by default the bundled shop's last 12 months
    (30 % margin on net spending up to ``datasets.REFERENCE_DATE``, every customer counted). Gold
    and brass keep the lecture's 4 % and 15 %, lead takes the rest. Returns
    ``clv.pyramid_summary``.
    """
    if values is None:
        import pandas as pd

        from .. import datasets

        end = datasets.REFERENCE_DATE
        values = clv.customer_value(datasets.load_transactions(), margin=0.30,
                                    start=end - pd.DateOffset(years=1) + pd.Timedelta(days=1),
                                    end=end, customers=datasets.load_customers()["customer_id"])

    state = {"fig": None}

    def update(diamond=0.01):
        shares = (diamond, 0.04, 0.15, 1.0 - diamond - 0.19)
        summary = clv.pyramid_summary(values, clv.customer_pyramid(values, shares=shares))
        headline(phrase("hl_pyramid", diamond=diamond,
                        share=summary.loc["diamond", "value_share"]))
        state["fig"] = charts.pyramid_figure(summary, fig=state["fig"])
        show(state["fig"])
        return summary

    return panel(update, diamond=slider(0.01, 0.01, 0.10, 0.01, term("pyramid_diamond"), ".2f"))


__all__ = ["single_clv_panel", "cohort_panel", "retention_clv_panel", "pyramid_panel"]
