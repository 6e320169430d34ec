"""The site dashboard: the period's scorecard in the seed's columns, gaps, charts, missing evidence, late events.

Any period and any as-of date: `?period=2026-Q2&as_of=2026-07-05` scores the log as it was recorded then.
Everything shown comes from the library (schemes.service, schemes.reports' table and charts, schemes.gaps,
schemes.audit's evidence checklist); this page only lays it out.
"""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import Response

from web.core import Ctx, page
from web.services import today


def _as_of(text: str) -> tuple[str | None, date]:
    """An as-of date (its end of day) and the 'today' the charts draw to."""
    if not text:
        return None, today()
    day = date.fromisoformat(text)
    return day.isoformat(), min(day, today())


async def report_css(request: Request) -> Response:
    """The HTML report's own stylesheet (schemes/reports/html_page.py), so its table and charts look the same here."""
    from schemes.reports.html_page import CSS

    return Response(CSS, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


@page
async def dashboard(c: Ctx) -> Response:
    site = c.request.path_params["site"]
    c.need(None, site)
    periods = await c.call(c.services.periods, site, None, 8)
    if not periods:
        return c.render("dashboard.html", site=site, data=None, periods=[], period="", as_of="", error="")
    period = c.request.query_params.get("period") or periods[0]
    as_of_text = c.request.query_params.get("as_of", "")
    try:
        as_of, day = _as_of(as_of_text)
    except ValueError:
        return c.render("dashboard.html", 400, site=site, data=None, periods=periods, period=period,
                        as_of=as_of_text, error=c.t("log.bad_date"))  # fmt: skip
    data = await c.call(c.services.dashboard, site, period, as_of, day)
    return c.render("dashboard.html", site=site, data=data, periods=periods, period=period, as_of=as_of or "",
                    error="")  # fmt: skip
