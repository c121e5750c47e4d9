"""Relationship marketing and its value (关系营销与价值测定).

Two sides of the value a relationship creates:

* for the **customer**: customer delivered value (顾客让渡价值, Kotler) = total customer value
  (product, service, personnel, image) − total customer cost (monetary, time, energy, psychic),
  also read as the ratio value ÷ cost;
* for the **firm**: customer profitability, the cost of replacing customers who leave, and the
  economics of retention — a base that keeps 95 % and wins 10 % a year grows, one that keeps 90 %
  stands still; a few points more retention raise profit by far more than a few per cent.

Units: money in yuan, rates as fractions per year (0.95 = 95 %), time in years.
Nothing here imports matplotlib or ipywidgets; charts live in :mod:`crm_lessons.plotting.value`.

>>> delivered_value(EXAMPLE_VALUES, EXAMPLE_COSTS).ratio
1.25
>>> round(doubling_time(0.95, 0.10), 1)
14.2
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from numbers import Real

import numpy as np
import pandas as pd

from . import lifecycle
from ._validate import require_frame

#: Kotler's four sources of total customer value (glossary keys ``*_value``).
VALUE_COMPONENTS = ("product", "service", "personnel", "image")
#: Kotler's four parts of total customer cost (glossary keys ``*_cost``).
COST_COMPONENTS = ("monetary", "time", "energy", "psychic")

#: An illustrative split of the lecture's example, total customer value 20,000 yuan.
#: (The lecture gives only the totals; the split across components is ours.)
EXAMPLE_VALUES: dict[str, float] = {"product": 12_000.0, "service": 4_000.0,
                                    "personnel": 2_500.0, "image": 1_500.0}
#: An illustrative split of the lecture's example, total customer cost 16,000 yuan.
EXAMPLE_COSTS: dict[str, float] = {"monetary": 13_000.0, "time": 1_500.0, "energy": 1_000.0,
                                   "psychic": 500.0}

#: Reichheld & Sasser, "Zero Defections" (HBR 1990): rise in profit when defections fall by
#: 5 percentage points, as fractions, indexed by glossary key of the industry.
REICHHELD_SASSER_1990 = pd.Series(
    {"rs_bank_branch_deposits": 0.85, "rs_insurance_brokerage": 0.50,
     "rs_office_building_management": 0.40, "rs_auto_service": 0.30},
    name="profit_increase",
)
#: The range Reichheld & Sasser report across the industries they studied (25 % to 85 %).
REICHHELD_SASSER_RANGE = (0.25, 0.85)


# ----------------------------------------------------------------------------------------------
# validation helpers
# ----------------------------------------------------------------------------------------------

def _number(value, name: str, *, low: float | None = None, high: float | None = None,
            low_open: bool = False, allowed: str = "") -> float:
    """A finite real number within bounds, else ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, Real | np.integer | np.floating):
        raise ValueError(f"{name} must be a number{allowed and ' ' + allowed}, got {value!r}")
    x = float(value)
    too_low = low is not None and (x <= low if low_open else x < low)
    too_high = high is not None and x > high
    if not math.isfinite(x) or too_low or too_high:
        raise ValueError(f"{name} must be {allowed or 'a finite number'}, got {value!r}")
    return x


def _py(x):
    """A numpy scalar as the plain Python value (for readable error messages)."""
    return x.item() if isinstance(x, np.generic) else x


def _rate(value, name: str) -> float:
    return _number(value, name, low=0.0, high=1.0,
                   allowed="a fraction in [0, 1] (e.g. 0.9 for 90 %)")


def _components(parts, name: str) -> dict[str, float]:
    if not isinstance(parts, Mapping):
        raise ValueError(f"{name} must be a mapping such as {{'product': 12000}}, "
                         f"got {type(parts).__name__}")
    if not parts:
        raise ValueError(f"{name} must hold at least one component, got an empty mapping")
    out = {}
    for key, amount in parts.items():
        if not isinstance(key, str) or not key:
            raise ValueError(f"{name} keys must be non-empty component names, got {key!r}")
        out[key] = _number(amount, f"{name}[{key!r}]", low=0.0,
                           allowed="a non-negative amount in yuan")
    return out


