"""Fidelity: chapter 04 executes and shows the lecture's numbers (LECTURE_FACTS §6–7)."""

from __future__ import annotations

import re

import pytest

import crm_lessons as crm
from crm_lessons import satisfaction as sat

NOTEBOOK = "notebooks/04_satisfaction_loyalty.ipynb"


@pytest.fixture(scope="module")
def chapter(executed):
    return executed(NOTEBOOK)


def test_runs_without_errors_or_missing_glyphs(chapter):
    nb, text = chapter
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors[0].get("evalue") if errors else ""
    assert "Glyph" not in text and "Traceback" not in text


def test_kotler_table_and_the_three_states(chapter):
    _, text = chapter
    for state in sat.STATES:
        assert state in text
    counts = sat.expectation_table(crm.datasets.load_survey(), tolerance=0.5)["customers"]
    for state in sat.STATES:  # a row of the table with ± 0.5 points: "satisfied   278   0.35 …"
        assert re.search(rf"^{state}\s+{counts[state]}\s+{counts[state] / counts.sum():.2f}\s",
                         text, flags=re.M), state


def test_reichheld_sasser_and_the_lectures_70_percent(chapter):
    _, text = chapter
    assert "profit +25% to +85%" in text
    assert "85%" in text and "bank branch deposits" in text
    assert "+70% for financial institutions" in text
    assert "churn 10% → 10 years; churn 5% → 20 years" in text


def test_jones_sasser_six_times_and_false_loyalty(chapter):
    _, text = chapter
    assert "a 5 is 6.0 times as loyal as a 4" in text
    assert "70% stay (false loyalty)" in text
    assert "90.0%" in text and "15.0%" in text  # loyalty of 5s and 4s on the competitive curve
    for zone in ("zone of defection", "zone of indifference", "zone of affection"):
        assert zone in text


def test_basic_versus_latent_expectations(chapter):
    _, text = chapter
    ceiling = sat.expectation_loyalty(5, 5)["basic_ceiling"]
    assert f"ceiling {ceiling:.1%}" in text and "fully met: 95%" in text


def test_the_trap_in_the_bundled_data(chapter):
    _, text = chapter
    trap = sat.trap_summary(crm.datasets.load_survey())
    assert f"5s repurchased {trap['ratio_5_vs_4']:.2f} times as often as 4s" in text
    assert f"{trap['defect_share_4']:.0%} did not buy again" in text
    assert "Xerox: six times" in text


def test_priority_list_and_panels(chapter):
    nb, text = chapter
    assert "top 10% by priority" in text and "value at risk" in text
    widgets = [c for c in nb.cells if c.cell_type == "code" and "panels." in c.source]
    assert len(widgets) >= 3
    assert all("interactive" in "".join(o.get("data", {}).get("text/plain", ""))
               for c in widgets for o in c.outputs if o.get("output_type") == "display_data")


def test_the_prose_claims_hold_for_the_bundled_data(chapter):
    """The notebook's sentences about the data are true for the data it ships with."""
    _, text = chapter
    survey = crm.datasets.load_survey()
    tx = crm.datasets.load_transactions()
    kotler = sat.expectation_table(survey, tolerance=0.5)
    assert kotler.loc["delighted", "repurchase_rate"] > 2 * kotler.loc["satisfied", "repurchase_rate"]
    rate = sat.repurchase_by_score(survey)["repurchase_rate"]
    assert abs(rate[4] - rate[3]) < abs(rate[5] - rate[4])  # a 4 is more like a 3 than a 5
    trap = sat.trap_summary(survey)
    assert abs(trap["ratio_5_vs_4"] - 6) > 0.5  # "not Xerox's six"
    assert trap["defectors_satisfied_share"] >= 0.3  # "many of its lost customers"
    stages = crm.lifecycle.assign_stages(tx, crm.datasets.SURVEY_DATE)
    by_stage = sat.trap_by(survey.join(stages, on="customer_id"), "stage")
    big = by_stage[by_stage["customers"] >= 30]
    assert big["mean_satisfaction"].idxmax() == "maturity" == big["repurchase_rate"].idxmax()
    decline = by_stage.loc["decline"]
    assert decline["satisfied_share"] >= 0.3 and decline["repurchase_rate"] <= 0.15
    assert f"in decline: {decline['satisfied_share']:.0%} call themselves satisfied" in text
    degrees = sat.three_degrees(survey, tx, crm.datasets.SURVEY_DATE)
    means = degrees.groupby("satisfaction")[["retention", "contribution"]].mean()
    assert (means.loc[5] > means.loc[1]).all()  # the three degrees move together
    top = len(degrees) // 10
    lost = 1 - sat.retention_priority(degrees)["repurchased"].head(top).mean()
    lost_by_value = 1 - sat.retention_priority(degrees, (0, 0, 1))["repurchased"].head(top).mean()
    assert lost > 1 - degrees["repurchased"].mean() > lost_by_value


# ---------------------------------------------------------------- issue 17 corrections

def _markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_lecture_wording_then_what_the_source_measured(chapter):
    """#12: the lecture's sentence first, then Reichheld & Sasser's defection-rate measure."""
    md = _markdown(chapter[0])
    lecture = md.index("客户忠诚度提高5%")
    source = md.index("5 percentage points lower")
    assert lecture < source and "net present value" in md[source - 400:source + 200]


