"""The glossary's phrase templates and its terms checked against the lectures.

Assembled headlines and table headers must read as Chinese under ``lang="zh"`` ("第3年",
"14.2 年"), not as English word order with Chinese words ("年 3", "14.2 年数", "利润 max").
"""

from __future__ import annotations

import datetime
import importlib
import re
import string
from unittest import mock

import pytest

import crm_lessons as crm
from crm_lessons import clv, glossary
from crm_lessons.glossary import phrase, phrases, term, terms

# "年 3", "期 2": a bare unit word before a number, the word-by-word order the templates replace;
# "5.0 年数": a count word glued after a number
WORD_BY_WORD = re.compile(r"(?:^|[\s:：;；(（])[年期月]\s+[−-]?\d|\d\s*年数|\bmax\b|\byears?\b")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
LATIN_ALLOWED = {"LTV", "PVIFA", "RFM"}  # names the chapters use in both editions


@pytest.fixture
def zh():
    old = crm._config.set_language("zh")
    yield
    crm._config.set_language(old)


# --- phrase templates ------------------------------------------------------------------------

@pytest.mark.parametrize("key, lang, slots, expected", [
    ("year_n", "en", {"n": 3}, "year 3"),
    ("year_n", "zh", {"n": 3}, "第3年"),
    ("years_x", "en", {"x": 14.2}, "14.2 years"),
    ("years_x", "zh", {"x": 14.2}, "14.2 年"),
    ("period_n", "zh", {"n": 7}, "第7期"),
    ("breakeven_year", "en", {"n": 2}, "break-even: year 2"),
    ("breakeven_year", "zh", {"n": 2}, "盈亏平衡：第2年"),
    ("doubling_time_x", "zh", {"x": 14.2067}, "客户基数约 14.2 年翻一番"),
    ("year_n", "both", {"n": 1}, "year 1 (第1年)"),
])
def test_assembled_phrases(key, lang, slots, expected):
    assert phrase(key, lang, **slots) == expected


def test_phrase_follows_the_session_language(zh):
    assert phrase("year_n", n=2) == "第2年"
    assert phrase("year_n", "en", n=2) == "year 2"


def test_phrase_errors_name_the_problem():
    with pytest.raises(ValueError, match=r"phrase 'year_n' needs slot\(s\) n"):
        phrase("year_n", "zh")
    with pytest.raises(KeyError, match="year_n"):
        phrase("year_m", "zh", n=1)
    with pytest.raises(ValueError, match="lang must be"):
        phrase("year_n", "fr", n=1)


def test_every_template_has_the_same_slots_in_both_languages():
    for key, (en, zh_text) in phrases().items():
        assert glossary._slots(en) == glossary._slots(zh_text), key


def test_a_template_whose_slots_differ_is_refused():
    from crm_lessons.glossary import core

    broken = {**core.PHRASES, "year_n": ("year {n}", "第{m}年")}
    phrases.cache_clear()
    try:
        with mock.patch.object(core, "PHRASES", broken):
            with pytest.raises(ValueError, match=r"'year_n'.*\['n'\] in English but \['m'\]"):
                phrases()
    finally:
        phrases.cache_clear()


def test_chinese_templates_are_chinese():
    for key, (_, zh_text) in phrases().items():
        text = re.sub(r"\{[^}]*\}", "", zh_text)
        assert set(LATIN_WORD.findall(text)) <= LATIN_ALLOWED, (key, zh_text)
        assert not WORD_BY_WORD.search(zh_text.format(**_fill(zh_text))), key


def _fill(template: str) -> dict:
    """Plausible values for a template's slots: numbers, or a Chinese word for text slots."""
    values = {}
    for _, field, spec, _ in string.Formatter().parse(template):
        if field:
            values[field] = (datetime.date(2024, 12, 31) if spec.startswith("%")
                             else 3 if spec else "稳定期")
    return values


