"""read_transactions: encodings, formats, and one clear error per bad input."""

from __future__ import annotations

import datetime as dt
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_lessons.datasets import TransactionsError, read_transactions
from crm_lessons.datasets import _read as rt

ROWS = [("王小明", "2024-01-05", "120.50", "服装"),
        ("李&华", "2024-02-29", "-30", "食品"),
        ("王小明", "2024-03-01", "99.9", "家居")]
HEADER = ("客户", "日期", "金额", "类别")
CHINESE = {"customer_col": "客户", "date_col": "日期", "amount_col": "金额"}


def write_csv(path, rows=ROWS, header=HEADER, encoding="utf-8", sep=","):
    lines = [sep.join(header)] + [sep.join(r) for r in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def check_standard(df):
    assert list(df.columns[:4]) == ["order_id", "customer_id", "order_date", "amount"]
    assert df["order_id"].tolist() == ["T000001", "T000002", "T000003"]
    assert df["customer_id"].tolist() == ["王小明", "李&华", "王小明"]
    assert df["order_date"].tolist() == [pd.Timestamp("2024-01-05"), pd.Timestamp("2024-02-29"),
                                         pd.Timestamp("2024-03-01")]
    assert df["amount"].tolist() == [120.5, -30.0, 99.9]
    assert str(df["order_date"].dtype) == "datetime64[ns]" and str(df["amount"].dtype) == "float64"
    assert str(df["customer_id"].dtype) == "str" and str(df["order_id"].dtype) == "str"
    assert df["类别"].tolist() == ["服装", "食品", "家居"]
    assert df.attrs["excluded"] == []


# ------------------------------------------------------------------------------------------------
# encodings and formats
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding, detected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030"),
])
def test_csv_encodings_are_detected(tmp_path, encoding, detected):
    path = write_csv(tmp_path / "sales.csv", encoding=encoding)
    df = read_transactions(path, **CHINESE)
    check_standard(df)
    assert df.attrs["source"] == f"CSV, encoding {detected}"


def test_bom_does_not_leak_into_first_column_name(tmp_path):
    path = write_csv(tmp_path / "bom.csv", header=("customer_id", "order_date", "amount", "x"),
                     encoding="utf-8-sig")
    df = read_transactions(path)
    assert df["customer_id"].tolist()[0] == "王小明"


def test_explicit_encoding(tmp_path):
    path = write_csv(tmp_path / "gbk.csv", encoding="gbk")
    check_standard(read_transactions(path, encoding="gbk", **CHINESE))


def test_wrong_explicit_encoding_is_explained(tmp_path):
    path = write_csv(tmp_path / "gbk.csv", encoding="gbk")
    with pytest.raises(rt.EncodingError, match=r"gbk.csv cannot be decoded with "
                       r"encoding='utf-8' .*leave encoding=None to detect UTF-8/GBK"):
        read_transactions(path, encoding="utf-8", **CHINESE)


def test_undecodable_bytes(tmp_path):
    path = tmp_path / "binary.csv"
    path.write_bytes(b"customer_id,order_date,amount\n\xff\xfe\xfa,2024-01-01,1\n")
    with pytest.raises(rt.EncodingError, match="binary.csv is neither UTF-8 nor GBK/GB18030 text"):
        read_transactions(path)


@pytest.mark.parametrize("sep, suffix", [("\t", ".tsv"), (";", ".csv"), ("\t", ".txt")])
def test_other_delimiters_are_sniffed(tmp_path, sep, suffix):
    path = write_csv(tmp_path / f"sales{suffix}", sep=sep)
    check_standard(read_transactions(path, **CHINESE))


def test_xlsx_with_real_dates_and_numbers(tmp_path):
    frame = pd.DataFrame({"客户": ["王小明", "李&华", "王小明"],
                          "日期": [dt.datetime(2024, 1, 5), dt.datetime(2024, 2, 29),
                                 dt.datetime(2024, 3, 1)],
                          "金额": [120.5, -30, 99.9], "类别": ["服装", "食品", "家居"]})
    path = tmp_path / "sales.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"x": [1]}).to_excel(writer, sheet_name="notes", index=False)
        frame.to_excel(writer, sheet_name="orders", index=False)
    df = read_transactions(path, sheet_name="orders", **CHINESE)
    check_standard(df)
    assert df.attrs["source"] == "Excel sheet 'orders' (of 'notes', 'orders')"


