"""Customer satisfaction (客户满意), the satisfaction trap (客户满意陷阱) and retention strategy.

Four ideas, in the order the lectures take them:

1. **Kotler's definition.** Satisfaction is a function of perceived performance against expectation:
   below expectation → dissatisfied, equal → satisfied, above → delighted
   (:func:`satisfaction_state`, :func:`expectation_gap`, :func:`expectation_table`).
2. **The satisfaction trap.** Satisfaction and loyalty are not the same thing. Jones & Sasser (1995)
   drew loyalty against satisfaction (1–5) for highly and less competitive industries, Heskett et al.
   (1994) split the scale into zones of defection, indifference and affection, and the Chinese
   textbook contrasts meeting basic with meeting latent expectations. :func:`loyalty_curve` draws
   these as *stylised models* (shapes that respect the published figures, not fitted data).
3. **The trap in data.** :func:`repurchase_by_score` and :func:`trap_summary` measure, on a survey
   joined to later behaviour, how often "satisfied" customers still leave and how much more loyal
   the completely satisfied are (Xerox: six times).
4. **Retention strategy.** The three-degree model (satisfaction 满意度, retention 维持度,
   contribution 贡献度): :func:`three_degrees` measures them per customer and
   :func:`retention_priority` combines them into a priority list.

Units: survey scores are points on their own scale (expectation and performance 1–10, satisfaction
1–5); loyalty, rates and probabilities are fractions in [0, 1]; contribution is in yuan.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._validate import finite_array

STATES: tuple[str, ...] = ("dissatisfied", "satisfied", "delighted")
"""Kotler's three outcomes of comparing performance with expectation, worst first."""

MARKETS: tuple[str, ...] = ("highly_competitive", "less_competitive", "zones",
                            "basic_expectation", "latent_expectation")
"""The stylised satisfaction–loyalty curves :func:`loyalty_curve` can draw."""

ZONES: tuple[str, ...] = ("defection", "indifference", "affection")
"""Heskett et al.'s zones along the satisfaction scale, lowest first."""

ZONE_EDGES: tuple[float, float, float, float] = (1.0, 2.0, 4.0, 5.0)
"""Zone boundaries on the 1–5 scale: (1, 2] defection (1 included), (2, 4] indifference, (4, 5]."""

SCORES: tuple[int, ...] = (1, 2, 3, 4, 5)
"""The satisfaction scale of the survey (1 = very dissatisfied … 5 = completely satisfied)."""


# --------------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------------
def _as_float(value, name: str) -> np.ndarray:
    return finite_array(value, name, missing=" (missing answers)", allow_inf=True)


def _pair(performance, expectation) -> tuple[np.ndarray, np.ndarray]:
    p, e = _as_float(performance, "performance"), _as_float(expectation, "expectation")
    try:
        np.broadcast(p, e)
    except ValueError as exc:
        raise ValueError(f"performance (shape {p.shape}) and expectation (shape {e.shape}) must "
                         "have the same length, or one of them must be a single number") from exc
    return p, e


def _like(result: np.ndarray, *inputs):
    """Return a Python scalar for scalar inputs, a Series when any input was one, else the array."""
    for item in inputs:
        if isinstance(item, pd.Series):
            return pd.Series(result, index=item.index, name=None)
    if result.ndim == 0:
        value = result.item()
        return value
    return result


def _check_scale(arr: np.ndarray, value, name: str, low: float, high: float) -> None:
    bad = (arr < low) | (arr > high)
    if bad.any():
        seen = arr[bad].ravel()[0] if arr.ndim else float(arr)
        raise ValueError(f"{name} must lie in [{low:g}, {high:g}], got {seen:g}"
                         + ("" if arr.ndim == 0 else f" (in {value!r})"))


def _first(values: pd.Series):
    """The first value of a Series as a plain Python object (for readable error messages)."""
    value = values.iloc[0]
    return value.item() if isinstance(value, np.generic) else value


def _check_frame(frame, columns: Sequence[str], name: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s) {missing}; it has {list(frame.columns)}")
    if frame.empty:
        raise ValueError(f"{name} is empty: it needs at least one row")
    for col in columns:
        if frame[col].isna().any():
            n = int(frame[col].isna().sum())
            raise ValueError(f"column {col!r} of {name} has {n} missing value(s); drop or fill them")
    return frame


