"""Bundled data, loaders, the seeded generator, the B2B case and CDNOW (crm_lessons.datasets)."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from importlib import metadata

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_lessons import datasets
from crm_lessons.datasets import _b2b, _cdnow, _generate, _retail

LOADERS = {
    "customers": datasets.load_customers,
    "transactions": datasets.load_transactions,
    "survey": datasets.load_survey,
    "campaign": datasets.load_campaign,
    "baskets": datasets.load_baskets,
    "b2b_accounts": datasets.load_b2b_accounts,
    "b2b_orders": datasets.load_b2b_orders,
}

EXPECTED_DTYPES = {
    "customers": {"customer_id": "str", "name": "str", "signup_date": "datetime64[ns]",
                  "city_tier": "category", "region": "category", "age_band": "category",
                  "gender": "category", "channel": "category", "acquisition_cost": "float64"},
    "transactions": {"order_id": "str", "customer_id": "str", "order_date": "datetime64[ns]",
                     "amount": "float64", "quantity": "int64", "category": "category"},
    "survey": {"customer_id": "str", "survey_date": "datetime64[ns]", "expectation": "float64",
               "performance": "float64", "satisfaction": "int64", "repurchased": "bool"},
    "campaign": {"customer_id": "str", "mail_date": "datetime64[ns]",
                 "cost_per_piece": "float64", "responded": "bool", "profit": "float64",
                 "r_score": "int64", "f_score": "int64", "m_score": "int64", "rfm_cell": "str"},
    "baskets": {"order_id": "str", "item": "str"},
    "b2b_accounts": {"account_id": "str", "name": "str", "short_name": "str",
                     "industry": "category", "city": "str", "sales_rep": "str"},
    "b2b_orders": {"order_id": "str", "account_id": "str", "order_date": "datetime64[ns]",
                   "amount": "float64"},
}

NAMED = ("甲", "乙", "丙", "丁", "戊", "己", "庚")


def cycle_table(accounts: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    """The lecture's procedure, written out independently of the package: F, M, TM, rank, P, R."""
    g = orders.groupby("account_id").agg(F=("amount", "size"), TM=("amount", "sum"),
                                          D=("order_date", "max"))
    g["M"] = g["TM"] / g["F"]
    g["rank"] = g["TM"].rank(ascending=False, method="first").astype(int)
    g["P"] = (365 / g["F"]).round().astype(int)
    g["R"] = (datasets.B2B_TODAY - g["D"]).dt.days
    g["P_minus_R"] = g["P"] - g["R"]
    return g.join(accounts.set_index("account_id")[["short_name", "name"]])


def lift(baskets: pd.DataFrame, a: str, b: str) -> float:
    sets = baskets.groupby("order_id")["item"].agg(set)
    has_a = sets.map(lambda s: a in s)
    has_b = sets.map(lambda s: b in s)
    return float((has_a & has_b).mean() / (has_a.mean() * has_b.mean()))


# ------------------------------------------------------------------------------------------------
# loaders
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("table", list(LOADERS))
def test_loader_schema_and_dtypes(table):
    frame = LOADERS[table]()
    assert {c: str(t) for c, t in frame.dtypes.items()} == EXPECTED_DTYPES[table]
    assert len(frame) > 0
    assert frame.notna().all().all(), f"{table} has missing values"


@pytest.mark.parametrize("table", list(LOADERS))
def test_loaders_return_independent_copies(table):
    first = LOADERS[table]()
    col = first.columns[0]
    n = len(first)
    first[col] = "changed"
    first.attrs["note"] = "changed"
    again = LOADERS[table]()
    assert (again[col] != "changed").all()
    assert len(again) == n and "note" not in again.attrs


def test_bundled_files_and_readme_live_in_data_dir():
    folder = datasets.data_dir()
    for table in datasets.TABLES:
        assert (folder / f"{table}.csv").is_file()
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "python -m crm_lessons.datasets" in readme and "2024" in readme
    for table in datasets.TABLES:
        assert f"`{table}" in readme, f"README has no section for {table}"


def test_generated_tables_equal_loaded_tables():
    generated = datasets.generate()
    for table, loader in LOADERS.items():
        pd.testing.assert_frame_equal(generated[table], loader(), check_exact=True)


