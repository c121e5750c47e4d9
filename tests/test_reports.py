"""Reports: the CLI runs papermill + nbconvert, refuses bad input clearly, never loses a report."""

from __future__ import annotations

import io
import os
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
                    "Customer lifetime value by segment", "Who will buy again",
                    "Holdout check: would the model have worked?", "Recommendations"):
        assert heading in page, heading
    assert "import crm_lessons" not in page and "rep.load(" not in page  # no code cells
    assert page.count("<img") >= 5  # figures survived (no MPLBACKEND=Agg accident)
    assert "Traceback" not in page
    assert (out / "customer_report.ipynb").exists()  # --keep-notebook
    umask = os.umask(0)
    os.umask(umask)
    assert html_path.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's private 0600


def test_report_numbers_come_from_the_package(default_report):
    from crm_lessons import datasets, rfm

    out, _ = default_report
    page = html_text(out / "customer_report.html")
    tx = datasets.load_transactions()
    assert f"{tx['customer_id'].nunique():,}" in page
    assert f"{tx['amount'].sum():,.2f}" in page
    summary = rfm.rfm_summary(tx)
    n_at_risk = int((analysis.name_segments(analysis.score(summary)) == "at_risk").sum())
    assert f"{n_at_risk:,} customers are" in page
    assert "<title>Customer report</title>" in page  # a real title, not "customer_report"
    shares = re.findall(r"<td>(\d+\.\d) %</td>", page)
    assert "1.0" in shares and "4.0" in shares  # pyramid shares as percentages


def test_buy_again_section_and_columns_come_from_btyd(default_report):
    from crm_lessons import btyd, rfm

    out, _ = default_report
    page = html_text(out / "customer_report.html")
    tx = analysis.load()
    today = analysis.resolve_as_of(tx)
    forecast = btyd.customer_forecast(tx, today, horizon_months=12, discount_rate=0.10,
                                      margin=0.30)
    total = forecast["expected_purchases_12m"].sum()
    assert total > 0 and f"make {total:,.0f} purchases in the next 12 months" in page
    assert f"worth {forecast['model_clv'].sum():,.2f} yuan" in page
    check = btyd.holdout_check(tx, today, holdout_months=6)
    assert f"the customers made {check.attrs['actual_total']:,}" in page
    assert f"predicted {check.attrs['predicted_total']:,.0f} repeat purchases" in page
    table = pd.read_csv(out / "customers.csv", encoding="utf-8-sig", dtype={"customer_id": str})
    assert tuple(table.columns) == analysis.CUSTOMER_COLUMNS
    model = table.set_index("customer_id")[list(analysis.BUY_AGAIN_COLUMNS)]
    assert model.notna().all().all() and model["p_alive"].between(0, 1).all()
    expected = forecast.reindex(model.index)
    assert (model["p_alive"] - expected["p_alive"]).abs().max() <= 5e-5
    assert (model["model_clv"] - expected["model_clv"]).abs().max() <= 5e-3
    by_segment = analysis.buy_again_by_segment(forecast, analysis.name_segments(
        analysis.score(rfm.rfm_summary(tx, as_of=today))))
    assert by_segment["customers"].sum() == len(forecast)
    assert f"{by_segment['model_clv'].iloc[0]:,.2f}" in page  # the per-segment table is shown