def _check_survey(survey, columns: Sequence[str] = ("satisfaction", "repurchased")) -> pd.DataFrame:
    """Validate the survey columns used here; return a frame with clean dtypes."""
    _check_frame(survey, columns, "survey")
    out = pd.DataFrame(index=survey.index)
    if "satisfaction" in columns:
        s = pd.to_numeric(survey["satisfaction"], errors="coerce")
        if s.isna().any() or not np.isin(s, SCORES).all():
            bad = _first(survey["satisfaction"][s.isna() | ~np.isin(s, SCORES)])
            raise ValueError(f"column 'satisfaction' must hold whole scores 1–5, got {bad!r}")
        out["satisfaction"] = s.astype(int)
    if "repurchased" in columns:
        r = survey["repurchased"]
        if r.dtype == bool:
            out["repurchased"] = r
        else:
            vals = pd.unique(r)
            if not set(vals.tolist()) <= {0, 1}:
                bad = next(v for v in vals.tolist() if v not in (0, 1))
                raise ValueError(f"column 'repurchased' must be True/False (or 1/0), got {bad!r}")
            out["repurchased"] = r.astype(bool)
    for col in ("expectation", "performance"):
        if col in columns:
            v = pd.to_numeric(survey[col], errors="coerce")
            if v.isna().any():
                bad = _first(survey[col][v.isna()])
                raise ValueError(f"column {col!r} must be numeric scores, got {bad!r}")
            out[col] = v.astype(float)
    return out


# --------------------------------------------------------------------------------------------
# 1. Kotler: performance against expectation
# --------------------------------------------------------------------------------------------
def expectation_gap(performance, expectation):
    """Expectation gap = perceived performance − expectation, in points of the survey scale.

    Positive: the product did better than the customer expected. Works on scalars, arrays and
    Series (a Series in gives a Series out, with the same index).

    >>> expectation_gap(8, 6)
    2.0
    >>> expectation_gap([5, 7, 9], 7).tolist()
    [-2.0, 0.0, 2.0]
    """
    p, e = _pair(performance, expectation)
    return _like(np.asarray(p - e, dtype=float), performance, expectation)


def satisfaction_state(performance, expectation, tolerance: float = 0):
    """Kotler's satisfaction state from perceived performance and expectation.

    With gap = performance − expectation (points):
    gap < −tolerance → "dissatisfied", |gap| ≤ tolerance → "satisfied", gap > tolerance →
    "delighted". ``tolerance`` (≥ 0, same points) widens the band customers call "as expected";
    a 1e-9 allowance absorbs floating-point rounding, so 8.5 − 8.0 sits exactly on a 0.5 edge.

    Vectorised: scalars give a string, arrays a NumPy array of strings, a Series an ordered
    categorical Series (dissatisfied < satisfied < delighted) with the same index.

    >>> satisfaction_state(6, 8), satisfaction_state(8, 8), satisfaction_state(9, 8)
    ('dissatisfied', 'satisfied', 'delighted')
    >>> satisfaction_state([6, 7.5, 9], 8, tolerance=0.5).tolist()
    ['dissatisfied', 'satisfied', 'delighted']
    """
    tol = _as_float(tolerance, "tolerance")
    if tol.ndim != 0 or not np.isfinite(tol) or tol < 0:
        raise ValueError(f"tolerance must be one non-negative number of points, got {tolerance!r}")
    p, e = _pair(performance, expectation)
    gap = p - e
    # a small epsilon so that 7.5 - 7.0 == 0.5 counts as inside a 0.5 tolerance despite rounding
    eps = 1e-9
    states = np.select([gap < -tol - eps, gap > tol + eps], [STATES[0], STATES[2]], STATES[1])
    for item in (performance, expectation):
        if isinstance(item, pd.Series):
            return pd.Series(pd.Categorical(states.ravel(), categories=STATES, ordered=True),
                             index=item.index)
    if states.ndim == 0:
        return str(states)
    return states


