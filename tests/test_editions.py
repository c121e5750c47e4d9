"""One structure, two languages: every English notebook has a Chinese twin in step with it.

For each notebook in ``notebooks/`` and ``solutions/`` its twin ``…/zh/<same name>`` must have the
same cells in the same order (same ids and types), code identical except ``crm.setup(lang="zh")``,
the same heading levels in each markdown cell, no cell left marked for translation, and Chinese
characters at least 60 % of the letters (CJK + Latin) of its markdown. The checks live in
``tools/zh_twin.py``, the tool translators use to start and re-sync a twin.

Chapters whose twin is still being written are listed in ``PENDING_ZH``; their test is expected to
fail (strict xfail), so an entry whose twin has arrived fails too and must be removed. The list is
emptied when every edition is in; a missing twin is never skipped.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

_spec = importlib.util.spec_from_file_location("zh_twin", ROOT / "tools" / "zh_twin.py")
zh_twin = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(zh_twin)

MIN_CJK_SHARE = 0.60

# English notebooks (relative to the repository) whose zh twin is not written yet.
PENDING_ZH: set[str] = set()


def _english():
    return sorted(p.relative_to(ROOT).as_posix()
                  for folder in ("notebooks", "solutions")
                  for p in (ROOT / folder).glob("*.ipynb") if not p.name.startswith("."))


def _param(rel: str):
    marks = [pytest.mark.xfail(strict=True, reason="zh twin pending (PENDING_ZH)")] \
        if rel in PENDING_ZH else []
    return pytest.param(rel, marks=marks, id=rel)


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def check_twin(rel: str) -> None:
    en_path = ROOT / rel
    zh_path = zh_twin.twin_path(en_path)
    assert zh_path.exists(), (f"{rel} has no Chinese twin {zh_path.relative_to(ROOT)}; start it with "
                              f"python tools/zh_twin.py {rel}")
    en, zh = _load(en_path), _load(zh_path)
    problems = zh_twin.drift(en, zh)
    assert not problems, f"{zh_path.relative_to(ROOT)} drifted from {rel}:\n" + "\n".join(problems)
    dirty = [c.get("id") for c in zh["cells"] if c["cell_type"] == "code"
             and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, f"{zh_path.relative_to(ROOT)}: cells {dirty} carry outputs; clear them"
    markdown = [zh_twin.source(c) for c in zh["cells"] if c["cell_type"] == "markdown"]
    share = zh_twin.cjk_share(markdown)
    assert share >= MIN_CJK_SHARE, (f"{zh_path.relative_to(ROOT)}: Chinese characters are "
                                    f"{share:.0%} of the letters in its markdown "
                                    f"(need ≥ {MIN_CJK_SHARE:.0%})")


@pytest.mark.parametrize("rel", [_param(rel) for rel in _english()])
def test_zh_twin_in_step(rel):
    check_twin(rel)


def test_pending_list_names_real_notebooks():
    assert PENDING_ZH <= set(_english()), sorted(PENDING_ZH - set(_english()))


def test_no_zh_notebook_without_an_english_one():
    for folder in ("notebooks", "solutions"):
        for path in (ROOT / folder / "zh").glob("*.ipynb"):
            assert (ROOT / folder / path.name).exists(), f"{path}: no English edition"


# --- the checks fail for the right reasons -------------------------------------------------------

def _pair():
    en = {"cells": [
        {"id": "a1", "cell_type": "markdown", "source": "# 02 · Title\n\nSome words.", "metadata": {}},
        {"id": "a2", "cell_type": "code", "source": "import crm_lessons as crm\ncrm.setup()",
         "metadata": {}, "outputs": [], "execution_count": None},
        {"id": "a3", "cell_type": "markdown", "source": "## 1 · Part\n### 1.1 · Sub", "metadata": {}},
        {"id": "a4", "cell_type": "code", "source": "x = crm.clv.annuity_factor(0.1, 20)",
         "metadata": {}, "outputs": [], "execution_count": None},
    ], "metadata": {}}
    zh = zh_twin.twin(en)
    zh["cells"][0]["source"] = "# 02 · 标题\n\n一些文字。"
    zh["cells"][2]["source"] = "## 1 · 部分\n### 1.1 · 小节"
    return en, zh


def test_a_faithful_twin_passes():
    en, zh = _pair()
    assert zh["cells"][1]["source"] == 'import crm_lessons as crm\ncrm.setup(lang="zh")'
    assert zh_twin.drift(en, zh) == []


@pytest.mark.parametrize("change, message", [
    (lambda zh: zh["cells"][3].update(source="x = crm.clv.annuity_factor(0.1, 25)"), "code differs"),
    (lambda zh: zh["cells"][1].update(source="import crm_lessons as crm\ncrm.setup()"),
     'lang="zh"'),
    (lambda zh: zh["cells"].reverse(), "another order"),
    (lambda zh: zh["cells"].pop(), "missing in zh"),
    (lambda zh: zh["cells"][2].update(source="## 1 · 部分\n#### 1.1 · 小节"), "heading levels"),
    (lambda zh: zh["cells"][2].update(cell_type="raw"), "markdown in English, raw in zh"),
    (lambda zh: zh["cells"][0].update(source=zh_twin.MARKER + "\n# 02 · Title"), "not translated"),
])
def test_drift_is_caught(change, message):
    en, zh = _pair()
    change(zh)
    assert any(message in p for p in zh_twin.drift(en, zh)), zh_twin.drift(en, zh)


def test_changing_one_code_cell_of_a_real_twin_fails(tmp_path, monkeypatch):
    """Edit one code cell in one edition of a committed pair: check_twin must fail."""
    done = [rel for rel in _english() if rel not in PENDING_ZH]
    assert done, "no zh twin is in yet"
    rel = done[-1]
    en = _load(ROOT / rel)
    code = next(c for c in en["cells"] if c["cell_type"] == "code"
                and "crm.setup" not in zh_twin.source(c))
    code["source"] = zh_twin.source(code) + "\n# edited in one edition only"
    (tmp_path / Path(rel).parent / "zh").mkdir(parents=True)
    (tmp_path / rel).write_text(json.dumps(en), encoding="utf-8")
    twin = zh_twin.twin_path(ROOT / rel)
    (tmp_path / Path(rel).parent / "zh" / twin.name).write_text(twin.read_text("utf-8"), "utf-8")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    with pytest.raises(AssertionError, match=re.escape(f"cell {code['id']}: code differs")):
        check_twin(rel)


def test_chinese_share_counts_prose_only():
    assert zh_twin.cjk_share(["客户生命周期 (customer lifecycle)"]) < MIN_CJK_SHARE
    assert zh_twin.cjk_share(["客户生命周期（customer lifecycle）是客户与企业关系的全过程，"
                              "从潜在客户期开始，到客户终止期结束。"]) >= MIN_CJK_SHARE
    assert zh_twin.cjk_share(["见 [第03章](03_customer_lifetime_value.ipynb) 与 `crm.clv`"]) == 1.0


def test_nav_cells_of_zh_notebooks_are_current():
    from crm_lessons.navigation import refresh

    paths = sorted([*ROOT.glob("notebooks/zh/*.ipynb"), *ROOT.glob("solutions/zh/*.ipynb")])
    assert refresh(paths, check=True) == [], "run: crm-lessons nav"


# the lectures' own words (../shared/lectures): what a zh edition must not say instead
NOT_THE_LECTURES_WORD = {
    "顾客": "客户",          # the lectures say 客户 throughout
    "精力成本": "体力成本",   # Kotler's delivered-value model: 货币/时间/体力/精神成本
    "盈亏平衡指数": "盈亏投资回报指数（可注明又称盈亏平衡指数）",
}


@pytest.mark.parametrize("path", sorted([*ROOT.glob("notebooks/zh/*.ipynb"),
                                         *ROOT.glob("solutions/zh/*.ipynb")]),
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_zh_editions_use_the_lectures_terms(path):
    text = "\n".join(zh_twin.source(c) for c in _load(path)["cells"] if c["cell_type"] == "markdown")
    for word, lecture in NOT_THE_LECTURES_WORD.items():
        # an alternative name may be given next to the lecture's, as the glossary does
        hits = [m.start() for m in re.finditer(word, text)
                if not (word == "盈亏平衡指数" and "盈亏投资回报指数" in text)]
        assert not hits, f"{path.name}: says {word!r}; the lectures say {lecture}"


def test_the_tools_examples_hold():
    import doctest

    result = doctest.testmod(zh_twin)
    assert result.attempted >= 5 and result.failed == 0
