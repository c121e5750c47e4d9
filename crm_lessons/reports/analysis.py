"""The computations behind the customer report that no chapter module owns.

Everything a report shows is computed here or in the concept modules (``rfm``, ``clv``,
``lifecycle``); the template only calls these functions and displays their results.

The customer template is sectioned: each section's first cell starts with
``# --- section: NAME ---`` and carries ``metadata.section`` (title, overview, rfm, pyramid,
warning, lifecycle, clv, buy_again, recommendations, customers). A new section is new cells (new ids)
between two sections, its computations here, its headings and sentences in
``glossary/reports.py`` (both languages), and a note instead of a table when it does not apply.
"""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd

from .._frames import count_per
from .._validate import strictly_increasing
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
    Order dates are cut to the day (times of day dropped): the report counts whole days.
    """
    from .. import datasets

    tx = _checked(data_path) if data_path else None   # what crm-lessons report has checked
    if tx is None and data_path:
        tx = datasets.read_transactions(data_path, customer_col=customer_col, date_col=date_col,
                                        amount_col=amount_col, order_col=order_col or None,
                                        date_format=date_format or None, sheet_name=sheet or 0)
    elif tx is None:
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
    # The report works in whole days: a time of day would make the analysis date (midnight)
    # drop the last day's orders, so dates are cut to the day once, here.
    tx["order_date"] = tx["order_date"].dt.normalize()
    return tx


def _checked(data_path: str) -> pd.DataFrame | None:
    """The table ``crm-lessons report`` has already read and checked (a Parquet file it wrote,
    marked in its ``attrs``), read as it is; None for any other file. Its ``customer_id`` is
    categorical (see ``runner._compact``), and it has no ``order_id`` when each row of the
    user's file was taken as an order."""
    import json
    from pathlib import Path

    import pyarrow as pa
    import pyarrow.parquet as pq

    from .runner import CHECKED

    if Path(data_path).suffix.lower() != ".parquet":
        return None
    try:  # the schema only: a file without the mark is not read twice
        attrs = json.loads((pq.read_schema(data_path).metadata or {}).get(b"PANDAS_ATTRS", b"{}"))
    except Exception:  # not readable as Parquet: read_transactions says what it is
        return None
    if not attrs.get(CHECKED):
        return None
    table = pd.read_parquet(data_path)
    pa.default_memory_pool().release_unused()   # Arrow keeps the decoding buffers otherwise
    return table


def resolve_as_of(tx: pd.DataFrame, as_of: str = "") -> pd.Timestamp:
    """The analysis date (a day; the report counts everything **through the end** of it).

    Default: the day of the last purchase (a line with amount > 0), not of a later refund. A given
    ``as_of`` may lie after the data (everybody is then dormant: a finding, not an error) but
    not before the first line.

    >>> tx = pd.DataFrame({"order_date": pd.to_datetime(["2024-03-01 09:30", "2024-03-05 17:10",
    ...                                                  "2024-03-09 08:00"]),
    ...                    "amount": [10.0, 20.0, -5.0]})
    >>> resolve_as_of(tx).date(), resolve_as_of(tx, "2026-01-31").date()
    (datetime.date(2024, 3, 5), datetime.date(2026, 1, 31))
    """
    bought = tx.loc[tx["amount"] > 0, "order_date"]
    last = (bought if len(bought) else tx["order_date"]).max().normalize()
    if not as_of:
        return last
    try:
        when = pd.Timestamp(as_of).normalize()
    except ValueError:
        raise ValueError(f"as_of must be a date like 2024-12-31, got {as_of!r}") from None
    first = tx["order_date"].min().normalize()
    if when < first:
        raise ValueError(f"as_of {when.date()} is before the first order ({first.date()})")
    return when


