"""Buy-till-you-die models (顾客“购买直至流失”模型): BG/NBD, Gamma-Gamma and per-customer CLV.

The lecture's purchase-cycle rule P − R asks "is this customer overdue?" with a fixed cycle. The
BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way") answers the
question behind it with probabilities, from three numbers per customer measured over a
calibration period:

* x   = ``frequency``: repeat purchase **days** (the first purchase day is not counted; several
  lines on one day are one purchase);
* t_x = ``recency``: time of the last purchase, measured from the first purchase;
* T   = ``T``: time from the first purchase to the end of the calibration period.

Story: while alive, a customer buys as a Poisson process with rate λ; after every purchase she
drops out for ever with probability p. Across customers λ ~ Gamma(r, α) and p ~ Beta(a, b).
Integrating λ and p out gives the likelihood of one customer (FHL 2005, eq. 6),

    L = B(a, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
        + δ(x>0) · B(a+1, b+x−1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x)),

the first term "still alive at T", the second "dropped out right after the purchase at t_x".
The Gamma-Gamma model (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie 2013) adds the
spend per repeat purchase. Per-customer CLV discounts expected purchases × expected spend ×
margin month by month.

Units: time in the summary's unit (weeks, ``unit="W"``, is days ÷ 7 exactly; or days), money in
the data's currency, rates as yearly fractions. Pure numpy/scipy: the log-likelihoods are
vectorised with analytic gradients and maximised by L-BFGS on log parameters.

>>> s = pd.DataFrame({"frequency": [2, 1, 0], "recency": [30.43, 1.71, 0.0],
...                   "T": [38.86, 38.86, 38.86]})
>>> fit = BGNBDFit({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
>>> fit.p_alive(s).round(3).tolist()
[0.727, 0.212, 1.0]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import optimize, special

from ._validate import as_date, finite_array, require_frame

__all__ = [
    "BTYDDataError", "calibration_summary", "purchase_days", "fit_bgnbd", "BGNBDFit",
    "fit_gamma_gamma", "GammaGammaFit", "customer_value", "simulate_bgnbd", "tracking",
    "conditional_expectation_table", "customer_forecast", "buy_again_comparison",
    "realised_value", "value_deciles", "cohort_value_per_customer", "holdout_check",
    "UNIT_DAYS",
    "DAYS_PER_MONTH",
]

#: Length of one time unit in days ("W" = exact weeks of 7 days, "D" = days).
UNIT_DAYS = {"W": 7.0, "D": 1.0}
#: Average month used to turn a horizon in months into the summary's unit (365.25 / 12 days).
DAYS_PER_MONTH = 365.25 / 12


class BTYDDataError(ValueError):
    """The data cannot support a BG/NBD or Gamma-Gamma fit (too short, too few repeat buyers).

    ``reason`` holds the one-line explanation a report can show instead of the section.
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# --------------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------------
def _unit_days(unit: str) -> float:
    if unit not in UNIT_DAYS:
        raise ValueError(f"unit must be one of {sorted(UNIT_DAYS)} (W = weeks of 7 days, "
                         f"D = days), got {unit!r}")
    return UNIT_DAYS[unit]


def _positive(value, name: str, *, allow_zero: bool = False) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a number, got {value!r}") from exc
    if not np.isfinite(v) or v < 0 or (v == 0 and not allow_zero):
        raise ValueError(f"{name} must be {'≥ 0' if allow_zero else '> 0'} and finite, "
                         f"got {value!r}")
    return v


def _fraction(value, name: str) -> float:
    v = _positive(value, name, allow_zero=True)
    if v > 1:
        raise ValueError(f"{name} must be a fraction in [0, 1] (0.10 = 10 %), got {value!r}")
    return v


_column = finite_array  # the shared boundary check (crm_lessons/_validate.py)


def _check_params(params: dict, names: tuple[str, ...]) -> None:
    """A fit's parameters: every one of ``names`` present, each a positive finite number."""
    missing = [k for k in names if k not in params]
    if missing:
        raise ValueError(f"params is missing {missing}; need {', '.join(names)}")
    for k in names:
        _positive(params[k], f"params[{k!r}]")


def _xtT(frequency, recency=None, T=None):
    """(x, t_x, T, index) from a summary frame or from three arrays, validated."""
    index = None
    if isinstance(frequency, pd.DataFrame):
        frame = frequency
        missing = [c for c in ("frequency", "recency", "T") if c not in frame.columns]
        if missing:
            raise ValueError(f"summary is missing column(s) {missing}; it has "
                             f"{list(frame.columns)} (make it with calibration_summary)")
        index = frame.index
        frequency, recency, T = frame["frequency"], frame["recency"], frame["T"]
    elif recency is None or T is None:
        raise ValueError("give a summary DataFrame, or frequency, recency and T")
    x = _column(frequency, "frequency")
    t_x = _column(recency, "recency")
    T_ = _column(T, "T")
    x, t_x, T_ = np.broadcast_arrays(x, t_x, T_)
    if (x < 0).any() or (x != np.round(x)).any():
        bad = x[(x < 0) | (x != np.round(x))].flat[0]
        raise ValueError(f"frequency must be a whole number of repeat purchases ≥ 0, got {bad!r}")
    if (t_x < 0).any():
        raise ValueError(f"recency must be ≥ 0, got {t_x[t_x < 0].flat[0]!r}")
    if (T_ < 0).any():
        raise ValueError(f"T must be ≥ 0 (time since the first purchase), got "
                         f"{T_[T_ < 0].flat[0]!r}")
    if (t_x > T_ * (1 + 1e-12)).any():
        i = np.flatnonzero((t_x > T_ * (1 + 1e-12)).ravel())[0]
        raise ValueError(f"recency must be ≤ T; found recency {t_x.flat[i]!r} > T {T_.flat[i]!r}")
    if ((x == 0) & (t_x != 0)).any():
        i = np.flatnonzero(((x == 0) & (t_x != 0)).ravel())[0]
        raise ValueError(f"recency must be 0 when frequency is 0; found recency {t_x.flat[i]!r}")
    return x, t_x, T_, index


def _wrap(values: np.ndarray, index, name: str):
    if index is None:
        return float(values) if np.ndim(values) == 0 else values
    return pd.Series(values, index=index, name=name)


# --------------------------------------------------------------------------------------------
# from transactions to (x, t_x, T)
# --------------------------------------------------------------------------------------------
class _Days(NamedTuple):
    """Purchase days as arrays, sorted by customer then day (one row per customer and day).

    ``code``: customer code (rank of the id among all customers, refund-only ones included),
    ``day``: the day as an integer (days since 1970-01-01), ``spend``: the day's total;
    ``refund_code``/``refund_day``/``refund_amount``: the refund lines; ``ids``: the customer ids
    by code (an Index named after the customer column).
    """

    code: np.ndarray
    day: np.ndarray
    spend: np.ndarray
    refund_code: np.ndarray
    refund_day: np.ndarray
    refund_amount: np.ndarray
    ids: pd.Index