def expectation_table(survey: pd.DataFrame, tolerance: float = 0) -> pd.DataFrame:
    """The performance–expectation table computed on a survey.

    One row per Kotler state (dissatisfied, satisfied, delighted) with ``customers`` (count),
    ``share`` (fraction of respondents), ``mean_satisfaction`` (1–5 score) and
    ``repurchase_rate`` (fraction who bought again). Needs columns ``expectation``,
    ``performance``, ``satisfaction`` and ``repurchased``. A state nobody is in gets 0 customers
    and NaN means.

    >>> s = pd.DataFrame({"expectation": [8, 6, 5, 7], "performance": [6, 6, 9, 7],
    ...                   "satisfaction": [2, 4, 5, 3], "repurchased": [False, True, True, False]})
    >>> table = expectation_table(s)
    >>> table["customers"].to_dict()
    {'dissatisfied': 1, 'satisfied': 2, 'delighted': 1}
    >>> table["repurchase_rate"].tolist()
    [0.0, 0.5, 1.0]
    """
    clean = _check_survey(survey, ("expectation", "performance", "satisfaction", "repurchased"))
    state = satisfaction_state(clean["performance"], clean["expectation"], tolerance)
    grouped = clean.assign(state=state).groupby("state", observed=False)
    table = pd.DataFrame({
        "customers": grouped.size(),
        "mean_satisfaction": grouped["satisfaction"].mean(),
        "repurchase_rate": grouped["repurchased"].mean(),
    }).reindex(list(STATES))
    table["customers"] = table["customers"].fillna(0).astype(int)
    table.insert(1, "share", table["customers"] / len(clean))
    table.index = pd.Index(list(STATES), name="state")
    return table


# --------------------------------------------------------------------------------------------
# 2. Stylised satisfaction–loyalty curves
# --------------------------------------------------------------------------------------------
def _check_satisfaction(satisfaction) -> np.ndarray:
    s = _as_float(satisfaction, "satisfaction")
    _check_scale(s, satisfaction, "satisfaction", 1, 5)
    return s


_LATENT_NORM = np.expm1(0.9 * 4)  # e^3.6 − 1


def _curve(s: np.ndarray, market: str) -> np.ndarray:
    if market in ("highly_competitive", "zones"):
        return 0.90 * 6.0 ** (s - 5)
    if market == "less_competitive":
        return 0.95 - 0.25 * np.exp(-1.2 * (s - 1))
    if market == "basic_expectation":
        return 0.40 * (1 - np.exp(-(s - 1)))
    return 0.95 * np.expm1(0.9 * (s - 1)) / _LATENT_NORM  # latent_expectation


def loyalty_curve(satisfaction, market: str):
    """Stylised loyalty (share who stay, 0–1) at satisfaction ``s`` (1–5) for a kind of market.

    These are *stylised models* that respect the shapes of the published figures, not fitted data:

    * ``"highly_competitive"`` (Jones & Sasser 1995): L = 0.90 · 6^(s−5). Loyalty stays low until it
      leaps between 4 and 5; a 5 is exactly six times as loyal as a 4 (the Xerox finding).
    * ``"less_competitive"`` (monopolies, high switching costs): L = 0.95 − 0.25 · e^(−1.2(s−1)).
      Loyalty is high even when customers are unhappy ("false loyalty", concave).
    * ``"zones"`` (Heskett et al. 1994): the zones of defection, indifference and affection were
      drawn over the competitive curve, so this returns the same values as
      ``"highly_competitive"``; use :func:`loyalty_zone` for the zone of each score.
    * ``"basic_expectation"``: L = 0.40 · (1 − e^(−(s−1))). Meeting basic expectations lifts
      satisfaction but hardly loyalty: concave with a low ceiling (the satisfaction trap).
    * ``"latent_expectation"``: L = 0.95 · (e^(0.9(s−1)) − 1) / (e^3.6 − 1). Meeting latent
      (unspoken) expectations drives loyalty steeply: convex, from 0 at s = 1 to 0.95 at s = 5.

    ``satisfaction`` may be a number, an array or a Series (values in [1, 5]).

    >>> round(loyalty_curve(5, "highly_competitive") / loyalty_curve(4, "highly_competitive"), 6)
    6.0
    >>> [round(loyalty_curve(s, "less_competitive"), 3) for s in (1, 5)]
    [0.7, 0.948]
    >>> loyalty_curve([1, 5], "latent_expectation").round(2).tolist()
    [0.0, 0.95]
    """
    if market not in MARKETS:
        raise ValueError(f"market must be one of {MARKETS}, got {market!r}")
    s = _check_satisfaction(satisfaction)
    return _like(np.asarray(_curve(s, market), dtype=float), satisfaction)


