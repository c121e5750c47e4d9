"""Glossary terms for the value topic (chapter 01, relationship marketing): key -> (English, 中文)."""

TERMS: dict[str, tuple[str, str]] = {
    # customer delivered value (Kotler)
    "total_customer_value": ("total customer value", "客户总价值"),
    "total_customer_cost": ("total customer cost", "客户总成本"),
    "value_ratio": ("value ratio (value ÷ cost)", "价值比（总价值÷总成本）"),
    "cdv_difference": ("delivered value (value − cost)", "让渡价值（总价值−总成本）"),
    "product_value": ("product value", "产品价值"),
    "service_value": ("service value", "服务价值"),
    "personnel_value": ("personnel value", "人员价值"),
    "image_value": ("image value", "形象价值"),
    "monetary_cost": ("monetary cost", "货币成本"),
    "time_cost": ("time cost", "时间成本"),
    "energy_cost": ("energy cost", "体力成本"),
    "psychic_cost": ("psychic cost", "精神成本"),
    "cdv_amount_yuan": ("amount (yuan)", "金额（元）"),
    # the markets of relationship marketing
    "the_firm": ("the firm", "企业"),
    "customer_market": ("customer market", "客户市场"),
    "supplier_market": ("supplier market", "供应商市场"),
    "internal_market": ("internal market", "内部市场"),
    "competitor_market": ("competitor market", "竞争者市场"),
    "distributor_market": ("distributor market", "分销商市场"),
    "influencer_market": ("influencer market (government, community)", "影响者市场（政府、社区）"),
    "recruitment_market": ("recruitment market", "招聘市场"),
    "relationship_markets": ("the markets of relationship marketing", "关系营销的市场范围"),
    # Bacon's ladder and Berry & Parasuraman's levels
    "ordinary_buyer": ("ordinary buyer", "普通买主"),
    "preferred_supplier": ("preferred supplier", "被优先考虑的供应商"),
    "ladder_partner": ("partner", "合作伙伴"),
    "strategic_alliance": ("strategic alliance", "战略联盟"),
    "firm_investment": ("firm's investment in the relationship", "企业投入"),
    "relationship_value": ("value to the customer", "客户价值"),
    "bacon_ladder": ("Bacon's ladder of customer relationships", "Bacon 的客户关系分类"),
    "financial_bond": ("financial bond (level 1)", "财务纽带（一级）"),
    "social_bond": ("social bond (level 2)", "社交纽带（二级）"),
    "structural_bond": ("structural bond (level 3)", "结构纽带（三级）"),
    # implementation cycle
    "find_customers": ("find customers", "寻找客户"),
    "know_customers": ("get to know them", "认识、熟悉客户"),
    "keep_in_touch": ("keep in touch, build the relationship", "保持联系、建立关系"),
    "feed_back_improve": ("feed back, improve products and service", "反馈信息，改进产品和服务"),
    "check_promises": ("check promises are kept", "检查承诺"),
    "satisfy_customers": ("customers feel truly satisfied with products and service",
                          "在产品、服务上使客户感到有效满足"),
    "new_round": ("then a new round begins", "开始新一轮营销"),
    "implementation_cycle": ("the relationship marketing cycle", "关系营销的过程"),
    # retention economics
    "projected_base": ("customer base", "客户基数"),
    "acquisition_rate_base": ("acquisition rate (new ÷ base)", "获客率（新客户÷客户基数）"),
    "start_customers": ("customers at start", "初始客户数"),
    "projection_years": ("years projected", "预测年数"),
    "base_doubling_time": ("doubling time", "翻倍时间"),
    "retention_uplift": ("retention uplift (points)", "保留率提升（百分点）"),
    "tenure_margin_growth": ("margin growth per year of tenure", "利润随客户关系年数的年增长率"),
    "relationship_year": ("year of the relationship", "客户关系第几年"),
    "expected_profit_per_won": ("expected profit per customer won (yuan)", "每位新客户的期望利润（元）"),
    "profit_per_customer_won": ("profit per customer won (yuan)", "每位新客户利润（元）"),
    "retention_profit_change": ("change in profit", "利润变化"),
    "before_uplift": ("before", "提升前"),
    "after_uplift": ("after", "提升后"),
    "reichheld_sasser": ("Reichheld & Sasser 1990 (published)", "Reichheld & Sasser 1990（已发表）"),
    "value_model": ("this model", "本模型"),
    "rs_bank_branch_deposits": ("bank branch deposits", "银行分行存款"),
    "rs_insurance_brokerage": ("insurance brokerage", "保险经纪"),
    "rs_office_building_management": ("office building management", "写字楼管理"),
    "rs_auto_service": ("auto service", "汽车服务"),
    "churn_replacement_cost": ("cost of replacing lost customers", "补充流失客户的成本"),
    "customer_profitability": ("customer profitability", "客户盈利能力"),
    "cumulative_customer_profit": ("cumulative profit (yuan)", "累计利润（元）"),
    "customers_ranked": ("customers, most profitable first (%)", "客户（按利润从高到低，%）"),
}

