"""Glossary terms for the lifecycle topic: key -> (English, 中文).

Stage keys are ``stage_<key>`` for every key of ``crm_lessons.lifecycle.STAGES`` and phase keys
``phase_<key>`` for ``PHASES``; everything else carries the prefix ``lc_``.
"""

TERMS: dict[str, tuple[str, str]] = {
    # the stages (two decks: six in chapter 2, seven in lecture 5)
    "stage": ("lifecycle stage", "生命周期阶段"),
    "stage_potential": ("potential", "潜在客户期"),
    "stage_development": ("development", "客户开发期"),
    "stage_growth": ("growth", "客户成长期"),
    "stage_maturity": ("maturity", "客户成熟期"),
    "stage_decline": ("decline", "客户衰退期"),
    "stage_termination": ("termination", "客户终止期"),
    "stage_recovery": ("recovery", "客户恢复期"),
    # the phases of the lifecycle-profit model
    "lc_phase": ("phase", "阶段"),
    "phase_exploration": ("exploration", "考察期"),
    "phase_formation": ("formation", "形成期"),
    "phase_stability": ("stability", "稳定期"),
    "phase_decline": ("decline", "退化期"),
    # group lifetime
    "lc_group_lifetime": ("average group lifetime", "企业客户群体生命周期"),
    "lc_lifetime_years": ("average lifetime (years)", "平均生命周期（年）"),
    "lc_churn_per_year": ("churn rate per year", "年客户流失率"),
    "lc_company": ("company", "企业"),
    "lc_customers_at_start": ("customers at start", "期初客户数"),
    "lc_lost": ("customers lost", "流失客户数"),
    "lc_replacements": ("new customers needed each year", "每年需开发的新客户数"),
    "lc_replacement_cost": ("yearly cost of standing still (yuan)", "维持规模的年获客成本（元）"),
    "lc_acquisition_per_customer": ("acquisition cost per new customer (yuan)",
                                    "每位新客户获取成本（元）"),
    "lc_customer_base": ("customer base", "客户基数"),
    # lifecycle profit
    "lc_lifecycle_profit": ("lifecycle profit", "客户生命周期利润"),
    "lc_total_profit": ("total profit", "总利润"),
    "lc_investment": ("total investment", "总投入成本"),
    "lc_basic_profit": ("basic profit", "基本利润"),
    "lc_cost_savings": ("cost savings", "成本节约"),
    "lc_referrals": ("referral value", "推荐价值"),
    "lc_acquisition": ("acquisition cost", "获取成本"),
    "lc_concessions": ("price concessions", "价格优惠"),
    "lc_negative_referrals": ("negative referrals", "推荐破坏成本"),
    "lc_profit_per_period": ("profit per period (yuan)", "每期利润（元）"),
    "lc_cumulative_profit": ("cumulative profit (yuan)", "累计利润（元）"),
    "lc_period": ("period of the relationship", "关系期数"),
    "lc_volume": ("transaction volume", "交易量"),
    "lc_wtp": ("willingness to pay", "支付意愿"),
    "lc_unit_cost": ("cost to serve", "服务成本"),
    "lc_indirect": ("indirect benefit", "间接效益"),
    "lc_volume_growth": ("volume growth at maturity", "成熟时交易量增幅"),
    "lc_wtp_growth": ("price premium at maturity", "成熟时支付意愿增幅"),
    "lc_cost_saving": ("cost-to-serve saving at maturity", "成熟时服务成本降幅"),
    "lc_indirect_yuan": ("indirect benefit at maturity (yuan a period)", "成熟时间接效益（元/期）"),
    "lc_driver_level": ("level (period 1 = 1)", "水平（第1期 = 1）"),
    "lc_four_drivers": ("the four profit drivers", "客户利润的四个决定因素"),
    "lc_yuan_per_period": ("yuan per period", "元/期"),
    # stages from data
    "lc_stage_counts": ("customers per stage", "各阶段客户数"),
    "lc_stage_at_start": ("stage at start", "期初阶段"),
    "lc_stage_at_end": ("stage at end", "期末阶段"),
    "lc_transitions": ("stage transitions", "阶段转移"),
    "lc_active_days": ("active: bought within (days)", "活跃：近N天内有购买"),
    "lc_lost_days": ("lost: no purchase for (days)", "终止：超过N天无购买"),
    "lc_mature_days": ("maturity: tenure of at least (days)", "成熟：客户时长至少（天）"),
    "lc_mature_orders": ("maturity: purchases of at least", "成熟：购买次数至少"),
    "lc_recovery_days": ("recovery: came back within (days)", "恢复：N天内重新购买"),
    "lc_spend_365d": ("net spend, last 365 days (yuan)", "近365天净消费（元）"),
    "lc_as_of": ("as of", "截至"),
    # cohorts and tenure
    "lc_cohort": ("acquisition cohort", "获客群组"),
    "lc_cohort_retention": ("cohort retention", "群组保留率"),
    "lc_months_since": ("months since first purchase", "首次购买后月数"),
    "lc_quarters_since": ("quarters since first purchase", "首次购买后季度数"),
    "lc_years_since": ("years since first purchase", "首次购买后年数"),
    "lc_share_buying": ("share of the cohort buying", "群组中仍在购买的比例"),
    "lc_revenue_per_customer": ("net revenue per customer (yuan)", "每位客户净收入（元）"),
    "lc_profit_per_customer": ("gross profit per customer (yuan)", "每位客户毛利（元）"),
    "lc_profit_per_active": ("gross profit per customer still buying (yuan)",
                             "每位仍在购买客户的毛利（元）"),
    "lc_gross_profit_yuan": ("gross profit (yuan)", "毛利（元）"),
    "lc_tenure_value": ("value by tenure", "按客户时长的价值"),
    "lc_margin": ("gross margin", "毛利率"),
}

