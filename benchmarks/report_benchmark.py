"""Customer report on generated 1 M- and 5 M-row CSVs: wall time, peak memory, how cost grows.

    .venv/bin/python benchmarks/report_benchmark.py [--sizes 1m 5m] [--keep DIR]

Targets (issues 10 and 16), on a 2-core machine: 1 M rows ≤ 30 s and ≤ 2 GB; 5 M rows ≤ 45 s
and ≤ 1.5 GB. The data come from the seeded generator (``datasets.generate``, seed 7: 84,000
customers give about 1.0 M rows, 420,000 about 5.0 M); ``--sizes cdnow5m`` adds the CDNOW
master file copied to 5 M rows (1.69 M customers: the per-customer work is four times larger). For each size the script prints the wall
time of the whole ``crm-lessons report`` run (parameter checks + reading and checking the CSV +
kernel + HTML), the peak resident memory of that run (the CLI process or the kernel, whichever is
larger), the slowest report cells as recorded by papermill, and, for 5 M, the ratio of time and
memory to the 1 M run (5.0 would mean cost grows in proportion to the rows). Wall times grow when
other processes share the cores: the load average is printed with each run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = {"1m": (84_000, 1.0, 30.0, 2048.0), "5m": (420_000, 5.0, 45.0, 1536.0),
         "cdnow5m": (0, 5.0, 45.0, 1536.0)}
MEASURE = """
import resource, subprocess, sys, time
t0 = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - t0
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write(done.stderr)
print(f"{done.returncode} {wall:.3f} {usage.ru_maxrss / 1024:.1f} {usage.ru_utime + usage.ru_stime:.3f}")
"""


def make_cdnow_csv(folder: Path, rows: int = 5_000_000) -> tuple[Path, int]:
    """The CDNOW master file (69,659 purchases of 23,570 customers, from the lifetimes package)
    copied until it has ``rows`` rows, each copy's customers renamed ("07-00123"): 1.69 M
    customers, four times as many per row as the generated data, the case the issue measured."""
    csv = folder / f"cdnow-{rows}.csv"
    if csv.exists():
        return csv, rows
    import numpy as np
    import pandas as pd

    from crm_lessons.datasets import load_cdnow

    cd = load_cdnow(sample=False)
    ids = cd["customer_id"].astype(str).to_numpy().astype("U")
    days = cd["order_date"].dt.strftime("%Y-%m-%d")
    copies = [pd.DataFrame({"customer_id": np.char.add(f"{k:02d}-", ids), "order_date": days,
                            "amount": cd["amount"]}) for k in range(-(-rows // len(cd)))]
    pd.concat(copies, ignore_index=True).iloc[:rows].to_csv(csv, index=False)
    return csv, rows


def make_csv(folder: Path, customers: int) -> tuple[Path, int]:
    """The generated transactions as CSV (made once per size and kept in ``folder``)."""
    csv = folder / f"transactions-{customers}.csv"
    rows_file = csv.with_suffix(".rows")
    if csv.exists() and rows_file.exists():
        return csv, int(rows_file.read_text())
    from crm_lessons.datasets import generate

    t0 = time.perf_counter()
    tx = generate(n_customers=customers, seed=7)["transactions"]
    tx.to_csv(csv, index=False)
    rows_file.write_text(str(len(tx)))
    print(f"  generated {len(tx):,} rows, {tx['customer_id'].nunique():,} customers, "
          f"{csv.stat().st_size / 1e6:.0f} MB CSV in {time.perf_counter() - t0:.1f} s")
    return csv, len(tx)


def run(csv: Path, out: Path) -> tuple[float, float, float, list[tuple[float, str]]]:
    """(wall s, peak MB of the largest process of the run, CPU s of all its processes, slowest
    cells)."""
    # A fresh measuring process per size, so the peak memory is this run's alone.
    done = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "crm_lessons",
                           "report", "--data", str(csv), "--out", str(out), "--keep-notebook"],
                          capture_output=True, text=True)
    code, wall, peak, cpu = done.stdout.split()
    if code != "0":
        print(done.stderr)
        raise SystemExit(int(code))
    nb = json.loads((out / "customer_report.ipynb").read_text(encoding="utf-8"))
    cells = sorted(((c["metadata"].get("papermill", {}).get("duration") or 0.0,
                     "".join(c["source"]).splitlines()[0][:70]) for c in nb["cells"]),
                   reverse=True)
    return float(wall), float(peak), float(cpu), cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=["1m", "5m"],
                        help="1m, 5m (generated data; the default) and cdnow5m (CDNOW copied to "
                             "5 M rows, needs the lifetimes package: pip install -e .[real-data])")
    parser.add_argument("--keep", help="folder to keep the CSVs and reports in (CSVs reused)")
    args = parser.parse_args()

    folder = Path(args.keep or tempfile.mkdtemp(prefix="crm-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = {}
    for size in args.sizes:
        customers, _, budget_s, budget_mb = SIZES[size]
        if size == "cdnow5m":
            print("cdnow5m: the CDNOW master file copied to 5 M rows (1.69 M customers)")
            csv, rows = make_cdnow_csv(folder)
        else:
            print(f"{size}: {customers:,} customers")
            csv, rows = make_csv(folder, customers)
        out = folder / f"report-{size}"
        out.mkdir(exist_ok=True)
        load = os.getloadavg()[0]
        wall, peak, cpu, cells = run(csv, out)
        results[size] = (rows, wall, peak, cpu)
        print(f"  report wall time: {wall:.1f} s (target ≤ {budget_s:.0f} s), peak memory "
              f"{peak:,.0f} MB (target ≤ {budget_mb:,.0f} MB), CPU time of all its processes "
              f"{cpu:.1f} s; load average before: {load:.1f}")
        print("  slowest cells (s): " + "; ".join(f"{s:.1f} {line}" for s, line in cells[:4]))
        print(f"  kernel cells total {sum(s for s, _ in cells):.1f} s; the rest is reading and "
              "checking the CSV, kernel start and HTML rendering")
    print()
    print(f"{'size':>5} {'rows':>10} {'time s':>7} {'CPU s':>6} {'peak MB':>8} "
          f"{'time ratio':>10} {'CPU ratio':>9} {'memory ratio':>12}")
    base = results.get("1m")
    for size, (rows, wall, peak, cpu) in results.items():
        ratio = (f"{wall / base[1]:10.2f} {cpu / base[3]:9.2f} {peak / base[2]:12.2f}"
                 if base and size != "1m" else f"{'–':>10} {'–':>9} {'–':>12}")
        print(f"{size:>5} {rows:>10,} {wall:7.1f} {cpu:6.1f} {peak:8,.0f} {ratio}")
    for size in ("5m", "cdnow5m"):
        if base and size in results:
            print(f"{size}: rows grew {results[size][0] / base[0]:.2f}×")


if __name__ == "__main__":
    main()
