"""Answers of chapter 06's exercises (solutions/06_customer_intelligence_solutions.ipynb)."""

from __future__ import annotations

from functools import cache

import pandas as pd

from .. import datasets, rfm
from .. import knowledge as kn
from . import Exercise, Slip, register

# Exercise 1: six shoppers' baskets, and the rule bread → milk.
BASKETS_1 = [["面包", "牛奶"], ["面包", "牛奶", "鸡蛋"], ["面包", "鸡蛋"], ["牛奶"],
             ["面包", "牛奶", "咖啡"], ["牛奶", "鸡蛋"]]
RULE_1 = ("面包", "牛奶")


def _rule() -> dict:
    return kn.rule_metrics(BASKETS_1, *RULE_1)


@cache
def _data():
    customers = datasets.load_customers().set_index("customer_id")
    transactions = datasets.load_transactions()
    facts = transactions.join(customers[["region", "city_tier", "channel"]], on="customer_id")
    return customers, transactions, facts


@cache
def _cube(region_filter: bool = True) -> pd.DataFrame:
    cube = kn.olap_cube(_data()[2], ["region", "city_tier"], ["sales", "average_order"])
    return kn.slice_cube(cube, region="华北") if region_filter else cube


@cache
def _toothpaste() -> pd.DataFrame:
    rules = kn.association_rules(datasets.load_baskets(), 0.01, 0.0, 0.0, max_len=2)
    return rules[rules["antecedent"] == "牙膏"]


@cache
def _clusters(k: int = 3, scaled: bool = True):
    customers, transactions, _ = _data()
    raw = kn.customer_features(rfm.rfm_summary(transactions, as_of=datasets.REFERENCE_DATE),
                               customers["signup_date"])
    labels = kn.cluster_customers(kn.log_scale(raw) if scaled else raw, k, seed=0)
    return raw, labels


def _lapsed(column: str = "recency_days", largest: bool = True) -> int:
    raw, labels = _clusters()
    means = kn.profile_clusters(raw, labels).drop(index="all")[column]
    return int(means.idxmax() if largest else means.idxmin())


def _same_clusters(answer, expected) -> bool:
    if not isinstance(answer, pd.Series) or len(answer) != len(expected):
        return False
    return kn.compare_segments(answer, expected)["ari"] > 0.999


@cache
def _campaign(days_before: int = 1, k: int = 4):
    customers, transactions, _ = _data()
    campaign = datasets.load_campaign()
    before = rfm.rfm_summary(transactions,
                             as_of=datasets.CAMPAIGN_DATE - pd.Timedelta(days=days_before))
    labels = kn.cluster_customers(kn.log_scale(kn.customer_features(before,
                                                                    customers["signup_date"])),
                                  k, seed=0)
    table = kn.lift_by_segment(campaign, labels)
    top_two = labels.astype(str).isin(table.index[:2])
    two = kn.campaign_lift(campaign, labels.index[top_two].intersection(campaign["customer_id"]))
    return float(table["lift"].iloc[0]), float(two["lift"]), table


_DENOMINATOR = ("confidence divides by the baskets that hold the first item (the antecedent).",
                "置信度的分母是含有前项（第一个商品）的购物篮数。")
_SAME_DAY = ("cluster the customers as they looked the day before the mailing.",
             "按寄送前一天的客户状态做聚类。")

