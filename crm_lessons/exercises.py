"""Build student exercise notebooks from the solution notebooks (the single source).

Solutions carry nbgrader-style markers inside cells::

    ### BEGIN SOLUTION
    answer = crm.clv.annuity_factor(0.10, 20)
    ### END SOLUTION

    ### BEGIN HIDDEN TESTS
    assert ...
    ### END HIDDEN TESTS

In the student copy a solution region becomes ``# YOUR CODE HERE`` (in markdown cells:
``YOUR ANSWER HERE``), hidden-test regions vanish, cells tagged ``solution-only`` are dropped,
outputs and execution counts are cleared. The build fails if any marker or any solution line
survives. The answer variables are set to the placeholder ``...`` *before* the solution region
(``answer_6 = ...``), so an untouched student copy runs top to bottom and each self-check says
"not answered yet".

**Self-check cells** hold only ``crm.check.exercise("NN-k", variable)`` lines, then a hidden-test
region with the matching ``crm.check.grade("NN-k", variable)`` lines (which raise on a wrong answer;
nbgrader puts them back when it autogrades). The expected values live in
:mod:`crm_lessons.answers`; the build refuses a check cell with anything else in it.

**nbgrader.** The build also writes nbgrader cell metadata (schema 3) into the solution notebooks:
cells with a code solution region are solution cells, self-check cells are locked grade cells
worth one point per checked answer, markdown answers are manually graded solution cells worth
:data:`WRITTEN_POINTS`; the student copy carries the locks nbgrader's ``LockCells`` would add, so
``nbgrader generate_assignment`` (with ``ClearSolutions.code_stub`` set to :data:`CODE_STUB`, see
``nbgrader_config.py``) produces the same student notebook as this module.

>>> src = "x = 1\\n### BEGIN SOLUTION\\ny = x + 41\\n### END SOLUTION\\ncheck(y)"
>>> print(strip_source(src, "code"))
x = 1
# YOUR CODE HERE
check(y)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
MARKERS = (BEGIN_SOLUTION, END_SOLUTION, BEGIN_HIDDEN, END_HIDDEN)
SOLUTION_ONLY_TAG = "solution-only"
CODE_STUB = "# YOUR CODE HERE"
TEXT_STUB = "YOUR ANSWER HERE"
WRITTEN_POINTS = 2
_CHECK_LINE = re.compile(r'^crm\.check\.(?P<fn>exercise|grade)\("(?P<id>\d{2}-\d+[a-z]?)", '
                         r'(?P<var>[A-Za-z_]\w*)\)$')
_HEADING = re.compile(r"^#{1,6}\s*(?:Exercise|练习)\s*(?P<n>\d+)", re.M)


class ExerciseBuildError(ValueError):
    """A solution notebook cannot be turned into a safe student copy."""


def _regions(lines: list[str], begin: str, end: str, where: str) -> list[tuple[int, int]]:
    spans, start = [], None
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped == begin:
            if start is not None:
                raise ExerciseBuildError(f"{where}: nested {begin!r} at line {i + 1}")
            start = i
        elif stripped == end:
            if start is None:
                raise ExerciseBuildError(f"{where}: {end!r} without {begin!r} at line {i + 1}")
            spans.append((start, i))
            start = None
    if start is not None:
        raise ExerciseBuildError(f"{where}: {begin!r} at line {start + 1} is never closed")
    return spans


def strip_source(source: str, cell_type: str, where: str = "cell") -> str:
    """The student version of one cell's source (see the module docstring)."""
    lines = source.split("\n")
    for begin, end in ((BEGIN_HIDDEN, END_HIDDEN), (BEGIN_SOLUTION, END_SOLUTION)):
        spans = _regions(lines, begin, end, where)
        for start, stop in reversed(spans):
            indent = re.match(r"\s*", lines[start]).group(0)
            if begin == BEGIN_HIDDEN:
                replacement: list[str] = []
            elif cell_type == "code":
                replacement = [f"{indent}{line}" for line in CODE_STUB.split("\n")]
            else:
                replacement = [f"{indent}{line}" for line in TEXT_STUB.split("\n")]
            lines[start : stop + 1] = replacement
    return "\n".join(lines)


