"""Glossary terms for the knowledge topic: key -> (English, 中文)."""

TERMS: dict[str, tuple[str, str]] = {}
