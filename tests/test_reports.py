"""Reports: the CLI runs papermill + nbconvert, refuses bad input clearly, never loses a report."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from crm_lessons.cli import main
from crm_lessons.reports import analysis
from crm_lessons.reports.runner import ReportError, resolve_parameters, template_parameters

from .conftest import ROOT

CLI = [sys.executable, "-m", "crm_lessons"]
PAYLOAD = "<script>alert(1)</script>"


def run_cli(*args, cwd=None, timeout=600):
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout)


def html_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def default_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    done = run_cli("report", "--out", str(out), "--keep-notebook")
    assert done.returncode == 0, done.stderr
    return out, done


def test_default_report_has_every_section_and_no_code(default_report):
    out, done = default_report
    html_path = out / "customer_report.html"
    assert f"Report written to: {html_path.resolve()}" in done.stdout
    page = html_text(html_path)
    for heading in ("Overview", "RFM scores and named segments", "The customer pyramid",
                    "Churn warning: who to call this week", "Cohort retention and lifecycle stages",
                    "Customer lifetime value by segment", "Recommendations"):
        assert heading in page, heading
    assert "import crm_lessons" not in page and "rep.load(" not in page  # no code cells
    assert page.count("<img") >= 5  # figures survived (no MPLBACKEND=Agg accident)
    assert "Traceback" not in page
    assert (out / "customer_report.ipynb").exists()  # --keep-notebook


def test_report_numbers_come_from_the_package(default_report):
    from crm_lessons import datasets, rfm

    out, _ = default_report
    page = html_text(out / "customer_report.html")
    tx = datasets.load_transactions()
    assert f"{tx['customer_id'].nunique():,}" in page
    assert f"{tx['amount'].sum():,.2f}" in page
    summary = rfm.rfm_summary(tx)
    n_at_risk = int((rfm.rfm_segments(rfm.rfm_scores(summary, ties="keep")) == "at_risk").sum())
    assert f"{n_at_risk:,} customers are" in page


def test_report_in_chinese(tmp_path):
    done = run_cli("report", "--lang", "zh", "--out", str(tmp_path), "--name", "zh")
    assert done.returncode == 0, done.stderr
    page = html_text(tmp_path / "zh.html")
    for heading in ("概览", "客户金字塔", "流失预警", "建议"):
        assert heading in page


def test_report_on_cdnow_with_column_options_only(tmp_path):
    pytest.importorskip("lifetimes")
    from crm_lessons.datasets import load_cdnow

    cd = load_cdnow(sample=True)
    path = tmp_path / "cdnow.csv"
    cd.rename(columns={"customer_id": "cust", "order_date": "date", "amount": "dollars"})[
        ["cust", "date", "dollars"]].to_csv(path, index=False)
    done = run_cli("report", "--data", str(path), "--customer-col", "cust", "--date-col", "date",
                   "--amount-col", "dollars", "-p", "currency", "USD", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    page = html_text(tmp_path / "customer_report.html")
    assert f"{cd['customer_id'].nunique():,}" in page  # 2,357 customers
    assert "Recommendations" in page


def test_clv_template_reproduces_hughes(tmp_path):
    done = run_cli("report", "--template", "clv", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    page = html_text(tmp_path / "clv_scenario.html")
    for number in ("-640,000", "2,625,086", "5,269,531", "-6.40", "26.25", "52.70"):
        assert number in page.replace("−", "-"), number


def _xss_data(path: Path) -> None:
    rows = []
    for i in range(30):
        name = PAYLOAD if i == 0 else f"客户{i}"
        for k in range(3 + (i == 0) * 5):
            rows.append((f"K{i:02d}", name, f"2024-0{1 + k % 9}-1{k % 9}", 100.0 + 1000 * (i == 0)))
    pd.DataFrame(rows, columns=["customer_id", "name", "order_date", "amount"]).to_csv(
        path, index=False)


def test_values_from_the_data_are_escaped(tmp_path):
    data = tmp_path / "xss.csv"
    _xss_data(data)
    done = run_cli("report", "--data", str(data), "-p", "title", f"Shop {PAYLOAD}",
                   "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    page = html_text(tmp_path / "customer_report.html")
    assert PAYLOAD not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown, as text


# --- bad input: exit 2, one clear line, no traceback, the previous report untouched -----------
@pytest.fixture()
def previous(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    old = out / "customer_report.html"
    old.write_text("<p>the good report of last week</p>", encoding="utf-8")
    return out, old


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, list[str], str]]:
    good = "customer_id,order_date,amount\nA,2024-01-01,10\nB,2024-01-02,20\n"
    cases = {}

    def add(key, name, content, args, message, binary=False):
        path = tmp_path / name
        (path.write_bytes if binary else lambda c: path.write_text(c, encoding="utf-8"))(content)
        cases[key] = (path, args, message)

    add("encoding", "bytes.csv", bytes(range(128, 256)) * 50, [], "", binary=True)
    add("columns", "cols.csv", good, ["--customer-col", "客户编号"], "客户编号")
    add("dates", "dates.csv", good.replace("2024-01-02", "yesterday"), [], "date")
    add("amounts", "amounts.csv", good.replace(",20", ",twenty"), [], "amount")
    add("empty", "empty.csv", "customer_id,order_date,amount\n", [], "")
    # issue 16: the command's language, one short line for a workbook named .csv
    add("ambiguous_dates", "eu.csv", good.replace("2024-01-01", "01.02.2024")
        .replace("2024-01-02", "03.04.2024"), [], "pass --date-format %d.%m.%Y (day first)")
    buffer = io.BytesIO()
    pd.DataFrame({"customer_id": ["A"], "order_date": ["2024-01-01"], "amount": [1]}).to_excel(
        buffer, index=False)
    add("xlsx_named_csv", "book.csv", buffer.getvalue(), [],
        "book.csv looks like an Excel file; rename it to book.xlsx", binary=True)
    add("no_sheet", "book.xlsx", buffer.getvalue(), ["--sheet", "明细"],
        "book.xlsx has no sheet '明细'; its sheets: 'Sheet1'; choose one with --sheet", binary=True)
    return cases


@pytest.mark.parametrize("case", ["missing", "encoding", "columns", "dates", "amounts", "empty",
                                  "ambiguous_dates", "xlsx_named_csv", "no_sheet", "clv_data",
                                  "unknown_param", "out_of_range", "bad_date", "bad_lang"])
def test_bad_input_is_refused_clearly(case, previous, tmp_path, capsys):
    out, old = previous
    files = _bad_files(tmp_path)
    if case == "missing":
        args, needle = ["--data", str(tmp_path / "nope.csv")], "not found"
    elif case in files:
        path, extra, needle = files[case]
        args = ["--data", str(path), *extra]
    elif case == "clv_data":
        args = ["--template", "clv", "--data", str(files["columns"][0])]
        needle = "the clv template takes no data (--data given)"
    elif case == "unknown_param":
        args, needle = ["-p", "discount_rat", "0.1"], "unknown parameter discount_rat"
    elif case == "out_of_range":
        args, needle = ["-p", "discount_rate", "-2"], "discount_rate must be"
    elif case == "bad_date":
        args, needle = ["--as-of", "31/12/2024"], "as_of must be a date"
    else:
        args, needle = ["-p", "lang", "fr"], "lang must be"
    code = main(["report", *args, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("crm-lessons report: error:"), err
    assert needle in lines[0]
    assert "Traceback" not in err
    # the command's words, not the Python function's; the file named once; no dump of bytes
    assert "read_transactions" not in lines[0] and "_col)" not in lines[0]
    if case in files:
        assert lines[0].count(files[case][0].name) <= 1 and len(lines[0]) < 400
    assert old.read_text(encoding="utf-8") == "<p>the good report of last week</p>"


def test_failure_inside_the_kernel_keeps_the_partial_notebook(previous):
    out, old = previous
    done = run_cli("report", "-p", "filter_column", "region", "-p", "filter_value", "火星",
                   "--out", str(out))
    assert done.returncode == 2
    lines = [ln for ln in done.stderr.splitlines() if ln.startswith("crm-lessons report")]
    assert len(lines) == 1 and "no rows with region = '火星'" in lines[0], done.stderr
    assert "Traceback" not in done.stderr
    kept = out / "customer_report.failed.ipynb"
    assert kept.exists() and str(kept) in lines[0]
    assert old.read_text(encoding="utf-8") == "<p>the good report of last week</p>"
    assert not list(out.glob(".customer_report.*"))  # no temporary files left behind


def test_debug_shows_the_traceback(capsys):
    with pytest.raises(ReportError):
        main(["--debug", "report", "-p", "top_n", "0"])


def test_help_lists_every_template_parameter():
    done = run_cli("report", "--help")
    assert done.returncode == 0
    for template in ("customer", "clv"):
        for name in template_parameters(template):
            assert re.search(rf"^\s+{name} = ", done.stdout, re.M), name


def test_parameters_are_typed_from_the_template():
    p = resolve_parameters("customer", {"discount_rate": "0.12", "top_n": "5", "lang": "zh"})
    assert p == {"discount_rate": 0.12, "top_n": 5, "lang": "zh"}
    p = resolve_parameters("clv", {"retention": "[0.5, 0.6, 0.7]"})
    assert p["retention"] == [0.5, 0.6, 0.7]
    with pytest.raises(ReportError, match="parameter top_n expects a whole number"):
        resolve_parameters("customer", {"top_n": "many"})


def test_grid_runs_in_parallel_with_a_summary(tmp_path):
    grid = tmp_path / "grid.yaml"
    grid.write_text("parameters:\n  discount_rate: 0.1\nruns:\n"
                    "  - name: east\n    filter_column: region\n    filter_value: 华东\n"
                    "  - name: north\n    filter_column: region\n    filter_value: 华北\n",
                    encoding="utf-8")
    done = run_cli("report", "--grid", str(grid), "--jobs", "2", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "east.html").exists() and (tmp_path / "north.html").exists()
    assert re.search(r"east\s+ok", done.stdout) and re.search(r"north\s+ok", done.stdout)
    assert "华东" in html_text(tmp_path / "east.html")


def test_grid_validates_every_run_before_starting(tmp_path, capsys):
    grid = tmp_path / "grid.yaml"
    grid.write_text("- name: a\n  discount_rate: 0.1\n- name: b\n  horizon: 3\n", encoding="utf-8")
    assert main(["report", "--grid", str(grid), "--out", str(tmp_path)]) == 2
    assert "run b: unknown parameter horizon" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.html"))


# --- the analysis helpers -----------------------------------------------------------------------
def test_load_filters_and_refuses_unknown_columns():
    east = analysis.load(filter_column="region", filter_value="华东")
    assert set(east["region"].astype(str)) == {"华东"}
    with pytest.raises(ValueError, match="filter_column 'planet' is not a column"):
        analysis.load(filter_column="planet", filter_value="x")


def test_segment_clv_is_out_of_sample_and_uses_retention_clv():
    from crm_lessons import clv, datasets, rfm

    tx = datasets.load_transactions()
    today = tx["order_date"].max()
    seg = rfm.rfm_segments(rfm.rfm_scores(rfm.rfm_summary(tx, as_of=today), ties="keep"))
    table = analysis.segment_clv(tx, seg, today, 0.3, 0.1, 3)
    row = table.dropna().iloc[0]
    assert row["projected_clv"] == pytest.approx(
        clv.retention_clv(row["annual_margin"], row["retention"], 0.1, 3))
    assert table["retention"].between(0, 1).all()
    assert table["customers"].sum() == len(seg)


def test_book_links_all_resolve(tmp_path):
    from crm_lessons.book import build_book

    index = build_book(ROOT, tmp_path / "site", progress=False, execute=False)
    pages = [index, *index.parent.rglob("*.html")]
    hrefs = 0
    for page in pages:
        for href in re.findall(r'href="([^"#:]+\.html)(?:#[^"]*)?"', html_text(page)):
            assert (page.parent / href).resolve().exists(), f"{page.name} → {href}"
            hrefs += 1
    from crm_lessons.navigation import CHAPTERS

    index_text = html_text(index)
    for ch in CHAPTERS:
        assert f'href="{Path(ch.notebook).stem}.html"' in index_text
    assert hrefs > 20


# --- issue 16: options for real exports -------------------------------------------------------
def test_grid_reads_a_relative_data_path_from_the_yaml_folder(tmp_path, monkeypatch):
    """Item 13: data_path was taken from the current folder, not from the grid file's."""
    from crm_lessons.reports.grid import load_grid
    from crm_lessons.reports.runner import check_data

    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "sales.csv").write_text("customer_id,order_date,amount\nA,2024-01-02,5\n",
                                      encoding="utf-8")
    (folder / "runs.yaml").write_text("parameters:\n  data_path: sales.csv\nruns:\n  - name: a\n"
                                      "  - name: b\n    data_path: ./sales.csv\n",
                                      encoding="utf-8")
    monkeypatch.chdir(tmp_path)                      # elsewhere: sales.csv is not here
    runs = load_grid(folder / "runs.yaml", "customer", {})
    for _name, _template, params in runs:
        assert Path(params["data_path"]) == (folder / "sales.csv").resolve()
        assert check_data(params) == params          # the file is found and valid