def test_buy_again_reasons_in_both_languages():
    import crm_lessons as crm

    # two years of purchases but only 3 customers came back: too few repeat buyers to fit
    rows = [(f"C{i}", f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}", 10.0 + i) for i in range(80)]
    rows += [(f"C{i}", "2024-11-20", 5.0) for i in range(3)]
    tx = pd.DataFrame(rows, columns=["customer_id", "order_date", "amount"])
    tx["order_date"] = pd.to_datetime(tx["order_date"])
    forecast, why = analysis.buy_again(tx, pd.Timestamp("2024-11-20"), 0.10, 0.30)
    assert forecast is None
    assert why.startswith("Not forecast: only 3 customer(s) bought on more than one day")
    check, why = analysis.buy_again_holdout(tx, pd.Timestamp("2024-11-20"))
    assert check is None and why.startswith("No holdout check: only 0 customer(s)")
    try:
        crm.setup(lang="zh")
        forecast, why = analysis.buy_again(tx, pd.Timestamp("2024-11-20"), 0.10, 0.30)
        assert why.startswith("未作预测：截至2024-11-20只有3位客户")
    finally:
        crm.setup(lang="en")


def test_report_in_chinese(tmp_path):
    done = run_cli("report", "--lang", "zh", "--out", str(tmp_path), "--name", "zh")
    assert done.returncode == 0, done.stderr
    page = html_text(tmp_path / "zh.html")
    for heading in ("概览", "客户金字塔", "流失预警", "谁还会再来购买", "留出期检验", "建议"):
        assert heading in page
    assert re.search(r"预计在未来12个月内购买[\d,]+次", page)
    text = re.sub(r"`[a-z_]+`|\b[a-z]+(_[a-z]+)+\b", " ", _visible(page))  # customers.csv columns
    english = re.findall(r"[A-Za-z]{2,}(?:[ ,;:'’-]+[A-Za-z]{2,}){2,}", text)
    assert not english, english[:5]  # every heading, header, segment, action, advice in Chinese


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
    assert ", ".join(analysis.CUSTOMER_COLUMNS) in done.stdout  # the customer table's columns
    for option in ("--period", "--segments", "--xlsx"):
        assert option in done.stdout
    for template in ("customer", "clv"):
        for name in template_parameters(template):
            assert re.search(rf"^\s+{name} = ", done.stdout, re.M), name


def test_parameters_are_typed_from_the_template():
    p = resolve_parameters("customer", {"discount_rate": "0.12", "top_n": "5", "lang": "zh"})
    assert p == {"discount_rate": 0.12, "top_n": 5, "lang": "zh"}
    p = resolve_parameters("clv", {"retention": "[0.5, 0.6, 0.7]"})
    assert p["retention"] == [0.5, 0.6, 0.7]
    with pytest.raises(ReportError, match="top_n expects a whole number"):
        resolve_parameters("customer", {"top_n": "many"})
    with pytest.raises(ReportError, match="margin expects a number"):
        resolve_parameters("customer", {"margin": "high"})


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
    seg = analysis.name_segments(analysis.score(rfm.rfm_summary(tx, as_of=today)))
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
    orders = int((tx.groupby("order_id")["amount"].sum() > 0).sum())   # purchase orders
    assert "export.xlsx" in html and f"{orders:,}" in html   # lines grouped into the orders
    assert f"{len(lines):,}" not in html                     # not the lines


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


# --- issue 16: reports on real exports -----------------------------------------------------------
def _csv(path: Path, rows, header=("customer_id", "order_date", "amount")) -> Path:
    pd.DataFrame(list(rows), columns=list(header)).to_csv(path, index=False)
    return path


def _render(tmp_path: Path, data: Path, *args: str, name: str = "customer_report"):
    """Run the customer report in-process; return (html text, customers.csv frame)."""
    out = tmp_path / "out"
    extra = [] if name == "customer_report" else ["--name", name]
    code = main(["report", "--data", str(data), "--out", str(out), *extra, *args])
    assert code == 0
    page = html_text(out / f"{name}.html")
    assert "Traceback" not in page
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in page  # no warning shown
    table_name = "customers.csv" if name == "customer_report" else f"{name}_customers.csv"
    raw = (out / table_name).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    table = pd.read_csv(out / table_name, encoding="utf-8-sig", dtype={"customer_id": str})
    assert tuple(table.columns) == analysis.CUSTOMER_COLUMNS
    return page, table


def _visible(page: str) -> str:
    """The text a reader sees: no scripts, styles, images or tags."""
    body = re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>", " ", page)
    return re.sub(r"<[^>]+>", " ", body)


def _two_months(n: int = 40):
    rows = []
    for i in range(n):
        for k in range(1 + i % 4):
            rows.append((f"C{i:03d}", f"1997-0{1 + (i + k) % 2}-{1 + (3 * i + 7 * k) % 27:02d}",
                         10.0 + 7 * i + k))
    return rows


def test_report_renders_for_one_customer(tmp_path):
    data = _csv(tmp_path / "one.csv", [("A", "2024-01-05", 10.0), ("A", "2024-02-01", 20.0)])
    page, table = _render(tmp_path, data)
    assert len(table) == 1 and table.loc[0, "orders"] == 2 and table.loc[0, "revenue"] == 30.0
    assert "too few to rank" in page
    assert table["r_score"].isna().all()  # nobody ranked, nothing invented
    # a buyer who cannot be ranked is "Not ranked", not "Net refunds" (found trying one.csv)
    assert table.loc[0, "segment"].startswith("Not ranked (too few customers")


def test_fewer_customers_than_bins_shrink_the_scores_with_a_note(tmp_path):
    rows = [("A", "2024-01-05", 10.0), ("B", "2024-02-01", 20.0), ("B", "2024-03-01", 5.0),
            ("C", "2024-03-03", 50.0)]
    page, table = _render(tmp_path, _csv(tmp_path / "three.csv", rows))
    assert "Scores use 3 levels instead of 5" in page
    assert set(table["r_score"]) == {1, 2, 3}
    page, table = _render(tmp_path, _csv(tmp_path / "three.csv", rows), "-p", "bins", "2",
                          name="two")
    assert set(table["r_score"]) == {1, 2}


def test_bins_out_of_range_is_refused_before_a_kernel_starts(tmp_path, capsys):
    assert main(["report", "-p", "bins", "12", "--out", str(tmp_path)]) == 2
    assert "bins must be a whole number from 2 to 9" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.failed.ipynb"))


def test_one_day_file_says_recency_does_not_rank(tmp_path):
    rows = [(f"K{i:03d}", "2024-03-05", 10.0 + i) for i in range(209)]
    page, table = _render(tmp_path, _csv(tmp_path / "oneday.csv", rows))
    assert "recency does not separate customers" in page
    assert "before they are gone" not in page
    assert "Lost" not in set(table["segment"]) and "At risk" not in set(table["segment"])
    assert (table["r_score"] == 3).all()  # the middle score, not the worst
    assert "No cohort table" in page


def test_times_of_day_keep_the_last_days_orders(tmp_path):
    # month first, told by the 14th and the 18th (an all-≤12 column would ask for --date-format)
    rows = [("A", "03/14/2024 09:30", 10.0), ("B", "03/18/2024 17:10", 20.0),
            ("C", "03/18/2024 23:59", 30.0), ("A", "03/18/2024 08:00", 40.0)]
    page, table = _render(tmp_path, _csv(tmp_path / "times.csv", rows))
    assert "as of 2024-03-18" in page
    assert "100.00 yuan" in page  # every order counted, the last day's too
    assert table["orders"].sum() == 4
    page, _ = _render(tmp_path, _csv(tmp_path / "times.csv", rows), "--as-of", "2024-03-18",
                      name="asof")
    assert "100.00 yuan" in page  # --as-of means through the end of that day


def test_analysis_date_is_the_last_purchase_not_a_later_refund(tmp_path):
    tx = pd.DataFrame({"order_date": pd.to_datetime(["2024-03-01", "2024-03-05", "2024-04-20"]),
                       "amount": [10.0, 20.0, -5.0]})
    assert analysis.resolve_as_of(tx) == pd.Timestamp("2024-03-05")


def test_orders_count_purchases_not_refund_rows():
    tx = pd.DataFrame({"order_id": ["1", "2", "3", "4"], "customer_id": ["a", "a", "b", "b"],
                       "order_date": pd.to_datetime(["2024-01-02"] * 4),
                       "amount": [100.0, -40.0, 50.0, 30.0]})
    table = analysis.overview(tx, pd.Timestamp("2024-01-02"))
    values = dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))
    assert values["purchase orders (refunds are not orders)"] == "3"
    assert values["average order (net revenue ÷ purchase orders)"] == "46.67 yuan"  # 140 / 3


