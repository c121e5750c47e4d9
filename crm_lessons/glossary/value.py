"""Glossary terms for the value topic: key -> (English, 中文)."""

TERMS: dict[str, tuple[str, str]] = {}
