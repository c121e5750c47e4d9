"""``crm-lessons book``: the student's site by default (no solutions, no links to them), the
instructor's with ``--with-solutions``, the Chinese edition with ``--lang zh``."""

from __future__ import annotations

import re
import shutil

import pytest

from crm_lessons import book
from crm_lessons.cli import main
from crm_lessons.navigation import CHAPTERS, contents_table

from .conftest import ROOT

# two chapters keep the rendering quick; every page type (index, chapter, exercise) is covered
SOME = CHAPTERS[:2]


def _pages(site):
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in site.rglob("*.html")}


def _solution_links(text):
    return re.findall(r'href="[^"]*solution[^"]*"', text)


def test_student_site_has_no_solution_page_and_no_link_to_one(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(book, "CHAPTERS", SOME)
    assert main(["book", "--root", str(ROOT), "--out", str(tmp_path / "site"),
                 "--no-execute"]) == 0
    assert "student's site" in capsys.readouterr().out
    pages = _pages(tmp_path / "site")
    assert "index.html" in pages and "exercises/01_relationship_marketing_exercises.html" in pages
    assert not [p for p in pages if "solution" in p]
    leaks = {p: _solution_links(t) for p, t in pages.items() if _solution_links(t)}
    assert not leaks
    assert 'href="exercises/00_start_here_exercises.html"' in pages["index.html"]


def test_instructor_site_adds_the_solutions(tmp_path, monkeypatch):
    monkeypatch.setattr(book, "CHAPTERS", SOME)
    site = tmp_path / "site"
    book.build_book(ROOT, site, progress=False, execute=False, with_solutions=True)
    pages = _pages(site)
    assert "solutions/01_relationship_marketing_solutions.html" in pages
    assert 'href="solutions/01_relationship_marketing_solutions.html"' in pages["index.html"]
    # building the student's site into the same folder removes the solutions again
    book.build_book(ROOT, site, progress=False, execute=False)
    assert not [p for p in _pages(site) if "solution" in p]


def test_chinese_edition_gets_a_chinese_index(tmp_path, monkeypatch):
    monkeypatch.setattr(book, "CHAPTERS", SOME)
    with pytest.raises(FileNotFoundError, match="notebooks/zh|Chinese edition"):
        book.build_book(tmp_path, tmp_path / "site", progress=False, execute=False, lang="zh")
    for folder in ("notebooks", "exercises"):
        (tmp_path / folder / "zh").mkdir(parents=True)
        for path in (ROOT / folder).glob("*.ipynb"):
            shutil.copy(path, tmp_path / folder / "zh" / path.name)
    index = book.build_book(tmp_path, tmp_path / "site", progress=False, execute=False,
                            lang="zh")
    text = index.read_text(encoding="utf-8")
    assert "lang='zh-CN'" in text and "章节" in text and "练习" in text
    assert f">{SOME[1].title_zh}</a>" in text
    assert (tmp_path / "site" / "exercises" / SOME[1].exercises.replace(".ipynb", ".html")).exists()


def test_relinking_handles_both_editions_and_strips_solution_links():
    page = ('<a href="../../exercises/zh/03_customer_lifetime_value_exercises.ipynb">练习</a>'
            '<a href="../solutions/03_customer_lifetime_value_solutions.ipynb">solutions</a>')
    linked = book._relink(page, "")
    assert 'href="exercises/03_customer_lifetime_value_exercises.html"' in linked
    assert book.strip_solution_links(linked).endswith("练习</a>solutions")


def test_contents_table_links_solutions_only_when_asked():
    student = contents_table().data
    assert "exercises" in student and "solution" not in student
    assert "../solutions/03_customer_lifetime_value_solutions.ipynb" in contents_table(
        solutions=True).data
    zh = contents_table(lang="zh").data
    assert "../../exercises/zh/03_customer_lifetime_value_exercises.ipynb" in zh and "练习" in zh
