"""The start-here notebook in JupyterLab, as students use it: open, run all, move the slider.

JupyterLab is started here on 127.0.0.1 (free port, no token, ``expose_app_in_browser`` so the
test can call Lab's commands) over a temporary copy of the notebook, so autosave never touches
the repository; it is stopped by PID at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from crm_lessons import present

from .conftest import LOOPBACK, PAGE_TIMEOUT, ROOT, SHOTS, UPDATE_TIMEOUT, page_errors
from .pages import HeadlineProbe, first_slider, key_value

NOTEBOOK = "00_start_here.ipynb"
STARTUP = 180.0  # s, bounded wait for JupyterLab to listen (a loaded 2-core machine is slow)


@pytest.fixture(scope="module")
def lab(needs_browser, tmp_path_factory):
    home = tmp_path_factory.mktemp("lab")
    work = home / "work"
    work.mkdir()
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, work / NOTEBOOK)
    port = present.free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
           "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    env.pop("MPLBACKEND", None)
    log = home / "lab.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
             f"--port={port}", "--ServerApp.port_retries=0", "--IdentityProvider.token=",
             "--ServerApp.password=", "--LabApp.expose_app_in_browser=True",
             f"--ServerApp.root_dir={work}",
             *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])],
            cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            present.wait_for_port(port, proc, timeout=STARTUP, log=log)
            yield f"{LOOPBACK}{port}"
        finally:
            present.stop_process(proc)


def test_run_all_then_move_the_slider_in_jupyterlab(lab, browser_context):
    from playwright.sync_api import expect

    source = (ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8")
    assert "crm.widgets.demo_panel()" in source, "the start-here notebook shows demo_panel"
    spec = present.chapter_panels("00")[0]
    probe = HeadlineProbe(spec)
    name, ctrl = first_slider(probe.panel)

    page = browser_context.new_page()
    page.goto(f"{lab}/lab/tree/{NOTEBOOK}", timeout=PAGE_TIMEOUT)
    page.wait_for_function(
        """() => {
            const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            const k = w && w.sessionContext && w.sessionContext.session
                      && w.sessionContext.session.kernel;
            return k && k.status === 'idle';
        }""", timeout=PAGE_TIMEOUT)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")

    box = page.locator(".widget-interact").filter(has=page.locator(".widget-slider")).first
    headline = box.locator(".crm-headline").first
    expect(headline).to_have_text(probe.headline(), timeout=PAGE_TIMEOUT)
    handle = box.locator(".widget-slider [role=slider]").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    value = ctrl.value
    for key in ("ArrowRight", "ArrowRight", "End"):
        value = key_value(ctrl, value, key)
        want = probe.headline(**{name: value})
        handle.press(key)
        expect(headline).to_have_text(want, timeout=UPDATE_TIMEOUT)
    assert page_errors(page) == []
    box.screenshot(path=str(SHOTS / "jupyterlab_00_demo_panel.png"))
    page.screenshot(path=str(SHOTS / "jupyterlab_00_page.png"))
    page.close()
