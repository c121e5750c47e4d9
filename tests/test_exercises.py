"""exercises/ is generated from solutions/: always in sync, never leaking a solution."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from crm_lessons.cli import main
from crm_lessons.exercises import ExerciseBuildError, annotate, build, build_notebook, dumps

from .conftest import ROOT


def _nb(*cells):
    return {"cells": [{"cell_type": t, "metadata": {}, "source": s,
                       **({"outputs": [], "execution_count": None} if t == "code" else {})}
                      for t, s in cells],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _editions():
    """(solutions folder, exercises folder) of each edition present (English; zh when built)."""
    pairs = [("solutions", "exercises")]
    if any((ROOT / "solutions" / "zh").glob("*_solutions.ipynb")):
        pairs.append(("solutions/zh", "exercises/zh"))
    return pairs


def _student_notebooks():
    return [p for _, ex in _editions() for p in sorted((ROOT / ex).glob("*.ipynb"))]


def test_exercises_folder_is_in_sync_with_solutions(tmp_path):
    shutil.copytree(ROOT / "solutions", tmp_path / "solutions")
    written = build(tmp_path / "solutions", tmp_path / "exercises")
    assert written, "no solution notebooks found"
    for sol, ex in _editions():
        built = sorted((tmp_path / ex).glob("*.ipynb"))
        assert {p.name for p in (ROOT / ex).glob("*.ipynb")} == {p.name for p in built}
        for path in built:
            committed = ROOT / ex / path.name
            assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
                f"{ex}/{committed.name} is stale: run crm-lessons exercises build")
        for path in sorted((tmp_path / sol).glob("*_solutions.ipynb")):
            same = (ROOT / sol / path.name).read_text(encoding="utf-8") == path.read_text(
                encoding="utf-8")
            assert same, f"{sol}/{path.name} lacks its nbgrader metadata: run exercises build"


def test_chinese_edition_is_built_when_its_solutions_exist(tmp_path):
    for folder in ("sol", "sol/zh"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "01_x_solutions.ipynb").write_text(dumps(_nb(
            ("markdown", "# 01 · x"),
            ("code", "a = ...\n### BEGIN SOLUTION\na = 1\n### END SOLUTION"))), encoding="utf-8")
    build(tmp_path / "sol", tmp_path / "ex")
    assert (tmp_path / "ex" / "01_x_exercises.ipynb").exists()
    assert (tmp_path / "ex" / "zh" / "01_x_exercises.ipynb").exists()
    build(tmp_path / "sol", tmp_path / "ex", check=True)
    (tmp_path / "ex" / "zh" / "01_x_exercises.ipynb").unlink()
    with pytest.raises(ExerciseBuildError, match="out of date"):
        build(tmp_path / "sol", tmp_path / "ex", check=True)


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


@pytest.mark.parametrize("path", _student_notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_student_copies_hold_no_solution_text(path):
    solution = (ROOT / "solutions" / path.relative_to(ROOT / "exercises").parent
                / path.name.replace("_exercises", "_solutions"))
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
    assert out["cells"][1]["source"] == "a = 1\n    # YOUR CODE HERE"
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


# --- self-check cells ---------------------------------------------------------------------------
_CALL = re.compile(r'^crm\.check\.exercise\("\d{2}-\d+[a-z]?", [A-Za-z_]\w*\)$')
_CONCEPTS = ("value", "lifecycle", "clv", "satisfaction", "rfm", "knowledge", "kn", "sat",
             "datasets", "brentq", "np", "pd")


@pytest.mark.parametrize("path", _student_notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_check_cells_only_call_the_registry_on_the_student_variable(path):
    """No check cell computes the expected value in sight or types it in."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    checks = 0
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] != "code" or "check" not in text:
            continue
        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        bad = [ln for ln in lines if not _CALL.match(ln)]
        assert not bad, f"{path.name}: a check cell holds more than crm.check.exercise calls: {bad}"
        for line in lines:
            argument = line.split(", ", 1)[1]
            assert not re.search(r"\d", argument.replace("_", "")) or re.fullmatch(
                r"[A-Za-z_]\w*\)", argument), f"{path.name}: literal in {line}"
            assert not any(f"{m}." in line for m in _CONCEPTS), line
        checks += len(lines)
        assert cell["metadata"]["nbgrader"]["points"] == len(lines)
    assert checks, f"{path.name} has no self-checks"


def test_a_check_cell_with_anything_else_is_refused():
    hidden = '\n### BEGIN HIDDEN TESTS\ncrm.check.grade("03-6", a)\n### END HIDDEN TESTS'
    for source in ('crm.check.exercise("03-6", a)\nprint(clv.retention_clv(100, 0.9, 0.1))' + hidden,
                   'crm.check.close(a, 0.9167)',
                   'crm.check.exercise("03-6", 0.9167)' + hidden,
                   'crm.check.exercise("03-6", a)',                      # no hidden grade line
                   'crm.check.exercise("03-99", a)' + hidden.replace("03-6", "03-99")):
        with pytest.raises(ExerciseBuildError):
            build_notebook(_nb(("code", source)))


