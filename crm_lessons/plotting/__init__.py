"""One look for every chapter: theme, Chinese fonts, and shared chart helpers.

``setup(lang="zh")`` switches chart labels to Chinese. Chinese glyphs need a CJK font: we look for
an installed one (Noto Sans CJK, Source Han, WenQuanYi, SimHei, Microsoft YaHei, PingFang …) and,
failing that, the openly licensed Noto Sans SC from the optional extra ``crm-lessons[cjk]``. With no
CJK font at all we warn once, in plain words, and keep English labels, so nothing renders as boxes.

Chapter-specific charts live in submodules named after their concept module
(``crm_lessons.plotting.clv`` …); they build on :func:`new_axes` and :func:`finish`.
"""

from __future__ import annotations

import importlib.util
import logging
import warnings
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib import font_manager

from .._config import get_language, set_language, set_seed
from ..glossary import term
from ..tables import show_tables
from . import redraw

#: Family names of common CJK fonts, best first (as matplotlib reports them).
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "STHeiti",
    "Hiragino Sans GB",
    "Noto Sans CJK JP",
    "Noto Serif CJK SC",
    "AR PL UMing CN",
)

#: Colour-blind-safe palette (seaborn "colorblind", after Wong 2011).
PALETTE = "colorblind"

#: The smallest text on any chart, in points: annotations, value labels, legends and notes. At the
#: default figure sizes (7.5 in wide, 100 dpi) this stays readable from the back of a lecture hall;
#: ``tests/test_figure_text.py`` measures every figure the chapters draw against it.
TEXT_PT = 10
#: Tick labels, axis labels and titles in points (``setup`` sets them as rcParams).
TICK_PT, LABEL_PT, TITLE_PT = 11, 12, 13


class FontFamily(str):
    """The CJK font family ``setup`` chose: a plain ``str`` that shows nothing as a cell's result.

    ``crm.setup()`` is the last line of every notebook's first cell; without this its return value
    would be echoed under the cell (``'Noto Sans SC'``). Code that keeps it gets the name.

    >>> name = FontFamily("Noto Sans SC")
    >>> name == "Noto Sans SC", name.upper()
    (True, 'NOTO SANS SC')
    """

    __slots__ = ()

    def _ipython_display_(self) -> None:  # IPython shows nothing for a value with this hook
        return None

_state: dict[str, object] = {"font": None, "warned": False}


def _bundled_font_file() -> Path | None:
    """Noto Sans SC from the ``cjk`` extra (package ``pylopdf-fonts-zh-cn``), if installed."""
    spec = importlib.util.find_spec("pylopdf_fonts_zh_cn")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "NotoSansSC-Regular.otf"
    return path if path.is_file() else None


def find_cjk_font(extra_files: bool = True) -> str | None:
    """The family name of a usable CJK font, registering the bundled one if needed; else ``None``.

    Installed system fonts are preferred; ``extra_files=False`` ignores the pip-installed font.
    """
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    if extra_files:
        path = _bundled_font_file()
        if path is not None:
            font_manager.fontManager.addfont(str(path))
            return font_manager.FontProperties(fname=str(path)).get_name()
    return None


