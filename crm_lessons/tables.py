"""Tables as a Chinese reader sees them: column and index labels through the glossary.

Package functions return DataFrames with English keys (``recency_days``, ``churn_rate``) so code
can select columns in either edition. :func:`translated` gives a *copy* for display whose column
names, index names and text index values are glossary terms; :func:`show_tables` makes IPython
display every DataFrame, Series and Styler that way while the language is Chinese
(``crm.setup(lang="zh")`` calls it), so notebooks keep one code path and ``df["recency_days"]``
still works. The report's :func:`crm_lessons.reports.analysis.labelled` uses the same look-up.

A key ``k`` is looked up as ``col_k``, ``seg_k``, ``pyramid_k``, ``tier_k``, ``stage_k``,
``phase_k``, ``channel_k``, ``category_k``, then ``k`` itself; an index value is first looked up
under its index's name (``stage`` → ``stage_potential``, ``segment`` → ``seg_lost``). A table whose
key means something more specific than the shared label names the glossary key itself in
``table.attrs["glossary"]`` (``{"value": "total_customer_value"}``). A key without an entry is
shown as it is.
"""

from __future__ import annotations

import sys

import pandas as pd

from ._config import get_language

#: Glossary prefixes tried for a column or index key, in order (then the bare key).
PREFIXES = ("col_", "seg_", "pyramid_", "tier_", "stage_", "phase_", "channel_", "category_")
#: The glossary prefix of an index's values, by the index's name, tried before :data:`PREFIXES`.
VALUE_PREFIX = {"segment": "seg_", "tier": "pyramid_", "stage": "stage_", "phase": "phase_",
                "category": "category_", "channel": "channel_"}
#: Glossary keys of a table in the buy-till-you-die convention (it has ``frequency``, ``recency``
#: and ``T``): there ``frequency`` counts repeat purchase days and ``monetary`` is the mean spend
#: per repeat purchase day (:func:`crm_lessons.btyd.calibration_summary`), not the RFM quantities.
BTYD_KEYS = {"frequency": "col_repeat_frequency", "monetary": "col_repeat_monetary"}


def header(key, lang: str | None = None, *, within: str | None = None, bare: bool = True,
           own=None):
    """The glossary label of a table key in ``lang`` (default: the session language), or ``key``.

    ``within`` names the index the key is a value of (its values are looked up with that
    index's prefix first); ``bare=False`` skips the un-prefixed key (the report's tables);
    ``own`` maps keys to the glossary keys a table chose (``attrs["glossary"]``). Anything that
    is not a string comes back unchanged.

    >>> header("churn_rate", "zh"), header("potential", "zh", within="stage"), header(3, "zh")
    ('客户流失率', '潜在客户期', 3)
    >>> header("value", "zh", own={"value": "total_customer_value"})
    '客户总价值'
    """
    if not isinstance(key, str):
        return key
    from .glossary import term, terms

    if own and key in own:
        return term(own[key], lang)

    known = terms()
    first = (VALUE_PREFIX[within],) if within in VALUE_PREFIX else ()
    for k in (*(p + key for p in (*first, *PREFIXES)), *((key,) if bare else ())):
        if k in known:
            return term(k, lang)
    return key


def _is_text(index: pd.Index) -> bool:
    return not (pd.api.types.is_numeric_dtype(index.dtype) or pd.api.types.is_bool_dtype(index.dtype)
                or pd.api.types.is_datetime64_any_dtype(index.dtype))


def _axis(index: pd.Index, lang, bare: bool, own=None) -> pd.Index:
    """``index`` with its names and text values through :func:`header`."""
    names = [header(n, lang, bare=bare, own=own) for n in index.names]
    if isinstance(index, pd.MultiIndex):
        levels = [level.map(lambda v, n=name: header(v, lang, within=n, bare=bare, own=own))
                  if _is_text(level) else level
                  for level, name in zip(index.levels, index.names, strict=True)]
        return index.set_levels(levels, verify_integrity=False).set_names(names)
    if _is_text(index):
        index = pd.Index([header(v, lang, within=index.name, bare=bare, own=own) for v in index])
    return index.set_names(names)