# ----------------------------------------------------------------------------------------------
# the customer's side: delivered value
# ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DeliveredValue:
    """Customer delivered value (顾客让渡价值) of one offer, in yuan.

    ``value`` = Σ values, ``cost`` = Σ costs, ``difference`` = value − cost (yuan),
    ``ratio`` = value ÷ cost (no unit; above 1 the offer gives more than it takes).
    """

    values: dict[str, float] = field(hash=False)
    costs: dict[str, float] = field(hash=False)

    @property
    def value(self) -> float:
        """Total customer value (顾客总价值), yuan."""
        return float(sum(self.values.values()))

    @property
    def cost(self) -> float:
        """Total customer cost (顾客总成本), yuan."""
        return float(sum(self.costs.values()))

    @property
    def difference(self) -> float:
        """Delivered value as a difference: total value − total cost, yuan."""
        return self.value - self.cost

    @property
    def ratio(self) -> float:
        """Delivered value as a ratio: total value ÷ total cost (no unit)."""
        return self.value / self.cost

    def table(self) -> pd.DataFrame:
        """One row per component: ``side`` ("value"/"cost"), ``component``, ``yuan``.

        >>> delivered_value({"product": 5.0}, {"monetary": 3.0, "time": 1.0}).table()
            side component  yuan
        0  value   product   5.0
        1   cost  monetary   3.0
        2   cost      time   1.0
        """
        rows = [("value", k, v) for k, v in self.values.items()]
        rows += [("cost", k, v) for k, v in self.costs.items()]
        return pd.DataFrame(rows, columns=["side", "component", "yuan"])


def delivered_value(values: Mapping[str, float], costs: Mapping[str, float]) -> DeliveredValue:
    """Customer delivered value = total customer value − total customer cost (Kotler).

    ``values``: yuan per source of value (product, service, personnel, image — any names work);
    ``costs``: yuan per cost the customer bears (monetary, time, energy, psychic). Amounts must be
    finite and ≥ 0 and the total cost must be positive (it is the ratio's denominator).

    CDV = Σ values − Σ costs (yuan); value ratio = Σ values ÷ Σ costs.

    >>> dv = delivered_value({"product": 12000, "service": 4000, "personnel": 2500,
    ...                       "image": 1500},
    ...                      {"monetary": 13000, "time": 1500, "energy": 1000, "psychic": 500})
    >>> dv.value, dv.cost, dv.difference, dv.ratio
    (20000.0, 16000.0, 4000.0, 1.25)
    """
    vals = _components(values, "values")
    cost = _components(costs, "costs")
    if sum(cost.values()) <= 0:
        raise ValueError(f"costs must add up to a positive total customer cost (the ratio divides "
                         f"by it), got {sum(cost.values())!r}")
    return DeliveredValue(vals, cost)


def compare_offers(offers: Mapping[str, DeliveredValue]) -> pd.DataFrame:
    """Side-by-side table of several offers: value, cost, difference, ratio (yuan; ratio no unit).

    Sorted by difference, best first; a customer who maximises delivered value picks the top row.

    >>> a = delivered_value({"product": 100}, {"monetary": 80})
    >>> b = delivered_value({"product": 150}, {"monetary": 125})
    >>> compare_offers({"A": a, "B": b})[["difference", "ratio"]]
       difference  ratio
    B        25.0   1.20
    A        20.0   1.25
    """
    if not isinstance(offers, Mapping) or not offers:
        raise ValueError(f"offers must be a non-empty mapping name -> DeliveredValue, got {offers!r}")
    rows = {}
    for name, dv in offers.items():
        if not isinstance(dv, DeliveredValue):
            raise ValueError(f"offers[{name!r}] must be a DeliveredValue (from delivered_value), "
                             f"got {type(dv).__name__}")
        rows[name] = {"value": dv.value, "cost": dv.cost, "difference": dv.difference,
                      "ratio": dv.ratio}
    out = pd.DataFrame.from_dict(rows, orient="index").sort_values("difference", ascending=False)
    # displayed headers (crm_lessons.tables): Kotler's terms, not the generic col_value "profit"
    out.attrs["glossary"] = {"value": "total_customer_value", "cost": "total_customer_cost",
                             "difference": "delivered_value"}
    return out