def test_tolerance_is_said_to_be_ours(chapter):
    md = _markdown(chapter[0])
    assert "The lecture's table has no tolerance" in md and "*our* addition" in md


def test_no_paragraph_hides_in_a_code_cell(chapter):
    """#13: explanation lives in markdown (present mode hides code cells)."""
    for cell in chapter[0].cells:
        if cell.cell_type == "code":
            comments = [ln for ln in cell.source.splitlines() if ln.lstrip().startswith("#")]
            assert sum(len(ln) for ln in comments) < 120, cell.source[:80]


def test_lecture_5_order_lifecycle_in_place_and_lost_slides_named(chapter):
    """#16: definition → expectation → trap → lifecycle → three-degree model; lifecycle
    summarised here; magic model and the Yonyou case: what survives and what was lost."""
    md = _markdown(chapter[0])
    order = ["performance–expectation table", "## 3 · The satisfaction trap",
             "| recovery (客户恢复期) |", "## 6 · Retention strategy: the three-degree model",
             "魔术模式"]
    positions = [md.index(marker) for marker in order]
    assert positions == sorted(positions)
    for stage in ("潜在客户期", "客户开发期", "客户成长期", "客户成熟期", "客户衰退期", "客户终止期"):
        assert f"({stage}) |" in md
    assert "用友的何经" in md and "is lost" in md


def test_setup_and_about_print_once(chapter):
    nb, text = chapter
    plain = [o for c in nb.cells for o in c.get("outputs", []) if "text/plain" in o.get("data", {})]
    assert not any("Noto" in "".join(o["data"]["text/plain"]) for o in plain)
    assert text.count("Code: MIT licence") == 1


# ---------------------------------------------------------------------------------------------
# the Chinese edition (notebooks/zh/): the same code cells print Chinese sentences (issue 15)
# ---------------------------------------------------------------------------------------------
ENGLISH_SENTENCES = (  # fragments of the sentences the chapter's own cells print in English
    "respondents,", "survey date", "fewer defections", "for financial institutions",
    "Reichheld & Sasser's range", "churn 10%", "times as loyal", "false loyalty",
    "latent ignored", "met to level 4", "called themselves satisfied", "who scored 4",
    "times as often", "did not come back", "in decline:", "call themselves satisfied",
    "top 10% by", "did not buy again", "all respondents", "value at risk", "yuan)",
    "customer A", "dissatisfied", "delighted",
)


@pytest.fixture(scope="module")
def chapter_zh(executed):
    return executed("notebooks/zh/04_satisfaction_loyalty.ipynb")


def test_chinese_edition_runs_and_prints_the_lecture_numbers(chapter_zh):
    nb, text = chapter_zh
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    survey = crm.datasets.load_survey()
    assert f"受访客户 {len(survey):,} 名，调查日期 2023-12-31" in text
    # Reichheld & Sasser: 5 points fewer defections → +25 % to +85 %; the lecture's 70 % inside
    assert "客户流失率降低 5 个百分点 → 利润增加 25% 至 85%" in text
    assert "第五讲：金融机构利润增加 70%；在赖克哈尔德和萨塞的区间之内" in text
    assert "流失率 10% → 客户平均保持 10 年；流失率 5% → 20 年" in text
    # Jones & Sasser / Xerox: a 5 is six times as loyal as a 4; 70 % stay at 1 (false loyalty)
    assert "满意度 5 分客户的忠诚度是 4 分客户的 6.0 倍" in text
    assert "仍有 70% 的客户留下（虚假忠诚）" in text
    trap = sat.trap_summary(survey)
    assert f"{trap['satisfied_share']:.0%} 的受访客户自称满意（4 分或 5 分）。" in text
    assert (f"打 4 分的 {trap['satisfied_4']:,.0f} 名客户中，{trap['defect_share_4']:.0%} "
            f"没有再次购买。") in text
    assert f"打 4 分客户的 {trap['ratio_5_vs_4']:.2f} 倍" in text
    assert f"所有没有回头的客户中，{trap['defectors_satisfied_share']:.0%} 曾说自己满意。" in text
    assert re.search(r"衰退期：\d+% 自称满意，\d+% 再次购买", text)
    assert re.search(r"按维持优先级排在前 10%（\d+ 名客户）：\d+% 没有再次购买", text)
    assert re.search(r"维持优先级前 10% 的客户占全部流失风险金额的 \d+%", text)
    # Kotler's three states and customers A–C in Chinese; the ± 0.5-point table's rows
    assert re.search(r"^客户A\s+8\s+6\s+-2.00\s+不满意$", text, flags=re.M)
    assert re.search(r"^客户C\s+8\s+9\s+1.00\s+高度满意$", text, flags=re.M)
    counts = sat.expectation_table(survey, tolerance=0.5)["customers"]
    for state in sat.STATES:
        assert re.search(rf"^{crm.term(state, 'zh')}\s+{counts[state]}\s", text, flags=re.M), state


def test_chinese_edition_prints_no_english_sentence(chapter_zh):
    _, text = chapter_zh
    for english in ENGLISH_SENTENCES:
        assert english not in text, english
