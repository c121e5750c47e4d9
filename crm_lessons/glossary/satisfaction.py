"""Glossary terms for the satisfaction topic: key -> (English, 中文)."""

TERMS: dict[str, tuple[str, str]] = {}