def through(tx: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """The rows dated on or before the end of ``day`` (times of day included); ``tx`` itself,
    not a copy, when every row is (the usual case: no memory spent on large files)."""
    end = pd.Timestamp(day).normalize() + pd.Timedelta(days=1)
    if tx["order_date"].max() < end:
        return tx
    return tx[tx["order_date"] < end]


def year_before(day: pd.Timestamp) -> pd.Timestamp:
    """Start of the calendar year that ends on ``day``: the window is (start, day], so the
    12 months to 2024-12-31 begin on 2024-01-01 (leap years included, unlike 365 days).

    >>> year_before(pd.Timestamp("2024-12-31")).date(), year_before(pd.Timestamp("2025-02-28")).date()
    (datetime.date(2023, 12, 31), datetime.date(2024, 2, 28))
    """
    return pd.Timestamp(day).normalize() - pd.DateOffset(years=1)


def _one_row_per_order(tx: pd.DataFrame) -> bool:
    """Whether each row is its own order: no ``order_id`` column (the checked data when each
    row of the file was taken as an order) or strictly increasing ids (no hashing needed)."""
    return "order_id" not in tx or strictly_increasing(tx["order_id"])


def purchase_orders(tx: pd.DataFrame) -> pd.Series:
    """Purchase orders per customer: distinct ``order_id`` among lines with amount > 0 (without
    an ``order_id`` column each row is an order).

    One definition across the package: an order is a purchase; refund lines are not orders.

    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b"], "order_id": ["1", "1", "2", "3"],
    ...                    "amount": [5.0, 7.0, -3.0, 4.0]})
    >>> purchase_orders(tx).to_dict()
    {'a': 1, 'b': 1}
    """
    bought = (tx["amount"] > 0).to_numpy()
    if _one_row_per_order(tx):
        return count_per(tx["customer_id"][bought]).rename("orders").rename_axis("customer_id")
    lines = tx.loc[bought, ["customer_id", "order_id"]]
    return lines.groupby("customer_id", observed=True)["order_id"].nunique().rename("orders")


def overview(tx: pd.DataFrame, as_of: pd.Timestamp, currency: str = "yuan") -> pd.DataFrame:
    """Headline KPIs through ``as_of``.

    customers (any line), customers active (a purchase or a refund) in the 12 calendar months to
    ``as_of`` (2024-01-01 … 2024-12-31 for 2024-12-31, leap day included), purchase
    orders (distinct order ids with amount > 0; refund lines are not orders), revenue net of
    refunds, refunds (yuan and number of refund lines), average order = net revenue ÷ purchase
    orders, and net revenue of the last 12 calendar months.
    """
    # Masks over the columns, not filtered copies of the table: on millions of rows each copy
    # would cost as much memory as the data.
    upto = through(tx, as_of)
    amount = upto["amount"]
    bought = (amount > 0).to_numpy()
    refunds = -amount[(amount < 0).to_numpy()]
    recent = (upto["order_date"] >= year_before(as_of) + pd.Timedelta(days=1)).to_numpy()
    n_orders = (int(bought.sum()) if _one_row_per_order(upto)
                else upto["order_id"][bought].nunique())
    net = amount.sum()
    rows = [
        ("kpi_period", f"{upto['order_date'].min():%Y-%m-%d} – {as_of:%Y-%m-%d}"),
        ("customers", f"{upto['customer_id'].nunique():,}"),
        ("kpi_active_12m", f"{upto['customer_id'][recent].nunique():,}"),
        ("kpi_orders", f"{n_orders:,}"),
        ("kpi_net_revenue", f"{net:,.2f} {currency}"),
        ("kpi_refunds", term("kpi_refund_lines").format(
            amount=f"{refunds.sum():,.2f} {currency}", n=f"{len(refunds):,}")),
        ("kpi_average_order", f"{net / n_orders:,.2f} {currency}" if n_orders else "–"),
        ("kpi_revenue_12m", f"{amount[recent].sum():,.2f} {currency}"),
    ]
    return pd.DataFrame({term("kpi_metric"): [term(k) for k, _ in rows],
                         term("kpi_value"): [v for _, v in rows]})


# --- scores and segments --------------------------------------------------------------------
#: Segment keys the report adds to the named segments of ``rfm.SEGMENT_RULES``.
NOT_RANKED, OTHERS = "not_ranked", "others"


def score(summary: pd.DataFrame, bins: int = 5) -> pd.DataFrame:
    """R, F, M scores for the report: equal values get equal scores (``ties="keep"``), customers
    whose refunds are as large as their purchases stay out of the quantiles
    (``refunds="apart"``: scores 0), and ``bins`` shrinks to the number of customers that can be
    ranked when there are fewer (``attrs["bins"]`` is the number used, ``attrs["bins_asked"]``
    the number asked). With fewer than 2 such customers nobody is ranked (all scores 0).

    >>> s = pd.DataFrame({"recency_days": [3, 40, 9], "frequency": [2, 1, 0],
    ...                   "monetary": [90.0, 40.0, -15.0]}, index=list("abc"))
    >>> sc = score(s)
    >>> sc["cell"].tolist(), sc.attrs["bins"]
    (['222', '111', '000'], 2)
    """
    from .. import rfm

    ranked = int(((summary["frequency"] > 0) & (summary["monetary"] > 0)).sum())
    used = min(int(bins), ranked)
    if used < 2:
        out = summary.copy()
        for name in ("r_score", "f_score", "m_score"):
            out[name] = 0
        out["cell"] = "000"
        out.attrs.update({"bins": 0, "no_spread": []})
    else:
        out = rfm.rfm_scores(summary, used, ties="keep", refunds="apart")
    out.attrs["bins_asked"] = int(bins)
    out.attrs["ranked"] = ranked
    return out


def _on_five(scores: pd.DataFrame, bins: int) -> pd.DataFrame:
    """Scores on 1..bins put on the 1..5 scale of the default segment table (1 → 1, bins → 5),
    with the purchase count ``frequency`` the table may read too."""
    grid = scores[["r_score", "f_score", "m_score"]]
    if bins != 5:
        grid = (1 + ((grid - 1) * 4 / (bins - 1)).round()).astype(int)
    return grid.assign(frequency=scores["frequency"])


def load_segment_rules(path: str) -> list[dict]:
    """Named segments from a YAML file, like R's ``rfm`` package: score ranges per segment.

    The file holds a list (or a mapping with key ``segments``) of entries
    ``{name, r: [low, high], f: [low, high], m: [low, high], action (optional)}``; ranges are
    inclusive, on the report's scores (1 … bins); a missing range means any score. The first
    entry that matches wins; customers that match none are "Others".

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "seg.yaml"
    >>> _ = f.write_text("- name: Best\\n  r: [4, 5]\\n  f: [4, 5]\\n- name: Rest\\n", encoding="utf-8")
    >>> [(r["name"], r["r"], r["m"]) for r in load_segment_rules(str(f))]
    [('Best', (4, 5), (1, 9)), ('Rest', (1, 9), (1, 9))]
    """
    from pathlib import Path

    import yaml

    file = Path(path)
    if not file.is_file():
        raise ValueError(f"--segments file not found: {path}")
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"--segments {file.name} is not valid YAML ({exc})") from None
    if isinstance(raw, dict) and "segments" in raw:
        raw = raw["segments"]
    if not isinstance(raw, list) or not raw:
        raise ValueError(f"--segments {file.name} must hold a list of segments, e.g. "
                         f"'- name: Champions\\n  r: [4, 5]\\n  f: [4, 5]\\n  m: [4, 5]'")
    rules = []
    for i, entry in enumerate(raw, 1):
        if not isinstance(entry, dict) or not str(entry.get("name", "")).strip():
            raise ValueError(f"--segments {file.name}: segment {i} needs a name, got {entry!r}")
        unknown = sorted(set(entry) - {"name", "r", "f", "m", "action"})
        if unknown:
            raise ValueError(f"--segments {file.name}: segment {entry['name']!r} has unknown "
                             f"key(s) {unknown}; allowed: name, r, f, m, action")
        rule = {"name": str(entry["name"]).strip(), "action": str(entry.get("action") or "")}
        for key in ("r", "f", "m"):
            value = entry.get(key, [1, 9])
            if isinstance(value, int):
                value = [value, value]
            if (not isinstance(value, list) or len(value) != 2
                    or not all(isinstance(v, int) and 1 <= v <= 9 for v in value)
                    or value[0] > value[1]):
                raise ValueError(f"--segments {file.name}: {key} of {rule['name']!r} must be "
                                 f"[low, high] with whole scores 1 ≤ low ≤ high ≤ 9, got {value!r}")
            rule[key] = (value[0], value[1])
        rules.append(rule)
    return rules