def test_last_12_months_is_a_calendar_year_on_the_bundled_data():
    from crm_lessons import datasets

    tx = datasets.load_transactions()
    table = analysis.overview(tx, pd.Timestamp("2024-12-31"))
    values = dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))
    assert values["customers active in the last 12 months"] == "1,836"
    assert values["revenue, last 12 months"] == "5,487,220.60 yuan"  # 1 Jan 2024 included


def test_refund_customers_get_their_own_label(tmp_path):
    rows = [(f"C{i:02d}", f"2024-0{1 + i % 6}-1{i % 9}", 20.0 + 10 * i) for i in range(12)]
    rows += [("R1", "2024-05-02", -30.0),                                  # refunds only
             ("N1", "2024-06-01", 50.0), ("N1", "2024-06-03", -80.0)]      # net refunds
    page, table = _render(tmp_path, _csv(tmp_path / "refunds.csv", rows))
    seg = table.set_index("customer_id")["segment"]
    assert seg["R1"] == "Refunds only" and seg["N1"].startswith("Net refunds")
    assert table.set_index("customer_id").loc[["R1", "N1"], "r_score"].isna().all()
    ranked = table.dropna(subset=["r_score"])
    assert len(ranked) == 12 and set(ranked["r_score"]) == {1, 2, 3, 4, 5}