# ----------------------------------------------------------------------------------------------
# the firm's side: how a customer base grows or shrinks
# ----------------------------------------------------------------------------------------------

def project_customer_base(start: float, retention: float, acquisition_rate: float,
                          years: int) -> pd.Series:
    """Customers at the start of each year when a share ``retention`` stays and new customers
    equal to ``acquisition_rate`` × the current base join every year.

    N_t = N_{t−1} × (retention + acquisition_rate) = start × (retention + acquisition_rate)^t,
    for t = 0 … ``years`` (customers; rates as fractions per year). Reichheld's comparison:
    keeping 95 % and winning 10 % doubles a base in about 14 years; keeping 90 % stands still.

    >>> project_customer_base(100, 0.95, 0.10, 14).round(1).iloc[[0, 14]].tolist()
    [100.0, 198.0]
    >>> project_customer_base(100, 0.90, 0.10, 14).round(6).unique().tolist()
    [100.0]
    """
    n0 = _number(start, "start", low=0.0, low_open=True, allowed="a positive number of customers")
    r = _rate(retention, "retention")
    a = _number(acquisition_rate, "acquisition_rate", low=0.0,
                allowed="a non-negative fraction of the base per year (e.g. 0.10)")
    if isinstance(years, bool) or not isinstance(years, int | np.integer) or years < 1:
        raise ValueError(f"years must be a whole number ≥ 1, got {years!r}")
    t = np.arange(int(years) + 1)
    return pd.Series(n0 * (r + a) ** t, index=pd.RangeIndex(len(t), name="year"),
                     name="customers")


def growth_factor(retention: float, acquisition_rate: float) -> float:
    """Yearly growth factor of the base = retention + acquisition_rate (1 = standing still).

    >>> round(growth_factor(0.95, 0.10), 2), round(growth_factor(0.90, 0.10), 2)
    (1.05, 1.0)
    """
    return _rate(retention, "retention") + _number(
        acquisition_rate, "acquisition_rate", low=0.0,
        allowed="a non-negative fraction of the base per year")


def doubling_time(retention: float, acquisition_rate: float) -> float:
    """Years until the base doubles = ln 2 ÷ ln(retention + acquisition_rate).

    Returns ``inf`` when the base does not grow (retention + acquisition_rate ≤ 1).

    >>> round(doubling_time(0.95, 0.10), 2)
    14.21
    >>> doubling_time(0.90, 0.10)
    inf
    """
    g = growth_factor(retention, acquisition_rate)
    if g <= 1 + 1e-12:
        return math.inf
    return math.log(2) / math.log(g)


def standstill_retention(acquisition_rate: float) -> float:
    """The retention rate at which a base stops shrinking = 1 − acquisition_rate.

    Below it the base shrinks every year; above it, it grows. ``acquisition_rate`` ≤ 1.

    >>> round(standstill_retention(0.10), 2)
    0.9
    """
    a = _number(acquisition_rate, "acquisition_rate", low=0.0, high=1.0,
                allowed="a fraction in [0, 1] of the base won each year")
    return 1.0 - a


def replacement_cost(customers: float, churn_rate: float, acquisition_cost: float) -> float:
    """Yearly cost of winning back the customers churn takes away, just to stand still (yuan).

    = customers × churn_rate × acquisition_cost (customers; fraction per year; yuan per new
    customer). Company A (100 customers, 20 % churn) vs B (10 %) at 60 yuan per new customer:

    >>> replacement_cost(100, 0.20, 60.0), replacement_cost(100, 0.10, 60.0)
    (1200.0, 600.0)
    """
    cost = _number(acquisition_cost, "acquisition_cost", low=0.0,
                   allowed="a non-negative amount in yuan per new customer")
    return float(lifecycle.replacements_needed(customers, churn_rate)) * cost


