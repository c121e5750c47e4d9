"""``crm-lessons book``: execute every chapter and write a static HTML site with working links.

By default the site is the **student's**: the executed chapters and the exercise notebooks (as they
are, not executed), with no solution page and no link to one — it can be posted on a course page.
``--with-solutions`` builds the **instructor's** site, which adds the solution notebooks and links
them from the index. ``--lang zh`` builds the Chinese edition from ``notebooks/zh/`` and
``exercises/zh/`` (``solutions/zh/``) with a Chinese index. Links to ``*.ipynb`` files are rewritten
to the matching ``*.html`` pages of the site; in the student's site any link that would still lead
to a solution is reduced to its text.
"""

from __future__ import annotations

import argparse
import html
import re
import time
from pathlib import Path

from .cli import command
from .navigation import CHAPTERS

_LINK = re.compile(r'href="(?P<prefix>(?:\.\./)*(?:(?:notebooks|exercises|solutions)/)?(?:zh/)?)'
                   r'(?P<name>[\w\-]+)\.ipynb(?P<anchor>#[^"]*)?"')
_SOLUTION_ANCHOR = re.compile(r'<a\b[^>]*href="[^"]*(?:solutions/|_solutions\b)[^"]*"[^>]*>(.*?)</a>',
                              re.S)

_INDEX_TEXT = {
    "en": {"lang": "en", "intro": "Executed chapters of the course, with figures. Open a chapter "
                                  "to read it; run the notebooks themselves to move the sliders "
                                  "and to check your exercises.",
           "instructor": " Instructor's copy: the solutions are included.",
           "head": ("#", "chapter", "章节", "practice"), "exercises": "exercises",
           "solutions": "solutions"},
    "zh": {"lang": "zh-CN", "intro": "本课程各章的运行结果（含图表）。点击章节即可阅读；要拖动滑块、"
                                     "核对练习答案，请在 Jupyter 中运行笔记本本身。",
           "instructor": " 教师版：包含练习解答。",
           "head": ("#", "章节", "chapter", "练习"), "exercises": "练习", "solutions": "解答"},
}


def _relink(page: str, folder: str) -> str:
    """Point notebook links at site pages; ``folder`` is where the page lives ("" = site root)."""

    def repl(m: re.Match) -> str:
        prefix, name, anchor = m["prefix"], m["name"], m["anchor"] or ""
        target = ("exercises/" if "exercises/" in prefix or name.endswith("_exercises") else
                  "solutions/" if "solutions/" in prefix or name.endswith("_solutions") else "")
        up = "../" if folder else ""
        return f'href="{up}{target}{name}.html{anchor}"'

    return _LINK.sub(repl, page)


def strip_solution_links(page: str) -> str:
    """Replace every link to a solution page by its text (the student's site has none).

    >>> strip_solution_links('see <a href="solutions/03_x_solutions.html">solutions</a>.')
    'see solutions.'
    """
    return _SOLUTION_ANCHOR.sub(lambda m: m[1], page)