def setup(lang: str = "en", seed: int | None = None, *, font: str | None = None) -> str | None:
    """Apply the course theme; choose label language; return the CJK font family in use (or None).

    The family comes back as a :class:`FontFamily`, a ``str`` that a notebook does not echo.

    * seaborn ``whitegrid`` theme, colour-blind palette, text sizes for a projector (ticks
      ``TICK_PT``, labels ``LABEL_PT``, titles ``TITLE_PT``, nothing below ``TEXT_PT`` = 10 pt);
    * pandas display options for tidy tables;
    * ``lang="zh"`` makes the package's chart labels Chinese (falls back to English, with one
      plain warning, when no CJK font can be found) and, inside IPython, shows the column and
      index labels of displayed tables through the glossary (:func:`crm_lessons.tables.show_tables`;
      the frames keep their English keys);
    * ``seed`` sets the seed notebooks use (``crm_lessons._config.get_seed``).
    """
    import pandas as pd
    import seaborn as sns

    if lang not in ("en", "zh"):
        raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
    if seed is not None:
        set_seed(seed)
    sns.set_theme(style="whitegrid", palette=PALETTE, context="notebook")
    mpl.rcParams.update(
        {
            "figure.figsize": (7.5, 4.2),
            "figure.dpi": 100,
            "axes.titleweight": "bold",
            "axes.titlesize": TITLE_PT,
            "axes.labelsize": LABEL_PT,
            "xtick.labelsize": TICK_PT,
            "ytick.labelsize": TICK_PT,
            "legend.fontsize": TEXT_PT + 1,
            "legend.title_fontsize": TEXT_PT + 1,
            "font.size": TICK_PT,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "savefig.bbox": "tight",
        }
    )
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 120)
    pd.set_option("display.float_format", "{:,.2f}".format)

    family = font or find_cjk_font()
    # A regular-only CJK font is used for bold titles too; matplotlib logs that at every title.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    _state["font"] = family
    if family:
        # DejaVu Sans first keeps Latin text and the minus sign; matplotlib falls back glyph by
        # glyph to the CJK family for Chinese characters.
        # (Fallback works between named families, not inside the generic "sans-serif".)
        mpl.rcParams["font.family"] = ["DejaVu Sans", family]
    if lang == "zh" and not family:
        if not _state["warned"]:
            warnings.warn(
                "No Chinese (CJK) font was found, so charts will use English labels. "
                "To get Chinese labels, run: pip install 'crm-lessons[cjk]' "
                "(or install a system font such as Noto Sans CJK), then restart the kernel.",
                UserWarning,
                stacklevel=2,
            )
            _state["warned"] = True
        lang = "en"
    set_language(lang)
    show_tables(lang)  # tables a notebook displays: glossary headers in Chinese, else as they are
    return FontFamily(family) if family else None


def cjk_font() -> str | None:
    """The CJK family ``setup`` registered (None before ``setup`` or when none was found)."""
    return _state["font"]  # type: ignore[return-value]


def label(key: str) -> str:
    """Glossary label in the current language (shorthand for ``glossary.term``)."""
    return term(key)


def new_axes(ncols: int = 1, nrows: int = 1, *, figsize=None, **kwargs):
    """A fresh figure and axes in the course style (``plt.subplots`` with sensible sizing).

    While a slider panel redraws, the panel's previous figure of this shape comes back cleared
    instead (:mod:`crm_lessons.plotting.redraw`), which keeps its text measurements.
    """
    if figsize is None:
        figsize = (min(4.6 * ncols + 1.5, 14), 3.8 * nrows + 0.4)
    pool = redraw.active()
    if pool is not None:
        return pool.subplots(nrows, ncols, figsize, **kwargs)
    return plt.subplots(nrows, ncols, figsize=figsize, **kwargs)


def finish(ax, title: str | None = None, xlabel: str | None = None, ylabel: str | None = None,
           *, stylised: bool = False, yuan_axis: str | None = None, layout: bool = True):
    """Title and axis labels (already translated strings), optional "stylised model" note.

    ``yuan_axis="y"`` formats that axis with thousands separators. ``layout=False`` skips
    ``tight_layout``; in a slider panel's redraw the layout waits for the render, which redoes it
    only when the text at the margins grew (:mod:`crm_lessons.plotting.redraw`).
    """
    if title:
        ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if yuan_axis in ("x", "y"):
        axis = ax.yaxis if yuan_axis == "y" else ax.xaxis
        axis.set_major_formatter(mpl.ticker.StrMethodFormatter("{x:,.0f}"))
    if stylised:
        ax.text(0.99, 0.01, term("stylised_model"), transform=ax.transAxes, ha="right",
                va="bottom", fontsize=TEXT_PT, color="0.45", style="italic")
    if layout:
        pool = redraw.active()
        if pool is not None and pool.owns(ax.figure):
            pool.request_layout(ax.figure)
        else:
            ax.figure.tight_layout()
    return ax


