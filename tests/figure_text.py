"""Measure the text of a matplotlib figure as it is drawn: size, overlaps, and text off the canvas.

Used by ``tests/test_figure_text.py``, which runs every chapter notebook's code in this process and
checks every figure the notebook draws (cells and slider panels). The renderer gives each text's
window extent (pixels), so the checks see what the reader sees:

* every visible text is at least ``MIN_POINTS`` (10 pt, readable on a projector);
* no two texts overlap (a text drawn in a box counts with its box);
* no text leaves the figure, and text placed in an axes (``ax.text``, ``ax.annotate``) stays
  inside that axes;
* a text whose anchor lies inside a box drawn on an axes-off diagram fits inside that box.
"""

from __future__ import annotations

from matplotlib.patches import FancyBboxPatch, Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

MIN_POINTS = 10.0
#: Pixels two extents may share before they count as overlapping (anti-aliasing, rounding).
TOLERANCE = 1.0


def _name(text: Text) -> str:
    return repr(text.get_text().replace("\n", " ")[:40])


def _undrawn_tick_labels(fig) -> set[Text]:
    """Tick labels matplotlib keeps but does not draw (ticks outside the view limits)."""
    hidden = set()
    for ax in fig.axes:
        for axis in ax._axis_map.values():
            drawn = set(axis._update_ticks())  # the ticks Axis.draw draws
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if tick not in drawn:
                    hidden.update((tick.label1, tick.label2))
    return hidden


def _visible_texts(fig) -> list[Text]:
    found = []
    hidden = _undrawn_tick_labels(fig)
    for ax in fig.axes:  # an axes that is hidden or turned off (``axis("off")``) draws no axis text
        if not ax.get_visible() or not ax.axison:
            hidden |= _axis_texts(ax)
        for axis in ax._axis_map.values():  # nor does a hidden axis (the shared x of a twinx)
            if not axis.get_visible():
                hidden |= _axis_texts(ax, axis)
    for text in fig.findobj(Text):
        if text in hidden or not text.get_visible() or not text.get_text().strip():
            continue
        if text.axes is not None and not text.axes.get_visible():
            continue
        found.append(text)
    return found


def _axis_texts(ax, only=None) -> set[Text]:
    texts = set()
    for axis in [only] if only is not None else ax._axis_map.values():
        for tick in axis.majorTicks + axis.minorTicks:
            texts.update((tick.label1, tick.label2))
        texts.update((axis.label, axis.offsetText))
    return texts


def _text_extent(text: Text, renderer) -> Bbox:
    """The glyphs' extent (an annotation's own ``get_window_extent`` includes its arrow)."""
    return Text.get_window_extent(text, renderer)


def _extent(text: Text, renderer) -> Bbox:
    patch = text.get_bbox_patch()
    if patch is not None:
        text.update_bbox_position_size(renderer)
        return Bbox.union([_text_extent(text, renderer), patch.get_window_extent(renderer)])
    return _text_extent(text, renderer)


def _overlap(a: Bbox, b: Bbox) -> bool:
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > TOLERANCE
            and min(a.y1, b.y1) - max(a.y0, b.y0) > TOLERANCE)


def _inside(inner: Bbox, outer: Bbox) -> bool:
    return (inner.x0 >= outer.x0 - TOLERANCE and inner.x1 <= outer.x1 + TOLERANCE
            and inner.y0 >= outer.y0 - TOLERANCE and inner.y1 <= outer.y1 + TOLERANCE)


def _placed_in_axes(text: Text) -> bool:
    """Text the chart put on an axes (``ax.text`` / ``ax.annotate``), not ticks, labels, titles."""
    ax = text.axes
    return ax is not None and text in ax.texts


def _boxes(ax, renderer) -> list[Bbox]:
    """Boxes drawn on an axes-off diagram (framework boxes), as window extents."""
    if ax.axison:
        return []
    return [p.get_window_extent(renderer) for p in ax.patches
            if isinstance(p, FancyBboxPatch | Rectangle) and p.get_visible()]


def problems(fig) -> list[str]:
    """Every text defect of ``fig`` as drawn now (an empty list when there is none)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    canvas = fig.bbox
    texts = _visible_texts(fig)
    extents = {t: _extent(t, renderer) for t in texts}
    found = []
    for t in texts:
        size = t.get_fontsize()
        if size < MIN_POINTS - 1e-9:
            found.append(f"{_name(t)} is {size:.1f} pt (< {MIN_POINTS:.0f})")
        box = extents[t]
        if not _inside(box, canvas):
            found.append(f"{_name(t)} leaves the figure")
        elif _placed_in_axes(t) and not _inside(_text_extent(t, renderer), t.axes.bbox):
            found.append(f"{_name(t)} leaves its axes")
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if _overlap(extents[a], extents[b]):
                found.append(f"{_name(a)} overlaps {_name(b)}")
    for ax in fig.axes:
        boxes = _boxes(ax, renderer)
        for t in ax.texts:
            if t not in extents or t.get_bbox_patch() is not None:
                continue
            anchor = t.get_transform().transform(t.get_unitless_position())
            own = extents[t]
            for box in boxes:
                if box.contains(*anchor) and not _inside(own, box):
                    found.append(f"{_name(t)} overflows its box")
                    break
    return found


def figure_title(fig) -> str:
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    suptitle = fig._suptitle.get_text() if fig._suptitle is not None else ""
    return (suptitle or (titles[0] if titles else "untitled"))[:60]