# --- the cohort table and the panels' headlines in Chinese ------------------------------------

def test_cohort_table_headers_in_both_languages():
    hughes = clv.example_table("hughes")
    assert clv.format_ltv_table(hughes, "en").columns.tolist() == ["year 1", "year 2", "year 3"]
    assert clv.format_ltv_table(hughes, "zh").columns.tolist() == ["第1年", "第2年", "第3年"]


def test_cohort_tables_after_setup_zh_have_no_word_by_word_headers(zh):
    crm.setup(lang="zh")
    for example in ("hughes", "lecture"):
        table = clv.format_ltv_table(clv.example_table(example))  # the session language
        assert table.columns.tolist() == ["第1年", "第2年", "第3年"]
        for label in [*table.columns, *table.index]:
            assert not WORD_BY_WORD.search(label), label
            assert set(LATIN_WORD.findall(label)) <= LATIN_ALLOWED, label


def _headlines(build) -> list[str]:
    """Headline texts a panel shows at default, min and max of each control."""
    from crm_lessons import widgets
    from tests.widget_harness import sweep

    shown: list[str] = []

    def capture(*objs, **kw):
        shown.extend(re.sub(r"<[^>]+>", "", o.data) for o in objs
                     if "crm-headline" in str(getattr(o, "data", "")))

    with mock.patch.object(widgets, "display", capture):
        panel = build()
        sweep(panel, lambda result, values: None)
    assert shown, f"{build} showed no headline"
    return shown


def _panels():
    from crm_lessons.widgets import clv as w3
    from crm_lessons.widgets import demo_panel
    from crm_lessons.widgets import lifecycle as w2
    from crm_lessons.widgets import value as w1

    return {
        "demo": demo_panel,
        "01 delivered value": w1.delivered_value_panel,
        "01 customer base": w1.customer_base_panel,
        "01 retention profit": w1.retention_profit_panel,
        "02 group lifetime": w2.group_lifetime_panel,
        "02 profit curve": w2.profit_curve_panel,
        "03 single clv": w3.single_clv_panel,
        "03 cohort hughes": w3.cohort_panel,
        "03 cohort lecture": lambda: w3.cohort_panel("lecture"),
        "03 retention clv": w3.retention_clv_panel,
    }


@pytest.mark.parametrize("name", list(_panels()))
def test_chapter_headlines_read_as_chinese(name, zh):
    crm.setup(lang="zh")
    try:
        lines = _headlines(_panels()[name])
    finally:
        crm.setup(lang="zh")  # keep the fixture's language; setup also resets the theme
    for line in lines:
        assert not WORD_BY_WORD.search(line), (name, line)
        assert set(LATIN_WORD.findall(line)) <= LATIN_ALLOWED, (name, line)
        assert re.search(r"[\u4e00-\u9fff]", line), (name, line)


def _default_headline(spec) -> str:
    """The headline a presented panel shows when first drawn (controls at their defaults)."""
    from crm_lessons import widgets

    shown: list[str] = []

    def capture(*objs, **kw):
        shown.extend(re.sub(r"<[^>]+>", "", o.data) for o in objs
                     if "crm-headline" in str(getattr(o, "data", "")))

    with mock.patch.object(widgets, "display", capture):
        spec.build()
    assert shown, f"{spec} showed no headline"
    return shown[0]


def _specs_04_06():
    from crm_lessons import present

    return [spec for number in ("04", "05", "06") for spec in present.chapter_panels(number)]


@pytest.mark.parametrize("spec", _specs_04_06(), ids=lambda s: f"{s.chapter}-{s.name}")
def test_chapters_04_to_06_headlines_read_as_chinese(spec, zh):
    line = _default_headline(spec)
    assert not WORD_BY_WORD.search(line), line
    assert set(LATIN_WORD.findall(line)) <= LATIN_ALLOWED, line
    assert re.search(r"[\u4e00-\u9fff]", line), line


