"""Write a notebook from a percent-format script (``# %%`` code cells, ``# %% [markdown]`` cells).

A convenience for authors: ``python tools/percent2ipynb.py draft.py notebooks/03_x.ipynb``.
The .ipynb is the source of truth that is committed; drafts are not. Markdown cells are written as
comment lines (``# text``) and un-commented here; cell ids are derived from the file name and cell
position, so rebuilding gives the same bytes. A line ``# tags: a, b`` right after the cell marker sets
cell tags (e.g. ``solution-only``, ``nbval-ignore-output``).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python", "pygments_lexer": "ipython3"},
}


def parse(text: str) -> list[tuple[str, str, list[str]]]:
    cells: list[tuple[str, list[str], list[str]]] = []
    for line in text.splitlines():
        m = re.match(r"^# %%(.*)$", line)
        if m:
            kind = "markdown" if "[markdown]" in m.group(1) else "code"
            cells.append((kind, [], []))
            continue
        if not cells:
            continue
        kind, lines, tags = cells[-1]
        if not lines and line.startswith("# tags:"):
            tags.extend(t.strip() for t in line[len("# tags:"):].split(",") if t.strip())
            continue
        if kind == "markdown":
            line = line[2:] if line.startswith("# ") else line[1:] if line.startswith("#") else line
        lines.append(line)
    out = []
    for kind, lines, tags in cells:
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        out.append((kind, "\n".join(lines), tags))
    return out


def build(text: str, name: str) -> dict:
    cells = []
    for i, (kind, source, tags) in enumerate(parse(text)):
        cid = hashlib.sha1(f"{name}:{i}".encode()).hexdigest()[:8]
        cell = {"cell_type": kind, "id": cid, "metadata": {"tags": tags} if tags else {},
                "source": source}
        if kind == "code":
            cell["execution_count"] = None
            cell["outputs"] = []
        cells.append(cell)
    return {"cells": cells, "metadata": METADATA, "nbformat": 4, "nbformat_minor": 5}


def main(argv: list[str]) -> None:
    src, dst = Path(argv[0]), Path(argv[1])
    nb = build(src.read_text(encoding="utf-8"), dst.stem)
    dst.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    print(f"wrote {dst} ({len(nb['cells'])} cells)")


if __name__ == "__main__":
    main(sys.argv[1:])
