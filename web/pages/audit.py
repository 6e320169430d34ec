"""Audit: verify the hash chain, what changed in a period between two instants, an export bundle to download.

For assessors, viewers and admins (the people checking the operator's record), per site.
"""

from __future__ import annotations

from starlette.responses import Response

from ledger.envelope import now
from ledger.errors import LedgerError
from web.core import Ctx, Forbidden, page


def _auditor(c: Ctx, site: str | None = None) -> None:
    user = c.need(None, site)
    if user.is_admin:
        return
    roles = {r for r, s in user.grants if site is None or s in (site, "*")}
    if not roles & {"assessor", "viewer"}:
        raise Forbidden()


@page
async def audit_page(c: Ctx) -> Response:
    _auditor(c)
    status, broken = None, ""
    if c.request.query_params.get("verify"):
        try:
            status = await c.call(c.services.verify)
        except LedgerError as err:
            broken = str(err)
    visible = c.visible_sites()
    periods = {s: await c.call(c.services.periods, s, None, 4) for s in visible}
    return c.render(
        "audit.html", chain=status, broken=broken, periods=periods, now=now().strftime("%Y-%m-%dT%H:%M:%S")
    )


@page
async def diff_page(c: Ctx) -> Response:
    site = c.request.path_params["site"]
    _auditor(c, site)
    q = c.request.query_params
    period, t1, t2 = q.get("period", ""), q.get("from", ""), q.get("to", "")
    result = await c.call(c.services.diff, site, period, t1, t2)
    return c.render("diff.html", site=site, d=result)


@page
async def bundle(c: Ctx) -> Response:
    site = c.request.path_params["site"]
    _auditor(c, site)
    name, data = await c.call(c.services.bundle_zip, site, c.request.query_params.get("period", ""))
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip
