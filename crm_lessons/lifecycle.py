"""The customer lifecycle (客户生命周期): churn, group lifetime, stages, lifecycle profit, cohorts.

Three layers, in the order the lecture teaches them:

1. **Group lifetime** (企业客户群体生命周期): churn rate = customers lost in a period ÷ customers at
   its start; average group lifetime = 1 / churn rate; a base of N customers needs N × churn new
   customers a period just to stand still (:func:`churn_rate`, :func:`group_lifetime`,
   :func:`replacements_needed`, :func:`group_lifetime_table`; how a base grows when it also wins
   customers is chapter 01's ``value.project_customer_base``).
2. **Lifecycle profit** (客户生命周期利润) = total profit (basic profit + cost savings + referrals)
   − total investment (acquisition + price concessions + negative referrals), driven by four
   factors across the phases 考察/形成/稳定/退化 (:func:`lifecycle_profit_curve`, a stylised model).
3. **Stages from data**: each customer's stage as of a date by documented, adjustable rules
   (:func:`stage_table`, :func:`assign_stages`), transitions between two dates
   (:func:`stage_transitions`), acquisition-cohort retention (:func:`cohort_retention`) and value by
   tenure (:func:`tenure_value`).

Units: rates are fractions per period (0.2 = 20 % a year); lifetimes are in the same periods; money
in yuan; day thresholds in days. Transactions follow the bundled contract: ``customer_id``,
``order_date``, ``amount`` (yuan, refunds negative) and, optionally, ``order_id``.
Pure pandas/numpy: no plotting, no widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._frames import aligned
from ._validate import as_date, require_frame, strictly_increasing

#: Lifecycle stages, in order. Chapter 2's deck lists the first six; lecture 5 adds recovery.
STAGES: tuple[str, ...] = (
    "potential", "development", "growth", "maturity", "decline", "termination", "recovery",
)

#: Phases of the lifecycle-profit model (考察期, 形成期, 稳定期, 退化期).
PHASES: tuple[str, ...] = ("exploration", "formation", "stability", "decline")

#: Default thresholds of the stage rules (days and order counts); see :func:`stage_table`.
DEFAULT_RULES: dict[str, int] = {
    "active_days": 180,
    "lost_days": 365,
    "mature_days": 365,
    "mature_orders": 5,
    "recovery_days": 180,
}

_PERIODS = {"M": "month", "Q": "quarter", "Y": "year"}


# --------------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------------
def _as_array(value, name: str) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric, got {value!r}") from exc
    if np.isnan(arr).any():
        raise ValueError(f"{name} must not contain NaN, got {value!r}")
    return arr


def _scalar_or_array(arr: np.ndarray):
    return float(arr) if arr.ndim == 0 else arr


def _number(value, name: str, *, low: float | None = None, high: float | None = None,
            low_open: bool = False, high_open: bool = False, allowed: str = "") -> float:
    try:
        x = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a number, got {value!r}") from exc
    if np.isnan(x) or np.isinf(x):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    too_low = low is not None and (x <= low if low_open else x < low)
    too_high = high is not None and (x >= high if high_open else x > high)
    if too_low or too_high:
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return x


def _count(value, name: str, *, low: int = 0) -> int:
    """A whole number >= low (floats such as 5.0 are accepted; 5.5, True or "5" are not)."""
    try:
        x = float(value) if not isinstance(value, (bool, str)) else np.nan
    except (TypeError, ValueError):
        x = np.nan
    if not np.isfinite(x) or not x.is_integer() or x < low:
        raise ValueError(f"{name} must be a whole number >= {low}, got {value!r}")
    return int(x)


_timestamp = as_date  # shared boundary check (crm_lessons/_validate.py)


def _period_code(period: str) -> str:
    code = str(period).upper()
    if code not in _PERIODS:
        raise ValueError(f"period must be one of {sorted(_PERIODS)} (month, quarter, year), "
                         f"got {period!r}")
    return code


def _transactions(transactions, name: str = "transactions") -> pd.DataFrame:
    """Validated copy with columns customer_id, order, order_date (datetime64), amount (float)."""
    require_frame(transactions, name, ["customer_id", "order_date", "amount"],
                  "(order_id is optional)")
    if transactions["customer_id"].isna().any():
        raise ValueError(f"{name}.customer_id has {int(transactions['customer_id'].isna().sum())} "
                         "missing value(s); every row needs a customer")
    try:
        dates = pd.to_datetime(transactions["order_date"])
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}.order_date must hold dates such as '2024-12-31'; "
                         f"could not parse it ({exc})") from exc
    if dates.isna().any():
        raise ValueError(f"{name}.order_date has {int(dates.isna().sum())} missing date(s)")
    try:
        amount = pd.to_numeric(transactions["amount"]).astype(float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}.amount must be numeric (yuan; refunds negative): {exc}") from exc
    if amount.isna().any():
        raise ValueError(f"{name}.amount has {int(amount.isna().sum())} missing value(s)")
    order = (transactions["order_id"] if "order_id" in transactions.columns
             else pd.Series(np.arange(len(transactions)), index=transactions.index))
    if dates.dt.tz is not None:
        dates = dates.dt.tz_localize(None)
    # Columns keep their dtype (text ids stay Arrow-backed: no million Python strings).
    return pd.DataFrame({"customer_id": transactions["customer_id"].reset_index(drop=True),
                         "order": order.reset_index(drop=True),
                         "order_date": dates.dt.normalize().reset_index(drop=True),
                         "amount": amount.reset_index(drop=True)})


def _rules(rules: dict) -> dict[str, int]:
    unknown = sorted(set(rules) - set(DEFAULT_RULES))
    if unknown:
        raise ValueError(f"unknown stage rule(s) {unknown}; allowed: {sorted(DEFAULT_RULES)}")
    merged = {**DEFAULT_RULES, **rules}
    out = {k: _count(v, k, low=1) for k, v in merged.items()}
    if out["lost_days"] <= out["active_days"]:
        raise ValueError(f"lost_days ({out['lost_days']}) must be greater than active_days "
                         f"({out['active_days']}): a customer lapses before being lost")
    if out["mature_orders"] < 2:
        raise ValueError(f"mature_orders must be >= 2 (one order is the development stage), "
                         f"got {out['mature_orders']}")
    return out


# --------------------------------------------------------------------------------------------
# 1. group lifetime
# --------------------------------------------------------------------------------------------
def churn_rate(lost, at_start):
    """Churn rate (客户流失率) = customers lost in a period ÷ customers at its start.

    A fraction per period (0.2 = 20 % a year).

    >>> churn_rate(20, 100)
    0.2
    >>> churn_rate([20, 10], 100).tolist()
    [0.2, 0.1]
    """
    lost_a, start_a = _as_array(lost, "lost"), _as_array(at_start, "at_start")
    if (start_a <= 0).any():
        raise ValueError(f"at_start must be a positive count of customers, got {at_start!r}")
    if (lost_a < 0).any():
        raise ValueError(f"lost must be a non-negative count, got {lost!r}")
    if (lost_a > start_a).any():
        raise ValueError(f"lost ({lost!r}) cannot exceed at_start ({at_start!r})")
    return _scalar_or_array(lost_a / start_a)


def _check_churn(rate) -> np.ndarray:
    arr = _as_array(rate, "churn_rate")
    if ((arr <= 0) | (arr > 1)).any():
        raise ValueError(
            f"churn_rate must be in (0, 1] (a fraction per period; 0 would mean customers never "
            f"leave and an infinite lifetime), got {rate!r}"
        )
    return arr


def group_lifetime(churn_rate):
    """Average lifetime of a customer group (企业客户群体生命周期) = 1 / churn rate, in periods.

    Company A loses 20 of 100 customers a year, company B 10 of 100:

    >>> group_lifetime(0.2), group_lifetime(0.1)
    (5.0, 10.0)
    """
    return _scalar_or_array(1.0 / _check_churn(churn_rate))


def replacements_needed(customers, churn_rate):
    """New customers needed each period just to keep the base the same size = customers × churn.

    >>> replacements_needed(100, 0.2), replacements_needed(100, 0.1)
    (20.0, 10.0)
    """
    base = _as_array(customers, "customers")
    if (base < 0).any():
        raise ValueError(f"customers must be a non-negative count, got {customers!r}")
    return _scalar_or_array(base * _check_churn(churn_rate))


def group_lifetime_table(at_start, lost, *, acquisition_cost: float | None = None,
                         names=None) -> pd.DataFrame:
    """Companies side by side: churn, group lifetime, replacements and what replacing costs.

    For each company: churn = lost / at_start; lifetime = 1 / churn (periods);
    replacements = at_start × churn (new customers a period to stand still);
    replacement_cost = replacements × acquisition_cost (yuan a period, when a cost is given).

    >>> t = group_lifetime_table([100, 100], [20, 10], acquisition_cost=60, names=["A", "B"])
    >>> t.loc["A", ["churn_rate", "group_lifetime", "replacements", "replacement_cost"]].tolist()
    [0.2, 5.0, 20.0, 1200.0]
    >>> t.loc["B", ["churn_rate", "group_lifetime", "replacements", "replacement_cost"]].tolist()
    [0.1, 10.0, 10.0, 600.0]
    """
    start = np.atleast_1d(_as_array(at_start, "at_start"))
    lost_a = np.atleast_1d(_as_array(lost, "lost"))
    if start.shape != lost_a.shape:
        start, lost_a = np.broadcast_arrays(start, lost_a)
    churn = np.atleast_1d(churn_rate(lost_a, start))
    lifetime = np.atleast_1d(group_lifetime(churn))
    replace = np.atleast_1d(replacements_needed(start, churn))
    if names is None:
        names = [chr(ord("A") + i) if i < 26 else str(i) for i in range(len(start))]
    names = list(names)
    if len(names) != len(start):
        raise ValueError(f"names has {len(names)} entries but there are {len(start)} companies")
    table = pd.DataFrame({"customers": start, "lost": lost_a, "churn_rate": churn,
                          "group_lifetime": lifetime, "replacements": replace},
                         index=pd.Index(names, name="company"))
    if acquisition_cost is not None:
        cost = _number(acquisition_cost, "acquisition_cost", low=0,
                       allowed="a non-negative cost in yuan per new customer")
        table["replacement_cost"] = replace * cost
    return table


# --------------------------------------------------------------------------------------------
# 2. the stages and the lifecycle-profit model
# --------------------------------------------------------------------------------------------
def lifecycle_stages() -> pd.DataFrame:
    """The seven lifecycle stages, reconciled across the two decks, and what each means.

    Columns: ``in_chapter2`` / ``in_lecture5`` (which deck lists the stage), ``profit_phase``
    (the matching phase of the lifecycle-profit model), ``contribution``, ``trust``,
    ``share_of_wallet`` (qualitative levels) and ``firm_focus`` (what the firm should do).
    Stage names in Chinese come from the glossary (``stage_<key>``).

    >>> t = lifecycle_stages()
    >>> t.index.tolist() == list(STAGES), int(t["in_chapter2"].sum()), int(t["in_lecture5"].sum())
    (True, 6, 7)
    """
    rows = [
        # stage, ch2, l5, phase, contribution, trust, share of wallet, focus
        ("potential", True, True, "—", "none yet", "none", "0",
         "find and qualify prospects; make a first offer worth trying"),
        ("development", True, True, "exploration", "small, often negative (acquisition cost)",
         "low: testing", "small", "keep promises on the first orders; lower the risk of trying"),
        ("growth", True, True, "formation", "rising quickly", "building",
         "growing", "reward repeat purchases; cross-sell; personalise"),
        ("maturity", True, True, "stability", "highest", "high: no longer searching",
         "largest", "defend and extend: loyalty programmes, partnership, fair shared value"),
        ("decline", True, True, "decline", "falling", "eroding (competitors attract)",
         "shrinking", "find out why; win-back offer; decide whether the customer is worth saving"),
        ("termination", True, True, "—", "none", "gone", "0",
         "close the account cleanly; learn from the exit; stay in touch"),
        ("recovery", False, True, "exploration", "small again", "must be rebuilt", "small",
         "a new cycle: match new needs with new products"),
    ]
    cols = ["stage", "in_chapter2", "in_lecture5", "profit_phase", "contribution", "trust",
            "share_of_wallet", "firm_focus"]
    return pd.DataFrame(rows, columns=cols).set_index("stage")


def _strength(exploration: int, formation: int, stability: int, decline: int,
              decline_speed: float) -> tuple[np.ndarray, np.ndarray]:
    """Relationship strength m_t in [0, 1] per period and the phase of each period."""
    pre = exploration + formation + stability
    t = np.arange(1, pre + 1, dtype=float)
    centre = exploration + (formation + 1) / 2.0
    scale = (formation + 1) / 4.0
    rise = 1.0 / (1.0 + np.exp(-(t - centre) / scale))
    fall = rise[-1] * np.exp(-decline_speed * np.arange(1, decline + 1))
    phases = np.repeat(np.array(PHASES), [exploration, formation, stability, decline])
    return np.concatenate([rise, fall]), phases


def lifecycle_profit_curve(volume_growth: float = 2.0, wtp_growth: float = 0.3,
                           cost_saving: float = 0.4, indirect: float = 300.0, *,
                           base_volume: float = 10.0, base_price: float = 100.0,
                           base_cost: float = 80.0, acquisition: float = 500.0,
                           concession: float = 0.1, phases=(2, 3, 6, 3),
                           decline_speed: float = 0.7) -> pd.DataFrame:
    """The stylised four-driver model of lifecycle profit (客户生命周期利润), one row per period.

    Relationship strength m_t ∈ [0, 1] rises along a logistic curve (slowly in exploration 考察期,
    fast in formation 形成期, levelling off in stability 稳定期) and then falls geometrically in
    decline 退化期: m_t = m_last × e^(−decline_speed × k) in the k-th decline period. The four drivers
    move with m_t:

    * volume (交易量) q_t = base_volume × (1 + volume_growth × m_t)            [units a period]
    * willingness to pay (支付意愿) p_t = base_price × (1 + wtp_growth × m_t)    [yuan a unit]
    * cost to serve (服务成本) c_t = base_cost × (1 − cost_saving × m_t)         [yuan a unit]
    * indirect benefit (间接效益, referrals) r_t = indirect × m_t                [yuan a period]

    Total profit = basic profit q_t(p_t − base_cost) + cost savings q_t(base_cost − c_t) + referrals
    r_t. Investment = acquisition (period 1) + price concessions (``concession`` × revenue in the
    exploration phase) + negative referrals (indirect × (1 − m_t) in the decline phase).
    profit_t = total profit − investment; summing over periods gives the lifecycle profit.

    A teaching model, not an estimate: it shows how the four drivers make the inverted U.

    >>> c = lifecycle_profit_curve()
    >>> c["phase"].value_counts(sort=False).to_dict()
    {'exploration': 2, 'formation': 3, 'stability': 6, 'decline': 3}
    >>> c.loc[c["profit"].idxmax(), "phase"]
    'stability'
    >>> bool((c["profit"] == c["total_profit"] - c["investment"]).all())
    True
    """
    vg = _number(volume_growth, "volume_growth", low=0, allowed=">= 0 (0.5 = +50 % at maturity)")
    wg = _number(wtp_growth, "wtp_growth", low=0, allowed=">= 0 (0.3 = +30 % at maturity)")
    cs = _number(cost_saving, "cost_saving", low=0, high=1, high_open=True,
                 allowed="in [0, 1) (0.4 = unit cost 40 % lower at maturity)")
    ind = _number(indirect, "indirect", low=0, allowed=">= 0 yuan a period at full strength")
    bv = _number(base_volume, "base_volume", low=0, low_open=True, allowed="> 0 units a period")
    bp = _number(base_price, "base_price", low=0, low_open=True, allowed="> 0 yuan a unit")
    bc = _number(base_cost, "base_cost", low=0, allowed=">= 0 yuan a unit")
    acq = _number(acquisition, "acquisition", low=0, allowed=">= 0 yuan")
    conc = _number(concession, "concession", low=0, high=1, high_open=True,
                   allowed="in [0, 1) (a share of revenue given away in exploration)")
    speed = _number(decline_speed, "decline_speed", low=0, low_open=True,
                    allowed="> 0 (per period)")
    try:
        lengths = [int(x) for x in phases]
    except (TypeError, ValueError) as exc:
        raise ValueError(f"phases must be four whole numbers of periods, got {phases!r}") from exc
    if len(lengths) != 4 or min(lengths) < 1 or any(float(x) != int(x) for x in phases):
        raise ValueError(f"phases must be four whole numbers >= 1 (exploration, formation, "
                         f"stability, decline periods), got {phases!r}")

    m, phase = _strength(*lengths, decline_speed=speed)
    volume = bv * (1.0 + vg * m)
    price = bp * (1.0 + wg * m)
    unit_cost = bc * (1.0 - cs * m)
    basic = volume * (price - bc)
    savings = volume * (bc - unit_cost)
    referrals = ind * m
    acquisition_t = np.zeros_like(m)
    acquisition_t[0] = acq
    concessions = np.where(phase == "exploration", conc * volume * price, 0.0)
    negative = np.where(phase == "decline", ind * (1.0 - m), 0.0)
    curve = pd.DataFrame({
        "phase": phase, "strength": m, "volume": volume, "price": price, "unit_cost": unit_cost,
        "basic_profit": basic, "cost_savings": savings, "referrals": referrals,
        "acquisition": acquisition_t, "concessions": concessions, "negative_referrals": negative,
    }, index=pd.RangeIndex(1, len(m) + 1, name="period"))
    curve["total_profit"] = basic + savings + referrals
    curve["investment"] = acquisition_t + concessions + negative
    curve["profit"] = curve["total_profit"] - curve["investment"]
    curve["cumulative_profit"] = curve["profit"].cumsum()
    return curve


def lifecycle_profit(curve: pd.DataFrame) -> float:
    """Lifecycle profit = Σ total profit − Σ investment over a curve from
    :func:`lifecycle_profit_curve` (yuan).

    >>> c = lifecycle_profit_curve()
    >>> bool(round(lifecycle_profit(c), 2) == round(c["profit"].sum(), 2))
    True
    """
    if not isinstance(curve, pd.DataFrame):
        raise ValueError(f"curve must be a DataFrame from lifecycle_profit_curve, "
                         f"got {type(curve).__name__}")
    missing = [c for c in ("total_profit", "investment") if c not in curve.columns]
    if missing:
        raise ValueError(f"curve is missing column(s) {missing}; build it with "
                         "lifecycle_profit_curve()")
    return float(curve["total_profit"].sum() - curve["investment"].sum())


def phase_summary(curve: pd.DataFrame) -> pd.DataFrame:
    """Mean profit per period and total profit in each phase of a lifecycle-profit curve (yuan).

    >>> s = phase_summary(lifecycle_profit_curve())
    >>> s.index.tolist()
    ['exploration', 'formation', 'stability', 'decline']
    >>> s["mean_profit"].idxmax()
    'stability'
    """
    if not isinstance(curve, pd.DataFrame) or not {"phase", "profit"} <= set(curve.columns):
        raise ValueError("curve must be a DataFrame from lifecycle_profit_curve() with columns "
                         "'phase' and 'profit'")
    g = curve.groupby("phase", sort=False)["profit"]
    out = pd.DataFrame({"periods": g.size(), "mean_profit": g.mean(), "total_profit": g.sum()})
    return out.reindex([p for p in PHASES if p in out.index])


# --------------------------------------------------------------------------------------------
# 3. stages from transaction data
# --------------------------------------------------------------------------------------------
def _customer_codes(tx: pd.DataFrame):
    """(code of each row's customer, the customers in sorted order), or None for ids of mixed
    types that cannot be sorted as one column."""
    try:
        return pd.factorize(tx["customer_id"], sort=True)
    except TypeError:
        return None


def _purchases(tx: pd.DataFrame, as_of: pd.Timestamp, codes=None) -> pd.DataFrame:
    """Orders dated on or before ``as_of`` whose net amount is positive, one row per order:
    ``customer_id``, ``order_date``, ``net``, ``gap_before`` (days since the customer's
    previous purchase) and, on the fast path, ``code`` (the customer's rank).

    An order's net amount sums its rows (sales and refunds booked on the same order); orders with
    net ≤ 0 (pure refunds, fully refunded orders) are not purchases. ``codes``: the rows'
    :func:`_customer_codes` when the caller has them already.
    """
    dated = (tx["order_date"] <= as_of).to_numpy()
    seen = tx if dated.all() else tx[dated]       # no copy of millions of rows when all count
    if seen.empty:
        return _purchases_by_keys(seen)
    # integer codes: one hash of each key column instead of hashing the pair of texts
    codes = _customer_codes(tx) if codes is None else codes
    if codes is None:  # ids of mixed types cannot be sorted as one column
        return _purchases_by_keys(seen)
    customer, customers = (codes[0] if seen is tx else codes[0][dated]), codes[1]
    order, distinct = _order_codes(seen["order"])
    if (customer < 0).any() or (order < 0).any():
        return _purchases_by_keys(seen)
    amount = seen["amount"].to_numpy(float)
    dtype = seen["order_date"].to_numpy().dtype           # keep the input's resolution
    day = seen["order_date"].to_numpy().view(np.int64)
    if distinct:                            # one row per order: nothing to add up
        first, net, first_day = None, amount, day
    else:
        key = customer.astype(np.int64) * (int(order.max()) + 1) + order
        group, first_rows = pd.factorize(key)   # groups in order of first appearance
        n = len(first_rows)
        net = (pd.Series(amount).groupby(group, sort=False).sum()
               .to_numpy())                     # pandas' compensated sum, as before
        first_day = np.full(n, np.iinfo(np.int64).max)
        np.minimum.at(first_day, group, day)
        first = _first_index(group, n)
    code = customer if first is None else customer[first]
    del customer
    keep = np.flatnonzero(net > 0)
    if not len(keep):                      # no purchase: the plain path gives the empty frame
        return _purchases_by_keys(seen)
    # by customer, then date; a stable sort of one int64 key (ties keep first appearance): on
    # millions of orders a lexsort of two keys holds twice the memory
    per_day = int(np.timedelta64(1, "D") / np.timedelta64(1, np.datetime_data(dtype)[0]))
    days = first_day[keep]
    days -= days.min()
    whole = not (days % per_day).any()     # dates cut to the day (``_transactions`` does)
    days //= per_day
    span = int(days.max()) + 1
    if whole and span < np.iinfo(np.int64).max // (int(code.max()) + 1):
        sort_key = code[keep].astype(np.int64, copy=False)   # a fresh array: changed in place
        sort_key *= span
        sort_key += days
        del days
        keep = keep[np.argsort(sort_key, kind="stable")]
        del sort_key
    else:
        del days
        keep = keep[np.lexsort((first_day[keep], code[keep]))]
    code, when = code[keep], first_day[keep].view(dtype)
    orders = pd.DataFrame({
        "customer_id": customers.take(code),
        "order_date": when, "net": net[keep]}, index=keep)
    same = np.zeros(len(code), dtype=bool)
    same[1:] = code[1:] == code[:-1]
    gap = np.zeros(len(code), dtype=np.int64)
    gap[1:] = (when[1:] - when[:-1]) // np.timedelta64(1, "D")
    orders["gap_before"] = pd.Series(gap.astype(float), index=keep).where(same)
    orders["code"] = code   # customer code (rank of the id), for grouping without hashing text
    return orders


def _order_codes(order: pd.Series) -> tuple[np.ndarray, bool]:
    """(integer codes of the order ids, whether all are distinct). Strictly increasing ids
    (T000001, T000002, … or a file sorted by order id) are distinct, so their row number is
    their code: no hashing."""
    if strictly_increasing(order):
        return np.arange(len(order)), True
    codes, _ = pd.factorize(order.to_numpy(object) if order.dtype != object else order)
    return codes, len(order) == 1


def _starts(code: np.ndarray) -> np.ndarray:
    """Rows where a new customer begins in rows sorted by customer code."""
    if not len(code):
        return np.empty(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, code[1:] != code[:-1]])


def _first_index(group: np.ndarray, n: int) -> np.ndarray:
    """Row of the first occurrence of each of the ``n`` group codes."""
    first = np.full(n, len(group), dtype=np.int64)
    np.minimum.at(first, group, np.arange(len(group)))
    return first


def _purchases_by_keys(seen: pd.DataFrame) -> pd.DataFrame:
    """:func:`_purchases` by grouping on the key columns themselves (ids of mixed types)."""
    orders = (seen.groupby(["customer_id", "order"], sort=False)
              .agg(order_date=("order_date", "min"), net=("amount", "sum")).reset_index())
    orders = orders[orders["net"] > 0].sort_values(["customer_id", "order_date"],
                                                   kind="stable").drop(columns="order")
    gap = orders["order_date"].diff().dt.days
    first = orders["customer_id"].ne(orders["customer_id"].shift())
    orders["gap_before"] = gap.mask(first)
    return orders


def _customer_frame(customers, as_of: pd.Timestamp) -> pd.Index:
    if not isinstance(customers, pd.DataFrame) or "customer_id" not in customers.columns:
        raise ValueError("customers must be a DataFrame with a 'customer_id' column "
                         "(and optionally 'signup_date')")
    known = customers
    if "signup_date" in customers.columns:
        try:
            signup = pd.to_datetime(customers["signup_date"])
        except (TypeError, ValueError) as exc:
            raise ValueError(f"customers.signup_date must hold dates: {exc}") from exc
        known = customers[signup.isna() | (signup <= as_of)]
    return pd.Index(known["customer_id"].unique())


def stage_table(transactions, as_of, customers=None, **rules) -> pd.DataFrame:
    """Each customer's history as of a date and the lifecycle stage the rules give it.

    A *purchase* is an order with a positive net amount (rows of the same ``order_id`` summed;
    without an ``order_id`` column each row is an order). Refund rows are not dropped: they lower
    their order's net amount and ``spend_365d``; an order refunded in full is not a purchase.
    Only rows dated on or before ``as_of`` are used. With R = days since the last purchase, the
    first rule that matches wins:

    1. ``potential``   – listed in ``customers`` (signed up by ``as_of``) but no purchase yet;
    2. ``termination`` – R > lost_days (default 365);
    3. ``decline``     – active_days < R ≤ lost_days (default 180 < R ≤ 365);
    4. ``recovery``    – came back after a gap longer than lost_days, within the last
       recovery_days (default 180);
    5. ``development`` – active with a single purchase so far;
    6. ``maturity``    – active, tenure ≥ mature_days (365) and ≥ mature_orders (5) purchases;
    7. ``growth``      – every other active repeat buyer.

    Columns: first_purchase, last_purchase, orders, recency_days, tenure_days (days since the
    first purchase), returned (date of the latest comeback or NaT), spend_365d (net yuan in the
    365 days up to ``as_of``, refunds included), stage (ordered categorical of :data:`STAGES`).

    >>> tx = pd.DataFrame({"customer_id": ["a", "b", "b", "c"],
    ...     "order_date": pd.to_datetime(["2024-12-01", "2023-01-05", "2024-11-20", "2023-09-01"]),
    ...     "amount": [50.0, 80.0, 120.0, 60.0]})
    >>> stage_table(tx, "2024-12-31")[["orders", "recency_days", "stage"]]
                 orders  recency_days        stage
    customer_id
    a                 1            30  development
    b                 2            41     recovery
    c                 1           487  termination
    """
    return stage_history(transactions, as_of, customers).table(**rules)


@dataclass(frozen=True)
class StageHistory:
    """What the stage rules need, summarised once (:func:`stage_history`); apply rules with
    :meth:`table` or :meth:`stages` as often as you like (the slider panel does).

    ``summary``: one row per customer (first_purchase, last_purchase, orders, recency_days,
    tenure_days, spend_365d); ``purchases``: one row per purchase (customer_id, order_date, net,
    gap_before in days); ``as_of``: the date the history is taken at.
    """

    as_of: pd.Timestamp
    summary: pd.DataFrame
    purchases: pd.DataFrame

    def table(self, **rules) -> pd.DataFrame:
        """The :func:`stage_table` for these rules (thresholds as keyword arguments)."""
        rule = _rules(rules)
        table = self.summary.copy()
        comeback = self.purchases.loc[self.purchases["gap_before"] > rule["lost_days"]]
        returned = comeback.groupby("customer_id")["order_date"].max()
        table.insert(5, "returned", aligned(returned, table.index))
        table["stage"] = _classify(table, self.as_of, rule)
        return table

    def stages(self, **rules) -> pd.Series:
        """The stage of every customer for these rules (see :func:`assign_stages`)."""
        return self.table(**rules)["stage"].rename("stage")


def stage_history(transactions, as_of=None, customers=None) -> StageHistory:
    """Validate ``transactions`` and summarise each customer's purchases up to ``as_of`` (default:
    the last order date), once.

    ``stage_history(tx, as_of).table(**rules)`` equals ``stage_table(tx, as_of, **rules)``; keep
    the history when you try many rule settings (each costs only the classification).

    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [30.0, 40.0, 25.0],
    ...                    "order_date": ["2024-03-01", "2024-10-01", "2024-05-01"]})
    >>> h = stage_history(tx, "2024-12-31")
    >>> h.stages().tolist(), h.stages(active_days=300).tolist()
    (['growth', 'decline'], ['growth', 'development'])
    """
    tx = _transactions(transactions)
    when = tx["order_date"].max() if as_of is None else _timestamp(as_of, "as_of")
    return _history(tx, when, customers)


def _history(tx: pd.DataFrame, when: pd.Timestamp, customers) -> StageHistory:
    codes = _customer_codes(tx)
    orders = _purchases(tx, when, codes)
    if "code" in orders:  # sorted by customer, then date: first and last rows of each customer
        start = _starts(orders["code"].to_numpy())
        end = np.r_[start[1:], len(orders)][:len(start)] - 1
        dates = orders["order_date"].to_numpy()
        table = pd.DataFrame({"first_purchase": dates[start], "last_purchase": dates[end],
                              "orders": end - start + 1},
                             index=pd.Index(orders["customer_id"].take(start), name="customer_id"))
    else:
        g = orders.groupby("customer_id", sort=True)
        table = pd.DataFrame({
            "first_purchase": g["order_date"].min(),
            "last_purchase": g["order_date"].max(),
            "orders": g.size(),
        })
    in_window = ((tx["order_date"] <= when)
                 & (tx["order_date"] > when - pd.Timedelta(days=365))).to_numpy()
    if "code" in orders:  # group by the integer codes: no copy of the window's rows
        spend = (pd.Series(tx["amount"].to_numpy()[in_window])
                 .groupby(codes[0][in_window]).sum())        # pandas' compensated sum
        by_code = np.zeros(len(codes[1]))
        by_code[spend.index.to_numpy()] = spend.to_numpy()
        table["spend_365d"] = by_code[orders["code"].to_numpy()[start]]
    else:
        window = tx.loc[in_window, ["customer_id", "amount"]]
        table["spend_365d"] = aligned(window.groupby("customer_id")["amount"].sum(), table.index)
    if customers is not None:
        everyone = table.index.union(_customer_frame(customers, when))
        table = table.reindex(everyone)
    table.index.name = "customer_id"
    table["orders"] = table["orders"].fillna(0).astype(int)
    table["spend_365d"] = table["spend_365d"].fillna(0.0)
    table["recency_days"] = (when - table["last_purchase"]).dt.days.astype("Int64")
    table["tenure_days"] = (when - table["first_purchase"]).dt.days.astype("Int64")
    summary = table[["first_purchase", "last_purchase", "orders", "recency_days", "tenure_days",
                     "spend_365d"]]
    purchases = orders[["customer_id", "order_date", "net", "gap_before"]].reset_index(drop=True)
    return StageHistory(when, summary, purchases)


def _classify(table: pd.DataFrame, when: pd.Timestamp, rule: dict[str, int]) -> pd.Categorical:
    r = table["recency_days"].astype(float).to_numpy()
    tenure = table["tenure_days"].astype(float).to_numpy()
    orders = table["orders"].to_numpy()
    since_return = (when - table["returned"]).dt.days.astype(float).to_numpy()
    with np.errstate(invalid="ignore"):
        conditions = [
            orders == 0,
            r > rule["lost_days"],
            r > rule["active_days"],
            since_return <= rule["recovery_days"],
            orders == 1,
            (tenure >= rule["mature_days"]) & (orders >= rule["mature_orders"]),
        ]
    labels = np.select(conditions, ["potential", "termination", "decline", "recovery",
                                    "development", "maturity"], default="growth")
    return pd.Categorical(labels, categories=STAGES, ordered=True)


def assign_stages(transactions, as_of, customers=None, **rules) -> pd.Series:
    """Lifecycle stage of every customer as of ``as_of`` (English keys; rules as in
    :func:`stage_table`, thresholds overridable, e.g. ``active_days=90``).

    Returns a Series indexed by customer_id with an ordered categorical of :data:`STAGES`, so
    ``value_counts(sort=False)`` lists every stage in lifecycle order, zeros included.

    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [30.0, 40.0, 25.0],
    ...                    "order_date": ["2024-03-01", "2024-10-01", "2024-05-01"]})
    >>> assign_stages(tx, "2024-12-31").tolist()
    ['growth', 'decline']
    >>> assign_stages(tx, "2024-12-31", active_days=300).tolist()
    ['growth', 'development']
    """
    return stage_table(transactions, as_of, customers, **rules)["stage"].rename("stage")


def stage_counts(stages) -> pd.Series:
    """Customers per stage, in lifecycle order with zeros kept (``stages`` from
    :func:`assign_stages`, or any iterable of stage keys).

    >>> stage_counts(["growth", "growth", "decline"]).to_dict()
    {'potential': 0, 'development': 0, 'growth': 2, 'maturity': 0, 'decline': 1, 'termination': 0, 'recovery': 0}
    """
    values = pd.Series(stages)
    if isinstance(values.dtype, pd.CategoricalDtype):   # assign_stages' result: no text to scan
        distinct = [str(c) for c in values.cat.categories[np.unique(values.cat.codes[
            values.cat.codes >= 0])]]
    else:
        distinct = [str(v) for v in pd.unique(values.dropna())]
    bad = sorted(set(distinct) - set(STAGES))
    if bad:
        raise ValueError(f"stages holds unknown stage(s) {bad}; allowed: {list(STAGES)}")
    cat = (values.cat.set_categories(STAGES, ordered=True, rename=False).array
           if isinstance(values.dtype, pd.CategoricalDtype)
           else pd.Categorical(values.astype(str), categories=STAGES, ordered=True))
    counts = pd.Series(cat).value_counts(sort=False)
    counts.index = pd.CategoricalIndex(counts.index, categories=STAGES, ordered=True,
                                       name="stage")
    return counts.rename("customers").astype(int)


def stage_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per stage: customers, share of all customers, mean purchases, mean tenure (days) and mean
    net spend in the last 365 days (yuan), from a :func:`stage_table`.

    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [30.0, 40.0, 25.0],
    ...                    "order_date": ["2024-03-01", "2024-10-01", "2024-05-01"]})
    >>> stage_summary(stage_table(tx, "2024-12-31")).loc["growth", "mean_spend_365d"].item()
    70.0
    """
    needed = {"stage", "orders", "tenure_days", "spend_365d"}
    if not isinstance(table, pd.DataFrame) or not needed <= set(table.columns):
        raise ValueError(f"table must come from stage_table() (needs columns {sorted(needed)})")
    g = table.groupby("stage", observed=False)
    out = pd.DataFrame({
        "customers": g.size().astype(int),
        "mean_orders": g["orders"].mean(),
        "mean_tenure_days": g["tenure_days"].apply(lambda s: s.astype(float).mean()),
        "mean_spend_365d": g["spend_365d"].mean(),
    })
    out.insert(1, "share", out["customers"] / max(len(table), 1))
    out.index = pd.CategoricalIndex(out.index, categories=STAGES, ordered=True, name="stage")
    return out