def _purchase_days(transactions: pd.DataFrame, customer_col: str, date_col: str,
                   amount_col: str) -> _Days:
    """The validated purchase days of :func:`purchase_days` as arrays (see :class:`_Days`):
    computed once by the forecast and the holdout check, with no group-by on text ids."""
    require_frame(transactions, "transactions", (customer_col, date_col, amount_col))
    amount = pd.to_numeric(transactions[amount_col], errors="coerce").to_numpy(dtype=float)
    if np.isnan(amount).any():
        raise ValueError(f"column {amount_col!r} must be numeric; "
                         f"{int(np.isnan(amount).sum())} value(s) are not")
    dates = transactions[date_col]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        try:
            dates = pd.to_datetime(dates)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"column {date_col!r} must hold dates such as '2024-03-15', got "
                             f"{dates.iloc[0]!r}") from exc
    if dates.isna().any():
        raise ValueError(f"column {date_col!r} has {int(dates.isna().sum())} missing date(s)")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    codes, uniques = pd.factorize(transactions[customer_col], sort=True)
    if (codes < 0).any():
        raise ValueError(f"column {customer_col!r} has missing customer ids")
    all_days = dates.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype(np.int64)
    keep = amount >= 0
    if not keep.any():
        raise ValueError(f"transactions has no purchase lines ({amount_col} ≥ 0); only refunds")
    back = ~keep
    refund_code, refund_day = codes[back].astype(np.int64), all_days[back]
    refund_amount = amount[back]
    # On millions of lines, memory matters: no copies when every line is a purchase, the key
    # built in place, and one stable sort instead of np.unique (which keeps more arrays alive).
    spend = amount if not back.any() else amount[keep]
    day = all_days if not back.any() else all_days[keep]
    key = codes.astype(np.int64, copy=False) if not back.any() else codes[keep].astype(np.int64)
    del all_days, codes
    d0 = int(day.min())
    span = int(day.max()) - d0 + 1
    key *= span
    key += day
    key -= d0
    del day
    order = np.argsort(key, kind="stable")
    key = key[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    uniq = key[starts]
    del key
    total = np.add.reduceat(spend[order], starts) if len(starts) else np.zeros(0)
    return _Days(code=uniq // span, day=uniq % span + d0, spend=total,
                 refund_code=refund_code, refund_day=refund_day,
                 refund_amount=refund_amount, ids=pd.Index(uniques, name=customer_col))


def _as_timestamps(day: np.ndarray) -> np.ndarray:
    return day.astype("datetime64[D]").astype("datetime64[ns]")


def _day_number(when: pd.Timestamp) -> int:
    return int(np.datetime64(when.normalize().date(), "D").astype(np.int64))


def purchase_days(transactions: pd.DataFrame, customer_col: str = "customer_id",
                  date_col: str = "order_date", amount_col: str = "amount") -> pd.DataFrame:
    """One row per customer and purchase day: ``customer_id``, ``day``, ``spend``, ``repeat``.

    A purchase is a line with amount ≥ 0 (a free item, amount 0, is a purchase: eight CDNOW
    customers start with one); refund lines (amount < 0) are not purchases and are left out here
    (:func:`calibration_summary` reports them in its ``refunds`` column). Lines on the same day
    are merged: ``spend`` is the day's total. ``repeat`` is False on each customer's first day.

    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "a"],
    ...                    "order_date": pd.to_datetime(["2024-01-01", "2024-01-01",
    ...                                                  "2024-01-08", "2024-01-09"]),
    ...                    "amount": [10.0, 5.0, 20.0, -20.0]})
    >>> purchase_days(tx)
      customer_id        day  spend  repeat
    0           a 2024-01-01   15.0   False
    1           a 2024-01-08   20.0    True
    """
    d = _purchase_days(transactions, customer_col, date_col, amount_col)
    return pd.DataFrame({
        customer_col: d.ids.take(d.code).array,
        "day": _as_timestamps(d.day),
        "spend": d.spend,
        "repeat": np.r_[False, d.code[1:] == d.code[:-1]],
    })


def calibration_summary(transactions: pd.DataFrame, calibration_end, holdout_end=None,
                        unit: str = "W", customer_col: str = "customer_id",
                        date_col: str = "order_date", amount_col: str = "amount") -> pd.DataFrame:
    """Per-customer (x, t_x, T, monetary) for the calibration period, plus holdout purchases.

    Customers whose first purchase is on or before ``calibration_end``; for each, from the
    purchase days (:func:`purchase_days`) up to and including ``calibration_end``:

    * ``frequency`` x = purchase days − 1 (repeat purchase days);
    * ``recency`` t_x = (last purchase day − first purchase day) ÷ unit;
    * ``T`` = (``calibration_end`` − first purchase day) ÷ unit, exact (38.857 weeks, not 38);
    * ``monetary`` = mean spend per repeat purchase day (NaN when x = 0: the first purchase is
      left out, as in the Gamma-Gamma model);
    * ``refunds`` = sum of refund lines (amount < 0) dated on or before ``calibration_end``: not
      purchases, reported;
    * ``first_purchase`` = the first purchase day;
    * with ``holdout_end``: ``frequency_holdout`` = purchase days in (calibration_end,
      holdout_end] and ``duration_holdout`` = its length in units.

    ``unit``: "W" (weeks = days / 7) or "D" (days).

    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "a"],
    ...                    "order_date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-15",
    ...                                                  "2024-01-08", "2024-02-20"]),
    ...                    "amount": [10.0, 5.0, 30.0, 12.0, 8.0]})
    >>> s = calibration_summary(tx, "2024-01-29", holdout_end="2024-03-31")
    >>> s[["frequency", "recency", "T", "monetary", "frequency_holdout"]]
                 frequency  recency    T  monetary  frequency_holdout
    customer_id
    a                    1      2.0  4.0      30.0                  1
    b                    0      0.0  3.0       NaN                  0
    """
    _unit_days(unit)  # a bad unit fails before any work
    end = as_date(calibration_end, "calibration_end")
    hend = None
    if holdout_end is not None:
        hend = as_date(holdout_end, "holdout_end")
        if hend <= end:
            raise ValueError(f"holdout_end must be after calibration_end={end.date()}, "
                             f"got {hend.date()}")
    days = _purchase_days(transactions, customer_col, date_col, amount_col)
    return _summary(days, end, hend, unit)


def _summary(days: _Days, end: pd.Timestamp, hend: pd.Timestamp | None = None,
             unit: str = "W") -> pd.DataFrame:
    """:func:`calibration_summary` from purchase-day arrays (rows sorted by customer, then
    day: each customer's rows are one run, so first, last and counts need no group-by)."""
    unit_days = _unit_days(unit)
    end_day = _day_number(end)
    n_ids = len(days.ids)
    calib = days.day <= end_day
    code, day, spend = ((days.code, days.day, days.spend) if calib.all()   # no copies
                        else (days.code[calib], days.day[calib], days.spend[calib]))
    if not len(code):
        raise BTYDDataError(f"no purchases on or before calibration_end={end.date()} "
                            f"(purchases run from {pd.Timestamp(_as_timestamps(days.day.min())).date()}"
                            f" to {pd.Timestamp(_as_timestamps(days.day.max())).date()})")
    starts = np.flatnonzero(np.r_[True, code[1:] != code[:-1]])
    ends = np.r_[starts[1:], len(code)] - 1
    who = code[starts]                                  # customers, in id order
    first, last = day[starts], day[ends]
    x = ends - starts
    later = spend.copy()
    later[starts] = 0.0                                 # a customer's first day is no repeat
    repeat_spend = np.add.reduceat(later, starts)       # 0 + s₁ + s₂ …: the repeat days' sum
    del later
    monetary = np.divide(repeat_spend, x, out=np.full(len(who), np.nan), where=x > 0)
    refunded = days.refund_day <= end_day
    refunds = np.bincount(days.refund_code[refunded], weights=days.refund_amount[refunded],
                          minlength=n_ids)[who]
    out = pd.DataFrame({
        "frequency": x.astype(np.int64),
        "recency": (last - first) / unit_days,
        "T": (end_day - first) / unit_days,
        "monetary": monetary,
        "first_purchase": _as_timestamps(first),
        "refunds": refunds + 0.0,                       # −0.0 (no refund) shown as 0.0
    }, index=days.ids.take(who))
    out.attrs.update({"calibration_end": end, "unit": unit, "unit_days": unit_days})
    if hend is not None:
        first_of = np.full(n_ids, np.iinfo(np.int64).max)
        first_of[who] = first
        later = ((days.day > end_day) & (days.day <= _day_number(hend))
                 & (first_of[days.code] <= end_day))
        out["frequency_holdout"] = np.bincount(days.code[later], minlength=n_ids)[who].astype(
            np.int64)
        out["duration_holdout"] = (hend - end).days / unit_days
        out.attrs["holdout_end"] = hend
    return out


# --------------------------------------------------------------------------------------------
# BG/NBD
# --------------------------------------------------------------------------------------------
BGNBD_PARAMS = ("r", "alpha", "a", "b")


def _bgnbd_terms(params, x, t_x, T):
    """A (always-alive part) and D (log odds of 'dropped out at t_x' vs 'alive') per customer."""
    r, alpha, a, b = params
    A = (special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
         + special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T))
    with np.errstate(divide="ignore", invalid="ignore"):
        D = np.where(x > 0, np.log(a) - np.log(np.where(x > 0, b + x - 1, 1.0))
                     + (r + x) * (np.log(alpha + T) - np.log(alpha + t_x)), -np.inf)
    return A, D


