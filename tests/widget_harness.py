"""The headless widget test pattern: move every control to its default, min and max.

    from tests.widget_harness import sweep
    sweep(crm.widgets.clv.single_clv_panel(), check=lambda result, values: ...)

``check(result, values)`` gets the panel's return value and the current control values and
asserts what the package computes for them. Options of dropdowns are visited one by one.
"""

from __future__ import annotations

import contextlib
import io

import ipywidgets as W

from crm_lessons.widgets import controls


def _settings(ctrl):
    if isinstance(ctrl, (W.FloatSlider, W.IntSlider, W.FloatLogSlider, W.BoundedFloatText,
                         W.BoundedIntText)):
        return [ctrl.value, ctrl.min, ctrl.max]
    if isinstance(ctrl, (W.FloatRangeSlider, W.IntRangeSlider)):
        return [ctrl.value, (ctrl.min, ctrl.min + ctrl.step), (ctrl.max - ctrl.step, ctrl.max)]
    if isinstance(ctrl, (W.Dropdown, W.RadioButtons, W.ToggleButtons, W.Select)):
        return [ctrl.value, *[v if not isinstance(v, tuple) else v[1] for v in ctrl.options]]
    if isinstance(ctrl, (W.Checkbox, W.ToggleButton)):
        return [ctrl.value, not ctrl.value, ctrl.value]
    raise TypeError(f"sweep does not know how to move a {type(ctrl).__name__}")


def sweep(panel: W.interactive, check) -> int:
    """Set each control to default, min and max (others at default); run ``check`` each time.

    Returns the number of settings checked. Output the panel prints is swallowed.
    """
    ctrls = controls(panel)
    defaults = {name: c.value for name, c in ctrls.items()}
    n = 0
    with contextlib.redirect_stdout(io.StringIO()):
        for name, ctrl in ctrls.items():
            for value in _settings(ctrl):
                panel.result = None
                ctrl.value = value
                panel.update()  # interactive swallows exceptions: result stays None then
                if panel.result is None:
                    kwargs = {k: c.value for k, c in ctrls.items()}
                    panel.f(**kwargs)  # re-run outside the widget to surface the real error
                    raise AssertionError(f"panel returned nothing for {name}={value!r}")
                check(panel.result, {k: c.value for k, c in ctrls.items()})
                n += 1
            ctrl.value = defaults[name]
    return n
