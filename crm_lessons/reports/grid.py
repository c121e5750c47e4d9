"""``crm-lessons report --grid FILE.yaml``: one report per parameter set, optionally in parallel.

The YAML file is either a list of parameter sets or a mapping::

    template: customer            # optional (default: --template)
    parameters:                   # shared by every run (optional)
      discount_rate: 0.1
    runs:
      - name: east                # file name of this run's report
        filter_column: region
        filter_value: 华东
      - name: north
        filter_column: region
        filter_value: 华北

A relative ``data_path`` in the file is taken from the YAML file's folder (so a grid and its data
can be moved together); one given on the command line (``--data``) from the current folder.
"""

from __future__ import annotations

import re
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from .runner import ReportError, resolve_parameters, run_report


def load_grid(path: str | Path, template: str, base: dict) -> list[tuple[str, str, dict]]:
    """(name, template, parameters) per run; validates every run before any is started."""
    import yaml

    path = Path(path)
    if not path.exists():
        raise ReportError(f"grid file not found: {path}")
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ReportError(f"{path} is not valid YAML: {exc}") from None
    if isinstance(spec, list):
        spec = {"runs": spec}
    if not isinstance(spec, dict) or not isinstance(spec.get("runs"), list) or not spec["runs"]:
        raise ReportError(f"{path}: expected a list of parameter sets or a mapping with 'runs'")
    template = spec.get("template", template)

    def here(params: dict) -> dict:
        """``data_path`` relative to the YAML file's folder."""
        given = params.get("data_path")
        if isinstance(given, str) and given and not Path(given).expanduser().is_absolute():
            return {**params, "data_path": str((path.parent / given).resolve())}
        return params

    if base.get("data_path"):
        base = {**base, "data_path": str(Path(base["data_path"]).expanduser().resolve())}
    shared = {**base, **here(spec.get("parameters") or {})}
    runs, names = [], set()
    for i, run in enumerate(spec["runs"], start=1):
        if not isinstance(run, dict):
            raise ReportError(f"{path}: run {i} must be a mapping of parameters, got {run!r}")
        run = dict(run)
        name = str(run.pop("name", f"{template}-{i:02d}"))
        if not re.fullmatch(r"[\w.\-]+", name):
            raise ReportError(f"{path}: run name {name!r} must be letters, digits, - _ or .")
        if name in names:
            raise ReportError(f"{path}: run name {name!r} is used twice")
        names.add(name)
        params = {**shared, **here(run)}
        try:
            resolve_parameters(template, params)
        except ReportError as exc:
            raise ReportError(f"{path}: run {name}: {exc}") from None
        runs.append((name, template, params))
    return runs


def _one(name: str, template: str, params: dict, out_dir: str, keep: bool):
    try:
        result = run_report(template, params, out_dir=out_dir, name=name, keep_notebook=keep)
        return name, "ok", result.seconds, str(result.html)
    except ReportError as exc:
        return name, "failed", 0.0, str(exc)


def run_grid(path, template: str = "customer", base: dict | None = None, out_dir="output",
             jobs: int = 1, keep_notebook: bool = False) -> int:
    """Run every report of the grid; print a summary table; exit code 0 only if all succeed."""
    import pandas as pd
    from tqdm.auto import tqdm

    if jobs < 1:
        raise ReportError(f"--jobs must be ≥ 1, got {jobs}")
    runs = load_grid(path, template, base or {})
    rows = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_one, n, t, p, str(out_dir), keep_notebook) for n, t, p in runs]
        for future in tqdm(as_completed(futures), total=len(futures), desc="reports", unit="report"):
            rows.append(future.result())
    table = pd.DataFrame(rows, columns=["run", "status", "seconds", "output"]).sort_values("run")
    with pd.option_context("display.max_colwidth", 200, "display.width", 200):
        print(table.to_string(index=False, float_format=lambda x: f"{x:.1f}"))
    return 0 if (table["status"] == "ok").all() else 2
