"""Stress the classroom page and the notebook runner for hangs (issue 19).

Pages: for each chapter with panels, ``N`` times, start ``crm-lessons present NN`` afresh (the real
command, a new server and kernel each time), load the page in Debian's Chromium (offline: nothing
but loopback is fetched) until every panel shows its headline, reload it and wait again, then stop
the server with Ctrl-C. A load that does not finish within ``--page-timeout`` is a hang. The
server starts warm (it runs every panel before printing its URL), or cold with ``--cold``.

Notebooks: each chapter notebook ``N`` times through the project's runner
(:func:`crm_lessons._kernel.run_notebook`: nbclient with the patient client). A run that stops at
the cell timeout is a hang; the runner's own count of replies found only at the end of a full
poll slice (``PatientChannel.late``, an upper bound on missed wake-ups its second guard caught)
is reported too.

    .venv/bin/python benchmarks/present_stress.py --pages 8 --notebooks 15
    .venv/bin/python benchmarks/present_stress.py --pages 1 --notebooks 0 --chapters 04 --cold

Prints one line per load or run, then per part: loads/runs, hangs, median and worst time.
"""

from __future__ import annotations

import argparse
import os
import queue
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crm_lessons import present  # noqa: E402
from crm_lessons.navigation import chapter  # noqa: E402

LOOPBACK = "http://127.0.0.1:"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update"]


def _lines(stream, out: queue.Queue) -> None:
    for line in stream:
        out.put(line)


