"""Start or re-sync the Chinese twin of a notebook: ``notebooks/zh/`` next to ``notebooks/``.

The two editions share one structure: the same cells in the same order with the same ids, code
cells identical except the language passed to ``crm.setup(...)``, and the same heading levels in
each markdown cell (``tests/test_editions.py`` holds them to it). This tool does the mechanical
part so a translator only writes the Chinese prose:

    python tools/zh_twin.py notebooks/02_customer_lifecycle.ipynb        # → notebooks/zh/02_….ipynb
    python tools/zh_twin.py solutions/03_customer_lifetime_value_solutions.ipynb
    python tools/zh_twin.py --check notebooks/02_customer_lifecycle.ipynb   # list the drift, exit 1

* a new twin gets every cell of the English notebook (ids, metadata, code) with
  ``crm.setup(lang="zh")`` in the code, outputs cleared, the navigation cell reduced to its
  sentinel (``crm-lessons nav`` fills it), and each other markdown cell holding the English text
  under the marker ``<!-- zh: translate -->``, which the drift test refuses: replace the cell's text
  with Chinese and delete the marker;
* an existing twin is re-synced: cells follow the English order, code is copied again, markdown
  already written in Chinese is kept (matched by cell id), cells new in English arrive marked.

The functions here are also what the drift test uses, so the tool and the test agree.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

MARKER = "<!-- zh: translate -->"
NAV = "<!-- nav -->"
_SETUP = re.compile(r"\bcrm\.setup\(([^()]*)\)")
_LANG_ARG = re.compile(r"""\s*lang\s*=\s*(['"])[a-z]+\1\s*,?""")
_FENCE = re.compile(r"^(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
# not prose: link targets, HTML comments, inline code, display-math commands
_NOT_PROSE = re.compile(r"\]\([^)]*\)|<!--.*?-->|`[^`]*`|\\[A-Za-z]+", re.S)


def source(cell: dict) -> str:
    """A cell's source as one string (nbformat allows a list of lines)."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def neutral_setup(code: str) -> str:
    """The code with the language argument removed from every ``crm.setup(...)`` call.

    >>> neutral_setup('import crm_lessons as crm\\ncrm.setup(lang="zh", seed=3)')
    'import crm_lessons as crm\\ncrm.setup(seed=3)'
    """
    def strip(m: re.Match) -> str:
        args = _LANG_ARG.sub("", m.group(1)).strip().strip(",").strip()
        return f"crm.setup({args})"

    return _SETUP.sub(strip, code)


def zh_setup(code: str) -> str:
    """The code with ``lang="zh"`` as the first argument of every ``crm.setup(...)`` call.

    >>> zh_setup("crm.setup()"), zh_setup("crm.setup(seed=3)"), zh_setup("crm.setup(lang='en')")
    ('crm.setup(lang="zh")', 'crm.setup(lang="zh", seed=3)', 'crm.setup(lang="zh")')
    """
    def put(m: re.Match) -> str:
        rest = neutral_setup(m.group(0))[len("crm.setup("):-1]
        return f'crm.setup(lang="zh"{", " + rest if rest else ""})'

    return _SETUP.sub(put, code)


def setup_languages(code: str) -> list[str | None]:
    """The language each ``crm.setup(...)`` call in ``code`` asks for (None: the default, en).

    >>> setup_languages('crm.setup(lang="zh")\\ncrm.setup()')
    ['zh', None]
    """
    out = []
    for m in _SETUP.finditer(code):
        lang = re.search(r"""lang\s*=\s*(['"])([a-z]+)\1""", m.group(1))
        out.append(lang.group(2) if lang else None)
    return out


def heading_levels(markdown: str) -> list[int]:
    """The level of each Markdown heading (``## x`` → 2), outside fenced code.

    >>> heading_levels("# A\\ntext\\n## B\\n```\\n# not a heading\\n```\\n### C")
    [1, 2, 3]
    """
    levels, fenced = [], False
    for line in markdown.splitlines():
        if _FENCE.match(line.strip()):
            fenced = not fenced
        elif not fenced and (m := _HEADING.match(line)):
            levels.append(len(m.group(1)))
    return levels


def cjk_share(texts) -> float:
    """CJK characters ÷ (CJK characters + Latin letters) in the prose of ``texts``.

    Link targets, HTML comments, inline code and LaTeX commands are not prose and are not counted.
    Formula: n_cjk / (n_cjk + n_latin); 0.0 when there is neither.

    >>> round(cjk_share(["客户终生价值 (CLV)"]), 2)
    0.67
    >>> cjk_share(["[目录](00_start_here.ipynb)"])
    1.0
    """
    prose = _NOT_PROSE.sub(" ", "\n".join(texts))
    cjk, latin = len(_CJK.findall(prose)), len(_LATIN.findall(prose))
    return cjk / (cjk + latin) if cjk + latin else 0.0


def drift(en: dict, zh: dict) -> list[str]:
    """Every way the zh notebook ``zh`` departs from the structure of its English twin ``en``.

    Checks: the same cell ids in the same order, the same cell types, code identical after
    :func:`neutral_setup` with every ``crm.setup`` call of the zh edition asking for ``lang="zh"``,
    the same heading levels per markdown cell, and no markdown cell still marked for translation.
    An empty list means the editions are in step.
    """
    problems = []
    en_cells, zh_cells = en["cells"], zh["cells"]
    en_ids = [c.get("id") for c in en_cells]
    zh_ids = [c.get("id") for c in zh_cells]
    if en_ids != zh_ids:
        missing = [i for i in en_ids if i not in zh_ids]
        extra = [i for i in zh_ids if i not in en_ids]
        problems.append(f"cell ids differ: {len(en_ids)} English vs {len(zh_ids)} Chinese cells"
                        + (f"; missing in zh: {missing}" if missing else "")
                        + (f"; only in zh: {extra}" if extra else "")
                        + ("; same cells in another order" if not missing and not extra else ""))
    by_id = {c.get("id"): c for c in zh_cells}
    for a in en_cells:
        cid = a.get("id")
        if cid not in by_id:
            continue
        b = by_id[cid]
        if a["cell_type"] != b["cell_type"]:
            problems.append(f"cell {cid}: {a['cell_type']} in English, {b['cell_type']} in zh")
            continue
        if a["cell_type"] == "code":
            if neutral_setup(source(a)) != neutral_setup(source(b)):
                problems.append(f"cell {cid}: code differs from the English edition")
            bad = [lang for lang in setup_languages(source(b)) if lang != "zh"]
            if bad:
                problems.append(f'cell {cid}: crm.setup(...) must say lang="zh" in the zh edition')
        elif a["cell_type"] == "markdown":
            if MARKER in source(b):
                problems.append(f"cell {cid}: not translated yet ({MARKER})")
            if heading_levels(source(a)) != heading_levels(source(b)):
                problems.append(f"cell {cid}: heading levels {heading_levels(source(a))} in English,"
                                f" {heading_levels(source(b))} in zh")
    return problems


def twin(en: dict, zh: dict | None = None) -> dict:
    """The zh twin of ``en``: its structure and code, with Chinese markdown kept from ``zh``."""
    written = {}
    if zh is not None:
        written = {c.get("id"): c for c in zh["cells"]
                   if c["cell_type"] != "code" and MARKER not in source(c)}
    out = copy.deepcopy(en)
    if zh is not None:
        out["metadata"] = copy.deepcopy(zh.get("metadata", out["metadata"]))
    for cell in out["cells"]:
        text = source(cell)
        if cell["cell_type"] == "code":
            cell["source"] = zh_setup(text)
            cell["outputs"] = []
            cell["execution_count"] = None
        elif cell.get("id") in written and written[cell["id"]]["cell_type"] == cell["cell_type"]:
            cell["source"] = source(written[cell["id"]])
        elif text.startswith(NAV):
            cell["source"] = NAV
        else:
            cell["source"] = f"{MARKER}\n{text}"
    return out


def twin_path(path: Path) -> Path:
    """notebooks/02_x.ipynb → notebooks/zh/02_x.ipynb (solutions/ likewise)."""
    return path.parent / "zh" / path.name


def _dumps(nb: dict) -> str:
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("english", nargs="+", type=Path, help="English notebooks")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; print the drift of each existing twin, exit 1 if any")
    args = parser.parse_args(argv)
    status = 0
    for path in args.english:
        if path.parent.name == "zh":
            raise SystemExit(f"{path}: give the English notebook, not the zh twin")
        en = json.loads(path.read_text(encoding="utf-8"))
        target = twin_path(path)
        zh = json.loads(target.read_text(encoding="utf-8")) if target.exists() else None
        if args.check:
            problems = ["no zh twin"] if zh is None else drift(en, zh)
            for p in problems:
                print(f"{target}: {p}")
            status |= bool(problems)
            continue
        new = twin(en, zh)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_dumps(new), encoding="utf-8")
        todo = sum(MARKER in source(c) for c in new["cells"])
        print(f"{'synced' if zh else 'started'}: {target} ({todo} markdown cells to translate)")
    return status


if __name__ == "__main__":
    sys.exit(main())
