"""The chapter list and the navigation line (prev | contents | next) of every notebook.

The navigation cell is a markdown cell whose first line is the sentinel ``<!-- nav -->``;
``refresh()`` rewrites those cells from :data:`CHAPTERS`, so renaming or adding a chapter is one edit.

>>> print(nav_markdown("03_customer_lifetime_value.ipynb").splitlines()[1])
[← 02 · The customer lifecycle](02_customer_lifecycle.ipynb) | [Contents · 目录](00_start_here.ipynb) | [04 · Satisfaction, the satisfaction trap and retention →](04_satisfaction_loyalty.ipynb)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

SENTINEL = "<!-- nav -->"


@dataclass(frozen=True)
class Chapter:
    number: str
    slug: str
    title: str
    title_zh: str
    module: str | None

    @property
    def notebook(self) -> str:
        return f"{self.number}_{self.slug}.ipynb"

    @property
    def solutions(self) -> str:
        return f"{self.number}_{self.slug}_solutions.ipynb"

    @property
    def exercises(self) -> str:
        return f"{self.number}_{self.slug}_exercises.ipynb"


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("00", "start_here", "Start here", "从这里开始", None),
    Chapter("01", "relationship_marketing", "Relationship marketing and its value",
            "关系营销与价值测定", "value"),
    Chapter("02", "customer_lifecycle", "The customer lifecycle", "客户生命周期", "lifecycle"),
    Chapter("03", "customer_lifetime_value", "Customer lifetime value and the customer pyramid",
            "客户终生价值与客户金字塔", "clv"),
    Chapter("04", "satisfaction_loyalty", "Satisfaction, the satisfaction trap and retention",
            "客户满意、满意陷阱与客户维持", "satisfaction"),
    Chapter("05", "segmentation_rfm", "Customer segmentation and RFM", "客户细分与RFM分析", "rfm"),
    Chapter("06", "customer_intelligence", "Customer intelligence and customer knowledge",
            "客户智能与客户知识", "knowledge"),
    Chapter("07", "probabilistic_clv", "Will this customer buy again? BG/NBD and per-customer CLV",
            "客户会再次购买吗？BG/NBD 与个体客户终生价值", "btyd"),
)


def chapter(key: str) -> Chapter:
    """Look a chapter up by number ("03"), slug or notebook/solution/exercise file name."""
    for ch in CHAPTERS:
        if key in (ch.number, ch.slug, ch.notebook, ch.solutions, ch.exercises) or (
            key.isdigit() and int(key) == int(ch.number)
        ):
            return ch
    raise ValueError(
        f"unknown chapter {key!r}; expected one of {', '.join(c.number for c in CHAPTERS)}"
    )


def nav_markdown(filename: str, folder: str = "notebooks", lang: str = "en") -> str:
    """The navigation cell's markdown for a notebook in ``folder`` (notebooks/solutions/exercises).

    ``lang="zh"`` is for the Chinese edition (``notebooks/zh/`` …): Chinese titles, links within
    ``notebooks/zh``.

    >>> print(nav_markdown("02_customer_lifecycle.ipynb", lang="zh").splitlines()[1])
    [← 01 · 关系营销与价值测定](01_relationship_marketing.ipynb) | [目录](00_start_here.ipynb) | [03 · 客户终生价值与客户金字塔 →](03_customer_lifetime_value.ipynb)
    >>> print(nav_markdown("02_customer_lifecycle_solutions.ipynb", "solutions", "zh").splitlines()[1])
    [← 第02章 · 客户生命周期](../../notebooks/zh/02_customer_lifecycle.ipynb) | [目录](../../notebooks/zh/00_start_here.ipynb)
    """
    if lang not in ("en", "zh"):
        raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
    zh = lang == "zh"
    ch = chapter(filename)
    index = CHAPTERS.index(ch)

    def title(c: Chapter) -> str:
        return c.title_zh if zh else c.title

    if folder == "notebooks":
        prefix = ""
    else:
        prefix = "../../notebooks/zh/" if zh else "../notebooks/"
    contents = f"[{'目录' if zh else 'Contents · 目录'}]({prefix}{CHAPTERS[0].notebook})"
    parts = []
    if folder == "notebooks":
        if index > 0:
            prev = CHAPTERS[index - 1]
            parts.append(f"[← {prev.number} · {title(prev)}]({prev.notebook})")
        parts.append(contents)
        if index + 1 < len(CHAPTERS):
            nxt = CHAPTERS[index + 1]
            parts.append(f"[{nxt.number} · {title(nxt)} →]({nxt.notebook})")
    else:
        back = f"第{ch.number}章" if zh else f"Chapter {ch.number}"
        parts.append(f"[← {back} · {title(ch)}]({prefix}{ch.notebook})")
        parts.append(contents)
    return SENTINEL + "\n" + " | ".join(parts)


def refresh(paths, check: bool = False) -> list[str]:
    """Rewrite the navigation cell of each notebook; return the files that changed (or would).

    A notebook in a ``zh`` folder (``notebooks/zh/``, ``solutions/zh/``) gets the Chinese line.
    """
    from .exercises import dumps

    changed = []
    for path in map(Path, paths):
        nb = json.loads(path.read_text(encoding="utf-8"))
        lang = "zh" if path.parent.name == "zh" else "en"
        home = path.parent.parent if lang == "zh" else path.parent
        folder = home.name if home.name in ("solutions", "exercises") else "notebooks"
        want = nav_markdown(path.name, folder, lang)
        cells = [c for c in nb["cells"] if c["cell_type"] == "markdown"
                 and "".join(c["source"]).startswith(SENTINEL)]
        if not cells:
            raise ValueError(f"{path}: no navigation cell (a markdown cell starting {SENTINEL!r})")
        for cell in cells:
            if "".join(cell["source"]) != want:
                cell["source"] = want
                changed.append(str(path))
        if changed and changed[-1] == str(path) and not check:
            path.write_text(dumps(nb), encoding="utf-8")
    return sorted(set(changed))


def contents_table(solutions: bool = False, lang: str | None = None):
    """The chapter map as a Markdown table: links to the chapters and their exercises.

    Students get no links to the solutions; ``solutions=True`` adds them (the instructor's copy).
    In Chinese (``lang="zh"``, or the session language set by ``crm.setup(lang="zh")``) the table
    is for ``notebooks/zh/`` and links the Chinese exercises (and solutions).

    >>> print(contents_table().data.splitlines()[2])
    | 00 | [Start here](00_start_here.ipynb) | 从这里开始 | [exercises](../exercises/00_start_here_exercises.ipynb) |
    """
    from IPython.display import Markdown

    from ._config import get_language

    lang = lang or get_language()
    if lang not in ("en", "zh"):
        raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
    if lang == "zh":
        rows = ["| 章 | 章节 | English | 练习 |", "|---|---|---|---|"]
    else:
        rows = ["| # | chapter | 章节 | practice |", "|---|---|---|---|"]
    for ch in CHAPTERS:
        if lang == "zh":
            practice = f"[练习](../../exercises/zh/{ch.exercises})"
            if solutions:
                practice += f" · [参考答案](../../solutions/zh/{ch.solutions})"
            rows.append(f"| {ch.number} | [{ch.title_zh}]({ch.notebook}) | {ch.title} | "
                        f"{practice} |")
        else:
            practice = f"[exercises](../exercises/{ch.exercises})"
            if solutions:
                practice += f" · [solutions](../solutions/{ch.solutions})"
            rows.append(f"| {ch.number} | [{ch.title}]({ch.notebook}) | {ch.title_zh} | "
                        f"{practice} |")
    return Markdown("\n".join(rows))


__all__ = ["CHAPTERS", "Chapter", "chapter", "nav_markdown", "refresh", "SENTINEL",
           "contents_table"]