def bgnbd_loglik(params, x, t_x, T) -> np.ndarray:
    """Per-customer BG/NBD log-likelihood (FHL 2005 eq. 6, in log form).

        ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b) − (r+x) ln(α+T)
               + ln(1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))

    The last term adds "dropped out after the last purchase" to "still alive"; it is computed
    as softplus(D) with D its log, so large T − t_x cannot overflow.

    >>> round(float(bgnbd_loglik((0.243, 4.414, 0.793, 2.426), 2, 30.43, 38.86)), 4)
    -9.4586
    """
    A, D = _bgnbd_terms(params, np.asarray(x, float), np.asarray(t_x, float),
                        np.asarray(T, float))
    return A + np.logaddexp(0.0, D)


def _dot(u: np.ndarray, v: np.ndarray) -> float:
    """Σ u·v over long vectors without BLAS: numpy's ``@`` hands these to a multi-threaded BLAS
    whose threads, on a busy 2-core machine, made a fit 50× slower than one thread."""
    return float(np.einsum("i,i->", u, v))


class _Prepared:
    """The data arranged once for fast likelihood evaluations.

    Terms that depend on x only (the Γ and B functions) are evaluated once per distinct x and
    weighted by its count; one-time buyers (x = 0, t_x = 0) are grouped by T; repeat buyers
    keep one row each.
    """

    def __init__(self, x, t_x, T):
        self.n = float(x.size)
        self.xu, counts = np.unique(x, return_counts=True)
        self.wu = counts.astype(float)
        rep = x > 0
        self.T0, c0 = np.unique(T[~rep], return_counts=True)
        self.w0 = c0.astype(float)
        self.xr = np.ascontiguousarray(x[rep])
        self.txr = np.ascontiguousarray(t_x[rep])
        self.Tr = np.ascontiguousarray(T[rep])
        self.xr_u, self.xr_inv = np.unique(self.xr, return_inverse=True)


def _bgnbd_objective(theta, data: _Prepared):
    """Mean negative log-likelihood and its gradient in θ = ln(r, α, a, b).

    ln L_i = A_i + δ(x_i>0) softplus(D_i) (see :func:`bgnbd_loglik`); the gradient is analytic:
    ∂A/∂r = ψ(r+x) − ψ(r) + ln α − ln(α+T), ∂A/∂α = r/α − (r+x)/(α+T),
    ∂A/∂a = ψ(a+b) − ψ(a+b+x), ∂A/∂b = ψ(b+x) − ψ(a+b+x) − ψ(b) + ψ(a+b);
    ∂D/∂r = ln(α+T) − ln(α+t_x), ∂D/∂α = (r+x)(1/(α+T) − 1/(α+t_x)), ∂D/∂a = 1/a,
    ∂D/∂b = −1/(b+x−1); softplus'(D) = σ(D), the weight of "dropped out at t_x".
    """
    r, alpha, a, b = np.exp(theta)
    xu, wu, n = data.xu, data.wu, data.n
    # parts that depend on x only: once per distinct x, weighted by its count
    ll = wu @ (special.gammaln(r + xu) + special.betaln(a, b + xu)) \
        + n * (r * np.log(alpha) - special.gammaln(r) - special.betaln(a, b))
    dig_abx = special.digamma(a + b + xu)
    g_r = wu @ special.digamma(r + xu) + n * (np.log(alpha) - special.digamma(r))
    g_alpha = n * r / alpha
    g_a = wu @ (special.digamma(a + b) - dig_abx)
    g_b = wu @ (special.digamma(b + xu) - dig_abx - special.digamma(b) + special.digamma(a + b))
    # "alive at T", one-time buyers (grouped by T): −r ln(α+T)
    lT0 = np.log(alpha + data.T0)
    w0_lT0 = _dot(data.w0, lT0)
    ll -= r * w0_lT0
    g_r -= w0_lT0
    g_alpha -= r * _dot(data.w0, 1.0 / (alpha + data.T0))
    # repeat buyers: −(r+x) ln(α+T) + softplus(D)
    xr = data.xr
    lT = np.log(alpha + data.Tr)
    lt = np.log(alpha + data.txr)
    inv_T = 1.0 / (alpha + data.Tr)
    inv_t = 1.0 / (alpha + data.txr)
    ll -= r * lT.sum() + _dot(xr, lT)
    g_r -= lT.sum()
    g_alpha -= r * inv_T.sum() + _dot(xr, inv_T)
    gap = lT - lt
    c = (np.log(a) - np.log(b + data.xr_u - 1))[data.xr_inv]
    D = c + r * gap + xr * gap
    e = np.exp(-np.abs(D))
    ll += np.maximum(D, 0.0).sum() + np.log1p(e).sum()
    s = np.where(D >= 0, 1.0, e) / (1.0 + e)           # σ(D), computed without overflow
    g_r += _dot(s, gap)
    ds = inv_T - inv_t
    g_alpha += r * _dot(s, ds) + _dot(s * xr, ds)
    s_sum = s.sum()
    g_a += s_sum / a
    g_b -= np.bincount(data.xr_inv, weights=s, minlength=len(data.xr_u)) @ (
        1.0 / (b + data.xr_u - 1))
    grad = np.array([g_r * r, g_alpha * alpha, g_a * a, g_b * b])
    return -ll / n, -grad / n


def _maximise(objective, theta0, data, names):
    """BFGS on the mean negative log-likelihood in log parameters, with its analytic gradient.

    BFGS rather than L-BFGS-B: with four parameters the Fortran L-BFGS-B routine spent more
    time in (multi-threaded) BLAS calls than the likelihood itself. "Precision loss" at the end
    counts as converged when the gradient is ~0 (the mean log-likelihood is flat to 1e-12).
    """
    res = optimize.minimize(objective, theta0, args=(data,), jac=True, method="BFGS",
                            options={"maxiter": 2000, "gtol": 1e-9})
    if not np.all(np.isfinite(res.x)) or not np.isfinite(res.fun):
        raise BTYDDataError(f"the {names} fit did not converge ({res.message}); the data may "
                            "have too few repeat buyers")
    res.success = bool(res.success or np.max(np.abs(res.jac)) < 1e-6)
    return res


#: Above this many customers, forecasts are computed once per distinct (x, t_x, T) history,
#: in blocks of ``_BLOCK`` customers.
_DISTINCT_FROM, _BLOCK = 20_000, 100_000


def _distinct_histories(x, t_x, T_):
    """(first row of each distinct (x, t_x, T), each row's distinct history) when there are
    more than ``_DISTINCT_FROM`` customers and some share a history, else None."""
    if len(x) <= _DISTINCT_FROM:
        return None
    rows = pd.DataFrame({"x": x, "t_x": t_x, "T": T_})
    inverse = rows.groupby(["x", "t_x", "T"], sort=False).ngroup().to_numpy()
    first = np.zeros(int(inverse.max()) + 1, dtype=np.int64)
    first[inverse[::-1]] = np.arange(len(x))[::-1]
    return (first, inverse) if len(first) < len(x) else None


