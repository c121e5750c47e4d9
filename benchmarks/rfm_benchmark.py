"""RFM on 1,000,000 transactions / 100,000 customers: crm_lessons against lifetimes and DuckDB.

    .venv/bin/python benchmarks/rfm_benchmark.py [--rows 1000000] [--customers 100000] [--repeat 3]

Target (issue 8): ``rfm_summary`` + ``rfm_scores`` at least 4× faster than lifetimes'
``summary_data_from_transaction_data`` and within 1.5× of the same query in DuckDB.

Each contender runs in its own subprocess on the same seeded data (string customer ids, three
years of daily dates, 3 % refund lines), so peak memory is measured cleanly: the peak resident set
(VmHWM) is reset just before the timed calls and read after them; the figure is the growth of the
peak above the resident set with the data already loaded. Time is the best of ``--repeat`` runs
(wall clock, ``time.perf_counter``). The three do the same work — one row per customer with
recency, distinct purchase days, net spend — and DuckDB and crm_lessons also score 1–5 quintiles
(⌊position × 5 / n⌋ + 1 over a window ordered like ``rfm_scores``, ties broken by the other
measures, then the customer id; SQL's NTILE sizes uneven groups slightly differently). lifetimes computes its own
variant (repeat purchases, age T, mean repeat spend) with no scores; it is the slow reference the
issue names. The printed ratios are the point, not the absolute seconds (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

AS_OF = "2024-12-31"


def make_data(rows: int, customers: int, seed: int = 2024):
    """Seeded transactions: customer_id (str), order_date (datetime64), amount (yuan, 3 % refunds)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    # every customer buys once; the other lines go to customers by gamma(2) weights (heavy buyers)
    weight = rng.gamma(2.0, 1.0, customers)
    who = np.concatenate([np.arange(customers),
                          rng.choice(customers, rows - customers, p=weight / weight.sum())])
    who = who[rng.permutation(rows)]
    ids = np.char.add("C", np.char.zfill(who.astype(str), 6))
    day = rng.integers(0, 1096, rows)
    amount = np.round(rng.gamma(2.0, 80.0, rows), 2)
    amount[rng.random(rows) < 0.03] *= -1
    return pd.DataFrame({
        "customer_id": pd.array(ids, dtype="str"),
        "order_date": (pd.Timestamp("2022-01-01") + pd.to_timedelta(day, unit="D"))
        .astype("datetime64[ns]"),
        "amount": amount,
    })


def _crm(tx):
    from crm_lessons import rfm

    return rfm.rfm_scores(rfm.rfm_summary(tx, as_of=AS_OF))


def _lifetimes(tx):
    from lifetimes.utils import summary_data_from_transaction_data

    return summary_data_from_transaction_data(tx, "customer_id", "order_date", "amount",
                                              observation_period_end=AS_OF)


DUCKDB_SQL = f"""
WITH lines AS (
    SELECT customer_id, CAST(order_date AS DATE) AS day, amount FROM tx
), summary AS (
    SELECT customer_id,
           DATE '{AS_OF}' - COALESCE(max(day) FILTER (WHERE amount > 0), max(day)) AS recency_days,
           count(DISTINCT day) FILTER (WHERE amount > 0) AS frequency,
           sum(amount) AS monetary,
           min(day) FILTER (WHERE amount > 0) AS first_purchase,
           max(day) FILTER (WHERE amount > 0) AS last_purchase
    FROM lines GROUP BY customer_id
)
SELECT *,
       monetary / NULLIF(frequency, 0) AS average_order,
       (row_number() OVER (ORDER BY recency_days DESC, frequency, monetary, customer_id) - 1)
           * 5 // count(*) OVER () + 1 AS r_score,
       (row_number() OVER (ORDER BY frequency, recency_days DESC, monetary, customer_id) - 1)
           * 5 // count(*) OVER () + 1 AS f_score,
       (row_number() OVER (ORDER BY monetary, frequency, recency_days DESC, customer_id) - 1)
           * 5 // count(*) OVER () + 1 AS m_score
FROM summary ORDER BY customer_id
"""


