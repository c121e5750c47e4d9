"""Glossary terms for the satisfaction topic: key -> (English, 中文).

Course-wide words (satisfaction 客户满意度, loyalty 客户忠诚度, satisfaction trap 客户满意陷阱,
retention rate, churn rate …) live in ``core``; the terms below belong to chapter 04.
"""

TERMS: dict[str, tuple[str, str]] = {
    # Kotler: performance against expectation
    "expectation": ("expectation", "期望"),
    "performance": ("perceived performance", "感知绩效"),
    "expectation_gap": ("performance − expectation (points)", "绩效与期望之差（分）"),
    "performance_expectation_table": ("performance–expectation table", "绩效与期望关系表"),
    "satisfaction_state": ("satisfaction state", "满意状态"),
    "dissatisfied": ("dissatisfied", "不满意"),
    "satisfied": ("satisfied", "满意"),
    "delighted": ("delighted", "高度满意"),
    "tolerance_points": ("tolerance (points)", "容忍区间（分）"),
    "satisfaction_score": ("satisfaction score (1–5)", "满意度评分（1–5）"),
    "respondents": ("respondents", "受访客户数"),
    # the four elements that drive satisfaction
    "satisfaction_elements": ("four elements of satisfaction", "影响客户满意度四要素"),
    "element_basic_product": ("basic product or service", "基本产品或服务"),
    "element_support": ("support services", "基本支持服务"),
    "element_recovery": ("service recovery", "补救措施"),
    "element_personalisation": ("personalised service", "个性化服务"),
    # satisfaction and loyalty curves
    "loyalty_share": ("loyalty (share who stay)", "忠诚度（留存比例）"),
    "satisfaction_loyalty": ("satisfaction and loyalty", "客户满意度与客户忠诚度"),
    "market_highly_competitive": ("highly competitive industry", "高度竞争行业"),
    "market_less_competitive": ("less competitive industry", "低度竞争行业"),
    "market_zones": ("Heskett's zones", "赫斯克特分区"),
    "market_basic_expectation": ("basic expectations met", "满足基本期望"),
    "market_latent_expectation": ("latent expectations met", "满足潜在期望"),
    "zone_defection": ("zone of defection", "背叛区"),
    "zone_indifference": ("zone of indifference", "冷淡区"),
    "zone_affection": ("zone of affection", "情感区"),
    "basic_expectation": ("basic expectation", "基本期望"),
    "latent_expectation": ("latent expectation", "潜在期望"),
    "fulfilment_level": ("fulfilment level (1–5)", "期望满足程度（1–5）"),
    "loyalty_ceiling": ("ceiling", "上限"),
    "false_loyalty": ("false loyalty", "虚假忠诚"),
    "competition_intensity": ("competition intensity", "竞争强度"),
    "blended_market": ("your market", "当前市场"),
    # the trap in data
    "repurchase_rate": ("repurchase rate", "再购率"),
    "repurchase_by_score": ("repurchase rate by satisfaction score", "各满意度评分的再购率"),
    "ratio_5_vs_4": ("5-vs-4 repurchase ratio", "5分与4分客户再购率之比"),
    "defect_share_4": ("share of satisfied 4s who defect", "满意（4分）客户的流失比例"),
    "defectors_satisfied_share": ("defectors who had said they were satisfied",
                                  "流失客户中曾表示满意的比例"),
    "confidence_interval": ("95% confidence interval", "95%置信区间"),
    # retention strategy
    "retention_strategy": ("retention strategy", "客户维持战略"),
    "three_degree_model": ("three-degree model", "三度模型"),
    "retention_degree": ("customer retention", "客户维持度"),
    "contribution_degree": ("customer contribution", "客户贡献度"),
    "retention_probability": ("retention probability", "维持概率"),
    "contribution_yuan": ("contribution (yuan)", "贡献（元）"),
    "virtuous_circle": ("virtuous circle", "良性循环"),
    "retention_priority": ("retention priority", "客户维持优先级"),
    "priority_score": ("priority score (0–1)", "优先级得分（0–1）"),
    "need_score": ("low satisfaction", "满意度低"),
    "risk_score": ("low retention", "维持度低"),
    "value_score": ("high contribution", "贡献度高"),
    "value_at_risk": ("value at risk (yuan)", "流失风险金额（元）"),
    "share_of_value_at_risk": ("of all value at risk", "占全部流失风险金额"),
    "weight_satisfaction": ("weight · satisfaction", "权重 · 满意度"),
    "weight_retention": ("weight · retention", "权重 · 维持度"),
    "weight_contribution": ("weight · contribution", "权重 · 贡献度"),
    "top_customers": ("customers shown", "显示客户数"),
    "first_in_line": ("first in line", "优先维持"),
}

