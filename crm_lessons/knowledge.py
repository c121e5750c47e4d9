"""Customer intelligence (客户智能): generating, distributing and using customer knowledge (客户知识).

The lecture's framework has four steps: customer **data** → knowledge **generation** (OLAP and
discovery tools) → knowledge **distribution** (files and systems that reach the people who act) →
knowledge **use** (campaigns, sales, service). This module holds one small, tested helper per step:

* OLAP (联机分析处理): :func:`olap_cube`, :func:`slice_cube`, :func:`dice_cube`, :func:`roll_up`,
  :func:`drill_down`, :func:`pivot_cube` — thin wrappers over ``pandas.groupby``/``pivot_table``.
* Discovery (知识发现): :func:`rule_metrics` (support, confidence and lift by hand),
  :func:`association_rules` (mlxtend's apriori), :func:`cluster_customers`, :func:`choose_k`,
  :func:`profile_clusters`, :func:`compare_segments` (scikit-learn k-means and metrics).
* Distribution (知识分发): :func:`export_targets` writes a target list with a stated schema.
* Use (知识使用): :func:`campaign_lift` compares a targeted selection with random mailing.

Units: amounts in yuan, supports and confidences as fractions of baskets (0.05 = 5 %), lift as a
ratio (1 = no better than chance). scikit-learn and mlxtend are imported inside the functions that
need them, so ``import crm_lessons.knowledge`` stays light.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

# --------------------------------------------------------------------------------------------
# OLAP: a cube is a DataFrame indexed by its dimensions with one column per measure.
# --------------------------------------------------------------------------------------------

#: Measures an OLAP cube can hold: name -> (description, additive?). Additive measures can be
#: summed when a dimension is rolled up; distinct counts and ratios cannot.
MEASURES: dict[str, tuple[str, bool]] = {
    "sales": ("sum of amount, yuan (refunds count as negative sales)", True),
    "orders": ("number of distinct purchase orders (order ids with a line of amount > 0; "
               "refund lines are not orders)", True),
    "quantity": ("sum of quantity, units", True),
    "customers": ("number of distinct customers (not additive)", False),
    "average_order": ("sales / orders: net yuan per purchase order (a ratio, not additive)",
                      False),
}

#: Time levels derived from the date column when they are not columns of the facts themselves,
#: coarse to fine (a drill-down goes right, a roll-up goes left).
TIME_LEVELS: tuple[str, ...] = ("year", "quarter", "month")


def _require_frame(frame, name: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    if frame.empty:
        raise ValueError(f"{name} is empty: it needs at least one row")
    return frame


def _require_columns(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{name} has no column(s) {missing}; it has {list(frame.columns)}"
        )


def _as_list(value, name: str) -> list[str]:
    items = [value] if isinstance(value, str) else list(value)
    if not items:
        raise ValueError(f"{name} must name at least one column, got {value!r}")
    if len(set(items)) != len(items):
        raise ValueError(f"{name} must not repeat a name, got {items}")
    return items


def _with_time_levels(facts: pd.DataFrame, dims: Sequence[str], date_col: str) -> pd.DataFrame:
    """Add year/quarter/month columns (as strings like '2024', '2024Q3', '2024-07') when asked for."""
    wanted = [d for d in dims if d in TIME_LEVELS and d not in facts.columns]
    if not wanted:
        return facts
    _require_columns(facts, [date_col], "transactions")
    dates = pd.to_datetime(facts[date_col], errors="coerce")
    if dates.isna().any():
        bad = facts.loc[dates.isna(), date_col].iloc[0]
        raise ValueError(f"column {date_col!r} has a value that is not a date: {bad!r}")
    extra = {}
    for level in wanted:
        freq = {"year": "Y", "quarter": "Q", "month": "M"}[level]
        extra[level] = dates.dt.to_period(freq).astype(str)
    return facts.assign(**extra)


def add_time_levels(transactions: pd.DataFrame, levels=TIME_LEVELS,
                    date_col: str = "order_date") -> pd.DataFrame:
    """A copy of the transactions with time-level columns (year '2024', quarter '2024Q3',
    month '2024-07') derived from ``date_col``; levels that are columns already are kept as they are.

    Cubes derive these on the fly; adding them once saves that work when many cubes are built from
    the same facts (as a slider panel does).

    >>> t = pd.DataFrame({"order_date": pd.to_datetime(["2024-08-15"])})
    >>> add_time_levels(t).iloc[0].tolist()[1:]
    ['2024', '2024Q3', '2024-08']
    """
    facts = _require_frame(transactions, "transactions")
    levels = _as_list(levels, "levels")
    unknown = [lv for lv in levels if lv not in TIME_LEVELS]
    if unknown:
        raise ValueError(f"levels {unknown} are not time levels; allowed: {list(TIME_LEVELS)}")
    return _with_time_levels(facts, levels, date_col)


def olap_cube(transactions: pd.DataFrame, dims, measures=("sales", "customers"), *,
              date_col: str = "order_date", amount_col: str = "amount",
              customer_col: str = "customer_id", order_col: str = "order_id",
              quantity_col: str = "quantity") -> pd.DataFrame:
    """Aggregate transactions into a cube: one row per combination of dimension members.

    ``cube[d1, …, dn] = (Σ amount, #distinct purchase orders, Σ quantity, #distinct customers,
    sales/orders)`` over the transactions with those members. Dimensions are columns of
    ``transactions``; the time levels ``year``, ``quarter`` and ``month`` are derived from
    ``date_col`` when not columns already. Only combinations that occur are kept (a sparse cube).
    Sales are in yuan; refunds (negative amounts) are kept and reduce sales. As everywhere in the
    package, an order is a purchase: ``orders`` counts the distinct order ids that have a line
    with amount > 0, so refund lines are not orders, and ``average_order`` is net sales per
    purchase order. See :data:`MEASURES`.

    >>> t = pd.DataFrame({"order_id": [1, 2, 3], "customer_id": ["a", "a", "b"],
    ...                   "order_date": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-02-03"]),
    ...                   "amount": [100.0, 50.0, 30.0], "region": ["N", "N", "S"]})
    >>> olap_cube(t, ["region", "month"], ["sales", "orders", "customers"])
                      sales  orders  customers
    region month
    N      2024-01  100.00       1          1
           2024-02   50.00       1          1
    S      2024-02   30.00       1          1

    A refund line lowers sales but is not an order:

    >>> refund = pd.DataFrame({"order_id": [4], "customer_id": ["a"], "amount": [-20.0],
    ...                        "order_date": pd.to_datetime(["2024-02-10"]), "region": ["N"]})
    >>> olap_cube(pd.concat([t, refund]), ["region"], ["sales", "orders", "average_order"])
            sales  orders  average_order
    region
    N      130.00       2          65.00
    S       30.00       1          30.00
    """
    facts = _require_frame(transactions, "transactions")
    dims = _as_list(dims, "dims")
    measures = _as_list(measures, "measures")
    unknown = [m for m in measures if m not in MEASURES]
    if unknown:
        raise ValueError(f"measures {unknown} are not known; allowed: {list(MEASURES)}")
    facts = _with_time_levels(facts, dims, date_col)
    _require_columns(facts, dims, "transactions")
    needed = {"sales": [amount_col], "orders": [order_col], "quantity": [quantity_col],
              "customers": [customer_col], "average_order": [amount_col, order_col]}
    for m in measures:
        _require_columns(facts, needed[m], f"transactions (for measure {m!r})")
    if any(m in ("sales", "average_order") for m in measures) and not pd.api.types.is_numeric_dtype(
            facts[amount_col]):
        raise ValueError(f"column {amount_col!r} must be numeric (yuan), got {facts[amount_col].dtype}")
    named = {}
    if "sales" in measures or "average_order" in measures:
        named["sales"] = pd.NamedAgg(amount_col, "sum")
    if "orders" in measures or "average_order" in measures:
        if not pd.api.types.is_numeric_dtype(facts[amount_col]):
            raise ValueError(f"column {amount_col!r} must be numeric (yuan) to tell purchases "
                             f"from refunds, got {facts[amount_col].dtype}")
        # an order is a purchase: refund lines (amount ≤ 0) carry no order id into the count
        facts = facts.assign(_purchase_order=facts[order_col].where(facts[amount_col] > 0))
        named["orders"] = pd.NamedAgg("_purchase_order", "nunique")
    if "quantity" in measures:
        named["quantity"] = pd.NamedAgg(quantity_col, "sum")
    if "customers" in measures:
        named["customers"] = pd.NamedAgg(customer_col, "nunique")
    cube = facts.groupby(dims, observed=True, sort=True).agg(**named)
    if "average_order" in measures:
        cube["average_order"] = cube["sales"] / cube["orders"]
    return cube[measures]


def _check_cube(cube, name: str = "cube") -> pd.DataFrame:
    cube = _require_frame(cube, name)
    if any(n is None for n in cube.index.names):
        raise ValueError(f"{name} must be indexed by named dimensions (as olap_cube returns), "
                         f"got index names {list(cube.index.names)}")
    return cube


def slice_cube(cube: pd.DataFrame, **members) -> pd.DataFrame:
    """Slice (切片): fix one or more dimensions at one member each; those levels disappear.

    ``slice_cube(cube, region="华东")`` keeps the rows where region = 华东 and drops the region
    level, leaving a smaller cube over the other dimensions.

    >>> cube = pd.DataFrame({"sales": [1.0, 2.0, 3.0]}, index=pd.MultiIndex.from_tuples(
    ...     [("N", "x"), ("N", "y"), ("S", "x")], names=["region", "category"]))
    >>> slice_cube(cube, region="N")
              sales
    category
    x          1.00
    y          2.00
    """
    cube = _check_cube(cube)
    if not members:
        raise ValueError("slice_cube needs at least one dimension=member, e.g. region='华东'")
    names = list(cube.index.names)
    for dim, member in members.items():
        if dim not in names:
            raise ValueError(f"dimension {dim!r} is not in the cube; it has {names}")
        level = cube.index.get_level_values(dim)
        if member not in set(level):
            raise ValueError(f"{dim}={member!r} does not occur in the cube; members: "
                             f"{sorted(map(str, set(level)))[:12]}")
    if len(members) == len(names):
        raise ValueError("slice_cube would fix every dimension (that is one cell, use cube.loc)")
    mask = np.ones(len(cube), dtype=bool)
    for dim, member in members.items():
        mask &= np.asarray(cube.index.get_level_values(dim) == member)
    return cube[mask].droplevel(list(members))


def dice_cube(cube: pd.DataFrame, **members) -> pd.DataFrame:
    """Dice (切块): keep a sub-cube where each named dimension is in a set of members.

    Unlike a slice, every dimension stays. ``dice_cube(cube, region=["华东", "华南"],
    month=["2024-11", "2024-12"])``.

    >>> cube = pd.DataFrame({"sales": [1.0, 2.0, 3.0]}, index=pd.MultiIndex.from_tuples(
    ...     [("N", "x"), ("N", "y"), ("S", "x")], names=["region", "category"]))
    >>> dice_cube(cube, category=["x"])
                     sales
    region category
    N      x          1.00
    S      x          3.00
    """
    cube = _check_cube(cube)
    if not members:
        raise ValueError("dice_cube needs at least one dimension=[members], e.g. region=['华东']")
    names = list(cube.index.names)
    mask = np.ones(len(cube), dtype=bool)
    for dim, chosen in members.items():
        if dim not in names:
            raise ValueError(f"dimension {dim!r} is not in the cube; it has {names}")
        chosen = [chosen] if isinstance(chosen, str) or not isinstance(chosen, Iterable) else list(
            chosen)
        level = cube.index.get_level_values(dim)
        absent = [c for c in chosen if c not in set(level)]
        if absent:
            raise ValueError(f"{dim} members {absent} do not occur in the cube")
        mask &= np.asarray(level.isin(chosen))
    return cube[mask]


def roll_up(cube: pd.DataFrame, keep, facts: pd.DataFrame | None = None, **cube_kwargs
            ) -> pd.DataFrame:
    """Roll up (上卷): aggregate the cube to fewer dimensions (``keep``), e.g. month → year.

    Additive measures (sales, orders, quantity) are summed over the dropped dimensions. Distinct
    customers are *not* additive (a customer who buys in two months is one customer, not two) and
    ``average_order`` is a ratio: to roll those up pass the ``facts`` the cube came from, and they
    are recounted from the transactions. Time levels may be rolled from finer to coarser when the
    facts are given (``keep=["year"]`` from a cube by month).

    >>> cube = pd.DataFrame({"sales": [1.0, 2.0, 3.0]}, index=pd.MultiIndex.from_tuples(
    ...     [("N", "x"), ("N", "y"), ("S", "x")], names=["region", "category"]))
    >>> roll_up(cube, ["region"])
            sales
    region
    N        3.00
    S        3.00
    """
    cube = _check_cube(cube)
    keep = _as_list(keep, "keep")
    measures = list(cube.columns)
    if facts is not None:
        return olap_cube(facts, keep, measures, **cube_kwargs)
    names = list(cube.index.names)
    absent = [k for k in keep if k not in names]
    if absent:
        raise ValueError(f"cannot roll up to {absent}: not dimensions of the cube {names} "
                         "(pass facts=transactions to derive them)")
    if len(keep) >= len(names):
        raise ValueError(f"roll_up must drop at least one of the dimensions {names}, keep={keep}")
    not_additive = [m for m in measures if m in MEASURES and not MEASURES[m][1]]
    if not_additive:
        raise ValueError(
            f"measures {not_additive} are not additive (distinct counts and ratios cannot be "
            "summed); pass facts=transactions to recount them"
        )
    return cube.groupby(level=keep, observed=True, sort=True).sum()


def drill_down(transactions: pd.DataFrame, dims, into: str, measures=("sales", "customers"), *,
               where: Mapping[str, object] | None = None, **cube_kwargs) -> pd.DataFrame:
    """Drill down (下钻): add a finer dimension ``into`` to the cube over ``dims``.

    Detail comes from the facts, not from the aggregated cube:
    ``drill_down(t, ["region"], "city_tier", where={"region": "华东"})`` shows 华东 by city tier
    (the ``where`` dimensions are sliced away). ``into`` may be a time level (year → quarter →
    month).

    >>> t = pd.DataFrame({"order_id": [1, 2, 3], "customer_id": ["a", "a", "b"],
    ...                   "order_date": pd.to_datetime(["2024-01-05", "2024-05-01", "2024-05-03"]),
    ...                   "amount": [100.0, 50.0, 30.0]})
    >>> drill_down(t, ["year"], "quarter", ["sales"])
                   sales
    year quarter
    2024 2024Q1   100.00
         2024Q2    80.00
    """
    facts = _require_frame(transactions, "transactions")
    dims = [] if dims is None else ([dims] if isinstance(dims, str) else list(dims))
    if not isinstance(into, str):
        raise ValueError(f"into must be one dimension name, got {into!r}")
    if into in dims:
        raise ValueError(f"into={into!r} is already one of the dimensions {dims}")
    where = dict(where or {})
    cube = olap_cube(facts, [*dims, *[w for w in where if w not in dims], into], measures,
                     **cube_kwargs)
    return slice_cube(cube, **where) if where else cube


def pivot_cube(cube: pd.DataFrame, rows: str, columns: str, measure: str,
               fill_value: float = 0.0) -> pd.DataFrame:
    """Pivot (旋转): lay one measure out as a rows × columns table (a cross-tab of the cube).

    Other dimensions of the cube are summed over, so the measure must be additive unless the cube
    has exactly the two dimensions ``rows`` and ``columns``.

    >>> cube = pd.DataFrame({"sales": [1.0, 2.0, 3.0]}, index=pd.MultiIndex.from_tuples(
    ...     [("N", "x"), ("N", "y"), ("S", "x")], names=["region", "category"]))
    >>> pivot_cube(cube, "category", "region", "sales")
    region      N    S
    category
    x        1.00 3.00
    y        2.00 0.00
    """
    cube = _check_cube(cube)
    names = list(cube.index.names)
    for arg, dim in (("rows", rows), ("columns", columns)):
        if dim not in names:
            raise ValueError(f"{arg}={dim!r} is not a dimension of the cube; it has {names}")
    if rows == columns:
        raise ValueError(f"rows and columns must differ, got {rows!r} twice")
    if measure not in cube.columns:
        raise ValueError(f"measure {measure!r} is not in the cube; it has {list(cube.columns)}")
    if len(names) > 2 and measure in MEASURES and not MEASURES[measure][1]:
        raise ValueError(f"measure {measure!r} is not additive, so a pivot that sums over "
                         f"{[n for n in names if n not in (rows, columns)]} would be wrong; "
                         "build a cube over just the two dimensions first")
    table = cube.pivot_table(index=rows, columns=columns, values=measure, aggfunc="sum",
                             fill_value=fill_value, observed=True)
    table.columns.name = columns
    return table


# --------------------------------------------------------------------------------------------
# Association rules (关联规则)
# --------------------------------------------------------------------------------------------


def basket_lists(baskets, order_col: str = "order_id", item_col: str = "item") -> pd.Series:
    """Baskets as a Series of item lists (labels cast to ``str``), from a long frame or lists.

    Accepts a long DataFrame (one row per order and item), a Series of lists, or any list of
    lists. Repeated items inside a basket count once; empty baskets are kept (they lower support).

    >>> basket_lists([["啤酒", "尿布"], ["牛奶"]]).tolist()
    [['啤酒', '尿布'], ['牛奶']]
    """
    if isinstance(baskets, pd.DataFrame):
        _require_frame(baskets, "baskets")
        _require_columns(baskets, [order_col, item_col], "baskets")
        if baskets[item_col].isna().any():
            raise ValueError(f"column {item_col!r} has missing items; drop or name them first")
        lists = baskets.groupby(order_col, sort=True)[item_col].agg(
            lambda s: list(dict.fromkeys(map(str, s))))
        return lists.rename("items")
    if isinstance(baskets, pd.Series):
        series = baskets
    else:
        try:
            series = pd.Series(list(baskets), dtype=object)
        except TypeError as exc:
            raise ValueError(f"baskets must be a long DataFrame or a list of item lists, "
                             f"got {type(baskets).__name__}") from exc
    if series.empty:
        raise ValueError("baskets is empty: it needs at least one basket")
    out = []
    for i, basket in enumerate(series):
        if isinstance(basket, str) or not isinstance(basket, Iterable):
            raise ValueError(f"basket {i} must be a list of items, got {basket!r}")
        out.append(list(dict.fromkeys(map(str, basket))))
    return pd.Series(out, index=series.index, name="items", dtype=object)


def basket_matrix(baskets, **kwargs) -> pd.DataFrame:
    """One-hot basket × item table of booleans (mlxtend's ``TransactionEncoder``).

    Columns are items, most frequent first; a frame that is already all-boolean is returned as is.

    >>> basket_matrix([["啤酒", "尿布"], ["牛奶"]])
          啤酒     尿布     牛奶
    0   True   True  False
    1  False  False   True
    """
    from mlxtend.preprocessing import TransactionEncoder

    if isinstance(baskets, pd.DataFrame) and len(baskets.columns) and (
            baskets.dtypes.map(pd.api.types.is_bool_dtype)).all():
        return baskets  # already one-hot (e.g. computed once for a slider panel)
    lists = basket_lists(baskets, **kwargs)
    encoder = TransactionEncoder()
    matrix = encoder.fit(lists).transform(lists)
    columns = [str(c) for c in encoder.columns_]
    frame = pd.DataFrame(np.asarray(matrix, dtype=bool), columns=columns,
                         index=range(len(lists)))
    order = sorted(columns, key=lambda c: (-int(frame[c].sum()), c))
    return frame[order]


def _itemset(items, name: str) -> list[str]:
    items = [items] if isinstance(items, str) else [str(i) for i in items]
    if not items:
        raise ValueError(f"{name} must name at least one item")
    return items


def rule_metrics(baskets, antecedent, consequent, **kwargs) -> dict[str, float]:
    """Support, confidence and lift of one rule X → Y, counted directly (no mining library).

    With N baskets: ``support(X→Y) = n(X ∪ Y) / N``, ``confidence = n(X ∪ Y) / n(X)`` (the share of
    baskets with X that also hold Y) and ``lift = confidence / (n(Y) / N)``. Lift 1 means X tells
    nothing about Y; above 1, Y is more likely with X than in an average basket.

    >>> b = [["啤酒", "尿布"], ["啤酒", "尿布", "牛奶"], ["啤酒"], ["牛奶"], ["尿布", "面包"]]
    >>> m = rule_metrics(b, "啤酒", "尿布")
    >>> round(m["support"], 2), round(m["confidence"], 4), round(m["lift"], 4)
    (0.4, 0.6667, 1.1111)
    """
    lists = basket_lists(baskets, **kwargs)
    x, y = _itemset(antecedent, "antecedent"), _itemset(consequent, "consequent")
    if set(x) & set(y):
        raise ValueError(f"antecedent {x} and consequent {y} must not share items")
    sets = lists.map(set)
    has_x = sets.map(lambda s: s.issuperset(x)).to_numpy(dtype=bool)
    has_y = sets.map(lambda s: s.issuperset(y)).to_numpy(dtype=bool)
    n = len(sets)
    n_x, n_y, n_xy = int(has_x.sum()), int(has_y.sum()), int((has_x & has_y).sum())
    if n_x == 0:
        raise ValueError(f"antecedent {x} occurs in no basket, so confidence is undefined")
    if n_y == 0:
        raise ValueError(f"consequent {y} occurs in no basket, so lift is undefined")
    confidence = n_xy / n_x
    return {"baskets": n, "antecedent_count": n_x, "consequent_count": n_y, "both_count": n_xy,
            "antecedent_support": n_x / n, "consequent_support": n_y / n, "support": n_xy / n,
            "confidence": confidence, "lift": confidence / (n_y / n)}


RULE_COLUMNS = ["antecedent", "consequent", "antecedent_support", "consequent_support",
                "support", "confidence", "lift", "count"]


def _fraction(value, name: str, *, allow_zero: bool = False) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a number, got {value!r}") from exc
    low_ok = v >= 0 if allow_zero else v > 0
    if not (low_ok and v <= 1):
        raise ValueError(f"{name} must be a fraction in {'[0' if allow_zero else '(0'}, 1], "
                         f"got {value!r}")
    return v


def association_rules(baskets, min_support: float, min_confidence: float, min_lift: float = 1.0,
                      *, max_len: int | None = None, **kwargs) -> pd.DataFrame:
    """Association rules X → Y with support, confidence and lift at or above the thresholds.

    Frequent itemsets come from mlxtend's ``apriori`` (support ≥ ``min_support``, a fraction of
    baskets); rules from mlxtend's ``association_rules`` with ``num_itemsets`` = number of baskets.
    Definitions as in :func:`rule_metrics`; ``count`` = baskets holding X ∪ Y. Items of a side are
    joined with " + ". Sorted by lift, then confidence, then support (largest first).

    >>> b = [["啤酒", "尿布"], ["啤酒", "尿布", "牛奶"], ["啤酒"], ["牛奶"], ["尿布", "面包"]]
    >>> association_rules(b, min_support=0.4, min_confidence=0.6)[["antecedent", "consequent",
    ...                                                           "support", "lift"]]
      antecedent consequent  support  lift
    0         啤酒         尿布     0.40  1.11
    1         尿布         啤酒     0.40  1.11
    """
    from mlxtend.frequent_patterns import apriori
    from mlxtend.frequent_patterns import association_rules as mlx_rules

    min_support = _fraction(min_support, "min_support")
    min_confidence = _fraction(min_confidence, "min_confidence", allow_zero=True)
    try:
        min_lift = float(min_lift)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"min_lift must be a number ≥ 0, got {min_lift!r}") from exc
    if not min_lift >= 0:
        raise ValueError(f"min_lift must be a number ≥ 0, got {min_lift!r}")
    if max_len is not None and (int(max_len) != max_len or max_len < 2):
        raise ValueError(f"max_len must be an integer ≥ 2 (a rule needs two items), got {max_len!r}")
    matrix = basket_matrix(baskets, **kwargs)
    n = len(matrix)
    empty = pd.DataFrame({c: pd.Series(dtype=object if c in ("antecedent", "consequent")
                                       else "int64" if c == "count" else float)
                          for c in RULE_COLUMNS})
    itemsets = apriori(matrix, min_support=min_support, use_colnames=True, max_len=max_len)
    if itemsets.empty or itemsets["itemsets"].map(len).max() < 2:
        return empty
    rules = mlx_rules(itemsets, num_itemsets=n, metric="confidence",
                      min_threshold=min_confidence)
    rules = rules[rules["lift"] >= min_lift - 1e-12]
    if rules.empty:
        return empty
    out = pd.DataFrame({
        "antecedent": rules["antecedents"].map(lambda s: " + ".join(sorted(s))),
        "consequent": rules["consequents"].map(lambda s: " + ".join(sorted(s))),
        "antecedent_support": rules["antecedent support"].astype(float),
        "consequent_support": rules["consequent support"].astype(float),
        "support": rules["support"].astype(float),
        "confidence": rules["confidence"].astype(float),
        "lift": rules["lift"].astype(float),
        "count": np.rint(rules["support"].to_numpy() * n).astype("int64"),
    })
    out = out.sort_values(["lift", "confidence", "support", "antecedent", "consequent"],
                          ascending=[False, False, False, True, True], kind="mergesort")
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Clustering (聚类)
# --------------------------------------------------------------------------------------------


def _check_features(features, name: str = "features") -> pd.DataFrame:
    frame = _require_frame(features, name)
    non_numeric = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    if non_numeric:
        raise ValueError(f"{name} columns {non_numeric} are not numeric; encode them first "
                         "(e.g. pd.get_dummies) or drop them")
    values = frame.to_numpy(dtype=float)
    if not np.isfinite(values).all():
        cols = [c for c in frame.columns if not np.isfinite(frame[c].to_numpy(dtype=float)).all()]
        raise ValueError(f"{name} columns {cols} contain NaN or infinite values; fill or drop them")
    return frame


def customer_features(summary: pd.DataFrame, signup_dates: pd.Series | None = None,
                      as_of=None) -> pd.DataFrame:
    """Clustering features per customer from an RFM summary (``crm_lessons.rfm.rfm_summary``).

    Columns: ``recency_days`` (days), ``frequency`` (purchase days), ``monetary`` (yuan, net of
    refunds) and, when ``signup_dates`` (indexed by customer id) are given, ``tenure_days`` =
    as_of − signup date (days). ``as_of`` defaults to ``summary.attrs["as_of"]`` set by
    ``rfm_summary``.

    >>> s = pd.DataFrame({"recency_days": [3, 40], "frequency": [5, 1], "monetary": [900.0, 80.0]},
    ...                  index=pd.Index(["a", "b"], name="customer_id"))
    >>> signup = pd.Series(pd.to_datetime(["2024-01-01", "2024-06-01"]), index=["a", "b"])
    >>> customer_features(s, signup, as_of="2024-12-31")["tenure_days"].tolist()
    [365.0, 213.0]
    """
    summary = _require_frame(summary, "summary")
    cols = ["recency_days", "frequency", "monetary"]
    _require_columns(summary, cols, "summary")
    out = summary[cols].astype(float)
    if signup_dates is not None:
        as_of = summary.attrs.get("as_of") if as_of is None else as_of
        if as_of is None:
            raise ValueError("as_of is needed for tenure_days (summary.attrs has no 'as_of')")
        signup = pd.to_datetime(pd.Series(signup_dates).reindex(out.index), errors="coerce")
        if signup.isna().any():
            raise ValueError(f"signup_dates has no valid date for customer "
                             f"{signup.index[signup.isna()][0]!r}")
        tenure = (pd.Timestamp(as_of) - signup).dt.days
        if (tenure < 0).any():
            raise ValueError(f"signup date after as_of={pd.Timestamp(as_of).date()} for customer "
                             f"{tenure.index[tenure < 0][0]!r}")
        out["tenure_days"] = tenure.astype(float)
    return out


def log_scale(features: pd.DataFrame, columns=("frequency", "monetary")) -> pd.DataFrame:
    """``log(1 + x)`` of skewed columns (counts, yuan) so a few big spenders do not form clusters
    of their own. Negative values (net refunds) are clipped to 0 first; other columns unchanged.

    >>> log_scale(pd.DataFrame({"monetary": [0.0, 99.0, -5.0]}), ["monetary"])["monetary"].round(3).tolist()
    [0.0, 4.605, 0.0]
    """
    frame = _check_features(features)
    columns = _as_list(columns, "columns")
    _require_columns(frame, columns, "features")
    return frame.assign(**{c: np.log1p(frame[c].clip(lower=0)) for c in columns})


def _check_k(k, n_rows: int, n_distinct: int) -> int:
    if isinstance(k, bool) or int(k) != k:
        raise ValueError(f"k must be a whole number of clusters, got {k!r}")
    k = int(k)
    if k < 2:
        raise ValueError(f"k must be at least 2 clusters, got {k}")
    if k > n_distinct:
        raise ValueError(f"k={k} is more than the {n_distinct} distinct customers "
                         f"(rows) in features ({n_rows} rows)")
    return k


def _scaled(features: pd.DataFrame) -> np.ndarray:
    from sklearn.preprocessing import StandardScaler

    return StandardScaler().fit_transform(features.to_numpy(dtype=float))


def _kmeans(scaled: np.ndarray, k: int, seed: int):
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    # One OpenMP thread: on small data (thousands of customers) threads only wait for each other,
    # and on a busy 2-core machine the default thread pool made a fit up to 20 times slower.
    with threadpool_limits(limits=1):
        return KMeans(n_clusters=k, n_init=10, random_state=seed).fit(scaled)


def cluster_customers(features: pd.DataFrame, k: int, seed: int = 0) -> pd.Series:
    """k-means clusters (聚类) of customers on standardised features; a Series of labels 0…k−1.

    Each column is standardised, z = (x − mean) / sd, so yuan and days weigh alike; k-means then
    minimises the within-cluster sum of squared distances Σ‖z − centre‖² (scikit-learn, 10 starts,
    ``random_state=seed``). Labels are renumbered by cluster size (0 = largest), so they do not
    depend on the order k-means happened to find the clusters in.

    >>> f = pd.DataFrame({"spend": [10, 11, 12, 100, 101], "visits": [1, 1, 2, 9, 10]},
    ...                  index=list("abcde"))
    >>> cluster_customers(f, k=2).tolist()
    [0, 0, 0, 1, 1]
    """
    frame = _check_features(features)
    k = _check_k(k, len(frame), len(frame.drop_duplicates()))
    model = _kmeans(_scaled(frame), k, seed)
    raw = model.labels_
    sizes = np.bincount(raw, minlength=k)
    # Largest first; ties broken by the first row that carries the label (stable, deterministic).
    first = np.array([np.flatnonzero(raw == c)[0] for c in range(k)])
    order = sorted(range(k), key=lambda c: (-sizes[c], first[c]))
    remap = np.empty(k, dtype=int)
    remap[order] = np.arange(k)
    return pd.Series(remap[raw], index=frame.index, name="cluster")


def choose_k(features: pd.DataFrame, k_range=range(2, 9), seed: int = 0,
             sample_size: int | None = 2000) -> pd.DataFrame:
    """Elbow and silhouette for each k: a table indexed by k with ``inertia`` and ``silhouette``.

    ``inertia`` = Σ‖z − centre‖² on standardised features (falls as k grows; look for the elbow,
    肘部). ``silhouette`` = mean of (b − a) / max(a, b) over customers, where a is the mean distance
    to the own cluster and b to the nearest other one (−1…1, higher = better separated). For more
    than ``sample_size`` rows the silhouette is estimated on a seeded random sample.

    >>> f = pd.DataFrame({"x": [0, 0.1, 0.2, 5, 5.1, 5.2, 10, 10.1, 10.2]})
    >>> choose_k(f, range(2, 5))["silhouette"].idxmax()
    3
    """
    from sklearn.metrics import silhouette_score

    frame = _check_features(features)
    ks = [int(k) for k in k_range]
    if not ks:
        raise ValueError(f"k_range must hold at least one k, got {k_range!r}")
    distinct = len(frame.drop_duplicates())
    for k in ks:
        _check_k(k, len(frame), distinct)
    if distinct < 3 or max(ks) >= len(frame):
        raise ValueError(f"choose_k needs more rows than the largest k ({max(ks)}); "
                         f"features has {len(frame)} rows")
    from threadpoolctl import threadpool_limits

    scaled = _scaled(frame)
    rows = []
    for k in ks:
        model = _kmeans(scaled, k, seed)
        size = sample_size if sample_size and len(frame) > sample_size else None
        with threadpool_limits(limits=1):
            sil = silhouette_score(scaled, model.labels_, sample_size=size, random_state=seed)
        rows.append((k, float(model.inertia_), float(sil)))
    return pd.DataFrame(rows, columns=["k", "inertia", "silhouette"]).set_index("k")


def profile_clusters(features: pd.DataFrame, labels) -> pd.DataFrame:
    """Profile of each cluster: size, share of customers and the mean of every feature.

    Means are in the features' own units (yuan, days, counts). The extra row ``all`` gives the
    overall means, so a cluster reads as "above/below average" on each feature.

    >>> f = pd.DataFrame({"spend": [10, 12, 100]}, index=list("abc"))
    >>> profile_clusters(f, pd.Series([0, 0, 1], index=list("abc")))
             size  share  spend
    cluster
    0           2   0.67  11.00
    1           1   0.33 100.00
    all         3   1.00  40.67
    """
    frame = _check_features(features)
    labels = pd.Series(labels, name="cluster") if not isinstance(labels, pd.Series) else labels
    if len(labels) != len(frame):
        raise ValueError(f"labels has {len(labels)} entries but features has {len(frame)} rows")
    if isinstance(labels.index, pd.RangeIndex) and not isinstance(frame.index, pd.RangeIndex):
        labels = pd.Series(labels.to_numpy(), index=frame.index)
    if not labels.index.equals(frame.index):
        try:
            labels = labels.reindex(frame.index)
        except ValueError as exc:
            raise ValueError("labels must be indexed like features (one label per row)") from exc
    if labels.isna().any():
        raise ValueError("labels must be indexed like features: some rows have no label")
    labels = labels.rename("cluster")
    means = frame.groupby(labels, sort=True).mean()
    size = labels.value_counts().reindex(means.index)
    profile = pd.concat([size.rename("size"), (size / len(frame)).rename("share"), means], axis=1)
    overall = pd.DataFrame([[len(frame), 1.0, *frame.mean().tolist()]], columns=profile.columns,
                           index=pd.Index(["all"], name="cluster"))
    profile.index = profile.index.astype(object)
    out = pd.concat([profile, overall])
    out.index.name = "cluster"
    out["size"] = out["size"].astype("int64")
    return out


def name_clusters(features: pd.DataFrame, labels, *, lapsed_days: float = 365,
                  new_days: float = 365, few_purchases: float = 2,
                  high_quantile: float = 0.75) -> pd.DataFrame:
    """Name each cluster from what its members are: medians, the share who bought once, a name.

    ``features`` needs ``recency_days``, ``frequency``, ``monetary`` and ``tenure_days``
    (:func:`customer_features`). Per cluster: ``size``, the members' **medians** of the four
    features, ``one_purchase`` = share of members with F = 1, and ``name`` = up to three words
    (glossary ``cl_*``, in the session language), each a statement about the members:

    * status: *lapsed* if the median member last bought more than ``lapsed_days`` ago; else
      *new* if the median member joined less than ``new_days`` ago; else *established*;
    * purchases: *one-off buyers* if at least half the members bought on one day only; else
      *few purchases* if the median F ≤ ``few_purchases``; else *frequent buyers* if the median F
      is at or above the ``high_quantile`` of all customers' F; else *repeat buyers*;
    * spend: *big spenders* if the median spend is at or above the ``high_quantile`` of all
      customers' spend (otherwise no word).

    Names that come out equal get the cluster number added. Medians, not means: a few very large
    customers pull a mean far from the typical member.

    >>> f = pd.DataFrame({"recency_days": [10, 20, 15, 700, 800], "frequency": [30, 40, 35, 1, 1],
    ...                   "monetary": [9e3, 8e3, 7e3, 50.0, 60.0],
    ...                   "tenure_days": [900, 1000, 950, 800, 820]})
    >>> name_clusters(f, pd.Series([0, 0, 0, 1, 1]))["name"].tolist()
    ['established · frequent buyers · big spenders', 'lapsed · one-off buyers']
    """
    from .glossary import term

    frame = _check_features(features)
    _require_columns(frame, ["recency_days", "frequency", "monetary", "tenure_days"], "features")
    q = _fraction(high_quantile, "high_quantile")
    profile = profile_clusters(frame, labels).drop(index="all")  # validates labels
    labels = pd.Series(labels, index=frame.index) if not isinstance(labels, pd.Series) else labels
    if isinstance(labels.index, pd.RangeIndex) and not isinstance(frame.index, pd.RangeIndex):
        labels = pd.Series(labels.to_numpy(), index=frame.index)
    labels = labels.reindex(frame.index).rename("cluster")
    cols = ["recency_days", "frequency", "monetary", "tenure_days"]
    grouped = frame[cols].groupby(labels, sort=True)
    out = grouped.median()
    out.insert(0, "size", profile["size"].to_numpy())
    out.insert(3, "one_purchase", (frame["frequency"] == 1).groupby(labels, sort=True).mean())
    high_f = float(frame["frequency"].quantile(q))
    high_m = float(frame["monetary"].quantile(q))
    names = []
    for row in out.itertuples():
        words = ["cl_lapsed" if row.recency_days > lapsed_days
                 else "cl_new" if row.tenure_days < new_days else "cl_established"]
        if row.one_purchase >= 0.5:
            words.append("cl_one_off")
        elif row.frequency <= few_purchases:
            words.append("cl_few")
        elif row.frequency >= high_f:
            words.append("cl_frequent")
        else:
            words.append("cl_repeat")
        if row.monetary >= high_m:
            words.append("cl_big_spenders")
        names.append(" · ".join(term(w) for w in words))
    out["name"] = names
    repeated = out["name"].duplicated(keep=False)
    out.loc[repeated, "name"] = [f"{n} ({c})" for c, n in out.loc[repeated, "name"].items()]
    out.index.name = "cluster"
    return out


def compare_segments(a, b) -> dict[str, object]:
    """How two segmentations of the same customers agree: cross-tab and adjusted Rand index.

    ARI (scikit-learn ``adjusted_rand_score``) is 1 when both group the customers identically and
    about 0 when they agree no more than chance. Used to compare k-means clusters with RFM cells.

    >>> r = compare_segments(pd.Series([0, 0, 1, 1]), pd.Series(["x", "x", "y", "y"]))
    >>> round(r["ari"], 3)
    1.0
    """
    from sklearn.metrics import adjusted_rand_score

    a = pd.Series(a) if not isinstance(a, pd.Series) else a
    b = pd.Series(b) if not isinstance(b, pd.Series) else b
    if len(a) != len(b):
        raise ValueError(f"a has {len(a)} labels and b has {len(b)}: they must label the same "
                         "customers")
    if len(a) == 0:
        raise ValueError("a and b are empty")
    if not a.index.equals(b.index):
        if set(a.index) != set(b.index):
            raise ValueError("a and b must be indexed by the same customers")
        b = b.reindex(a.index)
    if a.isna().any() or b.isna().any():
        raise ValueError("a and b must not contain missing labels")
    table = pd.crosstab(a.rename(a.name or "a"), b.rename(b.name or "b"))
    return {"crosstab": table, "ari": float(adjusted_rand_score(a.astype(str), b.astype(str)))}


# --------------------------------------------------------------------------------------------
# Distributing knowledge (知识分发): a target list a CRM system can import
# --------------------------------------------------------------------------------------------

#: The target-list schema: column -> (type, meaning). Files carry exactly these columns, in order.
TARGET_SCHEMA: dict[str, tuple[str, str]] = {
    "customer_id": ("string", "customer key as in the CRM system; unique, not empty"),
    "segment": ("string", "segment, cluster or rule name the customer was chosen by; not empty"),
    "action": ("string", "what to do, e.g. 'mail coupon', 'call'; not empty"),
    "score": ("number", "priority, higher first (e.g. lift, response rate, monetary value)"),
}


def target_schema(lang: str | None = None) -> pd.DataFrame:
    """:data:`TARGET_SCHEMA` as a table to read: one row per column, its type and meaning.

    Headers, types and meanings are in ``lang`` (default: the session language; glossary
    ``schema_*``); the English text is the schema's own.

    >>> target_schema("zh").loc["score"].tolist()
    ['数值', '优先级，越高越先（如提升度、响应率、消费金额）']
    """
    from .glossary import term

    return pd.DataFrame(
        {term("schema_type", lang): [term(f"schema_{kind}", lang) for kind, _ in
                                     TARGET_SCHEMA.values()],
         term("schema_meaning", lang): [term(f"schema_{col}", lang) for col in TARGET_SCHEMA]},
        index=pd.Index(list(TARGET_SCHEMA), name=None))


def _validated_targets(frame: pd.DataFrame) -> pd.DataFrame:
    frame = _require_frame(frame, "targets")
    _require_columns(frame, TARGET_SCHEMA, "targets")
    extra = [c for c in frame.columns if c not in TARGET_SCHEMA]
    if extra:
        raise ValueError(f"targets has columns {extra} that are not in the schema "
                         f"{list(TARGET_SCHEMA)}; select or rename columns first")
    out = frame[list(TARGET_SCHEMA)].reset_index(drop=True)  # the row index is not exported
    for col in ("customer_id", "segment", "action"):
        text = out[col].astype("string").str.strip()
        if text.isna().any() or (text == "").any():
            bad = out.index[(text.isna() | (text == "")).to_numpy(dtype=bool)][0]
            raise ValueError(f"column {col!r} must not be empty; row {bad!r} has {out.at[bad, col]!r}")
        out[col] = text.astype(object)
    dup = out["customer_id"].duplicated(keep=False)
    if dup.any():
        raise ValueError(f"column 'customer_id' must be unique; repeated: "
                         f"{sorted(out.loc[dup, 'customer_id'].unique())[:5]}")
    score = pd.to_numeric(out["score"], errors="coerce")
    if score.isna().any() or not np.isfinite(score.to_numpy(dtype=float)).all():
        bad = out.loc[score.isna() | ~np.isfinite(score.fillna(0)), "score"].iloc[0]
        raise ValueError(f"column 'score' must be a finite number, got {bad!r}")
    out["score"] = score.astype(float)
    return out.sort_values(["score", "customer_id"], ascending=[False, True],
                           kind="mergesort").reset_index(drop=True)


def export_targets(frame: pd.DataFrame, path) -> Path:
    """Write a target list for a CRM import, after checking it against :data:`TARGET_SCHEMA`.

    The file has exactly the columns ``customer_id, segment, action, score`` (highest score first).
    ``.csv`` is written as UTF-8 with a byte-order mark, so Excel shows Chinese correctly;
    ``.xlsx`` gets a second sheet ``schema`` describing each column. Returns the path written.

    >>> import tempfile, os
    >>> t = pd.DataFrame({"customer_id": ["C2", "C1"], "segment": ["啤酒→尿布"] * 2,
    ...                   "action": ["coupon"] * 2, "score": [1.5, 2.0]})
    >>> p = export_targets(t, os.path.join(tempfile.mkdtemp(), "targets.csv"))
    >>> pd.read_csv(p, encoding="utf-8-sig")["customer_id"].tolist()
    ['C1', 'C2']
    """
    out = _validated_targets(frame)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(f"path must end in .csv or .xlsx, got {path.name!r}")
    if not path.parent.exists():
        raise ValueError(f"the folder {str(path.parent)!r} does not exist")
    if suffix == ".csv":
        out.to_csv(path, index=False, encoding="utf-8-sig")
    else:
        schema = pd.DataFrame([(c, t, m) for c, (t, m) in TARGET_SCHEMA.items()],
                              columns=["column", "type", "meaning"])
        with pd.ExcelWriter(path) as writer:
            out.to_excel(writer, sheet_name="targets", index=False)
            schema.to_excel(writer, sheet_name="schema", index=False)
    return path


# --------------------------------------------------------------------------------------------
# Using knowledge (知识使用): does a targeted selection beat random mailing?
# --------------------------------------------------------------------------------------------


def campaign_lift(campaign: pd.DataFrame, targeted, *, customer_col: str = "customer_id",
                  responded_col: str = "responded", profit_col: str = "profit",
                  cost_col: str = "cost_per_piece") -> pd.Series:
    """Response and profit of the targeted customers against random selection from the mailing.

    ``response_rate`` = responders / mailed; random selection is expected to reach the mailing's
    overall rate, so ``lift`` = targeted rate ÷ overall rate (1 = no better than random).
    ``net_profit`` = Σ profit − Σ cost per piece (yuan) and ``net_per_piece`` = net profit ÷ mailed.

    >>> c = pd.DataFrame({"customer_id": list("abcd"), "responded": [True, False, False, False],
    ...                   "profit": [40.0, 0, 0, 0], "cost_per_piece": [1.0] * 4})
    >>> campaign_lift(c, ["a", "b"])[["targeted", "response_rate", "baseline_rate", "lift"]]
    targeted         2.00
    response_rate    0.50
    baseline_rate    0.25
    lift             2.00
    dtype: float64
    """
    camp = _require_frame(campaign, "campaign")
    _require_columns(camp, [customer_col, responded_col, profit_col, cost_col], "campaign")
    if camp[customer_col].duplicated().any():
        raise ValueError(f"column {customer_col!r} of campaign must be unique (one row per "
                         "customer mailed)")
    ids = pd.Index(pd.unique(pd.Series(list(targeted) if not isinstance(targeted, pd.Series)
                                       else targeted.tolist(), dtype=object)))
    if len(ids) == 0:
        raise ValueError("targeted is empty: choose at least one customer")
    known = ids.isin(camp[customer_col])
    if not known.all():
        raise ValueError(f"targeted has {int((~known).sum())} customer(s) that were not mailed, "
                         f"e.g. {ids[~known][0]!r}; lift can only be measured on mailed customers")
    responded = camp[responded_col].astype(bool)
    base = float(responded.mean())
    if base == 0:
        raise ValueError("nobody in campaign responded, so lift is undefined")
    chosen = camp[customer_col].isin(ids).to_numpy()
    rate = float(responded[chosen].mean())
    net = float(camp.loc[chosen, profit_col].sum() - camp.loc[chosen, cost_col].sum())
    net_all = float(camp[profit_col].sum() - camp[cost_col].sum())
    return pd.Series({
        "targeted": float(chosen.sum()), "mailed": float(len(camp)),
        "response_rate": rate, "baseline_rate": base, "lift": rate / base,
        "net_profit": net, "net_per_piece": net / chosen.sum(),
        "baseline_net_per_piece": net_all / len(camp),
    })


def lift_by_segment(campaign: pd.DataFrame, segments: pd.Series, *,
                    customer_col: str = "customer_id", responded_col: str = "responded",
                    profit_col: str = "profit", cost_col: str = "cost_per_piece") -> pd.DataFrame:
    """Per segment of the mailed customers: mailed, responders, response rate, lift, net profit.

    ``segments`` is indexed by customer id (e.g. cluster labels). Customers mailed but without a
    segment are counted in a row ``(none)`` rather than dropped. Sorted by lift, best first.

    >>> c = pd.DataFrame({"customer_id": list("abcd"), "responded": [True, False, True, False],
    ...                   "profit": [40.0, 0, 40.0, 0], "cost_per_piece": [1.0] * 4})
    >>> lift_by_segment(c, pd.Series({"a": "x", "b": "x", "c": "y", "d": "y"}))["lift"].tolist()
    [1.0, 1.0]
    """
    camp = _require_frame(campaign, "campaign")
    _require_columns(camp, [customer_col, responded_col, profit_col, cost_col], "campaign")
    if not isinstance(segments, pd.Series):
        raise ValueError(f"segments must be a Series indexed by customer id, got "
                         f"{type(segments).__name__}")
    seg = camp[customer_col].map(segments).astype(object).where(
        camp[customer_col].isin(segments.index), "(none)")
    frame = pd.DataFrame({"segment": seg.astype(str), "responded": camp[responded_col].astype(bool),
                          "net": camp[profit_col] - camp[cost_col]})
    base = frame["responded"].mean()
    if base == 0:
        raise ValueError("nobody in campaign responded, so lift is undefined")
    out = frame.groupby("segment", sort=True).agg(mailed=("responded", "size"),
                                                  responders=("responded", "sum"),
                                                  net_profit=("net", "sum"))
    out["response_rate"] = out["responders"] / out["mailed"]
    out["lift"] = out["response_rate"] / base
    out["net_per_piece"] = out["net_profit"] / out["mailed"]
    out["responders"] = out["responders"].astype("int64")
    return out.sort_values(["lift", "mailed"], ascending=[False, False], kind="mergesort")[
        ["mailed", "responders", "response_rate", "lift", "net_profit", "net_per_piece"]]


def holdout_lift(campaign: pd.DataFrame, segments: pd.Series, top: int = 1, seed: int = 0,
                 **columns) -> pd.Series:
    """Honest targeting test: pick the best ``top`` segments on one half of the mailing, then
    measure their lift on the other half.

    Choosing the segment with the highest response rate and reporting that same rate flatters
    it (part of its lead is luck). Splitting the mailed customers at random (``seed``) into a
    choosing half and a testing half gives an unbiased lift: ``lift_test`` = response rate of
    the chosen segments in the test half ÷ the test half's overall rate. The split is made
    within each segment, so both halves hold every segment in proportion.

    >>> c = pd.DataFrame({"customer_id": list("abcdefgh"), "responded": [1, 1, 0, 0, 1, 1, 0, 0],
    ...                   "profit": [9.0, 9, 0, 0, 9, 9, 0, 0], "cost_per_piece": [1.0] * 8})
    >>> seg = pd.Series(dict(zip("abcdefgh", "xxyyxxyy")))
    >>> holdout_lift(c, seg)[["chosen", "lift_choose", "lift_test"]].tolist()
    ['x', 2.0, 2.0]
    """
    camp = _require_frame(campaign, "campaign")
    customer_col = columns.get("customer_col", "customer_id")
    _require_columns(camp, [customer_col], "campaign")
    if isinstance(top, bool) or int(top) != top or top < 1:
        raise ValueError(f"top must be a whole number of segments ≥ 1, got {top!r}")
    if len(camp) < 4:
        raise ValueError(f"campaign needs at least 4 mailed customers to split, got {len(camp)}")
    # Split within each segment (stratified), so both halves hold every segment in proportion.
    rng = np.random.default_rng(seed)
    key = camp[customer_col].map(segments.astype(str)).fillna("(none)").to_numpy()
    in_choose = np.zeros(len(camp), dtype=bool)
    for seg in sorted(set(key)):
        rows = np.flatnonzero(key == seg)
        in_choose[rng.permutation(rows)[: len(rows) // 2]] = True
    choose, test = camp[in_choose], camp[~in_choose]
    table = lift_by_segment(choose, segments, **columns)
    table = table.drop(index="(none)", errors="ignore")
    if int(top) > len(table):
        raise ValueError(f"top={top} but only {len(table)} segments were mailed")
    chosen = [str(x) for x in table.index[: int(top)]]
    seg_str = segments.astype(str)
    ids_choose = choose[customer_col][choose[customer_col].map(seg_str).isin(chosen)]
    ids_test = test[customer_col][test[customer_col].map(seg_str).isin(chosen)]
    a = campaign_lift(choose, ids_choose, **columns)
    b = campaign_lift(test, ids_test, **columns)
    return pd.Series({"chosen": " + ".join(chosen), "mailed_choose": int(a["targeted"]),
                      "lift_choose": float(a["lift"]), "mailed_test": int(b["targeted"]),
                      "lift_test": float(b["lift"]),
                      "net_per_piece_test": float(b["net_per_piece"]),
                      "baseline_net_per_piece_test": float(b["baseline_net_per_piece"])},
                     dtype=object)


#: The four steps of the customer-intelligence framework (客户智能体系框架), in order.
FRAMEWORK_STEPS: tuple[str, ...] = ("customer_data", "knowledge_generation",
                                    "knowledge_distribution", "knowledge_use")


__all__ = [
    "MEASURES", "TIME_LEVELS", "TARGET_SCHEMA", "RULE_COLUMNS", "FRAMEWORK_STEPS",
    "add_time_levels", "olap_cube", "slice_cube", "dice_cube", "roll_up", "drill_down", "pivot_cube",
    "basket_lists", "basket_matrix", "rule_metrics", "association_rules",
    "customer_features", "log_scale", "cluster_customers", "choose_k", "profile_clusters", "name_clusters",
    "compare_segments",
    "target_schema", "export_targets", "campaign_lift", "lift_by_segment", "holdout_lift",
]
