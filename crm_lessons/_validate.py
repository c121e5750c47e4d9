"""Boundary checks shared by the concept modules."""

from __future__ import annotations

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
