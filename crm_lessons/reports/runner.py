"""Run a report template with papermill and render it to HTML without code.

Pipeline: check the parameters and the data here (fast, clear errors) → papermill executes the
template into a temporary notebook → nbconvert renders HTML with ``exclude_input`` → the HTML is
moved into place. A failed run never overwrites an earlier good report: the partly executed
notebook is kept beside it as ``<name>.failed.ipynb`` and the error says so.
"""

from __future__ import annotations

import datetime as _dt
import importlib.resources as resources
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

TEMPLATES = {"customer": "customer_report.ipynb", "clv": "clv_scenario.ipynb"}

#: Template parameters that ``crm-lessons report`` sets with an option of its own: messages
#: name the option the user typed, not the parameter.
OPTIONS = {"data_path": "--data", "customer_col": "--customer-col", "date_col": "--date-col",
           "amount_col": "--amount-col", "order_col": "--order-col", "date_format": "--date-format",
           "sheet": "--sheet", "as_of": "--as-of", "lang": "--lang"}

#: Parameters about the transactions file (only the customer template reads data).
DATA_PARAMETERS = ("data_path", "customer_col", "date_col", "amount_col", "order_col",
                   "date_format", "sheet")


class ReportError(ValueError):
    """A report cannot be produced; the message names the problem and the fix."""


def template_path(template: str) -> Path:
    """Path of a bundled template ("customer" or "clv")."""
    if template not in TEMPLATES:
        raise ReportError(f"--template must be one of {', '.join(TEMPLATES)}, got {template!r}")
    return Path(str(resources.files("crm_lessons.reports").joinpath(TEMPLATES[template])))


def template_parameters(template: str) -> dict[str, dict]:
    """The template's parameters: name → {default, type, help} (read with papermill)."""
    import papermill

    found = papermill.inspect_notebook(str(template_path(template)))
    return {name: {"default": _literal(p["default"]), "type": p["inferred_type_name"],
                   "help": p["help"]} for name, p in found.items()}


def _literal(text: str):
    import ast

    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


# Range checks for parameters whose bad values would only fail deep inside the kernel.
def _check_rate(name, v):
    if not 0 <= v < 1:
        raise ReportError(f"{name} must be a fraction in [0, 1) (0.10 = 10 %), got {v}")


def _check_positive_int(name, v):
    if v < 1:
        raise ReportError(f"{name} must be a whole number ≥ 1, got {v}")


def _check_lang(name, v):
    if v not in ("en", "zh"):
        raise ReportError(f"{name} must be 'en' or 'zh', got {v!r}")


def _check_date(name, v):
    if v in ("", None):
        return
    try:
        _dt.date.fromisoformat(str(v))
    except ValueError:
        raise ReportError(f"{name} must be a date like 2024-12-31, got {v!r}") from None


def _check_fraction_list(name, v):
    if not isinstance(v, list) or not v or not all(isinstance(x, (int, float)) for x in v):
        raise ReportError(f"{name} must be a list of numbers like [0.6, 0.7, 0.8], got {v!r}")


def _check_bins(name, v):
    if not 2 <= v <= 9:
        raise ReportError(f"{name} must be a whole number from 2 to 9 (5 gives quintiles), got {v}")


def _check_period(name, v):
    from .analysis import PERIODS

    if v and v not in PERIODS:
        raise ReportError(f"{name} must be one of {', '.join(PERIODS)} (or empty: chosen from the "
                          f"data), got {v!r}")


def _check_segments(name, v):
    if v:
        from .analysis import load_segment_rules

        load_segment_rules(str(v))  # raises ValueError naming the file and the entry


CHECKS = {
    "discount_rate": _check_rate, "interest": _check_rate, "horizon_years": _check_positive_int,
    "top_n": _check_positive_int, "lang": _check_lang, "as_of": _check_date,
    "bins": _check_bins, "customers": _check_positive_int,
    "retention": _check_fraction_list, "period": _check_period, "segments_path": _check_segments,
}


