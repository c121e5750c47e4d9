"""``crm-lessons present``: panel discovery, the generated notebook, errors, and (in a real
browser) the command's own page, whose slider must move the figure; Ctrl-C must stop it all."""

from __future__ import annotations

import queue
import signal
import socket
import subprocess
import sys
import threading
import time

import ipywidgets as W
import pytest

from crm_lessons import present
from crm_lessons.cli import main
from crm_lessons.navigation import CHAPTERS

from .conftest import PAGE_TIMEOUT, ROOT, SHOTS, UPDATE_TIMEOUT, page_errors
from .pages import HeadlineProbe, find_interactive, first_slider, key_value

WITH_PANELS = [ch.number for ch in CHAPTERS if present.chapter_panels(ch.number)]


@pytest.mark.parametrize("number", [ch.number for ch in CHAPTERS])
def test_list_names_every_panel_and_what_is_left_out(number, capsys):
    assert main(["present", number, "--list"]) == 0
    out = capsys.readouterr().out
    shown = present.chapter_panels(number)
    assert f"{len(shown)} panel(s)" in out
    for spec in shown:
        assert f"{spec.module}.{spec.name}" in out
    for name in present.panels_needing_data(number):
        assert f"not shown: {name} needs data" in out


@pytest.mark.parametrize("number", WITH_PANELS)
def test_every_discovered_panel_builds_a_tagged_interactive(number):
    for spec in present.chapter_panels(number):
        widget = present.show_panel(spec.module, spec.name)
        assert {"crm-panel", spec.css_class} <= set(widget._dom_classes)
        panel = find_interactive(widget)
        assert panel is not None and panel.result is not None, spec.name
        assert spec.heading and "\n" not in spec.heading


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("number", WITH_PANELS)
def test_notebook_has_a_heading_and_a_cell_per_panel(number, lang):
    from crm_lessons.glossary import term
    from crm_lessons.navigation import chapter

    nb = present.build_notebook(number, lang=lang)
    specs = present.chapter_panels(number)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert f"crm.setup(lang={lang!r});" in code[0]
    assert code[1:-1] == [f"show_panel({s.module!r}, {s.name!r})" for s in specs]
    assert code[-1] == f"mark_ready({number!r})"
    headings = [c.source for c in nb.cells if c.cell_type == "markdown"]
    ch = chapter(number)
    title = ch.title_zh if lang == "zh" else ch.title
    assert headings[0] == f"# {number} · {title}\n\n{term('present_instructions', lang)}"
    assert headings[1:] == [f"## {present.panel_heading(s, lang)}" for s in specs]


@pytest.mark.parametrize("number", WITH_PANELS)
def test_every_panel_has_a_chinese_heading_matching_its_docstring(number):
    """The glossary's ``panel_<name>``: English = the docstring's heading, Chinese written out."""
    from crm_lessons.glossary import terms

    for spec in present.chapter_panels(number):
        assert f"panel_{spec.name}" in terms(), f"no glossary entry panel_{spec.name}"
        en, zh = terms()[f"panel_{spec.name}"]
        assert en == spec.heading, f"panel_{spec.name}: docstring changed, update the glossary"
        assert present.panel_heading(spec, "zh") == zh
        assert any("\u4e00" <= c <= "\u9fff" for c in zh), zh


def test_a_data_panel_is_presented_once_its_module_says_how_to_call_it(monkeypatch):
    """``CLASSROOM_ARGS`` in a widgets module supplies the keyword arguments of a data panel."""
    import crm_lessons.widgets.lifecycle as mod
    from crm_lessons import lifecycle
    from crm_lessons.widgets import headline, panel, slider

    def churn_table_panel(rates):
        """Churn rates from data → the longest group lifetime."""
        def update(churn):
            headline(f"{lifecycle.group_lifetime(churn):.2f}")
            return lifecycle.group_lifetime(churn)

        return panel(update, churn=slider(max(rates), 0.05, 0.5, 0.05, "churn"))

    churn_table_panel.__module__ = mod.__name__
    monkeypatch.setattr(mod, "churn_table_panel", churn_table_panel, raising=False)
    monkeypatch.setattr(mod, "__all__", [*getattr(mod, "__all__", []), "churn_table_panel"],
                        raising=False)
    assert "churn_table_panel" in present.panels_needing_data("02")
    assert "churn_table_panel" not in [s.name for s in present.chapter_panels("02")]

    monkeypatch.setattr(mod, "CLASSROOM_ARGS", {"churn_table_panel": lambda: {"rates": [0.25]}},
                        raising=False)
    specs = {s.name: s for s in present.chapter_panels("02")}
    assert "churn_table_panel" not in present.panels_needing_data("02")
    widget = present.show_panel(mod.__name__, "churn_table_panel")
    assert widget.result == lifecycle.group_lifetime(0.25)
    assert specs["churn_table_panel"].heading == "Churn rates from data → the longest group lifetime"


def test_unknown_chapter_exits_2(capsys):
    assert main(["present", "42"]) == 2
    assert "unknown chapter '42'" in capsys.readouterr().err


def test_chapter_without_panels_exits_2_and_says_why(monkeypatch, capsys):
    monkeypatch.setattr(present, "chapter_panels", lambda key: [])
    monkeypatch.setattr(present, "panels_needing_data", lambda key: ["rules_panel"])
    assert main(["present", "06"]) == 2
    err = capsys.readouterr().err
    assert "chapter 06" in err and "need data arguments (rules_panel)" in err


def test_busy_port_and_bad_language_are_refused(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["present", "00", "--port", str(port)]) == 2
        assert f"--port {port} is not free" in capsys.readouterr().err
    assert main(["present", "00", "--port", "0"]) == 2
    assert "--port must be in 1..65535, got 0" in capsys.readouterr().err
    with pytest.raises(ValueError, match="lang must be 'en' or 'zh', got 'fr'"):
        present.build_notebook("00", lang="fr")


