"""Chapter 05 fidelity: the executed notebook shows the lecture's numbers, computed by the package."""

from __future__ import annotations

import re

import pytest

NOTEBOOK = "notebooks/05_segmentation_rfm.ipynb"


@pytest.fixture(scope="module")
def text(executed):
    _nb, out = executed(NOTEBOOK)
    return out


def test_runs_without_errors(executed):
    nb, _ = executed(NOTEBOOK)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors


def test_hughes_break_even(text):
    assert "0.55 / 40 = 1.375%" in text
    assert "response 2.500%: break-even index = 81.82" in text
    assert "break-even index = 0.00" in text


def test_125_cells(text):
    assert re.search(r"cells used: \d+ of 125", text)


def test_top_customers_twenty_percent(text):
    assert re.search(r"[\d,]+ of [\d,]+ customers of 2024 \([\d.]+%\) made 20% of the year's sales",
                     text)


def test_tiers_10_40_150_800(text):
    rows = dict(re.findall(r"^(top|high|middle|low)\s+(\d+)\s", text, flags=re.M))
    assert rows == {"top": "10", "high": "40", "middle": "150", "low": "800"}
    assert "12 months to 2004-11-27" in text


def _row(text, name):
    match = re.search(rf"^{name}\s+(\w+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(-?\d+)\s+(.+?)$",
                      text, flags=re.M)
    assert match, f"row {name} not in the output"
    return match.groups()


def test_lecture_cycle_table(text):
    # tier, F, P, D, R, P − R, status
    assert _row(text, "乙")[1:6] == ("8", "46", "2004-10-08", "50", "-4")
    assert _row(text, "丙")[1:6] == ("21", "17", "2004-10-15", "43", "-26")
    assert _row(text, "己")[1:6] == ("21", "17", "2004-10-19", "39", "-22")
    assert _row(text, "丁")[5] == "0"
    for name in "甲戊庚":
        assert int(_row(text, name)[5]) > 0
    assert _row(text, "丙")[6].strip() == "at risk" and _row(text, "乙")[6].strip() == "watch"


def test_segmentation_optimum_and_panels(text):
    assert re.search(r"^1\s+6\s+77\.69\s+30\.00\s+47\.69", text, flags=re.M)
    assert text.count("interactive(children=") >= 4


# ---------------------------------------------------------------------------------------------
# claims about the bundled data, computed in the cell that states them (issue 17, items 1–5, 17)
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shop():
    import pandas as pd

    from crm_lessons import datasets, rfm

    tx = datasets.load_transactions()
    summary = rfm.rfm_summary(tx, as_of=datasets.REFERENCE_DATE)
    before = tx[tx["order_date"] < datasets.CAMPAIGN_DATE]
    july = rfm.rfm_scores(rfm.rfm_summary(before, as_of=datasets.CAMPAIGN_DATE
                                          - pd.Timedelta(days=1)), monetary_col="average_order")
    campaign = datasets.load_campaign()
    return {"summary": summary, "july": july, "campaign": campaign,
            "cells": rfm.cell_response(campaign, july)}


def _markdown(executed):
    nb, _ = executed(NOTEBOOK)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_what_the_f_score_means(text, shop):
    from crm_lessons import rfm

    s = shop["summary"]
    n, once, twice = len(s), int((s["frequency"] == 1).sum()), int((s["frequency"] == 2).sum())
    assert (f"{once:,} of {n:,} customers ({once / n:.1%}) bought on one day, "
            f"{twice:,} ({twice / n:.1%}) on two") in text
    kept = rfm.rfm_scores(s, ties="keep")
    f1 = kept.loc[kept["f_score"] == 1, "frequency"]
    assert f"ties kept: F score 1 = {f1.min()}–{f1.max()} purchase days ({len(f1):,} customers)" in text
    assert f1.max() > 1  # so the chapter must not say F score 1 means "bought once"


def test_no_third_bought_once_claim(executed):
    assert "a third of customers bought once" not in _markdown(executed)


