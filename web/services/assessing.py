"""An assessor's acts from the web app (judgements, findings, closes, acceptances, sign-offs), signed with the
key the session unlocked, and what the assess pages read."""

from __future__ import annotations

from typing import Any

from ledger.envelope import Event
from ledger.errors import LedgerError
from ledger.messages import msg
from web.services.base import Base


class Assessing(Base):
    # -- assessors ----------------------------------------------------------------------------------------

    def judgement_items(self, site: str) -> list[Any]:
        """The scheme items an assessor judges (their rule reads a judgement indicator)."""
        from projections.indicators import JudgementSpec

        scheme = self.scheme_for(site)
        if scheme is None:
            return []
        judged = {spec.item for spec in scheme.indicators.values() if isinstance(spec, JudgementSpec)}
        return [i for i in scheme.items if i.id in judged]

    def judge(self, site: str, item: str, met: bool, shortfalls: int, points: str | None, reason: str,
              actor: str, on: str, keys: Any = None) -> Event:  # fmt: skip
        scheme = self.scheme_for(site)
        if scheme is None:
            raise LedgerError(msg("web.no_contract", site=site))
        scheme.item(item)  # unknown item: SchemeError, never stored and ignored
        payload: dict[str, Any] = {"scheme": scheme.id, "item": item, "met": met, "shortfalls": shortfalls,
                                   "reason": reason}  # fmt: skip
        if points:
            payload["points"] = points
        self.ledger().roles().check("assessor_judgement", actor, site)
        return self._assessor_act("assessor_judgement", site, on, payload, actor, keys)

    def _assessor_act(self, event_type: str, site: str, on: str, payload: dict[str, Any], actor: str,
                      keys: Any) -> Event:  # fmt: skip
        """Through the library's write use-case: checked against the scheme in force, signed with the user's key."""
        from schemes import actions

        return actions.log_event(
            self.ledger(), actions.Writer(actor, keys or {}), event_type, site, on, payload
        ).event

    def finding(self, site: str, payload: dict[str, Any], actor: str, on: str, keys: Any = None) -> Event:
        if payload.get("item"):
            scheme = self.scheme_for(site)
            if scheme is not None:
                scheme.item(payload["item"])
        self.ledger().roles().check("inspection_finding", actor, site)
        return self._assessor_act("inspection_finding", site, on, payload, actor, keys)

    def close(self, site: str, period: str, actor: str, reason: str, early: bool, keys: Any = None) -> Event:
        from schemes import audit

        return audit.close_period(self.ledger(), site, period, actor, reason, early=early, keys=keys)

    def accept(self, site: str, seq: int, actor: str, reason: str, keys: Any = None) -> Event:
        from schemes import audit

        self.site_event(site, seq)
        return audit.accept_late(self.ledger(), seq, actor, reason, keys=keys)

    def closes(self, site: str) -> list[Event]:
        from schemes import audit

        return audit.closes(self.ledger(), site)

    def signoffs(self, site: str) -> list[Event]:
        return list(self.ledger().events(site=site, types=["score_signed_off"]))

    def registered_key(self, site: str, actor: str) -> Any:
        from schemes import audit

        return audit.signing_key(self.ledger(), site, actor)

    def sign_off(self, site: str, period: str, actor: str, keys: Any) -> tuple[Event, Any]:
        from schemes import audit

        return audit.sign_off(self.ledger(), site, period, actor, keys=keys)

    def is_ledger_assessor(self, site: str, actor: str) -> bool:
        return self.ledger().roles().is_assessor(actor, site)