def coerce(name: str, value, spec: dict):
    """Turn a command-line string into the parameter's type (the template default's type)."""
    default = spec["default"]
    if not isinstance(value, str) or isinstance(default, str):
        return value
    try:
        if isinstance(default, bool):
            if value.lower() in ("true", "1", "yes"):
                return True
            if value.lower() in ("false", "0", "no"):
                return False
            raise ValueError
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        if isinstance(default, (list, dict)) or default is None:
            import yaml

            return yaml.safe_load(value)
    except (ValueError, TypeError):
        pass
    else:
        return value
    raise ReportError(f"{OPTIONS.get(name, 'parameter ' + name)} expects "
                      f"{_KINDS.get(type(default), 'a value')} "
                      f"(default {default!r}), got {value!r}")


_KINDS = {bool: "true or false", int: "a whole number", float: "a number", list: "a list",
          dict: "a mapping"}


def resolve_parameters(template: str, given: dict) -> dict:
    """Validate names (unknown names are refused, not ignored), types and ranges."""
    spec = template_parameters(template)
    unknown = sorted(set(given) - set(spec))
    data = [OPTIONS.get(n, n) for n in unknown if n in DATA_PARAMETERS]
    if data:
        raise ReportError(
            f"the {template} template takes no data ({', '.join(data)} given): it computes a "
            f"scenario from its parameters (-p NAME VALUE); use --template customer to report on "
            f"a transactions file")
    unknown = [OPTIONS.get(n, n) for n in unknown]
    if unknown:
        raise ReportError(
            f"unknown parameter {', '.join(unknown)} for the {template} template; "
            f"known: {', '.join(spec)} (see: crm-lessons report --help)")
    params = {}
    for name, value in given.items():
        value = coerce(name, value, spec[name])
        if name in CHECKS and value is not None:
            CHECKS[name](name, value)
        params[name] = value
    return params


def check_clv_inputs(params: dict) -> None:
    """Build the cohort table here once, so inconsistent inputs fail before a kernel starts."""
    from .. import clv

    spec = {name: p["default"] for name, p in template_parameters("clv").items()}
    merged = {**spec, **params}
    keys = ("customers", "retention", "orders_per_year", "average_order", "cost_rate",
            "cost_per_customer", "interest", "risk_factor")
    inputs = {k: merged[k] for k in keys}
    inputs["round_divisor"] = None if merged["round_divisor"] < 0 else merged["round_divisor"]
    try:
        clv.ltv_table(**inputs)
    except ValueError as exc:
        raise ReportError(f"clv template inputs: {exc}") from None


def orders_note(table, name: str) -> str:
    """One line saying how rows became orders (``read_transactions``' ``attrs["orders"]``)."""
    how = table.attrs.get("orders") or {}
    if how.get("source") == "column":
        dropped = how.get("dropped_columns") or []
        extra = (f"; columns that vary within an order were left out: {', '.join(dropped)}"
                 if dropped else "")
        return (f"{name}: {how['lines']:,} rows grouped into {how['orders']:,} orders by "
                f"--order-col {how['column']}{extra}")
    return (f"{name}: each of the {len(table):,} rows was taken as one order (no --order-col; "
            f"give it if rows are lines of orders)")


#: ``attrs`` key of a table this module has read and checked (the kernel then trusts it).
CHECKED = "checked_by"


