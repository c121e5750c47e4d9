"""crm-lessons: executable lessons for a course in Customer Relationship Management (客户关系管理).

The concept modules (``value``, ``lifecycle``, ``clv``, ``satisfaction``, ``rfm``, ``knowledge``,
``btyd``)
hold pure, tested functions. ``plotting`` and ``widgets`` draw and animate them. Everything is
imported lazily, so ``import crm_lessons`` stays fast and pulls in neither matplotlib nor ipywidgets.

>>> import crm_lessons as crm
>>> crm.__version__
'0.1.0'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_SUBMODULES = {
    "value",
    "lifecycle",
    "clv",
    "satisfaction",
    "rfm",
    "knowledge",
    "btyd",
    "datasets",
    "glossary",
    "plotting",
    "widgets",
    "check",
    "exercises",
    "navigation",
    "reports",
    "cli",
}

__all__ = ["__version__", "about", "setup", "term", *sorted(_SUBMODULES)]  # noqa: PLE0604

if TYPE_CHECKING:  # pragma: no cover
    from ._about import about  # noqa: F401
    from .glossary import term  # noqa: F401
    from .plotting import setup  # noqa: F401


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    if name == "setup":
        from .plotting import setup

        return setup
    if name == "about":
        from ._about import about

        return about
    if name == "term":
        from .glossary import term

        return term
    raise AttributeError(f"module 'crm_lessons' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
