"""Chapter 05 fidelity: the executed notebook shows the lecture's numbers, computed by the package."""

from __future__ import annotations

import re

import pytest

NOTEBOOK = "notebooks/05_segmentation_rfm.ipynb"


@pytest.fixture(scope="module")
def text(executed):
    _nb, out = executed(NOTEBOOK)
    return out


def test_runs_without_errors(executed):
    nb, _ = executed(NOTEBOOK)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors


def test_hughes_break_even(text):
    assert "0.55 / 40 = 1.375%" in text
    assert "response 2.500%: break-even index = 81.82" in text
    assert "break-even index = 0.00" in text


def test_125_cells(text):
    assert re.search(r"cells used: \d+ of 125", text)


def test_top_customers_twenty_percent(text):
    assert re.search(r"[\d,]+ of [\d,]+ customers of 2024 \([\d.]+%\) made 20% of the year's sales",
                     text)


def test_tiers_10_40_150_800(text):
    rows = dict(re.findall(r"^(top|high|middle|low)\s+(\d+)\s", text, flags=re.M))
    assert rows == {"top": "10", "high": "40", "middle": "150", "low": "800"}
    assert "12 months to 2004-11-27" in text


def _row(text, name):
    match = re.search(rf"^{name}\s+(\w+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(-?\d+)\s+(.+?)$",
                      text, flags=re.M)
    assert match, f"row {name} not in the output"
    return match.groups()


def test_lecture_cycle_table(text):
    # tier, F, P, D, R, P − R, status
    assert _row(text, "乙")[1:6] == ("8", "46", "2004-10-08", "50", "-4")
    assert _row(text, "丙")[1:6] == ("21", "17", "2004-10-15", "43", "-26")
    assert _row(text, "己")[1:6] == ("21", "17", "2004-10-19", "39", "-22")
    assert _row(text, "丁")[5] == "0"
    for name in "甲戊庚":
        assert int(_row(text, name)[5]) > 0
    assert _row(text, "丙")[6].strip() == "at risk" and _row(text, "乙")[6].strip() == "watch"


def test_segmentation_optimum_and_panels(text):
    assert re.search(r"^1\s+6\s+77\.69\s+30\.00\s+47\.69", text, flags=re.M)
    assert text.count("interactive(children=") >= 4