def test_report_on_a_two_sheet_workbook_with_day_first_order_lines(tmp_path):
    """Items 1, 5, 11 end to end: --sheet, --date-format and --order-col (lines → orders)."""
    from crm_lessons import datasets

    tx = datasets.load_transactions()
    tx = tx[tx["customer_id"].isin(tx["customer_id"].unique()[:300])]
    lines = pd.concat([tx.assign(amount=tx["amount"] - 1.0), tx.assign(amount=1.0)])
    lines = lines.sort_values("order_id", kind="stable")
    sheet = pd.DataFrame({"单号": lines["order_id"], "客户": lines["customer_id"],
                          "日期": lines["order_date"].dt.strftime("%d.%m.%Y"),
                          "金额": lines["amount"]})
    book = tmp_path / "export.xlsx"
    with pd.ExcelWriter(book) as writer:
        pd.DataFrame({"说明": ["销售明细见下一页"]}).to_excel(writer, sheet_name="封面", index=False)
        sheet.to_excel(writer, sheet_name="明细", index=False)
    done = run_cli("report", "--data", str(book), "--sheet", "明细", "--customer-col", "客户",
                   "--date-col", "日期", "--amount-col", "金额", "--order-col", "单号",
                   "--date-format", "%d.%m.%Y", "--out", str(tmp_path), "--keep-notebook")
    assert done.returncode == 0, done.stderr
    html = html_text(tmp_path / "customer_report.html")
    orders = tx.loc[tx["order_date"] <= tx["order_date"].max(), "order_id"].nunique()
    assert "export.xlsx" in html and f"{orders:,}" in html   # lines grouped into the orders


