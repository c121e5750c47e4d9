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
    "rfm_cells_count": ("{n} RFM cells", "{n}个RFM单元"),
    "bei_positive_of": ("{bei} > 0 in {n} of {total} RFM cells", "{total}个RFM单元中有{n}个{bei} > 0"),
    "best_cells": ("best cells", "最佳单元"),
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
    # what to do with each named segment (rfm.segment_table's action column)
    "segact_champions": ("reward; ask for referrals; early access",
                         "给予回馈；请他们推荐新客户；新品优先体验"),
    "segact_cant_lose": ("win back personally: call, find out why",
                         "由专人挽回：打电话了解原因"),
    "segact_at_risk": ("reactivation offer before they are gone", "在其流失前提供激活优惠"),
    "segact_new": ("onboard; make the second purchase easy", "做好入门引导，让第二次购买更容易"),
    "segact_loyal": ("upsell; loyalty programme", "向上销售；会员忠诚计划"),
    "segact_potential": ("membership; recommend related products", "邀请入会；推荐相关产品"),
    "segact_need_attention": ("limited-time offer based on past purchases",
                              "根据以往购买提供限时优惠"),
    "segact_about_to_sleep": ("reminder; popular products", "发送提醒；推荐热销产品"),
    "segact_hibernating": ("low-cost reminder only", "只做低成本提醒"),
    "segact_lost": ("do not spend much; occasional low-cost contact",
                    "不再大量投入；偶尔低成本联系"),
    # chapter 05 table headers assembled in cells
    "seg_examples": ("examples", "举例"),
    "segex_geographic": ("region, city tier", "地区、城市等级"),
    "segex_demographic": ("gender, income, age, education, marital status, family life cycle, "
                          "ethnicity",
                          "性别、收入、年龄、受教育程度、婚姻状况、家庭生命周期、民族"),
    "segex_psychographic": ("lifestyle, values, interests", "生活方式、价值观、兴趣"),
    "segex_behavioural": ("RFM, channel, benefits sought, service needed, loyalty, permission to "
                          "contact", "RFM、购买渠道、追求的利益、所需服务、忠诚度、是否允许联系"),
    "segex_derived": ("patterns found by data mining, e.g. beer and nappies bought together",
                      "数据挖掘发现的模式，如啤酒和尿布常被一起购买"),
    "ties_spread": ("ties spread", "拆分并列（默认）"),
    "ties_keep": ("ties kept", "保留并列"),
    "fewest_days": ("fewest days", "最少购买天数"),
    "most_days": ("most days", "最多购买天数"),
    "r_spread": ("R (ties spread)", "R 分（拆分并列）"),
    "r_keep": ("R (ties kept)", "R 分（保留并列）"),
    "r_from": ("R from", "R 最小值（天）"),
    "r_to": ("R to", "R 最大值（天）"),
    "f_from": ("F from", "F 最小值（天）"),
    "f_to": ("F to", "F 最大值（天）"),
    "st_at_risk": ("at risk", "流失风险大"),
    "st_watch": ("watch", "稍加留意"),
    "st_on_track": ("on track", "正常"),
    "word_higher": ("higher", "更高"),
    "word_lower": ("lower", "更低"),
    "word_more": ("more", "更多"),
    "word_less": ("less", "更少"),
}