def test_score_reproduced_by_hand(text, shop):
    from crm_lessons import rfm

    s = shop["summary"]
    hand = rfm.score_by_hand(s, "C00007", "recency_days")
    n, worse = hand["customers"], hand["worse"]
    assert hand["keep_score"] == worse * 5 // n + 1 != hand["spread_score"]
    assert (f"of {n:,} customers {worse:,} bought longer ago and {hand['tied']} (C00007 included) "
            "on the same day") in text
    assert (f"ties kept: R = ⌊{worse:,} × 5 / {n:,}⌋ + 1 = {hand['keep_score']}; "
            f"ties spread (default): R = {hand['spread_score']}") in text
    assert rfm.rfm_scores(s, ties="keep").loc["C00007", "r_score"] == hand["keep_score"]
    assert rfm.rfm_scores(s).loc["C00007", "r_score"] == hand["spread_score"]


def test_named_segments_are_true_of_their_members(text, shop):
    from crm_lessons import rfm

    s = shop["summary"]
    seg = rfm.rfm_segments(rfm.rfm_scores(s, ties="keep"))
    new = s[seg == "new"]
    assert len(new) and (new["frequency"] == 1).all()
    assert (f"New customers: {len(new):,}, last purchase {new['recency_days'].min()}–"
            f"{new['recency_days'].max()} days ago, every one bought on exactly one day") in text
    lapsed = s.loc[seg.isin(["at_risk", "cant_lose"]), "recency_days"].min()
    assert f"At risk and Can't lose them last bought at least {lapsed:,} days ago" in text


def test_break_even_from_each_cells_own_margin(text, shop):
    from crm_lessons import rfm

    cells = shop["cells"]
    by = cells.groupby("m_score")[["profit", "responses"]].sum()
    per = by["profit"] / by["responses"]
    assert ("profit per response by A score: "
            + ", ".join(f"A{a} {v:,.2f}" for a, v in per.items()) + " yuan") in text
    single = rfm.break_even_index(cells["response_rate"], cells.attrs["break_even"])
    fooled = (single > 0) & (cells["net"] < 0)
    assert fooled.sum() > 0
    assert (f"passes {int((single > 0).sum())} cells; {int(fooled.sum())} of them lost money in "
            "the test") in text
    own = cells["bei"] > 0
    assert (cells.loc[own, "net"] > 0).all() and ((cells["bei"] - cells["roi_pct"]).abs() < 1e-6).all()
    assert (f"each cell's own break-even passes {int(own.sum())} cells; {int(own.sum())} of them "
            "made money; largest |BEI − ROI| = 0.00") in text


def test_targeting_trade_off_out_of_sample(text, shop):
    from crm_lessons import rfm

    campaign, july = shop["campaign"], shop["july"]
    half = campaign.sample(frac=0.5, random_state=5)
    chosen = rfm.cell_response(half, july).query("bei > 0").index
    other = rfm.cell_response(campaign.drop(half.index), july)
    plan = rfm.rollout(other, select=[c for c in chosen if c in other.index])
    everyone, targeted = plan.loc["mail everyone"], plan.loc["mail cells above break-even"]
    # what the chapter teaches: higher ROI, lower total net profit
    assert targeted["roi_pct"] > everyone["roi_pct"] and targeted["net"] < everyone["net"]
    assert (f"targeted ROI {targeted['roi_pct']:,.1f}% vs {everyone['roi_pct']:,.1f}% for everyone "
            f"(higher); net profit {targeted['net']:,.2f} vs {everyone['net']:,.2f} yuan (less)") in text


def test_one_definition_of_m(text, executed):
    assert "largest |TM − M| = 0.00 yuan" in text
    markdown = _markdown(executed)
    assert "M is always the total" in markdown and "A = M / F" in markdown


def test_family_life_cycle_table_as_in_the_lecture(executed):
    markdown = _markdown(executed)
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and "(" in line]
    stages = ["青年单身", "青年已婚", "丁克族", "已婚有子女", "子女6岁以上", "中青年单身/离婚", "无子女",
              "空巢期", "鳏夫/寡妇", "非传统家庭"]
    for stage in stages:
        assert sum(stage in row for row in rows) >= 1, stage
    dink = next(row for row in rows if "丁克族" in row)
    assert "青年已婚" not in dink  # DINKs are their own row, not merged with young couples
    assert "大学课程" in markdown and "同性" in markdown