def relationship_costs(customers: float, churn_rate: float, acquisition_cost: float,
                       retention_cost: float) -> pd.Series:
    """A year of keeping a customer base the same size: what keeping costs and what losing costs.

    With N customers, churn c, acquisition cost a (yuan per new customer) and retention cost k
    (yuan a year per customer kept, 客户保留成本):

    * kept = N × (1 − c); retention cost = kept × k;
    * lost = N × c; churn cost (客户流失成本) = lost × a (winning the same number back);
    * total = retention cost + churn cost, the yearly cost of standing still;
    * ``acquisition_vs_retention`` = a ÷ k, how many years of keeping a customer one new
      customer costs (``inf`` when keeping is free).

    The lecture's numbers (section 2.2): 60 yuan to acquire, 20 yuan a year to keep. Company A
    (100 customers, 20 % churn) against company B (10 %):

    >>> a = relationship_costs(100, 0.20, 60.0, 20.0)
    >>> a[["retention_cost", "churn_cost", "total"]].tolist()
    [1600.0, 1200.0, 2800.0]
    >>> float(relationship_costs(100, 0.10, 60.0, 20.0)["total"]), float(a["acquisition_vs_retention"])
    (2400.0, 3.0)
    """
    n = _number(customers, "customers", low=0.0, allowed="(a non-negative count)")
    a = _number(acquisition_cost, "acquisition_cost", low=0.0,
                allowed="a non-negative amount in yuan per new customer")
    k = _number(retention_cost, "retention_cost", low=0.0,
                allowed="a non-negative amount in yuan per customer kept per year")
    lost = float(lifecycle.replacements_needed(n, churn_rate))
    kept = n - lost
    keeping, losing = kept * k, lost * a
    return pd.Series({"customers": n, "kept": kept, "lost": lost, "retention_cost": keeping,
                      "churn_cost": losing, "total": keeping + losing,
                      "acquisition_vs_retention": a / k if k > 0 else float("inf")},
                     name="relationship_costs")


# ----------------------------------------------------------------------------------------------
# retention economics: what a few more points of retention are worth
# ----------------------------------------------------------------------------------------------

def tenure_profile(retention: float, *, margin: float = 100.0, margin_growth: float = 0.10,
                   horizon: int = 20, discount_rate: float = 0.0) -> pd.DataFrame:
    """Expected profit from one newly won customer in each year of the relationship.

    For tenure year t = 1 … ``horizon``:
    ``survival`` = retention^(t−1) (still a customer in year t),
    ``margin`` = margin × (1 + margin_growth)^(t−1) (yuan a year: loyal customers buy more, cost
    less to serve and refer others), ``expected_profit`` = survival × margin ÷ (1 + discount_rate)^t
    (profit booked at year end). Indexed by ``tenure_year``.

    >>> tenure_profile(0.8, margin=100, margin_growth=0.1, horizon=3).round(2)
                 survival  margin  expected_profit
    tenure_year
    1                1.00  100.00           100.00
    2                0.80  110.00            88.00
    3                0.64  121.00            77.44
    """
    r = _rate(retention, "retention")
    m = _number(margin, "margin", low=0.0, allowed="a non-negative profit in yuan a year")
    g = _number(margin_growth, "margin_growth", low=-1.0, low_open=True,
                allowed="a growth rate above −1 (e.g. 0.10 for +10 % a year)")
    i = _number(discount_rate, "discount_rate", low=0.0, allowed="a non-negative rate")
    if isinstance(horizon, bool) or not isinstance(horizon, int | np.integer) or horizon < 1:
        raise ValueError(f"horizon must be a whole number of years ≥ 1, got {horizon!r}")
    t = np.arange(1, int(horizon) + 1)
    survival = r ** (t - 1)
    margins = m * (1 + g) ** (t - 1)
    return pd.DataFrame({"survival": survival, "margin": margins,
                         "expected_profit": survival * margins / (1 + i) ** t},
                        index=pd.Index(t, name="tenure_year"))


