"""Chapter 03 fidelity: the executed notebook shows the lecture's numbers (LECTURE_FACTS §1–2)."""

from __future__ import annotations

import re

import pytest

from crm_lessons import clv, datasets

NOTEBOOK = "notebooks/03_customer_lifetime_value.ipynb"


@pytest.fixture(scope="module")
def text(executed):
    nb, out = executed(NOTEBOOK)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors
    return out


@pytest.mark.parametrize("number", [
    "48,000",        # the 30-year-old prospect, undiscounted
    "29,909.30",     # at 5 %
    "20,432.55",     # at 10 %
    "8.513564",      # PVIFA(10 %, 20), to the digits 20,432.55 needs (issue 17 #10)
])
def test_single_customer_numbers(text, number):
    assert number in text


@pytest.mark.parametrize("number", [
    "100,000", "60,000", "42,000",                       # customers
    "16,200,000", "14,250,000", "12,600,000",            # revenue
    "3,787,500", "3,570,000",                            # gross profit
    "3,265,086", "2,644,444",                            # NPV (1.35 used for 1.3456)
    "-640,000", "2,625,086", "5,269,531",                # cumulative NPV
    "-6.40", "26.25", "52.70",                           # LTV per original customer
    "1.16", "1.35",
])
def test_hughes_table_numbers(text, number):
    assert number in text


def test_lecture_variant_numbers(text):
    assert "-12.00" in text
    assert "66.08" in text
    assert "660,800" in text  # the cumulative NPV the lecture implies, shown next to ours


def test_rounding_explained(text):
    exact = clv.ltv_table(**{**clv.HUGHES_EXAMPLE, "round_divisor": None})
    assert f"{exact.loc['npv', 3]:,.0f}" in text


def test_pyramid_from_bundled_data_in_output(text):
    customers = datasets.load_customers()
    value = clv.customer_value(datasets.load_transactions(), margin=0.30, start="2024-01-01",
                               end=datasets.REFERENCE_DATE, customers=customers["customer_id"])
    summary = clv.pyramid_summary(value, clv.customer_pyramid(value))
    share = summary.loc["diamond", "value_share"]
    assert f"bring {share:.1%} of 2024 profit" in text
    n = int(summary.loc["diamond", "customers"])
    assert n == round(0.01 * len(customers))
    assert re.search(rf"diamond\s+{n}\s+0\.01", text)


def test_data_claims_are_computed(text):
    customers, transactions = datasets.load_customers(), datasets.load_transactions()
    predicted = clv.cohort_table(transactions, customers, 2022, behaviour_year=2021)
    actual = clv.cohort_table(transactions, customers, 2022)
    assert f"{actual.loc['ltv', 3]:,.2f} yuan per customer against" in text
    assert f"{predicted.loc['ltv', 3]:,.2f} forecast" in text
    word = "too cautious" if actual.loc["ltv", 3] > predicted.loc["ltv", 3] else "too optimistic"
    assert word in text


def test_panels_and_about_rendered(text):
    assert text.count("interactive(children=") == 4
    assert "crm-lessons" in text and "licence" in text.lower()


# ---------------------------------------------------------------- issue 17 corrections

def test_retention_and_discount_rate_comparison_is_computed(text):
    """#6: at 90 % retention 5 % → 20 % halves the value, more than 80 → 90 % retention adds."""
    assert "retention 90 %, discount 5 % → 20 %: 600.00 → 300.00 yuan (-300.00, ×0.50)" in text
    assert "discount 10 %, retention 80 % → 90 %: 266.67 → 450.00 yuan (+183.33, ×1.69)" in text
    assert "the larger swing here: the discount rate move" in text


def test_plans_show_their_inputs(text):
    """#7: plan A keeps year-3 retention at 80 %; the table shows what each plan changes."""
    assert "65% / 75% / 80%" in text and "70% / 70% / 80%" in text and "60% / 70% / 80%" in text


def test_channels_are_scored_on_held_out_customers(text):
    """#7: channels picked on one half, both strategies scored on the other; the ratio named."""
    customers, transactions = datasets.load_customers(), datasets.load_transactions()
    indexed = customers.set_index("customer_id")
    first_year = clv.value_after_signup(transactions, indexed["signup_date"], margin=0.30)
    cost = indexed.loc[first_year.index, "acquisition_cost"]
    test = clv.targeting_holdout(first_year, indexed.loc[first_year.index, "channel"], cost, top=2)
    assert test["choosing"] + test["held_out"] == len(first_year)
    assert f"scored on the other {test['held_out']:,}" in text
    assert f"net ROI ratio (differentiated ÷ mass): {test['net_roi_ratio']:.2f}" in text
    assert f"gross ratio (value won per yuan): {test['gross_ratio']:.2f}" in text
    assert test["net_roi_ratio"] > 1  # the claim "returns more per yuan" holds out of sample


def test_hughes_example_is_in_us_dollars(text):
    """#9: the currency travels with Hughes' example."""
    assert "currency of Hughes' example: usd (US dollars)" in text


def test_annuity_factor_digits(text):
    """#10: 2,400 × 8.513564 gives the cents; 8.5136 does not."""
    assert "2,400 × 8.513564 = 20,432.55" in text
    assert "2,400 × 8.5136 = 20,432.64" in text


# ---------------------------------------------------------------------------------------------
# the Chinese edition (notebooks/zh/): the same code cells print Chinese sentences (issue 15)
# ---------------------------------------------------------------------------------------------
ENGLISH_SENTENCES = (  # fragments of the sentences the chapter's own cells print in English
    "profit per year:", "without discounting", "discount rate 5%", "with the factor cut",
    "prospects at", "currency of Hughes", "year-3 NPV with", "with 1.35:", "(cumulative NPV",
    "breaks even in year", "gross profit per customer", "loss per customer", "the lecture implies",
    "of 2024 profit", "lead customers with negative value", "the forecast was", "pays for acquisition",
    "not yet paid back", "best channel", "channels chosen on", "scored on the other",
    "held out:", "net ROI ratio", "gross ratio", "retention 90 %", "the larger swing",
)


@pytest.fixture(scope="module")
def chapter_zh(executed):
    return executed("notebooks/zh/03_customer_lifetime_value.ipynb")


def test_chinese_edition_prints_the_lecture_numbers_in_chinese(chapter_zh):
    nb, text = chapter_zh
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert "每年利润：2,400 元；20 年不贴现合计：48,000 元" in text
    assert "贴现率 5%：客户终生价值 = 29,909.30 元" in text
    assert "贴现率 10%：客户终生价值 = 20,432.55 元（年金现值系数 PVIFA = 8.513564）" in text
    assert "该客户群体在第" in text and "年实现盈亏平衡" in text
    assert "讲义隐含的数值为 660,800" in text and "66.08 元" in text
    assert "m = 100，i = 10%，r = 90%：客户终生价值 =" in text
    assert "此处变动更大的是：" in text


def test_chinese_edition_prints_no_english_sentence(chapter_zh):
    _, text = chapter_zh
    for english in ENGLISH_SENTENCES:
        assert english not in text, english
