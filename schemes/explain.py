"""The parts of a scheme beside its items, in words for `opsledger scheme show`: the payout pieces, vetoes, voids,
how a longer period is scored and the buyer's holiday tables -- each with the interpretation written beside it."""

from __future__ import annotations

from typing import Any

from schemes.model import Scheme, interpretation_line


def _params(piece: Any) -> str:
    """A piece's parameters (not its wording or interpretation, printed on their own lines)."""
    data = piece.model_dump(mode="json", exclude_defaults=True,
                            exclude={"kind", "label_zh", "label_en", "interpretation", "interpretation_zh", "shares"})  # fmt: skip
    return ", ".join(f"{k}={v}" for k, v in data.items())


def extras(scheme: Scheme) -> list[str]:
    lines: list[str] = []
    if scheme.longer_periods == "sum":
        lines += ["", f"a period longer than a {scheme.assessed_every}: the sum of its {scheme.assessed_every}s, "
                      "each on its own table (longer_periods = sum)"]  # fmt: skip
    for veto in scheme.vetoes:
        grade = f", grade {veto.grade}" if veto.grade else ", the lowest grade"
        lines += [
            "",
            f"veto {veto.id} ({veto.source}): {veto.input} ≥ {veto.at_least} → total 0{grade}: {veto.zh}",
        ]
        if veto.interpretation:
            lines.append(f"  {interpretation_line(veto)}")
    for void in scheme.voids:
        lines += [
            "",
            f"void ({void.source}): items named by {void.input} score 0, -{void.penalty_each} each: {void.zh}",
        ]
        if void.interpretation:
            lines.append(f"  {interpretation_line(void)}")
    payout = scheme.payout
    if payout.pieces or payout.interpretation:
        lines += ["", "payout:"]
        if payout.interpretation:
            lines.append(f"  {interpretation_line(payout)}")
        for piece in payout.pieces:
            name = f" {piece.label_zh or piece.label_en}" if (piece.label_zh or piece.label_en) else ""
            lines.append(f"  {piece.kind}{name}: {_params(piece)}")
            if piece.interpretation:
                lines.append(f"      {interpretation_line(piece)}")
            for share in getattr(piece, "shares", ()):
                data = share.model_dump(mode="json", exclude_defaults=True,
                                        exclude={"label_zh", "label_en", "interpretation", "interpretation_zh"})  # fmt: skip
                lines.append(
                    f"      share {share.label()[1]}: " + ", ".join(f"{k}={v}" for k, v in data.items())
                )
                if share.interpretation:
                    lines.append(f"        {interpretation_line(share)}")
        if payout.other_years:
            lines.append(f"  other contract years: {payout.other_years}")
    for year in sorted(scheme.calendar):
        lines.append(f"holidays {year}: {len(scheme.calendar[year].holidays)} days off, "
                     f"{len(scheme.calendar[year].workdays)} weekend days worked")  # fmt: skip
    return lines
