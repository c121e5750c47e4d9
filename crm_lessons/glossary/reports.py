"""Glossary terms for the reports: key -> (English, 中文)."""

TERMS: dict[str, tuple[str, str]] = {
    "report_customer_title": ("Customer report", "客户分析报告"),
    "report_clv_title": ("Cohort lifetime-value scenario", "客户群终生价值情景分析"),
    "report_data": ("Data", "数据"),
    "report_as_of": ("as of", "截至"),
    "report_bundled": ("the bundled synthetic retailer", "内置的模拟零售商数据"),
    "report_overview": ("Overview", "概览"),
    "report_rfm": ("RFM scores and named segments", "RFM评分与客户细分"),
    "report_pyramid": ("The customer pyramid", "客户金字塔"),
    "report_warning": ("Churn warning: who to call this week", "流失预警：本周需联系的客户"),
    "report_lifecycle": ("Cohort retention and lifecycle stages", "客户群保留率与生命周期阶段"),
    "report_clv": ("Customer lifetime value by segment", "各细分客户群的终生价值"),
    "report_recommendations": ("Recommendations", "建议"),
    "report_ltv_table": ("The cohort lifetime-value table", "客户群终生价值表"),
    "report_sensitivity": ("Sensitivity", "敏感性分析"),
    "report_inputs": ("Inputs", "输入参数"),
    "report_no_calls": ("No high- or middle-tier customer is overdue today.",
                        "今天没有逾期未购的高端或中端客户。"),
    "report_rf_counts": ("Customers by R and F score", "按R、F评分的客户数"),
    "kpi_metric": ("metric", "指标"),
    "kpi_value": ("value", "数值"),
    "kpi_period": ("period covered", "数据期间"),
    "kpi_active_12m": ("customers active in the last 12 months", "近12个月活跃客户"),
    "kpi_orders": ("purchase orders (refunds are not orders)", "购买订单数（退款不计为订单）"),
    "kpi_net_revenue": ("revenue net of refunds", "扣除退款后的收入"),
    "kpi_refunds": ("refunds", "退款"),
    "kpi_average_order": ("average order (net revenue ÷ purchase orders)",
                          "平均订单金额（净收入÷购买订单数）"),
    "kpi_refund_lines": ("{amount} ({n} refund lines)", "{amount}（{n}笔退款）"),
    "kpi_revenue_12m": ("revenue, last 12 months", "近12个月收入"),
    "ltv_final_year": ("LTV per acquired customer, final year", "末年每位获取客户的终生价值"),
    "interest_rate": ("interest rate", "利率"),
    "retention_shift": ("change in every year's retention", "各年保留率的变化"),
    "report_breakeven": ("The cohort pays back in year {year}.", "该客户群在第{year}年收回投入。"),
    "report_never": ("The cohort does not pay back within {years} years.",
                     "该客户群在{years}年内未能收回投入。"),
    # column labels of report tables (reports.analysis.labelled looks up "col_<column>")
    "col_customer_id": ("customer", "客户编号"),
    "col_name": ("name", "名称"),
    "col_segment": ("segment", "细分群体"),
    "col_tier": ("tier", "层级"),
    "col_customers": ("customers", "客户数"),
    "col_customer_share": ("share of customers", "客户数占比"),
    "col_value": ("profit", "利润"),
    "col_value_share": ("share of profit (= of revenue)", "利润占比（即收入占比）"),
    "col_mean_value": ("mean profit per customer", "每位客户平均利润"),
    "col_min_value": ("lowest profit in tier", "层级内最低利润"),
    "col_recency_days": ("days since last purchase", "距最近一次购买天数"),
    "col_frequency": ("purchase days", "购买天数"),
    "col_monetary": ("revenue", "收入"),
    "col_cycle_days": ("purchase cycle P (days)", "平均采购周期 P（天）"),
    "col_days_since": ("days since last purchase R", "停止采购天数 R"),
    "col_margin": ("P − R (days)", "P − R（天）"),
    "col_status": ("status", "状态"),
    "col_historical_value": ("historical profit per customer", "每位客户历史利润"),
    "col_retention": ("yearly retention (observed)", "年保留率（实测）"),
    "col_annual_margin": ("yearly profit per retained customer", "每位留存客户年利润"),
    "col_projected_clv": ("projected CLV per customer", "每位客户预测终生价值"),
    "col_English": ("English", "英文"),
    "col_中文": ("Chinese", "中文"),
    "col_action": ("suggested action", "建议行动"),
    "rec_segment": ("{n} customers are '{segment}' and hold {share} of revenue: contact them "
                    "before they are gone.",
                    "有{n}位客户属于“{segment}”，贡献了{share}的收入：应在其流失前主动联系。"),
    "rec_pyramid": ("The {tier} tier is {customers} of customers but {share} of revenue: keep "
                    "them with personal service.",
                    "{tier}客户仅占客户数的{customers}，却贡献了{share}的收入：以专人服务维系。"),
    "rec_calls": ("{n} high- or middle-tier customers are past their usual purchase cycle (the "
                  "most by {days} days): give the call list to their account managers.",
                  "{n}位高端或中端客户已超过平均采购周期（最多超出{days}天）：把联系名单交给客户经理。"),
    "rec_clv": ("'{segment}' has the highest projected CLV ({value} {currency} per customer): "
                "spend retention budget there first.",
                "“{segment}”的预测终生价值最高（每位客户{value}{currency}）：保留预算优先投入。"),
    # segments the report adds, and what to do with them (the named segments' actions, segact_*,
    # are defined once, in glossary/rfm.py)
    "seg_not_ranked": ("Not ranked (too few customers, or recency does not separate them)",
                       "未排名（客户太少，或最近购买时间无差异）"),
    "seg_others": ("Others", "其他"),
    "seg_refunds_only": ("Refunds only", "仅退货"),
    "seg_net_refunds": ("Net refunds (returned more than bought)", "净退货（退款不少于购买）"),
    "seg_free_only": ("Free items only (amount 0)", "仅零元订单"),
    "segact_not_ranked": ("segment again when purchases are spread over more days",
                          "待购买日期更分散后再细分"),
    "segact_others": ("no rule of the segment file matches; review the rules",
                      "细分文件中没有匹配的规则；请检查规则"),
    "segact_refunds_only": ("check the returns and the orders behind them", "核查退货及其对应的订单"),
    "segact_net_refunds": ("check why they returned more than they kept", "了解其退货多于保留的原因"),
    "segact_free_only": ("invite them to a first paid purchase", "引导其完成首次付费购买"),
    "status_dormant": ("no purchase in the last 12 months", "近12个月未购买"),
    # the segment table and notes where a section does not apply
    "report_segment_table": ("Segments: size, median R, F, M and what to do",
                             "各细分群体：人数、R/F/M中位数与建议行动"),
    "col_median_recency_days": ("median days since last purchase", "距最近一次购买天数（中位数）"),
    "col_median_frequency": ("median purchase days", "购买天数（中位数）"),
    "col_median_monetary": ("median revenue", "收入（中位数）"),
    "col_r_score": ("R score", "R评分"),
    "col_f_score": ("F score", "F评分"),
    "note_too_few_to_rank": ("Only {n} customer(s) bought more than they returned: too few to rank "
                             "by score, so no customer is put in a score-based segment.",
                             "仅有{n}位客户的购买多于退货，人数太少，无法评分排名，因此不按评分划分细分群体。"),
    "note_bins_shrunk": ("Scores use {used} levels instead of {asked}: only {n} customers can be "
                         "ranked (set the number with -p bins N).",
                         "只有{n}位客户可以排名，评分分为{used}档而不是{asked}档（可用 -p bins N 设置）。"),
    "note_no_spread_recency_days": ("Every customer last bought {value} days before the analysis "
                                    "date: recency does not separate customers, so nobody is "
                                    "ranked or named by it.",
                                    "所有客户的最近一次购买都在分析日之前{value}天：最近购买时间无法区分客户，"
                                    "因此不据此排名或命名细分群体。"),
    "note_no_spread_frequency": ("Every customer bought on {value} day(s): frequency does not "
                                 "separate customers (everyone gets the middle F score).",
                                 "所有客户的购买天数都是{value}天：购买频率无法区分客户（F评分一律取中间档）。"),
    "note_no_spread_monetary": ("Every customer spent {value}: monetary value does not separate "
                                "customers (everyone gets the middle M score).",
                                "所有客户的消费金额都是{value}：消费金额无法区分客户（M评分一律取中间档）。"),
    "note_refunds_apart": ("{n} customers returned as much as they bought (refunds only or net "
                           "refunds); they are kept out of the score quintiles and labelled apart.",
                           "有{n}位客户的退货不少于购买（仅退货或净退货），不参与评分分档，单独标注。"),
    "note_empty_scores": ("No customer has {score} score {scores}: equal values share one score "
                          "(the lowest their group reaches), so a large group of equal values "
                          "skips the scores above it.",
                          "没有客户的{score}评分为{scores}：相同的值得到相同的评分（取该组所处的最低档），"
                          "因此人数很多的一组相同值会跳过其上方的评分档。"),
    "note_clv_history": ("Not projected: the CLV projection learns each segment's yearly "
                         "retention from customers segmented one year before the analysis date "
                         "({year_ago}), and the first purchase is on {first}.",
                         "未作预测：预测终生价值需要用分析日一年前（{year_ago}）的客户细分来估计各群体的年保留率，"
                         "而第一笔购买在{first}。"),
    "note_clv_unranked": ("Not projected: on {year_ago} the customers could not be ranked into "
                          "segments (no spread in recency).",
                          "未作预测：在{year_ago}时客户无法按细分群体排名（最近购买时间无差异）。"),
    "note_clv_nobody_returned": ("Nobody who had bought by {year_ago} bought again in the 12 months "
                                 "after: observed retention is 0 in every segment, so each "
                                 "projected CLV is 0.",
                                 "截至{year_ago}已购买的客户在此后12个月内都没有再购买：各群体的实测保留率为0，"
                                 "预测终生价值均为0。"),
    "report_dormant": ("Nobody bought in the 12 months up to {as_of}: every customer is dormant, "
                       "so there is no purchase cycle to warn about. Win-back, not a call list, "
                       "is the task.",
                       "截至{as_of}的12个月内没有客户购买：所有客户都处于休眠状态，没有可预警的采购周期。"
                       "当前的任务是挽回客户，而不是按名单致电。"),
    "report_no_cohorts": ("No cohort table: the purchases do not span one complete {period} "
                          "before the analysis date (choose another with --period month, quarter "
                          "or year).",
                          "没有客户群表：分析日之前的购买不足一个完整的{period}（可用 --period month、"
                          "quarter 或 year 选择）。"),
    "report_cohort_note": ("Cohorts by {period}: the bar beside each row is the number of "
                           "customers acquired; rows marked * hold fewer than 1 % of customers "
                           "({small} such cohorts) and their shares rest on few people.",
                           "按{period}划分客户群：每行旁的条形表示获取的客户数；带*的行不足全部客户的1%"
                           "（共{small}个），其比例只基于很少的客户。"),
    "period_M": ("month", "月"),
    "period_Q": ("quarter", "季度"),
    "period_Y": ("year", "年"),
    "lc_cohort_size": ("customers acquired", "获取的客户数"),
    "rec_not_ranked": ("{n} customers cannot be ranked by recency (they all last bought on the "
                       "same day): segment them again when their purchases are spread over "
                       "more days.",
                       "有{n}位客户无法按最近购买时间排名（最近一次购买都在同一天）：待购买日期更分散后再细分。"),
    "rec_refunds": ("{n} customers returned as much as they bought: check those returns before "
                    "any campaign.",
                    "有{n}位客户的退货不少于购买：开展营销活动前先核查这些退货。"),
    "rec_dormant": ("Nobody bought in the last 12 months: every customer is dormant; plan a "
                    "win-back campaign rather than retention calls.",
                    "近12个月没有客户购买：所有客户都已休眠；应策划挽回活动，而不是保留回访。"),
    # who will buy again (BG/NBD + Gamma-Gamma, reports.analysis.buy_again)
    "report_buy_again": ("Who will buy again", "谁还会再来购买"),
    "report_buy_again_text": (
        "A buy-till-you-die model (BG/NBD for purchases and drop-out, Gamma-Gamma for spend) fitted "
        "on every customer's purchase days: the {n} customers are expected to make {purchases} "
        "purchases in the next {months} months, worth {value} {currency} of profit (margin, "
        "discounted); {alive} of them are more likely alive than not (P(alive) ≥ 50 %). Fitted "
        "parameters: {params}.",
        "用“购买直至流失”模型（BG/NBD 描述购买与流失，Gamma-Gamma 描述消费金额）按每位客户的购买日期拟合："
        "这{n}位客户预计在未来{months}个月内购买{purchases}次，折现后的利润为{value}{currency}；"
        "其中{alive}的客户仍活跃的概率不低于一半（P(alive) ≥ 50 %）。拟合参数：{params}。"),
    "report_holdout": ("Holdout check: would the model have worked?", "留出期检验：模型是否可靠？"),
    "report_holdout_text": (
        "Fitted again without the last {months} months (purchases up to {cal_end}), the model "
        "predicted {predicted} repeat purchases up to {end}; the customers made {actual}. By the "
        "number of repeat purchases before {cal_end}:",
        "去掉最后{months}个月重新拟合（只用截至{cal_end}的购买），模型预测截至{end}的重复购买为{predicted}次；"
        "客户实际购买{actual}次。按{cal_end}之前的重复购买次数分组："),
    "note_btyd_short": ("Not forecast: the purchases cover only {days} days ({first} to {end}); "
                        "the buy-again model needs at least {need} days of history.",
                        "未作预测：购买记录只覆盖{days}天（{first}至{end}），购买预测模型至少需要{need}天的历史。"),
    "note_holdout_short": ("No holdout check: before the holdout the purchases cover only {days} "
                           "days ({first} to {end}); the check needs at least {need}.",
                           "未作留出期检验：留出期之前的购买记录只覆盖{days}天（{first}至{end}），检验至少需要{need}天。"),
    "note_btyd_few": ("Not forecast: only {n} customer(s) bought on more than one day up to "
                      "{end}; the buy-again model needs at least {need} repeat buyers.",
                      "未作预测：截至{end}只有{n}位客户在不止一天购买过，购买预测模型至少需要{need}位重复购买的客户。"),
    "note_holdout_few": ("No holdout check: only {n} customer(s) bought on more than one day "
                         "before {end}; the check needs at least {need} repeat buyers.",
                         "未作留出期检验：{end}之前只有{n}位客户在不止一天购买过，检验至少需要{need}位重复购买的客户。"),
    "note_btyd_no_purchases": ("Not forecast: the data hold refunds only, no purchases.",
                               "未作预测：数据中只有退款，没有购买。"),
    "note_btyd_failed": ("Not forecast: the buy-again model could not be fitted to these "
                         "purchases (too few or too uneven repeat purchases).",
                         "未作预测：购买预测模型无法拟合这些购买记录（重复购买太少或差异太大）。"),
    "col_p_alive": ("P(alive), mean", "仍活跃概率 P(alive)（平均）"),
    "col_expected_purchases_12m": ("expected purchases, next 12 months (total)",
                                   "未来12个月预计购买次数（合计）"),
    "col_mean_expected_purchases": ("expected purchases per customer", "每位客户预计购买次数"),
    "col_mean_model_clv": ("model CLV per customer", "每位客户模型终生价值"),
    "col_model_clv": ("model CLV (total)", "模型终生价值（合计）"),
    "col_calibration_repeat_purchases": ("repeat purchases before the holdout",
                                         "留出期之前的重复购买次数"),
    "col_holdout_actual": ("actual purchases in the holdout (mean)", "留出期实际购买次数（平均）"),
    "col_holdout_predicted": ("predicted purchases in the holdout (mean)",
                              "留出期预测购买次数（平均）"),
    # the customer table written beside the report
    "report_customer_file": ("The customer table", "客户明细表"),
    "report_customer_file_text": ("Written beside this report: {files} (one row per customer; "
                                  "UTF-8 with BOM, so Excel shows Chinese text). Columns:",
                                  "已与本报告一同写出：{files}（每位客户一行；UTF-8 带 BOM 编码，Excel 可正确显示中文）。"
                                  "各列："),
    "custcol_customer_id": ("the customer's id from the data", "数据中的客户编号"),
    "custcol_first_purchase": ("first purchase day (YYYY-MM-DD)", "第一次购买日期（年-月-日）"),
    "custcol_last_purchase": ("last purchase day up to the analysis date",
                              "截至分析日的最近一次购买日期"),
    "custcol_orders": ("purchase orders (refund lines are not orders)", "购买订单数（退款行不计为订单）"),
    "custcol_revenue": ("net spend: purchases minus refunds", "净消费：购买减去退款"),
    "custcol_recency_days": ("R: days from the last purchase to the analysis date",
                             "R：最近一次购买距分析日的天数"),
    "custcol_frequency": ("F: distinct days with a purchase", "F：有购买的不同天数"),
    "custcol_monetary": ("M: net spend scored (the whole history, so equal to revenue)",
                         "M：参与评分的净消费（取全部历史，故等于 revenue）"),
    "custcol_r_score": ("R score, 1 (worst) to the number of levels (best); empty when not scored",
                        "R评分，从1（最差）到最高档（最好）；未评分时为空"),
    "custcol_f_score": ("F score, as the R score", "F评分，规则同R评分"),
    "custcol_m_score": ("M score, as the R score", "M评分，规则同R评分"),
    "custcol_rfm_cell": ("the three scores as one cell, e.g. 545", "三个评分组成的单元格，如545"),
    "custcol_segment": ("named segment, as in the report", "细分群体名称，与报告一致"),
    "custcol_tier": ("tier of the customer pyramid", "客户金字塔的层级"),
    "custcol_warning": ("purchase-cycle status of the churn warning", "流失预警中的采购周期状态"),
    "custcol_p_alive": ("P(alive): the BG/NBD probability that the customer still buys (0 to 1); "
                        "empty when the model could not be fitted",
                        "P(alive)：BG/NBD 模型估计的客户仍会购买的概率（0至1）；模型无法拟合时为空"),
    "custcol_expected_purchases_12m": ("expected purchase days in the next 12 months (BG/NBD); "
                                       "empty when the model could not be fitted",
                                       "未来12个月预计购买天数（BG/NBD）；模型无法拟合时为空"),
    "custcol_model_clv": ("model CLV: margin × expected spend (Gamma-Gamma) × expected purchases "
                          "of the next 12 months, discounted; empty when the model could not be "
                          "fitted",
                          "模型终生价值：毛利率×预计每次消费（Gamma-Gamma）×未来12个月预计购买次数，折现；"
                          "模型无法拟合时为空"),
}
