"""Reading scores for the web app: a site's scorecard, its dashboard, and the buyer's overview of every site."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.errors import LedgerError
from web.services.base import Base


class Scores(Base):
    # -- reading scores ----------------------------------------------------------------------------------

    def scorecard(self, site: str, period: str, as_of: str | None = None) -> Any:
        from schemes import service

        return service.score_site(self.ledger(), site, period, as_of=as_of)

    def dashboard(self, site: str, period: str, as_of: str | None, day: date) -> dict[str, Any]:
        """Everything the site dashboard shows, from the library's scoring, gaps, report and audit code."""
        from projections import facts as proj
        from schemes import service
        from schemes.reports.charts import cadence_charts, key_charts
        from schemes.reports.html_page import table_html
        from schemes.reports.table import scorecard_table

        ledger = self.ledger()
        at = proj.as_of_text(as_of)
        target = service.resolve(ledger, site, period, None, at)
        card = service.score_site(ledger, site, period, as_of=at)
        scheme = target.scheme
        name = self.sites().get(site, "")
        facts = proj.site_facts(ledger, site, target.period.end, at, scheme.late_policy)
        bonus = frozenset(b.id for b in scheme.blocks if b.kind == "bonus")
        out: dict[str, Any] = {
            "card": card, "scheme": scheme, "period": target.period, "site_name": name,
            "table_html": table_html(scorecard_table(card, scheme, name), bonus, notes="inline"),
            "charts": key_charts(scheme, card, facts, target.period, day),
            "cadence": cadence_charts(scheme, card, facts, target.period, day),
            "gaps": None, "evidence": [], "as_of": at,
        }  # fmt: skip
        if at is None:  # gaps and the evidence checklist are about what to do now
            from schemes import gaps

            report = out["gaps"] = gaps.site_gaps(ledger, site, period, day)
            # Missing evidence from the gap report (the same check as `opsledger evidence`, already made there,
            # so the dashboard folds the site once less): items with points open and items at full marks.
            out["evidence"] = [
                {"title": g.title, "missing": g.evidence_missing}
                for g in [*report.items, *report.bonus, *report.deductions, *report.evidence_only]
                if g.evidence_missing
            ]
        return out

    def overview(self, day: date, visible: list[str]) -> tuple[list[dict[str, Any]], list[Any], Any]:
        """Every visible site: scheme, latest period, total, grade, money, trend; and the ranked cohort."""
        from projections import facts as proj
        from projections.periods import Period
        from schemes import service

        ledger = self.ledger()
        names = self.sites()
        rows: list[dict[str, Any]] = []
        cohort_cards: list[Any] = []
        cohort_scheme = None
        cohort_cache: dict[str, dict[str, Any]] = {}
        for site in visible:
            scheme = self.scheme_for(site, day)
            row: dict[str, Any] = {"site": site, "name": names.get(site, ""), "scheme": scheme, "trend": []}
            rows.append(row)
            if scheme is None:
                continue
            periods = self.periods(site, day, back=3)
            deals = proj.contracts(ledger, site)
            for n, label in enumerate(periods):
                if n and not any(c.in_force(Period.parse(label)) for c in deals):
                    row["trend"].append((label, None))  # before the contract: nothing to score, not a zero
                    continue
                try:
                    if scheme.cohort:
                        if label not in cohort_cache:
                            cards = service.score_cohort(ledger, scheme.id, label)
                            cohort_cache[label] = {c.site: c for c in cards}
                            if n == 0:
                                cohort_cards, cohort_scheme = cards, scheme
                        card = cohort_cache[label].get(site)
                    else:
                        card = service.score_site(ledger, site, label)
                except LedgerError as err:
                    card = None
                    if n == 0:
                        row["error"] = str(err)
                if n == 0:
                    row["period"], row["card"] = label, card
                row["trend"].append((label, card.total if card else None))
            row["trend"].reverse()
        return rows, cohort_cards, cohort_scheme
