"""Answers of chapter 00's warm-up exercises (solutions/00_start_here_solutions.ipynb)."""

from __future__ import annotations

from .. import glossary, lifecycle
from . import Exercise, Slip, register

# The shop of exercises 2 and 3: 200 customers at the start of the year, 25 lost.
AT_START, LOST = 200, 25

register(
    Exercise(
        "00-1", ("the Chinese term for customer lifetime value", "“客户终生价值”的中文术语"),
        lambda: glossary.term("clv", "zh"), kind="text",
        slips=(Slip(lambda: glossary.term("clv", "en"),
                    ("that is the English term; ask the glossary for the Chinese one.",
                     "这是英文术语；请向术语表要中文的那个。")),
               Slip(lambda: glossary.term("clv", "both"),
                    ("only the Chinese term, without the English one.",
                     "只要中文术语，不要英文。"))),
        hint=("look the key up in the glossary with the language for Chinese.",
              "用表示中文的语言参数在术语表里查这个键。")),
    Exercise(
        "00-2", ("churn rate", "客户流失率"),
        lambda: lifecycle.churn_rate(lost=LOST, at_start=AT_START), kind="fraction",
        slips=(Slip(lambda: 1 - LOST / AT_START,
                    ("that is the share of customers who stayed (retention), not of those lost.",
                     "这是留下来的客户比例（保持率），不是流失的比例。")),
               Slip(lambda: LOST / (AT_START - LOST),
                    ("divide by the customers at the start of the year, not by those left at its end.",
                     "分母是年初的客户数，而不是年末剩下的客户数。"))),
        hint=("churn = customers lost ÷ customers at the start of the period.",
              "流失率 = 流失的客户数 ÷ 期初客户数。")),
    Exercise(
        "00-3a", ("average group lifetime in years", "平均群体生命周期（年）"),
        lambda: lifecycle.group_lifetime(LOST / AT_START),
        slips=(Slip(lambda: 1 / (1 - LOST / AT_START),
                    ("use the churn rate, not the retention rate.",
                     "要用流失率，而不是保持率。")),),
        hint=("group lifetime is one over the churn rate.", "群体生命周期等于流失率的倒数。")),
    Exercise(
        "00-3b", ("new customers needed each year", "每年需要新增的客户数"),
        lambda: lifecycle.replacements_needed(AT_START, LOST / AT_START),
        slips=(Slip(lambda: AT_START - LOST,
                    ("that is how many customers stay; count those who must be replaced.",
                     "这是留下来的客户数；要数的是必须补上的客户。")),),
        hint=("to stand still, replace every customer lost.", "要维持规模，就得补上每一位流失的客户。")),
)