def test_regenerating_with_documented_seed_reproduces_bundled_files(tmp_path):
    paths = datasets.write_bundled(tmp_path, seed=datasets.BUNDLED_SEED)
    for table, path in paths.items():
        bundled = datasets.data_dir() / f"{table}.csv"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == \
            hashlib.sha256(bundled.read_bytes()).hexdigest(), f"{table}.csv differs"
        raw = path.read_bytes()
        assert b"\r\n" not in raw and raw.endswith(b"\n")
        raw.decode("utf-8")


def test_module_command_writes_all_tables(tmp_path, capsys):
    from crm_lessons.datasets.__main__ import main

    assert main(["--folder", str(tmp_path), "--seed", "7"]) == 0
    out = capsys.readouterr().out
    for table in datasets.TABLES:
        assert (tmp_path / f"{table}.csv").is_file()
        assert table in out


def test_bundled_sizes_are_a_few_megabytes():
    total = sum((datasets.data_dir() / f"{t}.csv").stat().st_size for t in datasets.TABLES)
    assert 1_000_000 < total < 6_000_000


def test_reference_dates():
    tx = datasets.load_transactions()
    assert tx["order_date"].min() >= pd.Timestamp("2021-01-01")
    assert tx["order_date"].max() == datasets.REFERENCE_DATE
    assert (datasets.load_survey()["survey_date"] == datasets.SURVEY_DATE).all()
    assert (datasets.load_campaign()["mail_date"] == datasets.CAMPAIGN_DATE).all()
    assert datasets.B2B_TODAY == pd.Timestamp("2004-11-27")


def test_read_bundled_csv_rejects_unknown_table():
    with pytest.raises(ValueError, match=r"table must be one of .*'customers'.*got 'orders'"):
        datasets.read_bundled_csv(datasets.data_dir() / "customers.csv", "orders")


# ------------------------------------------------------------------------------------------------
# the retail tables
# ------------------------------------------------------------------------------------------------
def test_customers_table():
    c = datasets.load_customers()
    assert len(c) == 4000 and c["customer_id"].is_unique
    assert c["customer_id"].str.fullmatch(r"C\d{5}").all()
    assert set(c["region"].cat.categories) == {"华东", "华北", "华南", "华中", "西南", "西北", "东北"}
    assert list(c["city_tier"].cat.categories) == ["1", "2", "3", "4"]
    names = set(c["name"])
    assert "<script>alert(1)</script>" in names
    assert any("&" in n for n in names) and any('"' in n for n in names)
    cost = c.groupby("channel", observed=True)["acquisition_cost"].mean()
    assert cost.idxmin() == "referral" and cost.idxmax() == "offline_event"
    assert (c["acquisition_cost"] > 0).all()


def test_transactions_link_to_customers_and_respect_signup():
    c = datasets.load_customers().set_index("customer_id")
    tx = datasets.load_transactions()
    assert tx["order_id"].is_unique
    assert tx["customer_id"].isin(c.index).all()
    assert (tx["order_date"] >= tx["customer_id"].map(c["signup_date"])).all()
    assert 40_000 <= len(tx) <= 80_000
    assert tx["order_date"].is_monotonic_increasing


def test_refunds_are_negative_rows_tied_to_earlier_orders():
    tx = datasets.load_transactions()
    refunds = tx[tx["amount"] < 0]
    assert 0.01 < len(refunds) / len(tx) < 0.08
    assert refunds["order_id"].str.endswith("-R").all()
    assert (refunds["quantity"] < 0).all()
    orders = tx.set_index("order_id")
    original = orders.loc[refunds["order_id"].str.removesuffix("-R")]
    assert (original["customer_id"].to_numpy() == refunds["customer_id"].to_numpy()).all()
    gap = (refunds["order_date"].to_numpy() - original["order_date"].to_numpy()) / np.timedelta64(1, "D")
    assert ((gap >= 2) & (gap <= 30)).all()
    assert (-refunds["amount"].to_numpy() <= original["amount"].to_numpy() + 1e-9).all()
    assert (tx.loc[tx["amount"] > 0, "quantity"] > 0).all()


