"""Glossary terms for the rfm topic: key -> (English, 中文)."""

TERMS: dict[str, tuple[str, str]] = {}
