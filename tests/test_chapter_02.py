"""Fidelity: chapter 02 executes and shows the lecture's numbers (LECTURE_FACTS §3)."""

from __future__ import annotations

import json
import re

import pytest

from crm_lessons import lifecycle

from .conftest import ROOT

NOTEBOOK = "notebooks/02_customer_lifecycle.ipynb"


@pytest.fixture(scope="module")
def chapter(executed):
    return executed(NOTEBOOK)


def test_companies_a_and_b_appear(chapter):
    _, text = chapter
    # A: 100 customers, 20 lost a year → churn 20 %, 5 years, 20 new customers a year
    assert "Company A: churn 20% → average group lifetime 5.0 years" in text
    assert "loses 100 customers in 5 years and must win 20 new customers a year" in text
    # B: 10 lost a year → churn 10 %, 10 years, 10 new customers a year
    assert "Company B: churn 10% → average group lifetime 10.0 years" in text
    assert "loses 100 customers in 10 years and must win 10 new customers a year" in text
    # the cost of standing still, at the lecture's 60 yuan per new customer
    assert "(1,200 yuan a year)" in text and "(600 yuan a year)" in text
    assert "A spends 600 yuan a year more than B" in text
    assert "mean years a customer stays: A 5.0, B 10.0" in text


def test_reichheld_doubling_time_appears(chapter):
    _, text = chapter
    assert "winning 10 %: 14.2 years" in text


def test_lifecycle_profit_is_the_package_value(chapter):
    _, text = chapter
    curve = lifecycle.lifecycle_profit_curve()
    assert f"= {lifecycle.lifecycle_profit(curve):,.2f} yuan" in text
    assert f"total investment {curve['investment'].sum():,.2f}" in text


def test_every_stage_is_shown_with_its_chinese_name(chapter):
    _, text = chapter
    for zh in ("潜在客户期", "客户开发期", "客户成长期", "客户成熟期", "客户衰退期", "客户终止期",
               "客户恢复期", "考察期", "形成期", "稳定期", "退化期"):
        assert zh in text, zh


def test_data_sections_show_package_results(chapter):
    from crm_lessons import datasets

    _, text = chapter
    counts = lifecycle.stage_counts(lifecycle.assign_stages(
        datasets.load_transactions(), datasets.REFERENCE_DATE, datasets.load_customers()))
    assert re.search(rf"maturity\s+{counts['maturity']}\b", text)
    assert re.search(rf"termination\s+{counts['termination']:,}\b", text) or re.search(
        rf"termination\s+{counts['termination']}\b", text)
    assert "average share of a cohort still buying" in text


def test_executes_without_errors_and_every_panel_rendered(chapter):
    nb, _ = chapter
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert not errors
    panels = [c for c in nb.cells if c.cell_type == "code" and "panels." in c.source]
    assert len(panels) == 3
    for cell in panels:
        kinds = {m for o in cell.outputs for m in o.get("data", {})}
        assert "application/vnd.jupyter.widget-view+json" in kinds


def test_each_panel_follows_a_static_figure():
    cells = json.loads((ROOT / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
    code = [("".join(c["source"])) for c in cells if c["cell_type"] == "code"]
    for i, src in enumerate(code):
        if src.startswith("panels."):
            assert any("charts." in earlier for earlier in code[:i]), src
    assert code[-1].strip() == "crm.about()"


def test_the_notebook_takeaways_hold_on_the_bundled_data():
    """The italic takeaways describe the bundled data; if the data change, they must be reread."""
    from crm_lessons import datasets

    tx, customers = datasets.load_transactions(), datasets.load_customers()
    as_of = datasets.REFERENCE_DATE
    table = lifecycle.stage_table(tx, as_of, customers)
    counts = lifecycle.stage_counts(table["stage"])
    assert counts.idxmax() == "termination"                 # "the largest group has already gone"
    assert counts["decline"] > counts["development"]
    assert lifecycle.stage_summary(table)["mean_spend_365d"].idxmax() == "maturity"
    shares = lifecycle.stage_transitions(tx, "2023-12-31", as_of, customers, normalize=True)
    assert shares.loc["decline", "termination"] > 0.5        # "most declining customers end up terminated"
    cohorts = lifecycle.cohort_retention(tx, "Q", as_of=as_of)
    first = cohorts[1].mean()
    assert 0.35 <= first <= 0.65                             # "roughly half … does not buy again"
    assert cohorts[1].mean() - cohorts[4].mean() > cohorts[4].mean() - cohorts[8].mean()  # flattens
    tenure = lifecycle.tenure_value(tx, "Y", margin=0.30, as_of=as_of,
                                    acquisition_cost=customers.set_index("customer_id")["acquisition_cost"])
    assert tenure["profit_per_active"].iloc[1] > 2 * tenure["profit_per_active"].iloc[0]  # "climbs steeply"
    assert (tenure["profit_per_customer"] < tenure["profit_per_active"]).all()
    assert tenure["profit_per_customer"].iloc[1:].is_monotonic_decreasing  # "shrinks after the first full year"


# --- the Chinese edition (notebooks/zh/): same code, Chinese output ----------------------------

@pytest.fixture(scope="module")
def chapter_zh(executed):
    return executed("notebooks/zh/02_customer_lifecycle.ipynb")


def test_chinese_edition_prints_the_lecture_numbers_in_chinese(chapter_zh):
    nb, text = chapter_zh
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert "企业A：客户流失率 20% → 企业客户群体生命周期 5.0 年" in text
    assert "每年需开发 20 名新客户（每年 1,200 元）" in text
    assert "企业B：客户流失率 10% → 企业客户群体生命周期 10.0 年" in text
    assert "企业A每年就要比企业B多花 600 元" in text
    assert "客户基数 14.2 年翻一番" in text
    curve = lifecycle.lifecycle_profit_curve()
    assert f"= {lifecycle.lifecycle_profit(curve):,.2f} 元" in text
    # no English sentence printed by the chapter's own cells (crm.about's licence line aside)
    for english in ("Company A", "average group lifetime", "customers in decline", "cohort still"):
        assert english not in text, english
