"""Browser fixtures: Debian's Chromium driven by Playwright, Voila and JupyterLab on loopback.

Chromium is never downloaded: ``make test`` installs Debian's package when it is missing (as root),
and these tests skip with the reason when there is no browser, Playwright or Voila. Every server is
started here on 127.0.0.1 with a free port, waited for with a bounded timeout and stopped by PID.
Screenshots go to ``test-output/browser/`` (git-ignored).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from crm_lessons import present

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "browser"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]
#: Bounded waits (ms): a page whose kernel starts and runs every panel; one slider redraw.
#: Generous, for a shared 2-core machine: they bound a hang, they do not time anything.
PAGE_TIMEOUT = 180_000
UPDATE_TIMEOUT = 30_000
LOOPBACK = "http://127.0.0.1:"


def chromium_path() -> str | None:
    """Debian's Chromium (or ``$CRM_CHROMIUM``), if installed."""
    for candidate in (os.environ.get("CRM_CHROMIUM"), shutil.which("chromium"),
                      "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives Chromium (deselect with -m 'not browser')")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here and "needs_browser" in item.fixturenames:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def needs_browser():
    """Skip (with the reason) unless Playwright, Voila and Chromium are all here."""
    missing = [m for m in ("playwright", "voila") if importlib.util.find_spec(m) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed: pip install -e '.[classroom,browser]'")
    if chromium_path() is None:
        pytest.skip("Chromium not found: run `make test` as root (it runs apt-get install -y "
                    "chromium) or `sudo apt-get install chromium`")


def _fontconfig_env(folder: Path) -> dict[str, str]:
    """Chromium's environment, with the ``cjk`` extra's Noto Sans SC added to fontconfig (if
    installed) so Chinese headings in screenshots are not boxes on a machine with no CJK font."""
    env = dict(os.environ)
    spec = importlib.util.find_spec("pylopdf_fonts_zh_cn")
    if spec and spec.submodule_search_locations:
        fonts = next(iter(spec.submodule_search_locations))
        conf = folder / "fonts.conf"
        conf.write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
            f"  <dir>{fonts}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n",
            encoding="utf-8")
        env["FONTCONFIG_FILE"] = str(conf)
    return env


@pytest.fixture(scope="module")
def browser_context(needs_browser, tmp_path_factory):
    """A headless Chromium per test module, with a fresh --user-data-dir (closed with the
    module, so no browser outlives the browser tests in a long ``make test``)."""
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    env = _fontconfig_env(tmp_path_factory.mktemp("fontconfig"))
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=chromium_path(),
            headless=True, args=CHROMIUM_FLAGS, env=env, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(PAGE_TIMEOUT)
        # Offline by design: the Voila/Lab templates link CDN stylesheets (Font Awesome) and
        # modules (mermaid); refuse anything not on loopback at once instead of letting the page
        # wait for a network this machine does not have.
        context.route(lambda url: not url.startswith(LOOPBACK), lambda route: route.abort())
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def voila_page(browser_context):
    """``voila_page("03")``: chapter 03's classroom page under Voila, loaded once per module.

    One :class:`crm_lessons.present.Server` serves the notebooks ``crm-lessons present`` builds
    for every chapter with panels; it is stopped (by PID) when the module's tests are done.
    """
    state: dict = {"server": None, "pages": {}, "failed": {}}

    def open_page(number: str):
        pages, failed = state["pages"], state["failed"]
        if state["server"] is None:  # one server for every chapter with panels
            numbers = [ch.number for ch in present.chapters_with_panels()]
            # cold pages (a kernel per page on request): warming every chapter at once would
            # run them all side by side; the present acceptance test covers the warm start
            state["server"] = present.Server(numbers, prewarm=False).start()
        if number in failed:  # one slow or broken page fails its tests at once, not each slowly
            pytest.fail(failed[number], pytrace=False)
        if number not in pages:
            # Pages load one at a time, in front: loading every chapter at once started a kernel
            # per chapter together, and on a 2-core machine the last pages ran out of time.
            for other in pages.values():
                other.close()
            pages.clear()
            pages[number] = browser_context.new_page()
            pages[number].goto(state["server"].page_url(number), wait_until="commit",
                               timeout=PAGE_TIMEOUT)
        page = pages[number]
        page.bring_to_front()
        try:
            # one load, no second chance: a page that stalls fails here (the stall of
            # nbclient#312 is fixed in crm_lessons/_kernel.py; a reload would hide its return)
            for spec in present.chapter_panels(number):  # every panel drawn, with its headline
                page.locator(f".{spec.css_class} .crm-headline").first.wait_for(
                    timeout=PAGE_TIMEOUT)
        except Exception as exc:
            shot = SHOTS / f"FAILED_voila_{number}.png"
            page.screenshot(path=str(shot), full_page=True)
            failed[number] = (f"chapter {number}'s Voila page did not draw all its panels: "
                              f"{str(exc).splitlines()[0]}\nscreenshot: {shot}\nVoila log:\n"
                              f"{state['server'].log_tail()}")
            pytest.fail(failed[number], pytrace=False)
        return page

    try:
        yield open_page
    finally:
        for page in state["pages"].values():
            page.close()
        if state["server"] is not None:
            state["server"].stop()


ERROR_MARKERS = ("Error displaying widget", "Traceback (most recent call last)",
                 "There was an error when executing cell")


def page_errors(page) -> list[str]:
    """Error text a reader would see in the page's outputs (widget errors, tracebacks).

    Only output areas are read: a notebook's own prose may well mention these messages.
    """
    text = "\n".join(page.locator(".jp-OutputArea-output").all_inner_texts())
    found = []
    for marker in ERROR_MARKERS:
        at = text.find(marker)
        if at >= 0:
            found.append(text[max(0, at - 300):at + 500])
    return found