def name_segments(scores: pd.DataFrame, rules: list[dict] | None = None) -> pd.Series:
    """Each customer's segment key from the report's scores (:func:`score`).

    * customers kept out of the quantiles: ``refunds_only`` / ``free_only`` / ``net_refunds``
      (``rfm.apart_keys``);
    * when recency has no spread (every last purchase on the same day) or fewer than two
      customers can be ranked: ``not_ranked`` — the report says so instead of ranking;
    * otherwise ``rules`` (from :func:`load_segment_rules`; unmatched customers ``others``) or
      the default table ``rfm.rfm_segments`` (scores from fewer bins put on its 1–5 scale).
    """
    from .. import rfm

    bins = int(scores.attrs.get("bins", 5))
    grid = scores[["r_score", "f_score", "m_score"]]
    # kept out of the quantiles: no purchase day or refunds ≥ purchases (:func:`score`'s rule),
    # not "every score 0", which is also everybody when too few customers can be ranked
    apart = ((scores["frequency"] <= 0) | (scores["monetary"] <= 0)).to_numpy() \
        if "monetary" in scores else (grid == 0).all(axis=1).to_numpy()
    keys = np.empty(len(scores), dtype=object)
    keys[apart] = rfm.apart_keys(scores.loc[apart])
    ranked = ~apart
    if bins < 2 or "recency_days" in scores.attrs.get("no_spread", []):
        keys[ranked] = NOT_RANKED
    elif rules is not None:
        found = np.full(len(scores), OTHERS, dtype=object)
        open_ = ranked.copy()
        for rule in rules:
            hit = open_.copy()
            for key in ("r", "f", "m"):
                low, high = rule[key]
                hit &= grid[f"{key}_score"].between(low, high).to_numpy()
            found[hit] = rule["name"]
            open_ &= ~hit
        keys[ranked] = found[ranked]
    elif ranked.any():
        keys[ranked] = rfm.rfm_segments(_on_five(scores.loc[ranked], bins)).astype(str).to_numpy()
    order = ([r["name"] for r in rules] + [OTHERS] if rules is not None
             else [k for k in rfm.segment_table().index])
    order += [NOT_RANKED, *rfm.APART_KEYS]
    seen = set(pd.unique(keys))
    present = [k for k in dict.fromkeys(order) if k in seen]
    return pd.Series(pd.Categorical(keys, categories=present, ordered=True), index=scores.index,
                     name="segment")


def segment_name(key) -> str:
    """A segment key shown in the report language (a custom segment's name as written)."""
    return term(f"seg_{key}") if f"seg_{key}" in _keys() else str(key)


def segment_action(key, rules: list[dict] | None = None) -> str:
    """The suggested action of a segment in the report language."""
    if rules is not None:
        for rule in rules:
            if rule["name"] == key:
                return rule["action"] or "–"
    return term(f"segact_{key}") if f"segact_{key}" in _keys() else "–"


def segment_overview(summary: pd.DataFrame, segments: pd.Series,
                     rules: list[dict] | None = None) -> pd.DataFrame:
    """Per segment: customers, share of customers, median recency (days), median frequency
    (purchase days), median monetary (net yuan) and the suggested action, segments in table order.

    >>> s = pd.DataFrame({"recency_days": [5, 9, 300], "frequency": [4, 2, 1],
    ...                   "monetary": [400.0, 100.0, 20.0]}, index=list("abc"))
    >>> seg = pd.Series(pd.Categorical(["champions", "champions", "lost"]), index=list("abc"))
    >>> segment_overview(s, seg)[["customers", "median_recency_days", "median_monetary"]]
               customers  median_recency_days  median_monetary
    segment
    champions          2                 7.00           250.00
    lost               1               300.00            20.00
    """
    g = summary[["recency_days", "frequency", "monetary"]].astype(float).groupby(
        segments.reindex(summary.index), observed=True, sort=True)
    out = g.median().add_prefix("median_")
    out.insert(0, "customers", g.size())
    out.insert(1, "customer_share", out["customers"] / len(summary))
    out["action"] = [segment_action(k, rules) for k in out.index]
    out.index.name = "segment"
    return out


