"""Slider panels for chapter 04: competition and loyalty, basic vs latent expectations,
the Kotler table's tolerance, and the weights of the three degrees in the retention priority list.

Each panel computes with :mod:`crm_lessons.satisfaction`, shows one headline and one figure, and
returns its result (tests read ``panel.result``).
"""

from __future__ import annotations

import pandas as pd

from .. import satisfaction
from ..glossary import phrase, term
from ..plotting import satisfaction as charts
from . import headline, int_slider, panel, show, slider


def competition_panel(intensity: float = 0.5):
    """Competition intensity (0 = monopoly-like, 1 = fiercely competitive) morphs the loyalty curve.

    Returns a dict: ``loyalty`` (Series of stylised loyalty at scores 1–5) and ``ratio_5_vs_4``.
    """

    def update(intensity=intensity):
        loyalty = pd.Series(satisfaction.loyalty_under_competition(
            [float(s) for s in satisfaction.SCORES], intensity), index=list(satisfaction.SCORES))
        ratio = loyalty[5] / loyalty[4]
        headline(f"{term('loyalty')}: 4 → {loyalty[4]:.0%}, 5 → {loyalty[5]:.0%} · "
                 f"{term('ratio_5_vs_4')} ×{ratio:.2f}")
        show(charts.competition_figure(intensity))
        return {"loyalty": loyalty, "ratio_5_vs_4": float(ratio)}

    return panel(update, intensity=slider(intensity, 0.0, 1.0, 0.05,
                                          term("competition_intensity")))


def expectation_panel(basic: float = 4.0, latent: float = 2.0):
    """How far basic and latent expectations are met (1–5 each) → stylised loyalty from each.

    Returns :func:`crm_lessons.satisfaction.expectation_loyalty` for the slider values.
    """

    def update(basic=basic, latent=latent):
        result = satisfaction.expectation_loyalty(basic, latent)
        headline(f"{term('basic_expectation')} {basic:.1f} → {result['basic']:.0%} "
                 f"({term('loyalty_ceiling')} {result['basic_ceiling']:.0%}) · "
                 f"{term('latent_expectation')} {latent:.1f} → {result['latent']:.0%}")
        show(charts.expectation_curves_figure(basic, latent))
        return result

    return panel(update,
                 basic=slider(basic, 1.0, 5.0, 0.1, term("basic_expectation")),
                 latent=slider(latent, 1.0, 5.0, 0.1, term("latent_expectation")))


def tolerance_panel(survey: pd.DataFrame, tolerance: float = 0.5):
    """Kotler's table on a survey as the "as expected" band widens (tolerance in points).

    Returns :func:`crm_lessons.satisfaction.expectation_table` for the slider value.
    """

    state = {"fig": None}

    def update(tolerance=tolerance):
        table = satisfaction.expectation_table(survey, tolerance)
        shares = " · ".join(f"{term(state)} {table.loc[state, 'share']:.0%}"
                            for state in satisfaction.STATES)
        headline(f"± {tolerance:.1f}: {shares}")
        state["fig"] = charts.expectation_figure(survey, tolerance, fig=state["fig"])
        show(state["fig"])
        return table

    return panel(update, tolerance=slider(tolerance, 0.0, 2.0, 0.1, term("tolerance_points")))


def priority_panel(degrees: pd.DataFrame, weights=(1.0, 1.0, 1.0), top: int = 10,
                   label: str | None = None):
    """Weights of the three degrees → the retention priority list (who comes first).

    ``degrees`` has columns satisfaction, retention (0–1) and contribution (yuan), e.g. from
    :func:`crm_lessons.satisfaction.three_degrees`. Returns the ranked frame of
    :func:`crm_lessons.satisfaction.retention_priority` (``None`` while all weights are 0).
    """
    if label is not None and label not in degrees.columns:
        raise ValueError(f"label must name a column of degrees, got {label!r}; "
                         f"columns are {list(degrees.columns)}")
    w_s, w_r, w_c = (float(w) for w in weights)

    state = {"fig": None}

    def update(w_satisfaction=w_s, w_retention=w_r, w_contribution=w_c, top=top):
        chosen = (w_satisfaction, w_retention, w_contribution)
        if sum(chosen) == 0:
            headline("→ " + term("weight_satisfaction") + " / " + term("weight_retention") + " / "
                     + term("weight_contribution") + " > 0")
            return None
        ranked = satisfaction.retention_priority(degrees, chosen)
        first = ranked.iloc[0]
        name = first[label] if label else ranked.index[0]
        share = ranked["value_at_risk"].head(top).sum() / ranked["value_at_risk"].sum()
        headline(phrase("hl_priority", name=name, value=first["value_at_risk"], top=top,
                        share=share))
        state["fig"] = charts.priority_figure(ranked, chosen, top=top, label=label,
                                              fig=state["fig"])
        show(state["fig"])
        return ranked

    return panel(update,
                 w_satisfaction=slider(w_s, 0.0, 1.0, 0.05, term("weight_satisfaction")),
                 w_retention=slider(w_r, 0.0, 1.0, 0.05, term("weight_retention")),
                 w_contribution=slider(w_c, 0.0, 1.0, 0.05, term("weight_contribution")),
                 top=int_slider(top, 5, 20, term("top_customers")))


def _classroom_survey() -> dict:
    from .. import datasets

    return {"survey": datasets.load_survey()}


def _classroom_degrees() -> dict:
    from .. import datasets

    survey = datasets.load_survey()
    degrees = satisfaction.three_degrees(survey, datasets.load_transactions(), datasets.SURVEY_DATE)
    names = datasets.load_customers().set_index("customer_id")["name"]
    return {"degrees": degrees.join(names), "label": "name"}


#: Keyword arguments for the data panels in classroom mode (``crm-lessons present 04``):
#: the bundled survey, and the three degrees measured on it, as in the chapter notebook.
CLASSROOM_ARGS = {"tolerance_panel": _classroom_survey, "priority_panel": _classroom_degrees}

__all__ = ["competition_panel", "expectation_panel", "tolerance_panel", "priority_panel",
           "CLASSROOM_ARGS"]