def test_a_file_of_refunds_only_renders(tmp_path):
    rows = [(f"R{i}", f"2024-0{1 + i % 3}-0{1 + i}", -10.0 * (i + 1)) for i in range(5)]
    page, table = _render(tmp_path, _csv(tmp_path / "allrefunds.csv", rows))
    assert (table["segment"] == "Refunds only").all() and (table["orders"] == 0).all()
    assert "Not forecast: the data hold refunds only" in page  # the buy-again section says why


def test_two_months_get_monthly_cohorts_and_an_explained_clv(tmp_path):
    page, table = _render(tmp_path, _csv(tmp_path / "twomonths.csv", _two_months()))
    assert "Cohorts by month" in page
    assert "Not projected" in page and "nan" not in _visible(page).lower().split()
    # 56 days of purchases: the buy-again model says why instead of a table; its columns are empty
    assert re.search(r"Not forecast: the purchases cover only \d+ days \(1997-01-\d\d to "
                     r"1997-02-\d\d\); the buy-again model needs at least 90 days", page)
    assert table[list(analysis.BUY_AGAIN_COLUMNS)].isna().all().all()
    page, _ = _render(tmp_path, _csv(tmp_path / "twomonths.csv", _two_months()),
                      "--period", "quarter", name="quarters")
    assert "No cohort table" in page  # no complete quarter: a note, not an error


def test_as_of_two_years_after_the_last_order_renders(tmp_path):
    page, table = _render(tmp_path, _csv(tmp_path / "twomonths.csv", _two_months()),
                          "--as-of", "1999-03-01")
    assert "every customer is dormant" in page and "window_days" not in page
    assert "contact them before they are gone" not in page  # no urgency: nobody buys any more
    assert (table["warning"] == "no purchase in the last 12 months").all()
    assert "observed retention is 0 in every segment" in page


def test_segments_yaml_and_per_segment_medians(tmp_path):
    seg = tmp_path / "seg.yaml"
    seg.write_text("- name: Best\n  r: [4, 5]\n  f: [3, 5]\n  action: thank them\n"
                   "- name: Sleepers\n  r: [1, 2]\n", encoding="utf-8")
    rows = _two_months(60)
    page, table = _render(tmp_path, _csv(tmp_path / "twomonths.csv", rows), "--segments", str(seg))
    assert set(table["segment"]) <= {"Best", "Sleepers", "Others"}
    assert "thank them" in page and "median days since last purchase" in page
    ranked = table.dropna(subset=["r_score"])
    best = ranked[(ranked["r_score"] >= 4) & (ranked["f_score"] >= 3)]
    assert (best["segment"] == "Best").all() and len(best)


