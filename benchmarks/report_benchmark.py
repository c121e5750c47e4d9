"""Customer report on a generated 1,000,000-row CSV: wall time, peak memory, where time goes.

    .venv/bin/python benchmarks/report_benchmark.py [--customers 80000] [--keep DIR]

Target (issue 10): ≤ 30 s and ≤ 2 GB on a 2-core machine. Prints the wall time of the whole
`crm-lessons report` run (parameter checks + data validation + kernel + HTML), the peak resident
memory of this process and of the kernel (largest child), and the slowest report cells as
recorded by papermill, so the dominating step is visible.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=72_000,
                        help="customers to generate (about 14 orders each)")
    parser.add_argument("--keep", help="folder to keep the CSV and the report in")
    args = parser.parse_args()

    from crm_lessons.datasets import generate

    folder = Path(args.keep or tempfile.mkdtemp(prefix="crm-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    tx = generate(n_customers=args.customers, seed=7)["transactions"]
    csv = folder / "transactions.csv"
    tx.to_csv(csv, index=False)
    t_gen = time.perf_counter() - t0
    print(f"data: {len(tx):,} rows, {tx['customer_id'].nunique():,} customers, "
          f"{csv.stat().st_size / 1e6:.0f} MB CSV (generated in {t_gen:.1f} s)")

    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "crm_lessons", "report", "--data", str(csv),
                           "--out", str(folder), "--keep-notebook"],
                          capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        print(done.stderr)
        raise SystemExit(done.returncode)
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    nb = json.loads((folder / "customer_report.ipynb").read_text(encoding="utf-8"))
    cells = sorted(((c["metadata"].get("papermill", {}).get("duration") or 0.0,
                     "".join(c["source"]).splitlines()[0][:70]) for c in nb["cells"]),
                   reverse=True)
    print(f"report wall time: {wall:.1f} s (target ≤ 30 s) → ratio {wall / 30:.2f} of budget")
    print(f"peak memory of the largest child (CLI or kernel): {peak_children:,.0f} MB "
          f"(target ≤ 2,048 MB) → ratio {peak_children / 2048:.2f} of budget")
    print("slowest cells (s):")
    for seconds, first_line in cells[:5]:
        print(f"  {seconds:6.2f}  {first_line}")
    print(f"kernel cells total: {sum(s for s, _ in cells):.1f} s; the rest is the CLI's checks, "
          "kernel start and HTML rendering")


if __name__ == "__main__":
    main()
