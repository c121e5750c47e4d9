"""Every exercise: its right answer passes (in several natural forms) and typical wrong answers fail,
with a hint that never shows the expected number or the method's code.

Right answers are computed here the way the solution notebooks compute them (or written down, for
questions done by hand), not read from the registry, so a registry entry that drifts fails too.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd
import pytest

import crm_lessons as crm
from crm_lessons import btyd, check, clv, datasets, lifecycle, rfm, value
from crm_lessons import knowledge as kn
from crm_lessons import satisfaction as sat
from crm_lessons._config import get_language, set_language
from crm_lessons.answers import all_exercises, ch01, ch02, ch05

from .conftest import ROOT


# --- right answers, the way the solutions compute them --------------------------------------
@cache
def _ch03_pyramid():
    customers, tx = datasets.load_customers(), datasets.load_transactions()

    def pyramid_of(year):
        v = clv.customer_value(tx, margin=0.30, start=f"{year}-01-01", end=f"{year}-12-31",
                               customers=customers["customer_id"])
        return v, clv.customer_pyramid(v)

    v23, t23 = pyramid_of(2023)
    _, t24 = pyramid_of(2024)
    share = clv.pyramid_summary(v23, t23).loc["diamond", "value_share"]
    stayed = int((t24.reindex(t23[t23 == "diamond"].index) == "diamond").sum())
    return share, stayed


@cache
def _ch05_calls():
    orders = datasets.load_b2b_orders()
    accounts = datasets.load_b2b_accounts().set_index("account_id")
    b2b = rfm.rfm_summary(orders, as_of=datasets.B2B_TODAY, customer_col="account_id",
                          window_days=365)
    high = rfm.cycle_warning(b2b[rfm.customer_tiers(b2b["monetary"]) == "high"],
                             datasets.B2B_TODAY)
    calls = rfm.follow_up_tasks(high, accounts, statuses=("at risk",))
    return calls["short_name"].tolist(), [str(i) for i in calls.index]


@cache
def _ch05_half():
    year = rfm.rfm_summary(datasets.load_transactions(), as_of=datasets.REFERENCE_DATE,
                           window_days=365)
    n = len(rfm.top_customers(year["monetary"], share_of_sales=0.5))
    return n, len(year)


@cache
def _ch06():
    customers = datasets.load_customers().set_index("customer_id")
    transactions = datasets.load_transactions()
    facts = transactions.join(customers[["region", "city_tier", "channel"]], on="customer_id")
    return customers, transactions, facts


@cache
def _ch06_north(where=True):
    facts = _ch06()[2]
    return kn.drill_down(facts, ["region"], "city_tier", ["sales", "average_order"],
                         where={"region": "华北"} if where else None)


@cache
def _ch06_clusters(k=3, scaled=True):
    customers, transactions, _ = _ch06()
    raw = kn.customer_features(rfm.rfm_summary(transactions, as_of=datasets.REFERENCE_DATE),
                               customers["signup_date"])
    labels = kn.cluster_customers(kn.log_scale(raw) if scaled else raw, k, seed=0)
    return labels, kn.profile_clusters(raw, labels)


@cache
def _ch06_campaign():
    customers, transactions, _ = _ch06()
    campaign = datasets.load_campaign()
    before = rfm.rfm_summary(transactions, as_of=datasets.CAMPAIGN_DATE - pd.Timedelta(days=1))
    labels = kn.cluster_customers(kn.log_scale(kn.customer_features(before,
                                                                    customers["signup_date"])),
                                  4, seed=0)
    table = kn.lift_by_segment(campaign, labels)
    two_best = [int(c) for c in table.index[:2]]
    two = kn.campaign_lift(campaign, labels.index[labels.isin(two_best)].intersection(
        campaign["customer_id"]))["lift"]
    return table["lift"].iloc[0], two, table["lift"].iloc[-1]


def _toothpaste():
    rules = kn.association_rules(datasets.load_baskets(), min_support=0.01, min_confidence=0.0,
                                 min_lift=0.0, max_len=2)
    return rules[rules["antecedent"] == "牙膏"]


def _offer(name, money_only=False):
    values, costs = ch01.OFFERS[name]
    return value.delivered_value(values, {"monetary": costs["monetary"]} if money_only else costs)


STAGES_2 = ["development", "maturity", "termination", "recovery", "decline"]
STATES_4 = ["delighted", "satisfied", "dissatisfied", "satisfied", "delighted"]
CELLS_5 = ["544", "555", "411", "433", "355", "311", "223", "222", "144", "132"]

_CH07_PAPER = btyd.BGNBDFit({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})


@cache
def _ch07_shop():
    summary = btyd.calibration_summary(datasets.load_transactions(), "2023-12-31",
                                       holdout_end="2024-12-31")
    return summary, btyd.fit_bgnbd(summary)


def _ch07_drop():
    params = _ch07_shop()[1].params
    return params["a"] / (params["a"] + params["b"])


@cache
def _ch07_cdnow():
    summary = btyd.calibration_summary(datasets.load_cdnow(), "1997-09-30",
                                       holdout_end="1998-06-30")
    return summary, btyd.fit_bgnbd(summary), btyd.fit_gamma_gamma(summary)


def _ch07_value(months, rate, margin):
    summary, fit, gg = _ch07_cdnow()
    return btyd.customer_value(fit, gg, summary, horizon_months=months, discount_rate=rate,
                               margin=margin).sum()


# id -> (right answers, wrong answers); each is a list of zero-argument callables
CASES: dict[str, tuple[list, list]] = {
    "00-1": ([lambda: crm.term("clv", "zh"), lambda: f" {crm.term('clv', 'zh')} "],
             [lambda: crm.term("clv", "en"), lambda: "客户价值"]),
    "00-2": ([lambda: 25 / 200, lambda: np.float64(0.125)],
             [lambda: 12.5, lambda: 0.875, lambda: 25 / 175]),
    "00-3a": ([lambda: 8, lambda: 8.0], [lambda: 0.125, lambda: 1 / 0.875]),
    "00-3b": ([lambda: 25, lambda: 25.0], [lambda: 175, lambda: 200]),
    "01-1a": ([lambda: _offer("A"), lambda: (1400, 8500 / 7100)],
              [lambda: _offer("A", money_only=True), lambda: (-1400, 7100 / 8500)]),
    "01-1b": ([lambda: _offer("B"), lambda: [1500.0, 10000 / 8500]],
              [lambda: _offer("B", money_only=True), lambda: _offer("A")]),
    "01-1c": ([lambda: "B", lambda: " b "], [lambda: "A", lambda: 1500]),
    "01-1d": ([lambda: "A", lambda: "a"], [lambda: "B", lambda: 1.197]),
    "01-2a": ([lambda: 0.85, lambda: 1 - 0.15], [lambda: 0.15, lambda: 85]),
    "01-2b": ([lambda: np.log(2) / np.log(1.08), lambda: 9.0065],
              [lambda: np.log(2) / 0.08, lambda: 9.1]),
    "01-2c": ([lambda: 5000 * 1.08 ** 10],
              [lambda: 5000 * 1.08 ** 9, lambda: 5000 * 1.08 ** 11, lambda: 5000 * 0.93 ** 10]),
    "01-3a": ([lambda: "referral", lambda: "Referral"], [lambda: "offline_event", lambda: 3]),
    "01-3b": ([lambda: 0.08206], [lambda: 0.2535, lambda: 8.206, lambda: 1 - 0.08206]),
    "01-4a": ([lambda: value.retention_profit_impact(0.90, uplift=0.05, margin=100,
                                                     margin_growth=0.05, acquisition_cost=300,
                                                     horizon=20).pct_change],
              [lambda: 0.7744, lambda: value.retention_profit_impact(0.90).pct_change]),
    "01-4b": ([lambda: True, lambda: np.bool_(True)], [lambda: False, lambda: "True"]),
    "02-1a": ([lambda: 5, lambda: 250 / 50], [lambda: 0.2, lambda: 50]),
    "02-1b": ([lambda: 12.5], [lambda: 0.08, lambda: 20]),
    "02-1c": ([lambda: 30, lambda: np.int64(30)], [lambda: -30, lambda: 50]),
    "02-1d": ([lambda: 2400], [lambda: 4000, lambda: -2400]),
    "02-2": ([lambda: STAGES_2, lambda: tuple(STAGES_2), lambda: [s.title() for s in STAGES_2],
              lambda: pd.Series(STAGES_2)],
             [lambda: [*STAGES_2[:4], "growth"], lambda: STAGES_2[::-1],
              lambda: STAGES_2[:4]]),
    "02-3a": ([lambda: 515], [lambda: 479, lambda: 514]),
    "02-3b": ([lambda: 28 / 515], [lambda: 13 / 515, lambda: 36 / 515, lambda: 5.437]),
    "02-4a": ([lambda: "2023-06", lambda: pd.Period("2023-06", "M")],
              [lambda: "2023-04", lambda: "2024-06"]),
    "02-4b": ([lambda: 0.21862], [lambda: 0.2238, lambda: 0.2358, lambda: 0.2085]),
    "02-5a": ([lambda: "volume_growth"], [lambda: "indirect", lambda: "wtp_growth"]),
    "02-5b": ([lambda: 11760.30], [lambda: -11760.30, lambda: 1860.49]),
    "03-1a": ([lambda: 80 * 3 * 12 * 15], [lambda: 80 * 3 * 15, lambda: 80 * 3 * 12]),
    "03-1b": ([lambda: clv.customer_lifetime_value([clv.annual_profit(80, 3)] * 15, 0.0, 0.08),
               lambda: 2880 * (1 - 1.08 ** -15) / 0.08],
              [lambda: 43200, lambda: 2880 * (1 - 1.08 ** -15) / 0.08 * 1.08]),
    "03-2a": ([lambda: clv.example_table("hughes", retention=[0.70, 0.70, 0.80]).loc["ltv", 3]],
              [lambda: clv.example_table("hughes").loc["ltv", 3], lambda: 62.645]),
    "03-2b": ([lambda: 2, lambda: np.int64(2)], [lambda: 1, lambda: 3]),
    "03-3": ([lambda: 55 + clv.example_table("hughes").loc["ltv", 3]],
             [lambda: clv.example_table("hughes").loc["ltv", 3], lambda: 55]),
    "03-4a": ([lambda: ["丙"], lambda: ("丙",), lambda: pd.Index(["丙"])],
              [lambda: ["丁"], lambda: ["丙", "庚"]]),
    "03-4b": ([lambda: ["庚", "甲"], lambda: ["甲", "庚"]],
              [lambda: ["辛", "壬"], lambda: ["丙", "甲", "庚"]]),
    "03-4c": ([lambda: 4500 / 9670], [lambda: 0.4615, lambda: 46.54]),
    "03-5a": ([lambda: _ch03_pyramid()[0]],
              [lambda: _ch03_pyramid()[0] * 100, lambda: _ch03_pyramid()[0] - 0.005]),
    "03-5b": ([lambda: _ch03_pyramid()[1]],
              [lambda: 40, lambda: _ch03_pyramid()[1] - 1]),
    "03-6": ([lambda: 11 / 12, lambda: 550 / 600],
             [lambda: 0.907, lambda: 0.926, lambda: 5 / 6, lambda: 91.67]),
    "04-1": ([lambda: STATES_4, lambda: tuple(STATES_4), lambda: [s.title() for s in STATES_4]],
             [lambda: ["delighted", "dissatisfied", "dissatisfied", "delighted", "delighted"],
              lambda: ["delighted", "satisfied", "dissatisfied", "delighted", "delighted"],
              lambda: ["satisfied", "satisfied", "dissatisfied", "satisfied", "delighted"]]),
    "04-2a": ([lambda: 0.725], [lambda: 0.7668, lambda: 0.275]),
    "04-2b": ([lambda: 0.807692 / 0.275], [lambda: 3.1629, lambda: 0.275 / 0.807692]),
    "04-3a": ([lambda: sat.loyalty_under_competition(4, 0.8)],
              [lambda: sat.loyalty_under_competition(4, 0.2), lambda: 30.86]),
    "04-3b": ([lambda: sat.loyalty_under_competition(5, 0.8)],
              [lambda: sat.loyalty_under_competition(5, 0.2), lambda: 0.9]),
    "04-3c": ([lambda: sat.loyalty_under_competition(5, 0.8) / sat.loyalty_under_competition(4, 0.8)],
              [lambda: 0.3393, lambda: 2.9]),
    "04-3d": ([lambda: 0.65, lambda: np.float64(0.65)], [lambda: 0.6, lambda: 0.7]),
    "04-5a": ([lambda: ["乙", "丁", "甲", "戊", "丙"]],
              [lambda: ["甲", "乙", "丁", "丙", "戊"], lambda: ["丙", "戊", "甲", "丁", "乙"]]),
    "04-5b": ([lambda: ["甲", "乙", "丁", "丙", "戊"], lambda: ("甲", "乙", "丁", "丙", "戊")],
              [lambda: ["戊", "丙", "丁", "乙", "甲"], lambda: ["乙", "丁", "甲", "戊", "丙"]]),
    "04-5c": ([lambda: 95_000 * (1 - 0.40)], [lambda: 95_000, lambda: 95_000 * 0.40]),
    "05-1": ([lambda: CELLS_5, lambda: [int(c) for c in CELLS_5], lambda: tuple(CELLS_5)],
             [lambda: ["144", "155", "211", "233", "355", "311", "423", "422", "544", "532"],
              lambda: CELLS_5[::-1]]),
    "05-2a": ([lambda: 0.80 / 32], [lambda: 2.5, lambda: 40]),
    "05-2b": ([lambda: (0.031 - 0.025) / 0.025 * 100], [lambda: 0.24, lambda: 12300]),
    "05-2c": ([lambda: True], [lambda: False, lambda: "yes"]),
    "05-3": ([lambda: _ch05_calls()[0], lambda: tuple(reversed(_ch05_calls()[0]))],
             [lambda: _ch05_calls()[1], lambda: _ch05_calls()[0][:-1]]),
    "05-4a": ([lambda: _ch05_half()[0]], [lambda: _ch05_half()[0] - 1,
                                         lambda: _ch05_half()[1] // 2]),
    "05-4b": ([lambda: _ch05_half()[0] / _ch05_half()[1]],
              [lambda: _ch05_half()[0] / 4000, lambda: (_ch05_half()[0] - 1) / _ch05_half()[1]]),
    "06-1a": ([lambda: 3 / 6], [lambda: 3, lambda: 0.49]),
    "06-1b": ([lambda: 3 / 4], [lambda: 3 / 5, lambda: 0.5]),
    "06-1c": ([lambda: (3 / 4) / (5 / 6)], [lambda: (3 / 5) / (5 / 6), lambda: (3 / 4) / (4 / 6)]),
    "06-2a": ([lambda: _ch06_north()],
              [lambda: _ch06_north(where=False), lambda: _ch06_north()[["sales"]]]),
    "06-2b": ([lambda: _ch06_north()["average_order"].idxmax(), lambda: 1, lambda: "1"],
              [lambda: "3", lambda: 4]),
    "06-2c": ([lambda: _ch06_north().loc["1", "sales"] / _ch06_north()["sales"].sum()],
              [lambda: 19.41, lambda: _ch06_north().loc["1", "sales"] / _ch06()[2]["amount"].sum()]),
    "06-3a": ([lambda: _toothpaste().sort_values("lift", ascending=False)["consequent"].iloc[0]],
              [lambda: "洗发水", lambda: "牙膏"]),
    "06-3b": ([lambda: int((_toothpaste()["lift"] > 1.2).sum())],
              [lambda: int((_toothpaste()["lift"] > 1).sum()), lambda: len(_toothpaste())]),
    "06-4a": ([lambda: _ch06_clusters()[0], lambda: _ch06_clusters()[0].map({0: 2, 1: 0, 2: 1})],
              [lambda: _ch06_clusters(k=4)[0], lambda: _ch06_clusters(scaled=False)[0],
               lambda: _ch06_clusters()[0].tolist()]),
    "06-4b": ([lambda: _ch06_clusters()[1].drop(index="all")["recency_days"].idxmax()],
              [lambda: _ch06_clusters()[1].drop(index="all")["recency_days"].idxmin(),
               lambda: "lapsed"]),
    "06-5a": ([lambda: _ch06_campaign()[0]], [lambda: _ch06_campaign()[2], lambda: 1.0]),
    "06-5b": ([lambda: _ch06_campaign()[1]], [lambda: _ch06_campaign()[0], lambda: 1.0]),
    "07-1a": ([lambda: _ch07_shop()[1].expected_purchases(52, _ch07_shop()[0]).sum()],
              [lambda: _ch07_shop()[1].expected_cumulative(52) * len(_ch07_shop()[0]),
               lambda: _ch07_shop()[1].expected_purchases(365, _ch07_shop()[0]).sum(),
               lambda: _ch07_shop()[0]["frequency_holdout"].sum()]),
    "07-1b": ([lambda: _ch07_drop()], [lambda: 1 - _ch07_drop(), lambda: 100 * _ch07_drop()]),
    "07-2a": ([lambda: _CH07_PAPER.p_alive(4, 20.0, 38.86)],
              [lambda: _CH07_PAPER.p_alive(5, 20.0, 38.86),
               lambda: _CH07_PAPER.p_alive(4, 18.86, 38.86)]),
    "07-2b": ([lambda: _CH07_PAPER.expected_purchases(52, 4, 20.0, 38.86)],
              [lambda: _CH07_PAPER.expected_purchases(39, 4, 20.0, 38.86),
               lambda: _CH07_PAPER.expected_purchases(52, 5, 20.0, 38.86)]),
    "07-3": ([lambda: _ch07_value(24, 0.15, 0.25)],
             [lambda: _ch07_value(24, 0.0, 0.25), lambda: _ch07_value(12, 0.15, 0.25),
              lambda: _ch07_value(24, 0.10, 0.30)]),
}


def _number_forms(expected) -> list[str]:
    """The ways an expected number could be spelled out in a hint."""
    try:
        arr = np.asarray(expected, dtype=float).ravel()
    except (TypeError, ValueError):
        return []
    forms = []
    for x in arr:
        if not np.isfinite(x) or abs(x) in (0, 1, 2, 100):
            continue
        forms += [f"{x:.2f}", f"{x:,.2f}", f"{x:.3f}", f"{100 * x:.1f}"]
        if float(x).is_integer() and abs(x) >= 10:
            forms.append(str(int(x)))
    return forms


def test_every_registered_exercise_has_cases():
    assert set(CASES) == set(all_exercises()), "add right and wrong answers for every exercise"
    for exercise_id, (right, wrong) in CASES.items():
        assert right and len(wrong) >= 2, exercise_id


@pytest.mark.parametrize("exercise_id", sorted(CASES))
def test_right_answers_pass_and_wrong_answers_fail(exercise_id, capsys):
    ex = all_exercises()[exercise_id]
    right, wrong = CASES[exercise_id]
    for make in right:
        answer = make()
        status, text = check.evaluate(exercise_id, answer, lang="en")
        assert status == "correct", f"{exercise_id}: right answer {answer!r} judged: {text}"
        assert f"Exercise {exercise_id}" in text
    forbidden = _number_forms(ex.expected_value())
    for make in wrong:
        answer = make()
        for lang in ("en", "zh"):
            status, text = check.evaluate(exercise_id, answer, lang=lang)
            assert status == "wrong", f"{exercise_id}: wrong answer {answer!r} passed"
            hint = text.split("Hint:", 1)[-1] if lang == "en" else text.split("提示：", 1)[-1]
            leaked = [f for f in forbidden if f in hint]
            assert not leaked, f"{exercise_id}: hint shows the answer {leaked}: {text}"
            assert not re.search(r"\b[a-z_]+\.[a-z_]+\(|\w\(\w", hint), (
                f"{exercise_id}: hint shows code: {text}")


def test_hints_react_to_the_common_slips():
    def hint(exercise_id, answer):
        return check.evaluate(exercise_id, answer, lang="en")[1]

    assert "percent" in hint("03-6", 91.67)                          # a percent for a fraction
    assert "per cent" in hint("01-4a", 0.7744494)                   # a fraction for a percent
    assert "text" in hint("04-1", [1, 2, 3, 1, 3])                   # numbers for names
    assert "short names" in hint("05-3", _ch05_calls()[1])           # ids for names
    assert "first purchase" in hint("07-2a", _CH07_PAPER.p_alive(5, 20.0, 38.86))  # x counts it
    assert "52" in hint("07-1a", _ch07_shop()[1].expected_purchases(365, _ch07_shop()[0]).sum())
    assert "discounted" in hint("07-3", _ch07_value(24, 0.0, 0.25))
    assert "reverse order" in hint("04-5b", ["戊", "丙", "丁", "乙", "甲"])   # reversed sort
    assert "one year" in hint("03-2b", 1)                            # off by one period
    assert "column" in hint("02-4b", 0.2358)                         # off by one period
    assert "whole survey" in hint("04-2a", 0.7668)                   # the whole instead of a part
    assert "loss-making" in hint("03-4c", 0.4615)                    # leaving a customer out
    assert "first item" in hint("06-1b", 0.6)                        # confidence's denominator
    assert "too few" in hint("02-2", STAGES_2[:4])


def test_unanswered_is_a_state_not_an_error(capsys):
    for placeholder in (..., None):
        assert check.exercise("03-6", placeholder) is None
        assert "not answered yet" in capsys.readouterr().out
    assert check.passed("03-6", ...) is False
    with pytest.raises(AssertionError, match="not answered yet"):
        check.grade("03-6", ...)
    with pytest.raises(AssertionError, match="not yet"):
        check.grade("03-6", 0.907)
    assert check.grade("03-6", 11 / 12) is None


def test_verdicts_follow_the_session_language(capsys):
    old = get_language()
    try:
        crm.setup(lang="zh")
        check.exercise("03-6", 91.67)
        out = capsys.readouterr().out
        assert "练习 03-6" in out and "还不对" in out and "百分数" in out
        check.exercise("03-6", 11 / 12)
        assert "正确" in capsys.readouterr().out
        check.exercise("03-6", ...)
        assert "尚未作答" in capsys.readouterr().out
    finally:
        set_language(old)
    check.exercise("03-6", 11 / 12)
    assert "correct" in capsys.readouterr().out


def test_unknown_id_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="03-6"):
        check.exercise("03-99", 1)
    with pytest.raises(ValueError, match="unknown exercise id"):
        check.exercise("three-six", 1)


def test_exercise_inputs_in_the_registry_match_the_notebooks():
    """The registry keeps its own copy of the by-hand inputs; the solutions show the same ones."""
    import json

    text = (ROOT / "solutions" / "02_customer_lifecycle_solutions.ipynb").read_text()
    assert json.dumps('("P5", "s3", "2024-12-04", -100.0)')[1:-1] in text
    assert lifecycle.assign_stages(ch02.histories(), "2024-12-31").tolist() == STAGES_2
    assert rfm.rfm_scores(ch05.ten(), bins=5)["cell"].tolist() == CELLS_5


def test_no_hint_shows_code_or_the_expected_number():
    """Every hint of the registry (the exercise's own and each slip's), in both languages."""
    for exercise_id, ex in all_exercises().items():
        forbidden = _number_forms(ex.expected_value())
        hints = [h for pair in [ex.hint, *(s.hint for s in ex.slips)] if pair for h in pair]
        for hint in hints:
            assert not re.search(r"[A-Za-z_]\w*\.[A-Za-z_]\w*\(|\w\(\w|`", hint), (
                f"{exercise_id}: code in hint {hint!r}")
            assert not [f for f in forbidden if f in hint], f"{exercise_id}: number in {hint!r}"
        assert re.search(r"[\u4e00-\u9fff]", ex.name[1]), f"{exercise_id}: no Chinese name"


def test_each_chapter_with_exercises_has_its_answers_module():
    """A chapter's entries live in crm_lessons/answers/chNN.py (a new chapter adds its own file),
    and every id a solution notebook checks is registered, once."""
    import json

    from crm_lessons.answers import chapters

    checked = []
    for path in sorted((ROOT / "solutions").glob("*_solutions.ipynb")):
        text = "\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
        ids = re.findall(r'crm\.check\.exercise\("([^"]+)"', text)
        assert path.name[:2] in chapters(), f"no crm_lessons/answers/ch{path.name[:2]}.py"
        assert all(i.startswith(path.name[:2] + "-") for i in ids), path.name
        checked += ids
    assert sorted(checked) == sorted(all_exercises()), "registry and solutions disagree"
