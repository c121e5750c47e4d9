"""Shared fixtures: the repository root and notebooks executed once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests check values, not speed: on a loaded 2-core machine a single example can take
# longer than hypothesis' default 200 ms deadline, which is not a failure of the property.
settings.register_profile("crm", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("crm")

ROOT = Path(__file__).resolve().parents[1]

# Report templates are run through papermill by the report tests, not collected by nbval.
collect_ignore_glob = ["../crm_lessons/reports/*.ipynb"]

os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


_EXECUTED: dict[str, object] = {}


def execute_notebook(relpath: str, timeout: int = 600):
    """Execute a repository notebook once per session (nbclient, in its own folder) and cache it."""
    if relpath not in _EXECUTED:
        import nbformat

        from crm_lessons._kernel import run_notebook

        path = ROOT / relpath
        # the project's runner: nbclient with the patient client (the plain one now and then
        # slept through a widget cell's reply and waited out the timeout; crm_lessons/_kernel.py)
        _EXECUTED[relpath] = run_notebook(nbformat.read(path, as_version=4), path.parent,
                                          timeout=timeout)
    return _EXECUTED[relpath]


def output_text(nb) -> str:
    """All text a reader sees in a notebook's outputs (stream, text/plain, text/html, markdown)."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out.get("text", ""))
            data = out.get("data", {})
            for mime in ("text/plain", "text/html", "text/markdown"):
                if mime in data:
                    value = data[mime]
                    parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


@pytest.fixture(scope="session")
def executed():
    """``executed("notebooks/03_customer_lifetime_value.ipynb")`` → (notebook, output text)."""

    def run(relpath: str):
        nb = execute_notebook(relpath)
        return nb, output_text(nb)

    return run
