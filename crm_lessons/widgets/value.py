"""Slider panels for chapter 01, relationship marketing and its value.

Each panel computes with :mod:`crm_lessons.value`, shows one headline and one figure, and returns
the computed result (``panel.result``):

* :func:`delivered_value_panel` → a ``DeliveredValue`` (drag product/service value, price, time cost);
* :func:`customer_base_panel` → the projected base, a Series by year (retention, acquisition, years);
* :func:`retention_profit_panel` → a ``RetentionImpact`` (retention, uplift, margin growth).
"""

from __future__ import annotations

import math

from .. import value
from ..glossary import phrase, term
from ..plotting import value as charts
from . import headline, int_slider, panel, show, slider


def delivered_value_panel():
    """Customer delivered value: move product value, service value, price and time cost.

    Personnel and image value and energy and psychic cost stay at the chapter's example split.
    """

    def update(product=value.EXAMPLE_VALUES["product"], service=value.EXAMPLE_VALUES["service"],
               monetary=value.EXAMPLE_COSTS["monetary"], time=value.EXAMPLE_COSTS["time"]):
        values = {**value.EXAMPLE_VALUES, "product": product, "service": service}
        costs = {**value.EXAMPLE_COSTS, "monetary": monetary, "time": time}
        dv = value.delivered_value(values, costs)
        headline(phrase("hl_delivered_value", difference=dv.difference, ratio=dv.ratio))
        show(charts.delivered_value_figure(dv))
        return dv

    return panel(
        update,
        product=slider(value.EXAMPLE_VALUES["product"], 0, 30_000, 500, term("product_value"),
                       ",.0f"),
        service=slider(value.EXAMPLE_VALUES["service"], 0, 10_000, 250, term("service_value"),
                       ",.0f"),
        monetary=slider(value.EXAMPLE_COSTS["monetary"], 1_000, 30_000, 500,
                        term("monetary_cost"), ",.0f"),
        time=slider(value.EXAMPLE_COSTS["time"], 0, 8_000, 250, term("time_cost"), ",.0f"),
    )


def customer_base_panel(start: float = 100.0):
    """A customer base over the years: move the retention rate, the acquisition rate, the horizon."""

    def update(retention=0.95, acquisition_rate=0.10, years=20):
        base = value.project_customer_base(start, retention, acquisition_rate, years)
        doubling = value.doubling_time(retention, acquisition_rate)
        trend = (phrase("doubling_never") if math.isinf(doubling)
                 else phrase("doubling_time_x", x=doubling))
        headline(phrase("hl_customer_base", n=years, count=base.iloc[-1],
                        ratio=base.iloc[-1] / start, trend=trend))
        label = f"{retention:.0%} + {acquisition_rate:.0%}"
        show(charts.customer_base_figure({label: base}))
        return base

    return panel(
        update,
        retention=slider(0.95, 0.50, 1.00, 0.01, term("retention_rate"), ".2f"),
        acquisition_rate=slider(0.10, 0.00, 0.30, 0.01, term("acquisition_rate_base"), ".2f"),
        years=int_slider(20, 5, 40, term("projection_years")),
    )


def retention_profit_panel():
    """Retention economics: move retention, the uplift in points and how fast margins grow."""

    def update(retention=0.80, uplift=0.05, margin_growth=0.10):
        impact = value.retention_profit_impact(retention, uplift, margin_growth=margin_growth)
        change = (f"{impact.pct_change:+.1f}%" if math.isfinite(impact.change)
                  else phrase("not_available"))
        headline(phrase("hl_retention_profit", before=impact.retention,
                        after=impact.uplifted_retention, base=impact.base_profit,
                        uplifted=impact.uplifted_profit, change=change))
        show(charts.retention_impact_figure(impact, compare=False))
        return impact

    return panel(
        update,
        retention=slider(0.80, 0.50, 0.95, 0.01, term("retention_rate"), ".2f"),
        uplift=slider(0.05, 0.00, 0.05, 0.01, term("retention_uplift"), ".2f"),
        margin_growth=slider(0.10, 0.00, 0.20, 0.01, term("tenure_margin_growth"), ".2f"),
    )


__all__ = ["delivered_value_panel", "customer_base_panel", "retention_profit_panel"]