register(
    Exercise("06-1a", ("support", "支持度"), lambda: _rule()["support"], kind="fraction",
             slips=(Slip(lambda: _rule()["both_count"],
                         ("support is a share of all baskets, not a count.", "支持度是占全部购物篮的比例，而不是个数。")),),
             hint=("support counts the baskets holding both items, out of all baskets.",
                   "支持度 = 同时含两种商品的购物篮 ÷ 全部购物篮。")),
    Exercise("06-1b", ("confidence", "置信度"), lambda: _rule()["confidence"], kind="fraction",
             slips=(Slip(lambda: _rule()["both_count"] / _rule()["consequent_count"], _DENOMINATOR),
                    Slip(lambda: _rule()["support"], ("that is the support; confidence divides by fewer "
                                                      "baskets.", "这是支持度；置信度的分母更小。"))),
             hint=_DENOMINATOR),
    Exercise("06-1c", ("lift", "提升度"), lambda: _rule()["lift"],
             slips=(Slip(lambda: _rule()["both_count"] / _rule()["consequent_count"]
                         / _rule()["consequent_support"], _DENOMINATOR),
                    Slip(lambda: _rule()["confidence"] / _rule()["antecedent_support"],
                         ("compare the confidence with the share of baskets that hold the second item "
                          "(the consequent).", "把置信度与含后项（第二个商品）的购物篮比例相比。"))),
             hint=("lift compares the confidence with the share of all baskets that hold the "
                   "consequent.", "提升度 = 置信度 ÷ 含后项的购物篮占全部购物篮的比例。")),
    Exercise("06-2a", ("the drilled cube", "下钻后的数据立方体"), _cube, kind="frame",
             hint=("drill from region into city tier, keep 华北, with the two measures asked for.",
                   "从地区下钻到城市等级，只保留华北，度量取题目要求的两个。")),
    Exercise("06-2b", ("city tier with the highest average order", "平均订单额最高的城市等级"),
             lambda: str(_cube()["average_order"].idxmax()), kind="text", codes=True,
             slips=(Slip(lambda: str(_cube()["sales"].idxmax()),
                         ("that tier has the most sales; the question asks for the highest average "
                          "order.", "这个等级的销售额最高；题目问的是平均订单额最高的。")),
                    Slip(lambda: str(_cube()["average_order"].idxmin()),
                         ("the highest average order, not the lowest.", "要最高的平均订单额，不是最低的。"))),
             hint=("look for the largest value of the average-order column.", "找平均订单额列中的最大值。")),
    Exercise("06-2c", ("tier-1 share of 华北 sales", "一线城市占华北销售额的份额"),
             lambda: float(_cube().loc["1", "sales"] / _cube()["sales"].sum()), kind="fraction",
             slips=(Slip(lambda: float(_cube().loc["1", "sales"] / _data()[2]["amount"].sum()),
                         ("divide by the sales of 华北, not of the whole country.",
                          "分母是华北的销售额，而不是全国的。")),),
             hint=("divide tier 1's sales by the region's total.", "一线城市的销售额除以该地区的总额。")),
    Exercise("06-3a", ("item going best with toothpaste", "与牙膏最相关的商品"),
             lambda: str(_toothpaste().sort_values("lift", ascending=False)["consequent"].iloc[0]),
             kind="text",
             slips=(Slip(lambda: str(_toothpaste().sort_values("lift")["consequent"].iloc[0]),
                         ("that has the lowest lift: sort from the highest down.",
                          "这是提升度最低的：要从高到低排序。")),),
             hint=("keep the rules whose antecedent is toothpaste and sort by lift.",
                   "保留前项为牙膏的规则，按提升度排序。")),
    Exercise("06-3b", ("toothpaste rules with lift above 1.2", "牙膏规则中提升度大于 1.2 的条数"),
             lambda: int((_toothpaste()["lift"] > 1.2).sum()), kind="integer",
             slips=(Slip(lambda: int((_toothpaste()["lift"] > 1).sum()),
                         ("the threshold is 1.2, not 1.", "阈值是 1.2，不是 1。")),
                    Slip(lambda: len(_toothpaste()),
                         ("count only the rules above the threshold.", "只数超过阈值的规则。"))),
             hint=("count the toothpaste rules whose lift is above the threshold.",
                   "数一数提升度超过阈值的牙膏规则。")),
    Exercise("06-4a", ("the three clusters", "三个聚类"), lambda: _clusters()[1], kind="custom",
             compare=_same_clusters,
             slips=(Slip(lambda: _clusters(3, scaled=False)[1],
                         ("put the features on a log scale first, as the chapter does.",
                          "像本章一样，先对特征取对数缩放。")),
                    Slip(lambda: _clusters(4)[1], ("three clusters are asked for.", "题目要三个聚类。"))),
             hint=("use the chapter's features on a log scale, three clusters and the seed given.",
                   "用本章的特征（对数缩放）、三个聚类和给定的种子。")),
    Exercise("06-4b", ("cluster that has not bought for longest", "最久未购买的聚类"),
             _lapsed, kind="integer",
             slips=(Slip(lambda: _lapsed(largest=False),
                         ("that cluster bought most recently: look for the largest mean recency.",
                          "这个聚类最近刚买过：要找平均最近购买天数最大的。")),),
             hint=("leave out the all-customers row and look for the largest mean recency.",
                   "去掉全体客户那一行，找平均最近购买天数最大的聚类。")),
    Exercise("06-5a", ("lift of the best cluster", "最佳聚类的提升度"),
             lambda: _campaign()[0],
             slips=(Slip(lambda: _campaign(days_before=0)[0], _SAME_DAY),
                    Slip(lambda: float(_campaign()[2]["lift"].iloc[-1]),
                         ("that is the worst cluster: the table is sorted best first.",
                          "这是最差的聚类：表格按从好到差排序。"))),
             hint=("cluster as of the day before the mailing, four clusters, then the lift of each "
                   "segment.", "按寄送前一天聚成四类，再计算各细分的提升度。")),
    Exercise("06-5b", ("lift of mailing the two best clusters", "寄给最好的两个聚类的提升度"),
             lambda: _campaign()[1],
             slips=(Slip(lambda: _campaign()[0],
                         ("that is the best cluster alone; mail the two best together.",
                          "这只是最好的一个聚类；要把最好的两个合在一起。")),),
             hint=("measure the campaign lift of the mailed customers in the two clusters at the top "
                   "of the table.", "计算排在表格前两位的两个聚类中被寄送客户的活动提升度。")),
)