def test_stage_rules_headline_reads_as_chinese(zh):
    import pandas as pd

    from crm_lessons.widgets import lifecycle as w2

    dates = pd.to_datetime(["2023-01-05", "2023-06-01", "2024-03-01", "2024-07-01", "2024-11-20",
                            "2022-02-01"])
    tx = pd.DataFrame({"customer_id": [1, 1, 1, 1, 1, 2], "order_date": dates,
                       "amount": [50.0, 60.0, 70.0, 80.0, 90.0, 20.0]})
    lines = _headlines(lambda: w2.stage_rules_panel(tx, "2024-12-31"))
    assert all("客户成熟期 1 人" in line and "客户终止期 1 人" in line for line in lines[:1]), lines
    assert not any(WORD_BY_WORD.search(line) for line in lines)


def test_english_headlines_keep_their_numbers():
    from crm_lessons.widgets import clv as w3
    from crm_lessons.widgets import lifecycle as w2

    crm._config.set_language("en")
    cohort = _headlines(w3.cohort_panel)[0]
    assert cohort == "LTV in year 3 = 52.70; in year 1 = -6.40; break-even: year 2"
    lifetime = _headlines(w2.group_lifetime_panel)[0]
    assert lifetime == ("churn rate 20% → average group lifetime 5.0 years; new customers needed "
                        "each year: 20 (1,200 yuan)")


def test_chinese_headlines_say_the_lecture_numbers(zh):
    from crm_lessons.widgets import clv as w3
    from crm_lessons.widgets import lifecycle as w2

    assert _headlines(w3.cohort_panel)[0] == ("第3年的 LTV = 52.70；第1年的 LTV = -6.40；"
                                              "盈亏平衡：第2年")
    assert _headlines(w2.group_lifetime_panel)[0] == (
        "客户流失率 20% → 企业客户群体生命周期 5.0 年；每年需开发新客户 20 名（1,200 元）")


# --- terms checked against the lectures --------------------------------------------------------

@pytest.mark.parametrize("key, chinese", [
    ("energy_cost", "体力成本"),          # Kotler's 顾客让渡价值 model: 货币/时间/体力/精神成本
    ("psychic_cost", "精神成本"),
    ("total_customer_value", "客户总价值"),  # chapter 2 §2.1.5: 客户总价值与客户总成本之差
    ("total_customer_cost", "客户总成本"),
    ("customer_market", "客户市场"),        # §2.1.1: 从客户市场扩展到了供应商市场 …
    ("delivered_value", "客户让渡价值"),
    ("break_even_index", "盈亏投资回报指数"),  # §2.3 RFM: 如盈亏投资回报指数
    ("pyramid_moves_lead", "上移；减低利益"),
])
def test_terms_follow_the_lectures(key, chinese):
    assert term(key, "zh") == chinese


def test_lecture_names_are_linked_to_their_alternatives():
    assert "盈亏平衡指数" in term("break_even_index_alt", "zh")
    assert "盈亏投资回报指数" in term("break_even_index_alt", "zh")
    olap = term("olap_lecture", "zh")
    assert "在线分析技术" in olap and "联机分析处理" in olap and "OLAP" in olap
    assert term("olap", "zh") == "联机分析处理"


def test_reducing_benefits_is_not_cutting_the_cost_to_serve():
    for tier in ("brass", "lead"):
        english = term(f"pyramid_moves_{tier}", "en")
        assert "reduce the benefits given" in english and "cost of serving" not in english


def test_the_glossary_says_kehu_where_the_lectures_do():
    """The lectures say 客户 throughout; 顾客 appears only inside Kotler's model's own name."""
    offenders = {k: zh_text for k, (_, zh_text) in terms().items() if "顾客" in zh_text}
    assert offenders == {}


def test_every_topic_module_loads():
    for topic in glossary._TOPICS:
        module = importlib.import_module(f"crm_lessons.glossary.{topic}")
        assert module.TERMS
