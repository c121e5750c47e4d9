"""Glossary terms for the datasets: key -> (English, 中文)."""

TERMS: dict[str, tuple[str, str]] = {}
