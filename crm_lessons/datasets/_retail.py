"""The seeded synthetic retailer: customers, transactions, survey, campaign and baskets.

Every function takes a ``numpy.random.Generator`` and draws from it in a fixed order, so the same
seed gives the same tables. All modelling assumptions are listed in ``datasets/README.md``; the
short version:

* customers are acquired over time (a rising trend) through channels with their own acquisition
  cost, satisfaction and purchase rate;
* each customer has a latent satisfaction ``s`` (standard normal, shifted by channel);
* the churn hazard per year falls steeply, and convexly, as ``s`` rises (the satisfaction trap:
  only delighted customers stay) and is higher in the first 90 days (tenure effect);
* purchase frequency and order value follow an inverted U over tenure (development → growth →
  maturity → decline), and the relationship ends at the churn time (termination);
* some churned customers are won back for a second, shorter relationship (recovery);
* a few % of orders are refunded later (negative amounts).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DAYS_PER_YEAR = 365.25

# ---------------------------------------------------------------------------------------------
# category levels (fixed, so every generated or loaded table has the same category dtype)
# ---------------------------------------------------------------------------------------------
CHANNELS = ("search_ads", "social_media", "referral", "marketplace", "live_stream",
            "offline_event")
CHANNEL_SHARE = np.array([0.25, 0.22, 0.13, 0.20, 0.12, 0.08])
CHANNEL_CAC = np.array([120.0, 80.0, 40.0, 95.0, 60.0, 150.0])      # mean acquisition cost, yuan
CHANNEL_SATISFACTION = np.array([0.0, -0.1, 0.35, -0.3, -0.15, 0.15])  # shift of latent s
MAX_RATE = 60.0                                                      # orders/year cap
CHANNEL_RATE = np.array([1.0, 0.9, 1.2, 0.85, 1.0, 1.05])            # purchase-rate multiplier

REGIONS = ("华东", "华北", "华南", "华中", "西南", "西北", "东北")
REGION_SHARE = np.array([0.30, 0.17, 0.18, 0.11, 0.11, 0.06, 0.07])
CITY_TIERS = ("1", "2", "3", "4")
CITY_TIER_SHARE = np.array([0.18, 0.32, 0.30, 0.20])
CITY_TIER_SPEND = np.array([1.35, 1.10, 0.90, 0.75])                 # order-value multiplier
AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55+")
AGE_BAND_SHARE = np.array([0.18, 0.36, 0.24, 0.14, 0.08])
GENDERS = ("F", "M")
GENDER_SHARE = np.array([0.56, 0.44])

CATEGORIES = ("apparel", "beauty", "electronics", "home", "food", "baby", "books", "sports")
CATEGORY_SHARE = np.array([0.22, 0.14, 0.10, 0.14, 0.18, 0.08, 0.07, 0.07])
CATEGORY_PRICE = np.array([160.0, 130.0, 520.0, 210.0, 75.0, 150.0, 60.0, 220.0])  # median, yuan
CATEGORY_REFUND = np.array([0.08, 0.03, 0.03, 0.025, 0.01, 0.02, 0.01, 0.03])

# Names: common surnames (roughly by frequency) and given-name characters.
_SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
                 "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
                 "毛郝龚邵万钱严覃武戴莫孔向汤")
_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建文斌宇浩凯婷雪琳晨欣怡子涵"
              "梓轩雨思佳一诺博俊嘉宁安晓志海东")
_FIRM_PREFIX = ["宏达", "鑫源", "华美", "金诚", "恒通", "瑞丰", "东方", "新世纪", "佳和", "盛世", "汇通",
                "博远", "天成", "润华", "永安", "聚德"]
_FIRM_SUFFIX = ["贸易有限公司", "科技有限公司", "商行", "工作室", "电子商务有限公司", "文化传媒有限公司"]
# A few names that must be escaped when shown in HTML (tests of report/table escaping).
SPECIAL_NAMES = {
    6: "<script>alert(1)</script>",
    41: "张&李贸易商行",
    99: '"老王"水果店',
    177: "李<小二>",
    250: "O'Neil 王 & Sons",
}


def _choice(rng: np.random.Generator, n: int, shares: np.ndarray) -> np.ndarray:
    """Indices 0..len(shares)-1 drawn with the given shares (normalised)."""
    return rng.choice(len(shares), size=n, p=shares / shares.sum())


def id_strings(prefix: str, numbers: np.ndarray, width: int) -> pd.Series:
    """Identifiers such as C00001: ``prefix`` + the number zero-padded to ``width`` digits.

    >>> id_strings("C", np.array([1, 42]), 5).tolist()
    ['C00001', 'C00042']
    """
    return prefix + pd.Series(numbers, dtype="int64").astype("str").str.zfill(width)


def _cat(codes: np.ndarray, levels, ordered: bool = False) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=list(levels), ordered=ordered)


# ---------------------------------------------------------------------------------------------
# customers
# ---------------------------------------------------------------------------------------------
def person_or_company_names(rng: np.random.Generator, n: int) -> np.ndarray:
    """Chinese person names (surname + one or two given characters); about 8 % company names."""
    weights = 1.0 / np.arange(1, len(_SURNAMES) + 1) ** 0.8           # Zipf-like surname frequency
    surname = np.asarray(_SURNAMES)[rng.choice(len(_SURNAMES), n, p=weights / weights.sum())]
    given = np.asarray(_GIVEN)
    g1 = given[rng.integers(0, len(given), n)]
    g2 = np.where(rng.random(n) < 0.7, given[rng.integers(0, len(given), n)], "")
    names = np.char.add(np.char.add(surname, g1), g2).astype(object)
    firm = rng.random(n) < 0.08
    firm_names = np.char.add(np.asarray(_FIRM_PREFIX)[rng.integers(0, len(_FIRM_PREFIX), n)],
                             np.asarray(_FIRM_SUFFIX)[rng.integers(0, len(_FIRM_SUFFIX), n)])
    names[firm] = firm_names[firm]
    for index, special in SPECIAL_NAMES.items():
        if index < n:
            names[index] = special
    return names


def acquisition_days(rng: np.random.Generator, n: int, span_days: int) -> np.ndarray:
    """Signup day offsets in [0, span_days): density rises linearly (0.6 → 1.4) as the firm grows.

    Inverse CDF of f(x) ∝ a + b·x on [0, 1] with a = 0.6, b = 0.8.
    """
    a, b = 0.6, 0.8
    u = rng.random(n) * (a + b / 2)
    x = (-a + np.sqrt(a * a + 2 * b * u)) / b
    return np.minimum((x * span_days).astype(np.int64), span_days - 1)


def draw_customers(rng: np.random.Generator, n: int, start: pd.Timestamp,
                   end: pd.Timestamp) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The customer table plus the hidden traits that drive behaviour (not published)."""
    span = (end - start).days + 1
    signup = acquisition_days(rng, n, span)
    order = np.argsort(signup, kind="stable")                         # ids follow signup order
    signup = signup[order]
    channel = _choice(rng, n, CHANNEL_SHARE)
    region = _choice(rng, n, REGION_SHARE)
    tier = _choice(rng, n, CITY_TIER_SHARE)
    age = _choice(rng, n, AGE_BAND_SHARE)
    gender = _choice(rng, n, GENDER_SHARE)
    cac = CHANNEL_CAC[channel] * rng.lognormal(-0.03, 0.25, n)
    names = person_or_company_names(rng, n)
    width = max(5, len(str(n)))
    customers = pd.DataFrame({
        "customer_id": id_strings("C", np.arange(1, n + 1), width).array,
        "name": pd.array(names, dtype="str"),
        "signup_date": (start + pd.to_timedelta(signup, unit="D")).astype("datetime64[ns]"),
        "city_tier": _cat(tier, CITY_TIERS, ordered=True),
        "region": _cat(region, REGIONS),
        "age_band": _cat(age, AGE_BANDS, ordered=True),
        "gender": _cat(gender, GENDERS),
        "channel": _cat(channel, CHANNELS),
        "acquisition_cost": np.round(cac, 2),
    })
    traits = {
        "signup_day": signup,
        "satisfaction": rng.normal(CHANNEL_SATISFACTION[channel], 1.0),   # latent s
        "peak_rate": rng.lognormal(np.log(22.0), 0.5, n) * CHANNEL_RATE[channel],  # orders/year
        "spend": rng.lognormal(0.0, 0.35, n) * CITY_TIER_SPEND[tier],
        "favourite": _choice(rng, n, CATEGORY_SHARE),
        "never_buys": rng.random(n) < 0.06,                               # stay "potential"
        "tier": tier,
        "age": age,
    }
    # happier customers buy more often; nobody orders more than MAX_RATE times a year at peak
    traits["peak_rate"] = np.minimum(traits["peak_rate"] * np.exp(0.25 * traits["satisfaction"]),
                                     MAX_RATE)
    return customers, traits