def test_lifecycle_shape_in_transactions():
    """Order value rises then falls over tenure (inverted U); about 6 % never buy (potential)."""
    c = datasets.load_customers().set_index("customer_id")
    tx = datasets.load_transactions()
    buys = tx[tx["amount"] > 0]
    tenure = (buys["order_date"] - buys["customer_id"].map(c["signup_date"])).dt.days // 365
    value = buys.groupby(tenure)["amount"].mean()
    assert value.idxmax() in (1, 2) and value[0] < value.max() and value.iloc[-1] < value.max()
    never = 1 - tx["customer_id"].nunique() / len(c)
    assert 0.03 < never < 0.10


def test_festival_days_are_peaks():
    tx = datasets.load_transactions()
    per_day = tx.groupby(tx["order_date"].dt.strftime("%m-%d")).size()
    assert set(per_day.nlargest(2).index) == {"11-11", "06-18"}


def test_survey_repurchase_agrees_with_transactions():
    survey = datasets.load_survey()
    tx = datasets.load_transactions()
    window = tx[(tx["order_date"] > datasets.SURVEY_DATE)
                & (tx["order_date"] <= datasets.SURVEY_DATE + pd.Timedelta(days=365))
                & (tx["amount"] > 0)]
    expected = survey["customer_id"].isin(set(window["customer_id"]))
    assert (survey["repurchased"] == expected).all()
    assert survey["customer_id"].is_unique
    assert survey["expectation"].between(1, 10).all() and survey["performance"].between(1, 10).all()


def test_survey_shows_the_satisfaction_trap():
    survey = datasets.load_survey()
    rate = survey.groupby("satisfaction")["repurchased"].mean()
    assert list(rate.index) == [1, 2, 3, 4, 5]
    assert rate.is_monotonic_increasing
    assert 2.0 <= rate[5] / rate[4] <= 4.0          # 5s repurchase several times as often as 4s
    assert 1 - rate[4] >= 0.40                      # many "satisfied" 4s defect
    assert rate[5] - rate[4] > rate[4] - rate[3]    # convex at the top
    assert (survey["satisfaction"] == 4).sum() >= 100


def test_survey_scores_follow_performance_minus_expectation():
    survey = datasets.load_survey()
    gap = survey["performance"] - survey["expectation"]
    assert gap.corr(survey["satisfaction"], method="spearman") > 0.8
    assert gap[survey["satisfaction"] == 5].min() > gap[survey["satisfaction"] <= 2].max()


def test_campaign_mails_every_rfm_cell_with_clear_differences():
    m = datasets.load_campaign()
    assert m["rfm_cell"].nunique() == 125
    assert m["customer_id"].is_unique
    assert ((m["profit"] > 0) == m["responded"]).all() and (m["profit"] >= 0).all()
    assert m["cost_per_piece"].gt(0).all()
    by_r = m.groupby("r_score")["responded"].mean()
    by_f = m.groupby("f_score")["responded"].mean()
    by_m = m.groupby("m_score")["responded"].mean()
    for rates in (by_r, by_f, by_m):
        assert rates[5] > 2 * rates[1]
    assert by_r[5] > 5 * by_r[1]
    break_even = m["cost_per_piece"].mean() / m.loc[m["responded"], "profit"].mean()
    cell_rate = m.groupby("rfm_cell")["responded"].mean()
    assert (cell_rate > break_even).sum() >= 20 and (cell_rate < break_even).sum() >= 20


def test_campaign_cells_are_the_rfm_module_cells():
    rfm = pytest.importorskip("crm_lessons.rfm")
    tx = datasets.load_transactions()
    summary = rfm.rfm_summary(tx[tx["order_date"] < datasets.CAMPAIGN_DATE],
                              as_of=datasets.CAMPAIGN_DATE - pd.Timedelta(days=1))
    scores = rfm.rfm_scores(summary.assign(monetary=summary["average_order"]))
    m = datasets.load_campaign().set_index("customer_id")
    assert (scores.loc[m.index, "cell"] == m["rfm_cell"]).all()


