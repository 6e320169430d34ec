"""The ledger layer's one error type: every user-facing failure is a LedgerError with a one-line message."""

from __future__ import annotations


class LedgerError(Exception):
    """A mistake the user can fix; `str(err)` is the one-line message the CLI prints."""


class DuplicateEvent(LedgerError):
    """An idempotency key or event id already in the ledger (not a failure: the CLI exits 0)."""

    def __init__(self, message: str, seq: int) -> None:
        super().__init__(message)
        self.seq = seq
