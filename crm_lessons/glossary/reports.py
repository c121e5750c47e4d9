"""Glossary terms for the reports topic: key -> (English, 中文)."""

TERMS: dict[str, tuple[str, str]] = {}
