"""Glossary terms for the clv topic: key -> (English, 中文).

Keys carry a ``clv_``, ``ltv_`` or ``pyramid_`` prefix so they never collide with other topics.
"""

TERMS: dict[str, tuple[str, str]] = {
    # concepts
    "clv_annuity_factor": ("annuity factor PVIFA(i, T)", "年金现值系数"),
    "clv_present_value": ("present value", "现值"),
    "clv_discounting": ("discounting", "贴现"),
    "clv_undiscounted": ("undiscounted", "未贴现"),
    "clv_discounted": ("discounted", "贴现后"),
    "clv_single": ("single-customer CLV", "单个客户终生价值"),
    "clv_group": ("group CLV", "客户群体终生价值"),
    "clv_retention_based": ("retention-based CLV", "基于保留率的客户终生价值"),
    "clv_cohort_table": ("cohort lifetime-value table", "群体客户终生价值表"),
    "clv_annual_profit": ("profit per year (yuan)", "年利润（元）"),
    "clv_profit_per_year": ("yearly profit", "年利润"),
    "clv_cumulative_pv": ("cumulative present value", "累计现值"),
    "clv_year_t": ("year t", "第 t 年"),
    "clv_value_yuan": ("value (yuan)", "价值（元）"),
    "clv_per_customer_yuan": ("yuan per acquired customer", "每位获取客户（元）"),
    "clv_per_customer_usd": ("US dollars per acquired customer", "每位获取客户（美元）"),
    "clv_breakeven": ("break-even", "盈亏平衡"),
    "clv_acquisition_cost": ("acquisition cost per customer (yuan)", "每位客户获取成本（元）"),
    "clv_acquisition_cost_usd": ("acquisition cost per customer (US$)", "每位客户获取成本（美元）"),
    "clv_margin": ("margin per year (yuan)", "每年利润（元）"),
    "clv_retention": ("retention per year", "每年客户保留率"),
    "clv_retention_year1": ("retention after year 1", "第一年保留率"),
    "clv_retention_year2": ("retention after year 2", "第二年保留率"),
    "clv_interest": ("interest rate", "利率"),
    "clv_profit_per_period": ("profit per year (yuan)", "每年利润（元）"),
    "clv_horizon": ("years of custom", "客户生命周期（年）"),
    "clv_predicted": ("predicted", "预测"),
    "clv_actual": ("actual", "实际"),
    "clv_segment": ("segment", "细分群体"),
    "clv_net_value": ("value net of acquisition (yuan)", "扣除获取成本后的价值（元）"),
    "clv_roi": ("return on marketing spend", "营销投资回报率"),
    "clv_mass": ("mass marketing", "大众营销"),
    "clv_differentiated": ("differentiated marketing", "差异化营销"),
    "clv_budget_share": ("share of retention budget", "客户维系预算占比"),
    # rows of the cohort table (ltv_table)
    "ltv_customers": ("customers", "客户数"),
    "ltv_retention": ("retention rate", "客户保留率"),
    "ltv_orders_per_year": ("orders per year", "年购买次数"),
    "ltv_average_order": ("average order", "平均订单金额"),
    "ltv_revenue": ("revenue", "总收入"),
    "ltv_cost_rate": ("cost of sales (% of revenue)", "产品销售成本率"),
    "ltv_cost_of_sales": ("cost of sales", "产品销售成本"),
    "ltv_cost_per_customer": ("acquisition / marketing cost per customer",
                              "每位客户获取/营销成本"),
    "ltv_marketing_cost": ("acquisition / marketing cost", "获取/营销成本"),
    "ltv_costs": ("total costs", "总成本"),
    "ltv_gross_profit": ("gross profit", "毛利润"),
    "ltv_profit_per_customer": ("gross profit per customer", "每位客户毛利润"),
    "ltv_discount_divisor": ("discount divisor", "贴现系数（除数）"),
    "ltv_npv": ("net present value", "净现值"),
    "ltv_cumulative_npv": ("cumulative NPV", "累计净现值"),
    "ltv_ltv": ("LTV per acquired customer", "每位客户生命周期价值"),
    # the customer pyramid
    "pyramid_tier": ("tier", "层级"),
    "pyramid_diamond": ("diamond", "钻石"),
    "pyramid_gold": ("gold", "黄金"),
    "pyramid_brass": ("brass", "黄铜"),
    "pyramid_lead": ("lead", "重铅"),
    "pyramid_customer_share": ("share of customers", "客户数占比"),
    "pyramid_value_share": ("share of profit", "利润占比"),
    "pyramid_moves_diamond": ("strengthen; extend; guard loyalty", "强化；延伸；忠诚维护"),
    "pyramid_moves_gold": ("move up; extend; customer care", "上移；延伸；客户关怀"),
    # 减低利益 (lecture): give this tier fewer benefits (discounts, service extras), so what it
    # receives matches what it brings; it is not a cut in the cost of the basic service
    "pyramid_moves_brass": ("move up; maintain; reduce the benefits given",
                            "上移；维持；减低利益"),
    "pyramid_moves_lead": ("move up; reduce the benefits given", "上移；减低利益"),
}

# Phrase templates for the chapter 03 panels' headlines (see ``glossary.phrase``).
PHRASES = {
    "breakeven_year": ("break-even: year {n}", "盈亏平衡：第{n}年"),
    "breakeven_never": ("break-even: not within the table", "表内各年均未盈亏平衡"),
    "hl_single_clv": (
        "customer lifetime value = {value:,.2f} yuan (undiscounted: {plain:,.2f}; "
        "PVIFA = {factor:.4f})",
        "客户终生价值 = {value:,.2f} 元（未贴现：{plain:,.2f} 元；年金现值系数 PVIFA = "
        "{factor:.4f}）"),
    "hl_cohort": (
        "LTV in year {last} = {ltv_last:,.2f}; in year 1 = {ltv_first:,.2f}; {when}",
        "第{last}年的 LTV = {ltv_last:,.2f}；第1年的 LTV = {ltv_first:,.2f}；{when}"),
    "hl_retention_clv": (
        "retention-based CLV = {value:,.2f} yuan (m·r/(1+i−r), m = {margin:,.0f})",
        "基于保留率的客户终生价值 = {value:,.2f} 元（m·r/(1+i−r)，m = {margin:,.0f}）"),
    "hl_pyramid": (
        "diamond {diamond:.0%} of customers → {share:.1%} of profit",
        "钻石客户占客户数 {diamond:.0%} → 占利润 {share:.1%}"),
}
