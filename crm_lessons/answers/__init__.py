"""The exercise registry: what each self-check compares with, out of the student's sight.

Each chapter keeps its entries in its own module, ``crm_lessons/answers/chNN.py``, which calls
:func:`register` with one :class:`Exercise` per checked answer. An id is ``"NN-k"`` (chapter,
exercise) with a letter for the parts of a multi-part exercise (``"03-1a"``, ``"03-1b"``). A new
chapter adds its own ``chNN.py``; nothing here changes.

An entry holds

* ``expected``: a function computing the right value with the package (or returning a value stored
  here for questions done by hand); it runs once, on first use;
* ``kind``: how answers are compared — ``number`` (relative tolerance, 1e-3 by default),
  ``fraction`` (absolute tolerance, 1e-3 by default), ``integer``, ``text`` (trimmed, case-blind),
  ``bool``, ``sequence`` (ordered list or tuple; strings case-blind), ``items`` (any order),
  ``frame`` (a pandas table) or ``custom`` (its own ``compare``);
* ``slips``: typical wrong answers, each computed like ``expected`` and paired with a hint that
  names the mistake (never the method's code, never the number); generic slips (a percent for a
  fraction, numbers for names, a reversed sort, a list too short) are recognised for every entry.

>>> get("00-2").kind
'fraction'
>>> get("00-2").judge(0.125)
(True, None)
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

KINDS = ("number", "fraction", "integer", "text", "bool", "sequence", "items", "frame", "custom")
_ID = re.compile(r"^(?P<chapter>\d{2})-(?P<number>\d+)(?P<part>[a-z]?)$")


@dataclass(frozen=True)
class Slip:
    """A typical wrong answer: ``value()`` computes it, ``hint`` = (English, 中文) names it."""

    value: Callable[[], Any]
    hint: tuple[str, str]


@dataclass(frozen=True)
class Exercise:
    """One checked answer of an exercise (see the module docstring)."""

    id: str
    name: tuple[str, str]
    expected: Callable[[], Any]
    kind: str = "number"
    hint: tuple[str, str] | None = None
    slips: tuple[Slip, ...] = ()
    rel_tol: float | None = None
    abs_tol: float | None = None
    codes: bool = False          # cell codes: 544 and "544" are the same answer
    extract: Callable[[Any], Any] | None = None   # turn the student's object into comparable form
    compare: Callable[[Any, Any], bool] | None = None  # kind="custom"
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        if not _ID.match(self.id):
            raise ValueError(f"exercise id must look like '03-6' or '03-1a', got {self.id!r}")
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        if not isinstance(self.slips, tuple) or not all(isinstance(s, Slip) for s in self.slips):
            raise ValueError(f"exercise {self.id}: slips must be a tuple of Slip, got "
                             f"{self.slips!r}")
        if self.kind == "custom" and self.compare is None:
            raise ValueError(f"exercise {self.id}: kind='custom' needs compare=")

    # -- values ---------------------------------------------------------------------------------
    def expected_value(self):
        """The right answer (computed once)."""
        if "value" not in self._cache:
            self._cache["value"] = self.expected()
        return self._cache["value"]

    def tolerances(self) -> tuple[float, float]:
        """(relative, absolute) tolerance for numbers."""
        if self.kind == "fraction":
            rel, abs_ = 0.0, 1e-3
        elif self.kind == "integer":
            rel, abs_ = 0.0, 1e-9
        else:
            rel, abs_ = 1e-3, 1e-12
        return (self.rel_tol if self.rel_tol is not None else rel,
                self.abs_tol if self.abs_tol is not None else abs_)

    # -- judging --------------------------------------------------------------------------------
    def matches(self, answer, expected) -> bool:
        """True when ``answer`` equals ``expected`` by this entry's rule (no hint)."""
        return _compare(self, answer, expected)

    def judge(self, answer, lang: str | None = None) -> tuple[bool, str | None]:
        """``(right?, hint)`` for an answer that is not a placeholder."""
        from ..check import message

        zh = (lang or _lang()) == "zh"
        if self.extract is not None:
            try:
                answer = self.extract(answer)
            except (AttributeError, TypeError, KeyError, ValueError):
                return False, self._generic_hint(zh)
        expected = self.expected_value()
        problem = _type_problem(self, answer, expected, lang)
        if problem:
            return False, problem
        if self.matches(answer, expected):
            return True, None
        for slip in self.slips:
            if self.matches(answer, slip.value()):
                return False, slip.hint[1] if zh else slip.hint[0]
        generic = _generic_slip(self, answer, expected, lang)
        if generic:
            return False, generic
        if self.kind in ("number", "fraction") and _near(answer, expected, 1e-2):
            return False, message("close", lang)
        return False, self._generic_hint(zh)

    def _generic_hint(self, zh: bool) -> str | None:
        if self.hint is None:
            return None
        return self.hint[1] if zh else self.hint[0]