def start_present(number: str, timeout: float, cold: bool = False
                  ) -> tuple[subprocess.Popen, str, float, list]:
    """``crm-lessons present NN`` in its own process group; (process, URL, seconds to URL, log).
    The URL is printed once the server is ready (warm: after every panel has run once)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "crm_lessons.cli", "present", number,
                             "--verbose", *(["--no-prewarm"] if cold else [])], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: queue.Queue = queue.Queue()
    log: list[str] = []
    threading.Thread(target=_lines, args=(proc.stdout, lines), daemon=True).start()
    proc.log_queue = lines  # type: ignore[attr-defined]
    while time.monotonic() - start < timeout and proc.poll() is None:
        try:
            log.append(lines.get(timeout=0.5))
        except queue.Empty:
            continue
        if log[-1].startswith(f"Chapter {number}") and " at http" in log[-1]:
            return proc, log[-1].rsplit(" at ", 1)[1].strip(), time.monotonic() - start, log
    present.stop_process(proc)
    raise RuntimeError(f"crm-lessons present {number} printed no URL within {timeout:.0f} s:\n"
                       + "".join(log)[-2000:])


def stop_present(proc: subprocess.Popen, log: list) -> int:
    """Ctrl-C, as an instructor stops it; a bounded wait, then by PID."""
    proc.send_signal(signal.SIGINT)
    try:
        code = proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        code = present.stop_process(proc)
    while not proc.log_queue.empty():  # type: ignore[attr-defined]
        log.append(proc.log_queue.get())  # type: ignore[attr-defined]
    return code


def wait_drawn(page, number: str, timeout_ms: float) -> None:
    """Every panel of the chapter shows its headline (what the browser tests wait for)."""
    deadline = time.monotonic() + timeout_ms / 1000
    for spec in present.chapter_panels(number):
        left = max(1.0, (deadline - time.monotonic()) * 1000)
        page.locator(f".{spec.css_class} .crm-headline").first.wait_for(timeout=left)


def stress_pages(chapters: list[str], n: int, page_timeout: float, chromium: str,
                 shots: Path | None, until: float, cold: bool = False) -> dict:
    from playwright.sync_api import sync_playwright

    result = {"first": [], "reload": [], "hangs": [], "loads": 0, "start": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                     args=CHROMIUM_FLAGS)
        try:
            for i in range(n):
                for number in chapters:
                    if time.monotonic() > until:
                        print("time budget used up: no more pages", flush=True)
                        return result
                    try:
                        proc, url, started, log = start_present(number, 300, cold)
                    except RuntimeError as exc:  # warm: the server's own run of the page hung
                        result["loads"] += 1
                        result["hangs"].append((number, i, "start", str(exc).splitlines()[0]))
                        print(f"page {number} #{i + 1}: HANG before the URL\n{exc}", flush=True)
                        continue
                    result["start"].append(started)
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    context.route(lambda u: not u.startswith(LOOPBACK), lambda r: r.abort())
                    page = context.new_page()
                    times = []
                    try:
                        for what in ("first", "reload"):
                            t0 = time.monotonic()
                            if what == "first":
                                page.goto(url, wait_until="commit", timeout=page_timeout * 1000)
                                result["loads"] += 1
                            else:
                                page.reload(wait_until="commit", timeout=page_timeout * 1000)
                            try:
                                wait_drawn(page, number, page_timeout * 1000)
                            except Exception as exc:  # a hang: report it, never retry
                                result["hangs"].append((number, i, what, str(exc).splitlines()[0]))
                                if shots:
                                    page.screenshot(path=str(shots / f"HANG_{number}_{i}_{what}.png"),
                                                    full_page=True)
                                times.append(None)
                                break
                            times.append(time.monotonic() - t0)
                            result[what].append(times[-1])
                    finally:
                        context.close()
                        code = stop_present(proc, log)
                    shown = " ".join("HANG" if t is None else f"{t:5.1f}s" for t in times)
                    print(f"page {number} #{i + 1}: server {started:4.1f}s, first load + reload "
                          f"{shown}, exit {code}", flush=True)
                    if any(t is None for t in times):
                        print("".join(log)[-3000:], flush=True)
        finally:
            browser.close()
    return result


def stress_notebooks(chapters: list[str], n: int, cell_timeout: int, until: float) -> dict:
    import nbformat
    from nbclient.exceptions import CellTimeoutError

    from crm_lessons._kernel import PatientChannel, run_notebook

    result = {"times": [], "hangs": [], "errors": [], "runs": 0, "late": 0}
    for i in range(n):
        for number in chapters:
            if time.monotonic() > until:
                print("time budget used up: no more notebook runs", flush=True)
                return result
            path = ROOT / "notebooks" / chapter(number).notebook
            nb = nbformat.read(path, as_version=4)
            late = PatientChannel.late
            t0 = time.monotonic()
            try:
                run_notebook(nb, path.parent, timeout=cell_timeout)
                took, status = time.monotonic() - t0, "ok"
                result["times"].append(took)
            except CellTimeoutError as exc:
                took, status = time.monotonic() - t0, "HANG"
                result["hangs"].append((number, i, str(exc).splitlines()[0]))
            except Exception as exc:  # a failing cell or a dead kernel: not a hang, but said
                took, status = time.monotonic() - t0, f"ERROR {type(exc).__name__}"
                result["errors"].append((number, i, f"{type(exc).__name__}: {exc}"[:300]))
            result["runs"] += 1
            result["late"] += PatientChannel.late - late
            print(f"notebook {number} #{i + 1}: {status} {took:5.1f}s, replies found at a "
                  f"slice's end: {PatientChannel.late - late}", flush=True)
    return result


def _summary(times: list[float]) -> str:
    if not times:
        return "no finished loads"
    return f"median {statistics.median(times):.1f} s, worst {max(times):.1f} s"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pages", type=int, default=2, metavar="N",
                   help="fresh servers per chapter (first load + reload each); default 2")
    p.add_argument("--notebooks", type=int, default=2, metavar="N",
                   help="runs of each chapter notebook; default 2")
    p.add_argument("--chapters", nargs="*", default=None,
                   help="chapter numbers (default: every chapter with panels)")
    p.add_argument("--page-timeout", type=float, default=120.0,
                   help="seconds a load may take before it counts as a hang (default 120)")
    p.add_argument("--cell-timeout", type=int, default=120,
                   help="nbclient's per-cell timeout for notebook runs, s (default 120)")
    p.add_argument("--chromium", default="/usr/bin/chromium", help="Chromium executable")
    p.add_argument("--cold", action="store_true",
                   help="crm-lessons present --no-prewarm: the first load starts the kernel")
    p.add_argument("--minutes", type=float, default=None,
                   help="time budget: start no new load or run after this many minutes")
    p.add_argument("--shots", type=Path, default=None,
                   help="folder for a screenshot of each hung page")
    args = p.parse_args(argv)
    for name in ("pages", "notebooks"):
        if getattr(args, name) < 0:
            p.error(f"--{name} must be 0 or more, got {getattr(args, name)}")
    chapters = ([chapter(c).number for c in args.chapters] if args.chapters else
                [ch.number for ch in present.chapters_with_panels()])
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    until = t0 + 60 * args.minutes if args.minutes else float("inf")
    pages = (stress_pages(chapters, args.pages, args.page_timeout, args.chromium, args.shots,
                          until, args.cold) if args.pages else None)
    books = (stress_notebooks(chapters, args.notebooks, args.cell_timeout, until)
             if args.notebooks else None)
    print(f"\n== present_stress: chapters {' '.join(chapters)}; {time.monotonic() - t0:.0f} s "
          f"in all; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    if pages:
        print(f"pages ({'cold' if args.cold else 'warm'} start): {pages['loads']} fresh first "
              f"loads, {len(pages['hangs'])} hangs "
              f"(no page within {args.page_timeout:.0f} s); first load {_summary(pages['first'])}; "
              f"reload {_summary(pages['reload'])}; server start to URL "
              f"{_summary(pages['start'])}")
        for hang in pages["hangs"]:
            print("  hang:", *hang)
    if books:
        print(f"notebooks: {books['runs']} runs, {len(books['hangs'])} hangs (cell timeout "
              f"{args.cell_timeout} s); run {_summary(books['times'])}; replies found only at a "
              f"poll slice's end (upper bound on caught missed wake-ups): {books['late']}")
        for hang in books["hangs"]:
            print("  hang:", *hang)
        for error in books["errors"]:
            print("  error:", *error)
    return 1 if (pages and pages["hangs"]) or (books and (books["hangs"] or books["errors"])) else 0


if __name__ == "__main__":
    sys.exit(main())
