"""The real CDNOW data (Fader & Hardie), read from the files inside the ``lifetimes`` wheel.

CDNOW_master.txt: a header line, then whitespace-separated customer_id (5 digits), date
(YYYYMMDD), number_of_cds, dollar_value; 69,659 purchases by 23,570 customers, 1997-01..1998-06.
CDNOW_sample.txt: no header; the original customer id, a new id 1..2,357, date, cds, dollars;
6,919 purchases by the 1/10 sample of 2,357 customers. We keep the original 5-digit ids, so
sample customers are the same ids as in the master file.

The files are found without importing ``lifetimes`` (its own loader needs pkg_resources).
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pandas as pd

INSTALL_HINT = 'pip install "crm-lessons[real-data]"'
FILES = {True: "CDNOW_sample.txt", False: "CDNOW_master.txt"}


class RealDataMissingError(ImportError):
    """The optional ``lifetimes`` package (which carries the CDNOW files) is not installed."""


def _cdnow_file(name: str) -> Path:
    """Path of ``lifetimes/datasets/<name>``, located via package metadata or the import system."""
    candidates = []
    try:
        dist = metadata.distribution("lifetimes")
        candidates.append(Path(str(dist.locate_file(f"lifetimes/datasets/{name}"))))
    except metadata.PackageNotFoundError:
        pass
    spec = importlib.util.find_spec("lifetimes")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            candidates.append(Path(folder) / "datasets" / name)
    for path in candidates:
        if path.is_file():
            return path
    raise RealDataMissingError(
        f"the CDNOW data file {name} ships inside the optional 'lifetimes' package, which is not "
        f"installed (looked in: {[str(c) for c in candidates] or 'no lifetimes installation'}); "
        f"install it with: {INSTALL_HINT}")


@lru_cache(maxsize=2)
def _read_cdnow(sample: bool) -> pd.DataFrame:
    path = _cdnow_file(FILES[sample])
    if sample:
        names = ["customer_id", "new_id", "date", "quantity", "amount"]
        raw = pd.read_csv(path, sep=r"\s+", header=None, names=names,
                          dtype={"customer_id": "str", "new_id": "str", "date": "str"})
    else:
        raw = pd.read_csv(path, sep=r"\s+", header=0,
                          names=["customer_id", "date", "quantity", "amount"],
                          dtype={"customer_id": "str", "date": "str"})
    sequence = raw.groupby("customer_id", sort=False).cumcount() + 1
    return pd.DataFrame({
        "order_id": pd.array(raw["customer_id"] + "-" + sequence.map("{:03d}".format),
                             dtype="str"),
        "customer_id": pd.array(raw["customer_id"], dtype="str"),
        "order_date": pd.to_datetime(raw["date"], format="%Y%m%d").astype("datetime64[ns]"),
        "amount": raw["amount"].astype("float64"),
        "quantity": raw["quantity"].astype("int64"),
        "category": pd.Categorical(["CD"] * len(raw), categories=["CD"]),
    })


def load_cdnow(sample: bool = True) -> pd.DataFrame:
    """The CDNOW purchases in our transaction schema (amount in US dollars, category "CD").

    order_id is ``<customer_id>-<n>`` (the customer's n-th purchase row; CDNOW has no order ids).
    ``sample=True``: 6,919 rows, 2,357 customers; ``sample=False``: 69,659 rows, 23,570 customers.
    Source: Fader, Hardie & Lee (2005); files from the ``lifetimes`` package
    (``pip install "crm-lessons[real-data]"``).

    >>> cd = load_cdnow()
    >>> len(cd), cd["customer_id"].nunique()
    (6919, 2357)
    """
    if not isinstance(sample, bool):
        raise ValueError(f"sample must be True (1/10 sample) or False (all), got {sample!r}")
    return _read_cdnow(sample).copy(deep=True)
