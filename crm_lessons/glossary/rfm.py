"""Glossary terms for the rfm topic (chapter 05, segmentation and RFM): key -> (English, 中文).

``recency``, ``frequency``, ``monetary``, ``segmentation`` and ``rfm`` are course-wide (core.py).
"""

TERMS: dict[str, tuple[str, str]] = {
    # segmentation
    "market_segmentation": ("market segmentation", "市场细分"),
    "mass_marketing": ("mass marketing", "大众营销"),
    "one_to_one": ("one-to-one marketing", "一对一营销"),
    "segmentation_variables": ("segmentation variables", "细分变量"),
    "seg_geographic": ("geographic", "地理变量"),
    "seg_demographic": ("demographic", "人口统计变量"),
    "seg_psychographic": ("psychographic / lifestyle", "生活方式/心理学变量"),
    "seg_behavioural": ("behavioural", "行为变量"),
    "seg_derived": ("derived by data mining", "分析导出变量"),
    "family_life_cycle": ("family life cycle", "家庭生命周期"),
    "demographic_segmentation": ("demographic segmentation", "人口统计细分"),
    "behavioural_segmentation": ("behavioural segmentation", "行为细分"),
    "psychographic_segmentation": ("psychographic segmentation", "心理细分"),
    "n_segments": ("number of segments", "细分数目"),
    "marketing_return": ("marketing return (index)", "营销回报（指数）"),
    "gross_return": ("gross return", "总回报"),
    "segment_cost": ("cost of serving segments", "细分营销成本"),
    "net_return": ("net return", "净回报"),
    "cost_per_segment": ("cost per segment", "每个细分的成本"),
    "saturation_scale": ("segments to reach 63 % of the maximum return", "达到最大回报 63% 所需细分数"),
    "optimal_depth": ("best depth", "最佳细分程度"),
    # RFM
    "recency_days": ("recency, days since last purchase", "最近一次消费（距今天数）"),
    "frequency_count": ("frequency, purchases", "消费频率（次）"),
    "monetary_yuan": ("monetary value, yuan", "消费金额（元）"),
    "average_order": ("average purchase, yuan", "平均每次消费（元）"),
    "r_score": ("R score", "R 分"),
    "f_score": ("F score", "F 分"),
    "m_score": ("M score", "M 分"),
    "rfm_cell": ("RFM cell", "RFM单元"),
    "rfm_bins": ("number of bins per score", "每个维度的分组数"),
    "quintile": ("quintile", "五分位"),
    "score": ("score", "得分"),
    "customers_in_cell": ("customers per cell", "每个单元的客户数"),
    "pareto_curve": ("Pareto curve of sales", "销售额帕累托曲线"),
    "customer_share": ("share of customers (best first)", "客户累计占比（从大到小）"),
    "sales_share": ("share of sales", "销售额累计占比"),
    "segment_sales_share": ("share of sales", "销售额占比"),
    "big_customers": ("top customers", "大客户"),
    "equality_line": ("every customer alike", "均等线"),
    # test mailing
    "test_mailing": ("test mailing", "测试邮寄"),
    "response_rate": ("response rate", "响应率"),
    "cost_per_piece": ("cost per piece, yuan", "每件邮寄成本（元）"),
    "profit_per_response": ("net profit per response, yuan", "每次响应净利润（元）"),
    "break_even_rate": ("break-even response rate", "盈亏平衡响应率"),
    "break_even_index": ("break-even index", "盈亏投资回报指数"),
    "break_even_index_alt": ("break-even index (BEI), other name", "盈亏平衡指数（即盈亏投资回报指数）"),
    "roi": ("return on investment", "投资回报率"),
    "mail_everyone": ("mail everyone", "全部邮寄"),
    "mail_profitable": ("mail cells above break-even", "只邮寄盈利单元"),
    "net_profit_yuan": ("net profit, yuan", "净利润（元）"),
    "cells_sorted": ("RFM cells, best index first", "RFM 单元（按指数排序）"),
    # named segments
    "rfm_segment": ("RFM segment", "RFM 客户群"),
    "seg_champions": ("Champions", "冠军客户"),
    "seg_cant_lose": ("Can't lose them", "不能失去的客户"),
    "seg_at_risk": ("At risk", "有流失风险"),
    "seg_new": ("New customers", "新客户"),
    "seg_loyal": ("Loyal", "忠诚客户"),
    "seg_potential": ("Potential loyalists", "潜力客户"),
    "seg_need_attention": ("Need attention", "需要关注"),
    "seg_about_to_sleep": ("About to sleep", "即将沉睡"),
    "seg_hibernating": ("Hibernating", "沉睡客户"),
    "seg_lost": ("Lost", "已流失"),
    # the churn-warning case
    "total_purchases": ("total purchases TM = M × F, yuan", "总采购金额 TM = M × F（元）"),
    "customer_tier": ("customer tier", "客户层级"),
    "tier_top": ("top", "顶端客户"),
    "tier_high": ("high", "高端客户"),
    "tier_middle": ("middle", "中端客户"),
    "tier_low": ("low", "低端客户"),
    "purchase_cycle": ("average purchase cycle P, days", "平均采购周期 P（天）"),
    "days_since": ("days since last purchase R", "停止采购天数 R"),
    "cycle_margin": ("P − R, days", "P − R（天）"),
    "warning_threshold": ("warning threshold on P − R, days", "P − R 预警阈值（天）"),
    "churn_warning": ("churn warning", "客户流失预警"),
    "status_at_risk": ("at risk: act now", "流失风险大：立即跟进"),
    "status_watch": ("watch", "稍加留意"),
    "status_on_track": ("on track", "正常"),
    "follow_up": ("follow-up task", "跟进任务"),
    "account": ("account", "客户（企业）"),
}

# Phrase templates for the chapter 05 panels' headlines (see ``glossary.phrase``).
PHRASES = {
    "hl_rfm_cells": (
        "{bins} × {bins} × {bins} = {n} RFM cells; {filled} cells used; {per:,.1f} customers "
        "per cell",
        "{bins} × {bins} × {bins} = {n} 个RFM单元；其中 {filled} 个有客户；平均每个单元 "
        "{per:,.1f} 名客户"),
    "hl_mailing": (
        "break-even response rate = {be:.3%}: mail {chosen:,.0f} of {total:,.0f} RFM cells; return on "
        "investment {roi:,.1f}% vs {roi_all:,.1f}% (mail everyone)",
        "盈亏平衡响应率 = {be:.3%}：邮寄 {total:,.0f} 个RFM单元中的 {chosen:,.0f} 个；投资回报率 "
        "{roi:,.1f}%，全部邮寄时为 {roi_all:,.1f}%"),
}
