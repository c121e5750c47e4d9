"""Self-checks for the exercises: a verdict and a hint, never the answer.

An exercise notebook's check cell holds one call per answer, e.g.
``crm.check.exercise("03-6", answer_6)``. The expected value is computed (or stored) by the
exercise's entry in :mod:`crm_lessons.answers`, out of the student's sight; the call prints whether
the answer is right and, when it is not, a hint that reacts to the slip when it is a common one
(a percent where a fraction is asked, numbers where names are asked, a reversed sort, …). The hint
never shows the method's code or the expected number. Verdicts and hints follow the session
language (``crm.setup(lang="zh")`` gives Chinese).

An answer still holding its placeholder (``...`` or ``None``) is "not answered yet", not an error,
so an untouched exercise notebook runs top to bottom. :func:`exercise` returns ``None`` (nothing is
displayed under the printed verdict); :func:`passed` is the silent yes/no and :func:`grade` raises
``AssertionError`` unless the answer is right (what nbgrader's hidden tests call).

>>> exercise("00-2", 0.125)
✅ Exercise 00-2 · churn rate: correct.
>>> exercise("00-2", 12.5)
❌ Exercise 00-2 · churn rate: not yet. Hint: this looks like a percent; give the rate as a fraction (a percent ÷ 100).
>>> exercise("00-2", ...)
⏳ Exercise 00-2 · churn rate: not answered yet. Replace the ... placeholder with your answer and run this cell again.
>>> passed("00-2", 0.13)
False
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from ._config import get_language

_TEXT = {
    "en": {
        "label": "Exercise {id} · {name}",
        "correct": "✅ {label}: correct.",
        "wrong": "❌ {label}: not yet. Hint: {hint}",
        "wrong_bare": "❌ {label}: not yet.",
        "missing": "⏳ {label}: not answered yet. Replace the ... placeholder with your answer "
                   "and run this cell again.",
        "percent": "this looks like a percent; give the rate as a fraction (a percent ÷ 100).",
        "fraction": "this looks like a fraction; the question asks for per cent (a fraction × 100).",
        "not_number": "expected a number, got {type}.",
        "not_text": "expected text (a string), got {type}.",
        "not_bool": "expected True or False, got {type}.",
        "not_sequence": "expected a list, got {type}.",
        "one_number": "expected a single number, got {m} values.",
        "count_low": "your list has too few items.",
        "count_high": "your list has too many items.",
        "numbers_for_text": "give the items as text (strings, in quotes), not as numbers.",
        "reversed": "the right items in reverse order: check the direction of your sort.",
        "order": "the right items in the wrong order.",
        "items": "some items are right, some are not.",
        "no_items": "none of these items is right.",
        "shape": "expected {n} values, got {m}.",
        "close": "close, but not within the tolerance: keep full precision and round only "
                 "when you print.",
        "frame": "the table differs from the expected one (index, columns or values).",
        "unknown": "unknown exercise id {id!r}; expected one of: {known}",
    },
    "zh": {
        "label": "练习 {id} · {name}",
        "correct": "✅ {label}：正确。",
        "wrong": "❌ {label}：还不对。提示：{hint}",
        "wrong_bare": "❌ {label}：还不对。",
        "missing": "⏳ {label}：尚未作答。请把占位符 ... 换成你的答案，再运行本单元格。",
        "percent": "这看起来是百分数；请把比率写成小数（百分数 ÷ 100）。",
        "fraction": "这看起来是小数；题目要求的是百分数（小数 × 100）。",
        "not_number": "应当是一个数，你给的是 {type}。",
        "not_text": "应当是文字（字符串），你给的是 {type}。",
        "not_bool": "应当是 True 或 False，你给的是 {type}。",
        "not_sequence": "应当是一个列表，你给的是 {type}。",
        "one_number": "应当是一个数，你给了 {m} 个。",
        "count_low": "你的列表项数太少。",
        "count_high": "你的列表项数太多。",
        "numbers_for_text": "请把各项写成文字（加引号的字符串），不要写成数字。",
        "reversed": "各项都对，但顺序正好相反：检查排序方向。",
        "order": "各项都对，但顺序不对。",
        "items": "有的项对，有的项不对。",
        "no_items": "这些项都不对。",
        "shape": "应当有 {n} 个数值，你给了 {m} 个。",
        "close": "很接近，但超出了允许误差：计算中保留全部精度，只在显示时四舍五入。",
        "frame": "这张表与预期的不同（索引、列或数值）。",
        "unknown": "未知的练习编号 {id!r}；可用的编号：{known}",
    },
}


def message(key: str, lang: str | None = None, **slots) -> str:
    """One verdict or hint phrase in the session language (``lang`` overrides it).

    >>> message("order", "zh")
    '各项都对，但顺序不对。'
    """
    table = _TEXT.get(lang or get_language(), _TEXT["en"])
    return table[key].format(**slots)


def is_unanswered(answer: object) -> bool:
    """True for the placeholders an exercise stub starts with: ``...`` and ``None``.

    >>> is_unanswered(...), is_unanswered(0)
    (True, False)
    """
    return answer is None or answer is Ellipsis


def evaluate(exercise_id: str, answer, lang: str | None = None) -> tuple[str, str]:
    """``(status, text)`` for one answer: status is "correct", "wrong" or "missing"; text is
    the full verdict line in the session language (``lang`` overrides it)."""
    from . import answers

    ex = answers.get(exercise_id)
    lang = lang or get_language()
    label = message("label", lang, id=ex.id, name=ex.name[1] if lang == "zh" else ex.name[0])
    if is_unanswered(answer):
        return "missing", message("missing", lang, label=label)
    ok, hint = ex.judge(answer, lang)
    if ok:
        return "correct", message("correct", lang, label=label)
    if hint:
        return "wrong", message("wrong", lang, label=label, hint=hint)
    return "wrong", message("wrong_bare", lang, label=label)


def exercise(exercise_id: str, answer) -> None:
    """Print the verdict on ``answer`` to exercise ``exercise_id`` ("NN-k", e.g. "03-6").

    Returns ``None`` so that nothing but the verdict shows under the cell.
    """
    print(evaluate(exercise_id, answer)[1])


def passed(exercise_id: str, answer) -> bool:
    """True when ``answer`` is right; prints nothing (unanswered counts as not passed)."""
    return evaluate(exercise_id, answer)[0] == "correct"


def grade(exercise_id: str, answer) -> None:
    """Raise ``AssertionError`` (with the verdict) unless ``answer`` is right: for grade cells.

    >>> grade("00-2", 0.125)
    >>> grade("00-2", ...)
    Traceback (most recent call last):
    AssertionError: ⏳ Exercise 00-2 · churn rate: not answered yet. ...
    """
    status, text = evaluate(exercise_id, answer)
    if status != "correct":
        raise AssertionError(text)


# --- the older free-standing helpers (kept for notebooks that compare two values directly) -----
def _verdict(ok: bool, name: str, hint: str | None) -> bool:
    if ok:
        print(f"✅ {name}: correct.")
    else:
        extra = f" Hint: {hint}" if hint else ""
        print(f"❌ {name}: not yet.{extra}")
    return ok


def _missing(answer: object, name: str) -> bool:
    if is_unanswered(answer):
        print(f"⏳ {name}: not answered yet.")
        return True
    return False


def close(answer, expected, *, name: str = "answer", hint: str | None = None,
          rel_tol: float = 1e-3, abs_tol: float = 0.0) -> bool:
    """True when a number (or each number of an array) is within tolerance of the expected one:
    ``|answer − expected| ≤ abs_tol + rel_tol·|expected|``.

    >>> close(20432.55, 20432.5504, name="CLV at 10%")
    ✅ CLV at 10%: correct.
    True
    >>> close(48000, 20432.55, name="CLV at 10%", hint="Discount each year's profit.")
    ❌ CLV at 10%: not yet. Hint: Discount each year's profit.
    False
    """
    if _missing(answer, name):
        return False
    try:
        a = np.asarray(answer, dtype=float)
        e = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        print(f"❌ {name}: expected a number, got {type(answer).__name__}.")
        return False
    if a.shape != e.shape:
        return _verdict(False, name, f"expected {e.size} value(s), got {a.size}. " + (hint or ""))
    ok = bool(np.all(np.isclose(a, e, rtol=rel_tol, atol=abs_tol)))
    return _verdict(ok, name, hint)


def equal(answer, expected, *, name: str = "answer", hint: str | None = None) -> bool:
    """True when the answer equals the expected value (strings trimmed and case-blind, also
    inside lists and tuples, which compare by content).

    >>> equal(" Diamond", "diamond", name="tier")
    ✅ tier: correct.
    True
    >>> equal(("Gold", "lead"), ["gold", "Lead"], name="tiers")
    ✅ tiers: correct.
    True
    """
    if _missing(answer, name):
        return False
    return _verdict(_same(answer, expected), name, hint)


def _norm(item):
    if isinstance(item, str):
        return item.strip().casefold()
    if isinstance(item, np.generic):
        return item.item()
    return item


def _same(answer, expected) -> bool:
    seq = (list, tuple, np.ndarray)
    if hasattr(answer, "tolist") and not isinstance(answer, np.generic):
        answer = answer.tolist()
    if hasattr(expected, "tolist") and not isinstance(expected, np.generic):
        expected = expected.tolist()
    if isinstance(answer, seq) and isinstance(expected, seq):
        return len(answer) == len(expected) and all(
            _same(a, e) for a, e in zip(answer, expected, strict=True))
    try:
        return bool(_norm(answer) == _norm(expected))
    except (TypeError, ValueError):
        return False


def same_items(answer: Iterable, expected: Iterable, *, name: str = "answer",
               hint: str | None = None) -> bool:
    """True when two collections hold the same items, in any order (strings case-blind).

    >>> same_items(["丙", "己"], ["己", "丙"], name="accounts to call")
    ✅ accounts to call: correct.
    True
    """
    if _missing(answer, name):
        return False
    try:
        ok = sorted(str(_norm(a)) for a in answer) == sorted(str(_norm(e)) for e in expected)
    except TypeError:
        ok = False
    return _verdict(ok, name, hint)


def frame(answer, expected, *, name: str = "table", hint: str | None = None,
          check_dtype: bool = False, rel_tol: float = 1e-4) -> bool:
    """True when two DataFrames/Series hold the same values (index and columns included)."""
    import pandas as pd

    if _missing(answer, name):
        return False
    try:
        if isinstance(expected, pd.Series):
            pd.testing.assert_series_equal(answer, expected, check_dtype=check_dtype,
                                           rtol=rel_tol, check_names=False)
        else:
            pd.testing.assert_frame_equal(answer, expected, check_dtype=check_dtype, rtol=rel_tol)
        ok = True
    except (AssertionError, TypeError, AttributeError):
        ok = False
    return _verdict(ok, name, hint)


def in_range(answer, low: float, high: float, *, name: str = "answer",
             hint: str | None = None) -> bool:
    """True when a number lies in [low, high] (for estimates with more than one good answer).

    >>> in_range(0.93, 0.9, 1.0, name="retention")
    ✅ retention: correct.
    True
    """
    if _missing(answer, name):
        return False
    try:
        value = float(answer)
    except (TypeError, ValueError):
        print(f"❌ {name}: expected a number, got {type(answer).__name__}.")
        return False
    return _verdict(not math.isnan(value) and low <= value <= high, name, hint)


__all__ = ["exercise", "passed", "grade", "evaluate", "is_unanswered", "message",
           "close", "equal", "same_items", "frame", "in_range"]