@dataclass(frozen=True)
class RetentionImpact:
    """Profit per newly won customer before and after a retention uplift (yuan).

    ``change`` is the relative rise in profit, (uplifted − base) ÷ base, as a fraction; it is NaN
    when the base profit is not positive (a percentage of a loss means nothing).

    >>> loss = retention_profit_impact(0.5, 0.05, margin_growth=0.0, acquisition_cost=1000)
    >>> round(loss.base_profit, 2), loss.change
    (-800.0, nan)
    """

    retention: float
    uplifted_retention: float
    base_profit: float
    uplifted_profit: float
    base_profile: pd.DataFrame = field(repr=False, compare=False, hash=False)
    uplifted_profile: pd.DataFrame = field(repr=False, compare=False, hash=False)

    @property
    def change(self) -> float:
        """(uplifted_profit − base_profit) ÷ base_profit; NaN if base_profit ≤ 0."""
        if self.base_profit <= 0:
            return math.nan
        return (self.uplifted_profit - self.base_profit) / self.base_profit

    @property
    def pct_change(self) -> float:
        """``change`` in per cent."""
        return 100 * self.change


def retention_profit_impact(retention: float, uplift: float = 0.05, *, margin: float = 100.0,
                            margin_growth: float = 0.10, acquisition_cost: float = 150.0,
                            horizon: int = 20, discount_rate: float = 0.0) -> RetentionImpact:
    """Profit impact of raising retention by ``uplift`` points, in a margin-grows-with-tenure model.

    Profit per newly won customer = Σ_t expected_profit_t − acquisition_cost (yuan), with
    expected_profit from :func:`tenure_profile` (survival retention^(t−1), margin growing by
    ``margin_growth`` a year, ``horizon`` years, discounted at ``discount_rate``). A firm winning
    the same number of customers every year earns, in steady state and undiscounted, exactly this
    amount per new customer per year, so the relative change is also the change in its yearly
    profit. ``uplift`` is in points: 0.05 takes 0.80 to 0.85; retention + uplift must be ≤ 1.

    Reichheld & Sasser (1990) report +25 % to +85 % for 5 points less defection; with the defaults
    (100 yuan a year, +10 % a year with tenure, 150 yuan to acquire) 80 % → 85 % gives:

    >>> impact = retention_profit_impact(0.80)
    >>> round(impact.base_profit, 2), round(impact.uplifted_profit, 2), round(impact.pct_change, 1)
    (618.7, 987.3, 59.6)
    """
    r = _rate(retention, "retention")
    u = _number(uplift, "uplift", low=0.0, high=1.0,
                allowed="a non-negative number of points as a fraction (0.05 = 5 points)")
    if r + u > 1 + 1e-12:
        raise ValueError(f"retention + uplift must be ≤ 1 (a retention rate cannot exceed 100 %), "
                         f"got retention={retention!r} + uplift={uplift!r} = {r + u:.4g}")
    cac = _number(acquisition_cost, "acquisition_cost", low=0.0,
                  allowed="a non-negative amount in yuan per new customer")
    kw = dict(margin=margin, margin_growth=margin_growth, horizon=horizon,
              discount_rate=discount_rate)
    base = tenure_profile(r, **kw)
    up = tenure_profile(min(r + u, 1.0), **kw)
    return RetentionImpact(r, min(r + u, 1.0), float(base["expected_profit"].sum() - cac),
                           float(up["expected_profit"].sum() - cac), base, up)


def profit_impact_curve(retention: float, margin_growths, uplift: float = 0.05,
                        **assumptions) -> pd.Series:
    """Relative profit change (fraction) of a ``uplift`` retention rise for each margin growth rate.

    Shows how strongly the answer depends on how fast a customer's margin grows with tenure.

    >>> profit_impact_curve(0.80, [0.0, 0.10]).round(3).tolist()
    [0.426, 0.596]
    """
    grid = np.atleast_1d(np.asarray(margin_growths, dtype=float))
    if grid.size == 0:
        raise ValueError("margin_growths must hold at least one growth rate, got none")
    out = [retention_profit_impact(retention, uplift, margin_growth=float(g),
                                   **assumptions).change for g in grid]
    return pd.Series(out, index=pd.Index(grid, name="margin_growth"), name="profit_change")


