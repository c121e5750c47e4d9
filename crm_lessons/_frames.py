"""Small pandas helpers shared by the concept modules."""

from __future__ import annotations

import pandas as pd


def aligned(values: pd.Series, index: pd.Index, fill=None) -> pd.Series:
    """``values.reindex(index)`` (missing entries ``fill``, default NaN/NaT), also when
    ``values`` is an empty group-by result.

    Needed because pandas cannot align an empty group-by result on a categorical key (its index
    gets 8-bit category codes) with an index of more than 127 categories (16-bit codes): the
    report's checked data has ``customer_id`` as a categorical.

    >>> ids = pd.CategoricalIndex([f"c{i:03}" for i in range(200)], name="customer_id")
    >>> frame = pd.DataFrame({"customer_id": ids, "amount": 1.0})
    >>> none = frame[frame["amount"] < 0].groupby("customer_id")["amount"].sum()
    >>> aligned(none, ids, 0.0).sum(), len(aligned(none, ids))
    (np.float64(0.0), 200)
    """
    if len(values) == 0:
        out = pd.Series(fill, index=index, name=values.name,
                        dtype=values.dtype if fill is None else None)
        return out
    return values.reindex(index) if fill is None else values.reindex(index, fill_value=fill)


def count_per(keys: pd.Series) -> pd.Series:
    """How many times each key occurs (only keys that occur), in key order.

    A categorical column with millions of categories of which some do not occur is counted
    with ``value_counts`` (a group-by on it spends seconds matching the unobserved ones).

    >>> count_per(pd.Series(pd.Categorical(["b", "a", "b"], categories=["a", "b", "z"]))).to_dict()
    {'a': 1, 'b': 2}
    >>> count_per(pd.Series(["b", "a", "b"])).to_dict()
    {'a': 1, 'b': 2}
    """
    if isinstance(keys.dtype, pd.CategoricalDtype):
        counts = keys.value_counts(sort=False)
        return counts[counts.to_numpy() > 0].rename(None)
    return keys.groupby(keys.to_numpy()).size().rename_axis(keys.name)
