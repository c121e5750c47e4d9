"""Glossary terms for the lifecycle topic: key -> (English, 中文)."""

TERMS: dict[str, tuple[str, str]] = {}
