"""Boundary checks shared by the concept modules."""

from __future__ import annotations

import numpy as np
import pandas as pd


def as_date(value, name: str, example: str = "2024-12-31") -> pd.Timestamp:
    """``value`` as a tz-naive calendar day (midnight); ValueError naming ``name`` (and showing
    ``example``) otherwise.

    >>> as_date("2004-11-27 15:30", "today")
    Timestamp('2004-11-27 00:00:00')
    >>> as_date("yesterday", "as_of")
    Traceback (most recent call last):
    ...
    ValueError: as_of must be a date such as '2024-12-31', got 'yesterday'
    """
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a date such as '{example}', got {value!r}") from exc
    if ts is pd.NaT:
        raise ValueError(f"{name} must be a date such as '{example}', got {value!r}")
    return ts.normalize() if ts.tzinfo is None else ts.tz_localize(None).normalize()


def strictly_increasing(values) -> bool:
    """True when every value is greater than the one before (so all are distinct): a cheap
    uniqueness test for ids that need no hashing (T000001, T000002, … or a file sorted by id).
    Text is compared by Arrow's compute kernels without creating Python strings.

    >>> import pandas as pd
    >>> strictly_increasing(pd.Series(["T01", "T02", "T10"], dtype="str"))
    True
    >>> strictly_increasing(pd.Series([3, 1, 2])), strictly_increasing(pd.Series(["b", "b"]))
    (False, False)
    """
    series = pd.Series(values)
    if len(series) < 2:
        return True
    if series.isna().any():
        return False
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        arr = series.to_numpy()
        return bool((arr[1:] > arr[:-1]).all())
    if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
        import pyarrow as pa
        import pyarrow.compute as pc

        arrow = pa.array(series.array)          # zero-copy for Arrow-backed text
        if pa.types.is_string(arrow.type) or pa.types.is_large_string(arrow.type):
            return bool(pc.all(pc.less(arrow.slice(0, len(series) - 1), arrow.slice(1))).as_py())
    return False


def _shown(value) -> str:
    """``value`` for a message: itself when short, else its size (never a dump of a big array)."""
    size = np.size(value) if not isinstance(value, str) else 1
    return repr(value) if size <= 10 else f"{size:,} values"


def finite_array(value, name: str, *, missing: str = "", allow_inf: bool = False) -> np.ndarray:
    """``value`` as a float array; ValueError naming ``name`` when it is not numeric, holds NaN
    (``missing`` says what a NaN would mean, e.g. " (missing answers)") or ±inf (unless
    ``allow_inf``). The one numeric boundary check of the concept modules.

    >>> finite_array([1, 2.5], "cashflows").tolist()
    [1.0, 2.5]
    >>> finite_array([1, None], "cashflows")
    Traceback (most recent call last):
    ...
    ValueError: cashflows must not contain NaN (1 found), got [1, None]
    >>> finite_array("ten", "rate")
    Traceback (most recent call last):
    ...
    ValueError: rate must be numeric, got 'ten'
    """
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric, got {_shown(value)}") from exc
    nan = np.isnan(arr)
    if nan.any():
        raise ValueError(f"{name} must not contain NaN{missing} ({int(nan.sum())} found), "
                         f"got {_shown(value)}")
    if not allow_inf and np.isinf(arr).any():
        raise ValueError(f"{name} must be finite, got {_shown(value)}")
    return arr


def require_frame(frame, name: str, columns, hint: str = "") -> pd.DataFrame:
    """``frame`` when it is a non-empty DataFrame with ``columns``; else ValueError naming
    ``name``, the missing columns and those it has (``hint``: how to fix, e.g. which argument
    names the columns).

    >>> require_frame(pd.DataFrame({"amount": [1.0]}), "transactions", ["customer_id", "amount"])
    Traceback (most recent call last):
    ...
    ValueError: transactions is missing column(s) ['customer_id']; it has ['amount']
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s) {missing}; it has "
                         f"{list(frame.columns)}{hint and ' ' + hint}")
    if len(frame) == 0:
        raise ValueError(f"{name} must not be empty: it has 0 rows; need at least one row")
    return frame
