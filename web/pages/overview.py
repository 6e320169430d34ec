"""The buyer's overview: every site the account may see, with its latest period, total, grade, money and trend,
and the Wujiang cohort ranked with its grade quotas."""

from __future__ import annotations

from starlette.responses import Response

from web.core import Ctx, page
from web.services import today


@page
async def overview(c: Ctx) -> Response:
    c.need()
    rows, cohort, cohort_scheme = await c.call(c.services.overview, today(), c.visible_sites())
    seats = {}
    if cohort_scheme is not None and cohort_scheme.cohort_grading is not None:
        from schemes.cohort import quota_seats

        seats = quota_seats(cohort_scheme.cohort_grading, len(cohort))  # of every unit assessed, seen or not
    visible = set(c.visible_sites())
    shown = [card for card in cohort if card.site in visible]
    return c.render("overview.html", rows=rows, cohort=shown, units=len(cohort), cohort_scheme=cohort_scheme,
                    seats=seats)  # fmt: skip
