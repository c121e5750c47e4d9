"""Helpers for the browser tests: what a panel's headline should read after a key press.

The expected text is computed in the test process by the package itself: build the same panel,
set the same control to the value the key press produces, run the panel and capture the headline
HTML that :func:`crm_lessons.widgets.headline` displays. Nothing about a panel's logic is repeated.
"""

from __future__ import annotations

import html
import math
import re
from unittest import mock

import ipywidgets as W

import crm_lessons.widgets as widgets_pkg
from crm_lessons.widgets import controls

#: Keys pressed on a slider's handle, with how noUiSlider (the ipywidgets 8 slider) moves.
KEYS = ("ArrowRight", "End", "Home")
PAGE_MULTIPLIER = 5  # noUiSlider's keyboardPageMultiplier (PageUp/PageDown)


def find_interactive(widget):
    """The ``ipywidgets.interactive`` inside a panel (the panel itself, or a nested one)."""
    if hasattr(widget, "kwargs_widgets"):
        return widget
    for child in getattr(widget, "children", ()):
        found = find_interactive(child)
        if found is not None:
            return found
    return None


def first_slider(panel: W.interactive) -> tuple[str, W.ValueWidget] | None:
    """The panel's first control that the page draws with ``[role=slider]``, or None."""
    for name, ctrl in controls(panel).items():
        if isinstance(ctrl, (W.FloatSlider, W.IntSlider, W.FloatLogSlider, W.FloatRangeSlider,
                             W.IntRangeSlider, W.SelectionSlider, W.SelectionRangeSlider)):
            return name, ctrl
    return None


def key_value(ctrl: W.ValueWidget, value: float, key: str) -> float:
    """The value a Float/IntSlider takes when ``key`` is pressed on its handle at ``value``."""
    lo, hi, step = ctrl.min, ctrl.max, ctrl.step
    moves = {"ArrowRight": step, "ArrowUp": step, "ArrowLeft": -step, "ArrowDown": -step,
             "PageUp": PAGE_MULTIPLIER * step, "PageDown": -PAGE_MULTIPLIER * step}
    if key == "Home":
        return lo
    if key == "End":
        return hi
    new = min(max(value + moves[key], lo), hi)
    if new not in (lo, hi):  # noUiSlider snaps to the step grid counted from min
        new = lo + round((new - lo) / step) * step
    new = round(new, 12)
    return int(round(new)) if isinstance(ctrl, W.IntSlider) else new


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


class HeadlineProbe:
    """Run a panel in this process with ``display`` captured and read its headline text."""

    def __init__(self, spec):
        import crm_lessons as crm

        crm.setup()  # the course theme and CJK font, as in the presented notebook
        self.shown: list = []
        with self._capture():
            self.widget = spec.build()
        self.panel = find_interactive(self.widget)

    def _capture(self):
        return mock.patch.object(widgets_pkg, "display", lambda *objs, **kw: self.shown.extend(objs))

    def headline(self, **values) -> str:
        """The headline text after setting controls ``name=value`` (others unchanged)."""
        ctrls = controls(self.panel)
        with self._capture():
            for name, value in values.items():
                ctrls[name].value = value
            self.shown.clear()
            self.panel.update()
        lines = [_text(obj.data) for obj in self.shown
                 if isinstance(getattr(obj, "data", None), str) and "crm-headline" in obj.data]
        if not lines:
            raise AssertionError(f"{self.panel.f.__name__} displayed no headline for {values}")
        return lines[0]


def same_number(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
