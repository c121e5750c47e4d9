"""Self-check helpers for exercises: a friendly verdict and a hint, never the answer.

>>> close(20432.55, 20432.5504, name="CLV at 10%")
✅ CLV at 10%: correct.
True
>>> close(48000, 20432.55, name="CLV at 10%", hint="Discount each year's profit.")
❌ CLV at 10%: not yet. Hint: Discount each year's profit.
False
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np


def _verdict(ok: bool, name: str, hint: str | None) -> bool:
    if ok:
        print(f"✅ {name}: correct.")
    else:
        extra = f" Hint: {hint}" if hint else ""
        print(f"❌ {name}: not yet.{extra}")
    return ok


def _missing(answer: object, name: str) -> bool:
    if answer is None or answer is Ellipsis:
        print(f"⏳ {name}: no answer yet — replace the placeholder and run the cell again.")
        return True
    return False


def close(answer, expected, *, name: str = "answer", hint: str | None = None,
          rel_tol: float = 1e-4, abs_tol: float = 0.01) -> bool:
    """True when a number (or each number of an array) is within tolerance of the expected one."""
    if _missing(answer, name):
        return False
    try:
        a = np.asarray(answer, dtype=float)
        e = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        print(f"❌ {name}: expected a number, got {type(answer).__name__}.")
        return False
    if a.shape != e.shape:
        return _verdict(False, name, f"expected {e.size} value(s), got {a.size}. " + (hint or ""))
    ok = bool(np.all(np.isclose(a, e, rtol=rel_tol, atol=abs_tol)))
    return _verdict(ok, name, hint)


def equal(answer, expected, *, name: str = "answer", hint: str | None = None) -> bool:
    """True when the answer equals the expected value (strings are compared trimmed, case-blind).

    >>> equal(" Diamond", "diamond", name="tier")
    ✅ tier: correct.
    True
    """
    if _missing(answer, name):
        return False
    if isinstance(answer, str) and isinstance(expected, str):
        ok = answer.strip().casefold() == expected.strip().casefold()
    else:
        try:
            ok = bool(answer == expected) if not hasattr(answer, "__array__") else bool(
                np.array_equal(np.asarray(answer), np.asarray(expected)))
        except (TypeError, ValueError):
            ok = False
    return _verdict(ok, name, hint)


def same_items(answer: Iterable, expected: Iterable, *, name: str = "answer",
               hint: str | None = None) -> bool:
    """True when two collections hold the same items, in any order.

    >>> same_items(["丙", "己"], ["己", "丙"], name="accounts to call")
    ✅ accounts to call: correct.
    True
    """
    if _missing(answer, name):
        return False
    try:
        ok = sorted(map(str, answer)) == sorted(map(str, expected))
    except TypeError:
        ok = False
    return _verdict(ok, name, hint)


def frame(answer, expected, *, name: str = "table", hint: str | None = None,
          check_dtype: bool = False, rel_tol: float = 1e-4) -> bool:
    """True when two DataFrames/Series hold the same values (index and columns included)."""
    import pandas as pd

    if _missing(answer, name):
        return False
    try:
        if isinstance(expected, pd.Series):
            pd.testing.assert_series_equal(answer, expected, check_dtype=check_dtype,
                                           rtol=rel_tol, check_names=False)
        else:
            pd.testing.assert_frame_equal(answer, expected, check_dtype=check_dtype, rtol=rel_tol)
        ok = True
    except (AssertionError, TypeError, AttributeError):
        ok = False
    return _verdict(ok, name, hint)


def in_range(answer, low: float, high: float, *, name: str = "answer",
             hint: str | None = None) -> bool:
    """True when a number lies in [low, high] (for estimates with more than one good answer).

    >>> in_range(0.93, 0.9, 1.0, name="retention")
    ✅ retention: correct.
    True
    """
    if _missing(answer, name):
        return False
    try:
        value = float(answer)
    except (TypeError, ValueError):
        print(f"❌ {name}: expected a number, got {type(answer).__name__}.")
        return False
    return _verdict(not math.isnan(value) and low <= value <= high, name, hint)


__all__ = ["close", "equal", "same_items", "frame", "in_range"]
