"""Slider panels: thin ipywidgets wrappers over the package's pure functions.

Every panel is an ``ipywidgets.interactive`` built by :func:`panel`: its function computes with a
concept module, shows one line of text (the number a teacher points at) and a figure, and returns the
computed result, which tests read from ``panel.result``. Chapter panels live in submodules named
after their concept module (``crm_lessons.widgets.clv`` …).

Example (in a notebook)::

    p = panel(lambda rate: round(1 / rate, 2), rate=slider(0.2, 0.05, 0.5, 0.05, "churn"))
    p.result                        # 5.0
    controls(p)["rate"].value = 0.1
    p.result                        # 10.0
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable

import ipywidgets as W
from IPython.display import HTML, Image, display

_STYLE = {"description_width": "initial"}
_LAYOUT = W.Layout(width="420px")


def slider(value: float, min: float, max: float, step: float, description: str,
           fmt: str | None = None) -> W.FloatSlider:
    """A float slider in the course style (no update while dragging: one redraw per release)."""
    kwargs = {"readout_format": fmt} if fmt else {}
    return W.FloatSlider(value=value, min=min, max=max, step=step, description=description,
                         continuous_update=False, style=_STYLE, layout=_LAYOUT, **kwargs)


def int_slider(value: int, min: int, max: int, description: str, step: int = 1) -> W.IntSlider:
    """An integer slider in the course style."""
    return W.IntSlider(value=value, min=min, max=max, step=step, description=description,
                       continuous_update=False, style=_STYLE, layout=_LAYOUT)


def dropdown(options, value, description: str) -> W.Dropdown:
    """A dropdown in the course style (options: list of values or of (label, value) pairs)."""
    return W.Dropdown(options=options, value=value, description=description, style=_STYLE)


def panel(func: Callable, **controls_: W.ValueWidget) -> W.interactive:
    """``ipywidgets.interactive(func, **controls)``; it runs ``func`` once, so ``.result`` is set.

    Each redraw runs inside the panel's own :class:`~crm_lessons.plotting.redraw.FigurePool`:
    the figures ``func`` draws are reused, laid out once and rendered once (see :func:`show`).
    """
    from ..plotting.redraw import FigurePool

    pool = FigurePool()

    @functools.wraps(func)
    def redraw(*args, **kwargs):
        with pool.active():
            return func(*args, **kwargs)

    widget = W.interactive(redraw, **controls_)  # runs redraw once with the initial values
    widget.figure_pool = pool
    return widget


def controls(widget: W.interactive) -> dict[str, W.ValueWidget]:
    """The panel's controls by keyword name (``interactive`` keeps them in ``kwargs_widgets``)."""
    return {w._kwarg: w for w in widget.kwargs_widgets}


def show(fig) -> None:
    """Display a matplotlib figure inside a panel's output and free it (works with any backend).

    A figure of the panel being redrawn is drawn once and shown as a PNG image (the inline backend
    would lay it out and draw it twice more); any other figure is displayed and closed as usual.
    """
    from ..plotting.redraw import active

    pool = active()
    if pool is not None and pool.owns(fig):
        display(Image(data=pool.png(fig), format="png"))
        return
    import matplotlib.pyplot as plt

    display(fig)
    plt.close(fig)


def headline(text: str) -> None:
    """The panel's key number, as one line of bold text (browser tests wait for it).

    Keep "$" out of headlines: the front end's MathJax typesets the text between two dollar
    signs as an equation (seen in Voila with a chapter 07 headline).
    """
    display(HTML(f'<p class="crm-headline" style="font-size:1.1em"><b>{text}</b></p>'))


def demo_panel() -> W.interactive:
    """The smallest panel: churn rate → average group lifetime (1 / churn) and a bar to match."""
    from .. import lifecycle
    from ..glossary import phrase, term
    from ..plotting import finish, new_axes

    def update(churn=0.2):
        years = lifecycle.group_lifetime(churn)
        headline(phrase("hl_demo", churn=churn, years=years))
        fig, ax = new_axes(figsize=(5, 1.6))
        ax.barh([0], [years])
        ax.set_xlim(0, 20)
        ax.set_yticks([])
        finish(ax, None, term("years"), None)
        show(fig)
        return years

    return panel(update, churn=slider(0.2, 0.05, 0.5, 0.01, term("churn_rate")))


def __getattr__(name: str):
    topics = {"value", "lifecycle", "clv", "satisfaction", "rfm", "knowledge", "btyd"}
    if name in topics:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["panel", "slider", "int_slider", "dropdown", "controls", "show", "headline",
           "demo_panel"]
