"""Every figure the chapter notebooks draw is readable: text >= 10 pt, no overlaps, nothing cut off.

Each chapter notebook's code cells run here, in this process (Agg backend, the notebook's folder),
which is several times faster than a kernel. After each cell every open figure is measured with
``tests/figure_text.problems`` and closed; figures drawn by slider panels are measured when the
panel renders them (``FigurePool.png``, at the panel's default values) or displays them.
"""

from __future__ import annotations

import matplotlib
import pytest

from tests import figure_text

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from .conftest import ROOT  # noqa: E402


def notebook_figures(relpath: str, monkeypatch) -> list[tuple[str, str, list[str]]]:
    """Run a notebook's code cells; return (cell id, figure title, problems) for every figure."""
    from IPython.display import display

    import crm_lessons.widgets as widgets
    from crm_lessons.plotting.redraw import FigurePool

    seen: list[tuple[str, str, list[str]]] = []
    cell_id = {"now": ""}

    def measure(fig):
        seen.append((cell_id["now"], figure_title(fig), figure_text.problems(fig)))

    original_png = FigurePool.png

    def png(self, fig, *args, **kwargs):
        data = original_png(self, fig, *args, **kwargs)
        measure(fig)
        return data

    def shown(obj, *args, **kwargs):
        if isinstance(obj, Figure):
            measure(obj)
        return display(obj, *args, **kwargs)

    monkeypatch.setattr(FigurePool, "png", png)
    monkeypatch.setattr(widgets, "display", shown)
    path = ROOT / relpath
    monkeypatch.chdir(path.parent)
    nb = nbformat.read(path, as_version=4)
    namespace = {"__name__": "__main__", "display": display}
    plt.close("all")
    try:
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            cell_id["now"] = cell.get("id", "?")
            exec(compile(cell.source, f"{path.name}:{cell_id['now']}", "exec"), namespace)
            for number in plt.get_fignums():
                measure(plt.figure(number))
            plt.close("all")
    finally:
        plt.close("all")
        import crm_lessons as crm

        crm.setup()
    return seen


def figure_title(fig) -> str:
    return figure_text.figure_title(fig)


def _notebooks() -> list[str]:
    """Every chapter notebook, and the Chinese edition's (notebooks/zh/) once it exists."""
    found = [*(ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"),
             *(ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb")]
    return sorted(str(p.relative_to(ROOT)) for p in found)


@pytest.mark.parametrize("relpath", _notebooks())
def test_every_figure_text_is_readable(relpath, monkeypatch):
    figures = notebook_figures(relpath, monkeypatch)
    assert figures, f"{relpath} drew no figure"
    bad = [f"{cell} · {title}: {p}" for cell, title, found in figures for p in found]
    assert not bad, f"{len(bad)} text problems in {relpath}:\n" + "\n".join(bad)


def test_the_check_sees_an_overlap_a_small_font_and_text_off_the_axes():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.text(0.5, 0.5, "service value", fontsize=12)
    ax.text(0.52, 0.5, "personnel value", fontsize=12)
    ax.text(0.1, 0.1, "tiny", fontsize=8)
    ax.text(0.95, 0.9, "runs past the right edge", fontsize=11)
    found = figure_text.problems(fig)
    plt.close(fig)
    assert any("overlaps" in p and "service value" in p for p in found)
    assert any("'tiny' is 8.0 pt" in p for p in found)
    assert any("runs past" in p and ("leaves" in p) for p in found)


def test_a_clean_figure_has_no_problems():
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.plot([0, 1], [0, 1])
    ax.set_title("clean", fontsize=12)
    ax.text(0.1, 0.8, "one label", fontsize=10)
    ax.tick_params(labelsize=10)
    ax.xaxis.label.set_size(10)
    fig.tight_layout()
    found = figure_text.problems(fig)
    plt.close(fig)
    assert found == []


PANEL_TOPICS = ("value", "lifecycle", "clv", "satisfaction", "rfm", "knowledge", "btyd")


@pytest.mark.parametrize("topic", PANEL_TOPICS)
def test_panel_figures_stay_readable_at_every_extreme(topic, monkeypatch):
    """Every slider panel of a chapter (classroom data where it needs data), each control at its
    default, minimum and maximum (``widget_harness.sweep``): every figure it renders is measured."""
    import importlib
    import inspect

    from crm_lessons.plotting.redraw import FigurePool

    from .widget_harness import sweep

    found: dict[str, set[str]] = {}
    original_png = FigurePool.png
    current = {"panel": ""}

    def png(self, fig, *args, **kwargs):
        data = original_png(self, fig, *args, **kwargs)
        found.setdefault(current["panel"], set()).update(figure_text.problems(fig))
        return data

    monkeypatch.setattr(FigurePool, "png", png)
    module = importlib.import_module(f"crm_lessons.widgets.{topic}")
    data = getattr(module, "CLASSROOM_ARGS", {})
    swept = 0
    for name, build in inspect.getmembers(module, inspect.isfunction):
        if not name.endswith("_panel") or build.__module__ != module.__name__:
            continue
        needed = [p for p in inspect.signature(build).parameters.values()
                  if p.default is inspect.Parameter.empty]
        if needed and name not in data:
            continue  # a panel on the reader's own data with no classroom default
        current["panel"] = name
        panel = build(**data[name]()) if name in data else build()
        swept += sweep(panel, lambda result, values: None)
        plt.close("all")
    assert swept, f"no panel of crm_lessons.widgets.{topic} was swept"
    bad = [f"{panel}: {p}" for panel, problems in found.items() for p in sorted(problems)]
    assert not bad, f"{len(bad)} text problems in {topic} panels:\n" + "\n".join(bad)