# ----------------------------------------------------------------------------------------------
# the firm's side from data: profitability, retention and acquisition observed in transactions
# ----------------------------------------------------------------------------------------------

def _transactions(transactions, needed: tuple[str, ...]) -> pd.DataFrame:
    require_frame(transactions, "transactions", needed)
    if "amount" in needed:
        amount = pd.to_numeric(transactions["amount"], errors="coerce")
        bad = amount.isna() | ~np.isfinite(amount.fillna(0.0))
        if bad.any():
            raise ValueError(f"column 'amount' must hold finite numbers (yuan), got "
                             f"{_py(transactions.loc[bad, 'amount'].iloc[0])!r} in row "
                             f"{_py(transactions.index[bad][0])!r}")
    return transactions


def customer_profitability(transactions: pd.DataFrame, acquisition_cost=None, *,
                           gross_margin: float = 0.30) -> pd.DataFrame:
    """Profit each customer has brought so far, net of refunds and of what it cost to win them.

    Per ``customer_id`` (yuan): ``sales`` = Σ positive amounts, ``refunds`` = Σ negative amounts
    (kept, as negative numbers, never dropped), ``revenue`` = sales + refunds, ``orders`` = number
    of purchase rows (amount > 0), ``gross_profit`` = revenue × gross_margin,
    ``acquisition_cost`` (from a Series or a frame with ``customer_id`` and ``acquisition_cost``;
    0 when not given), ``profit`` = gross_profit − acquisition_cost. Customers with an acquisition
    cost but no transactions appear with zero sales (money spent on them is still spent).

    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [100.0, -20.0, 50.0]})
    >>> print(customer_profitability(tx, pd.Series({1: 10.0, 2: 30.0, 3: 25.0}),
    ...                              gross_margin=0.5).to_string())
                 sales  refunds  revenue  orders  gross_profit  acquisition_cost  profit
    customer_id
    1            100.0    -20.0     80.0       1          40.0              10.0    30.0
    2             50.0      0.0     50.0       1          25.0              30.0    -5.0
    3              0.0      0.0      0.0       0           0.0              25.0   -25.0
    """
    tx = _transactions(transactions, ("customer_id", "amount"))
    gm = _number(gross_margin, "gross_margin", low=0.0, high=1.0,
                 allowed="a fraction in [0, 1] of revenue kept as gross profit")
    amount = pd.to_numeric(tx["amount"]).astype(float)
    frame = pd.DataFrame({
        "customer_id": tx["customer_id"].to_numpy(),
        "sales": amount.clip(lower=0).to_numpy(),
        "refunds": amount.clip(upper=0).to_numpy(),
        "orders": (amount > 0).astype(int).to_numpy(),
    })
    out = frame.groupby("customer_id").sum()
    if acquisition_cost is None:
        cac = pd.Series(0.0, index=out.index)
    else:
        if isinstance(acquisition_cost, pd.DataFrame):
            missing = [c for c in ("customer_id", "acquisition_cost")
                       if c not in acquisition_cost.columns]
            if missing:
                raise ValueError(f"acquisition_cost frame is missing column(s) {missing}; it has "
                                 f"{list(acquisition_cost.columns)}")
            acquisition_cost = acquisition_cost.set_index("customer_id")["acquisition_cost"]
        if not isinstance(acquisition_cost, pd.Series):
            raise ValueError(f"acquisition_cost must be a Series indexed by customer_id or a "
                             f"frame with customer_id and acquisition_cost, got "
                             f"{type(acquisition_cost).__name__}")
        cac = pd.to_numeric(acquisition_cost, errors="coerce").astype(float)
        if cac.isna().any() or (cac < 0).any():
            bad = cac[cac.isna() | (cac < 0)]
            raise ValueError(f"acquisition_cost must be non-negative yuan for every customer, got "
                             f"{_py(acquisition_cost.loc[bad.index[0]])!r} for customer "
                             f"{_py(bad.index[0])!r}")
        out = out.reindex(out.index.union(cac.index), fill_value=0)
        cac = cac.groupby(level=0).sum().reindex(out.index, fill_value=0.0)
    out.index.name = "customer_id"
    out["revenue"] = out["sales"] + out["refunds"]
    out["gross_profit"] = out["revenue"] * gm
    out["acquisition_cost"] = cac.to_numpy()
    out["profit"] = out["gross_profit"] - out["acquisition_cost"]
    out["orders"] = out["orders"].astype(int)
    return out[["sales", "refunds", "revenue", "orders", "gross_profit", "acquisition_cost",
                "profit"]]