# ---------------------------------------------------------------------------------------------
# lifecycle: churn and win-back
# ---------------------------------------------------------------------------------------------
def churn_hazard(satisfaction: np.ndarray) -> np.ndarray:
    """Churn hazard per year after the first 90 days, as a function of latent satisfaction s:

    λ(s) = 0.10 + 3.0 / (1 + exp(8 (s − 0.65))) + 0.8·exp(−1.5 s).

    Convex and step-like: dissatisfied customers leave within weeks, merely satisfied ones
    (s between 0 and 0.65, who score 4) still leave at about 2–3 a year, and only delighted ones
    (s above about 0.65, who score 5) stay for years (λ ≈ 0.1–0.5).
    """
    return (0.10 + 3.0 / (1.0 + np.exp(8.0 * (satisfaction - 0.65)))
            + 0.8 * np.exp(-1.5 * satisfaction))


EARLY_YEARS = 90 / DAYS_PER_YEAR   # the development stage: a higher hazard while trust is built
EARLY_FACTOR = 1.3


def churn_years(rng: np.random.Generator, satisfaction: np.ndarray) -> np.ndarray:
    """Time to churn in years from a piecewise-constant hazard (× 1.3 in the first 90 days).

    Inverse of the cumulative hazard H(t) = λ·1.3·min(t, t0) + λ·max(t − t0, 0) at an Exp(1) draw.
    """
    lam = churn_hazard(satisfaction)
    e = rng.exponential(1.0, len(lam))
    early = lam * EARLY_FACTOR * EARLY_YEARS
    return np.where(e < early, e / (lam * EARLY_FACTOR), EARLY_YEARS + (e - early) / lam)