@dataclass
class BGNBDFit:
    """A fitted (or given) BG/NBD model: ``params`` r, alpha, a, b; ``loglik`` of the data.

    >>> fit = BGNBDFit({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    >>> round(fit.expected_cumulative(39.0), 4)   # E[X(39 weeks)] for a new customer
    1.1967
    """

    params: dict
    loglik: float = float("nan")
    n_customers: int = 0
    n_repeat: int = 0
    unit: str = "W"
    converged: bool = True
    message: str = ""
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        _check_params(self.params, BGNBD_PARAMS)

    @property
    def _p(self):
        return tuple(float(self.params[k]) for k in BGNBD_PARAMS)

    def __repr__(self) -> str:
        p = ", ".join(f"{k}={v:.4f}" for k, v in self.params.items())
        return f"BGNBDFit({p}; loglik={self.loglik:,.2f}; customers={self.n_customers:,})"

    def loglik_of(self, frequency, recency=None, T=None) -> float:
        """Total log-likelihood of a summary under these parameters (sum of eq. 6)."""
        x, t_x, T_, _ = _xtT(frequency, recency, T)
        return float(bgnbd_loglik(self._p, x, t_x, T_).sum())

    def p_alive(self, frequency, recency=None, T=None):
        """P(alive | x, t_x, T) = 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).

        A one-time buyer (x = 0) is alive with probability 1: BG/NBD lets customers drop out
        only right after a repeat purchase. Pass a summary frame or three arrays.

        >>> fit = BGNBDFit({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
        >>> round(fit.p_alive(1, 1.71, 38.86), 4)
        0.2121
        """
        x, t_x, T_, index = _xtT(frequency, recency, T)
        _, D = _bgnbd_terms(self._p, x, t_x, T_)
        return _wrap(special.expit(-D), index, "p_alive")

    def expected_purchases(self, t, frequency, recency=None, T=None):
        """E[Y(t) | x, t_x, T]: expected repeat purchases in the next t units (FHL 2005 eq. 10).

            E = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
                / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))

        >>> fit = BGNBDFit({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
        >>> round(fit.expected_purchases(39, 2, 30.43, 38.86), 4)
        1.226
        """
        t = _positive(t, "t", allow_zero=True)
        x, t_x, T_, index = _xtT(frequency, recency, T)
        if np.ndim(x) == 1 and len(x) > _DISTINCT_FROM:
            return _wrap(self._path(np.array([t]), x, t_x, T_)[0], index, "expected_purchases")
        return _wrap(self._expected(np.asarray(t), x, t_x, T_), index, "expected_purchases")

    def _expected(self, t, x, t_x, T_):
        """Eq. 10 for times ``t`` broadcast against the customers' arrays (validated)."""
        r, alpha, a, b = self._p
        z = t / (alpha + T_ + t)
        hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, z)
        core = (a + b + x - 1) / (a - 1) * (
            1 - np.exp((r + x) * (np.log(alpha + T_) - np.log(alpha + T_ + t))) * hyp)
        _, D = _bgnbd_terms(self._p, x, t_x, T_)
        return core * special.expit(-D) + 0.0   # + 0.0: no "-0.0" at t = 0

    def expected_path(self, times, frequency, recency=None, T=None) -> np.ndarray:
        """Eq. 10 at several horizons at once: array of shape (len(times), customers).

        >>> fit = BGNBDFit({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
        >>> fit.expected_path([0.0, 39.0], [2, 0], [30.43, 0.0], [38.86, 38.86]).round(4).tolist()
        [[0.0, 0.0], [1.226, 0.1951]]
        """
        t = _column(times, "times").ravel()
        if (t < 0).any():
            raise ValueError(f"times must be ≥ 0, got {t[t < 0][0]!r}")
        x, t_x, T_, _ = _xtT(frequency, recency, T)
        x, t_x, T_ = (np.atleast_1d(v).ravel() for v in (x, t_x, T_))
        return self._path(t, x, t_x, T_)

    def _path(self, t, x, t_x, T_) -> np.ndarray:
        """Eq. 10 at times ``t`` (rows) for customers (columns), on millions of customers:
        computed once per distinct (x, t_x, T) — customers with the same history get the same
        forecast, and one-time buyers observed equally long are many — and in blocks of
        customers, so the temporaries of ₂F₁ stay small."""
        distinct = _distinct_histories(x, t_x, T_)
        if distinct is not None:
            first, inverse = distinct
            return self._path(t, x[first], t_x[first], T_[first])[:, inverse]
        out = np.empty((len(t), len(x)))
        for lo in range(0, len(x), _BLOCK):
            hi = lo + _BLOCK
            out[:, lo:hi] = self._expected(t[:, None], x[None, lo:hi], t_x[None, lo:hi],
                                           T_[None, lo:hi])
        return out + 0.0

    def expected_cumulative(self, t):
        """E[X(t)]: expected repeat purchases of a new customer in her first t units (eq. 9).

            E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r · ₂F₁(r, b; a+b−1; t/(α+t))]

        ``t`` may be an array. The tracking curve of a cohort sums this over customers, each
        at the time since her own first purchase (:func:`tracking`).

        >>> fit = BGNBDFit({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
        >>> fit.expected_cumulative([0.0, 10.0, 78.0]).round(4).tolist()
        [0.0, 0.4324, 1.8605]
        """
        t_arr = _column(t, "t")
        if (t_arr < 0).any():
            raise ValueError(f"t must be ≥ 0, got {t_arr[t_arr < 0].flat[0]!r}")
        r, alpha, a, b = self._p
        value = (a + b - 1) / (a - 1) * (
            1 - (alpha / (alpha + t_arr)) ** r
            * special.hyp2f1(r, b, a + b - 1, t_arr / (alpha + t_arr)))
        value = np.where(t_arr > 0, value, 0.0)
        return float(value) if np.ndim(value) == 0 else value


def fit_bgnbd(summary: pd.DataFrame, *, min_repeat_buyers: int = 1,
              initial=None) -> BGNBDFit:
    """Maximum-likelihood BG/NBD parameters r, α, a, b for a calibration summary.

    Maximises Σ ln L (see :func:`bgnbd_loglik`) over θ = ln(r, α, a, b) by L-BFGS with the
    analytic gradient; the gamma-function terms are computed once per distinct x.
    Raises :class:`BTYDDataError` when fewer than ``min_repeat_buyers`` customers bought again
    (with none, purchase rate and drop-out cannot be told apart).

    >>> s = simulate_bgnbd(5000, {"r": 0.25, "alpha": 4.0, "a": 0.8, "b": 2.5}, T=39, seed=1)
    >>> fit = fit_bgnbd(s)
    >>> sorted(fit.params)
    ['a', 'alpha', 'b', 'r']
    """
    x, t_x, T_, _ = _xtT(summary)
    if x.size == 0:
        raise BTYDDataError("the summary has no customers")
    n_rep = int((x > 0).sum())
    if n_rep < max(1, int(min_repeat_buyers)):
        raise BTYDDataError(
            f"only {n_rep} of {x.size:,} customers bought again in the calibration period; "
            f"the BG/NBD fit needs at least {max(1, int(min_repeat_buyers))} repeat buyers")
    data = _Prepared(x.ravel(), t_x.ravel(), T_.ravel())
    if initial is None:
        # method-of-moments-ish start: purchase rate from repeat buyers, mild drop-out
        theta0 = np.log([1.0, max(float(np.mean(T_)) / max(float(np.mean(x)), 1e-3) / 4, 0.1),
                         1.0, 1.0])
    else:
        theta0 = np.log([float(initial[k]) for k in BGNBD_PARAMS])
    res = _maximise(_bgnbd_objective, theta0, data, "BG/NBD")
    params = dict(zip(BGNBD_PARAMS, map(float, np.exp(res.x)), strict=True))
    return BGNBDFit(params, loglik=float(-res.fun * data.n), n_customers=int(x.size),
                    n_repeat=n_rep, unit=summary.attrs.get("unit", "W"),
                    converged=bool(res.success), message=str(res.message))


# --------------------------------------------------------------------------------------------
# Gamma-Gamma
# --------------------------------------------------------------------------------------------
GG_PARAMS = ("p", "q", "v")