def spread_note(scores: pd.DataFrame) -> str:
    """A sentence for each score that cannot rank customers (empty when all can)."""
    notes = []
    asked, used = scores.attrs.get("bins_asked", 5), scores.attrs.get("bins", 5)
    if used < 2:
        notes.append(term("note_too_few_to_rank").format(n=scores.attrs.get("ranked", 0)))
    elif used < asked:
        notes.append(term("note_bins_shrunk").format(asked=asked, used=used,
                                                     n=scores.attrs.get("ranked", 0)))
    for col in scores.attrs.get("no_spread", []):
        value = scores.loc[scores["r_score"] > 0, col].iloc[0]
        notes.append(term(f"note_no_spread_{col}").format(value=f"{value:,.0f}"))
    apart = int(((scores[["r_score", "f_score", "m_score"]] == 0).all(axis=1)
                 & (scores.attrs.get("bins", 0) >= 2)).sum())
    if apart:
        notes.append(term("note_refunds_apart").format(n=f"{apart:,}"))
    return " ".join(html.escape(n) for n in notes)


def rf_counts(scores: pd.DataFrame) -> pd.DataFrame:
    """Customers per R × F score pair (rows R, columns F), every score 1 … bins shown (empty
    ones included), customers without scores left out."""
    bins = int(scores.attrs.get("bins", 5))
    ranked = scores[scores["r_score"] > 0]
    table = pd.crosstab(ranked["r_score"], ranked["f_score"]).reindex(
        index=range(1, bins + 1), columns=range(1, bins + 1), fill_value=0).astype(float)
    table.index.name, table.columns.name = "r_score", "f_score"
    return table


def empty_score_note(scores: pd.DataFrame) -> str:
    """Why some F (or R) scores hold nobody: tied values share a score (the lowest position
    their group occupies), so a large group of equal values skips the scores above it."""
    table = rf_counts(scores)
    notes = []
    flat = scores.attrs.get("no_spread", [])
    for axis, name, col in ((0, "f_score", "frequency"), (1, "r_score", "recency_days")):
        if col in flat:  # said already by spread_note
            continue
        totals = table.sum(axis=axis)
        empty = [int(k) for k, v in totals.items() if v == 0]
        if empty and totals.sum() > 0:
            notes.append(term("note_empty_scores").format(
                score=name[0].upper(), scores=", ".join(map(str, empty))))
    return " ".join(html.escape(n) for n in notes)


# --- churn warning, cohorts, CLV --------------------------------------------------------------
def churn_warning(tx: pd.DataFrame, as_of: pd.Timestamp) -> tuple[pd.DataFrame, pd.Series] | None:
    """Purchase-cycle warning (``rfm.cycle_warning``) over the 12 calendar months to ``as_of``
    for the customers who bought in them, with their 全胜 tiers by net spend; None when nobody
    bought in those months (everybody is dormant)."""
    from .. import rfm

    start = year_before(as_of)
    upto = through(tx, as_of)
    recent = upto[(upto["order_date"] >= start + pd.Timedelta(days=1)) & (upto["amount"] > 0)]
    if recent.empty:
        return None
    days = int((as_of - start).days)
    last_year = rfm.rfm_summary(upto, as_of=as_of, window_days=days)
    buyers = last_year[last_year["frequency"] > 0]
    tiers = rfm.customer_tiers(buyers["monetary"])
    return rfm.cycle_warning(buyers, as_of, period_days=days), tiers


PERIODS = {"month": "M", "quarter": "Q", "year": "Y"}


def cohort_period(tx: pd.DataFrame, as_of: pd.Timestamp, period: str = "") -> str | None:
    """The cohort period code for the report: ``period`` (month, quarter, year) if given; else
    quarters when the purchases span at least four complete quarters, months when they span at
    least one complete month, otherwise None (too little history for cohorts).

    >>> tx = pd.DataFrame({"order_date": pd.to_datetime(["1997-01-01", "1997-02-27"]),
    ...                    "amount": [10.0, 12.0]})
    >>> cohort_period(tx, pd.Timestamp("1997-02-28")), cohort_period(tx, pd.Timestamp("1997-02-27"))
    ('M', 'M')
    >>> cohort_period(tx, pd.Timestamp("1997-01-30")) is None
    True
    """
    if period:
        if period not in PERIODS:
            raise ValueError(f"period must be one of {', '.join(PERIODS)} (or empty: chosen from "
                             f"the data), got {period!r}")
        return PERIODS[period]
    bought = through(tx, as_of).loc[lambda t: t["amount"] > 0, "order_date"]
    if bought.empty:
        return None
    first = bought.min()
    for code, need in (("Q", 4), ("M", 1)):
        last_complete = as_of.to_period(code)
        if as_of < last_complete.end_time.normalize():
            last_complete -= 1
        if last_complete.ordinal - first.to_period(code).ordinal + 1 >= need:
            return code
    return None