def test_baskets_have_planted_associations():
    b = datasets.load_baskets()
    assert b["order_id"].nunique() == 3000
    assert not b.duplicated().any()
    for a, c in (("啤酒", "尿布"), ("薯片", "可乐"), ("牙膏", "牙刷")):
        assert lift(b, a, c) > 1.5
    assert 0.7 < lift(b, "牛奶", "面包") < 1.3      # an unplanted pair: noise, lift ≈ 1


def test_baskets_as_lists():
    lists = datasets.load_baskets(as_lists=True)
    long = datasets.load_baskets()
    assert isinstance(lists, pd.Series) and lists.index.is_unique
    assert len(lists) == long["order_id"].nunique()
    assert lists.map(lambda x: x == sorted(x)).all()
    assert lists.map(len).sum() == len(long)
    with pytest.raises(ValueError, match="as_lists must be True or False, got 'yes'"):
        datasets.load_baskets(as_lists="yes")


# ------------------------------------------------------------------------------------------------
# the B2B case (LECTURE_FACTS §5)
# ------------------------------------------------------------------------------------------------
def test_b2b_size_total_and_heavy_tail():
    accounts, orders = datasets.load_b2b_accounts(), datasets.load_b2b_orders()
    assert len(accounts) == 1000 and accounts["account_id"].is_unique
    assert orders["account_id"].isin(accounts["account_id"]).all()
    total = orders["amount"].sum()
    assert 36e6 <= total <= 44e6
    per_account = orders.groupby("account_id")["amount"].sum().sort_values(ascending=False)
    assert per_account.iloc[:10].sum() / total > 0.15          # a few big "top" accounts
    assert per_account.iloc[:200].sum() / total > 0.5
    assert (orders["amount"] > 0).all()


def test_b2b_order_dates_in_window_and_one_order_per_day():
    orders = datasets.load_b2b_orders()
    first = datasets.B2B_TODAY - pd.Timedelta(days=364)
    assert orders["order_date"].between(first, datasets.B2B_TODAY).all()
    assert not orders.duplicated(["account_id", "order_date"]).any()


@pytest.mark.parametrize("short, f, last, p, r", [
    ("乙", 8, "2004-10-08", 46, 50),
    ("丙", 21, "2004-10-15", 17, 43),
    ("己", 21, "2004-10-19", 17, 39),
])
def test_b2b_lecture_rows(short, f, last, p, r):
    table = cycle_table(datasets.load_b2b_accounts(), datasets.load_b2b_orders())
    row = table[table["short_name"] == short].iloc[0]
    assert (row["F"], row["D"], row["P"], row["R"]) == (f, pd.Timestamp(last), p, r)
    assert row["P_minus_R"] == p - r


def test_b2b_chosen_accounts_signs_and_tiers():
    table = cycle_table(datasets.load_b2b_accounts(), datasets.load_b2b_orders())
    named = table[table["short_name"].isin(NAMED)].set_index("short_name")
    assert sorted(named.index) == sorted(NAMED)
    assert named.loc["丁", "P_minus_R"] == 0
    assert (named.loc[["甲", "戊", "庚"], "P_minus_R"] > 0).all()
    assert (named.loc[["乙", "丙", "己"], "P_minus_R"] < 0).all()
    assert named["rank"].between(11, 200).all()           # high or middle tier by TM = M × F
    assert (named["name"] == named.index + "公司").all()


# ------------------------------------------------------------------------------------------------
# generate()
# ------------------------------------------------------------------------------------------------
def test_generate_is_deterministic_and_seed_sensitive():
    a = datasets.generate(n_customers=400, seed=11)
    b = datasets.generate(n_customers=400, seed=11)
    c = datasets.generate(n_customers=400, seed=12)
    for table in datasets.TABLES:
        assert _generate.to_csv_text(a[table]) == _generate.to_csv_text(b[table])
    assert _generate.to_csv_text(a["transactions"]) != _generate.to_csv_text(c["transactions"])


def test_generate_scales_with_customers():
    small = datasets.generate(n_customers=500, seed=3)
    big = datasets.generate(n_customers=2000, seed=3)
    ratio = len(big["transactions"]) / len(small["transactions"])
    assert 2.5 < ratio < 6
    assert big["baskets"]["order_id"].nunique() == 1500
    assert len(big["b2b_accounts"]) == len(small["b2b_accounts"]) == 1000


