"""Build student exercise notebooks from the solution notebooks (the single source).

Solutions carry nbgrader-style markers inside cells::

    ### BEGIN SOLUTION
    answer = crm.clv.annuity_factor(0.10, 20)
    ### END SOLUTION

    ### BEGIN HIDDEN TESTS
    assert ...
    ### END HIDDEN TESTS

In the student copy a solution region becomes ``# YOUR CODE HERE`` + ``raise NotImplementedError()``
(in markdown cells: ``YOUR ANSWER HERE``), hidden-test regions vanish, cells tagged
``solution-only`` are dropped, outputs and execution counts are cleared, and "Solutions" in the
title cell becomes "Exercises". The build fails if any marker or any solution line survives.

>>> src = "x = 1\\n### BEGIN SOLUTION\\ny = x + 41\\n### END SOLUTION\\ncheck(y)"
>>> print(strip_source(src, "code"))
x = 1
# YOUR CODE HERE
raise NotImplementedError()
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
                replacement = [f"{indent}# YOUR CODE HERE", f"{indent}raise NotImplementedError()"]
            else:
                replacement = ["YOUR ANSWER HERE"]
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


def build_notebook(solution: dict, where: str = "notebook") -> dict:
    """The student notebook (a new dict) for one solution notebook dict."""
    cells, removed = [], set()
    for index, cell in enumerate(solution["cells"]):
        tags = cell.get("metadata", {}).get("tags", [])
        text = _source(cell)
        if SOLUTION_ONLY_TAG in tags:
            removed |= {ln.strip() for ln in text.split("\n") if len(ln.strip()) >= 12}
            continue
        new = {k: v for k, v in cell.items() if k not in ("outputs", "execution_count", "id")}
        new["metadata"] = dict(cell.get("metadata", {}))
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


def build(solutions_dir: str | Path = "solutions", exercises_dir: str | Path = "exercises",
          check: bool = False) -> list[Path]:
    """Write (or, with ``check=True``, compare) every exercise notebook; return their paths.

    With ``check=True`` nothing is written; an ``ExerciseBuildError`` lists stale files.
    """
    solutions_dir, exercises_dir = Path(solutions_dir), Path(exercises_dir)
    sources = sorted(solutions_dir.glob("*_solutions.ipynb"))
    if not sources:
        raise ExerciseBuildError(f"no *_solutions.ipynb in {solutions_dir}")
    written, stale = [], []
    for src in sources:
        student = build_notebook(json.loads(src.read_text(encoding="utf-8")), str(src))
        target = exercises_dir / exercise_name(src)
        text = dumps(student)
        if check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(str(target))
        else:
            exercises_dir.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        written.append(target)
    if check:
        known = {p.name for p in written}
        orphans = [str(p) for p in exercises_dir.glob("*.ipynb") if p.name not in known]
        if stale or orphans:
            raise ExerciseBuildError(
                "exercises/ is out of date with solutions/: "
                + ", ".join(stale + [f"{o} (no solution source)" for o in orphans])
                + ". Run: crm-lessons exercises build"
            )
    return written


__all__ = ["build", "build_notebook", "strip_source", "ExerciseBuildError", "MARKERS"]