def _compact(table):
    """The table as the kernel gets it: ``customer_id`` and repetitive text columns beyond the
    standard four (region, category, …) as categoricals. Same values; a fraction of the memory,
    and a million-row group-by per customer hashes small integer codes instead of text (the
    categories are sorted, so results come in the same order as for text ids)."""
    import pandas as pd

    out = table.copy(deep=False)
    out["customer_id"] = table["customer_id"].astype("category")
    limit = max(1, len(table) // 10)
    for col in table.columns[4:]:
        values = table[col]
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            # a first look at 100,000 rows rules out id-like columns without hashing them all
            head = values.iloc[:100_000]
            if head.nunique(dropna=False) > max(1, len(head) // 10):
                continue
            coded = values.astype("category")
            if len(coded.cat.categories) + coded.isna().any() <= limit:
                out[col] = coded
    return out


def check_data(params: dict, workdir: Path | None = None, notes: list | None = None) -> dict:
    """Read and validate the user's transactions here, once, so bad data fails fast.

    With ``workdir``, the validated table is written there as Parquet and the returned
    parameters point the kernel at it (standard column names, only the columns the report
    reads; no ``order_id`` when each row is an order), so the report does not parse the
    original file a second time; ``data_label`` keeps the original file name for display.
    ``notes`` (a list) receives a line on how rows became orders.
    """
    path = params.get("data_path")
    if not path:
        return params
    from ..datasets import read_transactions

    p = Path(path)
    if not p.exists():
        raise ReportError(f"data file not found: {path} (check --data)")
    kwargs = {k: params[k] for k in ("customer_col", "date_col", "amount_col") if params.get(k)}
    if params.get("order_col"):
        kwargs["order_col"] = params["order_col"]
    if params.get("date_format"):
        kwargs["date_format"] = params["date_format"]
    if params.get("sheet"):
        kwargs["sheet_name"] = params["sheet"]
    try:  # messages name the command's options and the file once
        table = read_transactions(p, messages="cli", **kwargs)
    except ValueError as exc:
        raise ReportError(str(exc)) from None
    if notes is not None:
        notes.append(orders_note(table, p.name))
    if workdir is None:
        return params
    validated = workdir / "validated.parquet"
    # The kernel gets the columns the report reads (the standard four, ``name`` for the call
    # list, the filter column): an export's other columns would only cost memory there.
    # Order ids made from row numbers (no --order-col) say only "each row is an order": the
    # kernel counts rows then, and is spared millions of id strings.
    used = ("customer_id", "order_date", "amount", "name", params.get("filter_column"))
    if (table.attrs.get("orders") or {}).get("source") != "rows":
        used += ("order_id",)
    compact = _compact(table[[c for c in table.columns if c in used]])
    compact.attrs[CHECKED] = "crm_lessons.datasets.read_transactions"
    compact.to_parquet(validated, index=False)  # attrs (how orders were formed) travel
    checked = {**params, "data_path": str(validated), "customer_col": "customer_id",
               "date_col": "order_date", "amount_col": "amount", "order_col": "order_id",
               "data_label": params.get("data_label") or p.name}
    for done in ("date_format", "sheet"):       # already applied; the Parquet has real dates
        if done in checked:
            checked[done] = ""
    return checked


@dataclass
class ReportResult:
    html: Path
    notebook: Path | None
    seconds: float
    files: list[Path] = field(default_factory=list)  # side files, e.g. customers.csv
    notes: tuple[str, ...] = ()     # what the user should know about how the data were read


def report_title(template: str, params: dict) -> str:
    """The HTML page title: the ``title`` parameter, else the template's title in its language
    (with the data file's name for the customer report)."""
    from ..glossary import term

    if params.get("title"):
        return str(params["title"])
    lang = params.get("lang") or template_parameters(template)["lang"]["default"]
    key = "report_customer_title" if template == "customer" else "report_clv_title"
    label = params.get("data_label") or (Path(params["data_path"]).name
                                         if params.get("data_path") else "")
    return f"{term(key, lang)} · {label}" if label else term(key, lang)


def run_report(template: str = "customer", params: dict | None = None, out_dir="output",
               name: str | None = None, keep_notebook: bool = False,
               progress: bool = False) -> ReportResult:
    """Execute a template with ``params`` and write ``<out_dir>/<name>.html``."""
    import shutil
    import time

    import nbformat
    import papermill
    from jupyter_core.utils import run_sync
    from nbconvert import HTMLExporter

    from .._kernel import PatientKernelManager

    start = time.perf_counter()
    params = resolve_parameters(template, dict(params or {}))
    for key in ("data_path", "segments_path"):
        if params.get(key):
            params[key] = str(Path(params[key]).expanduser().resolve())
    # MPLBACKEND=Agg in the environment would remove every figure from the executed notebook.
    os.environ.pop("MPLBACKEND", None)
    # The kernel (which inherits this environment) allocates many per-customer arrays of a few
    # MB. glibc raises its mmap threshold after the first large free, so later such arrays come
    # from the heap and stay there after use; a fixed 8 MB threshold hands them back. Measured on
    # 5 M rows: peak 1,233–1,339 → 1,164–1,209 MB (395,000 customers), 1,494–1,630 →
    # 1,467–1,476 MB (1.69 M), time unchanged. Other C libraries ignore it; a user's value wins.
    os.environ.setdefault("MALLOC_MMAP_THRESHOLD_", str(8 * 2**20))
    out = Path(out_dir)
    name = name or Path(TEMPLATES[template]).stem
    final_html = out / f"{name}.html"
    failed_nb = out / f"{name}.failed.ipynb"
    # A private folder for the validated data and the kernel's IPC sockets (local only, and no
    # "running over TCP" warning); removed whatever happens.
    work = Path(tempfile.mkdtemp(prefix="crm-report-"))
    km = None
    notes: list[str] = []
    try:
        if template == "clv":
            check_clv_inputs(params)
        else:
            params = check_data(params, work, notes)
        out.mkdir(parents=True, exist_ok=True)
        tmp_nb = work / f"{name}.ipynb"
        # side files (the customer table) are written in the private folder and moved beside
        # the HTML only when the whole report succeeded
        side = work / "files"
        side.mkdir()
        if template == "customer":  # customers.csv, <name>_customers.csv, or the name given
            customers_name = (Path(params["customers_file"]).name if params.get("customers_file")
                              else "customers.csv" if name == Path(TEMPLATES[template]).stem
                              else f"{name}_customers.csv")
            params["customers_file"] = str(side / customers_name)
        # the project's patient client (crm_lessons/_kernel.py), as everywhere a kernel runs
        km = PatientKernelManager(kernel_name="python3", transport="ipc",
                                  ip=str(work / "kernel"))
        try:
            papermill.execute_notebook(
                str(template_path(template)), str(tmp_nb), parameters=params,
                kernel_name="python3", progress_bar=progress, cwd=str(out), log_output=False,
                km=km)
        except papermill.PapermillExecutionError as exc:
            shutil.move(tmp_nb, failed_nb)
            raise ReportError(
                f"the report stopped at cell {exc.exec_count}: {exc.ename}: "
                f"{exc.evalue.strip()} — the partly executed notebook is kept at {failed_nb}; "
                f"{final_html} was not changed") from None
        exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                                exclude_output_prompt=True)
        executed = nbformat.read(tmp_nb, as_version=4)
        executed.metadata["title"] = report_title(template, params)  # the HTML <title>
        body, _ = exporter.from_notebook_node(executed)
        fd, tmp_html = tempfile.mkstemp(prefix=f".{name}.", suffix=".html", dir=out)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_html, 0o666 & ~umask)  # as any file the user writes (mkstemp gives 0600)
        os.replace(tmp_html, final_html)  # atomic: readers see the old or the new report
        files = []
        for f in sorted(side.iterdir()):
            files.append(Path(shutil.move(f, out / f.name)))
        failed_nb.unlink(missing_ok=True)
        kept = None
        if keep_notebook:
            kept = out / f"{name}.ipynb"
            shutil.move(tmp_nb, kept)
    finally:
        if km is not None and km.has_kernel:  # a kernel we started is ours to stop
            run_sync(km.shutdown_kernel)(now=True)
        shutil.rmtree(work, ignore_errors=True)
    return ReportResult(final_html.resolve(), kept, time.perf_counter() - start,
                        [f.resolve() for f in files], tuple(notes))