def spread_labels(ax, texts, *, gap: float = 12.0) -> None:
    """Shift ``texts`` (placed in data coordinates on one row) sideways until none overlaps.

    Labels are pushed apart along x, in the order of their anchors, by at least ``gap`` pixels, and
    the row is moved back inside the axes if it ran past an edge. Measured with the figure's
    renderer, so call it after the layout (``finish``) that sets the axes' size.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> fig, ax = new_axes(figsize=(4, 2)); ax.set_xlim(0, 10)
    (0.0, 10.0)
    >>> a, b = ax.text(5, 0.5, "service value", ha="center"), ax.text(5.2, 0.5, "image", ha="center")
    >>> spread_labels(ax, [a, b])
    >>> r = fig.canvas.get_renderer()
    >>> bool(a.get_window_extent(r).x1 <= b.get_window_extent(r).x0)
    True
    """
    texts = list(texts)
    if not texts:
        return
    from matplotlib.text import Annotation, Text

    renderer = ax.figure.canvas.get_renderer()
    to_pixels = ax.transData
    for t in texts:
        if isinstance(t, Annotation):
            t.update_positions(renderer)
    # the text alone (an annotation's own extent includes its arrow)
    boxes = [Text.get_window_extent(t, renderer) for t in texts]
    # current centres and half-widths in pixels, left to right
    order = sorted(range(len(texts)), key=lambda i: boxes[i].x0 + boxes[i].width / 2)
    centres = [boxes[i].x0 + boxes[i].width / 2 for i in order]
    half = [boxes[i].width / 2 for i in order]
    for k in range(1, len(order)):
        low = centres[k - 1] + half[k - 1] + gap + half[k]
        centres[k] = max(centres[k], low)
    frame = ax.get_window_extent(renderer)
    overshoot = centres[-1] + half[-1] - (frame.x1 - 2)
    if overshoot > 0:
        centres = [c - overshoot for c in centres]
    undershoot = (frame.x0 + 2) - (centres[0] - half[0])
    if undershoot > 0:
        centres = [c + undershoot for c in centres]
    for k, i in enumerate(order):
        text = texts[i]
        shift = centres[k] - (boxes[i].x0 + boxes[i].width / 2)
        x_pix, y_pix = to_pixels.transform(text.get_position())
        x_data, _ = to_pixels.inverted().transform((x_pix + shift, y_pix))
        text.set_x(x_data)


def language_demo():
    """One small figure drawn with English and with Chinese labels (glossary keys, same data)."""
    import numpy as np

    from .. import lifecycle

    churn = np.linspace(0.05, 0.5, 46)
    fig, axes = new_axes(2)
    langs = ("en", "zh" if cjk_font() else "en")
    for ax, lang in zip(axes, langs, strict=True):
        ax.plot(churn, lifecycle.group_lifetime(churn))
        finish(ax, term("lifecycle", lang), term("churn_rate", lang), term("years", lang))
    return fig


def language() -> str:
    """Current label language ("en" or "zh")."""
    return get_language()


def __getattr__(name: str):
    """Chapter chart modules load on first use: ``crm.plotting.clv.ltv_figure(...)``."""
    import importlib

    if name in ("value", "lifecycle", "clv", "satisfaction", "rfm", "knowledge", "btyd",
                "reports"):
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["setup", "find_cjk_font", "cjk_font", "label", "new_axes", "finish", "language",
           "language_demo", "FontFamily", "spread_labels",
           "PALETTE", "CJK_FAMILIES", "TEXT_PT", "TICK_PT", "LABEL_PT", "TITLE_PT"]