def test_xlsx_numeric_customer_ids_and_text_dates(tmp_path):
    frame = pd.DataFrame({"customer_id": [1001, 1002, 1001],
                          "order_date": ["2024-01-05", "2024/2/29", "2024年3月1日"],
                          "amount": ["¥1,200.50", "(30)", "99.9元"]})
    path = tmp_path / "ids.xlsx"
    frame.to_excel(path, index=False)
    df = read_transactions(path)
    assert df["customer_id"].tolist() == ["1001", "1002", "1001"]
    assert df["order_date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-05", "2024-02-29",
                                                                 "2024-03-01"]
    assert df["amount"].tolist() == [1200.5, -30.0, 99.9]


def test_parquet(tmp_path):
    frame = pd.DataFrame({"客户": ["王小明", "李&华", "王小明"],
                          "日期": pd.to_datetime(["2024-01-05", "2024-02-29", "2024-03-01"]),
                          "金额": [120.5, -30.0, 99.9], "类别": ["服装", "食品", "家居"]})
    path = tmp_path / "sales.parquet"
    frame.to_parquet(path)
    df = read_transactions(path, **CHINESE)
    check_standard(df)
    assert df.attrs["source"] == "Parquet"


def test_order_col_is_used_and_existing_order_id_kept_aside(tmp_path):
    path = write_csv(tmp_path / "o.csv", rows=[("A", "2024-01-01", "5", "x9"),
                                               ("B", "2024-01-02", "6", "x10")],
                     header=("customer_id", "order_date", "amount", "order_id"))
    df = read_transactions(path, order_col="order_id")
    assert df["order_id"].tolist() == ["x9", "x10"] and "source_order_id" not in df
    df = read_transactions(path)
    assert df["order_id"].tolist() == ["T000001", "T000002"]
    assert df["source_order_id"].tolist() == ["x9", "x10"]
    assert df.attrs["renamed"] == {"order_id": "source_order_id"}


def test_date_format_for_day_first_dates(tmp_path):
    path = write_csv(tmp_path / "d.csv", rows=[("A", "05/01/2024", "1"), ("B", "29/02/2024", "2")],
                     header=("customer_id", "order_date", "amount"))
    df = read_transactions(path, date_format="%d/%m/%Y")
    assert df["order_date"].tolist() == [pd.Timestamp("2024-01-05"), pd.Timestamp("2024-02-29")]


