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
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from .._validate import strictly_increasing

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
    """The same order id belongs to more than one customer."""


class SheetError(TransactionsError):
    """An Excel sheet that is not in the workbook."""


#: How messages name the arguments: ``messages="python"`` (keywords of read_transactions) or
#: ``messages="cli"`` (the options of ``crm-lessons report``).
CLI_OPTIONS = {"customer_col": "--customer-col", "date_col": "--date-col",
               "amount_col": "--amount-col", "order_col": "--order-col",
               "date_format": "--date-format", "sheet_name": "--sheet", "encoding": "encoding"}

#: ``date_format`` values that give only the order of day, month and year (times of day kept).
DATE_ORDERS = ("dmy", "mdy", "ymd")


class _Words:
    """Names of the arguments in messages: Python keywords or command-line options."""

    def __init__(self, messages: str):
        if messages not in ("python", "cli"):
            raise ValueError(f"messages must be 'python' or 'cli', got {messages!r}")
        self.cli = messages == "cli"

    def name(self, arg: str) -> str:
        return CLI_OPTIONS.get(arg, arg) if self.cli else arg

    def setting(self, arg: str, value) -> str:
        """How the user sets it: ``--date-format %d.%m.%Y`` or ``date_format='%d.%m.%Y'``."""
        if self.cli:
            shown = value if isinstance(value, str) and re.fullmatch(r"[\w%./:\-]+", value) \
                else repr(value)
            return f"{self.name(arg)} {shown}"
        return f"{arg}={value!r}"


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
def _binary_kind(data: bytes) -> tuple[str, str | None] | None:
    """(what the bytes look like, the extension to rename to) for a non-text file, else None."""
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            names = []
        if any(n.startswith("xl/") for n in names):
            return "an Excel file", ".xlsx"
        return "a zip archive (unzip it first)", None
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "an old Excel .xls file (open it in Excel and save it as .xlsx)", None
    if data.startswith(b"PAR1"):
        return "a Parquet file", ".parquet"
    if data.startswith(b"\x1f\x8b"):
        return "a gzip archive (unzip it first)", None
    if data.startswith(b"%PDF"):
        return "a PDF document (export the table as CSV or Excel)", None
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "a binary file, not text", None
    return None


def _not_text(path: Path, data: bytes) -> None:
    """One short line for a binary file that carries a text extension (never its bytes)."""
    kind = _binary_kind(data)
    if kind is None:
        return
    what, suffix = kind
    rename = f"; rename it to {path.stem}{suffix}" if suffix else ""
    raise UnknownFormatError(f"{path.name} looks like {what}{rename}")


def _decode(data: bytes, encoding: str | None, name: str, words: _Words) -> tuple[str, str]:
    """(text, encoding used). Auto: UTF-8 BOM → utf-8-sig; UTF-16 BOM (Excel's "Unicode text")
    → utf-16; valid UTF-8 → utf-8; else GB18030 (a superset of GBK)."""
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise EncodingError(f"{name} cannot be decoded with encoding={encoding!r} ({exc}); "
                                f"leave encoding=None to detect UTF-8/GBK automatically") from exc
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        fix = ("save it as UTF-8 CSV" if words.cli
               else "pass the encoding, e.g. encoding='big5'")
        raise EncodingError(f"{name} is neither UTF-8 nor GBK/GB18030 text (byte {exc.start}); "
                            f"{fix}") from None


def _delimiter(text: str) -> str:
    sample = text[:8192]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        return ","


