"""What every paper copy carries so a reader can check it against the ledger: the head of the site's hash
chain the score was read from, the scheme file's hash, and where the assessor signs and stamps.

`opsledger verify` prints each site's chain head (`site: #site_seq hash`); `opsledger scheme show ID` prints
the scheme file's sha256. A printed scorecard whose two hashes match those was scored from that chain under
that file. Scored `--as-of` an instant, the head is the site's last event recorded by then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ledger.ledger import Ledger
from projections.facts import as_of_text
from schemes.model import Scheme


@dataclass(frozen=True)
class Stamp:
    site: str
    site_seq: int
    head_hash: str
    scheme_sha256: str
    as_of: str | None = None  # the --as-of instant the score was computed at, if any
    made: str = ""  # when the file was made (local time, to the minute)

    def line(self) -> str:
        """'核验 verification：站点 sx 账本链头 chain head #812 9f2c… · 方案文件 scheme file sha256 41ab… · …'."""
        parts = [f"核验 verification：站点 {self.site} 账本链头 chain head #{self.site_seq} {self.head_hash}",
                 f"方案文件 scheme file sha256 {self.scheme_sha256}"]  # fmt: skip
        if self.as_of:
            parts.append(f"计分时点 as of {self.as_of}")
        if self.made:
            parts.append(f"生成 made {self.made}")
        return " · ".join(parts)


SIGNATURE = "评估人（签字）：＿＿＿＿＿＿＿＿　　复核人（签字）：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日　　（盖章）"


def stamp_for(ledger: Ledger, site: str, scheme: Scheme, as_of: str | None = None,
              now: datetime | None = None) -> Stamp:  # fmt: skip
    """The site's chain head (as of `as_of`, if given) and the hash of the scheme file the score used."""
    as_of = as_of_text(as_of)
    if as_of is None:
        head = ledger.site_head(site)
        seq, digest = head.site_seq, head.hash
    else:
        last = None
        for last in ledger.events(site=site, as_of=as_of):  # noqa: B007 - the last one is the head then
            pass
        seq, digest = (last.site_seq, last.hash) if last is not None else (0, "")
    made = now.strftime("%Y-%m-%d %H:%M") if now is not None else ""
    return Stamp(site, seq, digest, scheme.sha256, as_of, made)
