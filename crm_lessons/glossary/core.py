"""Course-wide terms (used by more than one chapter)."""

TERMS = {
    "crm": ("customer relationship management", "客户关系管理"),
    "customer": ("customer", "客户"),
    "customers": ("customers", "客户数"),
    "year": ("year", "年"),
    "years": ("years", "年数"),
    "month": ("month", "月"),
    "period": ("period", "期"),
    "share": ("share", "占比"),
    "yuan": ("yuan", "元"),
    "revenue": ("revenue", "收入"),
    "profit": ("profit", "利润"),
    "cost": ("cost", "成本"),
    "discount_rate": ("discount rate", "贴现率"),
    "retention_rate": ("retention rate", "客户保留率"),
    "churn_rate": ("churn rate", "客户流失率"),
    "margin": ("margin", "利润率"),
    "clv": ("customer lifetime value", "客户终生价值"),
    "lifecycle": ("customer lifecycle", "客户生命周期"),
    "delivered_value": ("customer delivered value", "客户让渡价值"),
    "relationship_marketing": ("relationship marketing", "关系营销"),
    "satisfaction": ("customer satisfaction", "客户满意度"),
    "loyalty": ("customer loyalty", "客户忠诚度"),
    "satisfaction_trap": ("satisfaction trap", "客户满意陷阱"),
    "segmentation": ("customer segmentation", "客户细分"),
    "rfm": ("RFM analysis", "RFM分析"),
    "recency": ("recency", "最近一次消费"),
    "frequency": ("frequency", "消费频率"),
    "monetary": ("monetary value", "消费金额"),
    "customer_intelligence": ("customer intelligence", "客户智能"),
    "customer_knowledge": ("customer knowledge", "客户知识"),
    "customer_pyramid": ("customer pyramid", "客户金字塔"),
    "stylised_model": ("stylised model, not data", "示意模型，非实测数据"),
}

# Phrase templates (see ``glossary.phrase``): whole phrases around a number, because Chinese puts
# the ordinal around it (第3年), counts with a measure word and uses full-width punctuation.
PHRASES = {
    "year_n": ("year {n}", "第{n}年"),
    "years_x": ("{x:.1f} years", "{x:.1f} 年"),
    "period_n": ("period {n}", "第{n}期"),
    "not_available": ("n/a", "无法计算"),
    "list_sep": (", ", "，"),
    "hl_demo": ("churn rate {churn:.0%} → average lifetime {years:.1f} years",
                "客户流失率 {churn:.0%} → 平均生命周期 {years:.1f} 年"),
}
