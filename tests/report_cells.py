"""Execute the customer report template's code cells in this process (no kernel, no HTML).

The report kernel reads the checked data with ``customer_id`` as a categorical; pandas has
rough edges there (an empty group-by on a categorical key returns an index with 8-bit codes,
which then cannot be aligned with one of 16-bit codes). Running every cell on edge-case files
of a few hundred or tens of thousands of customers finds such failures in seconds.
"""

from __future__ import annotations

import json
from pathlib import Path

from crm_lessons.reports import runner


def run_cells(data: Path, workdir: Path, **params) -> dict:
    """Check ``data`` as ``crm-lessons report`` does, then run each code cell of the customer
    template on it; returns the cells' namespace (``tx``, ``scores``, ``customers`` …)."""
    given = runner.resolve_parameters("customer", {"data_path": str(data), **params})
    checked = runner.check_data(given, workdir)
    notebook = json.loads(runner.template_path("customer").read_text(encoding="utf-8"))
    namespace: dict = {}
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    exec("".join(cells[0]["source"]), namespace)          # the parameters cell: defaults …
    namespace.update(checked)                              # … then what papermill would inject
    namespace["customers_file"] = str(workdir / "customers.csv")
    quiet = {"display": lambda *a, **k: None, "show": lambda *a, **k: None}
    for cell in cells[1:]:
        source = "".join(cell["source"])
        source = source.replace("from IPython.display import Markdown, display",
                                "from IPython.display import Markdown")
        source = source.replace("from crm_lessons.widgets import show", "")
        namespace.update(quiet)
        code = compile(source, f"<cell {cell.get('id', '?')}>", "exec")
        exec(code, namespace)
    import matplotlib.pyplot as plt

    plt.close("all")                                        # nobody shows these figures
    return namespace
