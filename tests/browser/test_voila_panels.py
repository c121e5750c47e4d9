"""Every presented panel, in a real browser: move its first slider with the keyboard and wait
until the page shows the headline the package computes for the new value.

Parametrized over :func:`crm_lessons.present.chapter_panels` for every chapter, so a chapter's
panels are tested here as soon as they land. One page per chapter (one kernel) is shared by that
chapter's panels; each test moves only its own panel.
"""

from __future__ import annotations

import ipywidgets as W
import pytest

from crm_lessons import present
from crm_lessons.navigation import CHAPTERS

from .conftest import SHOTS, UPDATE_TIMEOUT, page_errors
from .pages import KEYS, HeadlineProbe, first_slider, key_value

#: True once the panel shows at least one image and every image in it has loaded.
FIGURE_LOADED = """box => {
    const images = [...box.querySelectorAll("img")];
    return images.length > 0 && images.every(img => img.complete && img.naturalWidth > 0);
}"""

PANELS = [spec for ch in CHAPTERS for spec in present.chapter_panels(ch.number)]


@pytest.mark.parametrize("spec", PANELS, ids=[f"{s.chapter}-{s.name}" for s in PANELS])
def test_slider_moves_panel_in_voila(spec, voila_page, needs_browser):
    from playwright.sync_api import expect

    probe = HeadlineProbe(spec)
    assert probe.panel is not None, f"{spec.name} holds no ipywidgets.interactive"
    found = first_slider(probe.panel)
    if found is None:
        pytest.skip(f"{spec.name} has no slider")
    name, ctrl = found
    if not isinstance(ctrl, (W.FloatSlider, W.IntSlider)):
        pytest.skip(f"{spec.name}'s first slider is a {type(ctrl).__name__}; keyboard model "
                    "covers FloatSlider and IntSlider")

    page = voila_page(spec.chapter)
    box = page.locator(f".{spec.css_class}")
    headline = box.locator(".crm-headline").first
    expect(headline).to_have_text(probe.headline(), timeout=UPDATE_TIMEOUT)

    handle = box.locator(".widget-slider [role=slider]").first
    handle.focus()
    value = ctrl.value
    for key in KEYS:
        value = key_value(ctrl, value, key)
        want = probe.headline(**{name: value})
        handle.press(key)
        expect(headline).to_have_text(want, timeout=UPDATE_TIMEOUT)
    assert page_errors(page) == []
    # the headline arrives before the figure's image has loaded: wait for it, so the screenshot
    # shows the whole panel (a screenshot taken at once caught a half-laid-out box)
    page.wait_for_function(FIGURE_LOADED, arg=box.element_handle(), timeout=UPDATE_TIMEOUT)
    box.screenshot(path=str(SHOTS / f"voila_{spec.chapter}_{spec.name}.png"))