def _fast_csv(text: str, sep: str, utf8: bytes | None) -> pd.DataFrame | None:
    """Every cell as text, read by pyarrow's multi-threaded CSV reader (several times faster than
    pandas' on big files); None when the file needs pandas' more forgiving reader (ragged rows,
    empty or repeated header names)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    header = next(csv.reader(io.StringIO(text[:65536]), delimiter=sep), [])
    if not header or any(not h.strip() for h in header) or len(set(header)) < len(header):
        return None
    names = [f"c{i}" for i in range(len(header))]
    try:
        table = pacsv.read_csv(
            io.BytesIO(utf8 if utf8 is not None else text.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=sep, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                 strings_can_be_null=False))
    except pa.ArrowInvalid:
        return None
    frame = table.to_pandas()
    frame.columns = header
    return frame


def _read_excel(path: Path, sheet_name, words: _Words) -> tuple[pd.DataFrame, str, list[str]]:
    """(the sheet as a DataFrame, the sheet's name, every sheet name of the workbook)."""
    try:
        book = pd.ExcelFile(path)
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as exc:
        data = path.read_bytes()[:4096]
        kind = _binary_kind(data)
        if kind is None:
            raise UnknownFormatError(f"{path.name} is not an Excel workbook (it looks like text);"
                                     f" rename it to {path.stem}.csv") from None
        if kind[1] not in (None, ".xlsx"):
            raise UnknownFormatError(f"{path.name} is not an Excel workbook: it looks like "
                                     f"{kind[0]}; rename it to {path.stem}{kind[1]}") from None
        raise UnknownFormatError(f"{path.name} is not a readable Excel workbook ({exc})") from None
    sheets = [str(n) for n in book.sheet_names]
    listed = ", ".join(repr(n) for n in sheets)
    if isinstance(sheet_name, str) and sheet_name not in sheets:
        raise SheetError(f"{path.name} has no sheet {sheet_name!r}; its sheets: {listed}; "
                         f"choose one with {words.name('sheet_name')}")
    if isinstance(sheet_name, int) and not -len(sheets) <= sheet_name < len(sheets):
        raise SheetError(f"{path.name} has {_plural(len(sheets), 'sheet')} ({listed}), so "
                         f"{words.setting('sheet_name', sheet_name)} does not exist")
    name = sheet_name if isinstance(sheet_name, str) else sheets[sheet_name]
    return pd.read_excel(book, sheet_name=name, dtype=object), name, sheets


def _read_raw(path: Path, encoding: str | None, sheet_name, words: _Words
              ) -> tuple[pd.DataFrame, str]:
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
        data = path.read_bytes()
        _not_text(path, data)
        text, used = _decode(data, encoding, path.name, words)
        if not text or text.isspace():
            raise EmptyFileError(f"{path.name} contains only blank space; expected a header row "
                                 f"and at least one transaction")
        sep = _delimiter(text)
        if used == "utf-8":      # pyarrow reads the bytes; keep one copy of the file, not two
            head = text[:65536]
            del text
            frame = _fast_csv(head, sep, data)
            if frame is None:
                frame = pd.read_csv(io.BytesIO(data), sep=sep, dtype="str",
                                    keep_default_na=False, skip_blank_lines=False,
                                    encoding="utf-8")
            return frame, f"CSV, encoding {used}"
        frame = _fast_csv(text, sep, None)
        if frame is None:
            frame = pd.read_csv(io.StringIO(text), sep=sep, dtype="str", keep_default_na=False,
                                skip_blank_lines=False)
        return frame, f"CSV, encoding {used}"
    if suffix in EXCEL_SUFFIXES:
        frame, name, sheets = _read_excel(path, sheet_name, words)
        frame.attrs["sheets"] = sheets
        return frame, f"Excel sheet {name!r} (of {', '.join(repr(n) for n in sheets)})"
    try:
        return pd.read_parquet(path), "Parquet"
    except Exception as exc:  # pyarrow raises its own error types for a file that is not Parquet
        kind = _binary_kind(path.read_bytes()[:4096])
        what = ("it looks like text; rename it to " + f"{path.stem}.csv" if kind is None else
                f"it looks like {kind[0]}" + (f"; rename it to {path.stem}{kind[1]}"
                                                if kind[1] else ""))
        raise UnknownFormatError(f"{path.name} is not a Parquet file: {what}") from exc


def _blank(values: pd.Series) -> np.ndarray:
    """True where a cell is missing or only whitespace."""
    blank = values.isna().to_numpy(bool, copy=True)
    if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
        # strip() runs in pyarrow; a regex with \s would fall back to Python row by row
        blank |= (values.astype("str").str.strip() == "").fillna(True).to_numpy(bool)
    return blank


def _empty_rows(frame: pd.DataFrame) -> np.ndarray:
    """True for rows whose every cell is blank (each column only looked at where still blank)."""
    empty = np.ones(len(frame), dtype=bool)
    for col in frame.columns:
        where = np.flatnonzero(empty)
        if not len(where):
            break
        empty[where] = _blank(frame[col].iloc[where])
    return empty


# ---------------------------------------------------------------------------------------------
# parsing columns
# ---------------------------------------------------------------------------------------------
_CJK_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*$")
_TIME = (r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?"
         r"\s*(?P<p>[AaPp]\.?[Mm]\.?)?)?\s*$")
_YEAR_FIRST = re.compile(r"^(?P<y>\d{4})[-/.](?P<a>\d{1,2})[-/.](?P<b>\d{1,2})" + _TIME)
_YEAR_LAST = re.compile(r"^(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})[-/.](?P<y>\d{4}|\d{2})"
                        + _TIME)


def _from_parts(parts: pd.DataFrame, month: str, day: str) -> pd.Series:
    """Timestamps from regex groups (y, a, b, H, M, S, f, p); invalid combinations give NaT."""
    num = {k: pd.to_numeric(parts[k], errors="coerce") for k in ("y", "a", "b", "H", "M", "S")}
    year = num["y"].where(parts["y"].str.len() == 4, num["y"] + np.where(num["y"] < 69, 2000, 1900))
    hour = num["H"].fillna(0)
    half = parts["p"].fillna("").str[:1].str.lower()
    bad_half = half.ne("") & ((hour < 1) | (hour > 12))
    hour = hour.where(half.eq(""), hour % 12 + np.where(half.eq("p"), 12, 0))
    frac = parts["f"].fillna("").str.ljust(9, "0")
    frame = pd.DataFrame({"year": year, "month": num[month], "day": num[day], "hour": hour,
                          "minute": num["M"].fillna(0), "second": num["S"].fillna(0),
                          "ns": pd.to_numeric(frac, errors="coerce").fillna(0)})
    out = pd.to_datetime(frame, errors="coerce")
    return out.mask(bad_half | (num["H"] > 23) | (num["M"] > 59) | (num["S"] > 59))


def _day_first(parts: pd.DataFrame, col: str, date_format: str | None, words: _Words) -> bool:
    """Whether dates written a/b/yyyy are day-first, decided once for the whole column.

    A first field above 12 proves day-first, a second field above 12 month-first; with neither
    the column is ambiguous unless every date reads the same both ways (01/01, 02/02, …).
    ``parts`` has one row per distinct date text (its index)."""
    if date_format in ("dmy", "mdy"):
        return date_format == "dmy"
    a = pd.to_numeric(parts["a"], errors="coerce")
    b = pd.to_numeric(parts["b"], errors="coerce")
    sep = parts["sep"].iloc[0]
    column = f"column {col!r} ({words.name('date_col')})"
    day_first, month_first = a > 12, b > 12
    if day_first.any() and month_first.any():
        d, m = parts.index[day_first.to_numpy()][0], parts.index[month_first.to_numpy()][0]
        raise DateError(f"{column} mixes day-first dates (e.g. {d!r}) and month-first dates "
                        f"(e.g. {m!r}); write all dates in one order")
    if day_first.any():
        return True
    if month_first.any() or (a == b).all():
        return False
    example = parts.index[(a != b).to_numpy()][0]
    raise DateError(
        f"{column} is ambiguous: none of its {len(parts):,} distinct dates has a field above 12, "
        f"so {example!r} could be day-first or month-first; pass "
        f"{words.setting('date_format', f'%d{sep}%m{sep}%Y')} (day first) or "
        f"{words.setting('date_format', f'%m{sep}%d{sep}%Y')} (month first)")


def _parse_text_dates(text: pd.Series, col: str, date_format: str | None,
                      words: _Words) -> pd.Series:
    """Distinct date texts → timestamps (NaT where unreadable); times of day are kept."""
    if date_format and date_format not in DATE_ORDERS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return pd.to_datetime(text, format=date_format, errors="coerce")
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    first = text.str.extract(_YEAR_FIRST)
    hit = first["y"].notna().to_numpy(copy=True)
    if date_format in ("dmy", "mdy"):
        hit[:] = False                     # the user said the year comes last
    if hit.any():
        out[hit] = _from_parts(first[hit], "a", "b").astype("datetime64[ns]")
    rest = ~hit
    last = text[rest].str.extract(_YEAR_LAST)
    last_hit = last["y"].notna()
    if last_hit.any() and date_format != "ymd":
        parts = last[last_hit].set_index(text[rest][last_hit])
        dmy = _day_first(parts, col, date_format, words)
        parsed = _from_parts(parts.reset_index(drop=True), "b" if dmy else "a",
                             "a" if dmy else "b")
        where = np.flatnonzero(rest)[last_hit.to_numpy()]
        out.iloc[where] = parsed.to_numpy().astype("datetime64[ns]")
        rest[where] = False
    if rest.any():                         # written forms such as "5 March 2024", ISO with zone
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            other = pd.to_datetime(text[rest], format="mixed", errors="coerce", utc=True,
                                   dayfirst=date_format == "dmy")
        out[rest] = other.dt.tz_localize(None).astype("datetime64[ns]")
    return out


def _parse_dates(values: pd.Series, col: str, date_format: str | None,
                 rows: np.ndarray, words: _Words) -> pd.Series:
    """The date column as datetime64[ns]; each distinct text is parsed once (fast on big files).

    Without ``date_format`` the order of a/b/yyyy dates is decided for the whole column (a field
    above 12 decides; an ambiguous column is an error), never row by row.
    """
    if date_format is not None and (not isinstance(date_format, str) or not date_format or (
            "%" not in date_format and date_format not in DATE_ORDERS)):
        raise ValueError(f"{words.name('date_format')} must be a strftime format such as "
                         f"'%d.%m.%Y' or one of {', '.join(DATE_ORDERS)} (the order of day, "
                         f"month and year), got {date_format!r}")
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = values.dt.tz_localize(None) if values.dt.tz is not None else values
    else:
        mixed = values.map(lambda v: isinstance(v, datetime.date | np.datetime64)) \
            if values.dtype == object else pd.Series(False, index=values.index)
        codes, uniques = pd.factorize(values.where(~mixed, None).astype("str").str.strip())
        text = pd.Series(uniques, dtype="str")
        text = text.str.replace(_CJK_DATE, lambda m: f"{m[1]}-{m[2]}-{m[3]}", regex=True)
        text = text.str.replace(r"^(\d{4})(\d{2})(\d{2})$", r"\1-\2-\3", regex=True)  # 20240105
        # a bare number such as "12" or "45292" (an Excel serial) is not a date we can trust
        text = text.mask(text.str.fullmatch(r"\d{1,7}(\.\d*)?"), "")
        distinct = np.append(_parse_text_dates(text, col, date_format, words).to_numpy(),
                             np.datetime64("NaT", "ns"))      # code -1 (missing) → NaT
        parsed = pd.Series(distinct[codes], index=values.index)
        if mixed.any():
            parsed[mixed] = pd.to_datetime(values[mixed].tolist())
    parsed = parsed.astype("datetime64[ns]")
    bad = parsed.isna().to_numpy()
    if bad.any():
        hint = (f"they do not match {words.setting('date_format', date_format)}" if date_format
                else "dates such as 2024-12-31, 31.12.2024, 12/31/2024 14:05 or 2024年12月31日 "
                f"are read; pass {words.name('date_format')} for other forms")
        raise DateError(f"column {col!r} ({words.name('date_col')}) has "
                        f"{_plural(int(bad.sum()), 'value')} that cannot be read as dates, e.g. "
                        f"{_examples(rows[bad], values[bad].tolist())}; {hint}")
    return parsed


def _clean_amounts(text: pd.Series) -> pd.Series:
    """Amount texts with currency signs, thousands separators or parentheses → float (NaN if not)."""
    text = text.str.replace(r"[¥￥$\s]|元$|RMB|CNY", "", regex=True)
    # commas only as thousands separators (1,234.50); "12,50" stays invalid, never 1250
    thousands = text.str.fullmatch(r"[-+(]?\d{1,3}(,\d{3})+(\.\d*)?\)?")
    text = text.where(~thousands, text.str.replace(",", "", regex=False))
    text = text.str.replace(r"^\((.*)\)$", r"-\1", regex=True)   # (12.50) → -12.50
    return pd.to_numeric(text.where(text != "", None), errors="coerce").astype("float64")


def _plain_numbers(values: pd.Series) -> pd.Series | None:
    """Text cells that are all plain numbers ("12", "-3.50") as float, converted by pyarrow in
    one pass (several times faster than pandas on millions of rows); None when any cell is
    something else (blank, ¥12, 1,234.50, …), which the caller's slower path handles."""
    import pyarrow as pa

    if not isinstance(values.dtype, pd.StringDtype) or values.dtype.storage != "pyarrow":
        return None
    try:
        floats = pa.chunked_array(values.array._pa_array).cast(pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if floats.null_count:
        return None
    return pd.Series(floats.to_numpy(), index=values.index, dtype="float64")


def _parse_amounts(values: pd.Series, col: str, rows: np.ndarray, words: _Words) -> pd.Series:
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        parsed = values.astype("float64")
    elif (plain := _plain_numbers(values)) is not None:
        parsed = plain
    else:
        text = values.astype("str").str.strip()
        parsed = pd.to_numeric(text.where(text != "", None), errors="coerce").astype("float64")
        other = parsed.isna().to_numpy() & (text != "").to_numpy()
        if other.any():    # only cells that are not plain numbers go through the cleaning
            parsed[other] = _clean_amounts(text[other]).to_numpy()
        if values.dtype == object:   # Excel cells: numbers stay numbers
            numeric = values.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
            parsed[numeric] = values[numeric].astype("float64")
    bad = (parsed.isna() | ~np.isfinite(parsed.fillna(0.0))).to_numpy()
    if bad.any():
        raise AmountError(f"column {col!r} ({words.name('amount_col')}) has "
                          f"{_plural(int(bad.sum()), 'value')} that are not numbers, e.g. {_examples(rows[bad], values[bad].tolist())}"
                          f"; amounts must be numbers in yuan (refunds as negative numbers)")
    return parsed


def _ids(values: pd.Series, col: str, arg: str, rows: np.ndarray, words: _Words) -> pd.Series:
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
        out = values.astype("str")
        stripped = out.str.strip()      # in pyarrow (a regex with \s would run row by row)
        if (stripped != out).fillna(False).any():
            out = stripped              # keep the copy only when some id has spaces around it
        del stripped
        if missing.any():
            out = out.mask(missing, "")
    out = out.astype("str")
    empty = (out == "").to_numpy()
    if empty.any():
        raise MissingValuesError(f"column {col!r} ({words.name(arg)}) has "
                                 f"{_plural(int(empty.sum()), 'empty value')}, e.g. "
                                 f"{_examples(rows[empty], values[empty].tolist())}; every "
                                 f"transaction needs one")
    return out


# ---------------------------------------------------------------------------------------------
# the public function
# ---------------------------------------------------------------------------------------------
def _columns_found(columns) -> str:
    """The file's column names, shortened: at most 12, each at most 30 characters."""
    shown = [repr(c if len(c) <= 30 else c[:29] + "…") for c in columns[:12]]
    more = f" (and {len(columns) - 12} more)" if len(columns) > 12 else ""
    return "[" + ", ".join(shown) + "]" + more


def _missing_columns(path: Path, raw: pd.DataFrame, source: str, wanted: dict, sheet_name,
                     words: _Words) -> MissingColumnsError:
    missing = [f"{col!r} ({words.name(arg)})" for arg, col in wanted.items()
               if col not in raw.columns]
    where = path.name
    advice = ("pass the right names: " + " ".join(words.setting(a, "NAME") for a in wanted)
              if words.cli else "pass the right names, e.g. read_transactions(path, "
              "customer_col=..., date_col=..., amount_col=...)")
    sheets = raw.attrs.get("sheets")
    if sheets:
        name = sheet_name if isinstance(sheet_name, str) else sheets[sheet_name]
        where = f"sheet {name!r} of {path.name}"
        if len(sheets) > 1:
            having = []
            for other in sheets:
                if other == name:
                    continue
                header = pd.read_excel(path, sheet_name=other, nrows=0).columns
                if all(col in [str(c).strip() for c in header] for col in wanted.values()):
                    having.append(other)
            listed = ", ".join(repr(n) for n in sheets)
            advice = (f"sheet {having[0]!r} has them: {words.setting('sheet_name', having[0])}"
                      if having else f"the workbook's sheets are {listed}; choose one with "
                      f"{words.name('sheet_name')} or {advice}")
    return MissingColumnsError(f"{where} is missing column(s) {', '.join(missing)}; columns "
                               f"found: {_columns_found(list(raw.columns))}; {advice}")


def _group_orders(table: pd.DataFrame, order: pd.Series, rows: np.ndarray, col: str,
                  words: _Words, name: str) -> tuple[pd.DataFrame, dict]:
    """One row per order id: lines summed (amount net of refund lines), the earliest date.

    An order belongs to one customer (else :class:`DuplicateOrderError`). Other columns are kept
    when they have one value per order (e.g. region) and otherwise dropped (e.g. product); the
    dropped ones are listed in the returned note.
    """
    customers = table.groupby(order, sort=False)["customer_id"].nunique()
    shared = customers[customers > 1]
    if len(shared):
        where = "; ".join(
            f"{o!r} on rows {', '.join(map(str, rows[(order == o).to_numpy()][:5]))}"
            for o in shared.index[:MAX_EXAMPLES])
        more = "" if len(shared) <= MAX_EXAMPLES else f" (and {len(shared) - MAX_EXAMPLES} more)"
        raise DuplicateOrderError(
            f"{name}: column {col!r} ({words.name('order_col')}) has "
            f"{_plural(len(shared), 'order id')} used by more than one customer, e.g. {where}"
            f"{more}; an order belongs to one customer (lines of one order share its id)")
    key = pd.Series(order.to_numpy(), name="order_id")
    frame = table.drop(columns="order_id").reset_index(drop=True)
    g = frame.groupby(key, sort=False)
    out = g.agg(customer_id=("customer_id", "first"), order_date=("order_date", "min"),
                amount=("amount", "sum"))
    extra = [c for c in frame.columns if c not in ("customer_id", "order_date", "amount")]
    dropped = []
    if extra:
        distinct = g[extra].nunique(dropna=False)
        for c in extra:
            if (distinct[c] <= 1).all():
                out[c] = g[c].first()
            else:
                dropped.append(c)
    out = out.reset_index()
    note = {"source": "column", "column": col, "lines": int(len(table)), "orders": int(len(out)),
            "dropped_columns": dropped}
    return out, note


def read_transactions(path, customer_col: str = "customer_id", date_col: str = "order_date",
                      amount_col: str = "amount", order_col: str | None = None,
                      encoding: str | None = None, sheet_name=0,
                      date_format: str | None = None, messages: str = "python") -> pd.DataFrame:
    """Read a transaction file into the standard schema used by the whole package.

    Returns columns ``order_id`` (str), ``customer_id`` (str), ``order_date`` (datetime64[ns],
    times of day kept), ``amount`` (float, yuan; refunds stay as negative amounts) followed by the
    file's other columns. An order is one purchase:

    * ``order_col=None``: each row is taken as an order; ``order_id`` is generated as T000001,
      T000002, … in file order (a column already called ``order_id`` is kept as
      ``source_order_id``);
    * ``order_col`` given: rows with the same order id are lines of one order and are grouped
      into one row, amount = Σ lines (net of refund lines; an order with net ≤ 0 is a refund,
      not a purchase, for every function of the package), date = its earliest line; other
      columns are kept when they hold one value per order, else dropped (listed in the note).
      An order id used by two customers is an error.

    ``df.attrs["orders"]`` says which rule was used: ``{"source": "rows", "lines": n,
    "orders": n}`` or ``{"source": "column", "column": ..., "lines": …, "orders": …,
    "dropped_columns": [...]}``, so a report can say it.

    Formats by extension: .csv/.txt/.tsv (delimiter sniffed; encoding UTF-8, UTF-8 with BOM,
    UTF-16 with BOM or GBK/GB18030 detected when ``encoding`` is None), .xlsx/.xlsm
    (``sheet_name``: a sheet name or position, default the first), .parquet. A binary file with a
    text extension (an Excel file saved as .csv, …) gets one line saying what it looks like.
    Dates: ISO, "2024/3/5", "20240305", "2024年3月5日", "05.03.2024 14:30" and other written forms;
    for a/b/yyyy dates the order is decided for the whole column (a first field above 12 means
    day-first, a second above 12 month-first); a column that could be either is an error asking
    for ``date_format`` — a strftime format ("%d.%m.%Y") or just the order "dmy", "mdy" or "ymd".
    Bare numbers such as "12" or Excel serials are rejected. Amounts: numbers, also with
    ¥/￥/元, "1,234.50" thousands separators or accounting parentheses "(30)" = −30; a decimal
    comma ("12,50") is rejected.

    Rows are counted from 1 after the header in messages. Completely empty rows are excluded and
    reported in ``df.attrs["excluded"]`` (a list of {"row", "reason"}) with a warning; every other
    problem raises a :class:`TransactionsError` naming the file once, the column, the count and up
    to three examples. ``messages="cli"`` names the ``crm-lessons report`` options
    (``--customer-col``, ``--date-format``, …) in messages instead of these keywords.
    ``df.attrs["source"]`` says how the file was read.

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
    >>> _ = (folder / "eu.csv").write_text("customer_id;order_date;amount\\nA;05.03.2024;1\\n"
    ...                                     "B;13.03.2024;2\\n", encoding="utf-8")
    >>> read_transactions(folder / "eu.csv")["order_date"].dt.strftime("%Y-%m-%d").tolist()
    ['2024-03-05', '2024-03-13']
    """
    path = Path(path)
    words = _Words(messages)
    for arg, value in (("customer_col", customer_col), ("date_col", date_col),
                       ("amount_col", amount_col)):
        if not isinstance(value, str) or not value:
            raise ValueError(f"{words.name(arg)} must be a column name (non-empty text), "
                             f"got {value!r}")
    if order_col is not None and (not isinstance(order_col, str) or not order_col):
        raise ValueError(f"{words.name('order_col')} must be a column name or None, "
                         f"got {order_col!r}")

    raw, source = _read_raw(path, encoding, sheet_name, words)
    raw.columns = [str(c).strip().lstrip("\ufeff") for c in raw.columns]
    if raw.shape[1] == 0:
        raise EmptyFileError(f"{path.name} has no columns; expected a header row such as "
                             f"{customer_col},{date_col},{amount_col}")
    wanted = {"customer_col": customer_col, "date_col": date_col, "amount_col": amount_col}
    if order_col is not None:
        wanted["order_col"] = order_col
    if any(col not in raw.columns for col in wanted.values()):
        raise _missing_columns(path, raw, source, wanted, sheet_name, words)

    empty_rows = _empty_rows(raw)
    excluded = [{"row": int(i) + 1, "reason": "completely empty row"}
                for i in np.flatnonzero(empty_rows)]
    frame = raw.loc[~empty_rows] if excluded else raw
    rows = np.flatnonzero(~empty_rows) + 1
    if len(frame) == 0:
        raise EmptyFileError(f"{path.name} has a header ({_columns_found(list(raw.columns))}) but "
                             f"no data rows" + (f" (only {len(excluded)} empty rows)"
                                                if excluded else ""))
    if excluded:
        warnings.warn(f"read_transactions excluded {_plural(len(excluded), 'completely empty row')} "
                      f"of {path.name} (rows {', '.join(str(e['row']) for e in excluded[:10])}"
                      f"{' …' if len(excluded) > 10 else ''}); see df.attrs['excluded']",
                      UserWarning, stacklevel=2)

    try:
        customer = _ids(frame[customer_col], customer_col, "customer_col", rows, words)
        dates = _parse_dates(frame[date_col], date_col, date_format, rows, words)
        amount = _parse_amounts(frame[amount_col], amount_col, rows, words)
        order = (_ids(frame[order_col], order_col, "order_col", rows, words)
                 if order_col is not None else None)
    except TransactionsError as exc:       # the file name once, in front
        raise type(exc)(f"{path.name}: {exc}") from None
    if order is None:
        width = max(6, len(str(len(frame))))
        numbers = pd.Series(np.arange(1, len(frame) + 1), index=frame.index).astype("str")
        order = ("T" + numbers.str.zfill(width)).astype("str")
        note = {"source": "rows", "lines": int(len(frame)), "orders": int(len(frame))}
    else:
        note = None

    used = {customer_col, date_col, amount_col} | ({order_col} if order_col else set())
    others = frame[[c for c in frame.columns if c not in used]]
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
    if note is None:
        if not strictly_increasing(order) and order.duplicated().any():
            result, note = _group_orders(result, order, rows, order_col, words, path.name)
        else:
            earlier = raw.attrs.get("orders")  # a table this function already checked
            note = (earlier if isinstance(earlier, dict) and order_col == "order_id" else
                    {"source": "column", "column": order_col, "lines": int(len(result)),
                     "orders": int(len(result)), "dropped_columns": []})
    result.attrs["source"] = source
    result.attrs["excluded"] = excluded
    result.attrs["orders"] = note
    if renamed:
        result.attrs["renamed"] = renamed
    return result
