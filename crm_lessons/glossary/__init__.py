"""A small bilingual glossary: key → (English, 中文).

Chart labels, table headers and notebook tables all come from here, so ``setup(lang="zh")``
switches every label at once. Terms live in one module per topic (``core``, ``value``,
``lifecycle``, ``clv``, ``satisfaction``, ``rfm``, ``knowledge``, ``reports``); each defines
``TERMS = {key: (english, chinese)}``.

>>> term("clv", "en")
'customer lifetime value'
>>> term("clv", "zh")
'客户终生价值'
>>> term("clv", "both")
'customer lifetime value (客户终生价值)'
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from .._config import get_language

_TOPICS = ("core", "datasets", "value", "lifecycle", "clv", "satisfaction", "rfm", "knowledge",
           "reports", "present")


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


__all__ = ["term", "labels", "table", "terms"]
