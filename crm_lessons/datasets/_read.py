"""read_transactions(): bring your own transaction file (CSV, Excel, Parquet) into the standard schema.

Every problem raises a subclass of :class:`TransactionsError` (itself a ``ValueError``) with one
message that names the column, says what was found and what is allowed. Nothing is dropped
silently: the only rows ever excluded are completely empty ones, and they are listed in
``df.attrs["excluded"]`` and announced with a warning.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
PARQUET_SUFFIXES = (".parquet", ".pq")
STANDARD = ("order_id", "customer_id", "order_date", "amount")
MAX_EXAMPLES = 3


class TransactionsError(ValueError):
    """A transaction file that cannot be used as it is (base class of all the errors below)."""


class UnknownFormatError(TransactionsError):
    """The file extension is not one we can read."""


class EmptyFileError(TransactionsError):
    """The file has no bytes, no header, or no data rows."""


class EncodingError(TransactionsError):
    """A CSV file that is neither UTF-8 (with or without BOM) nor GBK/GB18030."""


class MissingColumnsError(TransactionsError):
    """A required column is not in the file."""


class DateError(TransactionsError):
    """Values in the date column that are not dates."""


class AmountError(TransactionsError):
    """Values in the amount column that are not numbers."""


class MissingValuesError(TransactionsError):
    """Empty customer ids or order ids."""


class DuplicateOrderError(TransactionsError):
    """The same order id appears on more than one row."""


def _examples(rows: np.ndarray, values) -> str:
    """'row 3: '2024-13-01', row 7: 'x'' for the first few offending rows (rows counted from 1)."""
    shown = [f"row {r}: {v!r}" for r, v in zip(rows[:MAX_EXAMPLES], values[:MAX_EXAMPLES],
                                               strict=False)]
    more = "" if len(rows) <= MAX_EXAMPLES else f" (and {len(rows) - MAX_EXAMPLES} more)"
    return ", ".join(shown) + more


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# ---------------------------------------------------------------------------------------------
# reading the raw table
# ---------------------------------------------------------------------------------------------
def _decode(data: bytes, encoding: str | None, name: str) -> tuple[str, str]:
    """(text, encoding used). Auto: UTF-8 BOM → utf-8-sig; valid UTF-8 → utf-8; else GB18030."""
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise EncodingError(f"{name} cannot be decoded with encoding={encoding!r} ({exc}); "
                                f"leave encoding=None to detect UTF-8/GBK automatically") from exc
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise EncodingError(f"{name} is neither UTF-8 nor GBK/GB18030 text (byte {exc.start}); "
                            f"pass the encoding, e.g. encoding='big5'") from exc


def _delimiter(text: str) -> str:
    sample = text[:8192]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        return ","


def _read_raw(path: Path, encoding: str | None, sheet_name) -> tuple[pd.DataFrame, str]:
    """The file as a DataFrame (CSV cells as text), plus a note on how it was read."""
    suffix = path.suffix.lower()
    allowed = ", ".join(CSV_SUFFIXES + EXCEL_SUFFIXES + PARQUET_SUFFIXES)
    if suffix not in CSV_SUFFIXES + EXCEL_SUFFIXES + PARQUET_SUFFIXES:
        shown = suffix or "(none)"
        raise UnknownFormatError(f"unknown file extension {shown!r} for {path.name}; "
                                 f"read_transactions reads {allowed} (for .xls, save as .xlsx)")
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    if path.stat().st_size == 0:
        raise EmptyFileError(f"{path.name} is empty (0 bytes); expected a header row and at "
                             f"least one transaction")
    if suffix in CSV_SUFFIXES:
        text, used = _decode(path.read_bytes(), encoding, path.name)
        if not text.strip():
            raise EmptyFileError(f"{path.name} contains only blank space; expected a header row "
                                 f"and at least one transaction")
        frame = pd.read_csv(io.StringIO(text), sep=_delimiter(text), dtype="str",
                            keep_default_na=False, skip_blank_lines=False)
        return frame, f"CSV, encoding {used}"
    if suffix in EXCEL_SUFFIXES:
        frame = pd.read_excel(path, sheet_name=sheet_name, dtype=object)
        return frame, f"Excel sheet {sheet_name!r}"
    return pd.read_parquet(path), "Parquet"


def _blank(frame: pd.DataFrame) -> pd.DataFrame:
    """True where a cell is missing or only whitespace."""
    blank = {c: (frame[c].isna() | frame[c].astype("str").str.strip().eq("")).to_numpy(bool)
             for c in frame.columns}
    return pd.DataFrame(blank, index=frame.index, columns=frame.columns, dtype=bool)


# ---------------------------------------------------------------------------------------------
# parsing columns
# ---------------------------------------------------------------------------------------------
_CJK_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*$")


def _parse_dates(values: pd.Series, col: str, arg: str, date_format: str | None,
                 rows: np.ndarray) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = values.dt.tz_localize(None) if values.dt.tz is not None else values
    else:
        text = values.astype("str").str.strip()
        text = text.str.replace(_CJK_DATE, lambda m: f"{m[1]}-{m[2]}-{m[3]}", regex=True)
        text = text.str.replace(r"^(\d{4})(\d{2})(\d{2})$", r"\1-\2-\3", regex=True)  # 20240105
        # a bare number such as "12" or "45292" (an Excel serial) is not a date we can trust
        text = text.mask(text.str.fullmatch(r"\d{1,7}(\.\d*)?"), "")
        mixed = values.map(lambda v: isinstance(v, datetime.date | np.datetime64))
        fmt = date_format or "mixed"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            parsed = pd.to_datetime(text.where(~mixed, None), format=fmt, errors="coerce")
        if mixed.any():
            parsed[mixed] = pd.to_datetime(values[mixed].tolist())
    parsed = parsed.astype("datetime64[ns]")
    bad = parsed.isna().to_numpy()
    if bad.any():
        hint = (f"they do not match date_format={date_format!r}" if date_format else
                "pass date_format (e.g. date_format='%d/%m/%Y') if your dates are day-first")
        raise DateError(f"column {col!r} ({arg}) has {_plural(int(bad.sum()), 'value')} that "
                        f"cannot be read as dates, e.g. {_examples(rows[bad], values[bad].tolist())}"
                        f"; {hint}")
    return parsed


def _parse_amounts(values: pd.Series, col: str, rows: np.ndarray) -> pd.Series:
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        parsed = values.astype("float64")
    else:
        text = values.astype("str").str.strip()
        text = text.str.replace(r"[¥￥$\s]|元$|RMB|CNY", "", regex=True)
        # commas only as thousands separators (1,234.50); "12,50" stays invalid, never 1250
        thousands = text.str.fullmatch(r"[-+(]?\d{1,3}(,\d{3})+(\.\d*)?\)?")
        text = text.where(~thousands, text.str.replace(",", "", regex=False))
        text = text.str.replace(r"^\((.*)\)$", r"-\1", regex=True)   # (12.50) → -12.50
        parsed = pd.to_numeric(text.where(text != "", None), errors="coerce").astype("float64")
        numeric = values.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
        parsed[numeric] = values[numeric].astype("float64")
    bad = (parsed.isna() | ~np.isfinite(parsed.fillna(0.0))).to_numpy()
    if bad.any():
        raise AmountError(f"column {col!r} (amount_col) has {_plural(int(bad.sum()), 'value')} "
                          f"that are not numbers, e.g. {_examples(rows[bad], values[bad].tolist())}"
                          f"; amounts must be numbers in yuan (refunds as negative numbers)")
    return parsed


def _ids(values: pd.Series, col: str, arg: str, rows: np.ndarray) -> pd.Series:
    # Vectorised: ids as trimmed text; whole floats lose their ".0" (Excel turns 1001 into
    # 1001.0); missing values become "" and are reported below.
    if pd.api.types.is_float_dtype(values.dtype):
        whole = values.notna() & np.isfinite(values) & (values % 1 == 0)
        out = values.astype("str")
        out[whole] = values[whole].astype("int64").astype("str")
        out[values.isna()] = ""
    elif pd.api.types.is_integer_dtype(values.dtype):
        out = values.astype("str")
    else:
        missing = values.isna()
        out = values.astype("str").str.strip()
        out[missing] = ""
    out = out.astype("str")
    empty = (out == "").to_numpy()
    if empty.any():
        raise MissingValuesError(f"column {col!r} ({arg}) has {_plural(int(empty.sum()), 'empty value')}"
                                 f", e.g. {_examples(rows[empty], values[empty].tolist())}; every "
                                 f"transaction needs one")
    return out


# ---------------------------------------------------------------------------------------------
# the public function
# ---------------------------------------------------------------------------------------------
def read_transactions(path, customer_col: str = "customer_id", date_col: str = "order_date",
                      amount_col: str = "amount", order_col: str | None = None,
                      encoding: str | None = None, sheet_name=0,
                      date_format: str | None = None) -> pd.DataFrame:
    """Read a transaction file into the standard schema used by the whole package.

    Returns columns ``order_id`` (str), ``customer_id`` (str), ``order_date`` (datetime64[ns]),
    ``amount`` (float, yuan; refunds stay as negative amounts) followed by the file's other
    columns unchanged. ``order_id`` is taken from ``order_col`` or, when it is None, generated
    as T000001, T000002, … in file order (a column already called ``order_id`` is then kept as
    ``source_order_id``).

    Formats by extension: .csv/.txt/.tsv (delimiter sniffed; encoding UTF-8, UTF-8 with BOM or
    GBK/GB18030 detected when ``encoding`` is None), .xlsx/.xlsm (``sheet_name``), .parquet.
    Dates: ISO, "2024/3/5", "20240305", "2024年3月5日" and most other written forms (month
    first when ambiguous; pass ``date_format`` for day-first dates); bare numbers such as "12" or
    Excel serials are rejected. Amounts: numbers, also with ¥/￥/元, "1,234.50" thousands
    separators or accounting parentheses "(30)" = −30; a decimal comma ("12,50") is rejected.

    Rows are counted from 1 after the header in messages. Completely empty rows are excluded and
    reported in ``df.attrs["excluded"]`` (a list of {"row", "reason"}) with a warning; every other
    problem raises a :class:`TransactionsError` naming the column, the count and up to three
    examples. ``df.attrs["source"]`` says how the file was read.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "sales.csv").write_text("客户,日期,金额\\nA,2024-01-05,120\\nB,2024/2/1,-30.5\\n",
    ...                                        encoding="gbk")
    >>> df = read_transactions(folder / "sales.csv", customer_col="客户", date_col="日期",
    ...                        amount_col="金额")
    >>> df[["order_id", "customer_id", "amount"]].to_dict("list")
    {'order_id': ['T000001', 'T000002'], 'customer_id': ['A', 'B'], 'amount': [120.0, -30.5]}
    >>> df.attrs["source"]
    'CSV, encoding gb18030'
    """
    path = Path(path)
    for arg, value in (("customer_col", customer_col), ("date_col", date_col),
                       ("amount_col", amount_col)):
        if not isinstance(value, str) or not value:
            raise ValueError(f"{arg} must be a column name (non-empty text), got {value!r}")
    if order_col is not None and (not isinstance(order_col, str) or not order_col):
        raise ValueError(f"order_col must be a column name or None, got {order_col!r}")

    raw, source = _read_raw(path, encoding, sheet_name)
    raw.columns = [str(c).strip().lstrip("\ufeff") for c in raw.columns]
    if raw.shape[1] == 0:
        raise EmptyFileError(f"{path.name} has no columns; expected a header row such as "
                             f"{customer_col},{date_col},{amount_col}")
    wanted = {"customer_col": customer_col, "date_col": date_col, "amount_col": amount_col}
    if order_col is not None:
        wanted["order_col"] = order_col
    missing = [f"{col!r} ({arg})" for arg, col in wanted.items() if col not in raw.columns]
    if missing:
        raise MissingColumnsError(
            f"{path.name} is missing column(s) {', '.join(missing)}; columns found: "
            f"{list(raw.columns)}; pass the right names, e.g. "
            f"read_transactions(path, customer_col=..., date_col=..., amount_col=...)")

    blank = _blank(raw)
    empty_rows = blank.all(axis=1).to_numpy()
    excluded = [{"row": int(i) + 1, "reason": "completely empty row"}
                for i in np.flatnonzero(empty_rows)]
    frame = raw.loc[~empty_rows]
    rows = np.flatnonzero(~empty_rows) + 1
    if len(frame) == 0:
        raise EmptyFileError(f"{path.name} has a header ({list(raw.columns)}) but no data rows"
                             + (f" (only {len(excluded)} empty rows)" if excluded else ""))
    if excluded:
        warnings.warn(f"read_transactions excluded {_plural(len(excluded), 'completely empty row')} "
                      f"of {path.name} (rows {', '.join(str(e['row']) for e in excluded[:10])}"
                      f"{' …' if len(excluded) > 10 else ''}); see df.attrs['excluded']",
                      UserWarning, stacklevel=2)

    customer = _ids(frame[customer_col], customer_col, "customer_col", rows)
    dates = _parse_dates(frame[date_col], date_col, "date_col", date_format, rows)
    amount = _parse_amounts(frame[amount_col], amount_col, rows)
    if order_col is not None:
        order = _ids(frame[order_col], order_col, "order_col", rows)
        dup = order.duplicated(keep=False).to_numpy()
        if dup.any():
            first = order[dup].drop_duplicates().tolist()
            where = "; ".join(f"{o!r} on rows {', '.join(map(str, rows[(order == o).to_numpy()][:5]))}"
                              for o in first[:MAX_EXAMPLES])
            more = "" if len(first) <= MAX_EXAMPLES else f" (and {len(first) - MAX_EXAMPLES} more)"
            raise DuplicateOrderError(
                f"column {order_col!r} (order_col) has {_plural(len(first), 'order id')} on more "
                f"than one row ({int(dup.sum())} rows in all), e.g. {where}{more}; order ids must be "
                f"unique (use order_col=None to number the rows instead)")
    else:
        width = max(6, len(str(len(frame))))
        order = pd.Series([f"T{i:0{width}d}" for i in range(1, len(frame) + 1)],
                          index=frame.index, dtype="str")

    used = {customer_col, date_col, amount_col} | ({order_col} if order_col else set())
    others = frame[[c for c in frame.columns if c not in used]].copy()
    renamed = {}
    for name in STANDARD:
        if name in others.columns:
            renamed[name] = f"source_{name}"
    if renamed:
        clash = [n for n in renamed.values() if n in others.columns]
        if clash:
            raise TransactionsError(f"{path.name} has columns {sorted(renamed)} and {clash}; "
                                    f"rename one of them before reading")
        others = others.rename(columns=renamed)
    result = pd.concat([pd.DataFrame({"order_id": order, "customer_id": customer,
                                      "order_date": dates, "amount": amount}), others], axis=1)
    result = result.reset_index(drop=True)
    result.attrs["source"] = source
    result.attrs["excluded"] = excluded
    if renamed:
        result.attrs["renamed"] = renamed
    return result