def _export(nb, path: Path, folder: str, with_solutions: bool) -> None:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nb)
    page = _relink(body, folder)
    if not with_solutions:
        page = strip_solution_links(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")


def _edition_dirs(root: Path, lang: str) -> tuple[Path, Path, Path]:
    """(notebooks, exercises, solutions) folders of the edition."""
    if lang == "zh":
        if not any((root / "notebooks" / "zh").glob("*.ipynb")):
            raise FileNotFoundError(
                f"lang='zh': no Chinese edition in {root / 'notebooks' / 'zh'} "
                "(build it first, or drop --lang zh for the English book)")
        return (root / "notebooks" / "zh", root / "exercises" / "zh", root / "solutions" / "zh")
    if lang != "en":
        raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
    return root / "notebooks", root / "exercises", root / "solutions"


def build_book(root: str | Path = ".", out: str | Path = "site", progress: bool = True,
               execute: bool = True, with_solutions: bool = False, lang: str = "en") -> Path:
    """Write ``out/index.html`` and one page per chapter and exercise notebook; return index.

    ``with_solutions=True`` adds the solution pages and their links (the instructor's site).
    """
    import nbformat
    from tqdm.auto import tqdm

    from ._kernel import run_notebook

    root, out = Path(root), Path(out)
    chapters_dir, exercises_dir, solutions_dir = _edition_dirs(root, lang)
    notebooks = [chapters_dir / ch.notebook for ch in CHAPTERS]
    missing = [str(p) for p in notebooks if not p.exists()]
    if missing:
        raise FileNotFoundError(f"chapter notebooks not found: {', '.join(missing)} "
                                f"(run crm-lessons book from the project folder or pass --root)")
    text = _INDEX_TEXT[lang]
    out.mkdir(parents=True, exist_ok=True)
    if not with_solutions and (out / "solutions").exists():
        import shutil

        shutil.rmtree(out / "solutions")  # an earlier instructor's build into the same folder
    practice_dirs = [("exercises", exercises_dir, lambda ch: ch.exercises)]
    if with_solutions:
        practice_dirs.append(("solutions", solutions_dir, lambda ch: ch.solutions))
    rows = []
    for ch, path in tqdm(list(zip(CHAPTERS, notebooks, strict=True)), desc="chapters",
                         unit="chapter", disable=not progress):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        if execute:
            run_notebook(nb, path.parent, timeout=600)  # the patient client (_kernel.py)
        _export(nb, out / f"{path.stem}.html", "", with_solutions)
        practice = []
        for folder, source_dir, name in practice_dirs:
            src = source_dir / name(ch)
            if src.exists():
                _export(nbformat.read(src, as_version=4), out / folder / f"{src.stem}.html",
                        folder, with_solutions)
                practice.append(f'<a href="{folder}/{src.stem}.html">{text[folder]}</a>')
        rows.append((ch, " · ".join(practice), time.perf_counter() - start))
    first, second = ((lambda c: c.title_zh), (lambda c: c.title)) if lang == "zh" else (
        (lambda c: c.title), (lambda c: c.title_zh))
    items = "\n".join(
        f'<tr><td>{ch.number}</td><td><a href="{Path(ch.notebook).stem}.html">'
        f"{html.escape(first(ch))}</a></td><td>{html.escape(second(ch))}</td>"
        f"<td>{practice}</td></tr>"
        for ch, practice, _ in rows)
    head = "".join(f"<th>{h}</th>" for h in text["head"])
    intro = text["intro"] + (text["instructor"] if with_solutions else "")
    index = out / "index.html"
    index.write_text(
        f"<!DOCTYPE html><html lang='{text['lang']}'><head><meta charset='utf-8'>"
        "<title>crm-lessons · 客户关系管理</title>"
        "<style>body{font-family:sans-serif;max-width:52em;margin:2em auto;line-height:1.5}"
        "td{padding:.3em .8em}</style></head><body>"
        f"<h1>{'客户关系管理 · crm-lessons' if lang == 'zh' else 'crm-lessons · 客户关系管理'}</h1>"
        f"<p>{html.escape(intro)}</p>"
        f"<table><tr>{head}</tr>{items}"
        "</table></body></html>\n", encoding="utf-8")
    return index


def _book_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default="site", metavar="DIR", help="output folder (default site/)")
    p.add_argument("--root", default=".", metavar="DIR", help="project folder (default: here)")
    p.add_argument("--no-execute", action="store_true",
                   help="render the notebooks as they are, without running them")
    p.add_argument("--with-solutions", action="store_true",
                   help="the instructor's site: add the solution notebooks and link them "
                        "(default: the student's site, no solutions)")
    p.add_argument("--lang", choices=["en", "zh"], default="en",
                   help="edition: en (notebooks/) or zh (notebooks/zh/, Chinese index)")


@command("book", "execute every chapter and write a static HTML site (the student's, by default)")(
    _book_args)
def _run_book(args: argparse.Namespace) -> int:
    index = build_book(args.root, args.out, execute=not args.no_execute,
                       with_solutions=args.with_solutions, lang=args.lang)
    kind = "instructor's site, with solutions" if args.with_solutions else "student's site"
    print(f"Book written to: {index.resolve()} ({kind})")
    return 0