def test_generate_other_period():
    tables = datasets.generate(n_customers=400, seed=1, start="2019-01-01", end="2021-06-30")
    tx = tables["transactions"]
    assert tx["order_date"].between("2019-01-01", "2021-06-30").all()
    assert (tables["survey"]["survey_date"] == pd.Timestamp("2020-06-30")).all()
    assert (tables["campaign"]["mail_date"] == pd.Timestamp("2020-12-31")).all()


@pytest.mark.parametrize("kwargs, message", [
    ({"n_customers": 10}, r"n_customers must be an integer >= 300 .*got 10"),
    ({"n_customers": 500.0}, r"n_customers must be an integer >= 300 .*got 500.0"),
    ({"n_customers": True}, r"n_customers must be an integer >= 300 .*got True"),
    ({"seed": -1}, r"seed must be a non-negative integer, got -1"),
    ({"seed": "abc"}, r"seed must be a non-negative integer, got 'abc'"),
    ({"start": "not a date"}, r"start must be a date such as '2021-01-01', got 'not a date'"),
    ({"end": None}, r"end must be a date such as '2021-01-01', got None"),
    ({"start": "2024-01-01"}, r"start must be at least two years before end .*2024-01-01"),
    ({"n_baskets": 0}, r"n_baskets must be a positive integer, got 0"),
])
def test_generate_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        datasets.generate(**kwargs)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(300, 700))
def test_generate_invariants_for_any_seed(seed, n):
    t = datasets.generate(n_customers=n, seed=seed)
    c, tx, s, m = t["customers"], t["transactions"], t["survey"], t["campaign"]
    assert len(c) == n and c["customer_id"].is_unique and tx["order_id"].is_unique
    assert tx["customer_id"].isin(c["customer_id"]).all()
    assert tx["order_date"].between(pd.Timestamp("2021-01-01"), pd.Timestamp("2024-12-31")).all()
    refunds = tx[tx["amount"] < 0]
    assert refunds["order_id"].str.removesuffix("-R").isin(tx["order_id"]).all()
    window = tx[(tx["order_date"] > datasets.SURVEY_DATE) & (tx["amount"] > 0)
                & (tx["order_date"] <= datasets.SURVEY_DATE + pd.Timedelta(days=365))]
    assert (s["repurchased"] == s["customer_id"].isin(set(window["customer_id"]))).all()
    assert s["satisfaction"].between(1, 5).all()
    assert ((m["profit"] > 0) == m["responded"]).all()
    table = cycle_table(t["b2b_accounts"], t["b2b_orders"]).set_index("short_name")
    assert table.loc["乙", ["F", "P", "R"]].tolist() == [8, 46, 50]
    assert table.loc["丙", ["F", "P", "R"]].tolist() == [21, 17, 43]
    assert table.loc["己", ["F", "P", "R"]].tolist() == [21, 17, 39]
    assert table.loc["丁", "P_minus_R"] == 0
    assert table.loc[list(NAMED), "rank"].between(11, 200).all()


@settings(max_examples=30, deadline=None)
@given(p=st.floats(0.0, 0.999999))
def test_truncated_gamma_inverse_cdf_round_trips(p):
    x = _retail._gamma2_ppf(np.array([p]))
    assert x[0] >= 0
    assert abs(_retail._gamma2_cdf(x)[0] - p) < 1e-9


@settings(max_examples=30, deadline=None)
@given(values=st.lists(st.integers(0, 5), min_size=5, max_size=60))
def test_spread_scores_are_balanced_and_order_preserving(values):
    v = np.array(values, dtype=float)
    scores = _retail.spread_scores(v, [np.zeros(len(v))])
    counts = np.bincount(scores, minlength=6)[1:]
    assert counts.max() - counts.min() <= 1
    order = np.argsort(v, kind="stable")
    assert (np.diff(scores[order]) >= 0).all()          # larger values never score lower


