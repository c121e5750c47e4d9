"""The customer lifecycle (客户生命周期): churn, group lifetime, stages, cohorts.

Rates are fractions per period (0.2 = 20 % a year); lifetimes are in the same periods.
"""

from __future__ import annotations

import numpy as np


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


def churn_rate(lost, at_start):
    """Churn rate (客户流失率) = customers lost in a period ÷ customers at its start.

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
