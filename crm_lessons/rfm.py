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

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._validate import as_date, finite_array, require_frame

__all__ = [
    "rfm_summary", "rfm_scores", "score_by_hand", "rfm_segments", "SEGMENT_RULES", "segment_table",
    "segment_names", "plan_names", "PLAN_TERMS",
    "segment_profile",
    "sales_concentration", "top_customers", "break_even_rate", "break_even_index",
    "cell_response", "response_by", "rollout", "customer_tiers", "TIER_LABELS", "STATUSES",
    "cycle_warning", "label_values", "follow_up_tasks", "segmentation_return", "optimal_segments",
]


# --------------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------------
def _require_frame(frame, name: str, columns: Sequence[str]) -> pd.DataFrame:
    return require_frame(frame, name, columns, "(pass the right names with the *_col arguments)")


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


_timestamp = as_date  # shared boundary check (crm_lessons/_validate.py)


def _dates(series: pd.Series, col: str) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series):
        dates = series
    else:
        try:
            with warnings.catch_warnings():  # "could not infer format": we report failures below
                warnings.simplefilter("ignore", UserWarning)
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
    day_num = days.view(np.int64)
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

    # customer codes 0..n−1 in sorted id order (factorizing the Series keeps Arrow strings fast)
    codes, uniques = pd.factorize(tx[customer_col], sort=True)
    everything = bool(keep.all())           # the usual case: no copies of millions of lines
    codes = codes if everything else codes[keep]
    present = np.bincount(codes, minlength=len(uniques)) > 0
    if not present.all():  # customers whose every line lies outside the window
        codes = (np.cumsum(present) - 1)[codes]
        uniques = uniques[present]
    day_k = day_num if everything else day_num[keep]
    amt_k = amounts.to_numpy(dtype=float)
    amt_k = amt_k if everything else amt_k[keep]
    n = len(uniques)
    monetary = np.bincount(codes, weights=amt_k, minlength=n)
    # distinct (customer, day) purchase occasions: one int64 key per line, sorted once
    d0 = int(day_k.min())
    span = int(day_k.max()) - d0 + 1
    occasions = codes[amt_k > 0].astype(np.int64)
    occasions *= span
    occasions += day_k[amt_k > 0] - d0
    occasions.sort()
    if len(occasions):
        occasions = occasions[np.r_[True, occasions[1:] != occasions[:-1]]]
    c_s, d_s = occasions // span, occasions % span + d0
    frequency = np.bincount(c_s, minlength=n)
    nat = np.iinfo(np.int64).min  # the integer behind NaT
    first = np.full(n, nat)
    last = np.full(n, nat)
    if len(c_s):
        starts = np.flatnonzero(np.r_[True, c_s[1:] != c_s[:-1]])
        ends = np.r_[starts[1:], len(c_s)] - 1
        first[c_s[starts]] = d_s[starts]
        last[c_s[ends]] = d_s[ends]
    has = frequency > 0
    if has.all():
        recency = as_of_num - last
    else:  # refund-only customers: count from their last line of any kind
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


def _dense(v: np.ndarray) -> np.ndarray:
    """Ranks 0, 1, 2 … of the distinct values of ``v`` (equal values share a rank)."""
    if len(v) and np.all(v == np.floor(v)) and v.max() - v.min() < 4 * len(v) + 1000:
        return (v - v.min()).astype(np.int64)  # whole numbers in a small range: already ranks
    return np.unique(v, return_inverse=True)[1].astype(np.int64).ravel()


def _positions(primary: np.ndarray, tiebreak: list[np.ndarray]) -> np.ndarray:
    """0-based position of each row in an ascending sort (worst first); ties by the next keys,
    then by row order. Keys are dense ranks (``_dense``), packed into one int64 sort key when
    they fit (one stable argsort instead of a multi-key lexsort)."""
    ranks = [primary, *tiebreak]  # dense int64 ranks (see _dense)
    sizes = [int(r.max()) + 1 if len(r) else 1 for r in ranks]
    if np.prod([float(x) for x in sizes]) < 2.0 ** 62:
        key = ranks[0]
        for r, size in zip(ranks[1:], sizes[1:], strict=True):
            key = key * size + r
        order = np.argsort(key, kind="stable")
    else:  # np.lexsort sorts by the LAST key first, and is stable (row order breaks ties)
        order = np.lexsort([*ranks[::-1]])
    pos = np.empty(len(primary), dtype=np.int64)
    pos[order] = np.arange(len(primary))
    return pos


