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
    "8.5136",        # PVIFA(10 %, 20)
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
