"""The scheme layer's one error type (its own module, so the money and check modules can raise it without
importing the whole scheme model)."""

from __future__ import annotations

from ledger.errors import LedgerError


class SchemeError(LedgerError):
    """A scheme file is missing or invalid, or a scheme cannot score what was asked."""
