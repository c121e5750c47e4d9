"""BG/NBD + Gamma-Gamma fits: crm_lessons.btyd against lifetimes, on CDNOW and 1 M customers.

    .venv/bin/python benchmarks/btyd_benchmark.py [--customers 1000000] [--repeat 3]

Target (issue 20): fitting BG/NBD and Gamma-Gamma with ``crm_lessons.btyd`` takes at most 0.5×
the time of lifetimes' ``BetaGeoFitter().fit`` + ``GammaGammaFitter().fit`` on

* the CDNOW master file (23,570 customers; calibration through 1997-09-30, time in weeks), read
  from the lifetimes wheel (``crm-lessons[real-data]``);
* ``--customers`` (default 1,000,000) seeded customers drawn from the BG/NBD story with the
  CDNOW parameters (``btyd.simulate_bgnbd``, T uniform on 27–39 weeks) and Gamma-Gamma spends.

Both contenders get the same (x, t_x, T, mean repeat spend) and run in their own subprocess, so
peak memory is clean: the peak resident set (VmHWM, Linux) is reset after the data are loaded
and read after the timed fits; the figure is its growth. Time is wall clock, best of
``--repeat`` runs, each in a fresh process, the contenders taking turns. The estimates
are compared too (largest relative difference of the 7 parameters), so a fast wrong fit shows.
PyMC-Marketing is not run: it needs PyMC and PyTensor (a C compiler toolchain and several
hundred MB), which we do not install on the course machines.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

CDNOW_PARAMS = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
GG_PARAMS = {"p": 6.25, "q": 3.74, "v": 15.44}


def make_data(which: str, customers: int, seed: int = 2026):
    """(frequency, recency, T, monetary) arrays; monetary = 0 for one-time buyers."""
    import numpy as np

    from crm_lessons import btyd, datasets

    if which == "cdnow":
        s = btyd.calibration_summary(datasets.load_cdnow(sample=False), "1997-09-30")
        return (s["frequency"].to_numpy(float), s["recency"].to_numpy(float),
                s["T"].to_numpy(float), s["monetary"].fillna(0.0).to_numpy(float))
    s = btyd.simulate_bgnbd(customers, CDNOW_PARAMS, T=(27.0, 39.0), seed=seed)
    rng = np.random.default_rng(seed + 1)
    x = s["frequency"].to_numpy(float)
    nu = rng.gamma(GG_PARAMS["q"], 1 / GG_PARAMS["v"], len(x))
    total = rng.gamma(GG_PARAMS["p"] * np.maximum(x, 1), 1 / nu)
    monetary = np.where(x > 0, total / np.maximum(x, 1), 0.0)
    return x, s["recency"].to_numpy(float), s["T"].to_numpy(float), monetary


def _crm(x, t_x, T, m):
    import numpy as np
    import pandas as pd

    from crm_lessons import btyd

    summary = pd.DataFrame({"frequency": x, "recency": t_x, "T": T,
                            "monetary": np.where(x > 0, m, np.nan)})
    bg = btyd.fit_bgnbd(summary)
    gg = btyd.fit_gamma_gamma(summary, exclude_nonpositive=True)  # free repeat purchases
    return bg.params | gg.params


def _lifetimes(x, t_x, T, m):
    from lifetimes import BetaGeoFitter, GammaGammaFitter

    bg = BetaGeoFitter().fit(x, t_x, T)
    rep = (x > 0) & (m > 0)  # the same customers: repeat buyers with positive spend
    gg = GammaGammaFitter().fit(x[rep], m[rep])
    return {k: float(v) for k, v in bg.params_.items()} | {
        k: float(v) for k, v in gg.params_.items()}


CONTENDERS = {"crm_lessons": _crm, "lifetimes": _lifetimes}


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


def worker(name: str, which: str, customers: int, repeat: int) -> dict:
    import gc
    import warnings

    warnings.simplefilter("ignore")
    x, t_x, T, m = make_data(which, customers)
    func = CONTENDERS[name]
    func(x[:3000], t_x[:3000], T[:3000], m[:3000])  # imports and warm-up outside the timing
    gc.collect()
    base = _vm("VmRSS")
    reset = _reset_peak()
    times, params = [], None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        params = func(x, t_x, T, m)
        times.append(time.perf_counter() - t0)
    peak = _vm("VmHWM") - base if reset else float("nan")
    return {"name": name, "data": which, "seconds": min(times), "all": times,
            "peak_mb": peak, "customers": int(len(x)), "repeat_buyers": int((x > 0).sum()),
            "params": params}


def _run(name: str, which: str, customers: int, repeat: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--worker", name, "--data", which,
                           "--customers", str(customers), "--repeat", str(repeat)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        print(f"{name} on {which} failed:\n{done.stderr[-2000:]}")
        raise SystemExit(1)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--worker", choices=sorted(CONTENDERS), help=argparse.SUPPRESS)
    parser.add_argument("--data", choices=["cdnow", "simulated"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.data, args.customers, args.repeat)))
        return

    print("BG/NBD + Gamma-Gamma fit time (wall clock) and peak memory growth")
    print(f"{'data':34s} {'contender':12s} {'seconds':>9s} {'peak MB':>9s}")
    ratios = {}
    for which in ("cdnow", "simulated"):
        # alternate the contenders run by run, so a busy spell on the shared machine hits both
        runs: dict[str, list[dict]] = {name: [] for name in CONTENDERS}
        for _ in range(args.repeat):
            for name in CONTENDERS:
                runs[name].append(_run(name, which, args.customers, 1))
        results = {name: min(rs, key=lambda r: r["seconds"]) for name, rs in runs.items()}
        ours, ref = results["crm_lessons"], results["lifetimes"]
        label = (f"CDNOW master ({ours['customers']:,} customers)" if which == "cdnow"
                 else f"simulated ({ours['customers']:,} customers)")
        for name, r in results.items():
            print(f"{label:34s} {name:12s} {r['seconds']:9.3f} {r['peak_mb']:9.1f}")
        diff = max(abs(ours["params"][k] / ref["params"][k] - 1) for k in ours["params"])
        ratios[which] = (ours["seconds"] / ref["seconds"], ours["peak_mb"] / ref["peak_mb"],
                         diff, ours["params"])
    print()
    for which, (t_ratio, m_ratio, diff, params) in ratios.items():
        shown = ", ".join(f"{k}={v:.3f}" for k, v in params.items())
        print(f"{which:10s} time crm_lessons / lifetimes = {t_ratio:.3f} (target ≤ 0.5)   "
              f"peak memory ratio = {m_ratio:.2f}   largest parameter difference = {diff:.1e}")
        print(f"{'':10s} estimates: {shown}")
    print("PyMC-Marketing: not run (needs PyMC/PyTensor and a C toolchain; not installed here)")


if __name__ == "__main__":
    main()