def winback_probability(satisfaction: np.ndarray) -> np.ndarray:
    """Chance that a churned customer is won back: 0.3 / (1 + exp(−1.5 s)).

    Customers who left unhappy rarely return (s = −1.5: 3 %); satisfied ones who drifted away
    come back more often (s = 0: 15 %, s = 1: 25 %).
    """
    return 0.3 / (1.0 + np.exp(-1.5 * satisfaction))


# ---------------------------------------------------------------------------------------------
# purchases over tenure: an inverted U
# ---------------------------------------------------------------------------------------------
WELCOME_SHARE = 0.8   # new customers who use the welcome coupon for a second order
FLOOR = 0.5         # share of the peak rate present from day one and late in the relationship
PEAK_YEARS = 0.9    # tenure at which purchase frequency peaks (maturity)
VALUE_PEAK_YEARS = 1.5


def _gamma2_cdf(x: np.ndarray) -> np.ndarray:
    """F(x) = 1 − (1 + x) e^{−x}: CDF of Gamma(shape 2, scale 1)."""
    return -np.expm1(-x) - x * np.exp(-x)


def _gamma2_ppf(p: np.ndarray) -> np.ndarray:
    """Inverse of ``_gamma2_cdf``: x = −1 − W₋₁(−(1 − p)/e) (Lambert W, lower branch).

    Near p = 0 the branch point makes W inaccurate, so start from x ≈ √(2p) there (F ≈ x²/2)
    and polish every value with one Newton step (F′(x) = x e^{−x}).
    """
    from scipy.special import lambertw  # imported here: scipy.special is slow to import

    p = np.asarray(p, dtype=float)
    z = np.clip(-(1.0 - p) / np.e, -1.0 / np.e, -1e-300)
    x = np.where(p < 1e-6, np.sqrt(2.0 * p), -1.0 - lambertw(z, k=-1).real)
    density = x * np.exp(-x)
    step = np.divide(_gamma2_cdf(x) - p, density, out=np.zeros_like(x), where=density > 0)
    return np.maximum(x - step, 0.0)


