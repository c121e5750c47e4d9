"""Classroom page (``crm-lessons present``): instructions and one heading per slider panel.

A panel's English heading is the first paragraph of its ``*_panel`` docstring (the single source;
tests/browser/test_present_cli.py checks each entry's English against it); the Chinese is here.
"""

TERMS = {
    "present_instructions": (
        "Move a slider and release it: the panel recomputes and redraws. "
        "The bold line is the number to watch.",
        "拖动滑块后松开：面板会重新计算并重绘。粗体的一行是要关注的数字。"),
    "panel_demo_panel": (
        "The smallest panel: churn rate → average group lifetime (1 / churn) and a bar to match",
        "最小的面板：客户流失率 → 平均群体生命周期（1 / 流失率）及对应的条形"),
    "panel_delivered_value_panel": (
        "Customer delivered value: move product value, service value, price and time cost",
        "客户让渡价值：调整产品价值、服务价值、价格与时间成本"),
    "panel_customer_base_panel": (
        "A customer base over the years: move the retention rate, the acquisition rate, the "
        "horizon",
        "多年间的客户群：调整客户保留率、获客率与年限"),
    "panel_retention_profit_panel": (
        "Retention economics: move retention, the uplift in points and how fast margins grow",
        "保留的经济账：调整客户保留率、提升的百分点与利润率增长的快慢"),
    "panel_group_lifetime_panel": (
        "Churn rate, base size and acquisition cost → group lifetime, yearly replacements and "
        "their cost; the figure marks the base against company B of the lecture (10 % churn)",
        "客户流失率、客户群规模与获客成本 → 群体生命周期、每年需补充的客户数及其成本；"
        "图中以讲义中的 B 公司（流失率 10 %）作对照"),
    "panel_profit_curve_panel": (
        "The four drivers (volume growth, willingness to pay, cost-to-serve saving, indirect "
        "benefit) → the stylised lifecycle-profit curve and the lifecycle profit",
        "四个决定因素（交易量增长、支付意愿、服务成本节约、间接收益）→ 示意性的生命周期"
        "利润曲线与生命周期利润"),
    "panel_stage_rules_panel": (
        "The stage rules' thresholds → customers per lifecycle stage on ``transactions``",
        "阶段划分规则的阈值 → ``transactions`` 中各生命周期阶段的客户数"),
    "panel_single_clv_panel": (
        "Discount rate, years and yearly profit → CLV = profit × PVIFA(rate, years), with bars",
        "贴现率、年数与每年利润 → CLV = 利润 × PVIFA(贴现率, 年数)，附条形图"),
    "panel_cohort_panel": (
        "Retention after years 1 and 2, year-1 acquisition cost and interest → the LTV row "
        "redrawn",
        "第 1、2 年后的保留率、第 1 年获客成本与利率 → 重新计算 LTV 一行"),
    "panel_retention_clv_panel": (
        "Retention and discount rate → CLV = m·r / (1 + i − r), on the curve against retention",
        "保留率与贴现率 → CLV = m·r / (1 + i − r)，标在随保留率变化的曲线上"),
    "panel_pyramid_panel": (
        "Share of customers in the diamond tier → the pyramid's shares of customers and profit",
        "钻石层的客户占比 → 客户金字塔各层的客户数占比与利润占比"),
    "panel_competition_panel": (
        "Competition intensity (0 = monopoly-like, 1 = fiercely competitive) morphs the loyalty "
        "curve",
        "竞争强度（0 = 近乎垄断，1 = 竞争激烈）改变忠诚度曲线的形状"),
    "panel_expectation_panel": (
        "How far basic and latent expectations are met (1–5 each) → stylised loyalty from each",
        "基本期望与潜在期望的满足程度（各 1–5）→ 各自带来的示意性忠诚度"),
    "panel_tolerance_panel": (
        "Kotler's table on a survey as the \"as expected\" band widens (tolerance in points)",
        "“符合期望”区间变宽时（容忍度，单位：分），问卷数据上的科特勒表"),
    "panel_priority_panel": (
        "Weights of the three degrees → the retention priority list (who comes first)",
        "三个维度的权重 → 客户保留优先名单（谁排在最前）"),
    "panel_segmentation_depth_panel": (
        "Cost per segment and how fast returns saturate → the stylised best number of segments",
        "每个细分群体的成本与回报饱和的快慢 → 示意性的最佳细分数目"),
    "panel_bins_panel": (
        "Number of bins per score → the R × F grid of customer counts; returns the scores",
        "每项评分的分档数 → R × F 网格中的客户数；返回各项评分"),
    "panel_mailing_panel": (
        "Cost per piece and profit per response → break-even, which cells to mail, ROI of both "
        "plans",
        "每件邮寄成本与每次响应利润 → 盈亏平衡点、应邮寄的单元格及两种方案的投资回报率"),
    "panel_warning_panel": (
        "Warning threshold on P − R (days) → how many accounts to watch and to call; returns "
        "the table",
        "P − R 的预警阈值（天）→ 需要关注和需要致电的客户数；返回该表"),
    "panel_olap_panel": (
        "Choose two dimensions and a measure → the pivoted cube (rows × columns) as a heat map",
        "选择两个维度和一个度量 → 旋转后的数据立方体（行 × 列）热力图"),
    "panel_rules_panel": (
        "Support / confidence / lift thresholds → the rules that pass them (table + scatter)",
        "支持度 / 置信度 / 提升度阈值 → 满足阈值的关联规则（表格 + 散点图）"),
    "panel_clusters_panel": (
        "k → k-means clusters of ``features`` and their profile (means of ``profile_features``)",
        "k → ``features`` 的 k 均值聚类及其画像（``profile_features`` 的均值）"),
}