# Phrase templates for the chapter 05 panels' headlines (see ``glossary.phrase``).
PHRASES = {
    # sentences the chapter 05 cells print (one template per sentence, both editions)
    "ch05_data": (
        "{lines:,} transaction lines → {customers:,} customers, as of {as_of:%Y-%m-%d}; "
        "{refunds:,} refund lines",
        "{lines:,} 条交易记录 → {customers:,} 名客户，截至 {as_of:%Y-%m-%d}；其中退款记录 "
        "{refunds:,} 条"),
    "ch05_top_customers": (
        "{big:,} of {n:,} customers of 2024 ({share:.1%}) made {target:.0%} of the year's sales: "
        "{sales:,.2f} of {total:,.2f} yuan",
        "2024 年的 {n:,} 名客户中，{big:,} 名（{share:.1%}）贡献了全年 {target:.0%} 的销售额："
        "{total:,.2f} 元中的 {sales:,.2f} 元"),
    "ch05_cells_used": ("cells used: {used} of {n}; customers per score:",
                        "有客户的单元：{n} 个中的 {used} 个；各 F 分的客户数："),
    "ch05_bought_once": (
        "{once:,} of {n:,} customers ({once_share:.1%}) bought on one day, {twice:,} "
        "({twice_share:.1%}) on two",
        "{n:,} 名客户中，{once:,} 名（{once_share:.1%}）只在一天购买过，{twice:,} 名"
        "（{twice_share:.1%}）在两天购买过"),
    "ch05_f1_range": (
        "ties kept: F score 1 = {low}–{high} purchase days ({count:,} customers)",
        "保留并列时：F 分为 1 的客户购买天数为 {low}–{high} 天（共 {count:,} 名客户）"),
    "ch05_hand_value": (
        "{who} last bought {value:.0f} days before the reference date; of {n:,} customers "
        "{worse:,} bought longer ago and {tied} ({who} included) on the same day",
        "{who} 最近一次购买在参考日期前 {value:.0f} 天；{n:,} 名客户中，{worse:,} 名的最近一次购买"
        "更早，{tied} 名（含 {who}）与它在同一天"),
    "ch05_hand_tie": (
        "the tie fills positions {first:,}–{last:,}; R{next} starts at position "
        "⌈{n:,} × {score} / 5⌉ = {cut:,}",
        "这些并列客户占据第 {first:,}–{last:,} 位；R{next} 从第 ⌈{n:,} × {score} / 5⌉ = {cut:,} "
        "位开始"),
    "ch05_hand_scores": (
        "ties kept: R = ⌊{worse:,} × 5 / {n:,}⌋ + 1 = {keep}; ties spread (default): R = {spread}",
        "保留并列：R = ⌊{worse:,} × 5 / {n:,}⌋ + 1 = {keep}；拆分并列（默认）：R = {spread}"),
    "ch05_new_once": (
        "New customers: {n:,}, last purchase {r_from}–{r_to} days ago, every one bought on "
        "exactly one day",
        "新客户：{n:,} 名，最近一次购买在 {r_from}–{r_to} 天前，每一位都只在一天购买过"),
    "ch05_new_range": (
        "New customers: {n:,}, last purchase {r_from}–{r_to} days ago, bought on "
        "{f_from}–{f_to} days",
        "新客户：{n:,} 名，最近一次购买在 {r_from}–{r_to} 天前，购买天数为 {f_from}–{f_to} 天"),
    "ch05_best_and_lapsing": (
        "Champions and Loyal: {customers:.1%} of customers, {sales:.1%} of sales; At risk and "
        "Can't lose them last bought at least {days:,} days ago",
        "冠军客户和忠诚客户：占客户总数的 {customers:.1%}，占销售额的 {sales:.1%}；有流失风险的"
        "客户和不能失去的客户，最近一次购买都在 {days:,} 天以前"),
    "ch05_break_even": ("break-even response rate = {cost:g} / {profit:g} = {be:.3%}",
                        "盈亏平衡响应率 = {cost:g} / {profit:g} = {be:.3%}"),
    "ch05_bei_at": ("response {rate:.3%}: break-even index = {bei:,.2f}",
                    "响应率 {rate:.3%}：盈亏投资回报指数 = {bei:,.2f}"),
    "ch05_campaign": (
        "{pieces:,} pieces mailed to {cells} cells at {cost:.2f} yuan; {responses:,} responses, "
        "{profit:,.2f} yuan profit per response on average",
        "向 {cells} 个单元共邮寄 {pieces:,} 件，每件 {cost:.2f} 元；收到 {responses:,} 次响应，"
        "平均每次响应的利润为 {profit:,.2f} 元"),
    "ch05_a_value": ("A{a} {v:,.2f}", "A{a} {v:,.2f}"),
    "ch05_profit_by_a": ("profit per response by A score: {values} yuan",
                         "按 A 分（平均每次消费金额的得分）计，每次响应的利润：{values} 元"),
    "ch05_single_break_even": (
        "one campaign-wide break-even ({cost:.2f} / {profit:,.2f} = {be:.2%}) passes {passed} "
        "cells; {fooled} of them lost money in the test ({loss:,.2f} yuan)",
        "若所有单元共用一个盈亏平衡响应率（{cost:.2f} / {profit:,.2f} = {be:.2%}），有 {passed} "
        "个单元达标；其中 {fooled} 个在测试中亏损（合计 {loss:,.2f} 元）"),
    "ch05_own_break_even": (
        "each cell's own break-even passes {passed} cells; {made} of them made money; largest "
        "|BEI − ROI| = {gap:.2f}",
        "按各单元自己的盈亏平衡响应率，有 {passed} 个单元达标；其中 {made} 个盈利；"
        "盈亏投资回报指数与投资回报率之差的绝对值最大为 {gap:.2f}"),
    "ch05_holdout_intro": (
        "{median:.0f} pieces per cell (median) in the whole test; cells chosen on one half, "
        "measured on the other:",
        "整个测试中每个单元邮寄 {median:.0f} 件（中位数）；在一半样本上挑选单元，在另一半上检验："),
    "ch05_holdout_result": (
        "targeted ROI {roi:,.1f}% vs {roi_all:,.1f}% for everyone ({higher}); net profit "
        "{net:,.2f} vs {net_all:,.2f} yuan ({more})",
        "定向邮寄的投资回报率 {roi:,.1f}%，全部邮寄为 {roi_all:,.1f}%（{higher}）；净利润 "
        "{net:,.2f} 元，全部邮寄为 {net_all:,.2f} 元（{more}）"),
    "ch05_left_out": (
        "the {cells} cells left out earned {net:,.2f} yuan net on {pieces:,} pieces",
        "未入选的 {cells} 个单元在测试中用 {pieces:,} 件邮件赚得净利润 {net:,.2f} 元"),
    "ch05_b2b": (
        "{n:,} accounts, {tm:,.2f} yuan in the 12 months to {today:%Y-%m-%d}; largest "
        "|TM − M| = {gap:.2f} yuan",
        "{n:,} 家企业客户，截至 {today:%Y-%m-%d} 的 12 个月内共采购 {tm:,.2f} 元；"
        "|TM − M| 最大为 {gap:.2f} 元"),
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
