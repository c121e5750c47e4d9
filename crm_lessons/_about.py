"""The versions/licence cell every notebook ends with."""

from __future__ import annotations

import platform
from importlib import metadata

PACKAGES = ("crm-lessons", "pandas", "numpy", "scipy", "matplotlib", "seaborn", "ipywidgets",
            "scikit-learn", "mlxtend")


def versions() -> dict[str, str]:
    """Python and key package versions (``"not installed"`` when absent).

    >>> versions()["python"] == platform.python_version()
    True
    """
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


class AboutText(str):
    """The text :func:`about` returns: a ``str`` that a notebook does not echo (it was printed).

    >>> AboutText("Made with python.") + " More."
    'Made with python. More.'
    """

    __slots__ = ()

    def _ipython_display_(self) -> None:  # already printed: show nothing as the cell's result
        return None


def about() -> str:
    """A one-paragraph versions and licence note; printed once, and returned as text.

    The returned :class:`AboutText` is not echoed as a cell's result, so ``crm.about()`` at the end
    of a notebook shows the note once.
    """
    from ._config import get_seed

    parts = ", ".join(f"{k} {v}" for k, v in versions().items())
    text = (f"Made with {parts}. Data seed {get_seed()}.\n"
            "Code: MIT licence. Text: CC BY 4.0. Data: synthetic (crm_lessons.datasets) unless a "
            "cell names another source.")
    print(text)
    return AboutText(text)
