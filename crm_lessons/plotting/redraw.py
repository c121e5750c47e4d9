"""Fast redraws for slider panels: one figure per shape, laid out once, drawn once.

A slider panel draws the same kind of figure at every move. Drawn from scratch and shown through
the inline backend, each redraw measures every piece of text three times (``tight_layout``, the
backend's tight bounding box, the final render), each time on a new renderer with an empty text
cache. Inside a :class:`FigurePool` (``widgets.panel`` opens one per panel):

* :func:`~crm_lessons.plotting.new_axes` hands back the panel's figure of the same shape, cleared,
  with the margins of its last layout; its canvas keeps the renderer and so the text measurements;
* :func:`~crm_lessons.plotting.finish` only asks for a layout instead of running ``tight_layout``;
* :meth:`FigurePool.png` draws the figure once and encodes the canvas as PNG. ``tight_layout`` runs
  on the first draw of each kind of figure, and again only when text at the margins got longer
  than when it last ran (:func:`margin_signature`), so a label never runs off the figure.

Outside a pool nothing changes: notebooks get ``tight_layout`` and the inline backend as usual.

>>> pool = FigurePool()
>>> with pool.active():
...     from crm_lessons.plotting import new_axes
...     fig, ax = new_axes()
...     again, _ = new_axes()
>>> again is fig, pool.owns(fig)
(True, True)
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

_ACTIVE: ContextVar[FigurePool | None] = ContextVar("crm_lessons_figure_pool", default=None)


def active() -> FigurePool | None:
    """The pool of the panel being redrawn, or ``None`` (a notebook cell, a report)."""
    return _ACTIVE.get()


def kept_state(fig, kind: str, key=None) -> dict | None:
    """The state a chart of ``kind`` left on ``fig`` (``fig._crm_state``) to redraw it in place,
    when it was drawn with the same ``key``; else ``None`` (draw a fresh figure).

    A chart that can move its artists in place stores ``{"kind": ..., "key": ..., <artists>}`` on
    the figure it returns; the key holds what must not change for the artists to still fit (the
    number of bars, the companies shown). A pool hands a figure back without it
    (:meth:`FigurePool.subplots`).

    >>> fig = Figure(); fig._crm_state = {"kind": "ltv", "key": 5, "bars": []}
    >>> kept_state(fig, "ltv", 5) is fig._crm_state, kept_state(fig, "ltv", 6), kept_state(None, "ltv")
    (True, None, None)
    """
    state = getattr(fig, "_crm_state", None) if fig is not None else None
    return state if state and state["kind"] == kind and state.get("key") == key else None


def margin_signature(fig) -> tuple[int, ...]:
    """Lengths of the text a layout has to make room for, per axes.

    Per axes (colour bars included): the longest x and y tick label, the three titles, the two axis
    labels, the longest legend entry, and how far rotated x tick labels reach down (length ×
    |sin angle|, 0 for level labels: months on a heat map's x axis need a deeper bottom margin
    than category names of the same length written level). Digits share one width in the course font, so a layout
    made for these lengths still fits the same lengths; ``tight_layout``'s padding (about one
    character) absorbs the rest. Tick labels are brought up to date first
    (``Axis.get_majorticklabels``, about 1 ms), so this works before the figure is drawn.

    >>> fig = Figure(); ax = fig.subplots(); _ = ax.set_ylim(0, 10), ax.set_ylabel("yuan")
    >>> margin_signature(fig)  # x ticks "0.0"…"1.0", y ticks "0"…"10", no titles, "yuan", no legend
    (3, 2, 0, 0, 0, 0, 4, 0, 0)
    >>> ax.tick_params(axis="x", rotation=90); margin_signature(fig)[-1]  # "0.0" written upright
    3
    """
    lengths: list[int] = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            labels = [t.get_text() for t in axis.get_majorticklabels() if t.get_visible()]
            lengths.append(max((len(s) for s in labels), default=0))
        lengths += [len(ax.get_title(loc)) for loc in ("left", "center", "right")]
        lengths += [len(ax.get_xlabel()), len(ax.get_ylabel())]
        legend = ax.get_legend()
        entries = [t.get_text() for t in legend.get_texts()] if legend is not None else []
        lengths.append(max((len(s) for s in entries), default=0))
        reach = [len(t.get_text()) * abs(np.sin(np.radians(t.get_rotation())))
                 for t in ax.xaxis.get_majorticklabels() if t.get_visible()]
        lengths.append(int(np.ceil(max(reach, default=0.0) - 1e-9)))
    return tuple(lengths)


class FigurePool:
    """The figures of one slider panel, reused from one redraw to the next (see module docs).

    Figures are kept per shape (rows, columns, size); their layouts per shape and number of axes
    (a colour bar is an axes), as margins in inches. A figure of a new size (one heat-map row per
    cluster) starts from the margins its kind (rows, columns, axes) needed last time instead of
    laying itself out afresh.
    """

    def __init__(self) -> None:
        self._figures: dict[tuple, Figure] = {}
        self._layouts: dict[tuple, tuple[tuple[int, ...], dict[str, float]]] = {}
        self._kinds: dict[tuple, tuple[tuple[int, ...], dict[str, float]]] = {}

    @contextmanager
    def active(self):
        """Make this pool the one :func:`new_axes` and :func:`finish` use, for one redraw."""
        token = _ACTIVE.set(self)
        try:
            yield self
        finally:
            _ACTIVE.reset(token)

    def owns(self, fig) -> bool:
        """True when ``fig`` is one of this pool's figures."""
        return any(f is fig for f in self._figures.values())

    def subplots(self, nrows: int, ncols: int, figsize, **kwargs):
        """``Figure.subplots`` on the pool's figure of this shape, cleared, with the margins its
        kind last needed.

        The figure is a plain :class:`~matplotlib.figure.Figure` on an Agg canvas, not a pyplot
        figure: nothing to close, and the notebook's inline backend never draws it a second time.
        """
        kind = (nrows, ncols, repr(sorted(kwargs.items())))
        key = (*kind, tuple(float(x) for x in figsize))
        fig = self._figures.get(key)
        if fig is None:
            fig = Figure(figsize=figsize)
            FigureCanvasAgg(fig)
            fig._crm_key = key
            self._figures[key] = fig
        else:
            fig.clear()  # same canvas, same renderer: text already measured stays measured
            fig.__dict__.pop("_crm_state", None)  # artists a chart kept to move in place are gone
        fig._crm_tight = False
        return fig, fig.subplots(nrows, ncols, **kwargs)

    @staticmethod
    def request_layout(fig) -> None:
        """Ask for ``tight_layout`` at the next :meth:`png` (what ``finish`` does in a pool)."""
        fig._crm_tight = True

    def png(self, fig, compress_level: int = 1) -> bytes:
        """Draw ``fig`` once (laying it out when asked and needed) and return it as PNG bytes.

        ``compress_level=1`` encodes several times faster than PIL's default 6, for a file about a
        third larger: the right trade for an image that travels over loopback to the browser.
        """
        from PIL import Image

        if getattr(fig, "_crm_tight", False):
            self._lay_out_and_draw(fig)
        else:
            fig.canvas.draw()
        buffer = io.BytesIO()
        Image.fromarray(np.asarray(fig.canvas.buffer_rgba())).save(
            buffer, format="png", compress_level=compress_level)
        return buffer.getvalue()

    def _lay_out_and_draw(self, fig) -> None:
        """``tight_layout`` the first time a kind is drawn, and after that only when its margin
        text grew (checked before drawing, so the figure is drawn once); remember the margins
        (in inches) that fit."""
        # one figure can hold different things (a scatter with a colour bar, or a message when
        # nothing passes): layouts are remembered per figure and number of axes
        slot = (*fig._crm_key, len(fig.axes))
        kind = (*fig._crm_key[:3], len(fig.axes))
        saved = self._layouts.get(slot) or self._kinds.get(kind)
        pars = _fractions(fig, saved[1]) if saved is not None else None
        if pars is None:
            fig.tight_layout()
            saved = None
        else:
            fig.subplots_adjust(**pars)
        signature = margin_signature(fig)  # before drawing: one draw per redraw, laid out or not
        if saved is not None and _grew(signature, saved[0]):
            fig.tight_layout()
            if len(signature) == len(saved[0]):
                # keep room for the longer text of both layouts: margins only grow, so labels
                # that take turns being longest (x ticks, then y ticks) cannot make it lay out
                # at every move
                pars = _fractions(fig, _widest(_inches(fig), saved[1]))
                if pars is not None:
                    fig.subplots_adjust(**pars)
                signature = tuple(max(a, b) for a, b in zip(signature, saved[0], strict=True))
            saved = None
        fig.canvas.draw()
        if saved is None or _inches(fig) != saved[1] or self._layouts.get(slot) is not saved:
            self._layouts[slot] = (signature, _inches(fig))
            known = self._kinds.get(kind)
            if known is not None and len(known[0]) == len(signature):  # room for all seen so far
                signature = tuple(max(a, b) for a, b in zip(signature, known[0], strict=True))
                self._kinds[kind] = (signature, _widest(_inches(fig), known[1]))
            else:
                self._kinds[kind] = self._layouts[slot]


