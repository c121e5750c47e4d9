"""The 全胜 churn-warning case: ~1,000 business accounts of a chemical trading firm.

Twelve months of orders up to and including "Today" (2004-11-27), about 40 million yuan in all,
heavy-tailed (a few big accounts). Seven named accounts 甲 乙 丙 丁 戊 己 庚 are planted with the
frequency and last-order dates that reproduce the lecture's purchase-cycle table:
F = orders in the window, P = round(365 / F), R = (Today − last order).days, warn when P − R < 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

B2B_TODAY = pd.Timestamp("2004-11-27")
WINDOW_DAYS = 365            # orders fall in [Today − 364 days, Today]
N_ACCOUNTS = 1000
TOTAL_SALES = 40_000_000.0   # yuan over the window

# short name, F, last order date, rank by total sales (TM = M × F) they are planted at.
# 乙 丙 己 come from the lecture; 甲 丁 戊 庚 are our choice (the lecture gives only the sign
# of P − R), chosen so that no 365 / F ends in .5 (no rounding ambiguity).
NAMED_ACCOUNTS = (
    ("甲", 12, "2004-11-10", 20),   # P 30, R 17, P − R +13
    ("乙", 8, "2004-10-08", 30),    # P 46, R 50, P − R −4   (lecture)
    ("丙", 21, "2004-10-15", 40),   # P 17, R 43, P − R −26  (lecture)
    ("丁", 15, "2004-11-03", 75),   # P 24, R 24, P − R 0
    ("戊", 26, "2004-11-20", 110),  # P 14, R 7,  P − R +7
    ("己", 21, "2004-10-19", 140),  # P 17, R 39, P − R −22  (lecture)
    ("庚", 6, "2004-10-20", 175),   # P 61, R 38, P − R +23
)

INDUSTRIES = ("涂料", "塑料制品", "纺织印染", "制药", "电子", "日化", "农化", "建材")
INDUSTRY_SHARE = np.array([0.16, 0.18, 0.15, 0.10, 0.12, 0.12, 0.09, 0.08])
CITIES = ("上海", "苏州", "无锡", "杭州", "宁波", "南京", "常州", "嘉兴", "绍兴", "合肥", "广州",
          "深圳", "天津", "青岛")
CITY_SHARE = np.array([0.16, 0.12, 0.08, 0.10, 0.07, 0.08, 0.06, 0.05, 0.05, 0.04, 0.06, 0.05,
                       0.04, 0.04])
SALES_REPS = ("王建国", "李红梅", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "周敏", "吴刚", "孙丽")
_BRANDS = list("宏鑫华金恒瑞东佳盛汇博天润永聚德新丰源达成通美诚安泰富兴隆昌广信和")
_SUFFIX = {"涂料": "涂料有限公司", "塑料制品": "塑胶制品厂", "纺织印染": "印染有限公司",
           "制药": "制药有限公司", "电子": "电子科技有限公司", "日化": "日用化学品有限公司",
           "农化": "农化有限公司", "建材": "建材有限公司"}


def account_totals(rng: np.random.Generator, n: int) -> np.ndarray:
    """Yearly sales per account, sorted descending: lognormal(σ = 1.6) scaled to TOTAL_SALES."""
    raw = rng.lognormal(0.0, 1.6, n)
    return np.sort(raw / raw.sum() * TOTAL_SALES)[::-1]


def _named_dates(rng: np.random.Generator, first: pd.Timestamp, last: pd.Timestamp,
                 f: int) -> pd.DatetimeIndex:
    """``f`` distinct order days: ``last`` plus f − 1 days drawn without replacement before it."""
    span = (last - first).days
    days = np.sort(rng.choice(span, size=f - 1, replace=False))
    return pd.DatetimeIndex(np.append(first + pd.to_timedelta(days, unit="D"), last))


def draw_b2b(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(accounts, orders) for the 全胜 case; see the module docstring."""
    n = N_ACCOUNTS
    first_day = B2B_TODAY - pd.Timedelta(days=WINDOW_DAYS - 1)
    totals_sorted = account_totals(rng, n)
    # place the named accounts at their ranks; everyone else fills the other ranks at random
    named_ranks = np.array([rank for *_, rank in NAMED_ACCOUNTS]) - 1
    slot = np.setdiff1d(np.arange(n), named_ranks)
    perm = rng.permutation(n)                      # account index → account id position
    account_rank = np.empty(n, dtype=np.int64)
    account_rank[perm[: len(NAMED_ACCOUNTS)]] = named_ranks
    account_rank[perm[len(NAMED_ACCOUNTS):]] = rng.permutation(slot)
    total = totals_sorted[account_rank]

    industry = rng.choice(len(INDUSTRIES), n, p=INDUSTRY_SHARE / INDUSTRY_SHARE.sum())
    city = rng.choice(len(CITIES), n, p=CITY_SHARE / CITY_SHARE.sum())
    rep = rng.integers(0, len(SALES_REPS), n)
    brand = np.char.add(np.asarray(_BRANDS)[rng.integers(0, len(_BRANDS), n)],
                        np.asarray(_BRANDS)[rng.integers(0, len(_BRANDS), n)])
    short = brand.astype(object)
    name = np.array([f"{CITIES[c]}{b}{_SUFFIX[INDUSTRIES[i]]}"
                     for c, b, i in zip(city, brand, industry, strict=True)], dtype=object)
    for k, (short_name, *_rest) in enumerate(NAMED_ACCOUNTS):
        short[perm[k]] = short_name
        name[perm[k]] = f"{short_name}公司"

    # ordinary accounts: bigger accounts order more often; 15 % have lapsed (stopped ordering
    # 60–250 days ago), the rest order throughout the year
    pct = 1.0 - account_rank / (n - 1)                       # 1 = biggest
    freq = 1 + rng.poisson(1.5 + 30.0 * pct ** 3)
    lapsed = rng.random(n) < 0.15
    stop = np.where(lapsed, rng.integers(60, 251, n), 0)     # days before Today with no orders
    hi = WINDOW_DAYS - 1 - stop
    acc = np.repeat(np.arange(n), freq)
    day = np.floor(rng.random(len(acc)) * (hi[acc] + 1)).astype(np.int64)
    orders = pd.DataFrame({"acc": acc, "day": day}).drop_duplicates()   # one order per day

    named_idx = perm[: len(NAMED_ACCOUNTS)]
    orders = orders[~orders["acc"].isin(named_idx)]
    planted = []
    for k, (_short, f, last, _rank) in enumerate(NAMED_ACCOUNTS):
        dates = _named_dates(rng, first_day, pd.Timestamp(last), f)
        planted.append(pd.DataFrame({"acc": named_idx[k], "day": (dates - first_day).days}))
    orders = pd.concat([orders, *planted], ignore_index=True)
    orders = orders.sort_values(["day", "acc"], kind="stable").reset_index(drop=True)

    # split each account's total over its orders (gamma(3) weights), in yuan to the fen
    weight = rng.gamma(3.0, 1.0, len(orders))
    share = weight / pd.Series(weight).groupby(orders["acc"].to_numpy()).transform("sum").to_numpy()
    amount = np.round(total[orders["acc"].to_numpy()] * share, 2)

    ids = np.array([f"A{i:04d}" for i in range(1, n + 1)])
    accounts = pd.DataFrame({
        "account_id": pd.array(ids, dtype="str"),
        "name": pd.array(name, dtype="str"),
        "short_name": pd.array(short, dtype="str"),
        "industry": pd.Categorical.from_codes(industry, categories=list(INDUSTRIES)),
        "city": pd.array(np.asarray(CITIES)[city], dtype="str"),
        "sales_rep": pd.array(np.asarray(SALES_REPS)[rep], dtype="str"),
    })
    order_table = pd.DataFrame({
        "order_id": pd.array([f"S{i:06d}" for i in range(1, len(orders) + 1)], dtype="str"),
        "account_id": pd.array(ids[orders["acc"].to_numpy()], dtype="str"),
        "order_date": (first_day + pd.to_timedelta(orders["day"].to_numpy(), unit="D"))
        .astype("datetime64[ns]"),
        "amount": amount,
    })
    return accounts, order_table