def gamma_gamma_loglik(params, x, m) -> np.ndarray:
    """Per-customer Gamma-Gamma log-likelihood of mean repeat spend m over x purchases.

    Spend per purchase ~ Gamma(p, ν) with ν ~ Gamma(q, v) across customers, so

        ln f(m | x) = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m + px ln x
                      − (px+q) ln(v + x m)

    >>> round(float(gamma_gamma_loglik((6.25, 3.74, 15.44), 2, 22.35)), 4)
    -3.5513
    """
    p, q, v = params
    x = np.asarray(x, float)
    m = np.asarray(m, float)
    px = p * x
    return (special.gammaln(px + q) - special.gammaln(px) - special.gammaln(q) + q * np.log(v)
            + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(v + x * m))


class _SpendData:
    """Repeat buyers' (x, m) arranged once: per-distinct-x counts and the constant sums."""

    def __init__(self, x, m):
        self.n = float(x.size)
        self.x, self.xm = x, x * m
        self.xu, counts = np.unique(x, return_counts=True)
        self.wu = counts.astype(float)
        logm = np.log(m)
        self.sum_logm = float(logm.sum())
        self.sum_xlogm = float(_dot(x, logm))
        self.sum_xlogx = float(self.wu @ (self.xu * np.log(self.xu)))


def _gg_objective(theta, data: _SpendData):
    """Mean negative Gamma-Gamma log-likelihood and its analytic gradient in ln(p, q, v).

    Σ ln f = Σ_x n_x [ln Γ(px+q) − ln Γ(px)] − n ln Γ(q) + n q ln v + p Σ x ln m − Σ ln m
             + p Σ x ln x − Σ (px+q) ln(v + x m)
    """
    p, q, v = np.exp(theta)
    xu, wu, n = data.xu, data.wu, data.n
    pxu = p * xu
    ls = np.log(v + data.xm)
    inv = 1.0 / (v + data.xm)
    sum_ls, sum_xls = ls.sum(), _dot(data.x, ls)
    ll = (wu @ (special.gammaln(pxu + q) - special.gammaln(pxu)) - n * special.gammaln(q)
          + n * q * np.log(v) + p * (data.sum_xlogm + data.sum_xlogx) - data.sum_logm
          - p * sum_xls - q * sum_ls)
    dig = special.digamma(pxu + q)
    g_p = (wu * xu) @ (dig - special.digamma(pxu)) + data.sum_xlogm + data.sum_xlogx - sum_xls
    g_q = wu @ dig - n * special.digamma(q) + n * np.log(v) - sum_ls
    g_v = n * q / v - p * _dot(data.x, inv) - q * inv.sum()
    return -ll / n, -np.array([g_p * p, g_q * q, g_v * v]) / n


@dataclass
class GammaGammaFit:
    """A fitted (or given) Gamma-Gamma spend model: ``params`` p, q, v; ``loglik``.

    >>> gg = GammaGammaFit({"p": 6.25, "q": 3.74, "v": 15.44})
    >>> round(gg.expected_spend(2, 22.35), 2), round(gg.expected_spend(0, float("nan")), 2)
    (24.66, 35.22)
    """

    params: dict
    loglik: float = float("nan")
    n_customers: int = 0
    converged: bool = True
    message: str = ""
    n_excluded: int = 0

    def __post_init__(self):
        _check_params(self.params, GG_PARAMS)

    def __repr__(self) -> str:
        p = ", ".join(f"{k}={v:.4f}" for k, v in self.params.items())
        return f"GammaGammaFit({p}; loglik={self.loglik:,.2f}; customers={self.n_customers:,})"

    @property
    def population_mean(self) -> float:
        """Mean spend per purchase across customers, p·v/(q−1) (infinite when q ≤ 1)."""
        p, q, v = (float(self.params[k]) for k in GG_PARAMS)
        return p * v / (q - 1) if q > 1 else float("inf")

    def expected_spend(self, frequency, monetary=None):
        """E[spend per purchase | x, m] = p (v + x m) / (p x + q − 1).

        A weighted mean of the population mean p v/(q−1) and the customer's own mean m, the
        weight on m growing with x. Customers with x = 0 get the population mean (their
        ``monetary`` is ignored and may be NaN). Pass a summary frame or two arrays.
        """
        index = None
        if isinstance(frequency, pd.DataFrame):
            index = frequency.index
            frequency, monetary = frequency["frequency"], frequency["monetary"]
        x = _column(frequency, "frequency")
        m = np.asarray(monetary, float)
        x, m = np.broadcast_arrays(x, m)
        if ((x > 0) & ~(m >= 0)).any():
            raise ValueError("monetary must be ≥ 0 (not NaN) for customers with frequency > 0")
        p, q, v = (float(self.params[k]) for k in GG_PARAMS)
        value = p * (v + x * np.where(x > 0, m, 0.0)) / (p * x + q - 1)
        return _wrap(value, index, "expected_spend")


def fit_gamma_gamma(summary: pd.DataFrame, *, min_repeat_buyers: int = 2,
                    exclude_nonpositive: bool = False, initial=None) -> GammaGammaFit:
    """Maximum-likelihood Gamma-Gamma parameters p, q, v from the repeat buyers of a summary.

    Uses the customers with ``frequency`` x > 0 and their ``monetary`` m (mean spend per repeat
    purchase day). Customers with x = 0 must have ``monetary`` NaN (or 0, as lifetimes
    writes it): a one-time buyer has no repeat spend. A repeat buyer whose repeat purchases
    were all free (monetary 0) has no place in a Gamma model: that raises, or with
    ``exclude_nonpositive=True`` such customers are left out of the fit and counted in
    ``fit.n_excluded``. Maximises Σ ln f(m | x) (see
    :func:`gamma_gamma_loglik`) over ln(p, q, v) with the analytic gradient.

    >>> s = pd.DataFrame({"frequency": [1, 2, 3, 1, 4], "monetary": [20.0, 35.0, 18.0, 60.0, 25.0]})
    >>> sorted(fit_gamma_gamma(s).params)
    ['p', 'q', 'v']
    """
    if not isinstance(summary, pd.DataFrame):
        raise ValueError(f"summary must be a DataFrame, got {type(summary).__name__}")
    missing = [c for c in ("frequency", "monetary") if c not in summary.columns]
    if missing:
        raise ValueError(f"summary is missing column(s) {missing}; it has {list(summary.columns)}")
    x = _column(summary["frequency"], "frequency")
    m = pd.to_numeric(summary["monetary"], errors="coerce").to_numpy(dtype=float)
    if (x < 0).any() or (x != np.round(x)).any():
        raise ValueError(f"frequency must be a whole number ≥ 0, got {x[(x < 0) | (x != np.round(x))][0]!r}")
    zero_given = (x == 0) & ~np.isnan(m) & (m != 0)
    if zero_given.any():
        i = np.flatnonzero(zero_given)[0]
        raise ValueError(f"monetary is given ({m[i]!r}) for customer {summary.index[i]!r} with "
                         "frequency 0; the Gamma-Gamma model uses repeat spend only (make "
                         "monetary NaN for one-time buyers)")
    rep = x > 0
    nonpositive = rep & ~(m > 0)
    if nonpositive.any() and not exclude_nonpositive:
        i = np.flatnonzero(nonpositive)[0]
        raise ValueError(f"monetary must be > 0 for repeat buyers; customer "
                         f"{summary.index[i]!r} has {m[i]!r} (pass exclude_nonpositive=True "
                         f"to leave the {int(nonpositive.sum())} such customer(s) out)")
    rep &= ~nonpositive
    n_rep = int(rep.sum())
    if n_rep < max(2, int(min_repeat_buyers)):
        raise BTYDDataError(f"only {n_rep} repeat buyer(s); the Gamma-Gamma fit needs at least "
                            f"{max(2, int(min_repeat_buyers))}")
    xr, mr = x[rep], m[rep]
    data = _SpendData(xr, mr)
    theta0 = np.log([1.0, 1.0, float(np.mean(mr))] if initial is None
                    else [float(initial[k]) for k in GG_PARAMS])
    res = _maximise(_gg_objective, theta0, data, "Gamma-Gamma")
    params = dict(zip(GG_PARAMS, map(float, np.exp(res.x)), strict=True))
    return GammaGammaFit(params, loglik=float(-res.fun * n_rep), n_customers=n_rep,
                         converged=bool(res.success), message=str(res.message),
                         n_excluded=int(nonpositive.sum()))