# Phrase templates for the chapter 04 panels' headlines (see ``glossary.phrase``).
PHRASES = {
    "hl_priority": (
        "first in line: {name} · value at risk {value:,.2f} yuan · top {top} → {share:.0%} "
        "of all value at risk",
        "优先维持：{name} · 流失风险金额 {value:,.2f} 元 · 前 {top} 位占全部流失风险金额的 "
        "{share:.0%}"),
}

# Phrase templates for the sentences chapter 04's cells print (issue 15: one code cell, two
# editions). The English text is exactly what the cells printed before.
PHRASES.update({
    "ch04_survey": ("{n:,} respondents, survey date {date:%Y-%m-%d}",
                    "受访客户 {n:,} 名，调查日期 {date:%Y-%m-%d}"),
    "ch04_reichheld_range": ("5 points fewer defections → profit +{low:.0%} to +{high:.0%}",
                             "客户流失率降低 5 个百分点 → 利润增加 {low:.0%} 至 {high:.0%}"),
    "ch04_claim_inside": (
        "lecture 5: +{claim:.0%} for financial institutions; inside Reichheld & Sasser's range: True",
        "第五讲：金融机构利润增加 {claim:.0%}；在赖克哈尔德和萨塞的区间之内"),
    "ch04_claim_outside": (
        "lecture 5: +{claim:.0%} for financial institutions; inside Reichheld & Sasser's range: "
        "False",
        "第五讲：金融机构利润增加 {claim:.0%}；不在赖克哈尔德和萨塞的区间之内"),
    "ch04_churn_lifetimes": (
        "churn 10% → {a:.0f} years; churn 5% → {b:.0f} years",
        "流失率 10% → 客户平均保持 {a:.0f} 年；流失率 5% → {b:.0f} 年"),
    "ch04_xerox_ratio": (
        "highly competitive model: a 5 is {x:.1f} times as loyal as a 4 (Xerox: six times)",
        "高度竞争模型：满意度 5 分客户的忠诚度是 4 分客户的 {x:.1f} 倍（施乐：6 倍）"),
    "ch04_false_loyalty": (
        "less competitive model: even at satisfaction 1, {share:.0%} stay (false loyalty)",
        "低度竞争模型：即使满意度只有 1 分，仍有 {share:.0%} 的客户留下（虚假忠诚）"),
    "ch04_basic_met": (
        "basic expectations fully met, latent ignored: loyalty {loyalty:.1%} "
        "(ceiling {ceiling:.1%})",
        "基本期望完全满足、潜在期望未予理会：忠诚度 {loyalty:.1%}（上限 {ceiling:.1%}）"),
    "ch04_latent_met": (
        "latent expectations met to level 4: loyalty {loyalty:.1%}; fully met: {ceiling:.0%}",
        "潜在期望满足到 4 级：忠诚度 {loyalty:.1%}；完全满足：{ceiling:.0%}"),
    "ch04_trap_satisfied": (
        "{share:.0%} of respondents called themselves satisfied (4 or 5).",
        "{share:.0%} 的受访客户自称满意（4 分或 5 分）。"),
    "ch04_trap_fours": (
        "Of the {n:,.0f} who scored 4, {share:.0%} did not buy again.",
        "打 4 分的 {n:,.0f} 名客户中，{share:.0%} 没有再次购买。"),
    "ch04_trap_ratio": (
        "5s repurchased {ratio:.2f} times as often as 4s ({rate5:.0%} vs {rate4:.0%}; "
        "Xerox: six times).",
        "打 5 分的客户再次购买的比例是打 4 分客户的 {ratio:.2f} 倍（{rate5:.0%} 对 "
        "{rate4:.0%}；施乐：6 倍）。"),
    "ch04_trap_defectors": (
        "Of everyone who did not come back, {share:.0%} had said they were satisfied.",
        "所有没有回头的客户中，{share:.0%} 曾说自己满意。"),
    "ch04_decline": (
        "in decline: {satisfied:.0%} call themselves satisfied, {repurchase:.0%} bought again",
        "衰退期：{satisfied:.0%} 自称满意，{repurchase:.0%} 再次购买"),
    "ch04_top_priority": (
        "top 10% by priority ({top} customers): {share:.0%} did not buy again",
        "按维持优先级排在前 10%（{top} 名客户）：{share:.0%} 没有再次购买"),
    "ch04_top_contribution": (
        "top 10% by contribution alone: {share:.0%} did not buy again",
        "只按贡献排在前 10%：{share:.0%} 没有再次购买"),
    "ch04_all_respondents": ("all respondents: {share:.0%} did not buy again",
                             "全部受访客户：{share:.0%} 没有再次购买"),
    "ch04_priority_value": (
        "the priority top 10% hold {share:.0%} of the value at risk ({top:,.2f} of {total:,.2f} "
        "yuan)",
        "维持优先级前 10% 的客户占全部流失风险金额的 {share:.0%}（{total:,.2f} 元中的 "
        "{top:,.2f} 元）"),
})
PHRASES["ch04_customer"] = ("customer {name}", "客户{name}")
