"""Customer segmentation and RFM analysis (客户细分与RFM分析), with the purchase-cycle churn warning.

RFM (Hughes 1994) describes each customer by three behavioural measures taken from the transaction
history: **R**ecency (days since the last purchase), **F**requency (purchases in the window) and
**M**onetary value (money spent in the window). Scoring each measure into quintiles gives
5 × 5 × 5 = 125 cells ("555" best … "111" worst) that can be test-mailed and rolled out when the
response beats the break-even rate. The 全胜 case turns F and R into a churn warning:
average purchase cycle P = 365 / F against days since the last purchase R; P − R < 0 is overdue.

Units: days for R, P and margins; yuan for money; rates as fractions (0.025 = 2.5 %); break-even
index and ROI in percent. Everything here is pure pandas/numpy (no plotting, no widgets).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["rfm_summary", "rfm_scores"]


# --------------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------------
def _require_frame(frame, name: str, columns: Sequence[str]) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{name} is missing column(s) {missing}; it has {list(frame.columns)} "
            f"(pass the right names with the *_col arguments)"
        )
    if len(frame) == 0:
        raise ValueError(f"{name} is empty (0 rows); need at least one row")
    return frame


def _number(value, name: str, *, low: float | None = None, high: float | None = None,
            low_open: bool = False, allowed: str = "") -> float:
    try:
        x = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a number, got {value!r}") from exc
    if np.isnan(x):
        raise ValueError(f"{name} must not be NaN")
    bad = (low is not None and (x <= low if low_open else x < low)) or (
        high is not None and x > high)
    if bad:
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return x


def _timestamp(value, name: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a date such as '2024-12-31', got {value!r}") from exc
    if ts is pd.NaT:
        raise ValueError(f"{name} must be a date such as '2024-12-31', got {value!r}")
    return ts.normalize()


def _dates(series: pd.Series, col: str) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series):
        dates = series
    else:
        try:
            dates = pd.to_datetime(series)
        except (TypeError, ValueError) as exc:
            example = series.iloc[0] if len(series) else None
            raise ValueError(
                f"column {col!r} must hold dates (e.g. '2024-03-15'); could not parse values "
                f"such as {example!r}"
            ) from exc
    if dates.isna().any():
        raise ValueError(f"column {col!r} has {int(dates.isna().sum())} missing date(s); "
                         "fill or drop them first")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    return dates


# --------------------------------------------------------------------------------------------
# RFM summary and scores
# --------------------------------------------------------------------------------------------
def rfm_summary(transactions: pd.DataFrame, as_of=None, customer_col: str = "customer_id",
                date_col: str = "order_date", amount_col: str = "amount", *,
                window_days: int | None = None) -> pd.DataFrame:
    """One row per customer with recency, frequency and monetary value (RFM 汇总).

    For the transactions dated on or before ``as_of`` (and, with ``window_days``, after
    ``as_of − window_days``):

    * ``frequency`` F = number of distinct **days** with at least one purchase line (amount > 0);
      several orders on the same day count as one purchase occasion (as in Fader-Hardie-Lee and
      ``lifetimes``); refund lines (amount < 0) are not purchases and never raise F;
    * ``monetary`` M = sum of all amounts in yuan, **net of refunds** (a refund lowers M);
    * ``average_order`` = M / F (yuan per purchase day; NaN when F = 0);
    * ``first_purchase`` / ``last_purchase`` = first and last purchase day;
    * ``recency_days`` R = ``as_of`` − ``last_purchase`` in whole days (0 = bought on ``as_of``).

    ``as_of`` defaults to the last transaction day. Transactions after ``as_of`` (or before the
    window) are left out of the summary on purpose — the summary describes customers as they
    looked on ``as_of`` — and their count is kept in ``result.attrs["excluded_rows"]``. A customer
    whose only lines in the window are refunds is kept, with F = 0, M ≤ 0, no purchase dates (NaT)
    and R counted from that customer's last line of any kind; nothing is dropped silently.

    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...                    "order_date": pd.to_datetime(["2024-01-01", "2024-01-01",
    ...                                                  "2024-03-01", "2024-02-15"]),
    ...                    "amount": [100.0, 50.0, 30.0, 80.0]})
    >>> s = rfm_summary(tx, as_of="2024-03-31")
    >>> s[["recency_days", "frequency", "monetary", "average_order"]]
                 recency_days  frequency  monetary  average_order
    customer_id
    a                      30          2    180.00          90.00
    b                      45          1     80.00          80.00
    """
    tx = _require_frame(transactions, "transactions", [customer_col, date_col, amount_col])
    if tx[customer_col].isna().any():
        raise ValueError(f"column {customer_col!r} has {int(tx[customer_col].isna().sum())} "
                         "missing customer id(s); every line needs a customer")
    amounts = pd.to_numeric(tx[amount_col], errors="coerce")
    if amounts.isna().any():
        bad = tx.loc[amounts.isna(), amount_col].iloc[0]
        raise ValueError(f"column {amount_col!r} must be numeric yuan amounts; found {bad!r} "
                         f"({int(amounts.isna().sum())} unusable value(s))")
    days = _dates(tx[date_col], date_col).to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    day_num = days.astype(np.int64)
    if as_of is None:
        as_of_ts = pd.Timestamp(days.max())
    else:
        as_of_ts = _timestamp(as_of, "as_of")
    as_of_num = np.datetime64(as_of_ts.date(), "D").astype(np.int64)
    keep = day_num <= as_of_num
    if window_days is not None:
        window = _number(window_days, "window_days", low=0, low_open=True,
                         allowed="a positive number of days (e.g. 365)")
        keep &= day_num > as_of_num - window
    n_excluded = int((~keep).sum())
    if not keep.any():
        raise ValueError(
            f"no transactions on or before as_of={as_of_ts.date()} "
            f"{'within window_days=' + str(window_days) + ' ' if window_days else ''}"
            f"(dates run from {pd.Timestamp(days.min()).date()} to {pd.Timestamp(days.max()).date()})"
        )

    codes, uniques = pd.factorize(tx[customer_col].to_numpy()[keep], sort=True)
    day_k = day_num[keep]
    amt_k = amounts.to_numpy(dtype=float)[keep]
    n = len(uniques)
    monetary = np.bincount(codes, weights=amt_k, minlength=n)
    buy = amt_k > 0
    c_buy, d_buy = codes[buy], day_k[buy]
    # distinct (customer, day) purchase occasions: sort by customer then day, count changes
    order = np.lexsort((d_buy, c_buy))
    c_s, d_s = c_buy[order], d_buy[order]
    new = np.ones(len(c_s), dtype=bool)
    new[1:] = (c_s[1:] != c_s[:-1]) | (d_s[1:] != d_s[:-1])
    frequency = np.bincount(c_s[new], minlength=n)
    nat = np.iinfo(np.int64).min  # the integer behind NaT
    first = np.full(n, nat)
    last = np.full(n, nat)
    if len(c_s):
        starts = np.flatnonzero(np.r_[True, c_s[1:] != c_s[:-1]])
        ends = np.r_[starts[1:], len(c_s)] - 1
        first[c_s[starts]] = d_s[starts]
        last[c_s[ends]] = d_s[ends]
    has = frequency > 0
    last_any = np.full(n, nat)
    np.maximum.at(last_any, codes, day_k)
    recency = as_of_num - np.where(has, last, last_any)
    out = pd.DataFrame(
        {
            "recency_days": recency.astype(np.int64),
            "frequency": frequency.astype(np.int64),
            "monetary": monetary,
            "average_order": np.divide(monetary, frequency, out=np.full(n, np.nan), where=has),
            "first_purchase": first.astype("datetime64[D]").astype("datetime64[ns]"),
            "last_purchase": last.astype("datetime64[D]").astype("datetime64[ns]"),
        },
        index=pd.Index(uniques, name=customer_col),
    )
    out.attrs.update({"as_of": as_of_ts, "excluded_rows": n_excluded,
                      "window_days": window_days})
    return out


_SCORE_COLUMNS = ("recency_days", "frequency", "monetary")


def _positions(primary: np.ndarray, tiebreak: list[np.ndarray]) -> np.ndarray:
    """0-based position of each row in an ascending sort (worst first); ties by the next keys."""
    # np.lexsort sorts by the LAST key first: primary, then the tie-breakers, then row order
    order = np.lexsort([np.arange(len(primary)), *tiebreak[::-1], primary])
    pos = np.empty(len(primary), dtype=np.int64)
    pos[order] = np.arange(len(primary))
    return pos


def rfm_scores(summary: pd.DataFrame, bins: int = 5, *, ties: str = "spread") -> pd.DataFrame:
    """Score R, F and M from 1 (worst) to ``bins`` (best) by quantiles, and name the cell ("555").

    Customers are ranked on each measure (R: fewer days is better; F and M: more is better) and cut
    into ``bins`` groups of equal size: score = ⌊position × bins / n⌋ + 1, position 0 … n−1 from
    worst to best. With 5 bins there are 5 × 5 × 5 = 125 cells, from "555" (bought recently, often,
    a lot) to "111".

    ``ties="spread"`` (default) keeps the groups balanced (sizes differ by at most one customer) by
    breaking ties with the other two measures, then by the order of the rows: two customers who
    both bought once may land in F-scores 1 and 2. ``ties="keep"`` gives equal values the same
    score instead (score of the first position they occupy), so groups can be uneven — frequency
    often piles up at F = 1.

    Returns the summary with ``r_score``, ``f_score``, ``m_score`` (int) and ``cell`` (str) added.
    Needs at least ``bins`` customers: fewer raise ``ValueError`` suggesting a smaller ``bins``.

    >>> s = pd.DataFrame({"recency_days": [5, 40, 200, 10, 90],
    ...                   "frequency": [12, 3, 1, 6, 2],
    ...                   "monetary": [3000.0, 400.0, 50.0, 900.0, 120.0]},
    ...                  index=pd.Index(list("abcde"), name="customer_id"))
    >>> rfm_scores(s)[["r_score", "f_score", "m_score", "cell"]]
                 r_score  f_score  m_score cell
    customer_id
    a                  5        5        5  555
    b                  3        3        3  333
    c                  1        1        1  111
    d                  4        4        4  444
    e                  2        2        2  222
    """
    _require_frame(summary, "summary", list(_SCORE_COLUMNS))
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or not 2 <= bins <= 9:
        raise ValueError(f"bins must be a whole number from 2 to 9 (5 gives quintiles), got {bins!r}")
    if ties not in ("spread", "keep"):
        raise ValueError(f"ties must be 'spread' or 'keep', got {ties!r}")
    n = len(summary)
    if n < bins:
        raise ValueError(
            f"bins={bins} needs at least {bins} customers to fill every score, got {n}; "
            f"use bins={max(n, 2)} or fewer" if n >= 2 else
            f"bins={bins} needs at least {bins} customers, got {n}; scoring needs 2 or more"
        )
    values = {}
    for col in _SCORE_COLUMNS:
        v = pd.to_numeric(summary[col], errors="coerce").to_numpy(dtype=float)
        if np.isnan(v).any():
            raise ValueError(f"column {col!r} of summary has missing or non-numeric values; "
                             "score the output of rfm_summary")
        values[col] = v
    good_r = -values["recency_days"]  # fewer days since the last purchase is better
    good_f = values["frequency"]
    good_m = values["monetary"]
    out = summary.copy()
    if ties == "spread":
        pos_r = _positions(good_r, [good_f, good_m])
        pos_f = _positions(good_f, [good_r, good_m])
        pos_m = _positions(good_m, [good_f, good_r])
    else:
        pos_r, pos_f, pos_m = (
            pd.Series(v).rank(method="min").to_numpy(dtype=np.int64) - 1
            for v in (good_r, good_f, good_m)
        )
    for name, pos in (("r_score", pos_r), ("f_score", pos_f), ("m_score", pos_m)):
        out[name] = (pos * bins // n + 1).astype(np.int64)
    out["cell"] = (out["r_score"].astype(str) + out["f_score"].astype(str)
                   + out["m_score"].astype(str))
    out.attrs.update(summary.attrs)
    out.attrs["bins"] = bins
    return out
