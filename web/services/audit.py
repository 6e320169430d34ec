"""The audit pages' reads: verify, the diff between two instants, the audit bundle as a zip."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from web.services.base import Base


class Audit(Base):
    # -- audit --------------------------------------------------------------------------------------------

    def verify(self) -> Any:
        return self.ledger().verify()

    def diff(self, site: str, period: str, t1: str, t2: str) -> Any:
        from schemes import audit

        return audit.diff(self.ledger(), site, period, t1, t2)

    def bundle_zip(self, site: str, period: str) -> tuple[str, bytes]:
        """An export bundle (schemes.audit.export) as a zip, built in a temporary directory."""
        from schemes import audit

        tmp = Path(tempfile.mkdtemp(prefix="opsledger-bundle-"))
        try:
            out = tmp / "bundle"
            summary = audit.export(self.ledger(), site, period, out)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(out.rglob("*")):
                    if path.is_file():
                        archive.write(path, f"{site}-{summary.period}/{path.relative_to(out)}")
            return f"{site}-{summary.period}-bundle.zip", buffer.getvalue()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