# --------------------------------------------------------------------------------------------
# per-customer CLV
# --------------------------------------------------------------------------------------------
def customer_value(bgnbd: BGNBDFit, gg: GammaGammaFit, summary: pd.DataFrame,
                   horizon_months: int = 12, discount_rate: float = 0.10,
                   margin: float = 0.30) -> pd.Series:
    """Discounted per-customer CLV over the next ``horizon_months`` months.

        CLV = margin · E[spend] · Σ_{k=1..H} (E[Y(k·m) | x, t_x, T] − E[Y((k−1)·m) | …])
                                          / (1 + d)^(k/12)

    m = one month in the summary's unit (365.25/12 days), d = yearly ``discount_rate`` (purchases
    of month k are discounted to today from the month's end), E[spend] from the Gamma-Gamma
    model, E[Y] from the BG/NBD (eq. 10). Money in the data's currency.

    >>> s = pd.DataFrame({"frequency": [2, 0], "recency": [30.43, 0.0], "T": [38.86, 38.86],
    ...                   "monetary": [22.35, float("nan")]}, index=["a", "b"])
    >>> s.attrs["unit"] = "W"
    >>> bg = BGNBDFit({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    >>> gg = GammaGammaFit({"p": 6.25, "q": 3.74, "v": 15.44})
    >>> customer_value(bg, gg, s, 12, 0.10, 0.30).round(2).tolist()
    [11.02, 2.54]
    """
    if not isinstance(bgnbd, BGNBDFit) or not isinstance(gg, GammaGammaFit):
        raise ValueError("bgnbd must be a BGNBDFit and gg a GammaGammaFit (fit_bgnbd, "
                         "fit_gamma_gamma)")
    try:
        h = int(horizon_months)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"horizon_months must be a whole number ≥ 1, got {horizon_months!r}") from exc
    if h < 1 or h != horizon_months:
        raise ValueError(f"horizon_months must be a whole number ≥ 1, got {horizon_months!r}")
    d = _fraction(discount_rate, "discount_rate")
    mg = _fraction(margin, "margin")
    month = DAYS_PER_MONTH / _unit_days(summary.attrs.get("unit", bgnbd.unit))
    x, t_x, T_, index = _xtT(summary)
    spend = np.asarray(gg.expected_spend(summary), float)
    disc = (1 + d) ** (-np.arange(1, h + 1) / 12)
    distinct = _distinct_histories(x, t_x, T_)   # millions of customers: once per history
    first, inverse = distinct if distinct is not None else (slice(None), slice(None))
    cum = bgnbd.expected_path(np.arange(h + 1) * month, x[first], t_x[first], T_[first])
    purchases = np.einsum("k,kn->n", disc, np.diff(cum, axis=0))[inverse]
    value = mg * spend * purchases
    return pd.Series(value, index=index, name="model_clv")


# --------------------------------------------------------------------------------------------
# simulation, tracking and holdout checks
# --------------------------------------------------------------------------------------------
def simulate_bgnbd(n: int, params: dict, T=39.0, seed: int = 0) -> pd.DataFrame:
    """Seeded (x, t_x, T) for ``n`` customers drawn from the BG/NBD story.

    λ ~ Gamma(r, rate α), p ~ Beta(a, b); N ~ Poisson(λT) purchases would happen in (0, T];
    the customer drops out after her K-th repeat purchase, K ~ Geometric(p); x = min(N, K) and
    t_x is the x-th of N uniform purchase times (a Beta(x, N−x+1)·T draw). ``T`` may be an
    array of length n or a (low, high) pair for uniform observation times.

    >>> s = simulate_bgnbd(3, {"r": 0.25, "alpha": 4.0, "a": 0.8, "b": 2.5}, T=39, seed=0)
    >>> list(s.columns), bool((s["recency"] <= s["T"]).all())
    (['frequency', 'recency', 'T'], True)
    """
    n = int(n)
    if n < 1:
        raise ValueError(f"n must be ≥ 1, got {n!r}")
    r, alpha, a, b = (_positive(params[k], f"params[{k!r}]") for k in BGNBD_PARAMS)
    rng = np.random.default_rng(seed)
    if isinstance(T, tuple):
        T_ = rng.uniform(T[0], T[1], n)
    else:
        T_ = np.broadcast_to(np.asarray(T, float), (n,)).copy()
    lam = rng.gamma(r, 1.0 / alpha, n)
    p = rng.beta(a, b, n)
    N = rng.poisson(lam * T_)
    K = rng.geometric(np.clip(p, 1e-12, 1.0))
    x = np.minimum(N, K)
    t_x = np.zeros(n)
    pos = x > 0
    t_x[pos] = T_[pos] * rng.beta(x[pos], N[pos] - x[pos] + 1)
    return pd.DataFrame({"frequency": x.astype(np.int64), "recency": t_x, "T": T_})


def tracking(transactions: pd.DataFrame, fit: BGNBDFit, start, periods: int,
             calibration_end=None, unit: str = "W", customer_col: str = "customer_id",
             date_col: str = "order_date", amount_col: str = "amount") -> pd.DataFrame:
    """Cumulative repeat purchases per period, actual vs expected (the tracking plot's data).

    Customers: those whose first purchase is on or before ``calibration_end`` (default: the end
    of the last period). Period k (1..``periods``) ends on day start + k·unit − 1. Actual =
    repeat purchase days on or before that day. Expected = Σ_i E[X(age_i)] (eq. 9) with
    age_i = (period end − first purchase day of i) ÷ unit for customers already acquired,
    computed once per first-purchase day (cohort) and weighted by the cohort's size.

    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...                    "order_date": pd.to_datetime(["2024-01-01", "2024-01-10", "2024-01-03"]),
    ...                    "amount": [10.0, 10.0, 5.0]})
    >>> bg = BGNBDFit({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    >>> tracking(tx, bg, "2024-01-01", 2)["actual"].tolist()
    [0, 1]
    """
    unit_days = _unit_days(unit)
    start_ts = as_date(start, "start")
    k = int(periods)
    if k < 1 or k != periods:
        raise ValueError(f"periods must be a whole number ≥ 1, got {periods!r}")
    ends = start_ts + pd.to_timedelta(np.arange(1, k + 1) * unit_days - 1, unit="D")
    cal_end = ends[-1] if calibration_end is None else as_date(calibration_end, "calibration_end")
    days = purchase_days(transactions, customer_col, date_col, amount_col)
    first = days.groupby(customer_col)["day"].transform("min")
    days = days[first <= cal_end]
    rep_days = np.sort(days.loc[days["repeat"].to_numpy(), "day"].to_numpy())
    actual = np.searchsorted(rep_days, ends.to_numpy(), side="right")
    cohorts = days.loc[~days["repeat"].to_numpy(), "day"].value_counts()
    age = ((ends.to_numpy()[:, None] - cohorts.index.to_numpy()[None, :])
           / np.timedelta64(1, "D")) / unit_days
    ex = np.where(age >= 0, fit.expected_cumulative(np.clip(age, 0, None)), 0.0)
    expected = ex @ cohorts.to_numpy(dtype=float)
    return pd.DataFrame({"period_end": ends, "actual": actual.astype(np.int64),
                         "expected": expected},
                        index=pd.RangeIndex(1, k + 1, name="period"))