def retention_and_acquisition(transactions: pd.DataFrame, year: int) -> pd.Series:
    """Observed yearly retention and acquisition of a customer base, from transactions.

    A customer is *active* in a calendar year if they made a purchase (amount > 0) in it;
    refund-only years do not count as activity. With A = active in ``year − 1``:
    ``retention`` = |active in both years| ÷ |A|; ``acquisition_rate`` = customers whose first
    purchase ever falls in ``year`` ÷ |A| (the ``acquisition_rate`` of
    :func:`project_customer_base`). Also returns the counts ``active_before``, ``retained``,
    ``lost``, ``new`` and ``active_now`` (customers).

    >>> tx = pd.DataFrame({"customer_id": [1, 2, 3, 1, 4],
    ...                    "order_date": ["2023-03-01", "2023-05-01", "2023-07-01",
    ...                                   "2024-02-01", "2024-06-01"],
    ...                    "amount": [10.0, 20.0, 30.0, 40.0, 50.0]})
    >>> retention_and_acquisition(tx, 2024).round(3).to_dict()
    {'active_before': 3.0, 'retained': 1.0, 'lost': 2.0, 'new': 1.0, 'active_now': 2.0, 'retention': 0.333, 'acquisition_rate': 0.333}
    """
    tx = _transactions(transactions, ("customer_id", "order_date", "amount"))
    if isinstance(year, bool) or not isinstance(year, int | np.integer):
        raise ValueError(f"year must be a calendar year such as 2024, got {year!r}")
    try:
        with warnings.catch_warnings():  # "could not infer format": we report failures ourselves
            warnings.simplefilter("ignore", UserWarning)
            dates = pd.to_datetime(tx["order_date"])
    except (TypeError, ValueError) as exc:
        raise ValueError(f"column 'order_date' must hold dates, got {exc}") from exc
    if dates.isna().any():
        raise ValueError(f"column 'order_date' must not be empty, got NaT in row "
                         f"{_py(tx.index[dates.isna()][0])!r}")
    buys = pd.DataFrame({"customer_id": tx["customer_id"].to_numpy(),
                         "year": dates.dt.year.to_numpy()})[
        (pd.to_numeric(tx["amount"]) > 0).to_numpy()]
    before = set(buys.loc[buys["year"] == year - 1, "customer_id"])
    now = set(buys.loc[buys["year"] == year, "customer_id"])
    if not before:
        raise ValueError(f"year must have an earlier year with purchases to compare with; no "
                         f"customer bought in {year - 1} (data cover "
                         f"{buys['year'].min()}–{buys['year'].max()})")
    first = buys.groupby("customer_id")["year"].min()
    new = int((first == year).sum())
    retained = len(before & now)
    n = len(before)
    return pd.Series({"active_before": n, "retained": retained, "lost": n - retained,
                      "new": new, "active_now": len(now), "retention": retained / n,
                      "acquisition_rate": new / n}, dtype=float, name=year)