def cohorts(tx: pd.DataFrame, as_of: pd.Timestamp, code: str | None):
    """(retention table, cohort sizes) or None when no complete period holds a purchase."""
    from .. import lifecycle

    if code is None:
        return None
    try:
        counts = lifecycle.cohort_retention(tx, period=code, as_of=as_of, share=False)
    except ValueError as exc:
        if "no complete period" in str(exc):
            return None
        raise
    size = counts[0]  # customers acquired: everybody buys in period 0
    return counts.div(size, axis=0), size.astype(int)


def segment_clv(tx: pd.DataFrame, segments: pd.Series, as_of: pd.Timestamp, margin: float,
                rate: float, years: int, bins: int = 5,
                rules: list[dict] | None = None, value: pd.Series | None = None) -> pd.DataFrame:
    """Historical and projected CLV per segment (yuan per customer).

    Out of sample, so a segment's definition cannot flatter its own retention:

    * ``historical_value`` = mean margin × net revenue to date of today's segment members;
    * the customers are segmented again as of one calendar year earlier (same rules); for each
      segment of that date, ``retention`` r = share who bought in the following 12 months and
      ``annual_margin`` m = mean margin × net revenue of those who did;
    * ``projected_clv`` = Σ_{t=1..years} m·r^t/(1+rate)^t (``clv.retention_clv``): what a
      customer of the segment today is worth over the horizon if the segment behaves as last
      year; a segment nobody in which bought again (r = 0) is worth 0.

    When there is too little history (no purchases a year before ``as_of``, or too few
    customers to segment then), r, m and the projection are NaN and ``attrs["note"]`` says why;
    a segment with no members a year ago has NaN there too. ``value``: the customers'
    ``clv.customer_value`` through ``as_of`` with this ``margin`` when already computed (the
    report's pyramid has it).
    """
    from .. import clv, rfm

    # the three columns used: the filtered copies below then cost a fraction of the table
    upto = through(tx[["customer_id", "order_date", "amount"]], as_of)
    if value is None:
        value = clv.customer_value(upto, margin=margin)
    hist = value.reindex(segments.index, fill_value=0.0)
    table = clv.segment_ltv(hist, segments)
    out = pd.DataFrame({"customers": table["customers"], "historical_value": table["value"]})
    out["retention"] = out["annual_margin"] = out["projected_clv"] = float("nan")
    out.attrs["note"] = ""
    year_ago = year_before(as_of)
    before = through(upto, year_ago)
    buyers_then = before.loc[before["amount"] > 0, "customer_id"].nunique()
    if buyers_then < 2:
        first = upto.loc[upto["amount"] > 0, "order_date"].min()
        out.attrs["note"] = term("note_clv_history").format(
            first=f"{first:%Y-%m-%d}" if pd.notna(first) else "–", year_ago=f"{year_ago:%Y-%m-%d}")
        return out
    then_scores = score(rfm.rfm_summary(before, as_of=year_ago), bins)
    then = name_segments(then_scores, rules)
    if (then == NOT_RANKED).all():
        out.attrs["note"] = term("note_clv_unranked").format(year_ago=f"{year_ago:%Y-%m-%d}")
        return out
    next_year = upto[upto["order_date"] >= year_ago + pd.Timedelta(days=1)]
    bought = next_year.loc[next_year["amount"] > 0, "customer_id"].unique()
    frame = pd.DataFrame({"segment": then, "retained": then.index.isin(bought)})
    frame["value"] = (clv.customer_value(next_year, margin=margin).reindex(frame.index)
                      if len(next_year) else float("nan"))
    r = frame.groupby("segment", observed=True)["retained"].mean()
    m = frame[frame["retained"]].groupby("segment", observed=True)["value"].mean()
    r.index, m.index = r.index.astype(str), m.index.astype(str)
    keys = out.index.astype(str)
    out["retention"] = r.reindex(keys).to_numpy()
    out["annual_margin"] = m.reindex(keys).to_numpy()
    known = out["retention"].notna() & out["annual_margin"].notna()
    if known.any():
        out.loc[known, "projected_clv"] = clv.retention_clv(
            out.loc[known, "annual_margin"].to_numpy(), out.loc[known, "retention"].to_numpy(),
            rate, years)
    out.loc[out["retention"] == 0, "projected_clv"] = 0.0
    if (out["retention"] == 0).all():
        out.attrs["note"] = term("note_clv_nobody_returned").format(year_ago=f"{year_ago:%Y-%m-%d}")
    return out.sort_values("projected_clv", ascending=False, na_position="last")


# --- who will buy again (BG/NBD + Gamma-Gamma, crm_lessons.btyd) ------------------------------
#: Per-customer model columns of the buy-again section, also written to customers.csv.
BUY_AGAIN_COLUMNS = ("p_alive", "expected_purchases_12m", "model_clv")

_BTYD_REASONS = (  # BTYDDataError.reason (English, from btyd) -> glossary phrase with its slots
    (re.compile(r"the history covers (?P<days>\d+) days \((?P<first>[\d-]+) to (?P<end>[\d-]+)\); "
                r"a buy-again forecast needs at least (?P<need>\d+) days"), "note_btyd_short"),
    (re.compile(r"the history before the holdout covers (?P<days>\d+) days \((?P<first>[\d-]+) "
                r"to (?P<end>[\d-]+)\); a holdout check needs at least (?P<need>\d+) days"),
     "note_holdout_short"),
    (re.compile(r"only (?P<n>\d+) customer\(s\) bought on more than one day before "
                r"(?P<end>[\d-]+); a buy-again forecast needs at least (?P<need>\d+) repeat"),
     "note_btyd_few"),
    (re.compile(r"only (?P<n>\d+) customer\(s\) bought on more than one day before "
                r"(?P<end>[\d-]+); a holdout check needs at least (?P<need>\d+) repeat"),
     "note_holdout_few"),
)