def test_bad_segments_file_is_refused_up_front(tmp_path, capsys):
    seg = tmp_path / "seg.yaml"
    seg.write_text("- name: Best\n  r: [5, 4]\n", encoding="utf-8")
    assert main(["report", "--segments", str(seg), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "r of 'Best' must be [low, high]" in err and len(err.strip().splitlines()) == 1


def test_xlsx_copy_of_the_customer_table(tmp_path):
    page, table = _render(tmp_path, _csv(tmp_path / "twomonths.csv", _two_months()), "--xlsx")
    book = pd.read_excel(tmp_path / "out" / "customers.xlsx", dtype={"customer_id": str})
    assert list(book.columns) == list(analysis.CUSTOMER_COLUMNS) and len(book) == len(table)
    assert "customers.xlsx" in page


def test_chinese_report_has_no_english_sentence(tmp_path):
    rows = _two_months(60) + [("R1", "1997-02-02", -30.0)]
    page, table = _render(tmp_path, _csv(tmp_path / "twomonths.csv", rows), "--lang", "zh")
    text = re.sub(r"`[a-z_]+`|\b[a-z]+(_[a-z]+)+\b", " ", _visible(page))  # customers.csv columns
    english = re.findall(r"[A-Za-z]{2,}(?:[ ,;:'’-]+[A-Za-z]{2,}){2,}", text)
    assert not english, english[:5]
    assert "仅退货" in set(table["segment"])
    assert "建议行动" in page and "客户明细表" in page
    assert "未作预测：购买记录只覆盖" in page  # the buy-again reason in Chinese


# --- one definition of an order and of F across the package (issue 16, item 6) ------------------
def test_olap_cube_counts_purchase_orders_not_refund_lines():
    from crm_lessons import datasets
    from crm_lessons import knowledge as kn

    t = pd.DataFrame({"order_id": ["1", "2", "3"], "customer_id": ["a", "a", "b"],
                      "order_date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-01-21"]),
                      "amount": [100.0, -40.0, 50.0], "region": ["N", "N", "N"]})
    cube = kn.olap_cube(t, ["region"], ["sales", "orders", "average_order"])
    assert cube.loc["N", "orders"] == 2 and cube.loc["N", "average_order"] == pytest.approx(55.0)
    facts = datasets.load_transactions().join(
        datasets.load_customers().set_index("customer_id")[["region", "city_tier"]],
        on="customer_id")
    east = kn.olap_cube(facts, ["region", "city_tier"], ["average_order"]).loc[("华东", "1")]
    assert round(float(east["average_order"]), 2) == 390.19  # net yuan per purchase order


def test_three_degrees_counts_f_as_purchase_days_like_rfm_summary():
    from crm_lessons import rfm
    from crm_lessons import satisfaction as sat

    ids = list(range(10))
    tx = pd.DataFrame({"customer_id": ids + [0, 0, 1],
                       "order_date": pd.to_datetime(["2023-12-01"] * 10
                                                    + ["2023-12-01", "2023-11-03", "2023-12-01"]),
                       "amount": [50.0] * 10 + [20.0, 30.0, -10.0]})
    survey = pd.DataFrame({"customer_id": ids, "satisfaction": [5, 4, 3, 2, 1] * 2,
                           "repurchased": [True, False] * 5})
    d = sat.three_degrees(survey, tx, "2023-12-31", folds=2)
    f = rfm.rfm_summary(tx, as_of="2023-12-31", window_days=365)["frequency"]
    assert d["frequency"].tolist() == f.reindex(ids).tolist()
    assert d.loc[0, "frequency"] == 2 and d.loc[1, "frequency"] == 1  # same day once; refund no


# --- charts and notes (issue 16, items 14 and 15) --------------------------------------------------
def test_cohort_chart_shows_sizes_marks_small_cohorts_and_thins_labels():
    import matplotlib.pyplot as plt

    from crm_lessons.plotting.reports import cohort_chart

    index = pd.period_range("2017-01", periods=90, freq="M", name="cohort")
    table = pd.DataFrame(0.3, index=index, columns=pd.RangeIndex(30, name="offset"))
    sizes = pd.Series(100, index=index)
    sizes.iloc[5] = 2  # a cohort of two customers among 8,902
    fig = cohort_chart(table, sizes)
    heat, side = fig.axes[:2]  # then the colour bar
    labels = [t.get_text() for t in heat.get_yticklabels()]
    assert len(labels) <= 45 and "2017-06 *" in labels and "2017-01" in labels
    assert [round(p.get_width()) for p in side.patches][:6] == [100, 100, 100, 100, 100, 2]
    plt.close(fig)