def conditional_expectation_table(fit: BGNBDFit, summary: pd.DataFrame,
                                  max_frequency: int = 7) -> pd.DataFrame:
    """Holdout check: mean actual vs mean predicted holdout purchases by calibration frequency.

    Needs ``frequency_holdout`` and ``duration_holdout`` (``calibration_summary`` with
    ``holdout_end``). Customers with x ≥ ``max_frequency`` form one group "7+".

    >>> s = pd.DataFrame({"frequency": [0, 1, 1], "recency": [0.0, 5.0, 30.0],
    ...                   "T": [38.0, 38.0, 38.0], "frequency_holdout": [0, 0, 2],
    ...                   "duration_holdout": [39.0, 39.0, 39.0]})
    >>> bg = BGNBDFit({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    >>> conditional_expectation_table(bg, s)["actual"].tolist()
    [0.0, 1.0]
    """
    for col in ("frequency_holdout", "duration_holdout"):
        if col not in summary.columns:
            raise ValueError(f"summary has no column {col!r}; make it with "
                             "calibration_summary(..., holdout_end=...)")
    duration = float(summary["duration_holdout"].iloc[0])
    pred = np.asarray(fit.expected_purchases(duration, summary), float)
    group = np.minimum(summary["frequency"].to_numpy(), max_frequency)
    frame = pd.DataFrame({"g": group, "customers": 1,
                          "actual": summary["frequency_holdout"].to_numpy(dtype=float),
                          "predicted": pred})
    out = frame.groupby("g").agg(customers=("customers", "sum"), actual=("actual", "mean"),
                                 predicted=("predicted", "mean"))
    out.index = pd.Index([str(g) if g < max_frequency else f"{max_frequency}+"
                          for g in out.index], name="frequency")   # labels per group, not row
    return out


def _forecastable(values, fit: BGNBDFit):
    """``values`` (forecasts), or :class:`BTYDDataError` when some are not finite: a fit at the
    edge of the model (a = 1, where E[purchases] divides by a − 1; r and α running off to
    infinity) says the history does not show how customers buy again and drop out."""
    if not np.isfinite(np.asarray(values, dtype=float)).all():
        shown = ", ".join(f"{k} = {v:.3g}" for k, v in fit.params.items())
        raise BTYDDataError(f"the purchase model fitted to this history gives no finite "
                            f"forecast ({shown}); too few or too uneven repeat purchases")
    return values


def customer_forecast(transactions: pd.DataFrame, as_of=None, horizon_months: int = 12,
                      discount_rate: float = 0.10, margin: float = 0.30, *,
                      min_repeat_buyers: int = 30, min_history_days: int = 90,
                      customer_col: str = "customer_id", date_col: str = "order_date",
                      amount_col: str = "amount") -> pd.DataFrame:
    """Per-customer forecast for a report: ``p_alive``, ``expected_purchases_12m``, ``model_clv``.

    Fits BG/NBD and Gamma-Gamma on all purchases up to ``as_of`` (default: the last purchase
    day), time in weeks, and returns one row per customer with ``frequency``, ``recency``, ``T``,
    ``monetary``, ``p_alive``, ``expected_purchases_12m`` (next ``horizon_months`` months; the
    column keeps its name for the report), ``expected_spend`` and ``model_clv`` (discounted,
    ``margin`` × spend). The fits are in ``result.attrs["bgnbd"]`` and ``["gamma_gamma"]``.

    Raises :class:`BTYDDataError` (a ValueError with ``.reason``) when the history is shorter
    than ``min_history_days`` or fewer than ``min_repeat_buyers`` customers bought again.

    >>> tx = pd.DataFrame({"customer_id": ["a", "a"], "amount": [5.0, 6.0],
    ...                    "order_date": pd.to_datetime(["2024-01-01", "2024-01-05"])})
    >>> customer_forecast(tx)
    Traceback (most recent call last):
    ...
    crm_lessons.btyd.BTYDDataError: the history covers 4 days (2024-01-01 to 2024-01-05); a buy-again forecast needs at least 90 days
    """
    days = _purchase_days(transactions, customer_col, date_col, amount_col)
    end = (pd.Timestamp(_as_timestamps(days.day.max())) if as_of is None
           else as_date(as_of, "as_of"))
    first = pd.Timestamp(_as_timestamps(days.day.min()))
    span = (end - first).days
    if span < min_history_days:
        raise BTYDDataError(f"the history covers {span} days ({first.date()} to {end.date()}); "
                            f"a buy-again forecast needs at least {min_history_days} days")
    summary = _summary(days, end, unit="W")
    n_rep = int((summary["frequency"] > 0).sum())
    if n_rep < min_repeat_buyers:
        raise BTYDDataError(f"only {n_rep} customer(s) bought on more than one day before "
                            f"{end.date()}; a buy-again forecast needs at least "
                            f"{min_repeat_buyers} repeat buyers")
    bg = fit_bgnbd(summary, min_repeat_buyers=min_repeat_buyers)
    gg = fit_gamma_gamma(summary, min_repeat_buyers=min_repeat_buyers, exclude_nonpositive=True)
    if gg.params["q"] <= 1:
        raise BTYDDataError(f"the spend model has q = {gg.params['q']:.2f} ≤ 1 (no finite mean "
                            "spend); too few or too uneven repeat purchases")
    months = DAYS_PER_MONTH * int(horizon_months) / 7
    out = summary[["frequency", "recency", "T", "monetary"]].copy()
    with np.errstate(all="ignore"):  # a fit at the model's edge: checked just below
        out["p_alive"] = bg.p_alive(summary)
        out["expected_purchases_12m"] = bg.expected_purchases(months, summary)
        out["expected_spend"] = gg.expected_spend(summary)
        out["model_clv"] = customer_value(bg, gg, summary, horizon_months, discount_rate, margin)
    _forecastable(out[["p_alive", "expected_purchases_12m", "expected_spend", "model_clv"]], bg)
    out.attrs.update({"bgnbd": bg, "gamma_gamma": gg, "as_of": end,
                      "horizon_months": int(horizon_months)})
    return out


def buy_again_comparison(transactions: pd.DataFrame, calibration_end, holdout_end,
                         fit: BGNBDFit | None = None, period_days: int = 365,
                         customer_col: str = "customer_id", date_col: str = "order_date",
                         amount_col: str = "amount") -> pd.DataFrame:
    """P(alive) and the lecture's P − R rule on the same customers, with what happened next.

    One row per customer of :func:`calibration_summary` (up to ``calibration_end``) for whom the
    rule is defined (at least one purchase day with amount > 0 in the last ``period_days`` days,
    :func:`crm_lessons.rfm.cycle_warning`): ``p_alive`` and ``expected_holdout`` (BG/NBD,
    ``fit`` or a fit on the summary), ``cycle_margin`` P − R in days and ``status`` (the rule),
    ``bought_again`` (a purchase day in (calibration_end, holdout_end]). Customers the rule
    cannot judge are counted in ``result.attrs["left_out"]``.

    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b"],
    ...                    "order_date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-04-01",
    ...                                                  "2024-01-10", "2024-03-01"]),
    ...                    "amount": [5.0, 6.0, 7.0, 8.0, 9.0]})
    >>> bg = BGNBDFit({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    >>> c = buy_again_comparison(tx, "2024-03-15", "2024-06-30", bg, period_days=74)
    >>> c["cycle_margin"].tolist(), c["bought_again"].tolist()   # P − R = 74/1 − 43, 37 − 14
    ([31, 23], [True, False])
    """
    from . import rfm

    summary = calibration_summary(transactions, calibration_end, holdout_end, "W",
                                  customer_col, date_col, amount_col)
    fit = fit_bgnbd(summary) if fit is None else fit
    end = summary.attrs["calibration_end"]
    lines = transactions[pd.to_datetime(transactions[date_col]) <= end]
    recent = rfm.rfm_summary(lines, as_of=end, customer_col=customer_col, date_col=date_col,
                             amount_col=amount_col, window_days=period_days)
    recent = recent[recent["frequency"] > 0]
    warn = rfm.cycle_warning(recent, end, period_days=period_days)
    ids = summary.index.intersection(warn.index)
    s = summary.loc[ids]
    out = pd.DataFrame({
        "frequency": s["frequency"],
        "p_alive": fit.p_alive(s),
        "expected_holdout": fit.expected_purchases(float(s["duration_holdout"].iloc[0]), s),
        "cycle_margin": warn.loc[ids, "margin"],
        "status": warn.loc[ids, "status"],
        "bought_again": s["frequency_holdout"] > 0,
    })
    out.attrs.update({"left_out": int(len(summary) - len(ids)), "fit": fit,
                      "period_days": period_days})
    return out