def btyd_reason(error: Exception) -> str:
    """Why the buy-again model was not fitted, in the report language.

    ``error`` is a :class:`crm_lessons.btyd.BTYDDataError`; its English ``reason`` is matched
    to a glossary phrase with the same numbers (any other reason: a general phrase).

    >>> from crm_lessons.btyd import BTYDDataError
    >>> btyd_reason(BTYDDataError("the history covers 4 days (2024-01-01 to 2024-01-05); "
    ...                           "a buy-again forecast needs at least 90 days"))[:45]
    'Not forecast: the purchases cover only 4 days'
    """
    reason = str(getattr(error, "reason", error))
    for pattern, key in _BTYD_REASONS:
        found = pattern.search(reason)
        if found:
            return term(key).format(**found.groupdict())
    return term("note_btyd_failed")


def buy_again(tx: pd.DataFrame, as_of: pd.Timestamp, discount_rate: float, margin: float,
              horizon_months: int = 12) -> tuple[pd.DataFrame | None, str]:
    """Per-customer P(alive), expected purchases and model CLV, or ``(None, why not)``.

    ``btyd.customer_forecast`` on the purchases through ``as_of``: BG/NBD (time in weeks) for
    P(alive) and E[purchases in the next ``horizon_months`` months], Gamma-Gamma for the mean
    spend, model CLV = margin × E[spend] × monthly expected purchases discounted at
    ``discount_rate`` a year. When the data cannot support the fit (short history, fewer than
    30 repeat buyers, …) returns ``None`` and the reason in the report language.

    >>> tx = pd.DataFrame({"customer_id": ["a", "a"], "amount": [5.0, 6.0],
    ...                    "order_date": pd.to_datetime(["2024-01-01", "2024-01-05"])})
    >>> buy_again(tx, pd.Timestamp("2024-01-05"), 0.10, 0.30)[0] is None
    True
    """
    from .. import btyd

    if not (through(tx, as_of)["amount"] >= 0).any():  # refunds only: nothing to model
        return None, term("note_btyd_no_purchases")
    try:
        forecast = btyd.customer_forecast(through(tx, as_of), as_of, horizon_months=horizon_months,
                                          discount_rate=discount_rate, margin=margin)
    except btyd.BTYDDataError as error:
        return None, btyd_reason(error)
    return forecast, ""


def buy_again_by_segment(forecast: pd.DataFrame, segments: pd.Series) -> pd.DataFrame:
    """The forecast per named segment: ``customers`` (those with a forecast), ``p_alive`` (mean),
    ``expected_purchases_12m`` (segment total), ``mean_expected_purchases`` and ``mean_model_clv``
    (per customer), ``model_clv`` (segment total); highest mean model CLV first.

    >>> f = pd.DataFrame({"p_alive": [0.9, 0.5, 0.1], "expected_purchases_12m": [3.0, 1.0, 0.2],
    ...                   "model_clv": [30.0, 10.0, 2.0]}, index=["a", "b", "c"])
    >>> seg = pd.Series(["champions", "champions", "lost"], index=["a", "b", "c"])
    >>> buy_again_by_segment(f, seg)[["customers", "p_alive", "mean_model_clv"]]
               customers  p_alive  mean_model_clv
    segment
    champions          2      0.7            20.0
    lost               1      0.1             2.0
    """
    frame = forecast[list(BUY_AGAIN_COLUMNS)].join(
        segments.astype(str).rename("segment"), how="inner")
    grouped = frame.groupby("segment")
    out = pd.DataFrame({
        "customers": grouped.size(),
        "p_alive": grouped["p_alive"].mean(),
        "expected_purchases_12m": grouped["expected_purchases_12m"].sum(),
        "mean_expected_purchases": grouped["expected_purchases_12m"].mean(),
        "mean_model_clv": grouped["model_clv"].mean(),
        "model_clv": grouped["model_clv"].sum(),
    })
    out.index.name = "segment"
    return out.sort_values("mean_model_clv", ascending=False)


def buy_again_summary(forecast: pd.DataFrame, currency: str) -> str:
    """One sentence: customers forecast, expected purchases and model CLV over the horizon, the
    fitted BG/NBD and Gamma-Gamma parameters (report language)."""
    bg = forecast.attrs["bgnbd"].params
    gg = forecast.attrs["gamma_gamma"].params
    return term("report_buy_again_text").format(
        n=f"{len(forecast):,}", months=forecast.attrs["horizon_months"],
        purchases=f"{forecast['expected_purchases_12m'].sum():,.0f}",
        value=f"{forecast['model_clv'].sum():,.2f}", currency=currency,
        alive=f"{(forecast['p_alive'] >= 0.5).mean():.1%}".replace("%", " %"),
        params=(f"r = {bg['r']:.3f}, α = {bg['alpha']:.3f}, a = {bg['a']:.3f}, b = {bg['b']:.3f}; "
                f"p = {gg['p']:.2f}, q = {gg['q']:.2f}, v = {gg['v']:.2f}"))