def test_key_model_and_headline_probe_agree_with_the_package():
    """The expected texts the browser tests wait for come from the package, not from the test."""
    from crm_lessons import lifecycle

    ctrl = W.FloatSlider(value=0.2, min=0.05, max=0.5, step=0.01)
    assert key_value(ctrl, 0.2, "ArrowRight") == pytest.approx(0.21)
    assert key_value(ctrl, 0.2, "End") == 0.5 and key_value(ctrl, 0.2, "Home") == 0.05
    assert key_value(ctrl, 0.07, "PageDown") == 0.05  # clamped at min
    assert key_value(W.IntSlider(value=3, min=1, max=40), 3, "ArrowLeft") == 2
    probe = HeadlineProbe(present.chapter_panels("00")[0])
    text = probe.headline(churn=0.25)
    assert f"{lifecycle.group_lifetime(0.25):.1f}" in text and "25%" in text
    assert probe.headline(churn=0.5) != text


def _read_lines(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)


def _drain(lines: queue.Queue, seen: list) -> str:
    while not lines.empty():
        seen.append(lines.get())
    return "".join(seen)[-3000:]


def test_present_command_serves_a_slider_that_moves_the_figure(browser_context, needs_browser):
    """The issue's acceptance test: ``crm-lessons present 03``, a real browser, a moving figure."""
    number = "03" if "03" in WITH_PANELS else WITH_PANELS[0]
    proc = subprocess.Popen([sys.executable, "-m", "crm_lessons.cli", "present", number,
                             "--verbose"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_read_lines, args=(proc.stdout, lines), daemon=True).start()
    seen: list[str] = []
    try:
        url, deadline = None, time.monotonic() + 180
        while url is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                seen.append(lines.get(timeout=0.5))
            except queue.Empty:
                continue
            if seen[-1].startswith(f"Chapter {number}") and " at http" in seen[-1]:
                url = seen[-1].rsplit(" at ", 1)[1].strip()
        assert url, f"no URL printed within 180 s: {''.join(seen)}"
        voila = present._children(proc.pid)
        assert voila, "crm-lessons present started no server"

        page = browser_context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        try:
            _figure_moves(page, url, number)
        except Exception as exc:
            page.screenshot(path=str(SHOTS / f"FAILED_present_{number}.png"), full_page=True)
            raise AssertionError(f"{exc}\n--- crm-lessons present output ---\n"
                                 f"{_drain(lines, seen)}") from exc
        page.close()
        # offline: the page asks for nothing beyond this computer (no CDN icon stylesheets)
        assert [u for u in requested if not u.startswith(("http://127.0.0.1:", "data:",
                                                          "ws://127.0.0.1:", "blob:"))] == []
        # warm: the page came from the kernel the server ran before anyone asked
        out = _drain(lines, seen)
        assert "Ready: every panel has run once." in out and "Using pre-heated kernel" in out

        proc.send_signal(signal.SIGINT)  # Ctrl-C
        assert proc.wait(timeout=30) == 0, _drain(lines, seen)
        time.sleep(0.5)
        assert not [pid for pid in voila if present._alive(pid)], "Voila or a kernel outlived ^C"
        assert "stopped." in _drain(lines, seen)
    finally:
        if proc.poll() is None:
            present.stop_process(proc)


def _figure_moves(page, url: str, number: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    page.goto(url, timeout=PAGE_TIMEOUT)  # one load: a page that stalls fails the test
    for spec in present.chapter_panels(number):  # the first panel that draws a figure
        box = page.locator(f".{spec.css_class}")
        box.locator(".crm-headline").first.wait_for()
        try:
            box.locator("img").first.wait_for(timeout=UPDATE_TIMEOUT)
            break
        except PlaywrightTimeout:
            continue
    else:
        raise AssertionError(f"no panel of chapter {number} shows a figure")
    probe = HeadlineProbe(spec)
    name, ctrl = first_slider(probe.panel)
    img = box.locator("img").first
    before = img.get_attribute("src")
    assert before.startswith("data:image/png;base64,")
    handle = box.locator(".widget-slider [role=slider]").first
    handle.focus()
    want = probe.headline(**{name: key_value(ctrl, ctrl.value, "End")})
    handle.press("End")
    expect(box.locator(".crm-headline").first).to_have_text(want, timeout=UPDATE_TIMEOUT)
    expect(box.locator("img").first).not_to_have_attribute("src", before, timeout=UPDATE_TIMEOUT)
    after = box.locator("img").first.get_attribute("src")
    assert after.startswith("data:image/png;base64,") and after != before
    assert page_errors(page) == []
    page.screenshot(path=str(SHOTS / f"present_{number}_figure.png"), full_page=True)


def test_voila_runs_pages_with_the_patient_client():
    """The client Voila's executor really uses (not only the configured class): the server's
    kernel manager logs the client and channel class it hands out; a plain client would stall
    now and then at a widget cell (crm_lessons/_kernel.py)."""
    import importlib.util
    import urllib.request

    from crm_lessons._voila_kernel import CLIENT_LOG

    if importlib.util.find_spec("voila") is None:
        pytest.skip("voila not installed: pip install -e '.[classroom]'")
    with present.Server("00") as srv:
        body = urllib.request.urlopen(srv.url, timeout=180).read().decode()
        log = srv.log_tail(100_000)
    assert "application/vnd.jupyter.widget-view+json" in body, log
    want = CLIENT_LOG % ("PatientKernelClient", "PatientChannel")
    used = [line for line in log.splitlines() if "crm-lessons kernel client" in line]
    assert used and all(line.endswith(want) for line in used), used or log
