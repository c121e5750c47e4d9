"""A small bilingual glossary: key → (English, 中文), and phrase templates with number slots.

Chart labels, table headers and notebook tables all come from here, so ``setup(lang="zh")``
switches every label at once. Terms live in one module per topic (``core``, ``value``,
``lifecycle``, ``clv``, ``satisfaction``, ``rfm``, ``knowledge``, ``btyd``, ``reports``,
``tables`` for the headers of displayed tables); each defines
``TERMS = {key: (english, chinese)}`` and may define ``PHRASES = {key: (english, chinese)}``:
templates in :meth:`str.format` syntax whose slots are filled by :func:`phrase`. A phrase is
used wherever a bare term next to a number would read word by word in Chinese ("年 3",
"14.2 年数"): Chinese puts the ordinal around the number (第3年), counts with a measure word
and writes full-width punctuation, so each language gets its own whole template.

>>> term("clv", "en")
'customer lifetime value'
>>> term("clv", "zh")
'客户终生价值'
>>> term("clv", "both")
'customer lifetime value (客户终生价值)'
>>> phrase("year_n", "zh", n=3), phrase("year_n", "en", n=3)
('第3年', 'year 3')
>>> phrase("years_x", "zh", x=14.2)
'14.2 年'
"""

from __future__ import annotations

import importlib
import string
from functools import lru_cache

from .._config import get_language

_TOPICS = ("core", "datasets", "value", "lifecycle", "clv", "satisfaction", "rfm", "knowledge",
           "btyd", "reports", "present", "tables")


@lru_cache(maxsize=1)
def terms() -> dict[str, tuple[str, str]]:
    """All glossary entries merged from the topic modules (a key may appear only once)."""
    merged: dict[str, tuple[str, str]] = {}
    for topic in _TOPICS:
        module = importlib.import_module(f"{__name__}.{topic}")
        for key, pair in module.TERMS.items():
            if key in merged and merged[key] != pair:
                raise ValueError(
                    f"glossary key {key!r} is defined twice with different text "
                    f"({merged[key]} vs {pair}, second in glossary/{topic}.py)"
                )
            if len(pair) != 2 or not all(isinstance(s, str) and s for s in pair):
                raise ValueError(f"glossary key {key!r} in {topic}.py needs (english, chinese)")
            merged[key] = pair
    return merged


def _slots(template: str) -> set[str]:
    """The slot names of a format template ("{n}年" → {"n"})."""
    return {field.split(".")[0].split("[")[0]
            for _, field, _, _ in string.Formatter().parse(template) if field is not None}


@lru_cache(maxsize=1)
def phrases() -> dict[str, tuple[str, str]]:
    """All phrase templates merged from the topic modules' ``PHRASES`` (a key appears once).

    Both languages of a template must have the same slots, so a caller fills either with the
    same keyword arguments.
    """
    merged: dict[str, tuple[str, str]] = {}
    for topic in _TOPICS:
        module = importlib.import_module(f"{__name__}.{topic}")
        for key, pair in getattr(module, "PHRASES", {}).items():
            if key in merged and merged[key] != pair:
                raise ValueError(f"glossary phrase {key!r} is defined twice with different text "
                                 f"({merged[key]} vs {pair}, second in glossary/{topic}.py)")
            if len(pair) != 2 or not all(isinstance(s, str) and s for s in pair):
                raise ValueError(f"glossary phrase {key!r} in {topic}.py needs (english, chinese)")
            if _slots(pair[0]) != _slots(pair[1]):
                raise ValueError(f"glossary phrase {key!r} in {topic}.py has slots "
                                 f"{sorted(_slots(pair[0]))} in English but "
                                 f"{sorted(_slots(pair[1]))} in Chinese")
            merged[key] = pair
    return merged


def phrase(key: str, lang: str | None = None, /, **slots) -> str:
    """The phrase template ``key`` in ``lang`` ("en", "zh" or "both") with its slots filled.

    Formula: ``template.format(**slots)``; a slot may carry a format spec in the template
    (``{x:,.1f} 年``). Raises ``KeyError`` for an unknown key and ``ValueError`` naming a slot
    that was not given.

    >>> phrase("breakeven_year", "zh", n=2)
    '盈亏平衡：第2年'
    >>> phrase("year_n", "both", n=1)
    'year 1 (第1年)'
    """
    entries = phrases()
    if key not in entries:
        import difflib

        close = difflib.get_close_matches(key, entries, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise KeyError(f"no glossary phrase {key!r}{hint}")
    en, zh = entries[key]
    missing = sorted(_slots(en) - set(slots))
    if missing:
        raise ValueError(f"phrase {key!r} needs slot(s) {', '.join(missing)}; got "
                         f"{sorted(slots) or 'none'}")
    lang = lang or get_language()
    if lang == "en":
        return en.format(**slots)
    if lang == "zh":
        return zh.format(**slots)
    if lang == "both":
        return f"{en.format(**slots)} ({zh.format(**slots)})"
    raise ValueError(f"lang must be 'en', 'zh' or 'both', got {lang!r}")


def term(key: str, lang: str | None = None) -> str:
    """The label for ``key`` in ``lang`` ("en", "zh" or "both"; default: the current language).

    Raises ``KeyError`` naming close matches when the key is unknown.
    """
    entries = terms()
    if key not in entries:
        import difflib

        close = difflib.get_close_matches(key, entries, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise KeyError(f"no glossary term {key!r}{hint}")
    en, zh = entries[key]
    lang = lang or get_language()
    if lang == "en":
        return en
    if lang == "zh":
        return zh
    if lang == "both":
        return f"{en} ({zh})"
    raise ValueError(f"lang must be 'en', 'zh' or 'both', got {lang!r}")


def labels(keys, lang: str | None = None) -> list[str]:
    """``term`` for each key, e.g. for tick labels.

    >>> labels(["recency", "frequency"], "zh")
    ['最近一次消费', '消费频率']
    """
    return [term(k, lang) for k in keys]


def table(keys=None):
    """The glossary as a DataFrame with columns key, English, 中文 (all terms by default)."""
    import pandas as pd

    entries = terms()
    keys = list(entries) if keys is None else list(keys)
    return pd.DataFrame(
        [(k, entries[k][0], entries[k][1]) for k in keys], columns=["key", "English", "中文"]
    )


__all__ = ["term", "labels", "table", "terms", "phrase", "phrases"]