def _lang() -> str:
    from .._config import get_language

    return get_language()


# --- comparison -------------------------------------------------------------------------------
def _listify(value):
    if isinstance(value, (str, bytes)):
        return None
    if hasattr(value, "tolist") and not isinstance(value, np.generic):
        value = value.tolist()
    if isinstance(value, (list, tuple, set, frozenset)) or (
            hasattr(value, "__iter__") and not isinstance(value, dict)
            and type(value).__module__.startswith("pandas")):
        return list(value)
    return None


def _norm_item(item, codes: bool):
    if isinstance(item, np.generic):
        item = item.item()
    if codes and isinstance(item, (int, float)) and not isinstance(item, bool) and float(
            item).is_integer():
        return str(int(item))
    if isinstance(item, str):
        return item.strip().casefold()
    if isinstance(item, float) and item.is_integer():
        return int(item)
    return item


def _as_float_array(value):
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return arr.reshape(()) if arr.size == 1 else arr  # a one-value Series counts as a number


def _near(answer, expected, rel: float) -> bool:
    a, e = _as_float_array(answer), _as_float_array(expected)
    if a is None or e is None or a.shape != e.shape:
        return False
    return bool(np.all(np.isclose(a, e, rtol=rel, atol=1e-12)))


def _compare(ex: Exercise, answer, expected) -> bool:
    kind = ex.kind
    if kind == "custom":
        try:
            return bool(ex.compare(answer, expected))
        except (TypeError, ValueError, KeyError, AttributeError):
            return False
    if kind in ("number", "fraction", "integer"):
        if isinstance(answer, (str, bool)) or answer is None:
            return False
        a, e = _as_float_array(answer), _as_float_array(expected)
        if a is None or a.shape != e.shape or np.any(np.isnan(a)):
            return False
        rel, abs_ = ex.tolerances()
        return bool(np.all(np.abs(a - e) <= abs_ + rel * np.abs(e)))
    if kind == "bool":
        return isinstance(answer, (bool, np.bool_)) and bool(answer) == bool(expected)
    if kind == "text":
        if isinstance(answer, (list, tuple, dict)) or answer is None:
            return False
        if not isinstance(answer, str) and not ex.codes and isinstance(answer, (int, float)):
            return False
        return _norm_item(str(answer) if not ex.codes else answer, ex.codes) == _norm_item(
            str(expected) if not ex.codes else expected, ex.codes)
    if kind in ("sequence", "items"):
        a, e = _listify(answer), _listify(expected)
        if a is None or e is None or len(a) != len(e):
            return False
        a = [_norm_item(x, ex.codes) for x in a]
        e = [_norm_item(x, ex.codes) for x in e]
        if kind == "items":
            return sorted(map(repr, a)) == sorted(map(repr, e))
        return a == e
    if kind == "frame":
        import pandas as pd

        try:
            if isinstance(expected, pd.Series):
                pd.testing.assert_series_equal(answer, expected, check_dtype=False, rtol=1e-4,
                                               check_names=False)
            else:
                pd.testing.assert_frame_equal(answer, expected, check_dtype=False, rtol=1e-4)
        except (AssertionError, TypeError, AttributeError, ValueError):
            return False
        return True
    raise ValueError(f"unknown kind {kind!r}")


