"""Chapter 06 fidelity: the executed notebook shows the lecture's framework and the package's numbers.

Lecture §2.5 has no numeric worked example (LECTURE_FACTS lists none for it); its concrete content is
the four-step framework, the three kinds of customer knowledge, OLAP and discovery tools, and the
beer-and-diapers story from §2.3. The notebook must show each, computed by the package.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from crm_lessons import datasets, rfm
from crm_lessons import knowledge as kn
from crm_lessons.glossary import term

NOTEBOOK = "notebooks/06_customer_intelligence.ipynb"


@pytest.fixture(scope="module")
def executed_nb(executed):
    nb, out = executed(NOTEBOOK)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors
    return nb, out


@pytest.fixture(scope="module")
def text(executed_nb):
    return executed_nb[1]


def test_structure(executed_nb):
    nb, _ = executed_nb
    assert nb.cells[0].source.startswith("# 06 · Customer intelligence and customer knowledge · 客户智能")
    assert nb.cells[1].source.startswith("<!-- nav -->")
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert "import crm_lessons as crm" in first_code.source and "crm.setup()" in first_code.source
    assert nb.cells[-1].source.strip() == "crm.about()"
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for heading in ("Key takeaways", "Questions for discussion"):
        assert heading in markdown
    figures = sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    assert figures >= 8


def test_framework_and_knowledge_terms(text):
    for key in ("customer_intelligence", "customer_knowledge", *kn.FRAMEWORK_STEPS):
        assert term(key, "zh") in text, key
    assert "客户知识的生成" in text and "客户知识的分发" in text and "客户知识的使用" in text


def test_beer_and_diapers(text):
    m = kn.rule_metrics(datasets.load_baskets(), "啤酒", "尿布")
    assert (f"啤酒 → 尿布: support {m['support']:.2%}, confidence {m['confidence']:.2%}, "
            f"lift {m['lift']:.2f}") in text
    assert f"both in {m['both_count']:,}" in text


def test_rules_table_shows_the_three_pairs(text):
    rules = kn.association_rules(datasets.load_baskets(), 0.02, 0.3, 1.5)
    assert len(rules) == 6
    for a, c, lift in zip(rules["antecedent"], rules["consequent"], rules["lift"], strict=True):
        assert a in text and c in text and f"{lift:.2f}" in text


def test_olap_numbers(text):
    tx = datasets.load_transactions()
    assert f"total sales {tx['amount'].sum():,.2f} yuan" in text
    facts = tx.join(datasets.load_customers().set_index("customer_id")[["region"]],
                    on="customer_id")
    east = facts[facts["region"] == "华东"]
    n = east["customer_id"].nunique()  # distinct customers, recounted (integers print plainly)
    assert f"{n:,}" in text or f">{n}<" in text
    assert "not additive" in text  # the roll-up refusal is shown


def test_clusters_and_targets(text):
    customers = datasets.load_customers().set_index("customer_id")
    summary = rfm.rfm_summary(datasets.load_transactions(), as_of=datasets.REFERENCE_DATE)
    raw = kn.customer_features(summary, customers["signup_date"])
    choice = kn.choose_k(kn.log_scale(raw), range(2, 9))
    assert f"best silhouette at k = {choice['silhouette'].idxmax()}" in text
    labels = kn.cluster_customers(kn.log_scale(raw), 4, seed=0)
    profile = kn.profile_clusters(raw, labels).drop(index="all")
    big = profile["monetary"].idxmax()
    assert f"{int(profile.loc[big, 'size']):,} customers written to targets.csv" in text
    ari = kn.compare_segments(labels, rfm.rfm_scores(summary)["cell"])["ari"]
    assert f"ARI with the cells = {ari:.3f}" in text


def test_campaign_lift_and_holdout(text):
    customers = datasets.load_customers().set_index("customer_id")
    tx = datasets.load_transactions()
    campaign = datasets.load_campaign()
    before = rfm.rfm_summary(tx, as_of=datasets.CAMPAIGN_DATE - pd.Timedelta(days=1))
    labels = kn.cluster_customers(kn.log_scale(kn.customer_features(before, customers["signup_date"])),
                                  4, seed=0)
    table = kn.lift_by_segment(campaign, labels)
    assert f"overall response {campaign['responded'].mean():.2%}" in text
    for lift in table["lift"]:
        assert f"{lift:,.2f}" in text
    honest = kn.holdout_lift(campaign, labels, top=1, seed=0)
    assert f"{honest['lift_test']:,.2f}" in text and f"{honest['lift_choose']:,.2f}" in text


def test_clusters_named_from_their_members(text):
    """Issue 17, item 8: every cluster name is computed from its members' medians and printed."""
    customers = datasets.load_customers().set_index("customer_id")
    summary = rfm.rfm_summary(datasets.load_transactions(), as_of=datasets.REFERENCE_DATE)
    raw = kn.customer_features(summary, customers["signup_date"])
    labels = kn.cluster_customers(kn.log_scale(raw), 4, seed=0)
    named = kn.name_clusters(raw, labels)
    for c, row in named.iterrows():
        members = raw[labels == c]
        assert (f"cluster {c} = {row['name']}: {len(members):,} customers; median last purchase "
                f"{members['recency_days'].median():.0f} days ago, "
                f"{members['frequency'].median():.0f} purchase days") in text
        if "one-off" in row["name"]:
            assert (members["frequency"] == 1).mean() >= 0.5
        if "new" in row["name"]:
            assert members["tenure_days"].median() < 365
    assert "one-off" not in text  # the old name "new one-off buyers" was false (median F = 2)