def test_help_documents_the_input_options():
    done = run_cli("report", "--help")
    for option in ("--date-format FMT", "--sheet NAME", "--order-col NAME"):
        assert option in done.stdout, option
    assert "each row is taken as an order" in " ".join(done.stdout.split())


def test_the_cli_says_how_rows_became_orders(tmp_path):
    """Item 5: without --order-col each row is silently an order; the run now says so."""
    from crm_lessons.reports.runner import check_data

    path = tmp_path / "lines.csv"
    path.write_text("customer_id,order_date,amount,order,item\nA,2024-01-02,5,o1,pen\n"
                    "A,2024-01-02,6,o1,ink\nB,2024-01-03,7,o2,pad\n", encoding="utf-8")
    notes = []
    check_data({"data_path": str(path)}, notes=notes)
    assert notes == ["lines.csv: each of the 3 rows was taken as one order (no --order-col; "
                     "give it if rows are lines of orders)"]
    notes.clear()
    check_data({"data_path": str(path), "order_col": "order"}, notes=notes)
    assert notes == ["lines.csv: 3 rows grouped into 2 orders by --order-col order; columns "
                     "that vary within an order were left out: item"]


def test_checked_data_keeps_repetitive_text_compact():
    """Scale: region/category-like columns travel to the kernel as categoricals, values unchanged."""
    from crm_lessons.reports.runner import _compact

    table = pd.DataFrame({"order_id": [f"T{i}" for i in range(40)], "customer_id": ["A"] * 40,
                          "order_date": pd.Timestamp("2024-01-01"), "amount": 1.0,
                          "region": ["华东", "华北"] * 20, "note": [f"n{i}" for i in range(40)]})
    out = _compact(table)
    assert isinstance(out["region"].dtype, pd.CategoricalDtype)
    assert out["note"].dtype == table["note"].dtype and out["order_id"].dtype == table["order_id"].dtype
    assert out["region"].astype(str).tolist() == table["region"].tolist()
