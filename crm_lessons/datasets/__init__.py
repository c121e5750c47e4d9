"""Bundled CRM data (a seeded synthetic retailer, a B2B churn-warning case) and loaders.

Filled in by the datasets issue; see datasets/README.md for the data dictionary.
"""

from __future__ import annotations

from pathlib import Path


def data_dir() -> Path:
    """Folder holding the bundled CSVs: package data when installed, ``datasets/`` in a checkout."""
    import importlib.resources as resources

    try:
        return Path(str(resources.files("crm_lessons.datasets.data")))
    except ModuleNotFoundError:  # editable install / repo checkout: the single copy in datasets/
        return Path(__file__).resolve().parents[2] / "datasets"