# Phrase templates for the chapter 02 panels' headlines (see ``glossary.phrase``).
PHRASES = {
    "hl_group_lifetime": (
        "churn rate {churn:.0%} → average group lifetime {years:,.1f} years; new customers "
        "needed each year: {n:,.0f} ({cost:,.0f} yuan)",
        "客户流失率 {churn:.0%} → 企业客户群体生命周期 {years:,.1f} 年；每年需开发新客户 "
        "{n:,.0f} 名（{cost:,.0f} 元）"),
    "hl_lifecycle_profit": (
        "lifecycle profit = {total:,.0f} yuan; highest profit {peak:,.0f} yuan in period {n} "
        "({phase})",
        "客户生命周期利润 = {total:,.0f} 元；第{n}期利润最高，为 {peak:,.0f} 元（{phase}）"),
    "hl_stage_counts": (
        "maturity: {mature:,} ({mature_share:.0%}); decline: {decline:,} ({decline_share:.0%}); "
        "termination: {ended:,} ({ended_share:.0%})",
        "客户成熟期 {mature:,} 人（{mature_share:.0%}）；客户衰退期 {decline:,} 人"
        "（{decline_share:.0%}）；客户终止期 {ended:,} 人（{ended_share:.0%}）"),
    # sentences chapter 02 prints (one code path, two languages)
    "ch02_company": (
        "Company {name}: churn {churn:.0%} → average group lifetime {years:.1f} years; it loses "
        "{lost:,.0f} customers in {span:.0f} years and must win {new:,.0f} new customers a year "
        "to stand still ({cost:,.0f} yuan a year).",
        "企业{name}：客户流失率 {churn:.0%} → 企业客户群体生命周期 {years:.1f} 年；{span:.0f} 年内"
        "流失 {lost:,.0f} 名客户，为保持客户数不变，每年需开发 {new:,.0f} 名新客户（每年 "
        "{cost:,.0f} 元）。"),
    "ch02_standing_still": (
        "Just to stay at {base:,.0f} customers, A spends {extra:,.0f} yuan a year more than B.",
        "仅为把客户数保持在 {base:,.0f} 名，企业A每年就要比企业B多花 {extra:,.0f} 元。"),
    "ch02_geometric_mean": ("mean years a customer stays: A {a:.1f}, B {b:.1f}",
                            "客户平均留存年数：企业A {a:.1f} 年，企业B {b:.1f} 年"),
    "ch02_doubling": (
        "doubling time, keeping 95 % and winning 10 %: {x:.1f} years; keeping 90 %: {never} "
        "(it never grows)",
        "保留 95%、每年新增 10% 时，客户基数 {x:.1f} 年翻一番；保留 90% 时翻番时间为 {never}"
        "（无穷大：客户基数永不增长）"),
    "ch02_lifecycle_profit": (
        "lifecycle profit = total profit {total:,.2f} − total investment {investment:,.2f} "
        "= {profit:,.2f} yuan",
        "客户生命周期利润 = 总利润 {total:,.2f} − 总投入成本 {investment:,.2f} = {profit:,.2f} 元"),
    "ch02_longer_maturity": (
        "lifecycle profit with 6 stable periods: {six:,.2f} yuan; with 9: {nine:,.2f} yuan "
        "(+{gain:,.2f})",
        "稳定期为 6 期时，客户生命周期利润为 {six:,.2f} 元；延长到 9 期时为 {nine:,.2f} 元"
        "（+{gain:,.2f}）"),
    "ch02_data": (
        "{rows:,} transaction rows, {buyers:,} buyers, {customers:,} customers on file; "
        "data to {end:%Y-%m-%d}",
        "交易记录 {rows:,} 行，有购买的客户 {buyers:,} 名，客户名单共 {customers:,} 名；"
        "数据截至 {end:%Y-%m-%d}"),
    "ch02_spend_by_stage": (
        "highest mean net spend in the last 365 days: {top} ({top_spend:,.2f} yuan per customer); "
        "decline: {decline:,.2f}; development: {development:,.2f}",
        "近365天人均净消费最高的阶段：{top}（每位客户 {top_spend:,.2f} 元）；客户衰退期："
        "{decline:,.2f} 元；客户开发期：{development:,.2f} 元"),
    "ch02_declining": (
        "{n:,} customers in decline spent {spend:,.2f} yuan in the last 365 days; the top five "
        "alone {top5:,.2f}",
        "处于衰退期的 {n:,} 名客户近365天共消费 {spend:,.2f} 元，其中消费最多的五位就有 "
        "{top5:,.2f} 元"),
    "ch02_growth_moves": (
        "of {n:,} growth customers at {start}, {matured:.0%} had matured a year later and "
        "{slipping:.0%} were declining or gone",
        "{start} 处于成长期的 {n:,} 名客户中，一年后 {matured:.0%} 已进入成熟期，"
        "{slipping:.0%} 已衰退或终止"),
    "ch02_decline_moves": (
        "of {n:,} declining customers, {lost:.0%} were lost for good and {back:.0%} came back "
        "to buying",
        "处于衰退期的 {n:,} 名客户中，{lost:.0%} 彻底流失，{back:.0%} 恢复了购买"),
    "ch02_cohort_share": ("average share of a cohort still buying: {shares}",
                          "获客群组中仍在购买的平均比例：{shares}"),
    "ch02_in_quarter": ("{share:.0%} in quarter {k}", "第{k}个季度 {share:.0%}"),
    "ch02_tenure_peak": (
        "gross profit per active customer peaks in year {peak} after acquisition "
        "({peak_profit:,.2f} yuan) versus {first:,.2f} in year 0; only {retention:.0%} of the "
        "customers observed that long are still buying; the last year rests on {last:,} customers",
        "每位仍在购买客户的毛利在获客后第{peak}年最高（{peak_profit:,.2f} 元），第0年为 "
        "{first:,.2f} 元；观察满这么久的客户中只有 {retention:.0%} 仍在购买；最后一年只依据 "
        "{last:,} 名客户"),
}
