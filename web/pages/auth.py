"""Login, logout, password change, the home redirect and account management (admins)."""

from __future__ import annotations

from starlette.responses import Response

from web.accounts import ROLES, AccountError
from web.core import BadRequest, Ctx, page
from web.security import reencrypt


def _safe_next(target: str) -> str:
    """Only a path on this site (never //host or a scheme): no open redirect through the login form."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@page
async def home(c: Ctx) -> Response:
    user = c.need()
    sites = c.visible_sites()
    operator_sites = [s for s in sites if any(r == "operator" and s2 in (s, "*") for r, s2 in user.grants)]
    if operator_sites and not user.is_admin:
        return c.redirect(f"/s/{operator_sites[0]}/log")
    assessor_sites = [s for s in sites if any(r == "assessor" and s2 in (s, "*") for r, s2 in user.grants)]
    if assessor_sites and not user.is_admin and len(assessor_sites) == 1:
        return c.redirect(f"/s/{assessor_sites[0]}/assess")
    return c.redirect("/overview")


@page
async def login(c: Ctx) -> Response:
    nxt = _safe_next(c.request.query_params.get("next", "/"))
    if c.request.method == "GET":
        return c.render("login.html", next=nxt, error="", name="")
    name = c.field("name").strip()[:80]
    password = c.field("password")
    nxt = _safe_next(c.field("next", "/"))
    client = c.request.client.host if c.request.client else "?"
    keys = (f"ip:{client}", f"user:{name.lower()}")
    wait = c.state.login_limit.blocked(*keys)
    if wait:
        return c.render("login.html", 429, next=nxt, name=name, error=c.t("login.limited", n=int(wait) + 1))
    account = await c.call(c.state.accounts.verify, name, password)
    if account is None:
        c.state.login_limit.fail(*keys)
        return c.render("login.html", 401, next=nxt, name=name, error=c.t("login.failed"))
    c.state.login_limit.reset(f"user:{name.lower()}")
    c.login(account, password)
    return c.redirect(nxt)


@page
async def logout(c: Ctx) -> Response:
    c.logout()
    c.flash(c.t("logout.done"))
    return c.redirect("/login")


@page
async def password(c: Ctx) -> Response:
    user = c.need()
    if c.request.method == "GET":
        return c.render("password.html", error="")
    old, new, again = c.field("old"), c.field("new"), c.field("again")
    if new != again:
        return c.render("password.html", 422, error=c.t("password.mismatch"))
    if len(new) < 8:
        return c.render("password.html", 422, error=c.t("password.short"))
    if await c.call(c.state.accounts.verify, user.name, old) is None:
        return c.render("password.html", 422, error=c.t("password.wrong"))
    await c.call(c.state.accounts.set_password, user.name, new, reencrypt=reencrypt(old, new))
    assert c.session is not None
    c.state.sessions.drop_user(user.name, keep=c.session.token)
    c.flash(c.t("password.changed"))
    return c.redirect("/")


@page
async def users(c: Ctx) -> Response:
    c.need("admin")
    error = ""
    if c.request.method == "POST":
        name, role, site, pw = c.field("name").strip(), c.field("role"), c.field("site"), c.field("password")
        if role not in ROLES:
            raise BadRequest("error.bad_request")
        try:
            await c.call(c.state.accounts.add, name, pw, [(role, site or "*")])
        except AccountError as err:
            error = str(err)
        else:
            c.flash(c.t("users.added", n=name))
            return c.redirect("/admin/users")
    accounts = await c.call(c.state.accounts.all)
    return c.render("users.html", 422 if error else 200, accounts=accounts, roles=ROLES, error=error)
