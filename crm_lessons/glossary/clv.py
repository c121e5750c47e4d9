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

# Sentences the chapter 03 notebook prints (one code cell, two editions: issue 15).
PHRASES.update({
    "ch03_annual_profit": (
        "profit per year: {annual:,.0f} yuan; {years} years without discounting: {plain:,.0f} yuan",
        "每年利润：{annual:,.0f} 元；{years} 年不贴现合计：{plain:,.0f} 元"),
    "ch03_clv_at_rate": (
        "discount rate {rate:.0%}: CLV = {value:,.2f} yuan  (PVIFA = {factor:.6f})",
        "贴现率 {rate:.0%}：客户终生价值 = {value:,.2f} 元（年金现值系数 PVIFA = {factor:.6f}）"),
    "ch03_factor_digits": (
        "{annual:,.0f} × {pvifa:.6f} = {exact:,.2f}; with the factor cut to four decimals: "
        "{annual:,.0f} × {pvifa:.4f} = {cut:,.2f}",
        "{annual:,.0f} × {pvifa:.6f} = {exact:,.2f}；系数只保留四位小数时："
        "{annual:,.0f} × {pvifa:.4f} = {cut:,.2f}"),
    "ch03_group_clv": (
        "{n} prospects at {pct} %: {value:,.2f} yuan",
        "{n} 位潜在客户、贴现率 {pct}%：{value:,.2f} 元"),
    "ch03_hughes_currency": (
        "currency of Hughes' example: {currency} (US dollars)",
        "休斯示例的货币：{currency}（美元）"),
    "ch03_npv_divisors": (
        "year-3 NPV with 1.35: {rounded:,.0f}; with 1.3456: {exact:,.0f}",
        "第3年净现值：贴现系数取 1.35 时为 {rounded:,.0f}，取 1.3456 时为 {exact:,.0f}"),
    "ch03_ltv_divisors": (
        "LTV after year 3 with 1.35: {rounded:,.2f}; with 1.3456: {exact:,.2f}",
        "第3年末的 LTV：贴现系数取 1.35 时为 {rounded:,.2f}，取 1.3456 时为 {exact:,.2f}"),
    "ch03_breaks_even": (
        "the cohort breaks even in year {n}",
        "该客户群体在第{n}年实现盈亏平衡"),
    "ch03_year1_profit": (
        "year-1 gross profit per customer: {value:,.2f}",
        "第1年每位客户毛利润：{value:,.2f}"),
    "ch03_loss_year1": (
        "loss per customer who leaves after year 1: {value:,.2f} yuan",
        "第1年后即流失的客户，每位的损失：{value:,.2f} 元"),
    "ch03_lecture_ltv": (
        "LTV after year 3: {ltv:,.2f} yuan (cumulative NPV {npv:,.0f} yuan; "
        "the lecture implies 660,800)",
        "第3年末的 LTV：{ltv:,.2f} 元（累计净现值 {npv:,.0f} 元；讲义隐含的数值为 660,800）"),
    "ch03_pyramid_shares": (
        "diamond: {n:,.0f} customers ({share:.0%}) bring {value:.1%} of 2024 profit; "
        "lead: {lead_share:.0%} of customers bring {lead_value:.1%}",
        "钻石客户：{n:,.0f} 名（占 {share:.0%}）贡献 2024 年利润的 {value:.1%}；"
        "重铅客户：占客户数 {lead_share:.0%}，贡献 {lead_value:.1%}"),
    "ch03_lead_negative": (
        "lead customers with negative value (refunds > purchases): {n}",
        "价值为负（退款多于购买）的重铅客户：{n} 名"),
    "ch03_forecast_cautious": (
        "after 3 years the cohort is worth {actual:,.2f} yuan per customer against "
        "{predicted:,.2f} forecast: the forecast was too cautious by {gap:.1%}",
        "3 年后该客户群体每位客户价值 {actual:,.2f} 元，预测为 {predicted:,.2f} 元："
        "预测过于保守，低估了 {gap:.1%}"),
    "ch03_forecast_optimistic": (
        "after 3 years the cohort is worth {actual:,.2f} yuan per customer against "
        "{predicted:,.2f} forecast: the forecast was too optimistic by {gap:.1%}",
        "3 年后该客户群体每位客户价值 {actual:,.2f} 元，预测为 {predicted:,.2f} 元："
        "预测过于乐观，高估了 {gap:.1%}"),
    "ch03_cohort_year1_paid": (
        "year-1 gross profit per customer of the 2022 cohort: {value:,.2f} yuan "
        "(the first year already pays for acquisition)",
        "2022 年客户群体第1年每位客户毛利润：{value:,.2f} 元（第一年就已收回获取成本）"),
    "ch03_cohort_year1_unpaid": (
        "year-1 gross profit per customer of the 2022 cohort: {value:,.2f} yuan "
        "(acquisition is not yet paid back)",
        "2022 年客户群体第1年每位客户毛利润：{value:,.2f} 元（获取成本尚未收回）"),
    "ch03_best_worst_channel": (
        "best channel: {best_name} ({best:,.2f} yuan net per customer); "
        "worst: {worst_name} ({worst:,.2f} yuan)",
        "最佳渠道：{best_name}（每位客户净值 {best:,.2f} 元）；最差渠道：{worst_name}（{worst:,.2f} 元）"),
    "ch03_holdout_split": (
        "channels chosen on {choosing:,} customers: {chosen}; scored on the other {held_out:,}",
        "用 {choosing:,} 名客户选出的渠道：{chosen}；在其余 {held_out:,} 名客户上检验"),
    "ch03_holdout_roi": (
        "held out: mass (all channels) net ROI {mass:.0%}; differentiated net ROI {targeted:.0%}",
        "留出客户上：大众营销（全部渠道）净投资回报率 {mass:.0%}；差异化营销净投资回报率 {targeted:.0%}"),
    "ch03_holdout_ratios": (
        "net ROI ratio (differentiated ÷ mass): {ratio:.2f}; "
        "gross ratio (value won per yuan): {gross:.2f}",
        "净投资回报率之比（差异化 ÷ 大众）：{ratio:.2f}；毛回报之比（每元投入赢得的价值）：{gross:.2f}"),
    "ch03_retention_clv_at": (
        "m = 100, i = 10 %, r = {r:.0%}: CLV = {value:,.2f} yuan",
        "m = 100，i = 10%，r = {r:.0%}：客户终生价值 = {value:,.2f} 元"),
    "ch03_discount_move": (
        "retention 90 %, discount 5 % → 20 %: {a:,.2f} → {b:,.2f} yuan ({diff:+,.2f}, ×{ratio:.2f})",
        "保留率 90%，贴现率 5% → 20%：{a:,.2f} → {b:,.2f} 元（{diff:+,.2f}，×{ratio:.2f}）"),
    "ch03_retention_move": (
        "discount 10 %, retention 80 % → 90 %: {a:,.2f} → {b:,.2f} yuan ({diff:+,.2f}, ×{ratio:.2f})",
        "贴现率 10%，保留率 80% → 90%：{a:,.2f} → {b:,.2f} 元（{diff:+,.2f}，×{ratio:.2f}）"),
    "ch03_swing_discount": (
        "the larger swing here: the discount rate move",
        "此处变动更大的是：贴现率的变化"),
    "ch03_swing_retention": (
        "the larger swing here: the retention move",
        "此处变动更大的是：保留率的变化"),
})
