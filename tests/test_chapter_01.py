"""Fidelity of chapter 01: the executed notebook shows the lecture's numbers, computed by the package."""

from __future__ import annotations

import re

import pytest

from crm_lessons import datasets, value

NOTEBOOK = "notebooks/01_relationship_marketing.ipynb"


@pytest.fixture(scope="module")
def chapter(executed):
    return executed(NOTEBOOK)


def test_runs_without_errors_and_draws_every_figure(chapter):
    nb, _ = chapter
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors[0].get("evalue")
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    # markets (en, zh), ladder, cycle, delivered value, profitability, 2 bases, impact, curve — once each
    assert len(images) == 10
    panels = [c for c in nb.cells if c.cell_type == "code" and "panels." in c.source]
    assert len(panels) == 3


def test_delivered_value_example(chapter):
    _, text = chapter
    for shown in ("20,000.00", "16,000.00", "4,000.00", "1.25"):
        assert shown in text
    # Kotler's perceived-value pricing: 110,000 of value sold at 100,000
    assert "value 110,000 · price 100,000 · delivered value 10,000 · ratio 1.10" in text


def test_company_a_and_b(chapter):
    _, text = chapter
    assert "company A: churn 20%, group lifetime 5 years, must win 20 new customers" in text
    assert "company B: churn 10%, group lifetime 10 years, must win 10 new customers" in text
    assert "1,200 yuan" in text and "600 yuan" in text


def test_reichheld_95_vs_90(chapter):
    _, text = chapter
    assert "95% retention: doubling time 14.2 years" in text
    assert f"after 14 years {100 * 1.05 ** 14:,.1f} customers per 100" in text
    assert "90% retention: doubling time inf (never doubles)" in text
    assert "stops shrinking: 90%" in text


def test_retention_profit_impact_and_published_range(chapter):
    _, text = chapter
    impact = value.retention_profit_impact(0.80)
    assert f"{impact.base_profit:,.2f} yuan" in text
    assert f"{impact.uplifted_profit:,.2f} yuan" in text
    assert f"change: {impact.pct_change:+.1f}% (Reichheld & Sasser: 25% to 85%)" in text
    assert "bank branch deposits" in text and "85.00" in text


def test_bundled_data_numbers_come_from_the_package(chapter):
    _, text = chapter
    tx, cu = datasets.load_transactions(), datasets.load_customers()
    rates = value.retention_and_acquisition(tx, 2024)
    assert f"retention {rates['retention']:.1%}, acquisition rate {rates['acquisition_rate']:.1%}" \
        in text
    profit = value.customer_profitability(tx, cu[["customer_id", "acquisition_cost"]],
                                          gross_margin=0.30)
    assert f"total profit {profit['profit'].sum():,.2f} yuan" in text
    assert f"unprofitable so far: {(profit['profit'] < 0).mean():.1%}" in text


def test_claims_in_the_narrative_still_hold():
    """The notebook's prose draws conclusions from the bundled data and the model; check them."""
    tx, cu = datasets.load_transactions(), datasets.load_customers()
    tenure = value.revenue_by_tenure(tx, cu, datasets.REFERENCE_DATE)
    tenure = tenure[tenure["customers"] >= 30]
    # "customers in their second and third year spend far more per head than in their first"
    assert (tenure.loc[[2, 3], "revenue_per_active"] > 1.5 * tenure.loc[1, "revenue_per_active"]
            ).all()
    rates = value.retention_and_acquisition(tx, 2024)
    # "fewer than half its buyers come back"; "wins new customers at a furious pace"
    assert rates["retention"] < 0.5 and rates["acquisition_rate"] > 0.5
    # "at 10 % acquisition the same retention would shrink the base fast"
    assert value.project_customer_base(100, rates["retention"], 0.10, 5).iloc[-1] < 25
    profit = value.customer_profitability(tx, cu[["customer_id", "acquisition_cost"]])
    # the whale curve peaks before the last customer (some customers lose money)
    assert (profit["profit"] < 0).any()
    # "about 60 %" and "even with flat margins … over 40 %"
    assert 55 < value.retention_profit_impact(0.80).pct_change < 65
    assert value.profit_impact_curve(0.80, [0.0]).iloc[0] > 0.40