def _inches(fig) -> dict[str, float]:
    """The subplot margins of ``fig`` in inches (spacing between axes stays relative)."""
    width, height = fig.get_size_inches()
    p = fig.subplotpars
    return {"left": p.left * width, "right": (1 - p.right) * width,
            "bottom": p.bottom * height, "top": (1 - p.top) * height,
            "wspace": p.wspace, "hspace": p.hspace}


def _fractions(fig, inches: dict[str, float]) -> dict[str, float] | None:
    """Margins in inches as ``subplots_adjust`` fractions of ``fig``; None if they do not fit."""
    width, height = fig.get_size_inches()
    pars = {"left": inches["left"] / width, "right": 1 - inches["right"] / width,
            "bottom": inches["bottom"] / height, "top": 1 - inches["top"] / height,
            "wspace": inches["wspace"], "hspace": inches["hspace"]}
    if pars["left"] >= pars["right"] or pars["bottom"] >= pars["top"]:
        return None
    return pars


def _widest(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    """Side by side, the larger margin (and spacing) of two layouts."""
    return {name: max(a[name], b[name]) for name in a}


def _grew(new: tuple[int, ...], old: tuple[int, ...]) -> bool:
    """True when any text got longer (or the figure has different axes) since ``old``."""
    return len(new) != len(old) or any(a > b for a, b in zip(new, old, strict=True))


__all__ = ["FigurePool", "active", "margin_signature"]