def test_completely_empty_rows_are_excluded_and_reported(tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text("customer_id,order_date,amount\nA,2024-01-01,5\n,,\nB,2024-01-02,6\n , ,\n",
                    encoding="utf-8")
    with pytest.warns(UserWarning, match=r"excluded 2 completely empty rows of gaps.csv "
                      r"\(rows 2, 4\)"):
        df = read_transactions(path)
    assert df["customer_id"].tolist() == ["A", "B"]
    assert df.attrs["excluded"] == [{"row": 2, "reason": "completely empty row"},
                                    {"row": 4, "reason": "completely empty row"}]


def test_no_warning_when_nothing_is_excluded(tmp_path):
    path = write_csv(tmp_path / "ok.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_transactions(path, **CHINESE)


def test_refunds_are_kept_as_negative_amounts(tmp_path):
    df = read_transactions(write_csv(tmp_path / "r.csv"), **CHINESE)
    assert (df["amount"] < 0).sum() == 1


# ------------------------------------------------------------------------------------------------
# bad input: one clear message each
# ------------------------------------------------------------------------------------------------
def test_missing_columns_named_with_columns_found(tmp_path):
    path = write_csv(tmp_path / "sales.csv")
    with pytest.raises(rt.MissingColumnsError) as err:
        read_transactions(path, customer_col="客户", date_col="下单时间", amount_col="amount")
    assert str(err.value) == (
        "sales.csv is missing column(s) '下单时间' (date_col), 'amount' (amount_col); "
        "columns found: ['客户', '日期', '金额', '类别']; pass the right names, e.g. "
        "read_transactions(path, customer_col=..., date_col=..., amount_col=...)")


def test_missing_order_col(tmp_path):
    with pytest.raises(rt.MissingColumnsError, match=r"'单号' \(order_col\)"):
        read_transactions(write_csv(tmp_path / "s.csv"), order_col="单号", **CHINESE)


def test_unparseable_dates_counted_with_examples(tmp_path):
    rows = [("A", "2024-01-01", "1"), ("B", "2024-13-45", "2"), ("C", "yesterday", "3"),
            ("D", "", "4"), ("E", "31.02.2024", "5"), ("F", "2024-02-01", "6")]
    path = write_csv(tmp_path / "dates.csv", rows=rows, header=("customer_id", "order_date", "amount"))
    with pytest.raises(rt.DateError) as err:
        read_transactions(path)
    assert str(err.value) == (
        "dates.csv: column 'order_date' (date_col) has 4 values that cannot be read as dates, "
        "e.g. row 2: '2024-13-45', row 3: 'yesterday', row 4: '' (and 1 more); dates such as "
        "2024-12-31, 31.12.2024, 12/31/2024 14:05 or 2024年12月31日 are read; pass date_format "
        "for other forms")


def test_dates_not_matching_date_format(tmp_path):
    rows = [("A", "2024-01-05", "1")]
    path = write_csv(tmp_path / "d.csv", rows=rows, header=("customer_id", "order_date", "amount"))
    with pytest.raises(rt.DateError, match=r"1 value that cannot be read as dates, e\.g\. row 1: "
                       r"'2024-01-05'; they do not match date_format='%d/%m/%Y'"):
        read_transactions(path, date_format="%d/%m/%Y")


def test_non_numeric_amounts_counted_with_examples(tmp_path):
    rows = [("A", "2024-01-01", "12"), ("B", "2024-01-02", "abc"), ("C", "2024-01-03", ""),
            ("D", "2024-01-04", "1.2.3")]
    path = write_csv(tmp_path / "amt.csv", rows=rows, header=("customer_id", "order_date", "amount"))
    with pytest.raises(rt.AmountError) as err:
        read_transactions(path)
    assert str(err.value) == (
        "amt.csv: column 'amount' (amount_col) has 3 values that are not numbers, e.g. row 2: 'abc', "
        "row 3: '', row 4: '1.2.3'; amounts must be numbers in yuan (refunds as negative numbers)")


def test_infinite_amount_in_parquet_is_rejected(tmp_path):
    path = tmp_path / "inf.parquet"
    pd.DataFrame({"customer_id": ["A"], "order_date": pd.to_datetime(["2024-01-01"]),
                  "amount": [np.inf]}).to_parquet(path)
    with pytest.raises(rt.AmountError, match="1 value that are not numbers, e.g. row 1: inf"):
        read_transactions(path)


def test_empty_customer_id(tmp_path):
    rows = [("A", "2024-01-01", "1"), ("", "2024-01-02", "2")]
    path = write_csv(tmp_path / "c.csv", rows=rows, header=("customer_id", "order_date", "amount"))
    with pytest.raises(rt.MissingValuesError, match=r"column 'customer_id' \(customer_col\) has "
                       r"1 empty value, e.g. row 2: ''; every transaction needs one"):
        read_transactions(path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(rt.EmptyFileError, match=re.escape(
            "empty.csv is empty (0 bytes); expected a header row and at least one transaction")):
        read_transactions(path)


def test_blank_file(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("\n  \n", encoding="utf-8")
    with pytest.raises(rt.EmptyFileError, match="blank.csv contains only blank space"):
        read_transactions(path)


def test_header_only(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("customer_id,order_date,amount\n", encoding="utf-8")
    with pytest.raises(rt.EmptyFileError, match=re.escape(
            "header.csv has a header (['customer_id', 'order_date', 'amount']) but no data rows")):
        read_transactions(path)


def test_only_empty_rows(tmp_path):
    path = tmp_path / "holes.csv"
    path.write_text("customer_id,order_date,amount\n,,\n,,\n", encoding="utf-8")
    with pytest.raises(rt.EmptyFileError, match=r"no data rows \(only 2 empty rows\)"):
        read_transactions(path)


def test_empty_parquet(tmp_path):
    path = tmp_path / "none.parquet"
    pd.DataFrame({"customer_id": pd.Series([], dtype="str"),
                  "order_date": pd.Series([], dtype="datetime64[ns]"),
                  "amount": pd.Series([], dtype="float64")}).to_parquet(path)
    with pytest.raises(rt.EmptyFileError, match="none.parquet has a header .* but no data rows"):
        read_transactions(path)


def test_an_order_id_used_by_two_customers_is_refused(tmp_path):
    rows = [("A", "2024-01-01", "1", "o1"), ("B", "2024-01-02", "2", "o2"),
            ("C", "2024-01-03", "3", "o1"), ("B", "2024-01-04", "4", "o2"),
            ("E", "2024-01-05", "5", "o1"), ("F", "2024-01-06", "6", "o3")]
    path = write_csv(tmp_path / "dup.csv", rows=rows,
                     header=("customer_id", "order_date", "amount", "单号"))
    with pytest.raises(rt.DuplicateOrderError) as err:
        read_transactions(path, order_col="单号")
    assert str(err.value) == (
        "dup.csv: column '单号' (order_col) has 1 order id used by more than one customer, e.g. "
        "'o1' on rows 1, 3, 5; an order belongs to one customer (lines of one order share its "
        "id)")


def test_order_lines_are_grouped_into_orders(tmp_path):
    """Issue 16 item 5: a line-item file with --order-col was rejected (repeated order ids)."""
    rows = [("A", "2024-01-01", "10", "o1", "华东", "pen"),
            ("A", "2024-01-01", "15.5", "o1", "华东", "ink"),
            ("B", "2024-01-02", "20", "o2", "华北", "pad"),
            ("A", "2024-01-09", "-10", "o1", "华东", "pen"),     # a refund line of order o1
            ("B", "2024-01-05", "-20", "r7", "华北", "pad")]     # a refund booked as its own id
    path = write_csv(tmp_path / "lines.csv", rows=rows,
                     header=("customer_id", "order_date", "amount", "单号", "region", "item"))
    df = read_transactions(path, order_col="单号")
    assert df[["order_id", "customer_id", "amount"]].to_dict("list") == {
        "order_id": ["o1", "o2", "r7"], "customer_id": ["A", "B", "B"],
        "amount": [15.5, 20.0, -20.0]}
    assert df["order_date"].tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-02"),
                                         pd.Timestamp("2024-01-05")]
    assert df["region"].tolist() == ["华东", "华北", "华北"] and "item" not in df
    assert df.attrs["orders"] == {"source": "column", "column": "单号", "lines": 5, "orders": 3,
                                  "dropped_columns": ["item"]}
    # the package's one definition of a purchase (net > 0) then counts 2 purchases, 1 refund
    from crm_lessons import rfm

    summary = rfm.rfm_summary(df, as_of="2024-01-31")
    assert summary["frequency"].sum() == 2


def test_without_order_col_each_row_is_an_order(tmp_path):
    df = read_transactions(write_csv(tmp_path / "s.csv"), **CHINESE)
    assert df.attrs["orders"] == {"source": "rows", "lines": 3, "orders": 3}


@pytest.mark.parametrize("name, shown", [("sales.json", "'.json'"), ("sales.xls", "'.xls'"),
                                         ("sales", "'(none)'")])
def test_unknown_extension(tmp_path, name, shown):
    path = tmp_path / name
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(rt.UnknownFormatError, match=re.escape(
            f"unknown file extension {shown} for {name}; read_transactions reads .csv, .txt, "
            f".tsv, .xlsx, .xlsm, .parquet, .pq (for .xls, save as .xlsx)")):
        read_transactions(path)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file: .*nowhere.csv"):
        read_transactions(tmp_path / "nowhere.csv")


@pytest.mark.parametrize("kwargs, message", [
    ({"customer_col": None}, "customer_col must be a column name (non-empty text), got None"),
    ({"date_col": ""}, "date_col must be a column name (non-empty text), got ''"),
    ({"order_col": 3}, "order_col must be a column name or None, got 3"),
])
def test_bad_arguments(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        read_transactions(write_csv(tmp_path / "s.csv"), **kwargs)


def test_all_errors_are_value_errors():
    for cls in (rt.UnknownFormatError, rt.EmptyFileError, rt.EncodingError,
                rt.MissingColumnsError, rt.DateError, rt.AmountError, rt.MissingValuesError,
                rt.DuplicateOrderError):
        assert issubclass(cls, TransactionsError) and issubclass(cls, ValueError)


# ------------------------------------------------------------------------------------------------
# properties
# ------------------------------------------------------------------------------------------------
ids = st.text(alphabet="ABC王李张0123456789&<>'", min_size=1, max_size=6).map(str.strip).filter(bool)


@settings(max_examples=25, deadline=None)
@given(rows=st.lists(st.tuples(ids, st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
                               st.floats(-1e6, 1e6, allow_nan=False)), min_size=1, max_size=20),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_csv_round_trip(tmp_path_factory, rows, encoding):
    """Whatever we write (ids, dates, amounts) comes back unchanged, in order, nothing dropped."""
    folder = tmp_path_factory.mktemp("rt")
    frame = pd.DataFrame(rows, columns=["customer_id", "order_date", "amount"])
    path = folder / "x.csv"
    frame.to_csv(path, index=False, encoding=encoding, float_format="%.17g")
    df = read_transactions(path)
    assert df["customer_id"].tolist() == frame["customer_id"].tolist()
    assert df["order_date"].dt.date.tolist() == frame["order_date"].tolist()
    assert df["amount"].tolist() == frame["amount"].tolist()
    assert df["order_id"].is_unique and len(df) == len(frame)


def test_bundled_transactions_read_back(tmp_path):
    from crm_lessons import datasets

    tx = datasets.load_transactions().head(500)
    path = tmp_path / "tx.parquet"
    tx.to_parquet(path)
    df = read_transactions(path, order_col="order_id")
    pd.testing.assert_frame_equal(df[["order_id", "customer_id", "order_date", "amount"]],
                                  tx[["order_id", "customer_id", "order_date", "amount"]])
    assert list(df.columns[4:]) == ["quantity", "category"]


def test_ambiguous_numbers_are_not_silently_read(tmp_path):
    rows = [("A", "20240105", '"1,234.50"'), ("B", "12", "2"), ("C", "2024-01-03", '"12,50"')]
    path = write_csv(tmp_path / "n.csv", rows=rows, header=("customer_id", "order_date", "amount"))
    with pytest.raises(rt.DateError, match=r"has 1 value that cannot be read as dates, e\.g\. "
                       r"row 2: '12'"):
        read_transactions(path)
    path = write_csv(tmp_path / "m.csv", rows=[rows[0], rows[2]],
                     header=("customer_id", "order_date", "amount"))
    with pytest.raises(rt.AmountError, match=r"has 1 value that are not numbers, e\.g\. "
                       r"row 2: '12,50'"):
        read_transactions(path)
    ok = write_csv(tmp_path / "ok.csv", rows=[rows[0]], header=("customer_id", "order_date", "amount"))
    df = read_transactions(ok)
    assert df["order_date"].tolist() == [pd.Timestamp("2024-01-05")]
    assert df["amount"].tolist() == [1234.5]


# ------------------------------------------------------------------------------------------------
# issue 16: day-first dates, times of day, sheets, binary files, the command's language
# ------------------------------------------------------------------------------------------------
DMY = [("A", "05.01.2024", "1"), ("B", "13.02.2024", "2"), ("C", "03.04.2024", "3")]


def test_day_first_dates_are_inferred_from_the_whole_column(tmp_path):
    """Item 1: '05.01.2024' was read as 1 May (per-row guess) while '13.02.2024' was day-first."""
    path = write_csv(tmp_path / "flights.csv", rows=DMY, sep=";",
                     header=("customer_id", "order_date", "amount"))
    df = read_transactions(path)
    assert df["order_date"].tolist() == [pd.Timestamp("2024-01-05"), pd.Timestamp("2024-02-13"),
                                         pd.Timestamp("2024-04-03")]


def test_month_first_dates_are_inferred_from_the_whole_column(tmp_path):
    rows = [("A", "01/05/2024", "1"), ("B", "02/13/2024", "2")]
    path = write_csv(tmp_path / "us.csv", rows=rows, header=("customer_id", "order_date", "amount"))
    assert read_transactions(path)["order_date"].tolist() == [pd.Timestamp("2024-01-05"),
                                                              pd.Timestamp("2024-02-13")]


def test_an_ambiguous_column_asks_for_the_date_format(tmp_path):
    rows = [("A", "05.01.2024", "1"), ("B", "03.04.2024", "2"), ("C", "07.07.2024", "3")]
    path = write_csv(tmp_path / "eu.csv", rows=rows, sep=";",
                     header=("customer_id", "order_date", "amount"))
    with pytest.raises(rt.DateError) as err:
        read_transactions(path)
    assert str(err.value) == (
        "eu.csv: column 'order_date' (date_col) is ambiguous: none of its 3 distinct dates has a "
        "field above 12, so '05.01.2024' could be day-first or month-first; pass "
        "date_format='%d.%m.%Y' (day first) or date_format='%m.%d.%Y' (month first)")
    with pytest.raises(rt.DateError, match="pass --date-format %d.%m.%Y \\(day first\\) or "
                       "--date-format %m.%d.%Y \\(month first\\)$"):
        read_transactions(path, messages="cli")
    assert read_transactions(path, date_format="%d.%m.%Y")["order_date"].dt.month.tolist() == \
        [1, 4, 7]
    assert read_transactions(path, date_format="mdy")["order_date"].dt.month.tolist() == [5, 3, 7]


def test_dates_in_both_orders_are_refused(tmp_path):
    rows = [("A", "13/01/2024", "1"), ("B", "01/13/2024", "2")]
    path = write_csv(tmp_path / "mixed.csv", rows=rows,
                     header=("customer_id", "order_date", "amount"))
    with pytest.raises(rt.DateError, match=r"mixes day-first dates \(e\.g\. '13/01/2024'\) and "
                       r"month-first dates \(e\.g\. '01/13/2024'\)"):
        read_transactions(path)


def test_times_of_day_are_kept(tmp_path):
    """Item 2 (reading part): times survive reading, in every written form."""
    rows = [("A", "01/31/2024 23:30", "1"), ("B", "2024-02-01 08:05:09", "2"),
            ("C", "2/3/2024 1:15 PM", "3"), ("D", "2024-02-04T10:00:00.5", "4")]
    path = write_csv(tmp_path / "t.csv", rows=rows, header=("customer_id", "order_date", "amount"))
    assert read_transactions(path)["order_date"].tolist() == [
        pd.Timestamp("2024-01-31 23:30"), pd.Timestamp("2024-02-01 08:05:09"),
        pd.Timestamp("2024-02-03 13:15"), pd.Timestamp("2024-02-04 10:00:00.5")]


def test_a_bad_date_format_value_is_explained(tmp_path):
    with pytest.raises(ValueError, match="--date-format must be a strftime format such as "
                       "'%d.%m.%Y' or one of dmy, mdy, ymd"):
        read_transactions(write_csv(tmp_path / "s.csv"), date_format="DD.MM.YYYY", messages="cli",
                          **CHINESE)


def _two_sheets(path, cover_first=True):
    data = pd.DataFrame({"customer_id": ["A", "B"], "order_date": ["2024-01-02", "2024-01-03"],
                         "amount": [5.0, 6.0]})
    cover = pd.DataFrame({"报表": ["销售明细"], "说明": ["见第二页"]})
    with pd.ExcelWriter(path) as writer:
        for name, frame in ((("封面", cover), ("明细", data)) if cover_first
                            else (("明细", data), ("封面", cover))):
            frame.to_excel(writer, sheet_name=name, index=False)
    return path


def test_sheet_by_name_and_errors_name_the_sheet(tmp_path):
    """Item 11: only the first sheet was read and the error did not say which one."""
    path = _two_sheets(tmp_path / "book.xlsx")
    with pytest.raises(rt.MissingColumnsError) as err:
        read_transactions(path, messages="cli")
    assert str(err.value) == (
        "sheet '封面' of book.xlsx is missing column(s) 'customer_id' (--customer-col), "
        "'order_date' (--date-col), 'amount' (--amount-col); columns found: ['报表', '说明']; "
        "sheet '明细' has them: --sheet 明细")
    assert read_transactions(path, sheet_name="明细")["amount"].tolist() == [5.0, 6.0]
    with pytest.raises(rt.SheetError, match=r"book.xlsx has no sheet 'Data'; its sheets: "
                       r"'封面', '明细'; choose one with --sheet$"):
        read_transactions(path, sheet_name="Data", messages="cli")


@pytest.mark.parametrize("kind", ["xlsx", "zip", "parquet", "binary"])
def test_binary_files_with_a_text_name_get_one_short_line(tmp_path, kind):
    """Item 12: an Excel file named .csv gave a 200-character dump of decoded bytes."""
    path = tmp_path / "sales.csv"
    if kind == "xlsx":
        _two_sheets(tmp_path / "b.xlsx").rename(path)
        expected = "sales.csv looks like an Excel file; rename it to sales.xlsx"
    elif kind == "zip":
        import zipfile

        with zipfile.ZipFile(path, "w") as z:
            z.writestr("data.csv", "customer_id,order_date,amount\n")
        expected = "sales.csv looks like a zip archive (unzip it first)"
    elif kind == "parquet":
        pd.DataFrame({"a": [1]}).to_parquet(path)
        expected = "sales.csv looks like a Parquet file; rename it to sales.parquet"
    else:
        path.write_bytes(b"\x00\x01\x02" * 100)
        expected = "sales.csv looks like a binary file, not text"
    with pytest.raises(rt.UnknownFormatError) as err:
        read_transactions(path)
    assert str(err.value) == expected


def test_text_named_xlsx_says_so(tmp_path):
    path = write_csv(tmp_path / "sales.xlsx")
    with pytest.raises(rt.UnknownFormatError, match=r"^sales.xlsx is not an Excel workbook \(it "
                       r"looks like text\); rename it to sales.csv$"):
        read_transactions(path, **CHINESE)


def test_messages_in_the_commands_language_name_the_file_once(tmp_path):
    path = write_csv(tmp_path / "sales.csv")
    with pytest.raises(rt.MissingColumnsError) as err:
        read_transactions(path, customer_col="客户编号", messages="cli")
    text = str(err.value)
    assert "read_transactions" not in text and "customer_col" not in text
    assert text.count("sales.csv") == 1 and "'客户编号' (--customer-col)" in text
    assert text.endswith("pass the right names: --customer-col NAME --date-col NAME --amount-col NAME")
    rows = [("A", "2024-01-01", "x")]
    bad = write_csv(tmp_path / "amt.csv", rows=rows, header=("customer_id", "order_date", "amount"))
    with pytest.raises(rt.AmountError) as err:
        read_transactions(bad, messages="cli")
    assert str(err.value).count("amt.csv") == 1 and "(--amount-col)" in str(err.value)


def test_many_columns_are_listed_short(tmp_path):
    header = tuple(f"column number {i} with a very long name indeed" for i in range(20))
    path = write_csv(tmp_path / "wide.csv", rows=[tuple("x" * 20)], header=header)
    with pytest.raises(rt.MissingColumnsError) as err:
        read_transactions(path)
    assert len(str(err.value)) < 700 and "(and 8 more)" in str(err.value)


def test_utf16_text_from_excel_is_read(tmp_path):
    path = write_csv(tmp_path / "unicode.txt", encoding="utf-16", sep="\t")
    check_standard(read_transactions(path, **CHINESE))
