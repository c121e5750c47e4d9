"""Classroom mode: ``crm-lessons present NN`` projects a chapter's slider panels with Voila.

Each panel has one source of truth, a ``*_panel`` function in ``crm_lessons.widgets.<module>``
(chapter 00 shows :func:`crm_lessons.widgets.demo_panel`). ``present`` discovers those functions,
writes a small notebook with one cell per panel into a temporary folder (:func:`build_notebook`) and
serves it with Voila on 127.0.0.1 with the code hidden, so an instructor can project the sliders
and figures. Ctrl-C stops the server and its kernels.

Projector-ready: headings and instructions follow ``--lang`` (glossary ``panel_<name>`` entries);
the server is warm (Voila's kernel pool runs the page before the first visitor arrives, and the
command says "ready" only when it has); the page loads nothing from the internet (the ``crm``
Voila template in ``crm_lessons/share`` drops the lab template's CDN icon stylesheets).

    crm-lessons present 03            # serve chapter 03 on a free port, print the URL
    crm-lessons present 03 --list     # only list the panels that would be shown
    crm-lessons present 03 --lang zh --port 8866
    crm-lessons present 01 02 03      # several chapters: one server, one page each

>>> [p.name for p in chapter_panels("00")]
['demo_panel']
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .cli import command
from .navigation import CHAPTERS, Chapter, chapter

#: Seconds to wait for Voila to listen (and, warm, to run every page once), and to stop.
START_TIMEOUT = 180.0
STOP_TIMEOUT = 10.0
#: The Jupyter data folder holding the page template ``voila/templates/crm`` (offline lab page).
SHARE = Path(__file__).parent / "share"
#: Seconds a warm server waits after a visitor took the pre-run kernel before running the page in
#: a fresh one for the next visitor. Soon, so a reload finds that run under way: measured with
#: benchmarks/present_stress.py, reloads took 4-10 s with 1 s and 45-73 s with 30 s (a reload then
#: started a cold kernel that competed with the delayed refill).
REFILL_DELAY = 1.0
#: File a presented notebook's last cell writes in its folder once every panel has been drawn.
READY = ".ready-{number}"


@dataclass(frozen=True)
class PanelSpec:
    """One slider panel of a chapter: ``crm_lessons.widgets.<module>.<name>()``."""

    chapter: str
    module: str  # "crm_lessons.widgets" for chapter 00, else "crm_lessons.widgets.<concept>"
    name: str
    heading: str

    def build(self):
        """Call the panel function (a fresh ``ipywidgets`` panel), with the module's
        ``CLASSROOM_ARGS[name]()`` keyword arguments when the panel needs data."""
        mod = importlib.import_module(self.module)
        make_args = getattr(mod, "CLASSROOM_ARGS", {}).get(self.name)
        return getattr(mod, self.name)(**(make_args() if make_args else {}))

    @property
    def css_class(self) -> str:
        """The CSS class the presented panel carries (browser tests find the panel by it)."""
        return f"crm-panel--{self.name}"


def panel_heading(spec: PanelSpec, lang: str = "en") -> str:
    """The section heading of a presented panel: the first paragraph of its docstring, or for
    ``lang="zh"`` the glossary's Chinese ``panel_<name>`` (the English when there is none yet).

    >>> panel_heading(chapter_panels("00")[0], "zh")
    '最小的面板：客户流失率 → 平均群体生命周期（1 / 流失率）及对应的条形'
    """
    from .glossary import terms

    if lang not in ("en", "zh"):
        raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
    pair = terms().get(f"panel_{spec.name}")
    return pair[1] if lang == "zh" and pair else spec.heading


def mark_ready(number: str) -> None:
    """Write :data:`READY` for chapter ``number`` in the working folder (the presented notebook's
    last cell: the page has run to the end, so a warm server can say it is ready)."""
    Path(READY.format(number=number)).write_text(time.strftime("%H:%M:%S"), encoding="utf-8")


def _heading(func) -> str:
    doc = inspect.getdoc(func) or func.__name__.replace("_", " ")
    return " ".join(doc.strip().split("\n\n")[0].split()).rstrip(".")


def _presentable(func) -> bool:
    """Callable without arguments, or its module says how to call it (``CLASSROOM_ARGS``)."""
    extra = getattr(sys.modules.get(func.__module__), "CLASSROOM_ARGS", {})
    return func.__name__ in extra or _takes_no_arguments(func)


def _takes_no_arguments(func) -> bool:
    params = inspect.signature(func).parameters.values()
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               for p in params)


def _panel_functions(ch: Chapter) -> list:
    name = f"{__package__}.widgets.{ch.module}"
    try:
        mod = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return []
        raise
    exported = getattr(mod, "__all__", None)
    funcs = [
        obj for attr, obj in vars(mod).items()
        if attr.endswith("_panel") and not attr.startswith("_") and inspect.isfunction(obj)
        and obj.__module__ == mod.__name__ and (exported is None or attr in exported)
    ]
    return sorted(funcs, key=lambda f: f.__code__.co_firstlineno)


def chapter_panels(key: str) -> list[PanelSpec]:
    """The panels of chapter ``key`` ("03", a slug or a notebook name), in source order.

    A panel is a public function named ``*_panel`` defined in ``crm_lessons.widgets.<module>``
    (``CHAPTERS`` maps the chapter to its module) that can be called without arguments, or whose
    module maps its name to a function giving its keyword arguments (bundled data) in
    ``CLASSROOM_ARGS = {"bins_panel": lambda: {"summary": ...}}``; chapter 00 has the start-here
    ``demo_panel``. A chapter whose widget module does not exist yet has none. Raises
    ``ValueError`` for an unknown chapter.
    """
    ch = chapter(key)
    if ch.module is None:
        from . import widgets

        return [PanelSpec(ch.number, widgets.__name__, "demo_panel", _heading(widgets.demo_panel))]
    return [PanelSpec(ch.number, f.__module__, f.__name__, _heading(f))
            for f in _panel_functions(ch) if _presentable(f)]


def panels_needing_data(key: str) -> list[str]:
    """Names of chapter ``key``'s panel functions that need arguments (data) and have no
    ``CLASSROOM_ARGS`` entry, so are not shown."""
    ch = chapter(key)
    return [] if ch.module is None else [
        f.__name__ for f in _panel_functions(ch) if not _presentable(f)]


def chapters_with_panels() -> list[Chapter]:
    """Every chapter that has at least one panel today (browser tests parametrize over these)."""
    return [ch for ch in CHAPTERS if chapter_panels(ch.number)]


def show_panel(module: str, name: str):
    """Build panel ``module.name`` for the presented notebook, tagged with CSS classes.

    The widget gets the classes ``crm-panel`` and ``crm-panel--<name>``, so a page can be searched
    for one panel. Returns the widget (the cell displays it).
    """
    spec = PanelSpec("", module, name, "")
    widget = spec.build()
    widget.add_class("crm-panel")
    widget.add_class(spec.css_class)
    return widget


def build_notebook(key: str, lang: str = "en"):
    """The classroom notebook of chapter ``key``: a title with the instructions, a setup cell,
    a heading and a cell per panel, and a last cell that calls :func:`mark_ready`.

    ``lang`` ("en" or "zh") picks the language of the title, instructions and headings and is
    passed to ``crm.setup`` (chart labels). Raises ``ValueError`` when the chapter has no panels.

    >>> nb = build_notebook("00")
    >>> [c.cell_type for c in nb.cells]
    ['markdown', 'code', 'markdown', 'code', 'code']
    >>> nb.cells[3].source
    "show_panel('crm_lessons.widgets', 'demo_panel')"
    >>> build_notebook("00", lang="zh").cells[0].source.splitlines()[0]
    '# 00 · 从这里开始'
    """
    import nbformat.v4 as v4

    from .glossary import term

    if lang not in ("en", "zh"):
        raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
    ch = chapter(key)
    panels = chapter_panels(ch.number)
    if not panels:
        need_data = panels_needing_data(ch.number)
        why = (f"its panels need data arguments ({', '.join(need_data)})" if need_data else
               f"no public *_panel function in crm_lessons.widgets.{ch.module}")
        raise ValueError(
            f"chapter {ch.number} ({ch.title}) has no panel to present: {why}; chapters with "
            "panels: " + (", ".join(c.number for c in chapters_with_panels()) or "none"))
    title = ch.title_zh if lang == "zh" else ch.title
    cells = [
        v4.new_markdown_cell(f"# {ch.number} · {title}\n\n{term('present_instructions', lang)}"),
        v4.new_code_cell(
            "import crm_lessons as crm\n"
            "from crm_lessons.present import mark_ready, show_panel\n\n"
            f"crm.setup(lang={lang!r});"),
    ]
    for spec in panels:
        cells.append(v4.new_markdown_cell(f"## {panel_heading(spec, lang)}"))
        cells.append(v4.new_code_cell(f"show_panel({spec.module!r}, {spec.name!r})"))
    cells.append(v4.new_code_cell(f"mark_ready({ch.number!r})"))  # no output: hidden
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def write_notebook(key: str, folder: str | os.PathLike, lang: str = "en") -> Path:
    """Write :func:`build_notebook` to ``folder/NN_slug_present.ipynb`` and return the path."""
    import nbformat

    ch = chapter(key)
    path = Path(folder) / f"{ch.number}_{ch.slug}_present.ipynb"
    nbformat.write(build_notebook(key, lang), path)
    return path


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free on ``host`` a moment ago (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    """Direct and indirect child PIDs of ``pid`` (Linux /proc; empty elsewhere)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
            parents[int(entry.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    found, frontier = [], [pid]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parents.items() if pp == p]
        found += kids
        frontier += kids
    return found


def stop_process(proc: subprocess.Popen, timeout: float = STOP_TIMEOUT) -> int:
    """Stop a server started by :class:`Server` (its own process group) and what it started.

    SIGTERM to the group (Voila and Jupyter shut their kernels down on it), a bounded wait, then
    SIGKILL for the group and any leftover child (a kernel lives in its own session). Returns
    the exit code.
    """
    if proc.poll() is not None:
        return proc.returncode
    kids = _children(proc.pid)
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout)
    deadline = time.monotonic() + timeout
    for pid in kids:  # kernels shut down by the server exit by themselves; wait, then insist
        while time.monotonic() < deadline and Path(f"/proc/{pid}").exists() and _alive(pid):
            time.sleep(0.1)
        if _alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    return proc.returncode


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = START_TIMEOUT,
                  host: str = "127.0.0.1", log: Path | None = None) -> None:
    """Wait until ``host:port`` accepts connections; fail early if ``proc`` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"server exited with code {proc.returncode} before listening on "
                               f"port {port}\n{tail}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"server did not listen on {host}:{port} within {timeout:.0f} s")


class Server:
    """A Voila server for classroom notebooks, started and stopped by PID.

    ``with Server("03") as srv: srv.url`` writes chapter 03's notebook into a temporary folder,
    starts Voila in its own process group on 127.0.0.1 (code hidden, no browser, the offline
    ``crm`` template) and waits, bounded, until it listens; leaving the block stops it and removes
    the folder. With several chapters (``Server(["01", "03"])``) Voila serves the folder and
    ``srv.page_url("03")`` is each chapter's page. Voila's log goes to ``srv.log`` unless
    ``quiet=False``.

    ``prewarm=True`` (the default) is a warm start: Voila's kernel pool (``preheat_kernel``)
    starts a kernel per page and runs the page before anyone asks for it, and ``start`` returns
    only when every page has run to its last cell, so the first visitor gets a page whose panels
    are drawn already. After a visitor takes the pre-run kernel, the pool runs the page again in
    a fresh kernel :data:`REFILL_DELAY` seconds later, ready for the next visitor or a reload
    (the refill shares the CPU with the first slider moves for a few seconds).
    """

    def __init__(self, keys: str | list[str], port: int | None = None, lang: str = "en",
                 quiet: bool = True, prewarm: bool = True):
        keys = [keys] if isinstance(keys, str) else list(keys)
        if not keys:
            raise ValueError("chapters must name at least one chapter, got none")
        self.chapters = list(dict.fromkeys(chapter(k) for k in keys))
        self.port = port or free_port()
        self.lang = lang
        self.quiet = quiet
        self.prewarm = prewarm
        self.log: Path | None = None
        self.proc: subprocess.Popen | None = None
        self._out = None
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._notebooks: dict[str, str] = {}

    @property
    def url(self) -> str:
        """The server's root: the page itself for one chapter, a file list for several."""
        return f"http://127.0.0.1:{self.port}/"

    def page_url(self, key: str) -> str:
        """The URL of chapter ``key``'s page."""
        number = chapter(key).number
        if number not in self._notebooks:
            raise ValueError(f"chapter {number} is not served here; served: "
                             + ", ".join(self._notebooks))
        if len(self.chapters) == 1:
            return self.url
        return f"{self.url}voila/render/{self._notebooks[number]}"

    def command(self, target: Path) -> list[str]:
        """The Voila command line for a notebook or a folder of notebooks."""
        warm = ["--VoilaConfiguration.preheat_kernel=True",
                "--VoilaConfiguration.default_pool_size=1",
                f"--VoilaKernelManager.fill_delay={REFILL_DELAY:g}"] if self.prewarm else []
        return [sys.executable, "-m", "voila", str(target), "--no-browser",
                f"--port={self.port}", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
                "--strip_sources=True", "--show_tracebacks=True", "--theme=light",
                "--template=crm", *warm,  # crm: lab without CDN links (crm_lessons/share)
                # Voila's executor runs each page on km.client() of this manager: the patient
                # client (crm_lessons/_kernel.py; jupyter/nbclient#312). With the plain one a
                # page now and then stalled at a widget cell with an idle kernel.
                "--MappingKernelManager.kernel_manager_class="
                "crm_lessons._voila_kernel.PatientServerKernelManager"]

    def start(self) -> Server:
        self._tmp = tempfile.TemporaryDirectory(prefix="crm-present-")
        folder = Path(self._tmp.name)
        for ch in self.chapters:
            self._notebooks[ch.number] = write_notebook(ch.number, folder, self.lang).name
        target = folder / self._notebooks[self.chapters[0].number] if len(
            self.chapters) == 1 else folder
        self.log = folder / "voila.log"
        if self.quiet:
            self._out = open(self.log, "wb")  # noqa: SIM115 (closed in stop)
        env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1",
               # where Voila finds the crm page template (voila/templates/crm)
               "JUPYTER_PATH": os.pathsep.join(
                   p for p in (str(SHARE), os.environ.get("JUPYTER_PATH")) if p)}
        env.pop("MPLBACKEND", None)  # a non-inline backend would keep figures out of the page
        self.proc = subprocess.Popen(
            self.command(target), cwd=folder, env=env, stdin=subprocess.DEVNULL,
            stdout=self._out, stderr=subprocess.STDOUT if self._out else None,
            start_new_session=True)
        started = time.monotonic()
        try:
            wait_for_port(self.port, self.proc, log=self.log if self.quiet else None)
            if self.prewarm:
                # pages run side by side: more chapters, more time (bounded all the same)
                budget = START_TIMEOUT + 90.0 * (len(self.chapters) - 1)
                self._wait_warm(folder, budget - (time.monotonic() - started))
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_warm(self, folder: Path, timeout: float) -> None:
        """Wait (bounded) until every page has run to its last cell in the kernel pool."""
        deadline = time.monotonic() + max(timeout, 1.0)
        waiting = [ch.number for ch in self.chapters]
        while waiting:
            waiting = [n for n in waiting if not (folder / READY.format(number=n)).exists()]
            if not waiting:
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with code {self.proc.returncode} while "
                                   f"running the pages\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the server did not finish running chapter(s) "
                                   f"{', '.join(waiting)} in time (a bounded wait; "
                                   f"--no-prewarm skips it)\n{self.log_tail()}")
            time.sleep(0.2)

    def log_tail(self, chars: int = 1500) -> str:
        """The end of Voila's log (empty when it goes to the terminal)."""
        if self.quiet and self.log is not None and self.log.exists():
            return self.log.read_text(errors="replace")[-chars:]
        return ""

    def stop(self) -> int | None:
        """Stop Voila and its kernels (see :func:`stop_process`), remove the folder."""
        code = stop_process(self.proc) if self.proc is not None else None
        if self._out is not None:
            self._out.close()
            self._out = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
        return code

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# --- the subcommand -----------------------------------------------------------------------------
def _present_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("chapters", nargs="+", metavar="chapter",
                   help="chapter number (00–06) or slug, e.g. 03; several give a list page")
    p.add_argument("--port", type=int, default=None, help="port on 127.0.0.1 (default: a free one)")
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="chart label language")
    p.add_argument("--list", action="store_true", help="list the panels that would be shown")
    p.add_argument("--verbose", action="store_true", help="show Voila's log in the terminal")
    p.add_argument("--no-prewarm", dest="prewarm", action="store_false",
                   help="start a kernel only when a page is opened (default: run every page once "
                        "before saying ready, so the first visitor does not wait)")


