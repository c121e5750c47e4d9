"""Tables in the Chinese edition show glossary headers; the frames keep their English keys."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import crm_lessons as crm
from crm_lessons import tables
from crm_lessons.reports import analysis

# English keys the chapters' package tables use as headers, and their Chinese terms
KNOWN = {"recency_days": "距最近一次购买天数", "churn_rate": "客户流失率", "customers": "客户数",
         "group_lifetime": "客户群体生命周期（年）", "tenure_days": "客户关系时长（天）",
         "customer_share": "客户数占比", "discount_factor": "贴现系数"}


@pytest.fixture
def lang():
    old = crm._config.get_language()
    yield crm._config.set_language
    crm._config.set_language(old)


def _frame():
    return pd.DataFrame({"customers": [100, 100], "churn_rate": [0.2, 0.1]},
                        index=pd.Index(["A", "B"], name="company"))


def test_translated_is_chinese_under_zh_and_leaves_the_frame_alone(lang):
    frame = _frame()
    lang("zh")
    shown = tables.translated(frame)
    assert shown.columns.tolist() == ["客户数", "客户流失率"] and shown.index.name == "企业"
    assert frame.columns.tolist() == ["customers", "churn_rate"] and frame.index.name == "company"
    assert frame["churn_rate"].tolist() == shown["客户流失率"].tolist()
    stages = pd.Series([3, 4], index=pd.Index(["potential", "maturity"], name="stage"),
                       name="customers")
    assert tables.translated(stages).index.tolist() == ["潜在客户期", "客户成熟期"]
    segments = pd.Index(["lost", "new"], name="segment")
    assert tables.translated(pd.DataFrame(index=segments)).index.tolist() == ["已流失", "新客户"]


def test_translated_in_english_keeps_english_words(lang):
    lang("en")
    shown = tables.translated(_frame(), "en")
    assert shown.columns.tolist() == ["customers", "churn rate"] and shown.index.name == "company"
    assert tables.header("no_such_key_anywhere", "zh") == "no_such_key_anywhere"


def test_report_labels_use_the_same_lookup(lang):
    lang("zh")
    out = analysis.labelled(pd.DataFrame({"customer_share": [0.01]}, index=["diamond"]))
    assert out.columns.tolist() == ["客户数占比"] and out.index.tolist() == ["钻石"]


def test_setup_outside_ipython_changes_no_display():
    assert tables.show_tables("zh") is False


class _Shell:  # just enough of an IPython shell for show_tables
    def __init__(self):
        from IPython.core.formatters import DisplayFormatter

        self.display_formatter = DisplayFormatter()


def test_show_tables_registers_and_removes_the_formatters(lang, monkeypatch):
    import IPython

    shell = _Shell()
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    frame = _frame()
    lang("zh")
    assert tables.show_tables("zh") is True
    data, _ = shell.display_formatter.format(frame)
    assert "客户流失率" in data["text/html"] and "churn_rate" not in data["text/html"]
    assert "客户流失率" in data["text/plain"]
    assert frame.columns.tolist() == ["customers", "churn_rate"]
    lang("en")
    tables.show_tables("en")
    data, _ = shell.display_formatter.format(frame)
    assert "churn_rate" in data["text/html"] and "客户流失率" not in data["text/html"]


def _html_tables(nb) -> str:
    return "\n".join("".join(out["data"]["text/html"]) for cell in nb.cells
                     for out in cell.get("outputs", []) if "<table" in str(
                         out.get("data", {}).get("text/html", "")))


@pytest.mark.parametrize("chapter, keys", [
    ("02_customer_lifecycle", ["churn_rate", "customers", "recency_days", "tenure_days",
                               "group_lifetime"]),
    ("03_customer_lifetime_value", ["customers", "customer_share", "discount_factor"]),
])
def test_zh_chapter_tables_show_chinese_headers(executed, chapter, keys):
    nb, _ = executed(f"notebooks/zh/{chapter}.ipynb")
    html = _html_tables(nb)
    headers = set(re.findall(r"<th[^>]*>([^<]*)</th>", html))
    for key in keys:
        assert key not in headers, (chapter, key)
        assert KNOWN[key] in headers, (chapter, key)


def test_a_table_can_name_its_own_glossary_keys(lang):
    from crm_lessons import value

    offers = value.compare_offers({"A": value.delivered_value({"product": 100}, {"monetary": 80})})
    lang("zh")
    shown = tables.translated(offers)
    assert shown.columns.tolist() == ["客户总价值", "客户总成本", "客户让渡价值", "价值比"]
    assert offers.columns.tolist() == ["value", "cost", "difference", "ratio"]


def test_buy_till_you_die_tables_say_repeat_purchases(lang):
    summary = pd.DataFrame({"frequency": [2], "recency": [3.0], "T": [5.0], "monetary": [9.0]})
    shown = tables.translated(summary, "zh")
    assert shown.columns[0] == "重复购买天数 x" and shown.columns[3] == "每个重复购买日的平均消费额"
    assert tables.translated(summary[["frequency"]], "zh").columns[0] == "购买天数"  # RFM's F


def test_show_tables_translates_stylers_and_removes_them_again(lang, monkeypatch):
    import IPython

    shell = _Shell()
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    styled = _frame().style.format({"churn_rate": "{:.0%}"})
    lang("zh")
    tables.show_tables("zh")
    html = shell.display_formatter.format(styled)[0]["text/html"]
    assert "客户流失率" in html and "20%" in html
    lang("en")
    tables.show_tables("en")
    html = shell.display_formatter.format(styled)[0]["text/html"]
    assert "churn_rate" in html and "客户流失率" not in html