def rfm_scores(summary: pd.DataFrame, bins: int = 5, *, ties: str = "spread",
               monetary_col: str = "monetary", refunds: str = "rank") -> pd.DataFrame:
    """Score R, F and M from 1 (worst) to ``bins`` (best) by quantiles, and name the cell ("555").

    Customers are ranked on each measure (R: fewer days is better; F and M: more is better) and cut
    into ``bins`` groups of equal size: score = ⌊position × bins / n⌋ + 1, position 0 … n−1 from
    worst to best. With 5 bins there are 5 × 5 × 5 = 125 cells, from "555" (bought recently, often,
    a lot) to "111".

    ``ties="spread"`` (default) keeps the groups balanced (sizes differ by at most one customer) by
    breaking ties with the other two measures, then by the order of the rows: two customers who
    both bought once may land in F-scores 1 and 2. ``ties="keep"`` gives equal values the same
    score instead, so groups can be uneven. The tie rule of ``ties="keep"``: customers with equal
    values share the score of the first (lowest) position their group occupies,
    score = ⌊(number of customers strictly worse) × bins / n⌋ + 1, so a pile of one-time buyers
    all get F = 1 and nobody is scored above a customer with a better value. A measure with **no
    spread** (one value for everybody, e.g. every last purchase on the same day) ranks nobody:
    with ``ties="keep"`` every customer gets the middle score ⌈bins / 2⌉ on it (not the worst),
    and its column name is listed in ``result.attrs["no_spread"]`` (with either rule) so a report
    can say so instead of ranking.

    ``refunds="apart"`` keeps customers whose refunds are as large as their purchases out of the
    quantiles: a customer with F = 0 (refund lines only) or net M ≤ 0 gets scores 0 and cell
    "000", and the others are cut into ``bins`` among themselves (``rfm_segments`` labels them
    ``refunds_only`` / ``net_refunds``). ``refunds="rank"`` (default) ranks everybody.

    ``monetary_col`` chooses what M ranks: total spend ``"monetary"`` (default) or the average
    purchase ``"average_order"`` (the lecture's M in the 全胜 case; F and total spend move
    together, so scoring the average keeps more of the 125 cells filled).

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

    Everybody bought on the same day, so recency ranks nobody (middle score, flagged):

    >>> same_day = rfm_scores(s.assign(recency_days=0), ties="keep")
    >>> same_day["r_score"].tolist(), same_day.attrs["no_spread"]
    ([3, 3, 3, 3, 3], ['recency_days'])
    """
    _require_frame(summary, "summary", ["recency_days", "frequency", monetary_col])
    if refunds not in ("rank", "apart"):
        raise ValueError(f"refunds must be 'rank' or 'apart', got {refunds!r}")
    if refunds == "apart":
        _require_frame(summary, "summary", ["frequency", "monetary"])
        apart = ((pd.to_numeric(summary["frequency"], errors="coerce") <= 0)
                 | (pd.to_numeric(summary["monetary"], errors="coerce") <= 0)).to_numpy()
        if apart.any():
            ranked = rfm_scores(summary.loc[~apart], bins, ties=ties, monetary_col=monetary_col) \
                if (~apart).sum() else None
            out = summary.copy()
            for name in ("r_score", "f_score", "m_score"):
                out[name] = 0 if ranked is None else ranked[name].reindex(out.index).fillna(0)
                out[name] = out[name].astype(np.int64)
            out["cell"] = "000" if ranked is None else ranked["cell"].reindex(out.index).fillna("000")
            out.attrs.update(summary.attrs)
            out.attrs.update({"bins": bins, "apart": int(apart.sum()),
                              "no_spread": [] if ranked is None else ranked.attrs["no_spread"]})
            return out
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
    for col in ("recency_days", "frequency", monetary_col):
        v = pd.to_numeric(summary[col], errors="coerce").to_numpy(dtype=float)
        if col == "average_order":
            v = np.nan_to_num(v, nan=0.0)  # no purchase (refunds only): no average, rank lowest
        if np.isnan(v).any():
            raise ValueError(f"column {col!r} of summary has missing or non-numeric values; "
                             "score the output of rfm_summary")
        values[col] = v
    good_r = _dense(-values["recency_days"])  # fewer days since the last purchase is better
    good_f = _dense(values["frequency"])
    good_m = _dense(values[monetary_col])
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
    flat = []
    for col, name, pos, good in (("recency_days", "r_score", pos_r, good_r),
                                 ("frequency", "f_score", pos_f, good_f),
                                 (monetary_col, "m_score", pos_m, good_m)):
        out[name] = (pos * bins // n + 1).astype(np.int64)
        if good.max() == good.min():  # one value for everybody: nobody is better or worse
            flat.append(col)
            if ties == "keep":
                out[name] = np.int64((bins + 1) // 2)
    out["cell"] = (out["r_score"].astype(str) + out["f_score"].astype(str)
                   + out["m_score"].astype(str))
    out.attrs.update(summary.attrs)
    out.attrs["bins"] = bins
    out.attrs["no_spread"] = flat
    return out


_SCORE_OF = {"recency_days": "r_score", "frequency": "f_score", "monetary": "m_score",
             "average_order": "m_score"}


def score_by_hand(summary: pd.DataFrame, customer, measure: str = "recency_days",
                  bins: int = 5) -> pd.Series:
    """Reproduce one customer's score on one measure by counting, as a student would by hand.

    With n customers, let ``worse`` = how many have a strictly worse value (R: more days;
    F, M: less) and ``tied`` = how many share the customer's value (the customer included).
    Quantile groups are cut at positions n × k / bins, so

    * ``ties="keep"``: score = ⌊worse × bins / n⌋ + 1 — everyone with the same value gets the
      score of the first position the tie occupies; the score depends only on the customer's own
      value (and the population);
    * ``ties="spread"`` (the default of :func:`rfm_scores`): the tied customers fill positions
      worse … worse + tied − 1, ordered among themselves by the other two measures, so a tie
      that straddles a cut is split and the customer's score also depends on its other measures.

    Returns ``value``, ``customers`` (n), ``worse``, ``tied``, ``cut`` (the first position of the
    next score up, ⌈n × score / bins⌉ for the kept score), ``keep_score`` (by the formula above)
    and ``spread_score`` (from :func:`rfm_scores`).

    >>> s = pd.DataFrame({"recency_days": [5, 40, 40, 40, 200], "frequency": [9, 3, 1, 6, 2],
    ...                   "monetary": [900.0, 300.0, 50.0, 600.0, 120.0]},
    ...                  index=pd.Index(list("abcde"), name="customer_id"))
    >>> score_by_hand(s, "d")[["worse", "tied", "keep_score", "spread_score"]].tolist()
    [1, 3, 2, 4]
    """
    if measure not in _SCORE_OF:
        raise ValueError(f"measure must be one of {list(_SCORE_OF)}, got {measure!r}")
    _require_frame(summary, "summary", ["recency_days", "frequency", measure])
    if customer not in summary.index:
        raise ValueError(f"customer {customer!r} is not in summary (index {summary.index.name!r}, "
                         f"e.g. {summary.index[0]!r})")
    monetary_col = measure if _SCORE_OF[measure] == "m_score" else "monetary"
    scores = rfm_scores(summary, bins=bins, monetary_col=monetary_col)
    values = pd.to_numeric(summary[measure], errors="coerce").fillna(0.0)
    value = float(values.loc[customer])
    worse = int((values > value).sum() if measure == "recency_days" else (values < value).sum())
    tied = int((values == value).sum())
    n = len(summary)
    keep = worse * bins // n + 1
    return pd.Series({"value": value, "customers": n, "worse": worse, "tied": tied,
                      "cut": -(-n * keep // bins), "keep_score": keep,
                      "spread_score": int(scores.loc[customer, _SCORE_OF[measure]])},
                     name=customer, dtype=object)


# --------------------------------------------------------------------------------------------
# named segments
# --------------------------------------------------------------------------------------------
#: Named segments (first matching rule wins). ``fm`` is the mean of the F and M scores;
#: ``frequency`` is the purchase count itself (a score cannot say "bought once": with tied
#: frequencies kept together, F score 1 can hold two- or three-time buyers).
#: (key, English, 中文, rule on 1–5 scores and the purchase count, what to do)
SEGMENT_RULES: tuple[tuple[str, str, str, str, str], ...] = (
    ("champions", "Champions", "冠军客户", "r_score >= 4 and fm >= 4",
     "reward; ask for referrals; early access"),
    ("cant_lose", "Can't lose them", "不能失去的客户", "r_score <= 2 and fm >= 4.5",
     "win back personally: call, find out why"),
    ("at_risk", "At risk", "有流失风险", "r_score <= 2 and fm >= 3",
     "reactivation offer before they are gone"),
    ("new", "New customers", "新客户", "r_score == 5 and frequency == 1",
     "onboard; make the second purchase easy"),
    ("loyal", "Loyal", "忠诚客户", "r_score >= 3 and fm >= 3",
     "upsell; loyalty programme"),
    ("potential", "Potential loyalists", "潜力客户", "r_score >= 4 and fm < 3",
     "membership; recommend related products"),
    ("need_attention", "Need attention", "需要关注", "r_score == 3 and fm >= 2",
     "limited-time offer based on past purchases"),
    ("about_to_sleep", "About to sleep", "即将沉睡", "r_score == 3 and fm < 2",
     "reminder; popular products"),
    ("hibernating", "Hibernating", "沉睡客户", "r_score == 2 and fm < 3",
     "low-cost reminder only"),
    ("lost", "Lost", "已流失", "r_score == 1 and fm < 3",
     "do not spend much; occasional low-cost contact"),
)


def segment_table(lang: str | None = None) -> pd.DataFrame:
    """The segment rules as a table (segment, English, 中文, rule, action), in order of priority.

    ``action`` is in ``lang`` ("en" or "zh"; default: the session language, glossary
    ``segact_<segment>``), so the Chinese edition and report print a Chinese suggestion.

    >>> segment_table().loc["champions", "rule"]
    'r_score >= 4 and fm >= 4'
    >>> segment_table("zh").loc["new", "action"]
    '做好入门引导，让第二次购买更容易'
    """
    from .glossary import term

    table = pd.DataFrame(SEGMENT_RULES, columns=["segment", "English", "中文", "rule", "action"]
                         ).set_index("segment")
    table["action"] = [term(f"segact_{key}", lang) for key in table.index]
    return table


def segment_names(keys, lang: str | None = None) -> list[str]:
    """The display name of each segment key (``"new"`` → "New customers" / "新客户").

    ``lang`` is "en", "zh" or "both" (default: the session language); the names are the
    glossary's ``seg_<key>`` terms, the same as :func:`segment_table`'s English and 中文.

    >>> segment_names(["champions", "new"], "zh")
    ['冠军客户', '新客户']
    """
    from .glossary import term

    known = {rule[0] for rule in SEGMENT_RULES}
    keys = list(keys)
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise ValueError(f"keys must be segment keys {sorted(known)}, got {unknown[0]!r}")
    return [term(f"seg_{key}", lang) for key in keys]


#: rollout()'s plan names (its index) and their glossary keys
PLAN_TERMS = {"mail everyone": "mail_everyone", "mail cells above break-even": "mail_profitable"}


def plan_names(plan: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """A copy of :func:`rollout`'s table with its plan names in ``lang`` (for display).

    >>> plan = pd.DataFrame({"net": [1.0, 2.0]}, index=list(PLAN_TERMS))
    >>> plan_names(plan, "zh").index.tolist()
    ['全部邮寄', '只邮寄盈利单元']
    """
    from .glossary import term

    return plan.rename(index={name: term(key, lang) for name, key in PLAN_TERMS.items()})


#: Segment keys of customers kept out of the score quantiles (``refunds="apart"``).
APART_KEYS = ("refunds_only", "free_only", "net_refunds")


def apart_keys(summary: pd.DataFrame) -> np.ndarray:
    """Why customers are kept out of the quantiles: ``refunds_only`` (no purchase day, F = 0,
    and refunds: M < 0), ``free_only`` (F = 0 and M = 0: only lines of amount 0 — free items,
    which are not purchases for F but are for the buy-again model) or ``net_refunds`` (F ≥ 1
    and refunds at least as large as the purchases, M ≤ 0). Needs ``frequency``; without a
    ``monetary`` column every F = 0 customer is ``refunds_only``.

    >>> apart_keys(pd.DataFrame({"frequency": [0, 0, 2], "monetary": [-30.0, 0.0, -5.0]}))
    array(['refunds_only', 'free_only', 'net_refunds'], dtype=object)
    """
    f = summary["frequency"].to_numpy()
    m = (summary["monetary"].to_numpy(float) if "monetary" in summary
         else np.full(len(summary), -1.0))
    return np.where(f > 0, "net_refunds",
                    np.where(m == 0, "free_only", "refunds_only")).astype(object)


def rfm_segments(scores: pd.DataFrame) -> pd.Series:
    """Name each customer's segment from 1–5 R, F, M scores using explicit ranges (细分客户群).

    With fm = (F score + M score) / 2, the rules of :data:`SEGMENT_RULES` are tried in order and
    the first that matches wins (e.g. Champions: R ≥ 4 and fm ≥ 4; Lost: R = 1 and fm < 3). The
    rules cover every combination of scores exactly once. "New customers" is the one rule that
    reads the purchase count (column ``frequency``, as :func:`rfm_scores` keeps it): R score 5
    **and exactly one purchase day**, so the name is true of every member whatever the tie rule
    of the scores; a recent two-time buyer falls to the next matching rule (usually Potential
    loyalists). Returns an ordered categorical Series of segment keys (``segment_table()`` has
    the English and Chinese names), indexed like ``scores``.

    >>> s = pd.DataFrame({"r_score": [5, 1, 5, 5, 3], "f_score": [5, 5, 1, 1, 1],
    ...                   "m_score": [4, 5, 2, 2, 1], "frequency": [30, 25, 1, 2, 1]},
    ...                  index=list("abcde"))
    >>> rfm_segments(s).tolist()
    ['champions', 'cant_lose', 'new', 'potential', 'about_to_sleep']

    Customers left out of the quantiles by ``rfm_scores(..., refunds="apart")`` (scores 0) are
    labelled by :func:`apart_keys`: ``refunds_only`` (F = 0: refund lines only), ``free_only``
    (F = 0 and M = 0: only lines of amount 0, free items) or ``net_refunds`` (bought, but refunds
    ≥ purchases, net M ≤ 0); these keys are added to the categories only when they occur.
    """
    _require_frame(scores, "scores", ["r_score", "f_score", "m_score", "frequency"])
    apart = (scores[["r_score", "f_score", "m_score"]] == 0).all(axis=1).to_numpy()
    if apart.any():
        named = rfm_segments(scores.loc[~apart]) if (~apart).any() else None
        extra = apart_keys(scores.loc[apart])
        keys = [rule[0] for rule in SEGMENT_RULES]
        keys += [k for k in APART_KEYS if k in set(extra)]
        result = np.empty(len(scores), dtype=object)
        result[apart] = extra
        if named is not None:
            result[~apart] = named.astype(str).to_numpy()
        return pd.Series(pd.Categorical(result, categories=keys, ordered=True),
                         index=scores.index, name="segment")
    grid = scores[["r_score", "f_score", "m_score"]]
    if grid.isna().any().any() or (grid < 1).any().any() or (grid > 5).any().any():
        raise ValueError("scores must be whole numbers from 1 to 5 (rfm_scores(summary, bins=5)); "
                         f"got values from {grid.min().min()} to {grid.max().max()}")
    frequency = pd.to_numeric(scores["frequency"], errors="coerce")
    if frequency.isna().any() or (frequency < 0).any():
        raise ValueError("column 'frequency' must hold purchase counts ≥ 0 (rfm_summary's F); "
                         f"got {scores['frequency'].iloc[int(np.argmax(frequency.isna() | (frequency < 0)))]!r}")
    frame = grid.astype(float).assign(fm=(grid["f_score"] + grid["m_score"]) / 2,
                                      frequency=frequency.astype(float))
    keys = [rule[0] for rule in SEGMENT_RULES]
    result = np.full(len(frame), "", dtype=object)
    open_ = np.ones(len(frame), dtype=bool)
    for key, *_, rule, _action in SEGMENT_RULES:
        hit = frame.eval(rule).to_numpy(dtype=bool) & open_
        result[hit] = key
        open_ &= ~hit
    if open_.any():  # pragma: no cover - the rules are complete (tested on all 125 cells)
        raise ValueError(f"no segment rule matched {int(open_.sum())} customer(s)")
    return pd.Series(pd.Categorical(result, categories=keys, ordered=True), index=scores.index,
                     name="segment")


def segment_profile(summary: pd.DataFrame, groups, *, name: str | None = None) -> pd.DataFrame:
    """Profile customer groups (demographic or behavioural) by their RFM behaviour (细分画像).

    ``groups`` labels each customer (a Series indexed like ``summary``, e.g. age band, city tier
    or :func:`rfm_segments`). Per group: ``customers``, ``customer_share`` (fraction),
    mean ``recency_days``, mean ``frequency``, mean ``monetary`` (yuan per customer) and
    ``sales_share`` = group's monetary ÷ everyone's (fraction). Customers without a group label
    raise ``ValueError`` (nothing is left out silently).

    >>> s = pd.DataFrame({"recency_days": [10, 30, 200], "frequency": [5, 3, 1],
    ...                   "monetary": [500.0, 300.0, 200.0]}, index=list("abc"))
    >>> p = segment_profile(s, pd.Series(["young", "young", "old"], index=list("abc")))
    >>> p[["customers", "frequency", "monetary", "sales_share"]]
           customers  frequency  monetary  sales_share
    group
    old            1       1.00    200.00         0.20
    young          2       4.00    400.00         0.80
    """
    _require_frame(summary, "summary", ["recency_days", "frequency", "monetary"])
    if not isinstance(groups, pd.Series):
        raise ValueError(f"groups must be a pandas Series indexed by customer, got "
                         f"{type(groups).__name__}")
    labels = groups.reindex(summary.index)
    if labels.isna().any():
        missing = summary.index[labels.isna().to_numpy()]
        raise ValueError(f"groups has no label for {len(missing)} customer(s) of summary "
                         f"(e.g. {missing[0]!r}); label every customer")
    g = summary[["recency_days", "frequency", "monetary"]].astype(float).groupby(
        labels, observed=True, sort=True)  # a categorical keeps its order (tiers, segments)
    out = g.mean()
    out.insert(0, "customers", g.size())
    out.insert(1, "customer_share", out["customers"] / len(summary))
    total = float(summary["monetary"].sum())
    out["sales_share"] = g["monetary"].sum() / total if total else np.nan
    out.index.name = name or groups.name or "group"
    return out


# --------------------------------------------------------------------------------------------
# ranking by sales: Pareto / Lorenz
# --------------------------------------------------------------------------------------------
def _values(values, name: str) -> pd.Series:
    if isinstance(values, pd.DataFrame):
        raise ValueError(f"{name} must be one column of values (a Series), got a DataFrame")
    series = pd.Series(values) if not isinstance(values, pd.Series) else values
    if len(series) == 0:
        raise ValueError(f"{name} is empty; need at least one customer")
    num = pd.to_numeric(series, errors="coerce")
    if num.isna().any():
        raise ValueError(f"{name} must be numeric with no missing values; "
                         f"{int(num.isna().sum())} value(s) are missing or not numbers")
    return num.astype(float)


def sales_concentration(values) -> pd.DataFrame:
    """Pareto (Lorenz) table: customers sorted by sales, best first, with cumulative shares.

    ``customer_share`` = k / n and ``sales_share`` = (sales of the top k) / total sales, for
    k = 1 … n (both fractions). Customers with net sales ≤ 0 (refunds) stay in, at the end.

    >>> sales_concentration(pd.Series([50.0, 30.0, 20.0], index=list("abc")))
                  sales  customer_share  sales_share
    customer
    a             50.00            0.33         0.50
    b             30.00            0.67         0.80
    c             20.00            1.00         1.00
    """
    v = _values(values, "values")
    total = v.sum()
    if total <= 0:
        raise ValueError(f"values must add up to a positive total, got {total:,.2f}")
    ordered = v.sort_values(ascending=False, kind="stable")
    n = len(ordered)
    out = pd.DataFrame({"sales": ordered.to_numpy(),
                        "customer_share": np.arange(1, n + 1) / n,
                        "sales_share": ordered.cumsum().to_numpy() / total},
                       index=pd.Index(ordered.index, name=ordered.index.name or "customer"))
    return out


def top_customers(values, share_of_sales: float = 0.20) -> pd.Series:
    """The fewest best customers whose sales reach ``share_of_sales`` of the total (大客户清单).

    Sorted best first; the last customer listed is the one that takes the running total to the
    share or past it.

    >>> top_customers(pd.Series([50.0, 30.0, 15.0, 5.0], index=list("abcd")), 0.6).index.tolist()
    ['a', 'b']
    """
    share = _number(share_of_sales, "share_of_sales", low=0, high=1, low_open=True,
                    allowed="a fraction in (0, 1], e.g. 0.2 for 20 %")
    table = sales_concentration(values)
    k = int(np.searchsorted(table["sales_share"].to_numpy(), share - 1e-12) + 1)
    return table["sales"].iloc[: min(k, len(table))]


# --------------------------------------------------------------------------------------------
# test mailing: break-even and cell response
# --------------------------------------------------------------------------------------------
def _num_array(value, name: str, *, positive: bool = False, fraction: bool = False):
    arr = finite_array(value, name, allow_inf=True)
    if positive and (arr <= 0).any():
        raise ValueError(f"{name} must be > 0 (yuan), got {value!r}")
    if not positive and (arr < 0).any():
        raise ValueError(f"{name} must be ≥ 0, got {value!r}")
    if fraction and (arr > 1).any():
        raise ValueError(f"{name} must be a fraction in [0, 1] (0.025 = 2.5 %), got {value!r}")
    return arr


def _out(arr: np.ndarray):
    return float(arr) if arr.ndim == 0 else arr


def break_even_rate(cost_per_piece, profit_per_response):
    """Break-even response rate (盈亏平衡响应率) BE = cost per piece ÷ net profit per response.

    Both in yuan (or any one currency); BE is a fraction. Hughes: 0.55 / 40 = 1.375 %.

    >>> break_even_rate(0.55, 40)
    0.01375
    """
    cost = _num_array(cost_per_piece, "cost_per_piece")
    profit = _num_array(profit_per_response, "profit_per_response", positive=True)
    return _out(cost / profit)


def break_even_index(response_rate, break_even):
    """Break-even index (盈亏平衡指数) BEI = (r − BE) / BE × 100.

    r and BE are fractions. 0 breaks even, > 0 makes money, < 0 loses it; with a fixed profit
    per response BEI equals the mailing's return on cost in percent.

    >>> round(break_even_index(0.025, 0.01375), 2)
    81.82
    """
    r = _num_array(response_rate, "response_rate", fraction=True)
    be = _num_array(break_even, "break_even", positive=True, fraction=True)
    return _out((r - be) / be * 100.0)


_CAMPAIGN_COLUMNS = ("responded", "cost_per_piece", "profit")


def _mailed(campaign: pd.DataFrame, scores: pd.DataFrame, customer_col: str) -> pd.DataFrame:
    _require_frame(campaign, "campaign", [customer_col, *_CAMPAIGN_COLUMNS])
    _require_frame(scores, "scores", ["r_score", "f_score", "m_score", "cell"])
    if campaign[customer_col].duplicated().any():
        dup = campaign.loc[campaign[customer_col].duplicated(), customer_col].iloc[0]
        raise ValueError(f"campaign lists customer {dup!r} more than once; one row per mailed "
                         "customer is expected")
    missing = ~campaign[customer_col].isin(scores.index)
    if missing.any():
        raise ValueError(
            f"{int(missing.sum())} mailed customer(s) have no RFM score (e.g. "
            f"{campaign.loc[missing, customer_col].iloc[0]!r}); score the transactions from "
            "before the mailing for every mailed customer"
        )
    keyed = scores[["r_score", "f_score", "m_score", "cell"]].rename_axis(None)
    # the scores passed in win over any score columns the campaign file carries
    mailed = campaign.reset_index(drop=True).drop(columns=list(keyed.columns), errors="ignore")
    mailed = mailed.join(keyed, on=customer_col)
    mailed["responded"] = mailed["responded"].astype(bool)
    _num_array(mailed["cost_per_piece"], "campaign column 'cost_per_piece'")
    return mailed


def cell_response(campaign: pd.DataFrame, scores: pd.DataFrame,
                  customer_col: str = "customer_id") -> pd.DataFrame:
    """Test-mailing results per RFM cell: response rate, the cell's own break-even, BEI and ROI.

    ``campaign`` has one row per mailed customer with ``responded`` (bool), ``cost_per_piece``
    (yuan) and ``profit`` (net profit of the sale in yuan before the mailing cost; 0 if no
    response). For each cell, with its own money:

    * ``response_rate`` r = responses / mailed;
    * ``cost_per_piece`` c = the cell's mean cost per piece;
    * ``profit_per_response`` p = the cell's profit ÷ its responses (a cell of big spenders earns
      more per response than a cell of small ones); NaN when the cell had no response;
    * ``break_even`` BE = c / p, the cell's own break-even response rate; a cell without any
      response has no margin of its own and gets the campaign's (its BEI is −100 whatever BE is);
    * ``bei`` = (r − BE) / BE × 100, which with the cell's own c and p is exactly
      ``roi_pct`` = (profit − cost) / cost × 100: BEI > 0 ⟺ the cell made money (``net`` > 0).

    Rows are sorted by ``bei``, best first. ``attrs`` keep the campaign-wide figures —
    ``cost_per_piece``, ``profit_per_response`` (mean over all responses) and ``break_even`` —
    the single-number version of the lecture's example (Hughes: one cost, one profit per sale).

    >>> camp = pd.DataFrame({"customer_id": list("abcdef"),
    ...                      "responded": [True, False, False, True, False, False],
    ...                      "cost_per_piece": 10.0, "profit": [40.0, 0, 0, 1.0, 0, 0]})
    >>> sc = pd.DataFrame({"r_score": [5, 5, 3, 3, 1, 1], "f_score": [5, 5, 3, 3, 1, 1],
    ...                    "m_score": [5, 5, 3, 3, 1, 1],
    ...                    "cell": ["555", "555", "333", "333", "111", "111"]},
    ...                   index=pd.Index(list("abcdef"), name="customer_id"))
    >>> cells = cell_response(camp, sc)
    >>> cells[["response_rate", "profit_per_response", "bei", "roi_pct"]]
          response_rate  profit_per_response     bei  roi_pct
    cell
    555            0.50                40.00  100.00   100.00
    333            0.50                 1.00  -95.00   -95.00
    111            0.00                  NaN -100.00  -100.00
    """
    mailed = _mailed(campaign, scores, customer_col)
    profit = _num_array(mailed["profit"], "campaign column 'profit'")
    n_resp = int(mailed["responded"].sum())
    if n_resp == 0:
        raise ValueError("campaign has no responses at all; the break-even needs the profit of "
                         "at least one response")
    cost_mean = float(mailed["cost_per_piece"].mean())
    profit_per_response = float(profit[mailed["responded"].to_numpy()].mean())
    if profit_per_response <= 0:
        raise ValueError(f"campaign column 'profit' must be > 0 on average over the responses "
                         f"(got {profit_per_response:,.2f} yuan per response); break-even needs "
                         "a positive margin")
    be = break_even_rate(cost_mean, profit_per_response)
    grouped = mailed.groupby("cell", sort=False)
    out = pd.DataFrame({
        "r_score": grouped["r_score"].first(),
        "f_score": grouped["f_score"].first(),
        "m_score": grouped["m_score"].first(),
        "mailed": grouped.size(),
        "responses": grouped["responded"].sum().astype(np.int64),
        "cost": grouped["cost_per_piece"].sum(),
        "profit": grouped["profit"].sum(),
    })
    out["response_rate"] = out["responses"] / out["mailed"]
    out["cost_per_piece"] = out["cost"] / out["mailed"]
    out["profit_per_response"] = out["profit"] / out["responses"].where(out["responses"] > 0)
    ppr = out["profit_per_response"]
    with np.errstate(divide="ignore"):  # responses that earned nothing: break-even unreachable
        own = out["cost_per_piece"] / ppr
    out["break_even"] = own.where(ppr.notna(), be)
    rate, cell_be = out["response_rate"], out["break_even"]
    out["bei"] = ((rate - cell_be) / cell_be * 100.0).where(np.isfinite(cell_be), -100.0)
    out["net"] = out["profit"] - out["cost"]
    out["roi_pct"] = out["net"] / out["cost"].where(out["cost"] > 0) * 100.0
    out = out.sort_values(["bei", "mailed"], ascending=[False, False], kind="stable")
    out.index.name = "cell"
    out.attrs.update({"cost_per_piece": cost_mean, "profit_per_response": profit_per_response,
                      "break_even": be})
    return out


def response_by(campaign: pd.DataFrame, scores: pd.DataFrame, rows: str = "r_score",
                cols: str = "f_score", customer_col: str = "customer_id") -> pd.DataFrame:
    """Response rate (fraction) of the test mailing by two scores, e.g. R × F, for a heatmap.

    Rows and columns run from the best score down (5 … 1); a combination nobody was mailed in is
    NaN.

    >>> camp = pd.DataFrame({"customer_id": list("abcd"), "responded": [True, False, True, False],
    ...                      "cost_per_piece": 0.5, "profit": [40.0, 0, 30.0, 0]})
    >>> sc = pd.DataFrame({"r_score": [2, 2, 1, 1], "f_score": [2, 1, 2, 1], "m_score": 1,
    ...                    "cell": ["221", "211", "121", "111"]}, index=list("abcd"))
    >>> sc.index.name = "customer_id"
    >>> response_by(camp, sc)
    f_score    2    1
    r_score
    2       1.00 0.00
    1       1.00 0.00
    """
    allowed = ("r_score", "f_score", "m_score")
    for arg, value in (("rows", rows), ("cols", cols)):
        if value not in allowed:
            raise ValueError(f"{arg} must be one of {allowed}, got {value!r}")
    if rows == cols:
        raise ValueError(f"rows and cols must differ, both are {rows!r}")
    mailed = _mailed(campaign, scores, customer_col)
    table = mailed.pivot_table(index=rows, columns=cols, values="responded", aggfunc="mean",
                               observed=True)
    return table.sort_index(ascending=False).sort_index(axis=1, ascending=False).astype(float)


def rollout(cells: pd.DataFrame, cost_per_piece: float | None = None,
            profit_per_response: float | None = None, universe: pd.Series | None = None,
            select: Sequence[str] | None = None, *, margins: str = "own") -> pd.DataFrame:
    """Mail everyone, or only the cells that make money? Money for both plans.

    For each cell, expected responses = test response rate r × customers to mail (``universe``:
    customers per cell, e.g. ``scores["cell"].value_counts()``; default: the test's own mailed
    counts). With the cell's cost per piece c and profit per response p: cost = customers × c;
    gross profit = responses × p; net = gross − cost; ROI = net / cost × 100 (for a plan: its
    cells' totals). A cell is selected when its expected net is positive, r × p > c, i.e. r above
    the cell's break-even c / p (BEI > 0); or, with ``select``, when it is in that list (e.g.
    cells chosen on another half of the test, for an honest out-of-sample check).

    ``margins="own"`` (default) uses each cell's own c and p (columns ``cost_per_piece`` and
    ``profit_per_response`` of :func:`cell_response`; a cell without responses has no p of its
    own and expects no responses anyway). A number for ``cost_per_piece`` replaces every cell's
    cost; a number for ``profit_per_response`` sets the campaign's **average** profit per
    response, each cell's own p scaled in proportion (cells keep their relative margins).
    ``margins="single"`` is the lecture's simplification: one cost and one profit per response
    for every cell (the numbers given, else the campaign's own from ``cells.attrs``). A table
    without per-cell columns (only ``mailed`` and ``responses``) is always single-margin.

    ``attrs["break_even"]`` is the campaign-wide break-even cost / profit per response.

    >>> cells = pd.DataFrame({"mailed": [100, 100], "responses": [5, 1]},
    ...                      index=pd.Index(["555", "111"], name="cell"))
    >>> rollout(cells, cost_per_piece=0.55, profit_per_response=40)[["customers", "net", "roi_pct"]]
                             customers   net  roi_pct
    plan
    mail everyone                  200 130.0   118.18
    mail cells above break-even    100 145.0   263.64
    """
    _require_frame(cells, "cells", ["mailed", "responses"])
    if margins not in ("own", "single"):
        raise ValueError(f"margins must be 'own' (each cell's cost and profit per response) or "
                         f"'single' (one for all cells), got {margins!r}")
    cost = cells.attrs.get("cost_per_piece") if cost_per_piece is None else cost_per_piece
    profit = cells.attrs.get("profit_per_response") if profit_per_response is None \
        else profit_per_response
    own = margins == "own" and {"cost_per_piece", "profit_per_response"} <= set(cells.columns)
    if not own and (cost is None or profit is None):
        raise ValueError("cost_per_piece and profit_per_response are needed (or pass the output "
                         "of cell_response, which carries the campaign's own)")
    be = break_even_rate(cost, profit) if cost is not None and profit is not None else np.nan
    rate = cells["responses"] / cells["mailed"]
    if own:
        c = (cells["cost_per_piece"].astype(float) if cost_per_piece is None
             else pd.Series(float(_number(cost_per_piece, "cost_per_piece", low=0,
                                          allowed="≥ 0 yuan")), index=cells.index))
        p = cells["profit_per_response"].astype(float).fillna(0.0)  # no response: none expected
        if profit_per_response is not None:
            average = cells.attrs.get("profit_per_response")
            if not average:
                raise ValueError("profit_per_response rescales the cells' own margins, which "
                                 "needs the campaign average in cells.attrs (cell_response output)")
            p = p * float(_number(profit_per_response, "profit_per_response", low=0,
                                  low_open=True, allowed="> 0 yuan")) / float(average)
    else:
        c = pd.Series(float(cost), index=cells.index)
        p = pd.Series(float(profit), index=cells.index)
    if universe is None:
        counts = cells["mailed"].astype(float)
    else:
        counts = _values(universe, "universe").reindex(cells.index)
        if counts.isna().any():
            raise ValueError("universe has no count for cell(s) "
                             f"{list(cells.index[counts.isna()][:5])}")
    if select is None:
        chosen = rate * p > c
    else:
        unknown = set(select) - set(cells.index)
        if unknown:
            raise ValueError(f"select names cell(s) not in cells: {sorted(unknown)[:5]}")
        chosen = pd.Series(cells.index.isin(list(select)), index=cells.index)
    rows = {}
    for plan, mask in (("mail everyone", np.ones(len(cells), dtype=bool)),
                       ("mail cells above break-even", chosen.to_numpy())):
        n = float(counts[mask].sum())
        responses = rate[mask] * counts[mask]
        spend = float((counts[mask] * c[mask]).sum())
        gross = float((responses * p[mask]).sum())
        rows[plan] = {"cells": int(mask.sum()), "customers": int(round(n)),
                      "responses": float(responses.sum()), "cost": spend, "gross_profit": gross,
                      "net": gross - spend,
                      "roi_pct": (gross - spend) / spend * 100.0 if spend > 0 else np.nan}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "plan"
    out.attrs.update({"break_even": be, "margins": "own" if own else "single"})
    return out


# --------------------------------------------------------------------------------------------
# the 全胜 case: tiers by total purchases and the purchase-cycle warning
# --------------------------------------------------------------------------------------------
#: Default tier names (glossary keys ``tier_top`` … give 顶端 / 高端 / 中端 / 低端).
TIER_LABELS: tuple[str, ...] = ("top", "high", "middle", "low")


def customer_tiers(values, shares: Sequence[float] = (0.01, 0.04, 0.15, 0.80),
                   labels: Sequence[str] = TIER_LABELS) -> pd.Series:
    """Tier customers by a value such as TM = M × F, best first (顶端 1 %, 高端 4 %, 中端 15 %, 低端 80 %).

    Customers are sorted by ``values`` (descending; ties keep their order) and cut at the
    cumulative shares: tier k ends at position round(n × (s₁ + … + s_k)) (halves round up).
    With 1,000 customers the default gives 10 / 40 / 150 / 800. Returns an ordered categorical
    Series of labels indexed like ``values``.

    >>> tm = pd.Series(range(100, 0, -1), index=[f"c{i}" for i in range(100)])
    >>> customer_tiers(tm).value_counts().sort_index().tolist()
    [1, 4, 15, 80]
    """
    v = _values(values, "values")
    s = _num_array(list(shares), "shares")
    if len(s) == 0 or (s <= 0).any() or abs(s.sum() - 1) > 1e-9:
        raise ValueError(f"shares must be positive fractions adding up to 1, got {tuple(shares)}")
    if len(labels) != len(s) or len(set(labels)) != len(labels):
        raise ValueError(f"labels must be {len(s)} distinct names (one per share), "
                         f"got {tuple(labels)}")
    n = len(v)
    ends = np.floor(np.cumsum(s) * n + 0.5).astype(np.int64)
    ends[-1] = n
    order = np.argsort(-v.to_numpy(), kind="stable")
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    tier = np.searchsorted(ends, position, side="right")
    return pd.Series(pd.Categorical.from_codes(tier, categories=list(labels), ordered=True),
                     index=v.index, name="tier")


#: Warning statuses, most urgent first (glossary keys ``status_at_risk`` …).
STATUSES: tuple[str, ...] = ("at risk", "watch", "on track")


def label_values(data, lang: str | None = None):
    """A copy of ``data`` with tier and warning-status labels shown in ``lang`` (for display).

    Values of a ``tier`` column (``TIER_LABELS``: top/high/middle/low → 顶端客户 …) and of a
    ``status`` column (``STATUSES``: at risk/watch/on track → 流失风险大 …), and an index named
    ``tier`` or ``status`` (e.g. ``value_counts()``), go through the glossary (``tier_<label>``,
    ``st_<label>``); in English they are unchanged. Other values are left as they are.

    >>> label_values(pd.DataFrame({"status": ["watch", "at risk"], "tier": ["high", "middle"]}), "zh")
      status  tier
    0   稍加留意  高端客户
    1  流失风险大  中端客户
    """
    from .glossary import term

    def name(kind, value):
        if not isinstance(value, str):
            return value
        key = f"{'tier' if kind == 'tier' else 'st'}_{value.replace(' ', '_')}"
        try:
            return term(key, lang)
        except KeyError:
            return value

    out = data.copy()
    if isinstance(out, pd.DataFrame):
        for col in ("tier", "status"):
            if col in out.columns:
                out[col] = [name(col, v) for v in out[col]]
    elif out.name in ("tier", "status"):
        out = pd.Series([name(out.name, v) for v in out], index=out.index, name=out.name)
    if out.index.name in ("tier", "status"):
        out.index = pd.Index([name(out.index.name, v) for v in out.index], name=out.index.name)
    return out


def cycle_warning(summary: pd.DataFrame, today, threshold: float = 0.0,
                  risk_ratio: float = 1.0, period_days: int = 365) -> pd.DataFrame:
    """Purchase-cycle churn warning (客户流失预警), the 全胜 case.

    From a summary over the last ``period_days`` (F purchases, last purchase day D):

    * P = ``cycle_days`` = round(period_days / F), the average days between purchases (halves
      round up);
    * R = ``days_since`` = today − D, in days;
    * ``margin`` = P − R: positive — the next purchase is not due yet; 0 — due today (the
      warning line); negative — overdue by −margin days;
    * ``status``: "at risk" when overdue by more than ``risk_ratio`` × P (a whole cycle missed:
      act now), else "watch" when margin ≤ ``threshold``, else "on track".

    The lecture's accounts: 乙 F = 8, D = 2004-10-08 → P = 46, R = 50, P − R = −4 (watch);
    丙 F = 21, D = 2004-10-15 → 17 − 43 = −26 (at risk).

    >>> s = pd.DataFrame({"frequency": [8, 21],
    ...                   "last_purchase": pd.to_datetime(["2004-10-08", "2004-10-15"])},
    ...                  index=["乙", "丙"])
    >>> cycle_warning(s, "2004-11-27")
       frequency last_purchase  cycle_days  days_since  margin   status
    乙          8    2004-10-08          46          50      -4    watch
    丙         21    2004-10-15          17          43     -26  at risk
    """
    _require_frame(summary, "summary", ["frequency", "last_purchase"])
    today_ts = _timestamp(today, "today")
    _number(threshold, "threshold", allowed="a number of days")
    ratio = _number(risk_ratio, "risk_ratio", low=0, low_open=True,
                    allowed="> 0 (1 = overdue by a whole cycle)")
    days = _number(period_days, "period_days", low=0, low_open=True,
                   allowed="a positive number of days (365 for a year)")
    freq = pd.to_numeric(summary["frequency"], errors="coerce")
    if freq.isna().any() or (freq <= 0).any():
        bad = summary.index[(freq.isna() | (freq <= 0)).to_numpy()][0]
        raise ValueError(f"column 'frequency' must be ≥ 1 purchase for every customer "
                         f"(customer {bad!r} has {summary.loc[bad, 'frequency']!r}); a cycle "
                         "needs at least one purchase")
    last = _dates(summary["last_purchase"], "last_purchase").dt.normalize()
    if (last > today_ts).any():
        bad = summary.index[(last > today_ts).to_numpy()][0]
        raise ValueError(f"last_purchase of {bad!r} ({last[bad].date()}) is after "
                         f"today={today_ts.date()}")
    cycle = np.floor(days / freq.to_numpy(dtype=float) + 0.5).astype(np.int64)
    since = ((today_ts - last).dt.days).to_numpy(dtype=np.int64)
    margin = cycle - since
    status = np.where(-margin > ratio * cycle, STATUSES[0],
                      np.where(margin <= threshold, STATUSES[1], STATUSES[2]))
    out = pd.DataFrame({"frequency": freq.astype(np.int64).to_numpy(),
                        "last_purchase": last.to_numpy(),
                        "cycle_days": cycle, "days_since": since, "margin": margin,
                        "status": pd.Categorical(status, categories=list(STATUSES),
                                                 ordered=True)},
                       index=summary.index)
    out.attrs.update({"today": today_ts, "threshold": threshold, "risk_ratio": ratio})
    return out


_ACTIONS = {
    "at risk": ("today", 0, "call now: find out why orders stopped (difficulty, new business "
                "direction, a service problem, season) and agree a next step"),
    "watch": ("this week", 7, "check the next order date with the customer; keep an eye on it"),
    "on track": ("none", None, "no action"),
}


def follow_up_tasks(warnings: pd.DataFrame, accounts: pd.DataFrame | None = None,
                    statuses: Sequence[str] = ("at risk", "watch"),
                    account_col: str = "account_id") -> pd.DataFrame:
    """Turn warning rows into follow-up tasks for the sales reps (跟进任务), most overdue first.

    Keeps the rows of ``cycle_warning`` whose status is in ``statuses`` and adds ``action`` and
    ``due`` (today for "at risk", within 7 days for "watch"). With ``accounts`` (indexed by, or
    holding, ``account_col``) the account's other columns — name, short_name, sales_rep … — are
    joined in.

    >>> w = pd.DataFrame({"margin": [5, -26], "cycle_days": [30, 17],
    ...                   "status": ["on track", "at risk"]}, index=["甲", "丙"])
    >>> w.attrs["today"] = pd.Timestamp("2004-11-27")
    >>> follow_up_tasks(w)[["margin", "due"]]
        margin        due
    丙     -26 2004-11-27
    """
    _require_frame(warnings, "warnings", ["margin", "status"])
    unknown = set(statuses) - set(STATUSES)
    if unknown:
        raise ValueError(f"statuses must be among {STATUSES}, got {sorted(unknown)}")
    today = warnings.attrs.get("today")
    if today is None:
        raise ValueError("warnings must come from cycle_warning (its attrs carry 'today')")
    tasks = warnings[warnings["status"].astype(str).isin(statuses)].copy()
    tasks["action"] = [_ACTIONS[str(s)][2] for s in tasks["status"]]
    tasks["due"] = [today + pd.Timedelta(days=_ACTIONS[str(s)][1]) for s in tasks["status"]]
    if accounts is not None:
        acc = accounts.set_index(account_col) if account_col in accounts.columns else accounts
        extra = [c for c in acc.columns if c not in tasks.columns]
        tasks = tasks.join(acc[extra])
    return tasks.sort_values("margin", kind="stable")


# --------------------------------------------------------------------------------------------
# how fine to segment: a stylised optimum
# --------------------------------------------------------------------------------------------
def segmentation_return(n_segments, max_return: float = 100.0, scale: float = 4.0,
                        cost_per_segment: float = 5.0) -> pd.DataFrame:
    """Stylised marketing return of splitting a market into k segments (a model, not data).

    gross(k) = max_return × (1 − e^(−k / scale)) rises with diminishing returns as segments get
    more homogeneous; cost(k) = cost_per_segment × k grows with every segment served separately;
    net(k) = gross − cost. Units: an index (e.g. yuan per 100 customers).

    >>> segmentation_return([1, 4, 16]).round(2)
       segments  gross  cost    net
    0         1  22.12   5.0  17.12
    1         4  63.21  20.0  43.21
    2        16  98.17  80.0  18.17
    """
    k = _num_array(n_segments, "n_segments")
    k = np.atleast_1d(k)
    mr = _number(max_return, "max_return", low=0, low_open=True, allowed="> 0")
    sc = _number(scale, "scale", low=0, low_open=True, allowed="> 0 segments")
    c = _number(cost_per_segment, "cost_per_segment", low=0, allowed="≥ 0")
    gross = mr * (1 - np.exp(-k / sc))
    cost = c * k
    return pd.DataFrame({"segments": k.astype(np.int64) if np.all(k == np.round(k)) else k,
                         "gross": gross, "cost": cost, "net": gross - cost})


def optimal_segments(max_return: float = 100.0, scale: float = 4.0,
                     cost_per_segment: float = 5.0, max_segments: int = 1000) -> int:
    """Whole number of segments k ≥ 1 with the highest stylised net return.

    Setting d net / dk = 0 gives k* = scale × ln(max_return / (scale × cost_per_segment));
    the answer is the better of ⌊k*⌋ and ⌈k*⌉ (at least 1, at most ``max_segments``; with no
    cost per segment, one-to-one — ``max_segments`` — wins).

    >>> optimal_segments()
    6
    """
    mr = _number(max_return, "max_return", low=0, low_open=True, allowed="> 0")
    sc = _number(scale, "scale", low=0, low_open=True, allowed="> 0 segments")
    c = _number(cost_per_segment, "cost_per_segment", low=0, allowed="≥ 0")
    if c == 0:
        return int(max_segments)
    ratio = mr / (sc * c)
    if ratio <= 1:
        return 1
    k_star = sc * np.log(ratio)
    candidates = np.clip([np.floor(k_star), np.ceil(k_star)], 1, max_segments)
    nets = segmentation_return(candidates, mr, sc, c)["net"].to_numpy()
    return int(candidates[int(np.argmax(nets))])