def frequency_profile_integral(duration: np.ndarray) -> np.ndarray:
    """∫₀ᴰ f(t) dt for f(t) = FLOOR + (1 − FLOOR)·(t/τ)·e^{1 − t/τ}, τ = PEAK_YEARS (years)."""
    tau = PEAK_YEARS
    return FLOOR * duration + (1 - FLOOR) * np.e * tau * _gamma2_cdf(duration / tau)


def value_multiplier(tenure_years: np.ndarray) -> np.ndarray:
    """Order-value multiplier over tenure: 0.8 + 0.45·(t/τv)·e^{1 − t/τv}, τv = 1.5 years."""
    x = tenure_years / VALUE_PEAK_YEARS
    return 0.8 + 0.45 * x * np.exp(1.0 - x)


def purchase_times(rng: np.random.Generator, rate: np.ndarray, duration: np.ndarray,
                   shaped: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Repeat-purchase times (years since segment start) for many relationship segments at once.

    A segment with peak ``rate`` (orders/year) lasting ``duration`` years has a Poisson number of
    orders with mean rate·∫f; each order comes from the flat part (uniform on the segment) or the
    hump (Gamma(2, τ) truncated at the duration) in proportion to their integrals. Segments with
    ``shaped`` False (win-back) have a flat rate. Returns (segment index, time) per order.
    """
    tau = PEAK_YEARS
    hump = np.where(shaped, (1 - FLOOR) * np.e * tau * _gamma2_cdf(duration / tau), 0.0)
    flat = np.where(shaped, FLOOR * duration, duration)
    counts = rng.poisson(rate * (flat + hump))
    seg = np.repeat(np.arange(len(rate)), counts)
    u = rng.random(len(seg))
    from_hump = rng.random(len(seg)) < (hump / np.maximum(flat + hump, 1e-12))[seg]
    d = duration[seg]
    t = u * d                                                   # flat part: uniform
    h = np.flatnonzero(from_hump)                               # hump part: inverse CDF
    t[h] = tau * _gamma2_ppf(u[h] * _gamma2_cdf(d[h] / tau))
    return seg, np.minimum(t, d)


# festival shopping days: 618 (June 18) and 双十一 (November 11)
def festival_shift(rng: np.random.Generator, day: np.ndarray, last_day: np.ndarray,
                   start: pd.Timestamp) -> np.ndarray:
    """Move about a quarter of the orders placed in the 30 days before June 18 or November 11 to
    the festival day (as long as the relationship is still running then)."""
    dates = np.datetime64(start.date(), "D") + day
    year_start = dates.astype("datetime64[Y]").astype("datetime64[M]")
    out = day.copy()
    for month, dom in ((6, 18), (11, 11)):
        fest = (year_start + (month - 1)).astype("datetime64[D]") + (dom - 1)
        delta = (fest - dates).astype(np.int64)
        fest_day = day + delta
        move = (delta > 0) & (delta <= 30) & (fest_day <= last_day) & (rng.random(len(day)) < 0.25)
        out = np.where(move, fest_day, out)
    return out


def draw_transactions(rng: np.random.Generator, customers: pd.DataFrame,
                      traits: dict[str, np.ndarray], start: pd.Timestamp,
                      end: pd.Timestamp) -> pd.DataFrame:
    """All orders (and refunds) of all customers, sorted by date, with order ids O0000001…."""
    n = len(customers)
    span_days = (end - start).days              # last possible day offset
    signup = traits["signup_day"]
    buyer = ~traits["never_buys"]
    life = churn_years(rng, traits["satisfaction"])
    churn_day = signup + np.floor(life * DAYS_PER_YEAR).astype(np.int64)
    # win-back: 0.3–1.2 years after churning, some come back (see winback_probability)
    gap = rng.uniform(0.3, 1.2, n)
    second = rng.exponential(0.8, n)
    back_day = churn_day + np.floor(gap * DAYS_PER_YEAR).astype(np.int64)
    p_back = winback_probability(traits["satisfaction"])
    won_back = buyer & (back_day <= span_days) & (rng.random(n) < p_back)
    back_end = np.minimum(back_day + np.floor(second * DAYS_PER_YEAR).astype(np.int64), span_days)

    main_end = np.minimum(churn_day, span_days)
    cust = np.concatenate([np.flatnonzero(buyer), np.flatnonzero(won_back)])
    seg_start = np.concatenate([signup[buyer], back_day[won_back]])
    seg_end = np.concatenate([main_end[buyer], back_end[won_back]])
    shaped = np.concatenate([np.ones(buyer.sum(), bool), np.zeros(won_back.sum(), bool)])
    rate = traits["peak_rate"][cust] * np.where(shaped, 1.0, 0.6)
    duration = (seg_end - seg_start) / DAYS_PER_YEAR

    seg, t = purchase_times(rng, rate, duration, shaped)
    # every segment opens with an order (first purchase / win-back purchase); WELCOME_SHARE of new
    # customers redeem a welcome coupon 7–45 days later, even those about to leave (a trial)
    n_main = int(buyer.sum())
    coupon_day = rng.integers(7, 46, n_main)
    coupon = (rng.random(n_main) < WELCOME_SHARE) & (seg_start[:n_main] + coupon_day <= span_days)
    coupon_t = coupon_day / DAYS_PER_YEAR
    seg_end[:n_main] = np.where(coupon, np.maximum(seg_end[:n_main], seg_start[:n_main]
                                                   + coupon_day), seg_end[:n_main])
    seg = np.concatenate([np.arange(len(cust)), np.flatnonzero(coupon), seg])
    t = np.concatenate([np.zeros(len(cust)), coupon_t[coupon], t])
    c = cust[seg]
    day = seg_start[seg] + np.floor(t * DAYS_PER_YEAR).astype(np.int64)
    day = np.minimum(day, seg_end[seg])
    day = festival_shift(rng, day, seg_end[seg], start)
    tenure = (day - signup[c]) / DAYS_PER_YEAR

    m = len(c)
    fav = traits["favourite"][c]
    other = _choice(rng, m, CATEGORY_SHARE)
    category = np.where(rng.random(m) < 0.55, fav, other)
    quantity = 1 + rng.poisson(np.where(category == CATEGORIES.index("food"), 1.2, 0.35))
    unit = CATEGORY_PRICE[category] * traits["spend"][c] * rng.lognormal(-0.06, 0.35, m)
    amount = np.round(unit * quantity * value_multiplier(tenure), 2)

    # refunds: more likely for apparel and for unhappy customers; issued 2–30 days later
    p_refund = CATEGORY_REFUND[category] * np.where(traits["satisfaction"][c] < -0.5, 1.8, 1.0)
    refunded = rng.random(m) < p_refund
    refund_day = day + rng.integers(2, 31, m)
    refunded &= refund_day <= span_days
    full = rng.random(m) < 0.7
    share = np.where(full, 1.0, rng.uniform(0.2, 0.8, m))
    r = np.flatnonzero(refunded)

    # orders are numbered in (day, customer) order; a refund row is "<order id>-R" on its own,
    # later day; the table is sorted by day, then order number, then order before refund
    number = np.empty(m, dtype=np.int64)
    number[np.lexsort((c, day))] = np.arange(1, m + 1)
    day_all = np.concatenate([day, refund_day[r]])
    number_all = np.concatenate([number, number[r]])
    is_refund = np.concatenate([np.zeros(m, bool), np.ones(len(r), bool)])
    rows = np.concatenate([np.arange(m), r])
    order = np.lexsort((is_refund, number_all, day_all))
    rows, is_refund = rows[order], is_refund[order]
    amount_all = np.where(is_refund, -np.round(amount[rows] * share[rows], 2), amount[rows])
    quantity_all = np.where(is_refund, np.where(full[rows], -quantity[rows], -1), quantity[rows])
    order_id = id_strings("O", number_all[order], max(7, len(str(m))))
    order_id = order_id.where(~is_refund, order_id + "-R")
    return pd.DataFrame({
        "order_id": order_id.array,
        "customer_id": customers["customer_id"].array.take(c[rows]),
        "order_date": (start + pd.to_timedelta(day_all[order], unit="D")).astype("datetime64[ns]"),
        "amount": amount_all.astype(float),
        "quantity": quantity_all.astype(np.int64),
        "category": _cat(category[rows], CATEGORIES),
    })


# ---------------------------------------------------------------------------------------------
# survey: expectation, perceived performance, satisfaction score, repurchase
# ---------------------------------------------------------------------------------------------
SURVEY_RESPONSE = 0.65   # share of the eligible customers who answer
SCORE_CUTS = np.array([-1.6, -0.8, -0.2, 0.7])   # performance − expectation gap → score 1..5


def is_member(values, pool) -> np.ndarray:
    """True where an id in ``values`` occurs in ``pool`` (vectorised via one factorize).

    >>> is_member(["C1", "C2", "C3"], ["C3", "C1", "C1"]).tolist()
    [True, False, True]
    """
    pool = pd.Series(pool, dtype="str")
    both = pd.concat([pool, pd.Series(values, dtype="str")], ignore_index=True)
    codes, _ = pd.factorize(both)
    return np.isin(codes[len(pool):], codes[:len(pool)])


def repurchased_after(transactions: pd.DataFrame, customer_ids, survey_date: pd.Timestamp,
                      days: int = 365) -> np.ndarray:
    """True where the customer has a purchase (amount > 0) in (survey_date, survey_date + days]."""
    t = transactions
    inside = (t["order_date"] > survey_date) & \
             (t["order_date"] <= survey_date + pd.Timedelta(days=days)) & (t["amount"] > 0)
    return is_member(customer_ids, t.loc[inside, "customer_id"])


def draw_survey(rng: np.random.Generator, customers: pd.DataFrame, traits: dict[str, np.ndarray],
                transactions: pd.DataFrame, survey_date: pd.Timestamp) -> pd.DataFrame:
    """Survey of customers active in the 12 months before ``survey_date`` and customers for at
    least 90 days (so the welcome-coupon order is behind them); 65 % of them answer.

    Kotler's model: satisfaction depends on perceived performance minus expectation. The gap is
    driven by the latent satisfaction (gap = 1.1·s + noise); the 1–5 score cuts the gap at
    −1.6, −0.8, −0.2, 0.7 (so a 4 means "met expectations", a 5 "exceeded them").
    """
    t = transactions
    active = t.loc[(t["order_date"] > survey_date - pd.Timedelta(days=365))
                   & (t["order_date"] <= survey_date) & (t["amount"] > 0), "customer_id"]
    is_active = is_member(customers["customer_id"], active)
    tenured = (customers["signup_date"] <= survey_date - pd.Timedelta(days=90)).to_numpy()
    responds = rng.random(len(customers)) < SURVEY_RESPONSE
    idx = np.flatnonzero(is_active & tenured & responds)
    s = traits["satisfaction"][idx]
    k = len(idx)
    expectation = np.clip(rng.normal(7.0, 1.1, k) + 0.3 * (traits["tier"][idx] == 0), 1, 10)
    gap = 1.1 * s + rng.normal(0.0, 0.2, k)
    performance = np.clip(expectation + gap, 1, 10)
    score = 1 + np.searchsorted(SCORE_CUTS, gap + rng.normal(0.0, 0.1, k), side="right")
    ids = customers["customer_id"].to_numpy()[idx]
    return pd.DataFrame({
        "customer_id": pd.array(ids, dtype="str"),
        "survey_date": pd.Series(np.repeat(survey_date, k)).astype("datetime64[ns]").to_numpy(),
        "expectation": np.round(expectation, 1),
        "performance": np.round(performance, 1),
        "satisfaction": score.astype(np.int64),
        "repurchased": repurchased_after(t, ids, survey_date),
    })


# ---------------------------------------------------------------------------------------------
# campaign: a test mailing to a sample of every RFM cell
# ---------------------------------------------------------------------------------------------
COST_PER_PIECE = 2.50        # yuan per mailed piece
PROFIT_MARGIN = 0.30         # profit of a response = margin × order value


def spread_scores(primary: np.ndarray, tiebreak: list[np.ndarray], bins: int = 5) -> np.ndarray:
    """Scores 1..bins (bins = best) by position in an ascending sort: ⌊position × bins / n⌋ + 1.

    Ties are broken by the ``tiebreak`` keys in turn, then by row order, so the groups have equal
    sizes (the default ``ties="spread"`` rule of :func:`crm_lessons.rfm.rfm_scores`).
    """
    order = np.lexsort([np.arange(len(primary)), *tiebreak[::-1], primary])
    position = np.empty(len(primary), dtype=np.int64)
    position[order] = np.arange(len(primary))
    return position * bins // len(primary) + 1


def rfm_at(transactions: pd.DataFrame, campaign_date: pd.Timestamp) -> pd.DataFrame:
    """R, F, M and their 1–5 scores for every customer with a transaction before campaign_date.

    R = days from the last purchase day (amount > 0) to the day before the mailing, F = distinct
    purchase days, monetary = net spend including refunds (yuan), average_order = monetary / F.
    The M score ranks **average_order** (Hughes' average purchase amount: with a few thousand
    customers, total spend is so tied to F that many of the 125 cells would be empty). Scores are
    quintiles with ties spread (R ties by F then M, F ties by R then M, M ties by F then R, then
    customer id), so they equal ``rfm_scores(s.assign(monetary=s["average_order"]))`` for
    ``s = rfm_summary(tx, as_of=campaign_date − 1 day)``.
    """
    t = transactions[transactions["order_date"] < campaign_date]
    codes, ids = pd.factorize(t["customer_id"], sort=True)
    n = len(ids)
    day = ((t["order_date"] - campaign_date).dt.days.to_numpy() + 1)   # ≤ 0; 0 = the day before
    amount = t["amount"].to_numpy()
    buy = amount > 0
    monetary = np.bincount(codes, weights=amount, minlength=n)
    pairs = np.unique(codes[buy].astype(np.int64) * 100_000 + (day[buy] + 50_000))
    frequency = np.bincount(pairs // 100_000, minlength=n)
    last_buy = np.full(n, np.iinfo(np.int64).min)
    np.maximum.at(last_buy, codes[buy], day[buy])
    last_any = np.full(n, np.iinfo(np.int64).min)
    np.maximum.at(last_any, codes, day)
    recency = -np.where(frequency > 0, last_buy, last_any)
    average = np.divide(monetary, frequency, out=np.full(n, np.nan), where=frequency > 0)
    out = pd.DataFrame({"monetary": monetary, "frequency": frequency.astype(np.int64),
                        "recency_days": recency.astype(np.int64), "average_order": average},
                       index=pd.Index(ids, name="customer_id"))
    good_r = -recency.astype(float)
    good_f = frequency.astype(float)
    good_m = np.nan_to_num(average, nan=0.0)
    out["r_score"] = spread_scores(good_r, [good_f, good_m])
    out["f_score"] = spread_scores(good_f, [good_r, good_m])
    out["m_score"] = spread_scores(good_m, [good_f, good_r])
    return out


def draw_campaign(rng: np.random.Generator, transactions: pd.DataFrame,
                  campaign_date: pd.Timestamp) -> pd.DataFrame:
    """Score customers on transactions before ``campaign_date`` (R, F, M quintiles → 125 cells, see
    :func:`rfm_at`), mail a random half of every cell (at least 10, or the whole cell if it is
    smaller) and draw the responses.

    Response probability = logistic(−4.6 + 2.2·pR + 1.3·pF + 0.8·pM), where pR, pF, pM are the
    customer's percentiles (0–1, 1 = best) of true recency, frequency and average order value:
    about 1 % in cell 111 and 40 % in cell 555. The profit of a response is 30 % of an order worth
    the customer's average order value × lognormal noise (mean 1, σ 0.3).
    """
    scored = rfm_at(transactions, campaign_date)
    n = len(scored)
    cell = (100 * scored["r_score"] + 10 * scored["f_score"] + scored["m_score"]).to_numpy()
    typical = float(scored["average_order"].median())
    value = scored["average_order"].where(scored["average_order"] > 0, typical).to_numpy()
    pr, pf, pm = (pd.Series(v).rank(pct=True).to_numpy()
                  for v in (-scored["recency_days"].to_numpy(), scored["frequency"].to_numpy(),
                            value))
    # mail a random half of every cell (at least 10 customers, or all of a smaller cell)
    frame = pd.DataFrame({"cell": cell, "key": rng.random(n)})
    rank = frame.groupby("cell")["key"].rank(method="first").to_numpy()
    size = frame.groupby("cell")["cell"].transform("size").to_numpy()
    quota = np.maximum(np.minimum(size, 10), np.round(0.5 * size))
    mailed = rank <= quota
    p = 1.0 / (1.0 + np.exp(-(-4.6 + 2.2 * pr + 1.3 * pf + 0.8 * pm)))
    responded = rng.random(n) < p
    profit = np.where(responded, PROFIT_MARGIN * value * rng.lognormal(-0.045, 0.3, n), 0.0)
    idx = np.flatnonzero(mailed)
    cells = scored.iloc[idx]
    return pd.DataFrame({
        "customer_id": pd.array(scored.index.to_numpy()[idx], dtype="str"),
        "mail_date": pd.Series(np.repeat(campaign_date, len(idx))).astype("datetime64[ns]")
        .to_numpy(),
        "cost_per_piece": np.full(len(idx), COST_PER_PIECE),
        "responded": responded[idx],
        "profit": np.round(profit[idx], 2),
        "r_score": cells["r_score"].to_numpy(dtype=np.int64),
        "f_score": cells["f_score"].to_numpy(dtype=np.int64),
        "m_score": cells["m_score"].to_numpy(dtype=np.int64),
        "rfm_cell": pd.array(cell[idx].astype(str), dtype="str"),
    })


# ---------------------------------------------------------------------------------------------
# baskets: item lists with planted associations
# ---------------------------------------------------------------------------------------------
ITEMS = ("啤酒", "尿布", "牛奶", "面包", "鸡蛋", "薯片", "可乐", "牙膏", "牙刷", "洗发水", "纸巾",
         "苹果", "香蕉", "大米", "食用油", "酸奶", "咖啡", "茶叶", "方便面", "湿巾", "矿泉水",
         "巧克力", "饼干", "洗衣液", "酱油", "醋", "火腿肠", "橙汁", "奶粉", "口罩")
# popularity of each item in the noise (roughly: staples common, niche items rare)
ITEM_WEIGHT = np.array([4, 4, 9, 8, 7, 4, 4, 3, 3, 4, 8, 6, 6, 3, 3, 6, 4, 3, 5, 3, 8, 4, 5,
                        3, 3, 2, 4, 3, 2, 3], dtype=float)
PLANTED = ((("啤酒", "尿布"), 0.06), (("薯片", "可乐"), 0.07), (("牙膏", "牙刷"), 0.05))


def draw_baskets(rng: np.random.Generator, n_baskets: int) -> pd.DataFrame:
    """Long table (order_id, item): 1 + Poisson(2.2) distinct noise items per basket drawn by
    popularity (Gumbel top-k), plus planted pairs added together with probabilities 6 % (啤酒 +
    尿布), 7 % (薯片 + 可乐) and 5 % (牙膏 + 牙刷)."""
    k_items = len(ITEMS)
    size = np.minimum(1 + rng.poisson(2.2, n_baskets), k_items)
    keys = np.log(ITEM_WEIGHT)[None, :] + rng.gumbel(size=(n_baskets, k_items))
    rank = np.argsort(np.argsort(-keys, axis=1), axis=1)
    present = rank < size[:, None]
    for (a, b), prob in PLANTED:
        add = rng.random(n_baskets) < prob
        present[add, ITEMS.index(a)] = True
        present[add, ITEMS.index(b)] = True
    rows, cols = np.nonzero(present)
    width = max(6, len(str(n_baskets)))
    order_ids = id_strings("B", np.arange(1, n_baskets + 1), width).to_numpy()
    items = np.asarray(ITEMS)[cols]
    frame = pd.DataFrame({"order_id": order_ids[rows], "item": items})
    frame = frame.sort_values(["order_id", "item"], kind="stable").reset_index(drop=True)
    return frame.astype({"order_id": "str", "item": "str"})
