"""The computations behind the customer report that no chapter module owns.

Everything a report shows is computed here or in the concept modules (``rfm``, ``clv``,
``lifecycle``); the template only calls these functions and displays their results.
"""

from __future__ import annotations

import html

import pandas as pd

from ..glossary import term

#: Columns of the bundled customer table joined onto the bundled transactions.
BUNDLED_CUSTOMER_COLUMNS = ("name", "region", "channel", "city_tier")


def load(data_path: str = "", customer_col: str = "customer_id", date_col: str = "order_date",
         amount_col: str = "amount", order_col: str = "", filter_column: str = "",
         filter_value: str = "", date_format: str = "", sheet: str = "") -> pd.DataFrame:
    """The report's transactions in the standard schema, optionally filtered to one group.

    ``data_path=""`` uses the bundled retailer (with name, region, channel and city tier joined
    from its customer table); otherwise ``datasets.read_transactions`` reads and validates the
    file (``date_format``, ``sheet``: its ``date_format``, ``sheet_name``; empty: inferred, the
    first sheet). ``filter_column``/``filter_value`` keep the rows whose column equals the value
    (compared as text), e.g. region = 华东; an unknown column or a value with no rows is an error.
    """
    from .. import datasets

    if data_path:
        tx = datasets.read_transactions(data_path, customer_col=customer_col, date_col=date_col,
                                        amount_col=amount_col, order_col=order_col or None,
                                        date_format=date_format or None, sheet_name=sheet or 0)
    else:
        tx = datasets.load_transactions()
        customers = datasets.load_customers().set_index("customer_id")
        tx = tx.join(customers[list(BUNDLED_CUSTOMER_COLUMNS)], on="customer_id")
    if filter_column:
        if filter_column not in tx.columns:
            raise ValueError(f"filter_column {filter_column!r} is not a column of the data; "
                             f"columns: {', '.join(map(str, tx.columns))}")
        keep = tx[filter_column].astype(str) == str(filter_value)
        if not keep.any():
            seen = ", ".join(map(str, tx[filter_column].astype(str).unique()[:10]))
            raise ValueError(f"no rows with {filter_column} = {filter_value!r}; values seen: {seen}")
        tx = tx.loc[keep].reset_index(drop=True)
    return tx


def resolve_as_of(tx: pd.DataFrame, as_of: str = "") -> pd.Timestamp:
    """The analysis date: ``as_of`` if given (it must lie within the data), else the last day."""
    last = tx["order_date"].max().normalize()
    if not as_of:
        return last
    try:
        when = pd.Timestamp(as_of)
    except ValueError:
        raise ValueError(f"as_of must be a date like 2024-12-31, got {as_of!r}") from None
    first = tx["order_date"].min().normalize()
    if when < first:
        raise ValueError(f"as_of {when.date()} is before the first order ({first.date()})")
    return when


def overview(tx: pd.DataFrame, as_of: pd.Timestamp, currency: str = "yuan") -> pd.DataFrame:
    """Headline KPIs up to ``as_of``: customers, orders, revenue net of refunds, refunds, …"""
    upto = tx[tx["order_date"] <= as_of]
    sales = upto.loc[upto["amount"] > 0, "amount"]
    refunds = -upto.loc[upto["amount"] < 0, "amount"]
    last_year = upto[upto["order_date"] > as_of - pd.Timedelta(days=365)]
    rows = [
        ("kpi_period", f"{upto['order_date'].min():%Y-%m-%d} – {as_of:%Y-%m-%d}"),
        ("customers", f"{upto['customer_id'].nunique():,}"),
        ("kpi_active_12m", f"{last_year['customer_id'].nunique():,}"),
        ("kpi_orders", f"{upto['order_id'].nunique():,}"),
        ("kpi_net_revenue", f"{upto['amount'].sum():,.2f} {currency}"),
        ("kpi_refunds", f"{refunds.sum():,.2f} {currency} ({len(refunds):,})"),
        ("kpi_average_order", f"{sales.mean():,.2f} {currency}" if len(sales) else "–"),
        ("kpi_revenue_12m", f"{last_year['amount'].sum():,.2f} {currency}"),
    ]
    return pd.DataFrame({term("kpi_metric"): [term(k) for k, _ in rows],
                         term("kpi_value"): [v for _, v in rows]})


