"""``crm-lessons book``: execute every chapter and write a static HTML site with working links.

Chapters are executed (figures visible without running anything); exercises and solutions are
rendered as they are (not executed), so the contents table's practice links work too. Links to
``*.ipynb`` files are rewritten to the matching ``*.html`` pages of the site.
"""

from __future__ import annotations

import argparse
import html
import re
import time
from pathlib import Path

from .cli import command
from .navigation import CHAPTERS

_LINK = re.compile(r'href="(?P<prefix>(?:\.\./)?(?:notebooks/|exercises/|solutions/)?)'
                   r'(?P<name>[\w\-]+)\.ipynb(?P<anchor>#[^"]*)?"')


def _relink(page: str, folder: str) -> str:
    """Point notebook links at site pages; ``folder`` is where the page lives ("" = site root)."""

    def repl(m: re.Match) -> str:
        prefix, name, anchor = m["prefix"], m["name"], m["anchor"] or ""
        target = ("exercises/" if "exercises/" in prefix or name.endswith("_exercises") else
                  "solutions/" if "solutions/" in prefix or name.endswith("_solutions") else "")
        up = "../" if folder else ""
        return f'href="{up}{target}{name}.html{anchor}"'

    return _LINK.sub(repl, page)


def _export(nb, path: Path, folder: str) -> None:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nb)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_relink(body, folder), encoding="utf-8")


def build_book(root: str | Path = ".", out: str | Path = "site", progress: bool = True,
               execute: bool = True) -> Path:
    """Write ``out/index.html`` and one page per chapter, exercise and solution; return index."""
    import nbformat
    from tqdm.auto import tqdm

    from ._kernel import run_notebook

    root, out = Path(root), Path(out)
    notebooks = [root / "notebooks" / ch.notebook for ch in CHAPTERS]
    missing = [str(p) for p in notebooks if not p.exists()]
    if missing:
        raise FileNotFoundError(f"chapter notebooks not found: {', '.join(missing)} "
                                f"(run crm-lessons book from the project folder or pass --root)")
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for ch, path in tqdm(list(zip(CHAPTERS, notebooks, strict=True)), desc="chapters",
                         unit="chapter", disable=not progress):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        if execute:
            run_notebook(nb, path.parent, timeout=600)  # the patient client (_kernel.py)
        _export(nb, out / f"{path.stem}.html", "")
        practice = []
        for folder, name in (("exercises", ch.exercises), ("solutions", ch.solutions)):
            src = root / folder / name
            if src.exists():
                _export(nbformat.read(src, as_version=4), out / folder / f"{src.stem}.html",
                        folder)
                practice.append(f'<a href="{folder}/{src.stem}.html">{folder}</a>')
        rows.append((ch, " · ".join(practice), time.perf_counter() - start))
    items = "\n".join(
        f'<tr><td>{ch.number}</td><td><a href="{Path(ch.notebook).stem}.html">'
        f"{html.escape(ch.title)}</a></td><td>{html.escape(ch.title_zh)}</td>"
        f"<td>{practice}</td></tr>"
        for ch, practice, _ in rows)
    index = out / "index.html"
    index.write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>crm-lessons · 客户关系管理</title>"
        "<style>body{font-family:sans-serif;max-width:52em;margin:2em auto;line-height:1.5}"
        "td{padding:.3em .8em}</style></head><body>"
        "<h1>crm-lessons · 客户关系管理</h1><p>Executed chapters of the course, with figures. "
        "Open a chapter to read it; run the notebooks themselves to move the sliders.</p>"
        f"<table><tr><th>#</th><th>chapter</th><th>章节</th><th>practice</th></tr>{items}"
        "</table></body></html>\n", encoding="utf-8")
    return index


def _book_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default="site", metavar="DIR", help="output folder (default site/)")
    p.add_argument("--root", default=".", metavar="DIR", help="project folder (default: here)")
    p.add_argument("--no-execute", action="store_true",
                   help="render the notebooks as they are, without running them")


@command("book", "execute every chapter and write a static HTML site (index + chapters)")(
    _book_args)
def _run_book(args: argparse.Namespace) -> int:
    index = build_book(args.root, args.out, execute=not args.no_execute)
    print(f"Book written to: {index.resolve()}")
    return 0
