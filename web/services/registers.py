"""Registers from the web app: the mappings on offer, a preview of what an upload would do, and its commit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ledger.errors import LedgerError
from ledger.messages import msg, text
from web.services.base import Base, Preview


class Registers(Base):
    # -- registers ----------------------------------------------------------------------------------------

    def mappings(self) -> dict[str, Path]:
        folder = self.mappings_dir
        return {p.stem: p for p in sorted(folder.glob("*.toml"))} if folder and folder.is_dir() else {}

    def register_preview(self, site: str, register: Path, mapping: Path, actor: str, token: str) -> Preview:
        """Plan the register without writing (schemes/actions.import_register): new rows, corrected rows, rows already
        stored, and the errors (a mistake by sheet, row and column, or every implausible row)."""
        from schemes.actions import Writer, import_register

        out = Preview(token, register.name)

        def refused(where: str, level: str, message: str) -> None:
            if level == "refused":
                out.errors.append(text(msg("web.row", where=where, message=message)))

        try:
            plan = import_register(self.ledger(), Writer(actor), register, mapping, site=site, dry_run=True,
                                   report=refused).plan  # fmt: skip
        except LedgerError as err:
            if not out.errors:
                out.errors.append(text(err))
            return out
        for step in plan.steps:
            if step.draft.site != site:
                out.errors.append(
                    text(
                        msg("web.row_site", where=step.where, site=repr(step.draft.site), expected=repr(site))
                    )
                )
            elif step.kind == "new":
                out.new.append((step.number, step.draft))
            elif step.kind == "correction":
                out.corrections.append((step.number, step.draft))
        out.duplicates = [(0, where) for where in plan.unchanged_rows]
        out.rows = len(out.new) + len(out.corrections) + len(out.duplicates)
        return out

    def register_commit(self, site: str, register: Path, mapping: Path, actor: str) -> Any:
        """Append the register's plan in one transaction (all or nothing; unchanged rows add nothing)."""
        from schemes.actions import Writer, import_register

        done = import_register(self.ledger(), Writer(actor), register, mapping, site=site, dry_run=True)
        wrong = [s.where for s in done.plan.steps if s.draft.site != site]
        if wrong:
            raise LedgerError(msg("web.row_other_site", where=wrong[0]))
        appended = import_register(self.ledger(), Writer(actor), register, mapping, site=site).appended
        assert appended is not None
        return appended