def test_nbgrader_metadata_marks_answers_checks_and_written_answers():
    nb = _nb(("markdown", "## Exercise 6 · x"),
             ("code", "answer_6 = ...\n### BEGIN SOLUTION\nanswer_6 = 0.9\n### END SOLUTION"),
             ("code", 'crm.check.exercise("03-6", answer_6)\n### BEGIN HIDDEN TESTS\n'
                      'crm.check.grade("03-6", answer_6)\n### END HIDDEN TESTS'),
             ("markdown", "### BEGIN SOLUTION\nBecause.\n### END SOLUTION"),
             ("code", "crm.about()"))
    meta = [c["metadata"].get("nbgrader") for c in annotate(nb)["cells"]]
    assert meta[0] is None and meta[4] is None
    assert meta[1] == {"grade": False, "solution": True, "locked": False, "grade_id": "ex6-answer",
                       "schema_version": 3, "task": False}
    assert meta[2] == {"grade": True, "solution": False, "locked": True, "points": 1,
                       "grade_id": "ex6-check", "schema_version": 3, "task": False}
    assert meta[3]["grade"] and meta[3]["solution"] and meta[3]["grade_id"] == "ex6-written"
    student = build_notebook(nb)["cells"]
    assert student[1]["source"] == "answer_6 = ...\n# YOUR CODE HERE"
    assert student[2]["source"] == 'crm.check.exercise("03-6", answer_6)'
    assert student[2]["metadata"]["editable"] is False


def test_written_answer_questions_have_answer_cells():
    for name, heading in (("03_customer_lifetime_value_solutions.ipynb", "## Exercise 3"),
                          ("05_segmentation_rfm_solutions.ipynb", "## Exercise 3")):
        cells = json.loads((ROOT / "solutions" / name).read_text(encoding="utf-8"))["cells"]
        start = next(i for i, c in enumerate(cells) if "".join(c["source"]).startswith(heading))
        end = next(i for i, c in enumerate(cells) if i > start
                   and "".join(c["source"]).startswith("## Exercise"))
        written = [c for c in cells[start:end] if c["cell_type"] == "markdown"
                   and c["metadata"].get("nbgrader", {}).get("grade")]
        assert written, f"{name} {heading} has no written-answer cell"


def test_student_titles_do_not_say_solutions():
    for path in _student_notebooks():
        title = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
        assert "Solution" not in title and "解答" not in title, path.name


def _execute(path):
    import nbformat

    from crm_lessons._kernel import run_notebook

    return run_notebook(nbformat.read(path, as_version=4), path.parent, allow_errors=True)


@pytest.mark.parametrize("path", _student_notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_untouched_exercise_notebook_runs_clean_and_says_not_answered(path):
    nb = _execute(path)
    for cell in nb.cells:
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"
                  or (o.output_type == "stream" and o.name == "stderr")]
        assert not errors, f"{path.name} cell {cell.get('id')}: {errors[0]}"
        if cell.cell_type == "code" and "crm.check.exercise" in cell.source:
            out = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            calls = cell.source.count("crm.check.exercise")
            assert out.count("not answered yet") + out.count("尚未作答") == calls, out
            assert not [o for o in cell.outputs if o.output_type == "execute_result"], (
                "a check cell displays a value")


# --- nbgrader, as it is -------------------------------------------------------------------------
@pytest.mark.filterwarnings("ignore:Object of type:Warning")  # nbgrader's own session use
def test_nbgrader_round_trip_on_chapter_00(tmp_path, monkeypatch):
    """generate_assignment gives exercises/'s student copy; autograde gives the solution full
    points and the untouched student copy zero."""
    pytest.importorskip("nbgrader")
    import os
    import sys

    from nbgrader.api import Gradebook
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    name = "00_start_here_exercises.ipynb"
    (tmp_path / "source" / "ch00").mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / "00_start_here_solutions.ipynb",
                tmp_path / "source" / "ch00" / name)
    config = Config()
    config.CourseDirectory.root = str(tmp_path)
    config.CourseDirectory.course_id = "crm"
    config.Exchange.root = str(tmp_path / "exchange")
    exec((ROOT / "nbgrader_config.py").read_text(encoding="utf-8"),
         {"get_config": lambda: config})
    config.CourseDirectory.root = str(tmp_path)
    monkeypatch.chdir(tmp_path)
    # nbgrader runs alembic from PATH; the kernels import this checkout
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    monkeypatch.setenv("PYTHONPATH", str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    api = NbGraderAPI(config=config)

    result = api.generate_assignment("ch00", force=True)
    assert result["success"], result["error"]
    released = json.loads((tmp_path / "release" / "ch00" / name).read_text(encoding="utf-8"))
    ours = json.loads((ROOT / "exercises" / name).read_text(encoding="utf-8"))

    def comparable(nb):
        cells = []
        for c in nb["cells"]:
            meta = json.loads(json.dumps(c["metadata"]))
            for key in ("checksum", "cell_type"):  # nbgrader's own bookkeeping
                meta.get("nbgrader", {}).pop(key, None)
            cells.append((c["cell_type"], c.get("id"), "".join(c["source"]), meta,
                          c.get("outputs"), c.get("execution_count")))
        return cells

    assert comparable(released) == comparable(ours)

    for student, source in (("right", tmp_path / "source" / "ch00" / name),
                            ("untouched", tmp_path / "release" / "ch00" / name)):
        (tmp_path / "submitted" / student / "ch00").mkdir(parents=True)
        shutil.copy(source, tmp_path / "submitted" / student / "ch00" / name)
        result = api.autograde("ch00", student, force=True, create=True)
        assert result["success"], result["error"]
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gb:
        right = gb.find_submission("ch00", "right")
        untouched = gb.find_submission("ch00", "untouched")
        assert right.max_code_score > 0
        assert right.code_score == right.max_code_score
        assert untouched.code_score == 0 and untouched.score == 0
