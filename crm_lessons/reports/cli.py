"""``crm-lessons report``: run a report template on the bundled or your own transactions."""

from __future__ import annotations

import argparse
import sys

from ..cli import command
from .runner import TEMPLATES, ReportError, run_report, template_parameters

_OPTION_PARAMS = {  # command-line option → template parameter
    "data": "data_path", "customer_col": "customer_col", "date_col": "date_col",
    "amount_col": "amount_col", "order_col": "order_col", "as_of": "as_of", "lang": "lang",
    "period": "period", "segments": "segments_path", "xlsx": "xlsx",
}


def _parameters_epilog() -> str:
    lines = ["template parameters (set with -p NAME VALUE; read from the templates):"]
    for template in TEMPLATES:
        lines.append(f"  --template {template}:")
        for name, spec in template_parameters(template).items():
            help_text = f" — {spec['help']}" if spec["help"] else ""
            lines.append(f"    {name} = {spec['default']!r}{help_text}")
    lines.append("")
    lines.append("customer table: the customer report also writes customers.csv (UTF-8 with BOM; "
                 "<name>_customers.csv with --name) beside the HTML, and with --xlsx an .xlsx "
                 "copy; one row per customer with the columns")
    from .analysis import CUSTOMER_COLUMNS

    lines.append("  " + ", ".join(CUSTOMER_COLUMNS))
    lines.append("  (orders = purchase orders, refunds are not orders; revenue = net spend; "
                 "warning = purchase-cycle status of the churn warning)")
    lines.append("")
    lines.append("examples:")
    lines.append("  crm-lessons report                                   # bundled data")
    lines.append("  crm-lessons report --data sales.csv --customer-col 客户编号 "
                 "--date-col 日期 --amount-col 金额 --lang zh")
    lines.append("  crm-lessons report --template clv -p interest 0.1 -p customers 10000")
    lines.append("  crm-lessons report --grid runs.yaml --jobs 2")
    return "\n".join(lines)


def _report_args(p: argparse.ArgumentParser) -> None:
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("--template", choices=list(TEMPLATES), default="customer",
                   help="customer: analyst report on transactions; clv: cohort LTV scenario")
    p.add_argument("--data", metavar="PATH", help="transactions file (.csv, .xlsx, .parquet); "
                   "default: the bundled data")
    p.add_argument("--customer-col", metavar="NAME", help="customer id column in --data")
    p.add_argument("--date-col", metavar="NAME", help="order date column in --data")
    p.add_argument("--amount-col", metavar="NAME", help="order amount column in --data")
    p.add_argument("--order-col", metavar="NAME", help="order id column in --data (optional)")
    p.add_argument("--as-of", metavar="DATE", help="analysis date, e.g. 2024-12-31 "
                   "(default: the last order date)")
    p.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                   metavar=("NAME", "VALUE"), help="set any template parameter (repeatable)")
    p.add_argument("--lang", choices=["en", "zh"], help="label language of the report")
    p.add_argument("--period", choices=["month", "quarter", "year"],
                   help="cohort period of the customer report (default: quarters, or months "
                        "when the history is shorter than four quarters)")
    p.add_argument("--segments", metavar="FILE.yaml", help="named segments as R/F/M score "
                   "ranges (default: the built-in segment table); see the README")
    p.add_argument("--xlsx", action="store_true", default=None,
                   help="also write the customer table as .xlsx beside customers.csv")
    p.add_argument("--out", default="output", metavar="DIR", help="output folder (default output/)")
    p.add_argument("--name", help="file name of the report without .html (default: template name)")
    p.add_argument("--keep-notebook", action="store_true", help="keep the executed .ipynb too")
    p.add_argument("--grid", metavar="FILE.yaml", help="run one report per parameter set in FILE")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="parallel runs for --grid")
    original = p.format_help

    def format_help() -> str:
        p.epilog = _parameters_epilog()
        return original()

    p.format_help = format_help  # type: ignore[method-assign]


def _given_parameters(args: argparse.Namespace) -> dict:
    params = {param: getattr(args, opt) for opt, param in _OPTION_PARAMS.items()
              if getattr(args, opt, None) is not None}
    for name, value in args.parameter:
        if name in params:
            raise ReportError(f"parameter {name} is given twice (as an option and with -p)")
        params[name] = value
    return params


@command("report", "run a report notebook (papermill) and render it to HTML without code")(
    _report_args)
def _run_report(args: argparse.Namespace) -> int:
    if args.grid:
        from .grid import run_grid

        return run_grid(args.grid, template=args.template, base=_given_parameters(args),
                        out_dir=args.out, jobs=args.jobs, keep_notebook=args.keep_notebook)
    result = run_report(args.template, _given_parameters(args), out_dir=args.out,
                        name=args.name, keep_notebook=args.keep_notebook,
                        progress=sys.stderr.isatty())
    print(f"Report written to: {result.html}")
    for path in result.files:
        print(f"Customer table: {path}")
    if result.notebook:
        print(f"Executed notebook: {result.notebook}")
    print(f"({result.seconds:.1f} s)", file=sys.stderr)
    return 0