def translated(table, lang: str | None = None, *, bare: bool = True):
    """A display copy of a DataFrame or Series with glossary labels; ``table`` is not changed.

    Column names, the names of the index and the columns, and text index values go through
    :func:`header`; a Series' name too. Values are untouched.

    >>> frame = pd.DataFrame({"churn_rate": [0.2]}, index=pd.Index(["A"], name="company"))
    >>> shown = translated(frame, "zh")
    >>> shown.columns.tolist(), shown.index.name, frame.columns.tolist()
    (['客户流失率'], '企业', ['churn_rate'])
    """
    own = table.attrs.get("glossary")
    if isinstance(table, pd.DataFrame) and {"frequency", "recency", "T"} <= set(table.columns):
        own = {**BTYD_KEYS, **(own or {})}
    out = table.copy(deep=False)
    out.index = _axis(out.index, lang, bare, own)
    if isinstance(out, pd.Series):
        out.name = header(out.name, lang, bare=bare, own=own)
    else:
        out.columns = _axis(out.columns, lang, bare, own)
    return out


def translated_style(styler, lang: str | None = None):
    """A copy of a pandas ``Styler`` whose header labels are shown through :func:`header`.

    The styled frame itself is not changed (the labels are display formats of the copy).

    >>> frame = pd.DataFrame({"lift": [2.0]})
    >>> "提升度" in translated_style(frame.style, "zh").to_html(), frame.columns.tolist()
    (True, ['lift'])
    """
    import copy

    out = copy.deepcopy(styler)
    data = styler.data
    own = data.attrs.get("glossary")
    for axis, index in (("columns", data.columns), ("index", data.index)):
        if _is_text(index) and not isinstance(index, pd.MultiIndex):
            out.format_index(lambda v, n=index.name: header(v, lang, within=n, own=own), axis=axis)
        out.format_index_names(lambda v: header(v, lang, own=own), axis=axis)
    return out


# --- IPython: show tables through the glossary while the language is Chinese ------------------

def _shown(table, translate=translated):
    """What a notebook shows for ``table``: its translated copy under "zh", else ``table``.

    Display never fails because of a label: a table the look-up cannot copy is shown as it is.
    """
    if get_language() != "zh":
        return table
    try:
        return translate(table)
    except Exception:  # noqa: BLE001 - an English header beats a traceback under a student's cell
        return table


def _html(table):
    return _shown(table)._repr_html_()


def _style_html(styler):
    return _shown(styler, translated_style)._repr_html_()


def _text(table, printer, cycle):
    printer.text(repr(_shown(table)))


def show_tables(lang: str) -> bool:
    """Make IPython display DataFrames, Series and Stylers with glossary labels when ``lang`` is
    "zh"; any other language removes that again. Outside IPython nothing happens (``False``).

    Only the display changes: ``df["recency_days"]`` keeps working in a Chinese notebook.

    >>> show_tables("zh")  # not inside IPython here
    False
    """
    if "IPython" not in sys.modules:
        return False
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    formatters = shell.display_formatter.formatters
    ours = [(formatters["text/html"], pd.DataFrame, _html),
            (formatters["text/plain"], pd.DataFrame, _text),
            (formatters["text/plain"], pd.Series, _text)]
    html = formatters["text/html"]
    for formatter, cls, printer in ours:
        if lang == "zh":
            formatter.for_type(cls, printer)
        elif formatter.type_printers.get(cls) is printer:
            formatter.pop(cls)
    style = ("pandas.io.formats.style", "Styler")
    if lang == "zh":
        html.for_type_by_name(*style, _style_html)
    elif html.deferred_printers.get(style) is _style_html:
        html.deferred_printers.pop(style)
    else:  # once a Styler was shown IPython keeps the printer by class (no jinja2 import here)
        styler = getattr(sys.modules.get(style[0]), style[1], None)
        if styler is not None and html.type_printers.get(styler) is _style_html:
            html.pop(styler)
    return True


__all__ = ["header", "translated", "translated_style", "show_tables", "PREFIXES"]