def test_lift_takeaway_holds(text):
    customers = datasets.load_customers().set_index("customer_id")
    campaign = datasets.load_campaign()
    before = rfm.rfm_summary(datasets.load_transactions(),
                             as_of=datasets.CAMPAIGN_DATE - pd.Timedelta(days=1))
    raw = kn.customer_features(before, customers["signup_date"])
    labels = kn.cluster_customers(kn.log_scale(raw), 4, seed=0)
    names = kn.name_clusters(raw, labels)["name"]
    table = kn.lift_by_segment(campaign, labels)
    table.index = [names[int(c)] for c in table.index]
    buyers = [n for n in table.index if "repeat" in n or "frequent" in n]
    assert len(buyers) >= 2 and (table.loc[[n for n in buyers if "lapsed" not in n], "lift"] > 1.5).all()
    assert (table.loc[[n for n in table.index if "few purchases" in n], "lift"] < 1).all()
    assert (table.loc[[n for n in table.index if "lapsed" in n], "net_per_piece"] < 0).all()
    for name in table.index:
        assert name in text


# --- the Chinese edition (notebooks/zh/): same code, Chinese output (issue 15) -----------------

ENGLISH_SENTENCES = (  # fragments of the sentences the chapter's own cells print in English
    "transaction lines", "total sales", "leading region", "categories by sales", "baskets;",
    "support ", "ordered pairs", "rules with support", "best silhouette", "cluster 0 =",
    "purchase days", "bought once", "RFM cells in use", "written to", "pieces mailed",
    "highest-spend", "few purchases", "lapsed", "repeat buyers", "frequent buyers",
    "big spenders", "invite to VIP", "customers (recounted)", "best cluster", "roll_up without",
    "customer key as in the CRM system",
)


@pytest.fixture(scope="module")
def chapter_zh(executed):
    return executed("notebooks/zh/06_customer_intelligence.ipynb")


@pytest.fixture
def zh():
    import crm_lessons as crm

    old = crm._config.set_language("zh")
    yield
    crm._config.set_language(old)


def test_chinese_edition_prints_the_numbers_in_chinese(chapter_zh, zh):
    nb, text = chapter_zh
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    m = kn.rule_metrics(datasets.load_baskets(), "啤酒", "尿布")
    assert (f"啤酒 → 尿布：支持度 {m['support']:.2%}，置信度 {m['confidence']:.2%}，"
            f"提升度 {m['lift']:.2f}") in text
    tx = datasets.load_transactions()
    assert f"销售总额 {tx['amount'].sum():,.2f} 元" in text
    customers = datasets.load_customers().set_index("customer_id")
    summary = rfm.rfm_summary(tx, as_of=datasets.REFERENCE_DATE)
    raw = kn.customer_features(summary, customers["signup_date"])
    choice = kn.choose_k(kn.log_scale(raw), range(2, 9))
    assert f"k = {choice['silhouette'].idxmax()} 时轮廓系数最高" in text
    labels = kn.cluster_customers(kn.log_scale(raw), 4, seed=0)
    named = kn.name_clusters(raw, labels)  # in Chinese: the zh fixture sets the language
    for c, row in named.iterrows():
        assert not re.search(r"[A-Za-z]", row["name"]), row["name"]
        assert (f"第 {c} 簇 = {row['name']}：{int(row['size']):,} 名客户；按中位数计，最近一次购买在 "
                f"{row['recency_days']:.0f} 天前") in text
    big = named["monetary"].idxmax()
    assert f"已将 {int(named.loc[big, 'size']):,} 名客户写入 targets.csv" in text
    assert "邀请加入VIP会员计划" in text


def test_chinese_edition_prints_no_english_sentence(chapter_zh):
    _, text = chapter_zh
    for english in ENGLISH_SENTENCES:
        assert english not in text, english


def test_target_schema_table_is_the_schema():
    """The readable schema table shows TARGET_SCHEMA's own English text, and Chinese under zh."""
    table = kn.target_schema("en")
    assert table.index.tolist() == list(kn.TARGET_SCHEMA)
    assert table["type"].tolist() == [t for t, _ in kn.TARGET_SCHEMA.values()]
    assert table["meaning"].tolist() == [m for _, m in kn.TARGET_SCHEMA.values()]
    zh_table = kn.target_schema("zh")
    assert list(zh_table.columns) == ["类型", "含义"]
    assert not zh_table.map(lambda s: bool(re.search(r"[A-Za-z]{3,}", s)) and "CRM" not in s).any().any()
