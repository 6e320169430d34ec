"""The parts of a scheme beside its items, in words for `opsledger scheme show`: the payout pieces, vetoes, voids,
how a longer period is scored and the buyer's holiday tables -- each with the interpretation written beside it."""

from __future__ import annotations

from typing import Any

from ledger.messages import current_lang, msg
from schemes.model import Scheme, interpretation_line


def _t(key: str, **values: Any) -> str:
    return str(msg(key, **values))


def _params(piece: Any) -> str:
    """A piece's parameters (not its wording or interpretation, printed on their own lines)."""
    data = piece.model_dump(mode="json", exclude_defaults=True,
                            exclude={"kind", "label_zh", "label_en", "interpretation", "interpretation_zh", "shares"})  # fmt: skip
    return ", ".join(f"{k}={v}" for k, v in data.items())


def extras(scheme: Scheme) -> list[str]:
    lines: list[str] = []
    if scheme.longer_periods == "sum":
        lines += ["", _t("show.longer_sum", every=scheme.assessed_every)]
    for veto in scheme.vetoes:
        grade = _t("show.veto_grade", grade=veto.grade) if veto.grade else _t("show.veto_lowest")
        lines += [
            "",
            _t(
                "show.veto",
                id=veto.id,
                source=veto.source,
                input=veto.input,
                at_least=veto.at_least,
                grade=grade,
                text=veto.zh,
            ),
        ]
        if veto.interpretation:
            lines.append(f"  {interpretation_line(veto)}")
    for void in scheme.voids:
        lines += [
            "",
            _t("show.void", source=void.source, input=void.input, penalty=void.penalty_each, text=void.zh),
        ]
        if void.interpretation:
            lines.append(f"  {interpretation_line(void)}")
    payout = scheme.payout
    if payout.pieces or payout.interpretation:
        lines += ["", _t("show.payout")]
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
                    "      "
                    + _t(
                        "show.share",
                        share=share.label()[1 if current_lang() == "en" else 0],
                        params=", ".join(f"{k}={v}" for k, v in data.items()),
                    )
                )
                if share.interpretation:
                    lines.append(f"        {interpretation_line(share)}")
        if payout.other_years:
            lines.append("  " + _t("show.other_years", text=payout.other_years))
    for year in sorted(scheme.calendar):
        lines.append(_t("show.holidays", year=year, off=len(scheme.calendar[year].holidays),
                        worked=len(scheme.calendar[year].workdays)))  # fmt: skip
    return lines