def test_rf_heat_map_keeps_empty_scores_and_explains_them():
    s = pd.DataFrame({"recency_days": range(20), "frequency": [1] * 14 + [2, 3, 4, 5, 6, 7],
                      "monetary": [10.0 + i for i in range(20)]},
                     index=[f"c{i}" for i in range(20)])
    scores = analysis.score(s)
    table = analysis.rf_counts(scores)
    assert list(table.columns) == [1, 2, 3, 4, 5] and table[2].sum() == 0 and table[3].sum() == 0
    assert "No customer has F score 2, 3" in analysis.empty_score_note(scores)


def test_scores_tie_rule_no_spread_and_refunds_apart():
    from crm_lessons import rfm

    s = pd.DataFrame({"recency_days": [0] * 6, "frequency": [1, 1, 2, 3, 0, 2],
                      "monetary": [10.0, 20.0, 30.0, 40.0, -5.0, -1.0]},
                     index=list("abcdef"))
    sc = rfm.rfm_scores(s, 2, ties="keep", refunds="apart")
    assert sc.loc[["e", "f"], "cell"].tolist() == ["000", "000"]  # out of the quantiles
    assert sc.attrs["no_spread"] == ["recency_days"] and (sc.loc[list("abcd"), "r_score"] == 1).all()
    assert sc.loc["a", "f_score"] == sc.loc["b", "f_score"] == 1  # equal values, equal scores
    seg = rfm.rfm_segments(sc.assign(r_score=sc["r_score"].where(sc["cell"] == "000", 5)))
    assert seg["e"] == "refunds_only" and seg["f"] == "net_refunds"
    free = rfm.rfm_scores(s.assign(monetary=s["monetary"].where(s.index != "e", 0.0)), 2,
                          ties="keep", refunds="apart")
    assert rfm.rfm_segments(free.assign(r_score=free["r_score"].where(free["cell"] == "000", 5))
                            )["e"] == "free_only"
    assert rfm.rfm_scores(s.iloc[:4], 3, ties="keep")["r_score"].tolist() == [2, 2, 2, 2]


def test_free_items_only_is_not_called_refunds_only(tmp_path):
    """A customer whose only lines are amount 0 (free items: 68 such customers in CDNOW) was
    labelled "Refunds only" while the buy-again model counted the free items as purchases."""
    rows = [(f"C{i:02d}", f"2024-0{1 + i % 6}-{1 + i:02d}", 20.0 + i) for i in range(20)]
    rows += [("FREE", "2024-03-03", 0.0), ("BACK", "2024-03-04", -15.0),
             ("NET", "2024-02-02", 10.0), ("NET", "2024-02-09", -12.0)]
    page, table = _render(tmp_path, _csv(tmp_path / "free.csv", rows))
    segment = table.set_index("customer_id")["segment"]
    assert segment["FREE"] == "Free items only (amount 0)"
    assert segment["BACK"] == "Refunds only" and segment["NET"].startswith("Net refunds")
    assert "Free items only (amount 0)" in page


def test_every_report_phrase_has_a_chinese_text_without_english_sentences():
    from crm_lessons.glossary import reports as glossary_reports

    sentence = re.compile(r"[A-Za-z]{2,}(?:[ ,;:'’-]+[A-Za-z]{2,}){2,}")
    for key, (en, zh) in glossary_reports.TERMS.items():
        assert not sentence.search(zh), (key, zh)
        slots = re.compile(r"\{(\w+)\}")  # both languages fill the same number slots
        assert sorted(slots.findall(en)) == sorted(slots.findall(zh)), key


def test_customer_table_name_can_be_chosen(tmp_path):
    data = _csv(tmp_path / "one.csv", [("A", "2024-01-05", 10.0), ("B", "2024-02-01", 20.0)])
    out = tmp_path / "out"
    assert main(["report", "--data", str(data), "--out", str(out), "-p", "customers_file",
                 "clients.csv", "--xlsx"]) == 0
    assert {p.name for p in out.iterdir()} == {"customer_report.html", "clients.csv",
                                               "clients.xlsx"}
