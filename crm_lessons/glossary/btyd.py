"""Glossary terms for the btyd topic (chapter 07, buy-till-you-die models): key -> (English, 中文).

``discount_rate``, ``margin``, ``month``, ``customers`` and ``cycle_margin`` are defined elsewhere.
"""

TERMS: dict[str, tuple[str, str]] = {
    "usd": ("US dollars", "美元"),
    "btyd": ("buy-till-you-die model", "“购买直至流失”模型"),
    "bgnbd": ("BG/NBD model", "BG/NBD 模型"),
    "gamma_gamma": ("Gamma-Gamma spend model", "Gamma-Gamma 消费金额模型"),
    "p_alive": ("probability still active, P(alive)", "仍为活跃客户的概率 P(alive)"),
    "expected_purchases": ("expected purchases", "预期购买次数"),
    "expected_spend": ("expected spend per purchase", "预期每次消费金额"),
    "model_clv": ("model CLV", "模型客户终生价值"),
    "calibration_period": ("calibration period", "校准期"),
    "holdout_period": ("holdout period", "检验期"),
    "calibration_end": ("end of calibration", "校准期结束"),
    "week": ("week", "周"),
    "weeks_ahead": ("weeks ahead", "未来周数"),
    "cum_repeat_purchases": ("cumulative repeat purchases", "累计重复购买次数"),
    "actual": ("actual", "实际"),
    "model_expected": ("BG/NBD expected", "BG/NBD 预期"),
    "tracking_plot": ("tracking: repeat purchases week by week", "跟踪图：逐周重复购买"),
    "conditional_expectation": ("holdout check: conditional expectations",
                                "检验期核对：条件期望"),
    "calibration_repeats": ("repeat purchases in calibration, x", "校准期重复购买次数 x"),
    "holdout_purchases_mean": ("mean purchases in holdout", "检验期平均购买次数"),
    "repeat_purchases_x": ("repeat purchases x", "重复购买次数 x"),
    "last_purchase_tx": ("last purchase t_x, weeks after the first", "最后一次购买 t_x（首购后周数）"),
    "age_T": ("customer age T, weeks", "客户年龄 T（周）"),
    "horizon_months": ("horizon, months", "预测期（月）"),
    "roc_title": ("who buys again in the holdout? (ROC)", "谁会在检验期再次购买？（ROC）"),
    "false_positive_rate": ("false positive rate", "假阳性率"),
    "true_positive_rate": ("true positive rate", "真阳性率"),
    "cycle_rule": ("P − R rule", "P − R 规则"),
    "chance": ("chance", "随机猜测"),
    "bought_again": ("bought again", "再次购买"),
    "did_not_buy": ("did not buy", "未再购买"),
    "value_decile": ("customers ranked by model CLV (deciles, 10 = highest)",
                     "按模型客户终生价值排序的客户（十分位，10 最高）"),
    "value_per_customer": ("value per customer", "每位客户价值"),
    "realised_value": ("realised value", "实际价值"),
    "cohort_average": ("cohort forecast (chapter 03)", "群组预测（第 03 章）"),
    "mean_model_clv": ("mean model CLV", "平均模型客户终生价值"),
    "clv_by_frequency": ("model CLV by repeat purchases", "按重复购买次数的模型客户终生价值"),
    "customer_forecast": ("one customer's forecast", "单个客户的预测"),
    # classroom page headings (crm-lessons present 07): English = the panel docstring's heading
    "panel_customer_panel": (
        "One customer: move her repeat purchases x, last purchase t_x and age T (weeks) → "
        "P(alive) and her expected purchases in the next year",
        "单个客户：调整重复购买次数 x、最后一次购买时间 t_x 与客户年龄 T（周）→ "
        "仍活跃概率 P(alive) 与未来一年的预期购买次数"),
    "panel_value_panel": (
        "Per-customer model CLV: move the horizon, the discount rate and the margin",
        "个体客户的模型终生价值：调整预测期、贴现率与利润率"),
}


#: Assembled headlines (same slots in both languages).
PHRASES: dict[str, tuple[str, str]] = {
    "hl_model_clv": ("model CLV of {n:,} customers: {total:,.0f} {currency} in all, "
                     "{mean:,.2f} {currency} each on average",
                     "{n:,} 名客户的模型客户终生价值：合计 {total:,.0f} {currency}，人均 {mean:,.2f} {currency}"),
}