def loyalty_under_competition(satisfaction, intensity: float):
    """Stylised loyalty between the two industry shapes, for competition ``intensity`` in [0, 1].

    L = intensity · L_highly_competitive(s) + (1 − intensity) · L_less_competitive(s):
    0 is a monopoly-like market (loyalty high whatever customers feel), 1 a fiercely competitive
    one (only the completely satisfied stay). A linear blend of the two stylised curves of
    :func:`loyalty_curve`; the blend itself is a teaching device, not an estimate.

    >>> round(loyalty_under_competition(4, 1.0), 4), round(loyalty_under_competition(4, 0.0), 4)
    (0.15, 0.9432)
    >>> round(loyalty_under_competition(5, 0.5), 4)
    0.924
    """
    c = _as_float(intensity, "intensity")
    if c.ndim != 0:
        raise ValueError(f"intensity must be one number in [0, 1], got {intensity!r}")
    _check_scale(c, intensity, "intensity", 0, 1)
    s = _check_satisfaction(satisfaction)
    value = float(c) * _curve(s, "highly_competitive") + (1 - float(c)) * _curve(s, "less_competitive")
    return _like(np.asarray(value, dtype=float), satisfaction)


def loyalty_zone(satisfaction):
    """Heskett's zone for a satisfaction score (1–5).

    Zones, with right-closed edges (:data:`ZONE_EDGES`): s ≤ 2 → "defection", 2 < s ≤ 4 →
    "indifference", s > 4 → "affection". On the whole-number survey scale that puts 1–2 in the
    zone of defection, 3–4 in the zone of indifference (a merely satisfied 4 can still be lured
    away) and only 5 in the zone of affection.

    >>> [loyalty_zone(s) for s in (1, 2, 3, 4, 4.5, 5)]
    ['defection', 'defection', 'indifference', 'indifference', 'affection', 'affection']
    """
    s = _check_satisfaction(satisfaction)
    idx = np.searchsorted(np.asarray(ZONE_EDGES[1:3]), s, side="left")
    zones = np.asarray(ZONES)[idx]
    if isinstance(satisfaction, pd.Series):
        return pd.Series(pd.Categorical(zones, categories=ZONES, ordered=True),
                         index=satisfaction.index)
    return str(zones) if zones.ndim == 0 else zones


def expectation_loyalty(basic: float, latent: float) -> dict[str, float]:
    """Stylised loyalty bought by meeting basic and latent expectations, each a 1–5 fulfilment level.

    ``basic`` and ``latent`` say how far each kind of expectation is met, on the satisfaction scale
    (1 = not at all, 5 = fully). Returns the loyalty each delivers on its own curve of
    :func:`loyalty_curve` and the ceilings (the loyalty at 5): basic expectations top out at
    0.40 · (1 − e^(−4)) ≈ 0.39, latent ones reach 0.95.

    >>> {k: round(v, 3) for k, v in expectation_loyalty(5, 3).items()}
    {'basic': 0.393, 'latent': 0.135, 'basic_ceiling': 0.393, 'latent_ceiling': 0.95}
    """
    b, lat = _as_float(basic, "basic"), _as_float(latent, "latent")
    for arr, value, name in ((b, basic, "basic"), (lat, latent, "latent")):
        if arr.ndim != 0:
            raise ValueError(f"{name} must be one number in [1, 5], got {value!r}")
        _check_scale(arr, value, name, 1, 5)
    return {
        "basic": float(_curve(b, "basic_expectation")),
        "latent": float(_curve(lat, "latent_expectation")),
        "basic_ceiling": float(_curve(np.float64(5), "basic_expectation")),
        "latent_ceiling": float(_curve(np.float64(5), "latent_expectation")),
    }


