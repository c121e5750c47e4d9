"""The foundation: packaging, CLI, import cost, environment.yml, clean notebooks, fonts, harness."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
import warnings

import pytest
import yaml

import crm_lessons as crm
from crm_lessons import check
from crm_lessons.cli import main

from .conftest import ROOT


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert crm.__version__ in capsys.readouterr().out
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "exercises" in out and "nav" in out


def test_console_script_installed():
    exe = ROOT / ".venv" / "bin" / "crm-lessons"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "crm_lessons.cli"]
    done = subprocess.run([*cmd, "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "crm-lessons" in done.stdout


def test_import_is_light():
    code = ("import sys, crm_lessons as c; c.glossary.term('clv'); c.check; "
            "heavy = [m for m in ('matplotlib', 'ipywidgets', 'seaborn', 'sklearn') "
            "if m in sys.modules]; print(heavy)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "[]"


def _conda_name(spec: str) -> str:
    return re.split(r"[<>=!~ ]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"], "environment.yml must use conda-forge only"
    conda, pip_part = [], []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip_part = dep["pip"]
        else:
            conda.append(dep)
    python = [d for d in conda if _conda_name(d) == "python"]
    assert python == [f"python{project['requires-python']}"], (
        f"environment.yml pins {python}, pyproject requires-python {project['requires-python']}")
    conda_deps = {_conda_name(d): d.replace(" ", "") for d in conda if _conda_name(d) != "python"}
    wanted = project["dependencies"] + project["optional-dependencies"]["dev"]
    py_deps = {_conda_name(d): d.replace(" ", "") for d in wanted}
    # conda-forge names differ for a few packages
    aliases = {"pyyaml": "pyyaml"}
    missing = {n for n in py_deps if aliases.get(n, n) not in conda_deps}
    extra = {n for n in conda_deps if n not in py_deps and n != "pip"}
    assert not missing, f"in pyproject.toml but not environment.yml: {sorted(missing)}"
    assert not extra, f"in environment.yml but not pyproject.toml: {sorted(extra)}"
    for name, spec in py_deps.items():
        assert conda_deps[aliases.get(name, name)] == spec, f"{name}: bounds differ"
    assert "-e ." in " ".join(pip_part), "environment.yml must pip-install this package (-e .)"


def _notebooks():
    return sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("solutions/*.ipynb"),
                   *ROOT.glob("exercises/*.ipynb"), *ROOT.glob("crm_lessons/reports/*.ipynb")])


@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: p.name)
def test_committed_notebooks_have_no_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
             and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; clear them before committing"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


def test_navigation_is_current():
    from crm_lessons.navigation import refresh

    paths = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("solutions/*.ipynb")])
    assert paths
    assert refresh(paths, check=True) == [], "run: crm-lessons nav"


def test_every_chapter_notebook_starts_in_the_house_style():
    from crm_lessons.navigation import SENTINEL

    for path in ROOT.glob("notebooks/*.ipynb"):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        assert cells[0]["cell_type"] == "markdown" and "".join(cells[0]["source"]).startswith("#")
        assert "".join(cells[1]["source"]).startswith(SENTINEL), f"{path.name}: nav is cell 2"
        setup = next(c for c in cells if c["cell_type"] == "code")
        assert "crm.setup(" in "".join(setup["source"]), f"{path.name}: first code cell = setup"


# --- fonts ------------------------------------------------------------------------------------
def _draw_chinese():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_title(crm.term("clv"))
    ax.set_xlabel(crm.term("discount_rate") + " −1")
    ax.plot([0, 1], [1, -1])
    fig.canvas.draw()
    plt.close(fig)


def test_chinese_labels_render_without_missing_glyphs():
    from crm_lessons import plotting

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a "Glyph … missing" warning fails the test
        family = crm.setup(lang="zh")
        if family is None:
            pytest.skip("no CJK font here (install crm-lessons[cjk]); the fallback test covers it")
        assert crm.term("clv") == "客户终生价值"
        _draw_chinese()
    assert plotting.cjk_font() == family
    crm.setup(lang="en")


def test_without_cjk_font_warns_once_and_falls_back_to_english(monkeypatch):
    from crm_lessons import plotting

    monkeypatch.setattr(plotting, "find_cjk_font", lambda *a, **k: None)
    monkeypatch.setitem(plotting._state, "warned", False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert crm.setup(lang="zh") is None
        crm.setup(lang="zh")
        _draw_chinese()
    ours = [w for w in caught if "No Chinese (CJK) font" in str(w.message)]
    glyphs = [w for w in caught if "Glyph" in str(w.message)]
    assert len(ours) == 1 and not glyphs, [str(w.message) for w in caught]
    assert crm.term("clv") == "customer lifetime value"
    crm.setup(lang="en")


def test_setup_rejects_unknown_language():
    with pytest.raises(ValueError, match="lang must be 'en' or 'zh'"):
        crm.setup(lang="fr")


# --- glossary and self-checks ------------------------------------------------------------------
def test_glossary_unknown_key_suggests():
    with pytest.raises(KeyError, match="did you mean"):
        crm.term("clvv")


def test_glossary_entries_are_bilingual():
    for key, (en, zh) in crm.glossary.terms().items():
        assert re.search(r"[A-Za-z]", en), key
        assert re.search(r"[\u4e00-\u9fff]", zh) or zh.isupper(), f"{key}: 中文 missing"


def test_self_checks_never_print_the_expected_value(capsys):
    assert not check.close(1.0, 123.456, name="x", hint="think again")
    assert not check.equal("gold", "diamond", name="tier")
    assert not check.in_range(5, 0.9, 1.0, name="r")
    out = capsys.readouterr().out
    assert "123.456" not in out and "diamond" not in out and "0.9" not in out
    assert check.close(None, 1.0) is False
    assert "not answered yet" in capsys.readouterr().out


# --- widget harness ----------------------------------------------------------------------------
def test_widget_harness_catches_a_panel_that_breaks_at_an_extreme():
    from crm_lessons import widgets

    from .widget_harness import sweep

    def lifetime(churn):
        if churn <= 0:
            raise ValueError("churn must be > 0")
        return 1 / churn

    ok = widgets.panel(lifetime, churn=widgets.slider(0.2, 0.05, 0.5, 0.05, "churn"))
    n = sweep(ok, lambda result, v: pytest.approx(1 / v["churn"]) == result)
    assert n == 3
    broken = widgets.panel(lifetime, churn=widgets.slider(0.2, 0.0, 0.5, 0.05, "churn"))
    with pytest.raises(ValueError, match="churn must be > 0"):
        sweep(broken, lambda result, v: None)