def revenue_by_tenure(transactions: pd.DataFrame, customers: pd.DataFrame,
                      observed_until) -> pd.DataFrame:
    """Revenue per active customer in each year of the relationship, complete years only.

    Relationship year t of a customer covers the 365 days starting (t − 1) × 365 days after their
    ``signup_date``. Only customer-years that ended on or before ``observed_until`` count (a year
    still running would look smaller than it is). Per ``relationship_year``: ``customers`` whose
    year t is complete, ``active`` (made a purchase, amount > 0, in it), ``revenue`` (yuan, refunds
    included as negative amounts), ``revenue_per_active`` = revenue ÷ active (yuan). Survivors are
    a selected group: loyal customers buy more, and the big buyers are also the ones who stay.

    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2, 2], "amount": [100.0, 300.0, 50.0, -10.0],
    ...                    "order_date": pd.to_datetime(["2023-02-01", "2024-03-01",
    ...                                                  "2023-05-01", "2023-06-01"])})
    >>> cu = pd.DataFrame({"customer_id": [1, 2],
    ...                    "signup_date": pd.to_datetime(["2023-01-01", "2023-04-01"])})
    >>> print(revenue_by_tenure(tx, cu, "2024-12-31").to_string())
                       customers  active  revenue  revenue_per_active
    relationship_year
    1                          2       2    140.0                70.0
    2                          1       1    300.0               300.0
    """
    tx = _transactions(transactions, ("customer_id", "order_date", "amount"))
    if not isinstance(customers, pd.DataFrame) or not {"customer_id", "signup_date"} <= set(
            customers.columns):
        raise ValueError("customers must be a DataFrame with columns customer_id and signup_date, "
                         f"got {getattr(customers, 'columns', type(customers).__name__)!r}")
    try:
        until = pd.Timestamp(observed_until)
        signup = pd.to_datetime(customers["signup_date"])
        orders = pd.to_datetime(tx["order_date"])
    except (TypeError, ValueError) as exc:
        raise ValueError(f"observed_until, signup_date and order_date must be dates: {exc}") from exc
    if pd.isna(until):
        raise ValueError(f"observed_until must be a date, got {observed_until!r}")
    signup = pd.Series(signup.to_numpy(), index=customers["customer_id"].to_numpy())
    if signup.index.has_duplicates:
        raise ValueError("customers must list each customer_id once, got duplicates such as "
                         f"{_py(signup.index[signup.index.duplicated()][0])!r}")
    complete_years = ((until - signup).dt.days + 1) // 365
    start = signup.reindex(tx["customer_id"].to_numpy())
    if start.isna().any():
        raise ValueError(f"transactions has customer_id {_py(start.index[start.isna()][0])!r} that "
                         f"is not in customers")
    year = ((orders.to_numpy() - start.to_numpy()) // pd.Timedelta(days=365)) + 1
    if (year < 1).any():
        raise ValueError("transactions has orders before the customer's signup_date")
    amount = pd.to_numeric(tx["amount"]).to_numpy(dtype=float)
    rows = pd.DataFrame({"customer_id": tx["customer_id"].to_numpy(), "year": year,
                         "amount": amount, "complete": complete_years.reindex(
                             tx["customer_id"].to_numpy()).to_numpy()})
    rows = rows[rows["year"] <= rows["complete"]]
    n_years = int(complete_years.max()) if len(complete_years) else 0
    if n_years < 1:
        raise ValueError(f"observed_until ({until.date()}) leaves no complete relationship year")
    index = pd.RangeIndex(1, n_years + 1, name="relationship_year")
    eligible = pd.Series([(complete_years >= t).sum() for t in index], index=index)
    active = rows[rows["amount"] > 0].groupby("year")["customer_id"].nunique()
    revenue = rows.groupby("year")["amount"].sum()
    out = pd.DataFrame({"customers": eligible,
                        "active": active.reindex(index, fill_value=0).astype(int),
                        "revenue": revenue.reindex(index, fill_value=0.0)})
    out["revenue_per_active"] = out["revenue"] / out["active"].where(out["active"] > 0)
    return out


__all__ = [
    "VALUE_COMPONENTS", "COST_COMPONENTS", "EXAMPLE_VALUES", "EXAMPLE_COSTS",
    "REICHHELD_SASSER_1990", "REICHHELD_SASSER_RANGE",
    "DeliveredValue", "delivered_value", "compare_offers",
    "project_customer_base", "growth_factor", "doubling_time", "standstill_retention",
    "replacement_cost", "relationship_costs",
    "tenure_profile", "RetentionImpact", "retention_profit_impact", "profit_impact_curve",
    "customer_profitability", "retention_and_acquisition", "revenue_by_tenure",
]