# Phrase templates for the chapter 01 panels' headlines (see ``glossary.phrase``).
PHRASES = {
    "hl_delivered_value": (
        "delivered value (value − cost) = {difference:,.0f} yuan · value ratio (value ÷ cost) "
        "= {ratio:.2f}",
        "客户让渡价值（总价值−总成本）= {difference:,.0f} 元 · 价值比（总价值÷总成本）= "
        "{ratio:.2f}"),
    "doubling_time_x": ("doubling time ≈ {x:.1f} years", "客户基数约 {x:.1f} 年翻一番"),
    "doubling_never": ("doubling time: ∞ (the base never doubles)", "客户基数永远不会翻番"),
    "hl_customer_base": (
        "year {n}: {count:,.0f} customers (×{ratio:.2f}) · {trend}",
        "第{n}年：客户 {count:,.0f} 名（×{ratio:.2f}）· {trend}"),
    "hl_retention_profit": (
        "retention {before:.0%} → {after:.0%}: profit per customer won {base:,.2f} → "
        "{uplifted:,.2f} yuan ({change})",
        "客户保留率 {before:.0%} → {after:.0%}：每位新客户利润 {base:,.2f} → "
        "{uplifted:,.2f} 元（{change}）"),
}

# Phrase templates for the sentences chapter 01's cells print (issue 15: one code cell, two
# editions). The English text is exactly what the cells printed before.
PHRASES.update({
    "ch01_total_value": ("total customer value  {x:>10,.2f} yuan", "客户总价值      {x:>10,.2f} 元"),
    "ch01_total_cost": ("total customer cost   {x:>10,.2f} yuan", "客户总成本      {x:>10,.2f} 元"),
    "ch01_delivered": ("delivered value       {x:>10,.2f} yuan (difference)",
                       "客户让渡价值    {x:>10,.2f} 元（差额）"),
    "ch01_value_ratio": ("value ratio           {x:>10.2f}      (value ÷ cost)",
                         "价值比          {x:>10.2f}      （总价值 ÷ 总成本）"),
    "ch01_tractor": (
        "value {value:,.0f} · price {price:,.0f} · delivered value {difference:,.0f} · "
        "ratio {ratio:.2f}",
        "客户总价值 {value:,.0f} · 价格 {price:,.0f} · 客户让渡价值 {difference:,.0f} · "
        "价值比 {ratio:.2f}"),
    "ch01_company": ("company {name}", "公司{name}"),
    "ch01_churn_company": (
        "company {name}: churn {churn:.0%}, group lifetime {lifetime:.0f} years, must win "
        "{new:.0f} new customers a year, costing {cost:,.0f} yuan just to stand still",
        "公司{name}：客户流失率 {churn:.0%}，客户群平均保持 {lifetime:.0f} 年，每年须争取 "
        "{new:.0f} 名新客户，仅为维持原有规模就要花费 {cost:,.0f} 元"),
    "ch01_relationship_costs": (
        "{name}: keeps {kept:.0f} customers for {retention:,.0f} yuan (retention cost), "
        "replaces {lost:.0f} for {churn:,.0f} yuan (churn cost): {total:,.0f} yuan a year",
        "{name}：花 {retention:,.0f} 元维持 {kept:.0f} 名老客户（客户维持成本），花 "
        "{churn:,.0f} 元补充 {lost:.0f} 名流失客户（客户流失成本）：每年共 {total:,.0f} 元"),
    "ch01_acquisition_vs_retention": (
        "one new customer costs as much as keeping an old one for {years:.0f} years",
        "争取一名新客户的成本相当于维持一名老客户 {years:.0f} 年"),
    "ch01_profitability": (
        "{n:,} customers · total profit {profit:,.2f} yuan · refunds {refunds:,.2f} yuan · "
        "unprofitable so far: {share:.1%}",
        "客户 {n:,} 名 · 总利润 {profit:,.2f} 元 · 退款 {refunds:,.2f} 元 · "
        "迄今尚未盈利的客户：{share:.1%}"),
    "ch01_doubling": (
        "{retention:.0%} retention: doubling time {x:.1f} years; after {years} years "
        "{count:,.1f} customers per 100",
        "客户保留率 {retention:.0%}：客户基数约 {x:.1f} 年翻一番；{years} 年后每 100 名客户"
        "变为 {count:,.1f} 名"),
    "ch01_never_doubles": (
        "{retention:.0%} retention: doubling time {x} (never doubles); after {years} years "
        "{count:,.1f} customers per 100",
        "客户保留率 {retention:.0%}：翻番时间为 {x}（客户基数永远不会翻番）；{years} 年后"
        "每 100 名客户仍为 {count:,.1f} 名"),
    "ch01_standstill": (
        "retention at which a base winning {acquisition:.0%} a year stops shrinking: "
        "{retention:.0%}",
        "每年新增客户 {acquisition:.0%} 时，客户基数不再缩小所需的客户保留率：{retention:.0%}"),
    "ch01_shop_rates": (
        "retention {retention:.1%}, acquisition rate {acquisition:.1%} → growth factor "
        "{growth:.3f} a year; stand-still retention at this acquisition rate: {standstill:.1%}",
        "客户保留率 {retention:.1%}，获客率 {acquisition:.1%} → 客户基数每年增长系数 "
        "{growth:.3f}；在此获客率下维持规模所需的客户保留率：{standstill:.1%}"),
    "ch01_profit_per_customer": (
        "retention {retention:.0%}: profit per customer won {profit:,.2f} yuan",
        "客户保留率 {retention:.0%}：每争取一名客户的利润 {profit:,.2f} 元"),
    "ch01_profit_change": (
        "change: {change:+.1f}% (Reichheld & Sasser: {low:.0%} to {high:.0%})",
        "变化：{change:+.1f}%（赖克哈尔德和萨塞：{low:.0%} 至 {high:.0%}）"),
})

# Table labels of chapter 01's cells (the English text is the label the cells printed before).
TERMS.update({
    "published_profit_increase_pct": ("published profit increase (%)", "公开发表的利润增幅（%）"),
    "profit_change_pct": ("profit change (%)", "利润变化（%）"),
    "our_offer": ("our offer", "本企业的产品"),
    "rival_offer": ("rival offer", "竞争对手的产品"),
})
