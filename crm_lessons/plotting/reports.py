"""Charts used only by the report templates."""

from __future__ import annotations

import pandas as pd
import seaborn as sns

from ..glossary import term
from . import TEXT_PT, finish, new_axes


def sensitivity_heatmap(table: pd.DataFrame, currency: str = ""):
    """Heatmap of final-year LTV by retention shift (rows) and interest rate (columns)."""
    fig, ax = new_axes(figsize=(6.8, 4.2))
    shown = table.copy()
    shown.index = [f"{v:+.0%}" for v in table.index]
    shown.columns = [f"{v:.0%}" for v in table.columns]
    sns.heatmap(shown, annot=True, fmt=",.2f", cmap="RdYlGn", center=0, ax=ax,
                annot_kws={"fontsize": TEXT_PT},
                cbar_kws={"label": f"{term('ltv_final_year')} {currency}".strip()})
    finish(ax, term("report_sensitivity"), term("interest_rate"), term("retention_shift"))
    return fig
