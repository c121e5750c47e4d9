"""Slider redraws (crm_lessons.plotting.redraw): figures reused, laid out when needed, shown once."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from crm_lessons.plotting import finish, new_axes, redraw
from crm_lessons.widgets import controls, panel, show, slider


def _frame(pool: redraw.FigurePool, top: float):
    """One redraw of a figure whose y tick labels grow with ``top``."""
    with pool.active():
        fig, ax = new_axes(figsize=(5, 3))
        ax.plot([0, 1], [0, top])
        ax.set_ylim(0, top)
        ax.yaxis.set_major_formatter("{x:,.0f}")
        finish(ax, "title", "x", "yuan")
        png = pool.png(fig)
    return fig, ax, png


def _inside(fig, ax) -> bool:
    box = ax.get_tightbbox(fig.canvas.get_renderer())
    return box.x0 >= 0 and box.y0 >= 0 and box.x1 <= fig.bbox.width and box.y1 <= fig.bbox.height


def test_pool_reuses_a_figure_per_shape_and_only_inside_its_redraw():
    pool = redraw.FigurePool()
    before = plt.get_fignums()
    with pool.active():
        fig, ax = new_axes(figsize=(5, 3))
        ax.plot([1, 2])
        same, ax2 = new_axes(figsize=(5, 3))
        other, _ = new_axes(2, figsize=(8, 3))
    assert same is fig and ax2 is not ax and fig.axes == [ax2]  # cleared, fresh axes
    assert other is not fig and pool.owns(fig) and pool.owns(other)
    assert plt.get_fignums() == before  # not pyplot figures: nothing to close, nothing leaks
    outside, _ = new_axes(figsize=(5, 3))
    assert not pool.owns(outside) and redraw.active() is None
    plt.close(outside)


def test_png_is_the_whole_figure_at_its_size():
    pool = redraw.FigurePool()
    fig, _, png = _frame(pool, 10)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (round(fig.bbox.width), round(fig.bbox.height))
    assert np.asarray(image).std() > 0  # something was drawn


def test_layout_runs_once_then_again_only_when_margin_text_grows():
    pool = redraw.FigurePool()
    fig, ax, _ = _frame(pool, 10)
    first = fig.subplotpars.left
    assert _inside(fig, ax)
    fig, ax, _ = _frame(pool, 5)  # shorter tick labels: the old margins still fit, kept
    assert fig.subplotpars.left == pytest.approx(first) and _inside(fig, ax)
    fig, ax, _ = _frame(pool, 10_000_000)  # "10,000,000" needs a wider left margin
    assert fig.subplotpars.left > first
    assert _inside(fig, ax)


def test_a_new_size_of_a_known_kind_starts_from_its_margins_in_inches(monkeypatch):
    pool = redraw.FigurePool()
    fig, ax, _ = _frame(pool, 10)
    margin = fig.subplotpars.left * fig.get_size_inches()[0]
    calls = []
    monkeypatch.setattr(type(fig), "tight_layout", lambda self, *a, **k: calls.append(self))
    with pool.active():
        wide, ax = new_axes(figsize=(8, 3))  # same kind (1 x 1), new size: no layout needed
        ax.plot([0, 1], [0, 10])
        ax.set_ylim(0, 10)
        finish(ax, "title", "x", "yuan")
        pool.png(wide)
    assert wide is not fig and calls == []
    assert wide.subplotpars.left * 8 == pytest.approx(margin)


def test_layout_matches_tight_layout_on_a_fresh_figure():
    pool = redraw.FigurePool()
    fig, _, _ = _frame(pool, 1234)
    fresh, ax = new_axes(figsize=(5, 3))
    ax.plot([0, 1], [0, 1234])
    ax.set_ylim(0, 1234)
    ax.yaxis.set_major_formatter("{x:,.0f}")
    finish(ax, "title", "x", "yuan")  # outside a pool: tight_layout at once
    for name in ("left", "right", "bottom", "top"):
        assert getattr(fig.subplotpars, name) == pytest.approx(getattr(fresh.subplotpars, name))
    plt.close(fresh)


def test_margin_signature_names_what_changed():
    pool = redraw.FigurePool()
    fig, _, _ = _frame(pool, 10)
    short = redraw.margin_signature(fig)
    fig, _, _ = _frame(pool, 10_000)
    assert redraw.margin_signature(fig)[1] > short[1]  # the y tick labels
    assert redraw._grew(redraw.margin_signature(fig), short)
    assert not redraw._grew(short, short)


def test_panel_shows_an_image_and_leaves_no_pyplot_figures(capsys):
    from IPython.display import Image as ImageDisplay

    shown = []

    def update(top=10.0):
        fig, ax = new_axes(figsize=(4, 2))
        ax.bar([0], [top])
        finish(ax, None, None, "yuan")
        show(fig)
        return fig

    import crm_lessons.widgets as widgets

    original = widgets.display
    widgets.display = shown.append
    try:
        before = plt.get_fignums()
        p = panel(update, top=slider(10.0, 1.0, 100.0, 1.0, "top"))
        controls(p)["top"].value = 50.0
    finally:
        widgets.display = original
    assert [type(x) for x in shown] == [ImageDisplay, ImageDisplay]
    assert p.result is p.figure_pool._figures[next(iter(p.figure_pool._figures))]
    assert plt.get_fignums() == before


def test_show_outside_a_panel_displays_and_closes_a_pyplot_figure():
    import crm_lessons.widgets as widgets

    shown = []
    original = widgets.display
    widgets.display = shown.append
    try:
        fig, _ = new_axes()
        show(fig)
    finally:
        widgets.display = original
    assert shown == [fig] and fig.number not in plt.get_fignums()


def test_a_cleared_figure_forgets_the_artists_a_chart_kept():
    pool = redraw.FigurePool()
    with pool.active():
        fig, ax = new_axes(figsize=(5, 3))
        fig._crm_state = {"kind": "x", "bars": ax.bar([0], [1])}
        again, _ = new_axes(figsize=(5, 3))
    assert again is fig and not hasattr(fig, "_crm_state")


def test_margins_only_grow_so_alternating_labels_do_not_relayout_every_move(monkeypatch):
    pool = redraw.FigurePool()

    def frame(xtop, ytop):
        with pool.active():
            fig, ax = new_axes(figsize=(5, 3))
            ax.set_xlim(0, xtop)
            ax.set_ylim(0, ytop)
            for axis in (ax.xaxis, ax.yaxis):
                axis.set_major_formatter("{x:,.0f}")
            finish(ax, "t", "x", "y")
            pool.png(fig)
        return fig, ax

    frame(10, 10_000_000)  # long y labels
    frame(10_000_000, 10)  # long x labels: lays out once more, keeping the wide left margin
    calls = []
    original = type(plt.figure()).tight_layout
    plt.close("all")

    def counting(self, *a, **k):
        calls.append(self)
        return original(self, *a, **k)

    monkeypatch.setattr(type(plt.figure()), "tight_layout", counting)
    plt.close("all")
    for _ in range(2):
        for xtop, ytop in ((10, 10_000_000), (10_000_000, 10)):
            fig, ax = frame(xtop, ytop)
            assert _inside(fig, ax)
    assert calls == []
