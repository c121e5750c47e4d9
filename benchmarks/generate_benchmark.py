"""How long generate() takes, and how much memory it needs, for about 1,000,000 transactions.

    python benchmarks/generate_benchmark.py [--customers 84000] [--seed 2024] [--repeat 3]

Prints the wall and CPU time of the runs (best and median), the rows of every table, the peak memory
traced by tracemalloc during one extra run (Python + numpy allocations) and the process's peak
resident set size (resource.getrusage). No assertions: a benchmark reports, tests check.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import sys
import time
import tracemalloc

from crm_lessons.datasets import generate


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=84_000,
                        help="n_customers (84,000 gives about 1,000,000 transaction rows)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    generate(n_customers=1000, seed=args.seed)          # warm-up: imports, caches
    times, cpu = [], []
    for _ in range(args.repeat):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        tables = generate(n_customers=args.customers, seed=args.seed)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        del tables
    gc.collect()
    tracemalloc.start()
    tables = generate(n_customers=args.customers, seed=args.seed)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_mb = rss / 2**20 if sys.platform == "darwin" else rss / 2**10   # bytes on macOS, KiB on Linux
    print(f"generate(n_customers={args.customers:,}, seed={args.seed})")
    for name, frame in tables.items():
        print(f"  {name:13s} {len(frame):>10,d} rows")
    print(f"wall time: best {min(times):.2f} s, median {statistics.median(times):.2f} s "
          f"over {args.repeat} runs; CPU time best {min(cpu):.2f} s (wall time grows when "
          f"other processes share the cores: load average {os.getloadavg()[0]:.1f})")
    print(f"peak traced memory (tracemalloc): {peak / 2**20:,.0f} MiB")
    print(f"peak resident set size (getrusage): {rss_mb:,.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