@command("present", "classroom mode: serve a chapter's slider panels with Voila (code hidden)")(
    _present_args)
def _run_present(args: argparse.Namespace) -> int:
    chapters = list(dict.fromkeys(chapter(key) for key in args.chapters))
    if args.list:
        for ch in chapters:
            panels = chapter_panels(ch.number)
            print(f"{ch.number} · {ch.title} · {ch.title_zh}: {len(panels)} panel(s)")
            for spec in panels:
                print(f"  {spec.module}.{spec.name}  {spec.heading}")
            for name in panels_needing_data(ch.number):
                print(f"  (not shown: {name} needs data arguments; CLASSROOM_ARGS can give them)")
        return 0
    if args.port is not None:
        _check_port(args.port)
    for ch in chapters:  # fail (exit 2) before starting anything if a chapter has no panels
        build_notebook(ch.number, args.lang)
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        if args.prewarm:
            print("Starting the server and running every panel once (warm start)…", flush=True)
        with Server([c.number for c in chapters], port=args.port, lang=args.lang,
                    quiet=not args.verbose, prewarm=args.prewarm) as srv:
            for ch in chapters:
                n = len(chapter_panels(ch.number))
                print(f"Chapter {ch.number} · {ch.title}: {n} panel(s) at "
                      f"{srv.page_url(ch.number)}", flush=True)
            ready = "Ready: every panel has run once. " if args.prewarm else ""
            print(f"{ready}Open it in a browser; press Ctrl-C to stop.", flush=True)
            try:
                code = srv.proc.wait()
            except KeyboardInterrupt:
                print("stopping…", file=sys.stderr, flush=True)
                srv.stop()
                print("stopped.", file=sys.stderr, flush=True)
                return 0
            if code:
                raise ValueError(f"Voila exited with code {code}\n{srv.log_tail()}")
    except (RuntimeError, TimeoutError) as exc:  # Voila did not start: say why, exit 2
        raise ValueError(str(exc)) from exc
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


def _interrupt(signum, frame):
    """SIGTERM/SIGHUP to ``crm-lessons present`` stop Voila as Ctrl-C does (no orphans)."""
    raise KeyboardInterrupt


def _check_port(port: int) -> None:
    if not 1 <= port <= 65535:
        raise ValueError(f"--port must be in 1..65535, got {port}")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError as exc:
            raise ValueError(f"--port {port} is not free on 127.0.0.1 ({exc.strerror}); "
                             "leave --port out to use a free one") from exc

__all__ = ["PanelSpec", "chapter_panels", "panels_needing_data", "chapters_with_panels",
           "panel_heading", "show_panel", "mark_ready", "build_notebook", "write_notebook",
           "Server", "free_port", "stop_process", "wait_for_port"]