def _removed_lines(source: str) -> set[str]:
    """Lines inside solution/hidden regions that are specific enough to detect a leak."""
    lines, removed, inside = source.split("\n"), set(), False
    for line in lines:
        stripped = line.strip()
        if stripped in (BEGIN_SOLUTION, BEGIN_HIDDEN):
            inside = True
        elif stripped in (END_SOLUTION, END_HIDDEN):
            inside = False
        elif inside and len(stripped) >= 12 and not stripped.startswith("#"):
            removed.add(stripped)
    return removed


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def check_calls(source: str, where: str = "cell") -> list[tuple[str, str]] | None:
    """The ``(exercise id, variable)`` pairs a self-check cell checks, or None for other cells.

    A self-check cell holds only ``crm.check.exercise("NN-k", var)`` lines and, in a hidden-test
    region, one ``crm.check.grade("NN-k", var)`` line for each of them (blank lines allowed).

    >>> check_calls('crm.check.exercise("03-6", answer_6)\\n### BEGIN HIDDEN TESTS\\n'
    ...             'crm.check.grade("03-6", answer_6)\\n### END HIDDEN TESTS')
    [('03-6', 'answer_6')]
    """
    if "crm.check." not in source:
        return None
    visible, hidden, inside = [], [], False
    for number, line in enumerate(source.split("\n"), 1):
        stripped = line.strip()
        if stripped == BEGIN_HIDDEN:
            inside = True
            continue
        if stripped == END_HIDDEN:
            inside = False
            continue
        if not stripped:
            continue
        m = _CHECK_LINE.match(stripped)
        if not m or (m["fn"] == "grade") != inside:
            raise ExerciseBuildError(
                f"{where} line {number}: a self-check cell holds only "
                f'crm.check.exercise("NN-k", variable) lines (and, hidden, the matching '
                f"crm.check.grade lines), got {stripped!r}")
        (hidden if inside else visible).append((m["id"], m["var"]))
    if hidden and hidden != visible:
        raise ExerciseBuildError(f"{where}: the hidden crm.check.grade lines must repeat the "
                                 f"visible crm.check.exercise lines, got {hidden} for {visible}")
    if not hidden:
        raise ExerciseBuildError(f"{where}: a self-check cell needs a hidden-test region with "
                                 f"crm.check.grade lines (nbgrader grades with them)")
    from . import answers

    for exercise_id, _ in visible:
        try:
            answers.get(exercise_id)
        except ValueError as exc:
            raise ExerciseBuildError(f"{where}: {exc}") from None
    return visible


def _grade_metadata(cells: list[dict], where: str) -> list[dict | None]:
    """nbgrader metadata (schema 3) for each cell, or None for cells nbgrader leaves alone."""
    out, used, exercise = [], set(), None

    def unique(base: str) -> str:
        name, k = base, 2
        while name in used:
            name, k = f"{base}-{k}", k + 1
        used.add(name)
        return name

    for index, cell in enumerate(cells):
        text = _source(cell)
        if cell["cell_type"] == "markdown" and (m := _HEADING.search(text)):
            exercise = m["n"]
        prefix = f"ex{exercise}" if exercise else "cell"
        has_solution = any(ln.strip() == BEGIN_SOLUTION for ln in text.split("\n"))
        meta = None
        if cell["cell_type"] == "code":
            calls = check_calls(text, f"{where} cell {index}")
            if calls and has_solution:
                raise ExerciseBuildError(f"{where} cell {index}: a self-check cell cannot hold a "
                                         f"solution region")
            if calls:
                meta = {"grade": True, "solution": False, "locked": True,
                        "points": len(calls), "grade_id": unique(f"{prefix}-check")}
            elif has_solution:
                meta = {"grade": False, "solution": True, "locked": False,
                        "grade_id": unique(f"{prefix}-answer")}
        elif has_solution:
            meta = {"grade": True, "solution": True, "locked": False,
                    "points": WRITTEN_POINTS, "grade_id": unique(f"{prefix}-written")}
        if meta is not None:
            meta = {**meta, "schema_version": 3, "task": False}
        out.append(meta)
    return out


def annotate(solution: dict, where: str = "notebook") -> dict:
    """The solution notebook (a new dict) with nbgrader cell metadata on every graded cell."""
    cells = []
    for cell, meta in zip(solution["cells"], _grade_metadata(solution["cells"], where),
                          strict=True):
        new = dict(cell)
        new["metadata"] = {k: v for k, v in cell.get("metadata", {}).items() if k != "nbgrader"}
        if meta is not None:
            new["metadata"]["nbgrader"] = meta
        cells.append(new)
    return {**solution, "cells": cells}


def _locks(meta: dict | None) -> dict:
    """The cell metadata nbgrader's LockCells preprocessor adds in the student copy."""
    if not meta:
        return {}
    if meta["solution"]:
        return {"deletable": False}
    if meta["grade"] or meta["locked"]:
        return {"deletable": False, "editable": False}
    return {}


