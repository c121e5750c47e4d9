"""generate(): all synthetic tables from one seed; write_bundled(): the CSVs in datasets/."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .._validate import as_date
from . import _b2b, _retail

TABLES = ("customers", "transactions", "survey", "campaign", "baskets", "b2b_accounts",
          "b2b_orders")
BUNDLED_SEED = 2024
BUNDLED_CUSTOMERS = 4000
BUNDLED_BASKETS = 3000


def _timestamp(value, name: str) -> pd.Timestamp:
    return as_date(value, name, example="2021-01-01")


def study_dates(end: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """(survey date, campaign date) for data ending at ``end``: end − 1 year, and the day after
    end − 6 months.

    >>> [str(d.date()) for d in study_dates(pd.Timestamp("2024-12-31"))]
    ['2023-12-31', '2024-07-01']
    """
    survey = end - pd.DateOffset(years=1)
    campaign = end - pd.DateOffset(months=6) + pd.Timedelta(days=1)
    return survey, campaign


def generate(n_customers: int = BUNDLED_CUSTOMERS, seed: int = BUNDLED_SEED,
             start="2021-01-01", end="2024-12-31", n_baskets: int | None = None
             ) -> dict[str, pd.DataFrame]:
    """All synthetic tables as a dict of typed DataFrames (same columns and dtypes as the loaders).

    ``n_customers`` customers are acquired between ``start`` and ``end`` (inclusive dates); each
    makes on average about 14 orders (the bundled 4,000 customers give ~55,000 transaction rows),
    so ``n_customers=70_000`` gives about a million. The survey is taken one year before ``end``
    and the test mailing half a year before it (for the defaults: 2023-12-31 and 2024-07-01).
    ``n_baskets`` defaults to 3,000 for the bundled size and scales with ``n_customers``.
    The B2B case (1,000 accounts, 2003-11-29..2004-11-27) does not depend on n_customers, start
    or end, only on ``seed``. Same arguments → identical tables.

    >>> tables = generate(n_customers=300, seed=1)
    >>> sorted(tables)
    ['b2b_accounts', 'b2b_orders', 'baskets', 'campaign', 'customers', 'survey', 'transactions']
    >>> len(tables["customers"]), tables["transactions"]["order_date"].max() <= pd.Timestamp("2024-12-31")
    (300, True)
    """
    if isinstance(n_customers, bool) or not isinstance(n_customers, (int, np.integer)) \
            or n_customers < 300:
        raise ValueError(f"n_customers must be an integer >= 300 (fewer leave the survey and the "
                         f"campaign nearly empty; all 125 RFM cells need about 3,000), "
                         f"got {n_customers!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    start_ts, end_ts = _timestamp(start, "start"), _timestamp(end, "end")
    survey_date, campaign_date = study_dates(end_ts)
    if survey_date - pd.DateOffset(years=1) < start_ts:
        raise ValueError(f"start must be at least two years before end (the survey looks back a "
                         f"year from end − 1 year), got start={start_ts.date()}, "
                         f"end={end_ts.date()}")
    if n_baskets is None:
        n_baskets = max(500, round(BUNDLED_BASKETS * n_customers / BUNDLED_CUSTOMERS))
    if isinstance(n_baskets, bool) or not isinstance(n_baskets, (int, np.integer)) \
            or n_baskets < 1:
        raise ValueError(f"n_baskets must be a positive integer, got {n_baskets!r}")

    # independent streams per table: changing one model does not reshuffle the others
    streams = np.random.SeedSequence(int(seed)).spawn(5)
    rng_retail, rng_survey, rng_campaign, rng_baskets, rng_b2b = (
        np.random.default_rng(s) for s in streams)
    customers, traits = _retail.draw_customers(rng_retail, int(n_customers), start_ts, end_ts)
    transactions = _retail.draw_transactions(rng_retail, customers, traits, start_ts, end_ts)
    survey = _retail.draw_survey(rng_survey, customers, traits, transactions, survey_date)
    campaign = _retail.draw_campaign(rng_campaign, transactions, campaign_date)
    baskets = _retail.draw_baskets(rng_baskets, int(n_baskets))
    accounts, orders = _b2b.draw_b2b(rng_b2b)
    return {"customers": customers, "transactions": transactions, "survey": survey,
            "campaign": campaign, "baskets": baskets, "b2b_accounts": accounts,
            "b2b_orders": orders}


def to_csv_text(frame: pd.DataFrame) -> str:
    """The CSV text we bundle: UTF-8, "\\n" line ends, dates as YYYY-MM-DD, floats with 2 decimals.

    >>> print(to_csv_text(pd.DataFrame({"a": [1.5], "d": [pd.Timestamp("2024-01-02")]})), end="")
    a,d
    1.50,2024-01-02
    """
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.2f",
                        date_format="%Y-%m-%d")


def write_bundled(folder=None, seed: int = BUNDLED_SEED) -> dict[str, Path]:
    """Write the bundled CSVs (4,000 customers, 3,000 baskets, ``seed``) into ``folder``.

    ``folder`` defaults to :func:`data_dir` (the repository's datasets/ folder in a checkout).
    Returns {table: path}. ``python -m crm_lessons.datasets`` calls this with the defaults.

    >>> import hashlib, tempfile
    >>> from crm_lessons.datasets import data_dir
    >>> paths = write_bundled(tempfile.mkdtemp())
    >>> digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()
    >>> all(digest(p) == digest(data_dir() / p.name) for p in paths.values())
    True
    """
    from . import data_dir

    target = Path(folder) if folder is not None else data_dir()
    target.mkdir(parents=True, exist_ok=True)
    tables = generate(BUNDLED_CUSTOMERS, seed=seed, n_baskets=BUNDLED_BASKETS)
    paths = {}
    for name in TABLES:
        path = target / f"{name}.csv"
        path.write_bytes(to_csv_text(tables[name]).encode("utf-8"))
        paths[name] = path
    return paths
