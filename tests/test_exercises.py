"""exercises/ is generated from solutions/: always in sync, never leaking a solution."""

from __future__ import annotations

import json

import pytest

from crm_lessons.cli import main
from crm_lessons.exercises import ExerciseBuildError, build, build_notebook, dumps

from .conftest import ROOT


def _nb(*cells):
    return {"cells": [{"cell_type": t, "metadata": {}, "source": s,
                       **({"outputs": [], "execution_count": None} if t == "code" else {})}
                      for t, s in cells],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_exercises_folder_is_in_sync_with_solutions(tmp_path):
    written = build(ROOT / "solutions", tmp_path)
    assert written, "no solution notebooks found"
    for path in written:
        committed = ROOT / "exercises" / path.name
        assert committed.exists(), f"{committed} missing: run crm-lessons exercises build"
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"{committed.name} is stale: run crm-lessons exercises build")
    assert {p.name for p in (ROOT / "exercises").glob("*.ipynb")} == {p.name for p in written}


def test_cli_check_mode_passes_on_the_repository(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["exercises", "build", "--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_cli_check_mode_reports_stale_exercises(tmp_path, capsys):
    (tmp_path / "sol").mkdir()
    (tmp_path / "sol" / "01_x_solutions.ipynb").write_text(
        dumps(_nb(("code", "### BEGIN SOLUTION\nx = 1\n### END SOLUTION"))), encoding="utf-8")
    code = main(["exercises", "build", "--check", "--solutions", str(tmp_path / "sol"),
                 "--out", str(tmp_path / "ex")])
    assert code == 2
    assert "out of date" in capsys.readouterr().err


@pytest.mark.parametrize("path", sorted((ROOT / "exercises").glob("*.ipynb")), ids=lambda p: p.name)
def test_student_copies_hold_no_solution_text(path):
    solution = ROOT / "solutions" / path.name.replace("_exercises", "_solutions")
    student = json.loads(path.read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in student["cells"])
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
    sol = json.loads(solution.read_text(encoding="utf-8"))
    inside, secret = False, []
    for cell in sol["cells"]:
        for line in "".join(cell["source"]).split("\n"):
            if "BEGIN SOLUTION" in line or "BEGIN HIDDEN" in line:
                inside = True
            elif "END SOLUTION" in line or "END HIDDEN" in line:
                inside = False
            elif inside and len(line.strip()) > 15:
                secret.append(line.strip())
    assert secret, "the solution notebook has no solution regions"
    assert not [s for s in secret if s in text]
    assert all(not c.get("outputs") for c in student["cells"] if c["cell_type"] == "code")


def test_solution_region_becomes_placeholder_and_hidden_tests_vanish():
    nb = _nb(("markdown", "# 01 · Solutions"),
             ("code", "a = 1\n    ### BEGIN SOLUTION\n    b = a + 41\n    ### END SOLUTION\n"
                      "### BEGIN HIDDEN TESTS\nassert b == 42\n### END HIDDEN TESTS"),
             ("markdown", "### BEGIN SOLUTION\nThe answer is 42 because...\n### END SOLUTION"))
    out = build_notebook(nb)
    assert out["cells"][0]["source"] == "# 01 · Exercises"
    assert out["cells"][1]["source"] == ("a = 1\n    # YOUR CODE HERE\n"
                                         "    raise NotImplementedError()")
    assert out["cells"][2]["source"] == "YOUR ANSWER HERE"


def test_solution_only_cells_are_dropped():
    nb = _nb(("code", "print('x')"))
    nb["cells"].append({"cell_type": "markdown", "metadata": {"tags": ["solution-only"]},
                        "source": "Grading notes for the teacher"})
    assert len(build_notebook(nb)["cells"]) == 1


def test_leak_outside_markers_is_refused():
    nb = _nb(("code", "### BEGIN SOLUTION\nanswer = secret_function(3)\n### END SOLUTION"),
             ("code", "answer = secret_function(3)  # oops, pasted the answer twice"))
    nb["cells"][1]["source"] = "answer = secret_function(3)"
    with pytest.raises(ExerciseBuildError, match="reveal"):
        build_notebook(nb)


@pytest.mark.parametrize("source, message", [
    ("### BEGIN SOLUTION\nx = 1", "never closed"),
    ("x = 1\n### END SOLUTION", "without"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "nested"),
])
def test_broken_markers_are_refused(source, message):
    with pytest.raises(ExerciseBuildError, match=message):
        build_notebook(_nb(("code", source)))