def stage_transitions(transactions, start, end, customers=None, *, normalize: bool = False,
                      **rules) -> pd.DataFrame:
    """Stage-transition matrix: rows = stage at ``start``, columns = stage at ``end``.

    Every customer known at ``end`` is counted once. Customers with no purchase by ``start`` sit in
    the ``potential`` row (prospects then), so potential → development is acquisition.
    ``normalize=True`` turns each row into shares (rows with no customers stay 0).
    All seven stages appear on both axes, in lifecycle order.

    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2, 3], "amount": [30.0, 40.0, 25.0, 10.0],
    ...     "order_date": ["2024-01-10", "2024-09-01", "2023-02-01", "2024-11-01"]})
    >>> m = stage_transitions(tx, "2024-01-31", "2024-12-31")
    >>> int(m.loc["development", "growth"]), int(m.loc["potential", "development"])
    (1, 1)
    >>> int(m.loc["decline", "termination"]), int(m.to_numpy().sum())
    (1, 3)
    """
    t0, t1 = _timestamp(start, "start"), _timestamp(end, "end")
    if t0 >= t1:
        raise ValueError(f"start ({t0.date()}) must be before end ({t1.date()})")
    tx = _transactions(transactions)
    after = _history(tx, t1, customers).stages(**rules)
    before = _history(tx, t0, customers).stages(**rules)
    before = before.reindex(after.index).astype(object).fillna("potential")
    rows = pd.Categorical(before.to_numpy(), categories=STAGES, ordered=True)
    cols = pd.Categorical(after.astype(str).to_numpy(), categories=STAGES, ordered=True)
    matrix = pd.crosstab(rows, cols, dropna=False).reindex(index=STAGES, columns=STAGES,
                                                            fill_value=0)
    matrix.index.name, matrix.columns.name = f"stage at {t0.date()}", f"stage at {t1.date()}"
    if normalize:
        totals = matrix.sum(axis=1).replace(0, np.nan)
        matrix = matrix.div(totals, axis=0).fillna(0.0)
    return matrix