# --------------------------------------------------------------------------------------------
# 3. The trap in data
# --------------------------------------------------------------------------------------------
def _wilson(k: np.ndarray, n: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    from scipy.stats import norm

    z = norm.ppf(0.5 + confidence / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return centre - half, centre + half


def repurchase_by_score(survey: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Repurchase rate by satisfaction score (1–5), with a Wilson confidence interval.

    For each score: ``customers`` (respondents), ``repurchased`` (how many bought again),
    ``repurchase_rate`` = repurchased / customers (fraction) and ``ci_low``/``ci_high``, the
    Wilson score interval at ``confidence`` (default 95 %), which stays inside [0, 1] for small
    groups. Scores nobody gave appear with 0 customers and NaN rates. Needs columns
    ``satisfaction`` (whole numbers 1–5) and ``repurchased`` (bool).

    >>> s = pd.DataFrame({"satisfaction": [4, 4, 4, 4, 5, 5],
    ...                   "repurchased": [True, False, False, False, True, True]})
    >>> table = repurchase_by_score(s)
    >>> table.loc[[4, 5], ["customers", "repurchased", "repurchase_rate"]].to_dict("index")
    {4: {'customers': 4, 'repurchased': 1, 'repurchase_rate': 0.25}, 5: {'customers': 2, 'repurchased': 2, 'repurchase_rate': 1.0}}
    >>> table.loc[4, ["ci_low", "ci_high"]].round(3).tolist()
    [0.046, 0.699]
    """
    c = _as_float(confidence, "confidence")
    if c.ndim != 0 or not 0 < c < 1:
        raise ValueError(f"confidence must be one number in (0, 1), got {confidence!r}")
    clean = _check_survey(survey)
    grouped = clean.groupby("satisfaction")["repurchased"]
    table = pd.DataFrame({"customers": grouped.size(), "repurchased": grouped.sum()})
    table = table.reindex(list(SCORES), fill_value=0).astype(int)
    n = table["customers"].to_numpy(dtype=float)
    k = table["repurchased"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        table["repurchase_rate"] = np.where(n > 0, k / np.where(n > 0, n, 1), np.nan)
    low, high = _wilson(k, n, float(c))
    table["ci_low"], table["ci_high"] = low, high
    table.index.name = "satisfaction"
    return table


def trap_summary(survey: pd.DataFrame) -> pd.Series:
    """The satisfaction trap in numbers, from a survey joined to later repurchase.

    * ``customers``: respondents; ``satisfied_share``: share scoring 4 or 5 (fraction);
    * ``repurchase_rate_4``/``repurchase_rate_5``: share of 4s / 5s who bought again;
    * ``defect_share_4`` = 1 − repurchase_rate_4: the "satisfied" 4s who did not come back;
    * ``ratio_5_vs_4`` = repurchase_rate_5 ÷ repurchase_rate_4 (Xerox: about 6; ``inf`` when no 4
      repurchased but some 5 did);
    * ``defectors_satisfied_share``: of everyone who did not buy again, the share who had said
      they were satisfied (4 or 5) — high values are the trap (NaN when nobody defected).

    Needs at least one respondent scoring 4 and one scoring 5, else a ``ValueError``.

    >>> s = pd.DataFrame({"satisfaction": [3, 4, 4, 4, 4, 5, 5],
    ...                   "repurchased": [False, True, False, False, False, True, True]})
    >>> t = trap_summary(s)
    >>> t[["defect_share_4", "ratio_5_vs_4", "defectors_satisfied_share"]].tolist()
    [0.75, 4.0, 0.75]
    """
    table = repurchase_by_score(survey)
    clean = _check_survey(survey)
    for score, word in ((4, "satisfied"), (5, "completely satisfied")):
        if table.loc[score, "customers"] == 0:
            raise ValueError(f"column 'satisfaction' has no score {score} ({word}) in this survey: "
                             "the trap summary compares 4s with 5s, so it needs both")
    r4, r5 = table.loc[4, "repurchase_rate"], table.loc[5, "repurchase_rate"]
    if r4 > 0:
        ratio = r5 / r4
    else:
        ratio = np.inf if r5 > 0 else np.nan
    defectors = clean.loc[~clean["repurchased"], "satisfaction"]
    return pd.Series({
        "customers": float(len(clean)),
        "satisfied_share": float((clean["satisfaction"] >= 4).mean()),
        "satisfied_4": float(table.loc[4, "customers"]),
        "repurchase_rate_4": float(r4),
        "repurchase_rate_5": float(r5),
        "defect_share_4": float(1 - r4),
        "ratio_5_vs_4": float(ratio),
        "defectors_satisfied_share": float((defectors >= 4).mean()) if len(defectors) else np.nan,
    }, name="trap")


def trap_by(survey: pd.DataFrame, by: str) -> pd.DataFrame:
    """The satisfaction trap group by group (by region, lifecycle stage, channel …).

    ``by`` names a column of ``survey``. One row per group that occurs, with ``customers``,
    ``mean_satisfaction`` (1–5), ``satisfied_share`` (share scoring 4 or 5), ``repurchase_rate``
    (all respondents) and, from :func:`trap_summary`, ``repurchase_rate_4``,
    ``repurchase_rate_5``, ``defect_share_4`` and ``ratio_5_vs_4`` — NaN for a group without
    both 4s and 5s (there is nothing to compare).

    >>> s = pd.DataFrame({"satisfaction": [4, 4, 5, 4, 5, 5], "region": list("AAABBB"),
    ...                   "repurchased": [True, False, True, False, True, False]})
    >>> trap_by(s, "region")["ratio_5_vs_4"].to_dict()
    {'A': 2.0, 'B': inf}
    """
    _check_frame(survey, ("satisfaction", "repurchased"), "survey")
    if not isinstance(by, str) or by not in survey.columns:
        raise ValueError(f"by must name a column of survey, got {by!r}; "
                         f"columns are {list(survey.columns)}")
    if survey[by].isna().any():
        raise ValueError(f"column {by!r} of survey has {int(survey[by].isna().sum())} missing "
                         "value(s); fill or drop them before grouping")
    clean = _check_survey(survey).assign(group=survey[by])
    rows = {}
    keys = ("repurchase_rate_4", "repurchase_rate_5", "defect_share_4", "ratio_5_vs_4")
    for group, part in clean.groupby("group", observed=True, sort=True):
        row = {"customers": len(part), "mean_satisfaction": part["satisfaction"].mean(),
               "satisfied_share": (part["satisfaction"] >= 4).mean(),
               "repurchase_rate": part["repurchased"].mean()}
        has_both = {4, 5} <= set(part["satisfaction"].unique().tolist())
        summary = trap_summary(part) if has_both else None
        row.update({k: (float(summary[k]) if summary is not None else np.nan) for k in keys})
        rows[group] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = by
    return table


# --------------------------------------------------------------------------------------------
# 4. Retention strategy: the three-degree model
# --------------------------------------------------------------------------------------------
DEGREES: tuple[str, ...] = ("satisfaction", "retention", "contribution")
"""The three degrees of the retention model (满意度, 维持度, 贡献度) as column names."""


def _timestamp(value, name: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a date such as '2023-12-31', got {value!r}") from exc
    if pd.isna(stamp):
        raise ValueError(f"{name} must be a date such as '2023-12-31', got {value!r}")
    return stamp


def three_degrees(survey: pd.DataFrame, transactions: pd.DataFrame, as_of, *,
                  window_days: int = 365, folds: int = 5, seed: int = 0) -> pd.DataFrame:
    """The three degrees of the retention model for every surveyed customer, as of ``as_of``.

    * **satisfaction** (满意度): the survey score, 1–5;
    * **contribution** (贡献度): net spend in the ``window_days`` up to and including ``as_of``, in
      yuan; refunds (negative amounts) are subtracted, so a customer can contribute less than
      they bought; a customer with no orders in the window contributes 0;
    * **retention** (维持度): the estimated probability (0–1) that the customer buys again, from a
      logistic regression (scikit-learn) of ``repurchased`` on the satisfaction score (one-hot),
      ``recency_days`` (days from the last purchase to ``as_of``, ``window_days`` if none) and
      ``log(1 + frequency)``. Each customer's probability comes from a
      model fitted on the *other* folds (``folds``-fold stratified cross-validation, shuffled with
      ``seed``), so nobody is scored by a model that saw their own outcome.

    ``frequency`` F is defined as everywhere in the package (``rfm.rfm_summary``): the number of
    distinct **days** in the window with a purchase line (amount > 0); several orders or lines on
    one day are one purchase occasion, and refund lines are not purchases.

    Only transactions on or before ``as_of`` are used for the features. Returns a frame indexed by
    ``customer_id`` with satisfaction, retention, contribution, recency_days, frequency and the
    actual ``repurchased`` (to check the ranking against what happened).

    >>> survey = pd.DataFrame({"customer_id": range(8), "satisfaction": [5, 5, 4, 4, 3, 3, 2, 1],
    ...                        "repurchased": [True, True, True, False, False, True, False, False]})
    >>> tx = pd.DataFrame({"customer_id": [0, 1, 2, 3, 4, 5, 6, 7, 0],
    ...                    "order_date": pd.to_datetime(["2023-12-01"] * 8 + ["2023-06-01"]),
    ...                    "amount": [100.0, 80, 60, 50, 40, 30, 20, 10, -25]})
    >>> d = three_degrees(survey, tx, "2023-12-31", folds=2)
    >>> d["contribution"].tolist()
    [75.0, 80.0, 60.0, 50.0, 40.0, 30.0, 20.0, 10.0]
    >>> bool(d["retention"].between(0, 1).all()), int(d["recency_days"].iloc[0])
    (True, 30)
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    stamp = _timestamp(as_of, "as_of")
    if not isinstance(window_days, (int, np.integer)) or window_days <= 0:
        raise ValueError(f"window_days must be a positive whole number of days, got {window_days!r}")
    _check_frame(survey, ("customer_id", "satisfaction", "repurchased"), "survey")
    clean = _check_survey(survey)
    if survey["customer_id"].duplicated().any():
        dup = _first(survey.loc[survey["customer_id"].duplicated(), "customer_id"])
        raise ValueError(f"column 'customer_id' of survey must be unique, got {dup!r} twice")
    tx = _check_frame(transactions, ("customer_id", "order_date", "amount"), "transactions")
    dates = tx["order_date"]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        dates = pd.to_datetime(dates, errors="coerce", format="mixed")
    if dates.isna().any():
        bad = _first(tx.loc[dates.isna(), "order_date"])
        raise ValueError(f"column 'order_date' of transactions has an unparseable date: {bad!r}")
    amount = pd.to_numeric(tx["amount"], errors="coerce")
    if amount.isna().any():
        bad = _first(tx.loc[amount.isna(), "amount"])
        raise ValueError(f"column 'amount' of transactions must be numeric (yuan), got {bad!r}")

    ids = pd.Index(survey["customer_id"], name="customer_id")
    start = stamp - pd.Timedelta(days=int(window_days))
    past = pd.DataFrame({"customer_id": tx["customer_id"], "order_date": dates, "amount": amount})
    past = past[past["order_date"] <= stamp]
    window = past[past["order_date"] > start]
    contribution = window.groupby("customer_id")["amount"].sum().reindex(ids, fill_value=0.0)
    purchases = window[window["amount"] > 0]
    days = purchases.assign(day=purchases["order_date"].dt.normalize()).drop_duplicates(
        ["customer_id", "day"])
    frequency = days.groupby("customer_id").size().reindex(ids, fill_value=0)  # purchase days
    last = past[past["amount"] > 0].groupby("customer_id")["order_date"].max().reindex(ids)
    recency = ((stamp - last).dt.days.fillna(window_days).clip(upper=window_days)).astype(int)

    out = pd.DataFrame({"satisfaction": clean["satisfaction"].to_numpy(),
                        "retention": np.nan,
                        "contribution": contribution.to_numpy(dtype=float),
                        "recency_days": recency.to_numpy(),
                        "frequency": frequency.to_numpy(dtype=int),
                        "repurchased": clean["repurchased"].to_numpy()}, index=ids)
    y = out["repurchased"].to_numpy()
    smallest = int(min(y.sum(), (~y).sum()))
    if not isinstance(folds, (int, np.integer)) or folds < 2:
        raise ValueError(f"folds must be a whole number ≥ 2, got {folds!r}")
    if smallest < folds:
        raise ValueError(f"column 'repurchased' needs at least {folds} customers who bought again "
                         f"and {folds} who did not (one per fold); the smaller group has {smallest}")
    features = pd.DataFrame({"satisfaction": out["satisfaction"].astype(str),
                             "recency_days": out["recency_days"].astype(float),
                             "log_frequency": np.log1p(out["frequency"].astype(float))})
    model = make_pipeline(
        ColumnTransformer([("score", OneHotEncoder(handle_unknown="ignore"), ["satisfaction"]),
                           ("behaviour", StandardScaler(), ["recency_days", "log_frequency"])]),
        LogisticRegression(max_iter=1000))
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    out["retention"] = cross_val_predict(model, features, y, cv=cv, method="predict_proba")[:, 1]
    # displayed header (crm_lessons.tables): a predicted probability, not an observed yearly rate
    out.attrs["glossary"] = {"retention": "retention_probability"}
    return out


def _check_weights(weights) -> np.ndarray:
    w = _as_float(weights, "weights")
    if w.shape != (3,):
        raise ValueError("weights must be three numbers (satisfaction, retention, contribution), "
                         f"got {weights!r}")
    if (w < 0).any() or not np.isfinite(w).all():
        raise ValueError(f"weights must be non-negative and finite, got {weights!r}")
    if w.sum() == 0:
        raise ValueError(f"weights must not all be 0 (nothing to rank by), got {weights!r}")
    return w / w.sum()


def retention_priority(customers: pd.DataFrame, weights=(1.0, 1.0, 1.0), *,
                       satisfaction: str = "satisfaction", retention: str = "retention",
                       contribution: str = "contribution") -> pd.DataFrame:
    """Rank customers for retention effort by combining the three degrees.

    Who should the firm work hardest to keep? Those worth most (high **contribution**, yuan) who
    are most at risk (low **retention** probability, 0–1) and least happy (low **satisfaction**).
    Each degree becomes a percentile score in (0, 1] (pandas ``rank(pct=True)``, ties averaged) so
    that yuan, probabilities and survey points can be added:

        value = pct rank of contribution, risk = pct rank of −retention,
        need  = pct rank of −satisfaction,
        priority = (w_s · need + w_r · risk + w_c · value) / (w_s + w_r + w_c)

    with ``weights = (w_s, w_r, w_c)`` ≥ 0 (not all 0). Weights (0, 0, 1) give the lecture's
    first step, a ranking by contribution alone. Also returned: ``value_at_risk`` =
    contribution × (1 − retention), in yuan, the money expected to walk away.

    Returns a copy of ``customers`` with the columns ``need``, ``risk``, ``value``, ``priority``,
    ``value_at_risk`` and ``rank`` (1 = first), sorted by priority (ties: higher contribution
    first).

    >>> accounts = pd.DataFrame({"satisfaction": [5, 2, 4], "retention": [0.9, 0.3, 0.5],
    ...                          "contribution": [900.0, 800.0, 100.0]}, index=["A", "B", "C"])
    >>> ranked = retention_priority(accounts)
    >>> ranked.index.tolist(), ranked["priority"].round(3).tolist()
    (['B', 'A', 'C'], [0.889, 0.556, 0.556])
    >>> float(ranked.loc["B", "value_at_risk"])
    560.0
    """
    frame = _check_frame(customers, (satisfaction, retention, contribution), "customers")
    w = _check_weights(weights)
    cols = {}
    for col in (satisfaction, retention, contribution):
        values = pd.to_numeric(frame[col], errors="coerce")
        if values.isna().any():
            bad = _first(frame[col][values.isna()])
            raise ValueError(f"column {col!r} of customers must be numeric, got {bad!r}")
        cols[col] = values.astype(float)
    r = cols[retention]
    if ((r < 0) | (r > 1)).any():
        raise ValueError(f"column {retention!r} must be probabilities in [0, 1], "
                         f"got {r[(r < 0) | (r > 1)].iloc[0]:g}")
    out = frame.copy()
    out["need"] = (-cols[satisfaction]).rank(pct=True)
    out["risk"] = (-r).rank(pct=True)
    out["value"] = cols[contribution].rank(pct=True)
    out["priority"] = w[0] * out["need"] + w[1] * out["risk"] + w[2] * out["value"]
    out["value_at_risk"] = cols[contribution] * (1 - r)
    order = np.lexsort((-cols[contribution].to_numpy(), -out["priority"].to_numpy()))
    out = out.iloc[order]
    out["rank"] = np.arange(1, len(out) + 1)
    # displayed header (crm_lessons.tables): the retention column is a probability here
    out.attrs["glossary"] = {**out.attrs.get("glossary", {}), retention: "retention_probability"}
    return out
