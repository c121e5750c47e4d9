"""Glossary terms for the datasets: key -> (English, 中文).

Keys are the column names of the bundled tables (so ``term(column)`` labels a table header) plus
the category values that are stored in English: acquisition channels (``channel_<value>``) and
product categories (``category_<value>``). Columns whose term another topic already defines
(satisfaction, expectation, performance, profit, cost_per_piece, r_score, f_score, m_score,
rfm_cell) are not repeated here.
"""

TERMS: dict[str, tuple[str, str]] = {
    # customers
    "customer_id": ("customer ID", "客户编号"),
    "name": ("name", "名称"),
    "signup_date": ("sign-up date", "注册日期"),
    "city_tier": ("city tier", "城市等级"),
    "region": ("region", "地区"),
    "age_band": ("age band", "年龄段"),
    "gender": ("gender", "性别"),
    "channel": ("acquisition channel", "获客渠道"),
    "acquisition_cost": ("acquisition cost, yuan", "获客成本（元）"),
    # transactions
    "order_id": ("order ID", "订单编号"),
    "order_date": ("order date", "下单日期"),
    "amount": ("amount, yuan", "金额（元）"),
    "quantity": ("quantity", "数量"),
    "category": ("product category", "商品类别"),
    "refund": ("refund", "退款"),
    # survey
    "survey_date": ("survey date", "调查日期"),
    "repurchased": ("repurchased within 12 months", "12个月内再次购买"),
    # campaign
    "mail_date": ("mailing date", "邮寄日期"),
    "responded": ("responded", "是否响应"),
    # baskets
    "item": ("item", "商品"),
    "items": ("items in the basket", "购物篮商品"),
    # B2B case
    "account_id": ("account ID", "客户账号"),
    "short_name": ("short name", "简称"),
    "industry": ("industry", "行业"),
    "city": ("city", "城市"),
    "sales_rep": ("sales representative", "销售代表"),
    # category values stored in English
    "channel_search_ads": ("search ads", "搜索广告"),
    "channel_social_media": ("social media", "社交媒体"),
    "channel_referral": ("referral", "老客户推荐"),
    "channel_marketplace": ("marketplace promotion", "电商平台活动"),
    "channel_live_stream": ("live-stream selling", "直播带货"),
    "channel_offline_event": ("offline event", "线下活动"),
    "category_apparel": ("apparel", "服装"),
    "category_beauty": ("beauty", "美妆"),
    "category_electronics": ("electronics", "数码电子"),
    "category_home": ("home", "家居"),
    "category_food": ("food", "食品"),
    "category_baby": ("baby products", "母婴"),
    "category_books": ("books", "图书"),
    "category_sports": ("sports", "运动户外"),
    "gender_F": ("female", "女"),
    "gender_M": ("male", "男"),
    # sources
    "synthetic_data": ("synthetic data (seeded)", "模拟数据（固定随机种子）"),
    "cdnow": ("CDNOW purchase data", "CDNOW 购买数据"),
}
