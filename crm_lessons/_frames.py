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
