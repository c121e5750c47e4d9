"""Session-wide settings shared by the glossary, plots and reports (language, seed)."""

from __future__ import annotations

LANGUAGES = ("en", "zh")
DEFAULT_SEED = 2024

_state = {"lang": "en", "seed": DEFAULT_SEED}


def get_language() -> str:
    """The language chart labels and glossary look-ups use now ("en" or "zh")."""
    return _state["lang"]


def set_language(lang: str) -> str:
    """Set the label language; returns the previous one.

    >>> old = set_language("zh"); get_language()
    'zh'
    >>> _ = set_language(old)
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    old = _state["lang"]
    _state["lang"] = lang
    return old


def get_seed() -> int:
    """The seed notebooks use for anything random (set by ``setup(seed=...)``)."""
    return _state["seed"]


def set_seed(seed: int) -> None:
    if not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    _state["seed"] = seed
