"""Glossary terms for the clv topic: key -> (English, 中文)."""

TERMS: dict[str, tuple[str, str]] = {}
