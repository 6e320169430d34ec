"""A path's text as pathlib writes it, without loading pathlib (issue 15: an operator's `log` loads none)."""

from __future__ import annotations


def path_text(text: str) -> str:
    """What str(pathlib.PurePosixPath(text)) gives: empty and "." parts dropped, a leading "/" kept (two kept as
    two, as POSIX allows), "." for nothing. tests/test_ledger_store.py checks it against pathlib."""
    root = (
        "//" if text.startswith("//") and not text.startswith("///") else "/" if text.startswith("/") else ""
    )
    parts = [part for part in text.split("/") if part and part != "."]
    return root + "/".join(parts) or "."
