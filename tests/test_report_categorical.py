"""Issue 16 (scale): the report kernel gets ``customer_id`` as a categorical (fast group-bys on
millions of rows). Every section must still work on edge-case files with more customers than
8-bit category codes hold, where pandas' empty group-bys return 8-bit codes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crm_lessons.reports import analysis

from .report_cells import run_cells


def _write(tmp_path, rows, name="tx.csv"):
    path = tmp_path / name
    pd.DataFrame(rows, columns=["customer_id", "order_date", "amount"]).to_csv(path, index=False)
    return path


def _history(n: int, days: int, seed: int = 3, refunds: bool = False):
    """n customers buying over ``days`` days from 2023-01-02; with ``refunds``, some lines are
    refunds and some customers only refund."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2023-01-02")
    rows = []
    for i in range(n):
        for _ in range(1 + rng.poisson(2)):
            day = start + pd.Timedelta(days=int(rng.integers(0, days)))
            rows.append((f"C{i:05d}", f"{day:%Y-%m-%d}", round(float(rng.gamma(2, 40)), 2)))
        if refunds and i % 17 == 0:
            rows.append((f"C{i:05d}", f"{start:%Y-%m-%d}", -500.0))
    if refunds:
        rows += [(f"R{i:03d}", "2023-02-01", -20.0) for i in range(5)]   # refunds only
    return rows


CASES = {
    "one day": lambda: [(f"C{i:04d}", "2024-03-05", 10.0 + i) for i in range(300)],
    "two months": lambda: _history(300, 60),
    "two years, no refunds": lambda: _history(300, 730),
    "refunds and refund-only customers": lambda: _history(300, 500, refunds=True),
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_section_runs_with_16_bit_customer_codes(tmp_path, case):
    ns = run_cells(_write(tmp_path, CASES[case]()), tmp_path)
    assert isinstance(ns["tx"]["customer_id"].dtype, pd.CategoricalDtype)
    assert ns["tx"]["customer_id"].cat.codes.dtype == np.int16
    table = pd.read_csv(tmp_path / "customers.csv", encoding="utf-8-sig")
    assert tuple(table.columns) == analysis.CUSTOMER_COLUMNS
    assert len(table) == ns["tx"]["customer_id"].nunique()


def test_every_section_runs_when_everybody_is_dormant(tmp_path):
    ns = run_cells(_write(tmp_path, _history(300, 400, refunds=True)), tmp_path,
                   as_of="2026-06-30")
    assert ns["warnings"] is None and ns["calls"] is None


def test_every_section_runs_with_32_bit_customer_codes(tmp_path):
    ns = run_cells(_write(tmp_path, _history(33_000, 700)), tmp_path)
    assert ns["tx"]["customer_id"].cat.codes.dtype == np.int32
    assert len(pd.read_csv(tmp_path / "customers.csv", encoding="utf-8-sig")) == 33_000


def test_the_kernel_gets_only_the_columns_the_report_reads(tmp_path):
    """Memory on millions of rows: no product/region columns nobody reads, no order ids made
    from row numbers; with --order-col the grouped order ids stay (orders are counted by id)."""
    rows = [(f"C{i // 2 % 40:02d}", f"2024-0{1 + i // 2 % 9}-{1 + i // 2 % 28:02d}", 10.0 + i,
             f"O{i // 2:04d}",
             "apparel" if i % 3 else "food", "华东") for i in range(400)]
    path = tmp_path / "lines.csv"
    pd.DataFrame(rows, columns=["customer_id", "order_date", "amount", "order", "product",
                                "region"]).to_csv(path, index=False)
    (tmp_path / "rows").mkdir()
    (tmp_path / "orders").mkdir()
    ns = run_cells(path, tmp_path / "rows")
    assert list(ns["tx"].columns) == ["customer_id", "order_date", "amount"]
    assert analysis.purchase_orders(ns["tx"]).sum() == 400
    grouped = run_cells(path, tmp_path / "orders", order_col="order", filter_column="region",
                        filter_value="华东")
    assert list(grouped["tx"].columns) == ["order_id", "customer_id", "order_date", "amount",
                                           "region"]
    assert analysis.purchase_orders(grouped["tx"]).sum() == 200
    table = pd.read_csv(tmp_path / "orders" / "customers.csv", encoding="utf-8-sig")
    assert table["orders"].sum() == 200