def segment_clv(tx: pd.DataFrame, segments: pd.Series, as_of: pd.Timestamp, margin: float,
                rate: float, years: int) -> pd.DataFrame:
    """Historical and projected CLV per RFM segment (yuan per customer).

    Out of sample, so a segment's definition cannot flatter its own retention:

    * ``historical_value`` = mean margin × net revenue to date of today's segment members;
    * the customers are segmented again as of one year earlier (same RFM rules); for each
      segment of that date, ``retention`` r = share who bought in the following 365 days and
      ``annual_margin`` m = mean margin × net revenue of those who did;
    * ``projected_clv`` = Σ_{t=1..years} m·r^t/(1+rate)^t (``clv.retention_clv``): what a
      customer of the segment today is worth over the horizon if the segment behaves as last year.

    Needs more than a year of history before ``as_of``; otherwise r, m and the projection are NaN.
    """
    from .. import clv, rfm

    upto = tx[tx["order_date"] <= as_of]
    hist = clv.customer_value(upto, margin=margin).reindex(segments.index, fill_value=0.0)
    table = clv.segment_ltv(hist, segments)
    out = pd.DataFrame({"customers": table["customers"], "historical_value": table["value"]})
    year_ago = as_of - pd.Timedelta(days=365)
    before = upto[upto["order_date"] <= year_ago]
    if before.empty or before.loc[before["amount"] > 0, "customer_id"].nunique() < 5:
        out["retention"] = out["annual_margin"] = out["projected_clv"] = float("nan")
        return out
    then = rfm.rfm_segments(rfm.rfm_scores(rfm.rfm_summary(before, as_of=year_ago), ties="keep"))
    next_year = upto[upto["order_date"] > year_ago]
    value_next = clv.customer_value(next_year, margin=margin)
    bought = next_year.loc[next_year["amount"] > 0, "customer_id"].unique()
    frame = pd.DataFrame({"segment": then, "retained": then.index.isin(bought)})
    frame["value"] = value_next.reindex(frame.index)
    g = frame.groupby("segment", observed=True)
    r = g["retained"].mean()
    m = frame[frame["retained"]].groupby("segment", observed=True)["value"].mean()
    out["retention"] = r.reindex(out.index)
    out["annual_margin"] = m.reindex(out.index)
    known = out["retention"].notna() & out["annual_margin"].notna()
    out["projected_clv"] = float("nan")
    if known.any():
        out.loc[known, "projected_clv"] = clv.retention_clv(
            out.loc[known, "annual_margin"].to_numpy(), out.loc[known, "retention"].to_numpy(),
            rate, years)
    return out.sort_values("projected_clv", ascending=False)


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with column and index names (and index values) shown through the glossary.

    Keys without a glossary entry are left as they are; values are not changed.
    """
    from ..glossary import terms

    known = terms()

    def name(key):
        for k in (f"col_{key}", f"seg_{key}", f"pyramid_{key}", f"tier_{key}"):
            if k in known:
                return term(k)
        return key

    out = frame.rename(columns=name)
    if not pd.api.types.is_numeric_dtype(out.index.dtype):
        out.index = pd.Index([name(v) for v in out.index], name=name(out.index.name))
    else:
        out.index.name = name(out.index.name)
    return out


def call_list(warnings: pd.DataFrame, tiers: pd.Series, names: pd.Series | None, top_n: int
              ) -> pd.DataFrame:
    """Overdue high- and middle-tier customers, most overdue first (who to call this week)."""
    w = warnings[tiers.reindex(warnings.index).isin(["high", "middle"])]
    w = w[w["status"] != "on track"].sort_values("margin")
    out = w[["cycle_days", "days_since", "margin", "status"]].copy()
    out.insert(0, "tier", tiers.reindex(out.index).map(lambda t: term(f"tier_{t}")))
    if names is not None:
        out.insert(0, "name", names.reindex(out.index))
    out["status"] = out["status"].astype(str).map(lambda s: term(f"status_{s.replace(' ', '_')}"))
    return out.head(top_n)


def top_customers(value: pd.Series, tiers: pd.Series, summary: pd.DataFrame,
                  names: pd.Series | None, top_n: int) -> pd.DataFrame:
    """The ``top_n`` customers by value with their tier and R, F, M (names when the data has them)."""
    best = value.sort_values(ascending=False).head(top_n)
    out = pd.DataFrame({"tier": tiers.reindex(best.index).map(lambda t: term(f"pyramid_{t}")),
                        "value": best})
    out = out.join(summary[["recency_days", "frequency", "monetary"]])
    if names is not None:
        out.insert(0, "name", names.reindex(out.index))
    return out


def recommendations(segments: pd.Series, monetary: pd.Series, pyramid: pd.DataFrame,
                    calls: pd.DataFrame, clv_table: pd.DataFrame, currency: str) -> list[str]:
    """Three to five short, data-driven recommendations (plain text, values escaped for HTML)."""
    recs = []
    share = monetary.groupby(segments, observed=True).sum() / monetary.sum()
    counts = segments.value_counts()
    for seg in ("at_risk", "cant_lose"):
        if counts.get(seg, 0):
            recs.append(term("rec_segment").format(
                n=f"{counts[seg]:,}", segment=term(f"seg_{seg}"), share=f"{share.get(seg, 0):.1%}"))
    top = pyramid.iloc[0]
    recs.append(term("rec_pyramid").format(tier=term(f"pyramid_{pyramid.index[0]}"),
                                            customers=f"{top['customer_share']:.1%}",
                                            share=f"{top['value_share']:.1%}"))
    if len(calls):
        recs.append(term("rec_calls").format(n=f"{len(calls):,}",
                                             days=f"{-int(calls['margin'].min()):,}"))
    if len(clv_table) and clv_table["projected_clv"].notna().any():
        best = clv_table["projected_clv"].idxmax()
        recs.append(term("rec_clv").format(
            segment=term(f"seg_{best}") if f"seg_{best}" in _keys() else str(best),
            value=f"{clv_table.loc[best, 'projected_clv']:,.0f}", currency=currency))
    return [html.escape(r) for r in recs]


def _keys() -> set[str]:
    from ..glossary import terms

    return set(terms())


def rf_counts(scores: pd.DataFrame) -> pd.DataFrame:
    """Customers per R × F score pair (rows R, columns F), for a heatmap when no campaign exists."""
    table = pd.crosstab(scores["r_score"], scores["f_score"]).astype(float)
    table.index.name, table.columns.name = "r_score", "f_score"
    return table


def bullet_list(items: list[str]) -> str:
    """Markdown bullets of already-escaped text."""
    return "\n".join(f"- {item}" for item in items) if items else "-"


__all__ = ["load", "resolve_as_of", "overview", "segment_clv", "labelled", "call_list",
           "top_customers", "ltv_sensitivity",
           "recommendations", "rf_counts", "bullet_list"]


def ltv_sensitivity(inputs: dict, retention_shifts=(-0.10, -0.05, 0.0, 0.05, 0.10),
                    interests=(0.0, 0.04, 0.08, 0.12, 0.16)) -> pd.DataFrame:
    """Final-year LTV per acquired customer of ``clv.ltv_table(**inputs)`` on a grid.

    Rows: every year's retention shifted by the same amount (clipped to [0, 1]); columns:
    interest rate. Shows which lever moves the cohort's value more.

    >>> hughes = dict(customers=100_000, retention=[0.6, 0.7, 0.8],
    ...               orders_per_year=[1.8, 2.5, 3], average_order=[90, 95, 100],
    ...               cost_rate=[0.7, 0.65, 0.65], cost_per_customer=[55, 20, 20],
    ...               interest=0.08, risk_factor=2, round_divisor=2)
    >>> float(round(ltv_sensitivity(hughes).loc[0.0, 0.08], 2))
    52.7
    """
    from .. import clv

    grid = {}
    base = [float(r) for r in (inputs["retention"] if isinstance(inputs["retention"], list)
                               else [inputs["retention"]])]
    for shift in retention_shifts:
        row = {}
        for interest in interests:
            changed = {**inputs, "retention": [min(1.0, max(0.0, r + shift)) for r in base],
                       "interest": interest}
            row[interest] = float(clv.ltv_table(**changed).loc["ltv"].iloc[-1])
        grid[shift] = row
    table = pd.DataFrame(grid).T
    table.index.name, table.columns.name = "retention_shift", "interest"
    return table
