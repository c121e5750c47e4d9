"""Glossary terms for the knowledge topic (chapter 06): key -> (English, 中文)."""

TERMS: dict[str, tuple[str, str]] = {
    # words that name a cluster from its members' medians (knowledge.name_clusters)
    "cl_lapsed": ("lapsed", "已流失"),
    "cl_new": ("new", "新客户"),
    "cl_established": ("established", "老客户"),
    "cl_one_off": ("one-off buyers", "只买过一次"),
    "cl_few": ("few purchases", "购买次数少"),
    "cl_repeat": ("repeat buyers", "重复购买"),
    "cl_frequent": ("frequent buyers", "高频购买"),
    "cl_big_spenders": ("big spenders", "高消费"),
    # the framework
    "customer_data": ("customer data", "客户数据"),
    "knowledge_generation": ("knowledge generation", "客户知识的生成"),
    "knowledge_distribution": ("knowledge distribution", "客户知识的分发"),
    "knowledge_use": ("knowledge use", "客户知识的使用"),
    "ci_framework": ("customer intelligence framework", "客户智能体系框架"),
    "business_intelligence": ("business intelligence", "商业智能"),
    "knowledge_base": ("dynamic knowledge base", "动态知识库"),
    "customer_preferences": ("purchase preferences", "消费偏好"),
    "preferred_channels": ("preferred contact channels", "喜欢选用的接触渠道"),
    "purchase_behaviour": ("purchase behaviour", "消费行为特征"),
    "decisions": ("better customer decisions", "更好的客户关系决策"),
    "fw_data_detail": ("transactions · surveys · contacts", "交易 · 调查 · 接触记录"),
    "fw_generation_detail": ("OLAP · rules · clusters", "OLAP · 关联规则 · 聚类"),
    "fw_distribution_detail": ("knowledge base · CRM · files", "知识库 · CRM系统 · 文件"),
    "fw_use_detail": ("marketing · sales · service", "营销 · 销售 · 服务"),
    # OLAP
    "olap": ("online analytical processing (OLAP)", "联机分析处理"),
    "olap_lecture": ("online analysis technique: the lecture's name for OLAP",
                     "在线分析技术（即联机分析处理，OLAP）"),
    "olap_cube": ("OLAP cube", "数据立方体"),
    "dimension": ("dimension", "维度"),
    "measure": ("measure", "度量"),
    "olap_slice": ("slice", "切片"),
    "olap_dice": ("dice", "切块"),
    "drill_down": ("drill down", "下钻"),
    "roll_up": ("roll up", "上卷"),
    "olap_pivot": ("pivot", "旋转"),
    "sales_yuan": ("sales, yuan", "销售额（元）"),
    "orders_count": ("orders", "订单数"),
    "quantity_units": ("quantity, units", "销量（件）"),
    "distinct_customers": ("customers (distinct)", "客户数（去重）"),
    "average_order_yuan": ("average order, yuan", "平均订单金额（元）"),
    "dim_region": ("region", "地区"),
    "dim_category": ("category", "品类"),
    "dim_month": ("month", "月份"),
    "dim_quarter": ("quarter", "季度"),
    "dim_year": ("year", "年份"),
    "dim_city_tier": ("city tier", "城市等级"),
    "dim_channel": ("channel", "渠道"),
    "dim_age_band": ("age band", "年龄段"),
    "dim_gender": ("gender", "性别"),
    "dim_city": ("city", "城市"),
    "dim_industry": ("industry", "行业"),
    # discovery
    "knowledge_discovery": ("knowledge discovery", "知识发现"),
    "data_mining": ("data mining", "数据挖掘"),
    "association_rule": ("association rule", "关联规则"),
    "basket": ("shopping basket", "购物篮"),
    "antecedent": ("if (antecedent)", "前项"),
    "consequent": ("then (consequent)", "后项"),
    "rule_support": ("support", "支持度"),
    "rule_confidence": ("confidence", "置信度"),
    "rule_lift": ("lift", "提升度"),
    "clustering": ("clustering", "聚类"),
    "kmeans": ("k-means clustering", "k均值聚类"),
    "n_clusters": ("number of clusters k", "聚类数 k"),
    "silhouette": ("silhouette score", "轮廓系数"),
    "inertia": ("within-cluster sum of squares", "簇内平方和"),
    "cluster": ("cluster", "簇"),
    "cluster_profile": ("cluster profile", "聚类画像"),
    "z_score": ("standardised mean (z)", "标准化均值（z）"),
    "elbow": ("elbow method", "肘部法则"),
    "rfm_cell": ("RFM cell", "RFM单元"),
    "tenure_days": ("tenure, days", "客户关系时长（天）"),
    "days_since_purchase": ("recency, days since last purchase", "距最近一次消费天数"),
    "purchase_days": ("frequency, purchase days", "消费频率（购买天数）"),
    "spend_yuan": ("monetary value, yuan", "消费金额（元）"),
    "adjusted_rand": ("adjusted Rand index", "调整兰德指数"),
    # distribution and use
    "target_list": ("target list", "目标客户名单"),
    "campaign_response_rate": ("response rate", "响应率"),
    "campaign_lift": ("lift over random selection", "相对随机选择的提升度"),
    "random_selection": ("random selection", "随机选择"),
    "targeted_selection": ("targeted selection", "定向选择"),
    "net_per_piece": ("net profit per piece mailed, yuan", "每件邮寄净利润（元）"),
    # chapter 06 table headers and values assembled in cells
    "sales": ("sales", "销售额"),
    "customers_recounted": ("customers (recounted)", "客户数（重新去重计数）"),
    "customers_summed": ("customers (wrongly summed)", "客户数（直接相加，错误）"),
    "cluster_name": ("name", "名称"),
    "act_invite_vip": ("invite to VIP programme", "邀请加入VIP会员计划"),
    "best_cluster": ("best cluster", "最佳簇"),
    # the target-list schema (knowledge.TARGET_SCHEMA, knowledge.target_schema)
    "schema_type": ("type", "类型"),
    "schema_meaning": ("meaning", "含义"),
    "schema_string": ("string", "文本"),
    "schema_number": ("number", "数值"),
    "schema_customer_id": ("customer key as in the CRM system; unique, not empty",
                           "CRM系统中的客户编号；唯一，不可为空"),
    "schema_segment": ("segment, cluster or rule name the customer was chosen by; not empty",
                       "选中该客户所依据的客户群、簇或规则的名称；不可为空"),
    "schema_action": ("what to do, e.g. 'mail coupon', 'call'; not empty",
                      "要采取的行动，如“寄优惠券”“打电话”；不可为空"),
    "schema_score": ("priority, higher first (e.g. lift, response rate, monetary value)",
                     "优先级，越高越先（如提升度、响应率、消费金额）"),
}

