"""Bundled CRM data (a seeded synthetic retailer, a B2B churn-warning case) and loaders.

The bundled CSVs live once, in the repository's ``datasets/`` folder, which is installed as the
package-data folder ``crm_lessons.datasets.data``; ``datasets/README.md`` is the data dictionary.
Every loader returns a fresh, typed copy (dates ``datetime64[ns]``, ids ``str``, categories
``category``), so changing it cannot corrupt the cached table.

>>> from crm_lessons import datasets
>>> tx = datasets.load_transactions()
>>> list(tx.columns)
['order_id', 'customer_id', 'order_date', 'amount', 'quantity', 'category']
>>> str(tx["order_date"].dtype), tx["order_date"].max() == datasets.REFERENCE_DATE
('datetime64[ns]', True)
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import _b2b, _retail
from ._cdnow import RealDataMissingError, load_cdnow
from ._generate import BUNDLED_SEED, TABLES, generate, write_bundled
from ._read import TransactionsError, read_transactions

REFERENCE_DATE = pd.Timestamp("2024-12-31")   # last day of the bundled retail data (as-of date)
CAMPAIGN_DATE = pd.Timestamp("2024-07-01")    # test mailing; RFM cells scored on orders before it
SURVEY_DATE = pd.Timestamp("2023-12-31")      # repurchase measured in the 365 days after it
B2B_TODAY = _b2b.B2B_TODAY                    # "Today" of the lecture's 全胜 churn-warning case

__all__ = [
    "REFERENCE_DATE", "CAMPAIGN_DATE", "SURVEY_DATE", "B2B_TODAY", "BUNDLED_SEED", "TABLES",
    "data_dir", "load_customers", "load_transactions", "load_survey", "load_campaign",
    "load_baskets", "load_b2b_accounts", "load_b2b_orders", "load_cdnow", "generate",
    "write_bundled", "read_transactions", "TransactionsError", "RealDataMissingError",
]


def data_dir() -> Path:
    """Folder holding the bundled CSVs: package data when installed, ``datasets/`` in a checkout.

    An installed wheel carries the CSVs in the package ``crm_lessons.datasets.data`` (a folder
    without ``__init__.py``, so we ask the import system where it lives rather than using
    ``str(importlib.resources.files(...))``, which is not a path for such namespace folders). In
    a repository checkout or editable install that package does not exist and the single copy
    in the top-level ``datasets/`` folder is used.

    >>> (data_dir() / "transactions.csv").is_file()
    True
    """
    import importlib.util

    try:
        spec = importlib.util.find_spec("crm_lessons.datasets.data")
    except ModuleNotFoundError:
        spec = None
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        if (Path(location) / "transactions.csv").is_file():
            return Path(location)
    return Path(__file__).resolve().parents[2] / "datasets"


def _categorical(levels, ordered: bool = False) -> pd.CategoricalDtype:
    return pd.CategoricalDtype(list(levels), ordered=ordered)


# table → (column → dtype, date columns); the fixed schema every loader applies
SCHEMA: dict[str, tuple[dict[str, object], tuple[str, ...]]] = {
    "customers": ({"customer_id": "str", "name": "str",
                   "city_tier": _categorical(_retail.CITY_TIERS, ordered=True),
                   "region": _categorical(_retail.REGIONS),
                   "age_band": _categorical(_retail.AGE_BANDS, ordered=True),
                   "gender": _categorical(_retail.GENDERS),
                   "channel": _categorical(_retail.CHANNELS),
                   "acquisition_cost": "float64"}, ("signup_date",)),
    "transactions": ({"order_id": "str", "customer_id": "str", "amount": "float64",
                      "quantity": "int64", "category": _categorical(_retail.CATEGORIES)},
                     ("order_date",)),
    "survey": ({"customer_id": "str", "expectation": "float64", "performance": "float64",
                "satisfaction": "int64", "repurchased": "bool"}, ("survey_date",)),
    "campaign": ({"customer_id": "str", "cost_per_piece": "float64", "responded": "bool",
                  "profit": "float64", "r_score": "int64", "f_score": "int64",
                  "m_score": "int64", "rfm_cell": "str"}, ("mail_date",)),
    "baskets": ({"order_id": "str", "item": "str"}, ()),
    "b2b_accounts": ({"account_id": "str", "name": "str", "short_name": "str",
                      "industry": _categorical(_b2b.INDUSTRIES), "city": "str",
                      "sales_rep": "str"}, ()),
    "b2b_orders": ({"order_id": "str", "account_id": "str", "amount": "float64"},
                   ("order_date",)),
}


def read_bundled_csv(path, table: str) -> pd.DataFrame:
    """Read one bundled-format CSV with the fixed schema of ``table`` (see ``SCHEMA``): ids and
    text as ``str``, dates (YYYY-MM-DD) as ``datetime64[ns]``, categories with fixed levels.

    >>> import io
    >>> text = "order_id,account_id,order_date,amount\\nS1,A1,2004-11-27,12.50\\n"
    >>> read_bundled_csv(io.StringIO(text), "b2b_orders").dtypes.astype(str).tolist()
    ['str', 'str', 'datetime64[ns]', 'float64']
    """
    if table not in SCHEMA:
        raise ValueError(f"table must be one of {sorted(SCHEMA)}, got {table!r}")
    dtypes, dates = SCHEMA[table]
    text_dtypes = {c: (t if not isinstance(t, pd.CategoricalDtype) else "str")
                   for c, t in dtypes.items()}
    frame = pd.read_csv(path, dtype=text_dtypes, encoding="utf-8", keep_default_na=False,
                        na_values=[""])
    for col in dates:
        frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d").astype("datetime64[ns]")
    for col, dtype in dtypes.items():
        if isinstance(dtype, pd.CategoricalDtype):
            frame[col] = frame[col].astype(dtype)
    return frame


@lru_cache(maxsize=16)
def _cached(table: str) -> pd.DataFrame:
    path = data_dir() / f"{table}.csv"
    if not path.is_file():
        raise FileNotFoundError(
            f"bundled table {table!r} not found at {path}; regenerate it with "
            f"`python -m crm_lessons.datasets`")
    return read_bundled_csv(path, table)


def _load(table: str) -> pd.DataFrame:
    return _cached(table).copy(deep=True)


def load_customers() -> pd.DataFrame:
    """The 4,000 customers of the synthetic online retailer (one row each).

    Columns: customer_id, name, signup_date, city_tier ("1"–"4"), region (华东 …), age_band,
    gender, channel (acquisition channel), acquisition_cost (yuan).

    >>> c = load_customers()
    >>> c.shape, c["customer_id"].is_unique, str(c["channel"].dtype)
    ((4000, 9), True, 'category')
    """
    return _load("customers")


def load_transactions() -> pd.DataFrame:
    """All orders 2021-01-01..2024-12-31 (amount in yuan; refunds are negative rows "…-R").

    >>> tx = load_transactions()
    >>> bool((tx["amount"] < 0).mean() < 0.1), tx["order_id"].is_unique
    (True, True)
    """
    return _load("transactions")


def load_survey() -> pd.DataFrame:
    """Satisfaction survey of SURVEY_DATE: expectation and performance (1–10), satisfaction (1–5),
    repurchased (a purchase in the 365 days after SURVEY_DATE, taken from load_transactions()).

    >>> s = load_survey()
    >>> sorted(s["satisfaction"].unique().tolist())
    [1, 2, 3, 4, 5]
    """
    return _load("survey")


def load_campaign() -> pd.DataFrame:
    """Test mailing of CAMPAIGN_DATE to a random sample of every RFM cell (one row per piece):
    cost_per_piece (yuan), responded, profit (yuan per response, 0 without response).

    >>> m = load_campaign()
    >>> float(m.loc[~m["responded"], "profit"].abs().max())
    0.0
    """
    return _load("campaign")


def load_baskets(as_lists: bool = False):
    """Market baskets: long frame (order_id, item) or, with ``as_lists=True``, a Series of sorted
    item lists indexed by order_id. Planted pairs: 啤酒+尿布, 薯片+可乐, 牙膏+牙刷.

    >>> load_baskets(as_lists=True).iloc[0] == sorted(load_baskets(as_lists=True).iloc[0])
    True
    """
    if not isinstance(as_lists, bool):
        raise ValueError(f"as_lists must be True or False, got {as_lists!r}")
    frame = _load("baskets")
    if not as_lists:
        return frame
    lists = frame.groupby("order_id", sort=True)["item"].agg(lambda s: sorted(s))
    lists.name = "items"
    return lists


def load_b2b_accounts() -> pd.DataFrame:
    """The 1,000 business accounts of the 全胜 case (short_name holds 甲 乙 丙 丁 戊 己 庚).

    >>> a = load_b2b_accounts()
    >>> sorted(a.loc[a["short_name"].str.len() == 1, "short_name"])
    ['丁', '丙', '乙', '己', '庚', '戊', '甲']
    """
    return _load("b2b_accounts")


def load_b2b_orders() -> pd.DataFrame:
    """Orders of the B2B accounts in the 365 days up to and including B2B_TODAY (yuan).

    >>> o = load_b2b_orders()
    >>> o["order_date"].max() <= B2B_TODAY, round(o["amount"].sum() / 1e6)
    (True, 40)
    """
    return _load("b2b_orders")
