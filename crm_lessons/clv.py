"""Customer lifetime value (客户终生价值, CLV) and the customer pyramid (客户金字塔).

The lecture computes CLV in four steps: (1) fix the customer's lifetime T, (2) work out the net
profit Q_t − C_t the customer brings in each year, (3) discount each year's profit to today,
(4) add them up:

    V = Σ_{t=1..T} (Q_t − C_t) / (1 + i)^t

Units: money in yuan, time in years (profit arrives at the end of each year, t = 1..T), rates as
fractions per year (0.10 = 10 %). With the same profit every year the sum is an annuity,
V = (Q − C) × PVIFA(i, T) with PVIFA(i, T) = (1 − (1 + i)^−T) / i, and a group of N alike
customers is worth N times that.

The cohort table (:func:`ltv_table`) follows Arthur M. Hughes' lifetime-value table; the pyramid
(:func:`customer_pyramid`) ranks customers by value into diamond / gold / brass / lead tiers.
Refunds (negative amounts) in transactions are netted against purchases, never dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._validate import finite_array, require_frame
from .glossary import phrase, term

# --------------------------------------------------------------------------------------------
# validation helpers


_array = finite_array  # the shared boundary check (crm_lessons/_validate.py)


def _out(arr: np.ndarray):
    return float(arr) if np.ndim(arr) == 0 else arr


def _check_rate(rate, name: str = "rate") -> np.ndarray:
    arr = _array(rate, name)
    if ((arr < 0) | (arr > 1)).any():
        raise ValueError(
            f"{name} must be a yearly fraction in [0, 1] (0.10 = 10 %), got {rate!r}")
    return arr


def _check_years(years, name: str = "years") -> np.ndarray:
    arr = _array(years, name)
    if (arr < 1).any() or (arr != np.round(arr)).any():
        raise ValueError(f"{name} must be a whole number of years >= 1, got {years!r}")
    return arr


def _flows(values, name: str) -> np.ndarray:
    arr = _array(values, name)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(
            f"{name} must be a non-empty 1-D sequence of yearly amounts (year 1 first), "
            f"got {values!r}")
    return arr


# --------------------------------------------------------------------------------------------
# discounting


def discount_factors(rate: float, years: int) -> np.ndarray:
    """Discount factor of each year t = 1..T: 1 / (1 + i)^t (a yuan in year t is worth this today).

    >>> discount_factors(0.10, 3).round(4).tolist()
    [0.9091, 0.8264, 0.7513]
    """
    i = float(_check_rate(rate))
    t = np.arange(1, int(_check_years(years)) + 1)
    return (1.0 + i) ** -t


def annuity_factor(rate, years):
    """Present value of 1 yuan a year for T years, PVIFA(i, T) = (1 − (1 + i)^−T) / i (年金现值系数).

    At i = 0 the factor is T (nothing is discounted). Vectorised: ``rate`` and ``years`` broadcast.

    >>> round(annuity_factor(0.10, 20), 4)
    8.5136
    >>> annuity_factor(0.0, 20)
    20.0
    >>> annuity_factor([0.05, 0.10], 20).round(4).tolist()
    [12.4622, 8.5136]
    """
    i = _check_rate(rate)
    t = _check_years(years)
    i, t = np.broadcast_arrays(i, t)
    # 1 − (1 + i)^−T written with expm1/log1p so tiny rates do not lose every digit
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(i > 0, -np.expm1(-t * np.log1p(i)) / np.where(i > 0, i, 1.0), t)
    return _out(factor.astype(float))


def present_value(cashflows, rate: float) -> float:
    """Present value of yearly cash flows at the end of years t = 1..T: Σ CF_t / (1 + i)^t (yuan).

    >>> round(present_value([2400] * 20, 0.10), 2)
    20432.55
    >>> present_value([2400] * 20, 0.0)
    48000.0
    """
    flows = _flows(cashflows, "cashflows")
    return float(flows @ discount_factors(rate, flows.size))


def clv_schedule(revenues, costs, rate: float) -> pd.DataFrame:
    """The four CLV steps as a table, one row per year t = 1..T.

    Columns: ``revenue`` Q_t, ``cost`` C_t, ``profit`` Q_t − C_t, ``discount_factor``
    1/(1 + i)^t, ``present_value`` (Q_t − C_t)/(1 + i)^t and ``cumulative`` (running sum), yuan.
    ``costs`` may be one number used every year.

    >>> s = clv_schedule([3000, 3000], 600, 0.10)
    >>> s["present_value"].round(2).tolist()
    [2181.82, 1983.47]
    """
    q = _flows(revenues, "revenues")
    c = _array(costs, "costs")
    if c.ndim == 0:
        c = np.full(q.size, float(c))
    if c.ndim != 1 or c.size != q.size:
        raise ValueError(
            f"costs must be one number or one amount per year ({q.size} years), got {costs!r}")
    factors = discount_factors(rate, q.size)
    profit = q - c
    pv = profit * factors
    return pd.DataFrame(
        {"revenue": q, "cost": c, "profit": profit, "discount_factor": factors,
         "present_value": pv, "cumulative": np.cumsum(pv)},
        index=pd.RangeIndex(1, q.size + 1, name="year"))


def customer_lifetime_value(revenues, costs, rate: float) -> float:
    """Single-customer CLV, V = Σ_{t=1..T} (Q_t − C_t) / (1 + i)^t, in yuan.

    ``revenues`` Q_t and ``costs`` C_t are yearly amounts, year 1 first (``costs`` may be one
    number). The 30-year-old prospect: 100 yuan profit a purchase, 2 purchases a month, 20 years
    → 2,400 yuan a year.

    >>> round(customer_lifetime_value([2400] * 20, 0, 0.10), 2)
    20432.55
    >>> round(customer_lifetime_value([2400] * 20, 0, 0.05), 2)
    29909.3
    """
    return float(clv_schedule(revenues, costs, rate)["present_value"].sum())


def annual_profit(profit_per_purchase, purchases_per_month):
    """Yearly profit from a customer = profit per purchase × purchases a month × 12 (yuan a year).

    >>> annual_profit(100, 2)
    2400.0
    """
    p = _array(profit_per_purchase, "profit_per_purchase")
    n = _array(purchases_per_month, "purchases_per_month")
    if (n < 0).any():
        raise ValueError(f"purchases_per_month must be >= 0, got {purchases_per_month!r}")
    return _out(p * n * 12.0)


def group_clv(customers, annual_profit, rate, years):
    """CLV of a group of N alike customers = N × (Q − C) × PVIFA(i, T), in yuan (vectorised).

    >>> round(group_clv(100, 2400, 0.10, 20), 2)
    2043255.29
    """
    n = _array(customers, "customers")
    if (n < 0).any():
        raise ValueError(f"customers must be a non-negative count, got {customers!r}")
    profit = _array(annual_profit, "annual_profit")
    return _out(n * profit * np.asarray(annuity_factor(rate, years)))


def retention_clv(margin, retention, rate, years=None):
    """CLV from a yearly margin m, retention r and discount rate i (yuan, vectorised).

    A customer still active at the end of year t (probability r^t) brings margin m then, so
    V = Σ_{t=1..T} m · r^t / (1 + i)^t; with no horizon (``years=None``) the geometric series
    sums to V = m · r / (1 + i − r).

    >>> retention_clv(100, 0.8, 0.10)
    266.6666666666667
    >>> round(retention_clv(100, 0.8, 0.10, years=200), 6)
    266.666667
    """
    m = _array(margin, "margin")
    r = _array(retention, "retention")
    if ((r < 0) | (r > 1)).any():
        raise ValueError(f"retention must be a fraction in [0, 1], got {retention!r}")
    i = _check_rate(rate)
    m, r, i = np.broadcast_arrays(m, r, i)
    q = r / (1.0 + i)  # survival × discount per year
    if years is None:
        if (q >= 1).any():
            raise ValueError(
                "retention = 1 with rate = 0 never ends: give years or a rate > 0 "
                f"(got retention={retention!r}, rate={rate!r})")
        value = m * r / (1.0 + i - r)
    else:
        t = float(_check_years(years))
        # Σ_{t=1..T} q^t = q (1 − q^T) / (1 − q), or T when q = 1; 1 − q = (1 + i − r)/(1 + i)
        gap = (1.0 + i - r) / (1.0 + i)
        with np.errstate(divide="ignore", invalid="ignore"):
            series = np.where(gap > 0, q * -np.expm1(t * np.log(np.where(q > 0, q, 1.0)))
                              / np.where(gap > 0, gap, 1.0), t)
            series = np.where(q > 0, series, 0.0)
        value = m * series
    return _out(value.astype(float))


# --------------------------------------------------------------------------------------------
# the cohort (group) lifetime-value table

LTV_ROWS = ("customers", "retention", "orders_per_year", "average_order", "revenue", "cost_rate",
            "cost_of_sales", "cost_per_customer", "marketing_cost", "costs", "gross_profit",
            "profit_per_customer", "discount_divisor", "npv", "cumulative_npv", "ltv")


def _per_year(value, name: str, years: int | None) -> np.ndarray:
    arr = _array(value, name)
    if arr.ndim > 1:
        raise ValueError(f"{name} must be a number or a list with one value per year, got {value!r}")
    if years is not None and arr.ndim == 1 and arr.size != years:
        raise ValueError(
            f"{name} has {arr.size} values but the table has {years} years; give one value per "
            f"year (year 1 first) or a single number, got {value!r}")
    return arr


def ltv_table(customers, retention, orders_per_year, average_order, cost_rate,
              cost_per_customer, interest, risk_factor=1.0, round_divisor=None) -> pd.DataFrame:
    """Hughes' lifetime-value table for a cohort acquired in year 1; one column per year.

    Inputs are per-year lists (year 1 first) or single numbers used every year:

    * ``customers``: customers acquired at the start (a count); or, for measured data, a list of
      the customers active each year (then ``retention=None`` and the retention row shows
      customers(t+1) ÷ customers(t), which can exceed 1 when lapsed customers come back);
    * ``retention``: share of year-t customers still buying in year t+1 (fractions);
    * ``orders_per_year``, ``average_order`` (yuan) → revenue = customers × orders × order
      (an average order may be negative only for measured data whose refunds exceed purchases);
    * ``cost_rate``: cost of sales as a fraction of revenue;
    * ``cost_per_customer``: acquisition cost per customer in year 1, marketing cost per retained
      customer in later years (yuan);
    * ``interest`` i and ``risk_factor`` rf: discount divisor (1 + i·rf)^(t−1) (year 1 is not
      discounted); ``round_divisor=2`` rounds the divisor to 2 decimals, as Hughes printed and used
      1.35 for 1.3456.

    Rows: customers(t) = customers(t−1) × retention(t−1); revenue; costs = cost of sales +
    customers × cost_per_customer; gross_profit = revenue − costs; profit_per_customer =
    gross_profit ÷ customers(t); npv = gross_profit ÷ divisor; cumulative_npv; ltv = cumulative_npv
    ÷ customers(1) (yuan per originally acquired customer). Customer counts are not rounded.

    Hughes' sourced table (USD):

    >>> t = ltv_table(100_000, [0.6, 0.7, 0.8], [1.8, 2.5, 3], [90, 95, 100], [0.7, 0.65, 0.65],
    ...               [55, 20, 20], interest=0.08, risk_factor=2, round_divisor=2)
    >>> t.loc["ltv"].round(2).tolist()
    [-6.4, 26.25, 52.7]
    >>> t.loc["cumulative_npv"].round(0).tolist()
    [-640000.0, 2625086.0, 5269531.0]
    """
    counts = _array(customers, "customers")
    measured = counts.ndim == 1
    if counts.ndim > 1 or counts.size == 0 or (counts < 0).any() or counts.flat[0] <= 0:
        raise ValueError("customers must be one positive count (customers acquired) or a list of "
                         f"customers per year starting with a positive count, got {customers!r}")
    if measured and retention is not None:
        raise ValueError("give retention=None when customers is a list of yearly counts (the "
                         f"counts already say who stayed), got retention={retention!r}")
    if not measured and retention is None:
        raise ValueError("retention is required when customers is a single count")
    inputs = {"orders_per_year": orders_per_year, "average_order": average_order,
              "cost_rate": cost_rate, "cost_per_customer": cost_per_customer}
    if measured:
        inputs["customers"] = counts
    else:
        inputs["retention"] = retention
    lengths = {k: np.size(v) for k, v in inputs.items() if np.ndim(v) == 1}
    sizes = set(lengths.values())
    if len(sizes) > 1:
        raise ValueError(f"per-year inputs must all have the same length, got {lengths}")
    years = sizes.pop() if sizes else 1
    if years < 1:
        raise ValueError("per-year inputs must have at least one year, got an empty list")
    arr = {k: np.broadcast_to(_per_year(v, k, years), (years,)).astype(float)
           for k, v in inputs.items()}
    if measured:
        n = arr.pop("customers")
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.append(np.where(n[:-1] > 0, n[1:] / np.where(n[:-1] > 0, n[:-1], 1.0), 0.0),
                          np.nan)
    else:
        r = arr.pop("retention")
        if ((r < 0) | (r > 1)).any():
            raise ValueError(f"retention must be fractions in [0, 1], got {retention!r}")
        n = float(counts) * np.concatenate([[1.0], np.cumprod(r[:-1])])
    n0 = n[0]
    c = arr["cost_rate"]
    if ((c < 0) | (c > 1)).any():
        raise ValueError(f"cost_rate must be fractions of revenue in [0, 1], got {cost_rate!r}")
    for k in ("orders_per_year", "cost_per_customer"):
        if (arr[k] < 0).any():
            raise ValueError(f"{k} must be >= 0, got {inputs[k]!r}")
    i = float(_check_rate(interest, "interest"))
    rf = _array(risk_factor, "risk_factor")
    if rf.ndim != 0 or rf < 0:
        raise ValueError(f"risk_factor must be one number >= 0, got {risk_factor!r}")
    if round_divisor is not None and (not isinstance(round_divisor, (int, np.integer))
                                      or isinstance(round_divisor, bool) or round_divisor < 0):
        raise ValueError(f"round_divisor must be None or a whole number of decimals >= 0, "
                         f"got {round_divisor!r}")

    revenue = n * arr["orders_per_year"] * arr["average_order"]
    cost_of_sales = revenue * c
    marketing = n * arr["cost_per_customer"]
    costs = cost_of_sales + marketing
    gross = revenue - costs
    with np.errstate(divide="ignore", invalid="ignore"):
        per_customer = np.where(n > 0, gross / np.where(n > 0, n, 1.0), 0.0)
    divisor = (1.0 + i * float(rf)) ** np.arange(years)
    if round_divisor is not None:
        divisor = np.round(divisor, int(round_divisor))
    npv = gross / divisor
    cumulative = np.cumsum(npv)
    rows = {"customers": n, "retention": r, "orders_per_year": arr["orders_per_year"],
            "average_order": arr["average_order"], "revenue": revenue, "cost_rate": c,
            "cost_of_sales": cost_of_sales, "cost_per_customer": arr["cost_per_customer"],
            "marketing_cost": marketing, "costs": costs, "gross_profit": gross,
            "profit_per_customer": per_customer, "discount_divisor": divisor, "npv": npv,
            "cumulative_npv": cumulative, "ltv": cumulative / float(n0)}
    table = pd.DataFrame(rows, index=pd.RangeIndex(1, years + 1, name="year")).T
    table.index.name = "row"
    return table


def breakeven_year(table: pd.DataFrame) -> int | None:
    """First year whose cumulative NPV is >= 0 (the cohort has paid back), or None if never.

    >>> t = ltv_table(100, [0.6, 0.7], 2, 50, 0.5, [60, 10], interest=0.0)
    >>> t.loc["cumulative_npv"].tolist(), breakeven_year(t)
    ([-1000.0, 1400.0], 2)
    """
    if not isinstance(table, pd.DataFrame) or "cumulative_npv" not in table.index:
        raise ValueError("table must be an ltv_table result (a DataFrame with a 'cumulative_npv' "
                         f"row), got {type(table).__name__}")
    row = table.loc["cumulative_npv"]
    paid = row[row >= 0]
    return None if paid.empty else int(paid.index[0])


#: The two worked examples of the chapter, as ltv_table keyword arguments.
HUGHES_EXAMPLE = dict(customers=100_000, retention=[0.60, 0.70, 0.80],
                      orders_per_year=[1.8, 2.5, 3.0], average_order=[90.0, 95.0, 100.0],
                      cost_rate=[0.70, 0.65, 0.65], cost_per_customer=[55.0, 20.0, 20.0],
                      interest=0.08, risk_factor=2.0, round_divisor=2)

#: A reconstruction of the lecture's variant (10,000 customers, 60 yuan acquisition, 20 yuan a
#: year after, 70 % cost of sales in year 1, 60 % first-year retention). The lecture gives only two
#: results (−12 yuan per year-1 leaver, LTV 66.08 after year 3); year-1 revenue of 160 yuan a
#: customer follows from the first, the year-2/3 inputs are our choice that meets the second.
LECTURE_VARIANT = dict(customers=10_000, retention=[0.60, 0.80, 0.85],
                       orders_per_year=[2.0, 2.8, 3.1], average_order=[80.0, 85.0, 105.0],
                       cost_rate=[0.70, 0.60, 0.60], cost_per_customer=[60.0, 20.0, 20.0],
                       interest=0.08, risk_factor=2.0, round_divisor=2)


#: The currency each named example is in: Hughes' table is American (US dollars), the lecture's
#: variant is in yuan. ``example_table`` records it in ``table.attrs["currency"]`` so charts and
#: panels label the money in the example's own currency.
EXAMPLE_CURRENCY = {"hughes": "usd", "lecture": "yuan"}


def example_table(name: str = "hughes", **changes) -> pd.DataFrame:
    """:func:`ltv_table` of a named example ("hughes" or "lecture"), with any input changed.

    The table carries its currency in ``attrs["currency"]`` (:data:`EXAMPLE_CURRENCY`).

    >>> round(float(example_table("hughes").loc["ltv", 3]), 2)
    52.7
    >>> example_table("hughes").attrs["currency"], example_table("lecture").attrs["currency"]
    ('usd', 'yuan')
    >>> float(example_table("hughes", retention=[0.7, 0.7, 0.8]).loc["customers", 2])
    70000.0
    """
    examples = {"hughes": HUGHES_EXAMPLE, "lecture": LECTURE_VARIANT}
    if name not in examples:
        raise ValueError(f"name must be one of {sorted(examples)}, got {name!r}")
    unknown = set(changes) - set(examples[name])
    if unknown:
        raise ValueError(f"unknown ltv_table inputs {sorted(unknown)}; allowed: "
                         f"{sorted(examples[name])}")
    table = ltv_table(**{**examples[name], **changes})
    table.attrs["currency"] = EXAMPLE_CURRENCY[name]
    return table


def format_ltv_table(table: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """The table as text, laid out like Hughes' (counts 100,000; 60%; money −640,000; LTV −6.40).

    Row labels come from the glossary (``lang`` "en", "zh" or "both"), column headers from its
    ``year_n`` phrase (year 1 …, 第1年 …).

    >>> f = format_ltv_table(example_table("hughes"), "en")
    >>> f.loc["LTV per acquired customer"].tolist()
    ['-6.40', '26.25', '52.70']
    >>> format_ltv_table(example_table("hughes"), "zh").columns.tolist()
    ['第1年', '第2年', '第3年']
    """
    if not isinstance(table, pd.DataFrame) or not set(LTV_ROWS) <= set(table.index):
        raise ValueError("table must be an ltv_table result with rows " + ", ".join(LTV_ROWS))
    styles = {"customers": "{:,.0f}", "retention": "{:.0%}", "orders_per_year": "{:g}",
              "average_order": "{:,.2f}", "revenue": "{:,.0f}", "cost_rate": "{:.0%}",
              "cost_of_sales": "{:,.0f}", "cost_per_customer": "{:,.2f}",
              "marketing_cost": "{:,.0f}", "costs": "{:,.0f}", "gross_profit": "{:,.0f}",
              "profit_per_customer": "{:,.2f}", "discount_divisor": "{:.4g}", "npv": "{:,.0f}",
              "cumulative_npv": "{:,.0f}", "ltv": "{:,.2f}"}
    def cell(row, col):
        value = table.loc[row, col]
        return "—" if pd.isna(value) else styles[row].format(value)

    out = pd.DataFrame({col: [cell(row, col) for row in LTV_ROWS]
                        for col in table.columns},
                       index=[term(f"ltv_{row}", lang) for row in LTV_ROWS])
    out.columns = [phrase("year_n", lang, n=c) for c in table.columns]
    return out


# --------------------------------------------------------------------------------------------
# the customer pyramid

PYRAMID_TIERS = ("diamond", "gold", "brass", "lead")
PYRAMID_SHARES = (0.01, 0.04, 0.15, 0.80)


def customer_pyramid(values, shares: Sequence[float] = PYRAMID_SHARES,
                     labels: Sequence[str] = PYRAMID_TIERS) -> pd.Series:
    """The tier of each customer (客户金字塔): rank by value, top ``shares[0]`` is the first tier.

    Customers are sorted by value, highest first (ties keep their input order), and cut at the
    cumulative shares (default 1 % diamond 钻石, 4 % gold 黄金, 15 % brass 黄铜, 80 % lead 重铅;
    counts are round(n × cumulative share)). Negative values are allowed (they sink to lead).
    Returns an ordered categorical Series aligned with ``values`` (same index if it is a Series).

    >>> customer_pyramid([5, 300, 40, 1, 0], shares=(0.2, 0.2, 0.2, 0.4)).tolist()
    ['brass', 'diamond', 'gold', 'lead', 'lead']
    """
    index = values.index if isinstance(values, pd.Series) else None
    v = _array(values.to_numpy() if isinstance(values, pd.Series) else values, "values")
    if v.ndim != 1 or v.size == 0:
        raise ValueError(f"values must be a non-empty 1-D sequence of customer values, "
                         f"got {np.shape(v)}")
    s = _array(shares, "shares")
    labels = list(labels)
    if s.ndim != 1 or s.size != len(labels) or s.size == 0:
        raise ValueError(f"shares and labels must be equally long, got {s.size} shares and "
                         f"{len(labels)} labels")
    if (s <= 0).any() or not np.isclose(s.sum(), 1.0):
        raise ValueError(f"shares must be positive fractions summing to 1, got {tuple(shares)!r}")
    if len(set(labels)) != len(labels):
        raise ValueError(f"labels must be distinct, got {labels!r}")
    order = np.argsort(-v, kind="stable")          # best first, ties in input order
    bounds = np.floor(np.round(np.cumsum(s) * v.size, 9) + 0.5).astype(int)
    bounds[-1] = v.size
    tier_of_rank = np.searchsorted(bounds, np.arange(v.size), side="right")
    codes = np.empty(v.size, dtype=int)
    codes[order] = tier_of_rank
    cat = pd.Categorical.from_codes(codes, categories=labels, ordered=True)
    return pd.Series(cat, index=index, name="tier")


def pyramid_summary(values, tiers) -> pd.DataFrame:
    """Per tier: ``customers``, ``customer_share``, ``value`` (sum), ``value_share``,
    ``mean_value`` and ``min_value``; tiers in pyramid order (top first).

    Value shares are of the total value (they can exceed 1 for a tier if others are negative).

    >>> v = pd.Series([5, 300, 40, 1, 0])
    >>> s = pyramid_summary(v, customer_pyramid(v, shares=(0.2, 0.2, 0.2, 0.4)))
    >>> s["value_share"].round(3).tolist()
    [0.867, 0.116, 0.014, 0.003]
    """
    v = pd.Series(values) if not isinstance(values, pd.Series) else values
    t = pd.Series(tiers) if not isinstance(tiers, pd.Series) else tiers
    if len(v) != len(t):
        raise ValueError(f"values and tiers must be equally long, got {len(v)} and {len(t)}")
    _array(v.to_numpy(), "values")
    t = t.set_axis(v.index)
    if not isinstance(t.dtype, pd.CategoricalDtype):
        t = t.astype("category")
    frame = pd.DataFrame({"value": v.astype(float), "tier": t})
    g = frame.groupby("tier", observed=False)["value"]
    out = pd.DataFrame({"customers": g.size(), "value": g.sum(), "mean_value": g.mean(),
                        "min_value": g.min()})
    total = out["value"].sum()
    out.insert(1, "customer_share", out["customers"] / out["customers"].sum())
    out.insert(3, "value_share", out["value"] / total if total else np.nan)
    out.index.name = "tier"
    return out


def pyramid_moves(lang: str | None = None) -> pd.DataFrame:
    """What to do with each tier (让客户金字塔动起来), top first: the lecture's moves.

    >>> pyramid_moves("en").loc["lead", "moves"]
    'move up; reduce the benefits given'
    """
    rows = {tier: (term(f"pyramid_{tier}", lang), term(f"pyramid_moves_{tier}", lang))
            for tier in PYRAMID_TIERS}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["tier_name", "moves"]).rename_axis(
        "tier")


# --------------------------------------------------------------------------------------------
# values from transactions


def _check_transactions(transactions: pd.DataFrame, need=("customer_id", "order_date", "amount")):
    require_frame(transactions, "transactions", need)
    if "order_date" in need and not pd.api.types.is_datetime64_any_dtype(
            transactions["order_date"]):
        raise ValueError("transactions column 'order_date' must be datetime64 (use "
                         f"pd.to_datetime), got {transactions['order_date'].dtype}")
    _array(transactions["amount"].to_numpy(), "transactions['amount']")
    return transactions


def customer_value(transactions: pd.DataFrame, margin: float = 0.30, start=None, end=None,
                   customers=None) -> pd.Series:
    """Profit per customer over a window = margin × (purchases − refunds), in yuan.

    ``amount`` is in yuan with refunds negative: refunds are netted against the customer's
    purchases (a customer whose refunds exceed purchases gets a negative value). ``start`` and
    ``end`` bound ``order_date`` (inclusive). ``customers`` (ids) adds customers with no orders in
    the window at 0 yuan, so the pyramid counts everyone.

    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [100.0, -20.0, 50.0],
    ...                    "order_date": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-03-01"])})
    >>> customer_value(tx, margin=0.5, customers=[1, 2, 3]).tolist()
    [40.0, 25.0, 0.0]
    """
    tx = _check_transactions(transactions)
    m = float(_check_rate(margin, "margin"))
    mask = np.ones(len(tx), dtype=bool)
    if start is not None:
        mask &= (tx["order_date"] >= pd.Timestamp(start)).to_numpy()
    if end is not None:
        mask &= (tx["order_date"] <= pd.Timestamp(end)).to_numpy()
    net = tx.loc[mask].groupby("customer_id")["amount"].sum()
    if customers is not None:
        ids = pd.Index(pd.unique(np.asarray(customers)), name="customer_id")
        net = net.reindex(ids.union(net.index), fill_value=0.0)
    return (m * net.astype(float)).rename("value")


def cohort_inputs(transactions: pd.DataFrame, signups: pd.Series, cohort_year: int,
                  years: int = 3) -> pd.DataFrame:
    """The ltv_table inputs a cohort actually showed, measured from transactions (per year).

    The cohort is the customers whose ``signups`` date (Series: customer_id → signup date) falls
    in ``cohort_year``; year k is calendar year ``cohort_year + k − 1``. As in Hughes' table,
    year 1 counts every acquired customer; later years count the customers with at least one
    transaction that year. Refunds (negative amounts) count as transactions, so nothing is
    dropped: customers × orders × average order is exactly the cohort's net revenue that year.
    Columns, one row per year:

    * ``customers``; ``retention`` = customers(k + 1) ÷ customers(k) (the last year is NaN);
    * ``orders_per_year`` = transactions (purchases and refunds) ÷ customers;
    * ``average_order`` = net amount ÷ transactions (yuan; negative only if refunds exceed
      purchases that year).

    >>> tx = pd.DataFrame({"customer_id": [1, 2, 1, 1], "amount": [10.0, 20.0, 30.0, 50.0],
    ...     "order_date": pd.to_datetime(["2022-03-01", "2022-05-01", "2023-01-02", "2023-06-01"])})
    >>> s = pd.Series(pd.to_datetime(["2022-01-01", "2022-02-01"]), index=[1, 2])
    >>> cohort_inputs(tx, s, 2022, years=2)
          customers  retention  orders_per_year  average_order
    year
    1             2        0.5              1.0           15.0
    2             1        NaN              2.0           40.0
    """
    tx = _check_transactions(transactions)
    if not isinstance(signups, pd.Series) or not pd.api.types.is_datetime64_any_dtype(signups):
        raise ValueError("signups must be a Series of datetime64 signup dates indexed by "
                         "customer_id")
    years = int(_check_years(years))
    members = signups.index[signups.dt.year == cohort_year]
    if members.empty:
        raise ValueError(f"cohort_year {cohort_year!r} has no signups; signup years present: "
                         f"{sorted(signups.dt.year.unique().tolist())}")
    mine = tx[tx["customer_id"].isin(members)]
    year_of = (mine["order_date"].dt.year - cohort_year + 1).to_numpy()
    rows = []
    for k in range(1, years + 1):
        in_year = year_of == k
        n = len(members) if k == 1 else mine.loc[in_year, "customer_id"].nunique()
        orders = int(in_year.sum())
        rows.append({"customers": n,
                     "orders_per_year": orders / n if n else 0.0,
                     "average_order": float(mine.loc[in_year, "amount"].sum()) / orders
                     if orders else 0.0})
    out = pd.DataFrame(rows, index=pd.RangeIndex(1, years + 1, name="year"))
    n = out["customers"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        kept = np.append(np.where(n[:-1] > 0, n[1:] / np.where(n[:-1] > 0, n[:-1], 1), 0.0),
                         np.nan)
    out.insert(1, "retention", kept)
    return out


def cohort_table(transactions: pd.DataFrame, customers: pd.DataFrame, cohort_year: int,
                 years: int = 3, cost_rate: float = 0.70, marketing_cost: float = 20.0,
                 interest: float = 0.08, risk_factor: float = 1.0,
                 behaviour_year: int | None = None) -> pd.DataFrame:
    """:func:`ltv_table` of a real cohort: inputs from :func:`cohort_inputs`, year-1 cost per
    customer = the cohort's mean ``acquisition_cost`` (yuan), ``marketing_cost`` per retained
    customer in later years (yuan, an assumption), ``cost_rate`` of revenue (an assumption).
    The table uses the measured customer counts of each year.

    ``behaviour_year`` makes a forecast: the cohort's own size and acquisition cost, but the
    retention, orders and average order that the ``behaviour_year`` cohort showed (e.g. predict
    the 2022 cohort from how the 2021 cohort behaved, then compare with what 2022 really did);
    a measured ratio above 1 (customers coming back) is used as 1 in the forecast.

    ``customers`` needs columns customer_id, signup_date, acquisition_cost.

    >>> tx = pd.DataFrame({"customer_id": [1, 2, 1], "amount": [100.0, 50.0, 80.0],
    ...     "order_date": pd.to_datetime(["2022-03-01", "2022-05-01", "2023-01-02"])})
    >>> cu = pd.DataFrame({"customer_id": [1, 2], "acquisition_cost": [30.0, 50.0],
    ...                    "signup_date": pd.to_datetime(["2022-01-01", "2022-02-01"])})
    >>> cohort_table(tx, cu, 2022, years=2, interest=0.0).loc["gross_profit"].tolist()
    [-35.0, 4.0]
    """
    need = ["customer_id", "signup_date", "acquisition_cost"]
    if not isinstance(customers, pd.DataFrame) or any(c not in customers for c in need):
        raise ValueError(f"customers must be a DataFrame with columns {need}, got "
                         f"{list(getattr(customers, 'columns', []))}")
    signups = customers.set_index("customer_id")["signup_date"]
    inputs = cohort_inputs(transactions, signups, cohort_year, years)
    if behaviour_year is not None:
        size = inputs["customers"].iloc[0]
        inputs = cohort_inputs(transactions, signups, behaviour_year, years)
        inputs.loc[1, "customers"] = size
    members = signups.index[signups.dt.year == cohort_year]
    acquisition = float(customers.set_index("customer_id").loc[members, "acquisition_cost"].mean())
    if behaviour_year is None:   # what happened: the measured customer counts
        customers_arg, retention_arg = inputs["customers"].to_numpy(dtype=float), None
    else:                        # a forecast: this cohort's size, the other cohort's retention
        customers_arg = float(inputs["customers"].iloc[0])
        retention_arg = inputs["retention"].fillna(0.0).clip(upper=1.0).to_numpy()
    return ltv_table(customers_arg, retention_arg, inputs["orders_per_year"].to_numpy(),
                     inputs["average_order"].to_numpy(), cost_rate,
                     [acquisition] + [marketing_cost] * (years - 1), interest, risk_factor)


def value_after_signup(transactions: pd.DataFrame, signups: pd.Series, margin: float = 0.30,
                       days: int = 365) -> pd.Series:
    """Profit each customer brought in the first ``days`` after signing up (yuan), refunds netted.

    Only customers whose full window ends by the last order date in ``transactions`` are kept
    (younger customers have not had the chance yet); customers with no orders get 0.

    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [100.0, 40.0, 10.0],
    ...     "order_date": pd.to_datetime(["2022-01-05", "2023-03-01", "2023-06-30"])})
    >>> s = pd.Series(pd.to_datetime(["2022-01-01", "2022-03-01", "2023-06-01"]), index=[1, 2, 3])
    >>> value_after_signup(tx, s, margin=0.5).to_dict()
    {1: 50.0, 2: 0.0}
    """
    tx = _check_transactions(transactions)
    m = float(_check_rate(margin, "margin"))
    if not isinstance(signups, pd.Series) or not pd.api.types.is_datetime64_any_dtype(signups):
        raise ValueError("signups must be a Series of datetime64 signup dates indexed by "
                         "customer_id")
    if int(days) < 1:
        raise ValueError(f"days must be >= 1, got {days!r}")
    window = pd.Timedelta(days=int(days))
    eligible = signups[signups + window <= tx["order_date"].max()]
    joined = tx.join(eligible.rename("signup"), on="customer_id", how="inner")
    inside = joined[(joined["order_date"] >= joined["signup"])
                    & (joined["order_date"] < joined["signup"] + window)]
    net = inside.groupby("customer_id")["amount"].sum().reindex(eligible.index, fill_value=0.0)
    return (m * net.astype(float)).rename("value")


def segment_ltv(values: pd.Series, segments: pd.Series, acquisition_cost=None) -> pd.DataFrame:
    """Average value per customer by segment, and net of acquisition cost (yuan per customer).

    ``values`` and ``segments`` (and ``acquisition_cost`` if given) are Series on the same
    customer index. Columns: ``customers``, ``value`` (mean), ``acquisition_cost`` (mean, 0 when
    not given), ``net_value`` = value − acquisition_cost; sorted by ``net_value``, best first.

    >>> v = pd.Series([100.0, 50.0, 10.0]); seg = pd.Series(["a", "a", "b"])
    >>> segment_ltv(v, seg, pd.Series([20.0, 20.0, 30.0]))["net_value"].tolist()
    [55.0, -20.0]
    """
    if not isinstance(values, pd.Series) or not isinstance(segments, pd.Series):
        raise ValueError("values and segments must be pandas Series on the same customer index")
    _array(values.to_numpy(), "values")
    seg = segments.reindex(values.index)
    if seg.isna().any():
        raise ValueError(f"segments has no segment for {int(seg.isna().sum())} customer(s) of "
                         "values; give one segment per customer")
    cost = (pd.Series(0.0, index=values.index) if acquisition_cost is None
            else acquisition_cost.reindex(values.index))
    _array(cost.to_numpy(), "acquisition_cost")
    frame = pd.DataFrame({"segment": seg, "value": values.astype(float), "cost": cost})
    g = frame.groupby("segment", observed=True)
    out = pd.DataFrame({"customers": g.size(), "value": g["value"].mean(),
                        "acquisition_cost": g["cost"].mean()})
    out["net_value"] = out["value"] - out["acquisition_cost"]
    return out.sort_values("net_value", ascending=False)


def marketing_roi(values, costs) -> float:
    """Return on marketing spend = (Σ value won − Σ cost) ÷ Σ cost, a fraction (1.0 = 100 %).

    ``values``: the value (yuan) each reached customer brings; ``costs``: the cost of reaching
    each (yuan; one number for all or one per customer). Spending only on high-value segments
    (differentiated marketing) lifts the value per yuan; spending on everyone (mass marketing)
    averages in the low-value ones.

    >>> marketing_roi([30.0, 10.0, 20.0], 10.0)
    1.0
    """
    v = _array(values, "values")
    if v.ndim != 1 or v.size == 0:
        raise ValueError(f"values must be a non-empty 1-D sequence (one per customer), "
                         f"got {values!r}")
    c = np.broadcast_to(_array(costs, "costs"), v.shape) if np.ndim(costs) == 0 else _array(
        costs, "costs")
    if c.shape != v.shape:
        raise ValueError(f"costs must be one number or one per value ({v.size}), got {c.size}")
    if (c < 0).any() or c.sum() <= 0:
        raise ValueError(f"costs must be >= 0 yuan with a positive total, got {costs!r}")
    return float((v.sum() - c.sum()) / c.sum())


def targeting_holdout(values: pd.Series, segments: pd.Series, costs: pd.Series, top: int = 2,
                      holdout: float = 0.5, seed: int = 2024) -> pd.Series:
    """Differentiated against mass marketing, with the best segments chosen on other customers.

    The customers are split at random (``seed``) into a choosing half and a held-out share
    ``holdout``. The ``top`` segments with the highest mean value net of cost are picked on the
    choosing half only (:func:`segment_ltv`); both strategies are then scored on the held-out
    customers, so the choice is not graded on the customers it was made from:

    * ``roi_mass`` = :func:`marketing_roi` of all held-out customers (every segment);
    * ``roi_targeted`` = :func:`marketing_roi` of the held-out customers of the chosen segments;
    * ``net_roi_ratio`` = roi_targeted ÷ roi_mass (the ratio of *net* returns per yuan);
    * ``gross_ratio`` = (1 + roi_targeted) ÷ (1 + roi_mass), value won per yuan spent;
    * ``chosen`` (the segments, best first), ``choosing`` and ``held_out`` (customer counts).

    >>> v = pd.Series([90.0, 80.0, 10.0, 12.0] * 25)
    >>> seg = pd.Series(["a", "a", "b", "b"] * 25)
    >>> r = targeting_holdout(v, seg, pd.Series(20.0, index=v.index), top=1)
    >>> r["chosen"], round(float(r["roi_targeted"]), 2) > round(float(r["roi_mass"]), 2)
    (('a',), True)
    """
    if not isinstance(values, pd.Series) or not isinstance(segments, pd.Series) or not isinstance(
            costs, pd.Series):
        raise ValueError("values, segments and costs must be pandas Series on one customer index")
    if not 0 < float(holdout) < 1:
        raise ValueError(f"holdout must be a fraction in (0, 1), got {holdout!r}")
    n_segments = segments.reindex(values.index).nunique()
    if not 1 <= int(top) < n_segments:
        raise ValueError(f"top must be between 1 and the number of segments − 1 "
                         f"({n_segments - 1}), got {top!r}")
    rng = np.random.default_rng(seed)
    held = pd.Series(rng.random(len(values)) < float(holdout), index=values.index)
    if held.all() or not held.any():
        raise ValueError(f"values must hold enough customers to split ({len(values)} given)")
    choose = ~held
    ranking = segment_ltv(values[choose], segments[choose], costs[choose])
    chosen = tuple(ranking.index[:int(top)])
    test = held[held].index
    picked = test[segments.reindex(test).isin(chosen).to_numpy()]
    roi_mass = marketing_roi(values[test], costs[test])
    roi_targeted = marketing_roi(values[picked], costs[picked])
    return pd.Series({"chosen": chosen, "choosing": int(choose.sum()), "held_out": len(test),
                      "roi_mass": roi_mass, "roi_targeted": roi_targeted,
                      "net_roi_ratio": roi_targeted / roi_mass if roi_mass else float("nan"),
                      "gross_ratio": (1 + roi_targeted) / (1 + roi_mass)},
                     name="targeting_holdout")


def allocate_budget(budget: float, values: pd.Series) -> pd.Series:
    """Split a retention budget across groups in proportion to their positive value at stake.

    Groups with value <= 0 (negative-LTV customers) get nothing: the lecture's advice not to spend
    heavily on keeping them. Returns yuan per group, summing to ``budget`` (or all zeros).

    >>> allocate_budget(1000, pd.Series({"diamond": 600.0, "gold": 200.0, "lead": -50.0})).tolist()
    [750.0, 250.0, 0.0]
    """
    b = float(_array(budget, "budget"))
    if b < 0:
        raise ValueError(f"budget must be >= 0 yuan, got {budget!r}")
    if not isinstance(values, pd.Series):
        raise ValueError("values must be a pandas Series: group → value at stake (yuan)")
    v = _array(values.to_numpy(), "values").clip(min=0.0)
    share = v / v.sum() if v.sum() > 0 else np.zeros_like(v)
    return pd.Series(b * share, index=values.index, name="budget")


__all__ = ["discount_factors", "annuity_factor", "present_value", "clv_schedule",
           "customer_lifetime_value", "annual_profit", "group_clv", "retention_clv", "ltv_table",
           "breakeven_year", "example_table", "format_ltv_table", "HUGHES_EXAMPLE",
           "LECTURE_VARIANT", "LTV_ROWS", "customer_pyramid", "pyramid_summary", "pyramid_moves",
           "PYRAMID_TIERS", "PYRAMID_SHARES", "customer_value", "cohort_inputs", "cohort_table",
           "value_after_signup", "segment_ltv", "allocate_budget", "marketing_roi",
           "targeting_holdout", "EXAMPLE_CURRENCY"]
