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