def _duckdb(tx):
    import duckdb

    con = duckdb.connect()
    con.register("tx", tx)
    out = con.execute(DUCKDB_SQL).df()
    con.close()
    return out


CONTENDERS = {"crm_lessons": _crm, "duckdb": _duckdb, "lifetimes": _lifetimes}


def _vm(field: str) -> float:
    """A VmXXX line of /proc/self/status in MB (Linux), or NaN elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
        return True
    except OSError:
        return False


def worker(name: str, rows: int, customers: int, repeat: int) -> dict:
    """Run one contender (in a fresh process): best time, peak memory growth, result shape."""
    import gc

    tx = make_data(rows, customers)
    func = CONTENDERS[name]
    func(tx.iloc[:1000])  # import and warm up outside the measurement
    gc.collect()
    base = _vm("VmRSS")
    reset = _reset_peak()
    times = []
    result = None
    for _ in range(repeat):
        result = None
        gc.collect()
        t0 = time.perf_counter()
        result = func(tx)
        times.append(time.perf_counter() - t0)
    peak = _vm("VmHWM") - base if reset else float("nan")
    return {"name": name, "seconds": min(times), "all": times, "peak_mb": peak,
            "rows_out": int(len(result)), "rows_in": int(len(tx)),
            "customers_in": int(tx["customer_id"].nunique())}


def check_agreement(rows: int, customers: int) -> str:
    """crm_lessons and DuckDB must give the same summary and scores (on a 200,000-row sample)."""
    import numpy as np

    tx = make_data(rows, customers).iloc[:200_000]
    ours = _crm(tx)
    theirs = _duckdb(tx).set_index("customer_id")
    same = (np.array_equal(ours.index.to_numpy(dtype=str), theirs.index.to_numpy(dtype=str))
            and all(np.array_equal(ours[c].to_numpy(), theirs[c].to_numpy(dtype=ours[c].dtype))
                    for c in ("recency_days", "frequency", "r_score", "f_score", "m_score"))
            and np.allclose(ours["monetary"], theirs["monetary"]))
    return "identical" if same else "DIFFERENT"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--worker", choices=sorted(CONTENDERS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.rows, args.customers, args.repeat)))
        return

    results = {}
    for name in CONTENDERS:
        done = subprocess.run([sys.executable, __file__, "--worker", name, "--rows", str(args.rows),
                               "--customers", str(args.customers), "--repeat", str(args.repeat)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            print(f"{name} failed:\n{done.stderr[-2000:]}")
            raise SystemExit(1)
        results[name] = json.loads(done.stdout.strip().splitlines()[-1])
    first = results["crm_lessons"]
    print(f"data: {first['rows_in']:,} transactions, {first['customers_in']:,} customers "
          f"(best of {args.repeat} runs each)")
    for name, r in results.items():
        print(f"  {name:12s} {r['seconds']:7.3f} s   peak +{r['peak_mb']:7.1f} MB   "
              f"→ {r['rows_out']:,} rows")
    crm, lt, db = (results[k] for k in ("crm_lessons", "lifetimes", "duckdb"))
    print(f"lifetimes / crm_lessons time: {lt['seconds'] / crm['seconds']:.2f}× "
          "(target ≥ 4×)")
    print(f"crm_lessons / DuckDB time:    {crm['seconds'] / db['seconds']:.2f}× (target ≤ 1.5×)")
    print(f"memory crm_lessons / lifetimes: {crm['peak_mb'] / lt['peak_mb']:.2f}×; "
          f"crm_lessons / DuckDB: {crm['peak_mb'] / db['peak_mb']:.2f}×")
    print(f"crm_lessons and DuckDB results on a 200,000-row sample: "
          f"{check_agreement(args.rows, args.customers)}")


if __name__ == "__main__":
    main()