def buy_again_holdout(tx: pd.DataFrame, as_of: pd.Timestamp, holdout_months: int = 6
                      ) -> tuple[pd.DataFrame | None, str]:
    """``btyd.holdout_check``: refit without the last ``holdout_months`` months and compare the
    predicted with the actual purchases there. Returns the conditional-expectation table
    (customers, mean actual and predicted holdout purchases by calibration repeat purchases) and a
    sentence with the totals, or ``(None, why not)`` when the history does not allow it."""
    from .. import btyd

    if not (through(tx, as_of)["amount"] >= 0).any():
        return None, term("note_btyd_no_purchases")
    try:
        table = btyd.holdout_check(through(tx, as_of), as_of, holdout_months=holdout_months)
    except btyd.BTYDDataError as error:
        return None, btyd_reason(error)
    a = table.attrs
    text = term("report_holdout_text").format(
        months=holdout_months, cal_end=f"{a['calibration_end']:%Y-%m-%d}",
        end=f"{a['holdout_end']:%Y-%m-%d}", predicted=f"{a['predicted_total']:,.0f}",
        actual=f"{a['actual_total']:,}")
    table = table.rename(columns={"actual": "holdout_actual", "predicted": "holdout_predicted"})
    table.index.name = "calibration_repeat_purchases"
    return table, text


# --- the customer table -----------------------------------------------------------------------
#: Columns of customers.csv / customers.xlsx, in order (README and --help list them too).
CUSTOMER_COLUMNS = ("customer_id", "first_purchase", "last_purchase", "orders", "revenue",
                    "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score",
                    "rfm_cell", "segment", "tier", "warning", *BUY_AGAIN_COLUMNS)