def test_churn_hazard_is_convex_and_decreasing():
    s = np.linspace(-3, 3, 601)
    hazard = _retail.churn_hazard(s)
    assert (np.diff(hazard) < 0).all()
    assert _retail.churn_hazard(np.array([0.3]))[0] > 4 * _retail.churn_hazard(np.array([1.5]))[0]


def test_named_accounts_constant_matches_lecture():
    rows = {short: (f, last) for short, f, last, _rank in _b2b.NAMED_ACCOUNTS}
    assert rows["乙"] == (8, "2004-10-08") and rows["丙"] == (21, "2004-10-15")
    assert rows["己"] == (21, "2004-10-19")
    for _short, f, _last, _rank in _b2b.NAMED_ACCOUNTS:
        assert (365 / f) % 1 != 0.5                   # no rounding ambiguity in P = 365 / F


# ------------------------------------------------------------------------------------------------
# CDNOW
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("sample, rows, customers", [(True, 6919, 2357), (False, 69659, 23570)])
def test_load_cdnow_counts_and_schema(sample, rows, customers):
    pytest.importorskip("lifetimes")
    cd = datasets.load_cdnow(sample=sample)
    assert len(cd) == rows and cd["customer_id"].nunique() == customers
    assert {c: str(t) for c, t in cd.dtypes.items()} == {
        "order_id": "str", "customer_id": "str", "order_date": "datetime64[ns]",
        "amount": "float64", "quantity": "int64", "category": "category"}
    assert cd["order_id"].is_unique and (cd["category"] == "CD").all()
    assert cd["order_date"].min() == pd.Timestamp("1997-01-01")
    assert cd["order_date"].max() <= pd.Timestamp("1998-06-30")


def test_cdnow_sample_customers_are_master_customers():
    pytest.importorskip("lifetimes")
    sample, master = datasets.load_cdnow(True), datasets.load_cdnow(False)
    assert sample["customer_id"].isin(set(master["customer_id"])).all()
    first = sample[sample["customer_id"] == sample["customer_id"].iloc[0]]
    same = master[master["customer_id"] == first["customer_id"].iloc[0]]
    assert first["amount"].tolist() == same["amount"].tolist()


def test_load_cdnow_does_not_import_lifetimes():
    pytest.importorskip("lifetimes")
    was_loaded = "lifetimes" in sys.modules
    _cdnow._read_cdnow.cache_clear()
    datasets.load_cdnow()
    assert ("lifetimes" in sys.modules) == was_loaded


def test_load_cdnow_without_the_extra_names_the_install_command(monkeypatch):
    def missing(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(_cdnow.metadata, "distribution", missing)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    _cdnow._read_cdnow.cache_clear()
    try:
        with pytest.raises(datasets.RealDataMissingError,
                           match=r'pip install "crm-lessons\[real-data\]"'):
            datasets.load_cdnow()
    finally:
        _cdnow._read_cdnow.cache_clear()


def test_load_cdnow_rejects_non_bool():
    with pytest.raises(ValueError, match="sample must be True .* or False .*, got 'yes'"):
        datasets.load_cdnow(sample="yes")


def test_data_dir_in_an_installed_layout(tmp_path):
    """A wheel puts the CSVs in crm_lessons/datasets/data/ (a folder without __init__.py)."""
    import shutil
    import subprocess
    from pathlib import Path

    package = Path(datasets.__file__).resolve().parents[1]
    site = tmp_path / "site"
    shutil.copytree(package, site / "crm_lessons",
                    ignore=shutil.ignore_patterns("__pycache__"))
    data = site / "crm_lessons" / "datasets" / "data"
    data.mkdir()
    for table in datasets.TABLES:
        shutil.copy(datasets.data_dir() / f"{table}.csv", data)
    code = (
        "import sys\n"
        "sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in repr(f).lower()]\n"
        "sys.path[:] = [p for p in sys.path if 'editable' not in p.lower()]\n"
        f"sys.path.insert(0, {str(site)!r})\n"
        "import crm_lessons.datasets as d\n"
        "print(d.data_dir())\n"
        "print(len(d.load_transactions()))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, check=True).stdout.split()
    assert out == [str(data), str(len(datasets.load_transactions()))]