# --------------------------------------------------------------------------------------------
# cohorts and tenure
# --------------------------------------------------------------------------------------------
def _period_ordinals(dates: pd.Series, code: str) -> np.ndarray:
    """Ordinals of pandas' monthly/quarterly/yearly periods (0 = 1970-01, 1970Q1, 1970)."""
    year = dates.dt.year.to_numpy().astype(np.int64) - 1970
    month = dates.dt.month.to_numpy().astype(np.int64) - 1
    return {"M": year * 12 + month, "Q": year * 4 + month // 3, "Y": year}[code]


def _last_complete(as_of: pd.Timestamp, code: str) -> int:
    """Ordinal of the last period that has ended on or before ``as_of``."""
    p = as_of.to_period(code)
    return int(p.ordinal if as_of >= p.end_time.normalize() else p.ordinal - 1)


def _activity(transactions, period: str, as_of):
    code = _period_code(period)
    tx = _transactions(transactions)
    when = tx["order_date"].max() if as_of is None else _timestamp(as_of, "as_of")
    orders = _purchases(tx, when)
    if orders.empty:
        raise ValueError(f"transactions hold no purchase (order with positive net amount) on or "
                         f"before {when.date()}")
    last = _last_complete(when, code)
    orders["p"] = _period_ordinals(orders["order_date"], code)
    if "code" not in orders:
        cohort = orders.groupby("customer_id")["p"].min()
        orders["cohort"] = orders["customer_id"].map(cohort)
    else:  # rows sorted by customer, then date: a customer's first row is their first period
        start = _starts(orders["code"].to_numpy())
        p = orders["p"].to_numpy()
        cohort = pd.Series(p[start], index=pd.Index(orders["customer_id"].take(start),
                                                     name="customer_id"), name="p")
        orders["cohort"] = np.repeat(p[start], np.diff(np.r_[start, len(orders)]))
    orders["offset"] = orders["p"] - orders["cohort"]
    return code, tx, when, last, orders, cohort


def _active_counts(code: np.ndarray, cohort: np.ndarray, offset: np.ndarray) -> pd.DataFrame:
    """Customers active per (cohort, offset), from integer arrays (one row per purchase):
    ``pd.crosstab`` of the distinct (customer, offset) pairs, without copying millions of
    rows into frames. Rows: the cohorts that occur; columns: the offsets that occur.

    >>> _active_counts(np.array([0, 0, 0, 1]), np.array([5, 5, 5, 6]), np.array([0, 0, 2, 0]))
    offset  0  2
    cohort
    5       1  1
    6       1  0
    """
    span = int(offset.max()) + 1
    pairs = np.unique(code.astype(np.int64) * span + offset)   # distinct (customer, offset)
    cohort_of = np.zeros(int(code.max()) + 1, dtype=np.int64)
    cohort_of[code] = cohort                 # a customer's rows all carry her cohort
    rows, cols = cohort_of[pairs // span], pairs % span
    low = int(rows.min())
    grid = np.bincount((rows - low) * span + cols,
                       minlength=(int(rows.max()) - low + 1) * span).reshape(-1, span)
    present_rows, present_cols = grid.any(axis=1), grid.any(axis=0)
    return pd.DataFrame(grid[present_rows][:, present_cols],
                        index=pd.Index(low + np.flatnonzero(present_rows), name="cohort"),
                        columns=pd.Index(np.flatnonzero(present_cols), name="offset"))


def cohort_retention(transactions, period: str = "M", *, share: bool = True,
                     as_of=None) -> pd.DataFrame:
    """Acquisition-cohort retention table: rows = cohort (period of the first purchase),
    columns = periods since acquisition (0, 1, 2, …), values = share of the cohort that made a
    purchase in that period (``share=False``: the number of customers).

    Column 0 is 1.0 by construction. Only complete periods up to ``as_of`` (default: the last
    order date) are used; cells not yet observable are NaN, observed periods without buyers 0.
    ``period`` is "M" (months), "Q" (quarters) or "Y" (years). Purchases as in :func:`stage_table`.

    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2, 2, 3],
    ...     "order_date": ["2024-01-05", "2024-03-09", "2024-01-20", "2024-02-02", "2024-02-14"],
    ...     "amount": [10.0, 12.0, 8.0, 9.0, 20.0]})
    >>> table = cohort_retention(tx, as_of="2024-03-31")
    >>> [str(p) for p in table.index], table.columns.tolist()
    (['2024-01', '2024-02'], [0, 1, 2])
    >>> table.to_numpy().tolist()
    [[1.0, 0.5, 0.5], [1.0, 0.0, nan]]
    """
    code, _, _, last, orders, cohort = _activity(transactions, period, as_of)
    complete = (orders["p"] <= last).to_numpy()
    if not complete.any():
        raise ValueError("as_of leaves no complete period with purchases; choose a later as_of "
                         "or a shorter period")
    if "code" in orders:
        counts = _active_counts(orders["code"].to_numpy()[complete],
                                orders["cohort"].to_numpy()[complete],
                                orders["offset"].to_numpy()[complete])
    else:
        orders = orders[complete]
        active = orders.drop_duplicates(["customer_id", "offset"])
        counts = pd.crosstab(active["cohort"], active["offset"])
    width = int(last - counts.index.min()) + 1
    counts = counts.reindex(columns=range(width), fill_value=0)
    observable = (counts.index.to_numpy()[:, None] + np.arange(width)[None, :]) <= last
    values = counts.to_numpy(dtype=float)
    if share:
        values = values / counts[0].to_numpy(dtype=float)[:, None]
    table = pd.DataFrame(np.where(observable, values, np.nan), columns=pd.RangeIndex(
        width, name="offset"), index=pd.PeriodIndex.from_ordinals(counts.index, freq=code,
                                                                  name="cohort"))
    return table


def tenure_value(transactions, period: str = "Y", *, margin: float = 0.30,
                 acquisition_cost=None, as_of=None) -> pd.DataFrame:
    """Average value per customer by tenure (periods since the first purchase), to test the
    lifecycle's inverted U against data.

    For tenure k, only cohorts observed for the whole k-th period count (no censoring bias).
    Per tenure: ``customers`` observed, ``active`` (bought in that period), ``retention`` =
    active / customers, ``revenue_per_customer`` = net amount (refunds included) / customers,
    ``profit_per_customer`` = margin × revenue per customer, minus the mean acquisition cost at
    tenure 0 when ``acquisition_cost`` (a Series of yuan by customer_id) is given;
    ``revenue_per_active`` / ``profit_per_active``: the same per customer still buying (NaN when
    none is), i.e. what a surviving customer is worth at that tenure (yuan; margin a fraction).

    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [100.0, 300.0, 50.0],
    ...     "order_date": ["2022-03-01", "2023-05-01", "2023-02-01"]})
    >>> tv = tenure_value(tx, as_of="2023-12-31")
    >>> tv["customers"].tolist(), tv["active"].tolist(), tv["revenue_per_customer"].tolist()
    ([2, 1], [2, 1], [75.0, 300.0])
    """
    m = _number(margin, "margin", low=0, high=1, allowed="in [0, 1] (gross margin as a fraction)")
    code, tx, when, last, orders, cohort = _activity(transactions, period, as_of)
    cohort = cohort[cohort <= last]
    rows = tx[tx["customer_id"].isin(cohort.index) & (tx["order_date"] <= when)].copy()
    rows["p"] = _period_ordinals(rows["order_date"], code)
    rows["offset"] = rows["p"] - rows["customer_id"].map(cohort)
    rows = rows[(rows["p"] <= last) & (rows["offset"] >= 0)]
    max_k = int(last - cohort.min())
    k = np.arange(max_k + 1)
    observed = np.array([(cohort + kk <= last).sum() for kk in k])
    buys = orders[orders["customer_id"].isin(cohort.index) & (orders["p"] <= last)]
    active = buys.drop_duplicates(["customer_id", "offset"]).groupby("offset").size()
    revenue = rows.groupby("offset")["amount"].sum()
    out = pd.DataFrame({"customers": observed}, index=pd.RangeIndex(max_k + 1, name="tenure"))
    out["active"] = active.reindex(out.index, fill_value=0).astype(int)
    out["retention"] = out["active"] / out["customers"]
    out["revenue_per_customer"] = revenue.reindex(out.index, fill_value=0.0) / out["customers"]
    out["profit_per_customer"] = m * out["revenue_per_customer"]
    out["revenue_per_active"] = (revenue.reindex(out.index, fill_value=0.0)
                                 / out["active"].replace(0, np.nan))
    out["profit_per_active"] = m * out["revenue_per_active"]
    if acquisition_cost is not None:
        cost = pd.Series(acquisition_cost)
        missing = cohort.index.difference(cost.index)
        if len(missing):
            raise ValueError(f"acquisition_cost has no value for {len(missing)} customer(s), "
                             f"e.g. {list(missing[:3])}")
        out.loc[0, "profit_per_customer"] -= float(cost.reindex(cohort.index).mean())
    return out


__all__ = [
    "STAGES", "PHASES", "DEFAULT_RULES",
    "churn_rate", "group_lifetime", "replacements_needed", "group_lifetime_table",
    "lifecycle_stages", "lifecycle_profit_curve", "lifecycle_profit", "phase_summary",
    "stage_table", "stage_history", "StageHistory", "assign_stages", "stage_counts", "stage_summary", "stage_transitions",
    "cohort_retention", "tenure_value",
]