# ---------------------------------------------------------------------------------------------
# the Chinese edition (notebooks/zh/): the same code cells print Chinese sentences (issue 15)
# ---------------------------------------------------------------------------------------------
ENGLISH_SENTENCES = (  # fragments of the sentences the chapter's own cells print in English
    "transaction lines", "customers of 2024", "cells used", "bought on one day", "ties kept",
    "ties spread", "last bought", "the tie fills", "New customers:", "Champions and Loyal",
    "break-even response rate", "break-even index", "pieces mailed", "profit per response by",
    "campaign-wide", "own break-even", "pieces per cell", "targeted ROI", "left out earned",
    "accounts,", "mail everyone", "mail cells above", "fewest days", "R from",
    "onboard; make the second purchase easy", "beer and nappies", "at risk", "on track",
)


@pytest.fixture(scope="module")
def chapter_zh(executed):
    return executed("notebooks/zh/05_segmentation_rfm.ipynb")


def test_chinese_edition_runs_and_prints_the_lecture_numbers(chapter_zh, shop):
    from crm_lessons import rfm

    nb, text = chapter_zh
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    # Hughes' break-even example (LECTURE_FACTS): 0.55 / 40 = 1.375 %, index 81.82 at 2.5 %
    assert "盈亏平衡响应率 = 0.55 / 40 = 1.375%" in text
    assert "响应率 2.500%：盈亏投资回报指数 = 81.82" in text
    assert "响应率 1.375%：盈亏投资回报指数 = 0.00" in text
    assert "125 个中的" in text
    # the 全胜 B2B case: 12 months to 2004-11-27, |TM − M| = 0
    assert "截至 2004-11-27 的 12 个月内" in text and "|TM − M| 最大为 0.00 元" in text
    # issue 17 claims, in Chinese
    s = shop["summary"]
    n, once, twice = len(s), int((s["frequency"] == 1).sum()), int((s["frequency"] == 2).sum())
    assert (f"{n:,} 名客户中，{once:,} 名（{once / n:.1%}）只在一天购买过，{twice:,} 名"
            f"（{twice / n:.1%}）在两天购买过") in text
    hand = rfm.score_by_hand(s, "C00007", "recency_days")
    assert (f"保留并列：R = ⌊{hand['worse']:,} × 5 / {n:,}⌋ + 1 = {hand['keep_score']}；"
            f"拆分并列（默认）：R = {hand['spread_score']}") in text
    new = s[rfm.rfm_segments(rfm.rfm_scores(s, ties="keep")) == "new"]
    assert (f"新客户：{len(new):,} 名，最近一次购买在 {new['recency_days'].min()}–"
            f"{new['recency_days'].max()} 天前，每一位都只在一天购买过") in text
    cells = shop["cells"]
    own = cells["bei"] > 0
    assert f"按各单元自己的盈亏平衡响应率，有 {int(own.sum())} 个单元达标" in text
    assert "（更高）" in text and "（更少）" in text  # higher ROI, less total net profit
    # the 全胜 tiers and the warning statuses in Chinese (10 / 40 / 150 / 800 accounts)
    rows = dict(re.findall(r"^(顶端客户|高端客户|中端客户|低端客户)\s+(\d+)\s", text, flags=re.M))
    assert rows == {"顶端客户": "10", "高端客户": "40", "中端客户": "150", "低端客户": "800"}
    assert re.search(r"^丙\s+高端客户\s+21\s+17\s+2004-10-15\s+43\s+-26\s+流失风险大", text, flags=re.M)
    assert re.search(r"^乙\s+高端客户\s+8\s+46\s+2004-10-08\s+50\s+-4\s+稍加留意", text, flags=re.M)


def test_chinese_edition_names_segments_and_actions_in_chinese(chapter_zh):
    from crm_lessons import rfm

    _, text = chapter_zh
    for key in rfm.segment_table().index:
        assert rfm.segment_names([key], "zh")[0] in text, key
        assert rfm.segment_table("zh").loc[key, "action"] in text, key
    for plan in ("全部邮寄", "只邮寄盈利单元"):
        assert plan in text


def test_chinese_edition_prints_no_english_sentence(chapter_zh):
    _, text = chapter_zh
    for english in ENGLISH_SENTENCES:
        assert english not in text, english


def test_segment_actions_are_one_list():
    """segment_table's English action is the glossary's, so the two cannot drift apart."""
    from crm_lessons import rfm

    table = rfm.segment_table("en")
    assert table["action"].tolist() == [rule[4] for rule in rfm.SEGMENT_RULES]
    assert rfm.segment_names(["new", "lost"], "zh") == ["新客户", "已流失"]
    with pytest.raises(ValueError, match="keys must be segment keys"):
        rfm.segment_names(["newbies"])