# Phrase templates for the chapter 06 panels' headlines (see ``glossary.phrase``).
PHRASES = {
    # sentences the chapter 06 cells print (one template per sentence, both editions)
    "ch06_data": (
        "{customers:,} customers, {lines:,} transaction lines, {start:%Y-%m-%d} to "
        "{end:%Y-%m-%d}; {buyers:,} customers have bought at least once",
        "{customers:,} 名客户，{lines:,} 条交易记录，时间从 {start:%Y-%m-%d} 到 {end:%Y-%m-%d}；"
        "其中 {buyers:,} 名客户至少购买过一次"),
    "ch06_cube": (
        "{cells:,} cells = {regions} regions × {categories} categories × {months} months; "
        "total sales {sales:,.2f} yuan",
        "{cells:,} 个单元格 = {regions} 个地区 × {categories} 个品类 × {months} 个月；"
        "销售总额 {sales:,.2f} 元"),
    "ch06_roll_up_refused": ("roll_up without the facts: {err}",
                             ("不提供明细交易数据时，上卷操作拒绝计算：去重后的客户数不能直接相加，"
                              "必须传入明细交易数据重新计数（程序原文：{err}）")),
    "ch06_leaders": ("leading region per category: {regions}; categories by sales: {categories}",
                     "各品类销售额领先的地区：{regions}；品类按销售额从高到低：{categories}"),
    "ch06_basket_counts": (
        "{baskets:,} baskets; {a} in {n_a:,}, {b} in {n_b:,}, both in {both:,}",
        "共 {baskets:,} 个购物篮；含{a}的 {n_a:,} 个，含{b}的 {n_b:,} 个，两者都含的 {both:,} 个"),
    "ch06_rule": (
        "{a} → {b}: support {support:.2%}, confidence {confidence:.2%}, lift {lift:.2f}",
        "{a} → {b}：支持度 {support:.2%}，置信度 {confidence:.2%}，提升度 {lift:.2f}"),
    "ch06_pairs": (
        "{n} items → {pairs:,} ordered pairs, before any rule with three items",
        "{n} 种商品 → {pairs:,} 个有序商品对，这还没算含三种商品的规则"),
    "ch06_high_lift": (
        "{rules:,} rules with support ≥ 1 %; {high} have lift above 2, and {with_pair} of those "
        "contain one of the {pairs} strong pairs; the median high-lift rule rests on {median:.0f} "
        "baskets",
        "支持度 ≥ 1% 的规则共 {rules:,} 条；其中 {high} 条提升度大于 2，它们当中有 {with_pair} 条"
        "包含那 {pairs} 个强关联商品对之一；一条高提升度规则所依据的购物篮数，中位数只有 "
        "{median:.0f} 个"),
    "ch06_choose_k": (
        "best silhouette at k = {best}; we use k = {k} (silhouette {silhouette:.3f}); what the "
        "four groups are, the profile below shows",
        "k = {best} 时轮廓系数最高；本章取 k = {k}（轮廓系数 {silhouette:.3f}）；这四组客户各是"
        "什么样，见下面的画像"),
    "ch06_cluster": (
        "cluster {c} = {name}: {size:,} customers; median last purchase {recency:.0f} days ago, "
        "{frequency:.0f} purchase days, {monetary:,.0f} yuan, signed up {tenure:.0f} days ago; "
        "{once:.0%} bought once",
        "第 {c} 簇 = {name}：{size:,} 名客户；按中位数计，最近一次购买在 {recency:.0f} 天前，"
        "购买 {frequency:.0f} 天，消费 {monetary:,.0f} 元，注册于 {tenure:.0f} 天前；"
        "{once:.0%} 只买过一次"),
    "ch06_ari": (
        "{cells} RFM cells in use vs {k} clusters; ARI with the cells = {ari_cells:.3f}, with the "
        "R score alone = {ari_r:.3f}",
        "使用中的 RFM 单元 {cells} 个，聚类 {k} 个；聚类与 RFM 单元的调整兰德指数 = "
        "{ari_cells:.3f}，与单独 R 分的调整兰德指数 = {ari_r:.3f}"),
    "ch06_exported": (
        "{n:,} customers written to {csv} and {xlsx} (sheets: {sheets})",
        "已将 {n:,} 名客户写入 {csv} 和 {xlsx}（工作表：{sheets}）"),
    "ch06_mailing": (
        "{pieces:,} pieces mailed at {cost:.2f} yuan; overall response {rate:.2%}",
        "共邮寄 {pieces:,} 件，每件 {cost:.2f} 元；总体响应率 {rate:.2%}"),
    "ch06_top_cluster": (
        "the highest-spend cluster before the mailing (cluster {c}, {name}) responded at "
        "{rate:.2%}: lift {lift:.2f} over random selection",
        "邮寄前消费最高的簇（第 {c} 簇，{name}）响应率为 {rate:.2%}：相对随机选择的提升度为 "
        "{lift:.2f}"),
    "ch06_best_cells": ("best {n} RFM cells", "最佳的 {n} 个 RFM 单元"),
    "hl_olap_one": ("{dim} {best}: largest {measure} = {value:,.2f}",
                    "{measure}最大的{dim}：{best}（{value:,.2f}）"),
    "hl_olap_two": ("OLAP cube: {n:,} cells · largest {measure} = {value:,.2f} at {r} × {c}",
                    "数据立方体：{n:,} 个单元格 · {measure}最大为 {value:,.2f}，位于 {r} × {c}"),
    "hl_rules_none": ("0 association rules — lower a threshold",
                      "没有满足条件的关联规则，请降低某个阈值"),
    "hl_rules": ("{n:,} rules · best: {a} → {b} (lift {lift:.2f}, confidence {conf:.0%})",
                 "共 {n:,} 条规则 · 最佳：{a} → {b}（提升度 {lift:.2f}，置信度 {conf:.0%}）"),
    "hl_clusters": ("k = {k}: cluster sizes {sizes}", "k = {k}：各簇占比 {sizes}"),
}
