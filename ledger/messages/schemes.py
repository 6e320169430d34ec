"""The scheme layer's messages and explanations: (中文, English) templates by id (see ledger/messages/__init__.py)."""

from __future__ import annotations

M: dict[str, tuple[str, str]] = {}