def _type_problem(ex: Exercise, answer, expected, lang) -> str | None:
    """A hint when the answer is of the wrong type altogether."""
    from ..check import message

    kind, tname = ex.kind, type(answer).__name__
    if kind in ("number", "fraction", "integer"):
        if isinstance(answer, str) or _as_float_array(answer) is None:
            return message("not_number", lang, type=tname)
        a, e = _as_float_array(answer), _as_float_array(expected)
        if a.shape != e.shape:
            if e.size == 1:
                return message("one_number", lang, m=a.size)
            return message("shape", lang, n=e.size, m=a.size)
    if kind == "bool" and not isinstance(answer, (bool, np.bool_)):
        return message("not_bool", lang, type=tname)
    if kind == "text" and not ex.codes and not isinstance(answer, str):
        if isinstance(answer, (int, float, np.number)):
            return message("numbers_for_text", lang)
        if _listify(answer) is not None or isinstance(answer, dict):
            return message("not_text", lang, type=tname)
    if kind in ("sequence", "items"):
        a, e = _listify(answer), _listify(expected)
        if a is None:
            return message("not_sequence", lang, type=tname)
        if not ex.codes and any(isinstance(x, str) for x in e) and a and all(
                isinstance(x, (int, float, np.number)) for x in a):
            return message("numbers_for_text", lang)
        if len(a) < len(e):
            return message("count_low", lang)
        if len(a) > len(e):
            return message("count_high", lang)
    return None


def _generic_slip(ex: Exercise, answer, expected, lang) -> str | None:
    from ..check import message

    if ex.kind in ("number", "fraction"):
        a, e = _as_float_array(answer), _as_float_array(expected)
        rel, abs_ = ex.tolerances()
        if np.all(np.abs(a - 100 * e) <= 100 * abs_ + rel * np.abs(100 * e)) and np.any(e != 0):
            return message("percent", lang)
        if np.all(np.abs(a - e / 100) <= abs_ / 100 + rel * np.abs(e / 100)) and np.any(e != 0):
            return message("fraction", lang)
    if ex.kind == "sequence":
        a = [_norm_item(x, ex.codes) for x in _listify(answer)]
        e = [_norm_item(x, ex.codes) for x in _listify(expected)]
        if a == e[::-1]:
            return message("reversed", lang)
        if sorted(map(repr, a)) == sorted(map(repr, e)):
            return message("order", lang)
    if ex.kind in ("sequence", "items"):
        a = {repr(_norm_item(x, ex.codes)) for x in _listify(answer)}
        e = {repr(_norm_item(x, ex.codes)) for x in _listify(expected)}
        if not a & e and ex.hint is None:
            return message("no_items", lang)
    return None


# --- the registry -----------------------------------------------------------------------------
REGISTRY: dict[str, Exercise] = {}


def register(*exercises: Exercise) -> None:
    """Add entries (each id once)."""
    for ex in exercises:
        if ex.id in REGISTRY and REGISTRY[ex.id] is not ex:
            raise ValueError(f"exercise id {ex.id!r} is registered twice")
        REGISTRY[ex.id] = ex


def _load_chapter(chapter: str) -> None:
    try:
        importlib.import_module(f"{__name__}.ch{chapter}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.ch{chapter}":
            raise


def get(exercise_id: str) -> Exercise:
    """The registry entry of ``exercise_id`` (its chapter module is imported on first use)."""
    from ..check import message

    m = _ID.match(str(exercise_id).strip())
    if m:
        _load_chapter(m["chapter"])
        if exercise_id.strip() in REGISTRY:
            return REGISTRY[exercise_id.strip()]
    known = ", ".join(sorted(all_exercises()))
    raise ValueError(message("unknown", id=exercise_id, known=known))


def chapters() -> list[str]:
    """The chapter numbers that have an answers module."""
    return sorted(m.name[2:] for m in pkgutil.iter_modules(__path__) if re.fullmatch(
        r"ch\d{2}", m.name))


def all_exercises() -> dict[str, Exercise]:
    """Every registered entry, all chapters loaded."""
    for chapter in chapters():
        _load_chapter(chapter)
    return dict(sorted(REGISTRY.items()))


__all__ = ["Exercise", "Slip", "register", "get", "all_exercises", "chapters", "KINDS"]