def test_retention_cost_next_to_churn_cost(chapter):
    """Issue 17 #15: keeping (20 yuan a year) and losing (60 yuan per replacement) side by side."""
    _, text = chapter
    assert ("company A: keeps 80 customers for 1,600 yuan (retention cost), replaces 20 for "
            "1,200 yuan (churn cost): 2,800 yuan a year") in text
    assert ("company B: keeps 90 customers for 1,800 yuan (retention cost), replaces 10 for "
            "600 yuan (churn cost): 2,400 yuan a year") in text
    assert "one new customer costs as much as keeping an old one for 3 years" in text


def test_transactional_marketing_side_by_side_and_full_cycle(chapter):
    nb, _ = chapter
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "transactional marketing (交易营销)" in markdown and "| aim |" in markdown
    assert "使客户感到有效满足" in markdown


def test_setup_and_about_print_once(chapter):
    """Issue 17 #18: no echoed font name after crm.setup(); crm.about() text shown once."""
    nb, text = chapter
    plain = [o for c in nb.cells for o in c.get("outputs", [])
             if "text/plain" in o.get("data", {})]
    assert not any("Noto" in "".join(o["data"]["text/plain"]) for o in plain)
    assert text.count("Code: MIT licence") == 1


# ---------------------------------------------------------------------------------------------
# the Chinese edition (notebooks/zh/): the same code cells print Chinese sentences (issue 15)
# ---------------------------------------------------------------------------------------------
ENGLISH_SENTENCES = (  # fragments of the sentences the chapter's own cells print in English
    "yuan (difference)", "16,000.00 yuan", "20,000.00 yuan",
    "· price", "company A", "company B", "group lifetime", "new customers a year",
    "just to stand still", "(retention cost)", "(churn cost)", "yuan a year",
    "keeping an old one", "total profit", "unprofitable so far", "doubling time",
    "never doubles", "customers per 100", "stops shrinking",
    "growth factor", "stand-still retention", "profit per customer won", "change:",
    "rival offer", "our offer", "published profit increase", "bank branch deposits",
    "profit change (%)",
)


@pytest.fixture(scope="module")
def chapter_zh(executed):
    return executed("notebooks/zh/01_relationship_marketing.ipynb")


def test_chinese_edition_runs_and_prints_the_lecture_numbers(chapter_zh):
    nb, text = chapter_zh
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    # Kotler's delivered value: 20,000 − 16,000 = 4,000 yuan, ratio 1.25; the tractor 1.10
    assert "客户让渡价值      4,000.00 元（差额）" in text
    assert "价值比                1.25" in text
    assert "客户总价值 110,000 · 价格 100,000 · 客户让渡价值 10,000 · 价值比 1.10" in text
    # companies A and B (lecture 2): churn 20 % / 10 %, lifetimes 5 / 10 years
    assert "公司A：客户流失率 20%，客户群平均保持 5 年，每年须争取 20 名新客户" in text
    assert "公司B：客户流失率 10%，客户群平均保持 10 年，每年须争取 10 名新客户" in text
    assert "公司A：花 1,600 元维持 80 名老客户（客户维持成本），花 1,200 元补充 20 名流失客户" in text
    assert "争取一名新客户的成本相当于维持一名老客户 3 年" in text
    # the customer base at 95 % / 90 % retention and 10 % acquisition
    assert "客户保留率 95%：客户基数约 14.2 年翻一番；14 年后每 100 名客户变为 198.0 名" in text
    assert "客户基数永远不会翻番" in text and "每 100 名客户仍为 100.0 名" in text
    assert "每年新增客户 10% 时，客户基数不再缩小所需的客户保留率：90%" in text
    assert re.search(r"客户保留率 \d+\.\d%，获客率 \d+\.\d% → 客户基数每年增长系数 \d\.\d{3}", text)
    # Reichheld & Sasser: +25 % to +85 %
    assert "（赖克哈尔德和萨塞：25% 至 85%）" in text
    assert re.search(r"客户保留率 80%：每争取一名客户的利润 [\d,]+\.\d\d 元", text)
    assert re.search(r"^竞争对手的产品\s+25,500.00\s+21,200.00\s+4,300.00\s+1.20$", text, flags=re.M)
    assert "公开发表的利润增幅（%）" in text and "利润变化（%）" in text


def test_chinese_edition_prints_no_english_sentence(chapter_zh):
    _, text = chapter_zh
    for english in ENGLISH_SENTENCES:
        assert english not in text, english