def customer_table(tx: pd.DataFrame, as_of: pd.Timestamp, scores: pd.DataFrame,
                   segments: pd.Series, tiers: pd.Series, warnings: pd.DataFrame | None,
                   forecast: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per customer with :data:`CUSTOMER_COLUMNS`, for a CRM or mailing tool.

    ``orders`` = purchase orders (refund lines are not orders); ``revenue`` = net spend through
    ``as_of`` (refunds subtracted); recency/frequency/monetary as in ``rfm.rfm_summary`` (the
    report scores the whole history, so ``monetary`` equals ``revenue``); scores and ``rfm_cell``
    empty for customers kept out of the quantiles; ``segment`` and ``tier`` (customer pyramid)
    as named in the report; ``warning`` = the purchase-cycle status of the churn warning, or
    "dormant" text for customers with no purchase in the last 12 months; ``p_alive``,
    ``expected_purchases_12m`` and ``model_clv`` from :func:`buy_again` (``forecast``), empty
    when the model could not be fitted (``forecast=None``) or for a customer without purchases.
    """
    upto = through(tx, as_of)
    ids = scores.index
    out = pd.DataFrame(index=ids)
    out["first_purchase"] = scores["first_purchase"].dt.strftime("%Y-%m-%d")
    out["last_purchase"] = scores["last_purchase"].dt.strftime("%Y-%m-%d")
    out["orders"] = purchase_orders(upto).reindex(ids, fill_value=0).astype(int)
    out["revenue"] = upto.groupby("customer_id", observed=True)["amount"].sum().reindex(
        ids, fill_value=0.0).round(2)
    out["recency_days"] = scores["recency_days"].astype(int)
    out["frequency"] = scores["frequency"].astype(int)
    out["monetary"] = scores["monetary"].round(2)
    unscored = (scores[["r_score", "f_score", "m_score"]] == 0).all(axis=1)
    for name in ("r_score", "f_score", "m_score"):
        out[name] = scores[name].astype("Int64").mask(unscored)
    out["rfm_cell"] = scores["cell"].mask(unscored, "")
    out["segment"] = _named(segments.reindex(ids), segment_name)
    out["tier"] = _named(tiers.reindex(ids), lambda t: term(f"pyramid_{t}"))
    dormant = term("status_dormant")
    if warnings is None:
        out["warning"] = dormant
    else:
        status = _named(warnings["status"], lambda s: term(f"status_{s.replace(' ', '_')}"))
        out["warning"] = status.reindex(ids).fillna(dormant)
    for name, digits in zip(BUY_AGAIN_COLUMNS, (4, 3, 2), strict=True):
        out[name] = (float("nan") if forecast is None
                     else forecast[name].reindex(ids).round(digits))
    out.index.name = "customer_id"
    return out.reset_index()[list(CUSTOMER_COLUMNS)]


def _named(values: pd.Series, name) -> pd.Series:
    """``values`` shown through ``name`` (one glossary look-up per distinct value, not per row)."""
    text = values.astype(str)
    return text.map({v: name(v) for v in pd.unique(text)})


def write_customer_table(table: pd.DataFrame, path: str, xlsx: bool = False) -> list[str]:
    """Write ``table`` to ``path`` as CSV in UTF-8 with BOM (Excel then shows Chinese text
    correctly) and, with ``xlsx``, beside it as .xlsx. Returns the file names written.

    The CSV is written by pyarrow (a tenth of pandas' time on 400,000 customers): text values
    in double quotes, missing values as empty fields, the header as plain names.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "customers.csv"
    >>> write_customer_table(pd.DataFrame({"customer_id": ["A", "B"], "p_alive": [0.5, None],
    ...                                    "segment": ["冠军客户", "x, y"]}), str(f))
    ['customers.csv']
    >>> print(f.read_text(encoding="utf-8-sig"))
    customer_id,p_alive,segment
    "A",0.5,"冠军客户"
    "B",,"x, y"
    <BLANKLINE>
    """
    from pathlib import Path

    import pyarrow as pa
    import pyarrow.csv as pacsv

    csv_path = Path(path)
    arrow = pa.Table.from_pandas(table, preserve_index=False)
    arrow = arrow.cast(pa.schema([  # categorical columns (customer ids) as plain text
        pa.field(f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type)
        for f in arrow.schema]))
    with open(csv_path, "wb") as out:
        out.write(("\ufeff" + ",".join(map(str, table.columns)) + "\n").encode("utf-8"))
        pacsv.write_csv(arrow, out, write_options=pacsv.WriteOptions(include_header=False))
    written = [csv_path.name]
    if xlsx:
        xlsx_path = csv_path.with_suffix(".xlsx")
        table.to_excel(xlsx_path, index=False, sheet_name="customers")
        written.append(xlsx_path.name)
    return written


#: Columns shown as percentages (fractions in the data).
PERCENT_COLUMNS = ("customer_share", "value_share", "retention", "sales_share", "p_alive")


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame for display: column and index names (and index values) through the glossary
    (:func:`crm_lessons.tables.translated`, the look-up the notebooks' tables use), fractions
    in :data:`PERCENT_COLUMNS` as "12.3 %", missing values as "–".

    Keys without a glossary entry are left as they are.

    >>> labelled(pd.DataFrame({"customer_share": [0.01, 0.04]}, index=["diamond", "gold"]))
          share of customers
    tier
    diamond            1.0 %
    gold               4.0 %
    """
    from ..tables import translated

    out = frame.copy()
    for col in out.columns:
        if col in PERCENT_COLUMNS:
            out[col] = [("–" if pd.isna(v) else f"{v:.1%}".replace("%", " %")) for v in out[col]]
        elif pd.api.types.is_float_dtype(out[col]) and out[col].isna().any():
            out[col] = [("–" if pd.isna(v) else f"{v:,.2f}") for v in out[col]]
    if out.index.name is None and set(map(str, out.index)) <= {"diamond", "gold", "brass", "lead"}:
        out.index.name = "tier"
    return translated(out, bare=False)


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
    out.index.name = "customer_id"
    return out


def recommendations(segments: pd.Series, monetary: pd.Series, pyramid: pd.DataFrame,
                    calls: pd.DataFrame | None, clv_table: pd.DataFrame, currency: str,
                    scores: pd.DataFrame | None = None) -> list[str]:
    """Three to five short, data-driven recommendations (plain text, values escaped for HTML).

    Nothing is advised from a score that does not rank customers (no spread): the report says so
    instead; ``calls=None`` means nobody bought in the last 12 months (everybody is dormant).
    """
    recs = []
    total = monetary.sum()
    share = monetary.groupby(segments, observed=True).sum() / total if total else None
    counts = segments.value_counts()
    if counts.get(NOT_RANKED, 0):
        recs.append(term("rec_not_ranked").format(n=f"{counts[NOT_RANKED]:,}"))
    for seg in ("at_risk", "cant_lose"):  # urgent only while others still buy
        if counts.get(seg, 0) and share is not None and calls is not None:
            recs.append(term("rec_segment").format(
                n=f"{counts[seg]:,}", segment=term(f"seg_{seg}"), share=f"{share.get(seg, 0):.1%}"))
    apart = int(counts.get("refunds_only", 0) + counts.get("net_refunds", 0))
    if apart:
        recs.append(term("rec_refunds").format(n=f"{apart:,}"))
    filled = pyramid[pyramid["customers"] > 0]
    if len(filled) >= 2 and filled["value_share"].iloc[0] >= 2 * filled["customer_share"].iloc[0]:
        top = filled.iloc[0]
        recs.append(term("rec_pyramid").format(tier=term(f"pyramid_{filled.index[0]}"),
                                                customers=f"{top['customer_share']:.1%}",
                                                share=f"{top['value_share']:.1%}"))
    if calls is None:
        recs.append(term("rec_dormant"))
    elif len(calls):
        recs.append(term("rec_calls").format(n=f"{len(calls):,}",
                                             days=f"{-int(calls['margin'].min()):,}"))
    known = clv_table["projected_clv"].dropna() if len(clv_table) else pd.Series(dtype=float)
    if len(known) and known.max() > 0:
        best = known.idxmax()
        recs.append(term("rec_clv").format(segment=segment_name(best),
                                           value=f"{known[best]:,.0f}", currency=currency))
    return [html.escape(r) for r in recs]


def _keys() -> set[str]:
    from ..glossary import terms

    return set(terms())


def bullet_list(items: list[str]) -> str:
    """Markdown bullets of already-escaped text."""
    return "\n".join(f"- {item}" for item in items) if items else "-"


__all__ = ["load", "resolve_as_of", "through", "year_before", "purchase_orders", "overview",
           "score", "load_segment_rules", "name_segments", "segment_name", "segment_action",
           "segment_overview", "spread_note", "rf_counts", "empty_score_note", "churn_warning",
           "cohort_period", "cohorts", "segment_clv", "BUY_AGAIN_COLUMNS", "btyd_reason",
           "buy_again", "buy_again_by_segment", "buy_again_summary", "buy_again_holdout",
           "CUSTOMER_COLUMNS", "customer_table",
           "write_customer_table", "labelled", "call_list", "top_customers", "ltv_sensitivity",
           "recommendations", "bullet_list"]


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