def build_notebook(solution: dict, where: str = "notebook") -> dict:
    """The student notebook (a new dict) for one solution notebook dict."""
    solution = annotate(solution, where)
    cells, removed = [], set()
    for index, cell in enumerate(solution["cells"]):
        tags = cell.get("metadata", {}).get("tags", [])
        text = _source(cell)
        if SOLUTION_ONLY_TAG in tags:
            removed |= {ln.strip() for ln in text.split("\n") if len(ln.strip()) >= 12}
            continue
        new = {k: v for k, v in cell.items() if k not in ("outputs", "execution_count", "id")}
        new["metadata"] = {**cell.get("metadata", {}),
                           **_locks(cell.get("metadata", {}).get("nbgrader"))}
        removed |= _removed_lines(text)
        new["source"] = strip_source(text, cell["cell_type"], f"{where} cell {index}")
        if cell["cell_type"] == "code":
            new["outputs"] = []
            new["execution_count"] = None
        if index == 0 and cell["cell_type"] == "markdown":
            new["source"] = (new["source"].replace("Solutions", "Exercises")
                             .replace("练习解答", "练习").replace("解答", "练习"))
        if "id" in cell:
            new["id"] = cell["id"]
        cells.append(new)
    student = {k: v for k, v in solution.items() if k != "cells"}
    student["cells"] = cells
    _check_no_leak(student, removed, where)
    return student


def _check_no_leak(student: dict, removed: set[str], where: str) -> None:
    student_lines = set()
    for cell in student["cells"]:
        text = _source(cell)
        for marker in MARKERS:
            if marker in text:
                raise ExerciseBuildError(f"{where}: marker {marker!r} survived in the student copy")
        student_lines |= {ln.strip() for ln in text.split("\n")}
    leaked = sorted(removed & student_lines)
    if leaked:
        raise ExerciseBuildError(
            f"{where}: solution text appears outside the solution markers too, so the student "
            f"copy would reveal it: {leaked[0]!r}"
            + (f" (and {len(leaked) - 1} more)" if len(leaked) > 1 else "")
        )


def dumps(nb: dict) -> str:
    """Serialise like nbformat (indent 1, sorted keys, UTF-8 text, final newline)."""
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def exercise_name(solution_path: Path) -> str:
    name = solution_path.name
    if not name.endswith("_solutions.ipynb"):
        raise ExerciseBuildError(f"{solution_path}: solution notebooks must end in _solutions.ipynb")
    return name.replace("_solutions.ipynb", "_exercises.ipynb")


def _editions(solutions_dir: Path, exercises_dir: Path) -> list[tuple[Path, Path]]:
    """(solutions folder, exercises folder) for the English edition and, when present, zh."""
    pairs = [(solutions_dir, exercises_dir)]
    if (solutions_dir / "zh").is_dir() and any((solutions_dir / "zh").glob("*_solutions.ipynb")):
        pairs.append((solutions_dir / "zh", exercises_dir / "zh"))
    return pairs


def build(solutions_dir: str | Path = "solutions", exercises_dir: str | Path = "exercises",
          check: bool = False) -> list[Path]:
    """Write (or, with ``check=True``, compare) every exercise notebook; return their paths.

    Also writes the nbgrader metadata into the solution notebooks themselves. With
    ``solutions/zh/`` present, the Chinese edition is built into ``exercises/zh/`` the same way.
    With ``check=True`` nothing is written; an ``ExerciseBuildError`` lists stale files.
    """
    solutions_dir, exercises_dir = Path(solutions_dir), Path(exercises_dir)
    if not sorted(solutions_dir.glob("*_solutions.ipynb")):
        raise ExerciseBuildError(f"no *_solutions.ipynb in {solutions_dir}")
    written, stale, orphans = [], [], []
    for sol_dir, ex_dir in _editions(solutions_dir, exercises_dir):
        names = set()
        for src in sorted(sol_dir.glob("*_solutions.ipynb")):
            solution = json.loads(src.read_text(encoding="utf-8"))
            annotated = dumps(annotate(solution, str(src)))
            student = dumps(build_notebook(solution, str(src)))
            target = ex_dir / exercise_name(src)
            names.add(target.name)
            for path, text in ((src, annotated), (target, student)):
                current = path.read_text(encoding="utf-8") if path.exists() else None
                if current == text:
                    continue
                if check:
                    stale.append(str(path))
                else:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(text, encoding="utf-8")
            written.append(target)
        orphans += [str(p) for p in ex_dir.glob("*.ipynb") if p.name not in names]
    if check and (stale or orphans):
        raise ExerciseBuildError(
            "exercises/ (or the nbgrader metadata of solutions/) is out of date: "
            + ", ".join(stale + [f"{o} (no solution source)" for o in orphans])
            + ". Run: crm-lessons exercises build"
        )
    return written


__all__ = ["build", "build_notebook", "annotate", "check_calls", "strip_source",
           "ExerciseBuildError", "MARKERS", "CODE_STUB", "TEXT_STUB"]
