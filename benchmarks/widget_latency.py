"""Slider latency: per panel, the time from setting a control's value to the finished redraw.

For every panel ``crm-lessons present`` shows (every chapter, discovered), each control is moved
through a cycle of settings (a step either side of the default, then its extremes) and the time
from ``control.value = v`` to the end of the panel's update is taken: the concept module computes,
the headline is displayed and the figure is rendered to PNG exactly as the inline backend does in
Jupyter (IPython's display formatter, Agg, ``bbox_inches="tight"``). Panels above 100 ms median
are flagged. A benchmark, not a test: numbers depend on the machine and its load.

    .venv/bin/python benchmarks/widget_latency.py               # every chapter, 10 moves/control
    .venv/bin/python benchmarks/widget_latency.py --chapter 03 --repeat 20
    .venv/bin/python benchmarks/widget_latency.py --runs 3      # best of 3 runs per panel

On a shared machine the same panel can measure 30 % apart from one minute to the next; ``--runs N``
measures each panel N times (a fresh panel each time) and keeps the run with the lowest median,
as ``timeit`` keeps the fastest repeat: the figure least disturbed by other programs.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")

import ipywidgets as W  # noqa: E402
import numpy as np  # noqa: E402
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
from IPython.core.pylabtools import select_figure_formats  # noqa: E402
from IPython.utils.capture import capture_output  # noqa: E402

import crm_lessons as crm  # noqa: E402
from crm_lessons import present  # noqa: E402
from crm_lessons.navigation import CHAPTERS  # noqa: E402
from crm_lessons.widgets import controls  # noqa: E402

TARGET_MS = 100.0


def find_interactive(widget):
    """The ``ipywidgets.interactive`` inside a panel (the panel itself, or a nested one)."""
    if hasattr(widget, "kwargs_widgets"):
        return widget
    for child in getattr(widget, "children", ()):
        found = find_interactive(child)
        if found is not None:
            return found
    return None


def settings(ctrl) -> list:
    """Values to cycle a control through; consecutive values differ, so each one redraws."""
    v = ctrl.value
    if isinstance(ctrl, (W.FloatSlider, W.IntSlider, W.BoundedFloatText, W.BoundedIntText)):
        step = ctrl.step or (ctrl.max - ctrl.min) / 10
        values = [min(v + step, ctrl.max), v, max(v - step, ctrl.min), ctrl.max, ctrl.min]
    elif isinstance(ctrl, (W.Dropdown, W.RadioButtons, W.ToggleButtons, W.Select)):
        values = [o[1] if isinstance(o, tuple) else o for o in ctrl.options]
    elif isinstance(ctrl, (W.Checkbox, W.ToggleButton)):
        values = [not v, v]
    else:
        values = [v]
    cycle = [x for x, _ in itertools.groupby([v, *values])][1:]  # no repeats in a row
    return cycle or [v]


def measure(spec, repeat: int) -> dict:
    """Median, p90 and max wall time (ms) over ``repeat`` moves of each control of one panel,
    and the median CPU time of this process (ms), which other programs' load barely changes."""
    with capture_output():
        widget = spec.build()
    panel = find_interactive(widget)
    times, cpu, errors = [], [], 0
    for ctrl in controls(panel).values():
        cycle = settings(ctrl)
        if len(cycle) < 2 and cycle[0] == ctrl.value:
            continue
        default = ctrl.value
        for value in itertools.islice(itertools.cycle(cycle), repeat):
            if value == ctrl.value:
                continue
            panel.result = None
            with capture_output():
                start, start_cpu = time.perf_counter(), time.process_time()
                ctrl.value = value  # interactive redraws synchronously
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            errors += panel.result is None
        with capture_output():
            ctrl.value = default
    return {"chapter": spec.chapter, "panel": spec.name, "controls": len(controls(panel)),
            "n": len(times), "median": statistics.median(times),
            "p90": float(np.percentile(times, 90)), "max": max(times), "cpu": statistics.median(cpu), "errors": errors}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapter", action="append", help="chapter(s) to measure (default all)")
    parser.add_argument("--repeat", type=int, default=10, help="moves per control (default 10)")
    parser.add_argument("--runs", type=int, default=1,
                        help="runs per panel; the run with the lowest median is shown (default 1)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error(f"--repeat must be at least 1, got {args.repeat}")
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")

    shell = InteractiveShell.instance()
    select_figure_formats(shell, {"png"})  # what %matplotlib inline does: figures → PNG
    crm.setup()
    numbers = args.chapter or [ch.number for ch in CHAPTERS]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Slider latency: set value → redraw finished (PNG rendered), Agg, "
          f"{args.repeat} moves per control, best of {args.runs} run(s); matplotlib "
          f"{matplotlib.__version__}; load average {load:.1f} on {os.cpu_count()} CPUs")
    header = f"{'ch':<3} {'panel':<28} {'ctrls':>5} {'n':>4} {'median ms':>10} {'p90 ms':>8} " \
             f"{'max ms':>8} {'CPU ms':>7}  flag"
    print(header)
    print("-" * len(header), flush=True)
    rows, skipped, slow = [], [], 0
    for number in numbers:
        skipped += [f"{present.chapter(number).number}.{name}"
                    for name in present.panels_needing_data(number)]
        for spec in present.chapter_panels(number):
            r = min((measure(spec, args.repeat) for _ in range(args.runs)),
                    key=lambda run: run["median"])  # one row at a time: shows progress
            rows.append(r)
            flag = f"> {TARGET_MS:.0f} ms" if r["median"] > TARGET_MS else "ok"
            if r["errors"]:
                flag += f", {r['errors']} errors"
            slow += r["median"] > TARGET_MS
            print(f"{r['chapter']:<3} {r['panel']:<28} {r['controls']:>5} {r['n']:>4} "
                  f"{r['median']:>10.1f} {r['p90']:>8.1f} {r['max']:>8.1f} {r['cpu']:>7.1f}  "
                  f"{flag}", flush=True)
    print(f"{len(rows)} panels, {slow} above {TARGET_MS:.0f} ms median (wall); CPU ms is this "
          "process's own time, a guide when the machine is shared")
    if skipped:
        print("not measured (need data arguments): " + ", ".join(skipped))
    return 0

if __name__ == "__main__":
    sys.exit(main())