def realised_value(transactions: pd.DataFrame, start, end, margin: float = 0.30,
                   discount_rate: float = 0.10, customers=None,
                   customer_col: str = "customer_id", date_col: str = "order_date",
                   amount_col: str = "amount") -> pd.Series:
    """What customers were actually worth over (start, end]: the check of a CLV forecast.

        value = margin · Σ amount / (1 + d)^(days after start / 365.25)

    net of refunds, each line discounted from its day back to ``start`` at the yearly rate d.
    ``customers`` (ids) adds customers who bought nothing, at 0.

    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "amount": [100.0, -20.0, 50.0],
    ...                    "order_date": pd.to_datetime(["2024-01-01", "2024-06-01", "2025-01-01"])})
    >>> realised_value(tx, "2023-12-31", "2024-12-31", 0.5, 0.0, customers=["a", "b"]).tolist()
    [40.0, 0.0]
    """
    s = as_date(start, "start")
    e = as_date(end, "end")
    mg = _fraction(margin, "margin")
    d = _fraction(discount_rate, "discount_rate")
    dates = pd.to_datetime(transactions[date_col])
    keep = ((dates > s) & (dates <= e)).to_numpy()
    t = ((dates[keep] - s).dt.days.to_numpy() / 365.25)
    amount = pd.to_numeric(transactions.loc[keep, amount_col]).to_numpy(float)
    value = pd.Series(mg * amount * (1 + d) ** -t,
                      index=transactions.loc[keep, customer_col].to_numpy())
    out = value.groupby(level=0).sum()
    if customers is not None:
        out = out.reindex(pd.Index(pd.unique(np.asarray(customers))), fill_value=0.0)
    out.index.name = customer_col
    return out.rename("realised_value")


def value_deciles(predicted: pd.Series, actual: pd.Series, groups: int = 10) -> pd.DataFrame:
    """Customers ranked by a forecast into ``groups`` equal groups: mean forecast vs mean actual.

    Group 1 holds the lowest forecasts, group ``groups`` the highest (ties broken by order of
    the index). A useful per-customer forecast gives an actual value that rises with the group;
    a cohort average gives every group the same forecast.

    >>> p = pd.Series([1.0, 2.0, 3.0, 4.0]); a = pd.Series([0.0, 1.0, 5.0, 7.0])
    >>> value_deciles(p, a, groups=2)
           customers  predicted  actual
    group
    1              2        1.5     0.5
    2              2        3.5     6.0
    """
    if not isinstance(predicted, pd.Series) or not isinstance(actual, pd.Series):
        raise ValueError("predicted and actual must be pandas Series indexed by customer")
    g = int(groups)
    if g < 2 or g != groups:
        raise ValueError(f"groups must be a whole number ≥ 2, got {groups!r}")
    missing = predicted.index.difference(actual.index)
    if len(missing):
        raise ValueError(f"actual has no value for {len(missing)} customer(s) of predicted, "
                         f"e.g. {missing[0]!r}")
    if len(predicted) < g:
        raise ValueError(f"need at least groups={g} customers, got {len(predicted)}")
    order = np.argsort(predicted.to_numpy(float), kind="stable")
    group = np.empty(len(order), dtype=np.int64)
    group[order] = np.arange(len(order)) * g // len(order) + 1
    frame = pd.DataFrame({"group": group, "predicted": predicted.to_numpy(float),
                          "actual": actual.reindex(predicted.index).to_numpy(float)})
    out = frame.groupby("group").agg(customers=("predicted", "size"),
                                     predicted=("predicted", "mean"), actual=("actual", "mean"))
    return out


def cohort_value_per_customer(table: pd.DataFrame, margin: float = 0.30,
                              discount_rate: float = 0.10, years=(2, 3)) -> float:
    """Chapter 03's cohort view of the same quantity: one value for every member of the cohort.

        value = Σ_{y in years} margin · revenue_y / customers_1 / (1 + d)^(y − y₀ + 0.5)

    ``table`` is a :func:`crm_lessons.clv.cohort_table` (a measured or forecast Hughes table);
    revenue of year y per *acquired* customer, each year's revenue discounted from mid-year to
    the start of the first year y₀ of ``years``, like :func:`realised_value`.

    >>> t = pd.DataFrame({1: [10.0, 1000.0], 2: [5.0, 600.0], 3: [4.0, 400.0]},
    ...                  index=["customers", "revenue"])
    >>> round(cohort_value_per_customer(t, 0.5, 0.0), 2)   # 0.5 · (600 + 400) / 10
    50.0
    """
    mg = _fraction(margin, "margin")
    d = _fraction(discount_rate, "discount_rate")
    for row in ("customers", "revenue"):
        if row not in table.index:
            raise ValueError(f"table has no row {row!r}; pass a clv.cohort_table")
    first = float(table.loc["customers", 1])
    y0 = years[0]
    return float(sum(mg * float(table.loc["revenue", y]) / first / (1 + d) ** (y - y0 + 0.5)
                     for y in years))


def holdout_check(transactions: pd.DataFrame, as_of=None, holdout_months: int = 6, *,
                  min_repeat_buyers: int = 30, min_history_days: int = 90,
                  customer_col: str = "customer_id", date_col: str = "order_date",
                  amount_col: str = "amount") -> pd.DataFrame:
    """Would the forecast have worked? Refit without the last ``holdout_months`` and compare.

    Calibrates the BG/NBD on purchases up to ``as_of`` − ``holdout_months`` (calendar months),
    predicts each customer's purchases in the holdout and returns
    :func:`conditional_expectation_table` (customers, mean actual and predicted holdout
    purchases by calibration repeat purchases). ``result.attrs`` holds ``calibration_end``,
    ``holdout_end``, ``actual_total`` and ``predicted_total``. Raises :class:`BTYDDataError`
    (with ``.reason``) when the calibration part is too short or has too few repeat buyers.

    >>> tx = pd.DataFrame({"customer_id": ["a", "a"], "amount": [5.0, 6.0],
    ...                    "order_date": pd.to_datetime(["2024-01-01", "2024-08-05"])})
    >>> holdout_check(tx)
    Traceback (most recent call last):
    ...
    crm_lessons.btyd.BTYDDataError: the history before the holdout covers 35 days (2024-01-01 to 2024-02-05); a holdout check needs at least 90 days
    """
    days = _purchase_days(transactions, customer_col, date_col, amount_col)
    end = (pd.Timestamp(_as_timestamps(days.day.max())) if as_of is None
           else as_date(as_of, "as_of"))
    months = int(holdout_months)
    if months < 1 or months != holdout_months:
        raise ValueError(f"holdout_months must be a whole number ≥ 1, got {holdout_months!r}")
    cal_end = end - pd.DateOffset(months=months)
    first = pd.Timestamp(_as_timestamps(days.day.min()))
    span = (cal_end - first).days
    if span < min_history_days:
        raise BTYDDataError(f"the history before the holdout covers {max(span, 0)} days "
                            f"({first.date()} to {cal_end.date()}); a holdout check needs at "
                            f"least {min_history_days} days")
    summary = _summary(days, cal_end, end, "W")
    n_rep = int((summary["frequency"] > 0).sum())
    if n_rep < min_repeat_buyers:
        raise BTYDDataError(f"only {n_rep} customer(s) bought on more than one day before "
                            f"{cal_end.date()}; a holdout check needs at least "
                            f"{min_repeat_buyers} repeat buyers")
    fit = fit_bgnbd(summary, min_repeat_buyers=min_repeat_buyers)
    with np.errstate(all="ignore"):  # a fit at the model's edge: checked just below
        table = conditional_expectation_table(fit, summary)
    _forecastable(table["predicted"], fit)
    table.attrs.update({
        "calibration_end": cal_end, "holdout_end": end, "fit": fit,
        "actual_total": int(summary["frequency_holdout"].sum()),
        "predicted_total": float((table["predicted"] * table["customers"]).sum()),
    })
    return table
