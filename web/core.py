"""What every page shares: the request context (session, user, language), access rules, CSRF, rendering.

Every route is wrapped by `page`: it builds the context, checks the CSRF token of every POST before the
handler runs (so no form can forget it), turns the library's one-line errors into a page, and sets the
session and language cookies. Access is checked in the handler with `c.need(...)`, on the server, from the
logged-in account only: nothing the browser sends (a hidden field, a crafted URL) names the actor or widens
the grant.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ledger.errors import LedgerError
from ledger.messages import text, use_lang
from web.accounts import Account, Accounts
from web.i18n import pick, t
from web.security import RateLimit, Session, Sessions, csrf_ok
from web.services import Services

COOKIE = "opsledger_session"
LANG_COOKIE = "opsledger_lang"
MAX_UPLOAD_MB = 25
TEMPLATES = Path(__file__).parent / "templates"
log = logging.getLogger("opsledger.web")


class NeedLogin(Exception):
    """No logged-in user: pages redirect to the login form, POSTs answer 401."""


class Forbidden(Exception):
    """Logged in, but this account may not do this (HTTP 403)."""


class BadRequest(Exception):
    """A request no form of ours sends (HTTP 400), with an i18n key."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key, self.values = key, values


class State:
    """The app's long-lived parts: the library adapter, accounts, sessions, the login rate limit."""

    def __init__(self, services: Services, accounts: Accounts, *, secure_cookies: bool = False) -> None:
        self.services = services
        self.accounts = accounts
        self.sessions = Sessions(lambda: services.ledger().store)
        self.login_limit = RateLimit(limit=5, window=300)
        self.secure_cookies = secure_cookies
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
            trim_blocks=True, lstrip_blocks=True,
        )  # fmt: skip
        self.env.globals.update(fmt=_fmt, pts=_pts, sparkline=sparkline)


def unlock_signer(account: Account, password: str) -> Any:
    """The account's server-held key as a signer, decrypted with its password (None if it cannot be)."""
    from ledger.keys import KeySigner
    from web.security import decrypt_key

    try:
        return KeySigner(decrypt_key(account.key_pem, password), account.name)
    except LedgerError:
        return None


class Ctx:
    """One request: who, in which language, and the form it sent (CSRF-checked)."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self.state: State = request.app.state.opsledger
        self.services = self.state.services
        self.session: Session | None = self.state.sessions.get(request.cookies.get(COOKIE))
        self.new_session = False
        self.user: Account | None = None
        if self.session is not None and self.session.user:
            self.user = self.state.accounts.get(self.session.user)
            if self.user is None:  # account gone: the session is worthless
                self.state.sessions.drop(self.session.token)
                self.session = None
        q = request.query_params.get("lang")
        self.lang = pick(q, request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))
        self.set_lang = q if q in ("zh", "en") else None
        self.form: FormData | None = None

    # -- language ---------------------------------------------------------------------------------------

    def t(self, key: str, **values: Any) -> str:
        return t(self.lang, key, **values)

    # -- session ----------------------------------------------------------------------------------------

    def ensure_session(self) -> Session:
        if self.session is None:
            self.session = self.state.sessions.new()
            self.new_session = True
        return self.session

    def login(self, account: Account, password: str | None = None) -> None:
        """A fresh session token on login (an old, possibly planted token is never promoted). The user's signing
        key, if they have one, is unlocked with the password just typed and held in this session's memory."""
        if self.session is not None:
            self.state.sessions.drop(self.session.token)
        self.session = self.state.sessions.new(account.name)
        self.new_session = True
        self.user = account
        if password is not None and account.key_pem:
            self.state.sessions.set_signer(self.session, unlock_signer(account, password))

    def keys(self) -> dict[str, Any]:
        """The keyring the user's acts are signed with: their own unlocked key, or nothing."""
        signer = self.session.signer if self.session is not None else None
        return {signer.public_hex: signer} if signer is not None else {}

    def logout(self) -> None:
        if self.session is not None:
            self.state.sessions.drop(self.session.token)
        self.session = self.state.sessions.new()
        self.new_session = True
        self.user = None

    def flash(self, message: str, kind: str = "ok") -> None:
        session = self.ensure_session()
        session.flash.append((kind, message))
        self.save_session()

    def save_session(self) -> None:
        if self.session is not None:
            self.state.sessions.save(self.session)

    # -- access -----------------------------------------------------------------------------------------

    def need(self, role: str | None = None, site: str | None = None, *, admin_ok: bool = True) -> Account:
        """The logged-in account, if it holds `role` (any role if None) on `site`; else NeedLogin/Forbidden."""
        if self.user is None:
            raise NeedLogin()
        user = self.user
        if site is not None and site not in self.services.sites():
            raise Forbidden()  # an unknown site is as closed as someone else's (no probing for names)
        if user.is_admin and admin_ok:
            return user
        if role is None:
            ok = user.can_see(site) if site else True
        elif site is None:
            ok = any(r == role for r, _ in user.grants)
        else:
            ok = user.holds(role, site)
        if not ok:
            raise Forbidden()
        return user

    def visible_sites(self) -> list[str]:
        sites = sorted(self.services.sites())
        return self.user.sites(sites) if self.user else []

    # -- forms ------------------------------------------------------------------------------------------

    async def read_form(self) -> FormData:
        length = int(self.request.headers.get("content-length") or 0)
        if length > MAX_UPLOAD_MB * 1024 * 1024:
            raise BadRequest("error.too_large", n=MAX_UPLOAD_MB)
        form = await self.request.form(
            max_files=20, max_fields=300, max_part_size=MAX_UPLOAD_MB * 1024 * 1024
        )
        sent = form.get("csrf") or self.request.headers.get("x-csrf-token")
        if not csrf_ok(self.session, sent if isinstance(sent, str) else None):
            raise Forbidden("csrf")
        self.form = form
        return form

    def field(self, name: str, default: str = "") -> str:
        value = self.form.get(name, default) if self.form is not None else default
        return value if isinstance(value, str) else default

    # -- output -----------------------------------------------------------------------------------------

    async def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """A library call, off the event loop (it reads and writes SQLite)."""
        return await run_in_threadpool(fn, *args, **kwargs)

    def render(self, template: str, status: int = 200, **data: Any) -> HTMLResponse:
        session = self.ensure_session()
        flashes, session.flash = session.flash, []
        if flashes:
            self.save_session()  # shown once
        here = self.request.url.path
        other = "en" if self.lang == "zh" else "zh"
        body = self.state.env.get_template(template).render(
            t=self.t, lang=self.lang, user=self.user, csrf=session.csrf, flashes=flashes, path=here,
            lang_url=f"{here}?{_with_lang(self.request, other)}", sites=self.services.sites(),
            visible=self.visible_sites(), type_names=type_names(self.lang), **data,
        )  # fmt: skip
        return HTMLResponse(body, status_code=status)

    def redirect(self, url: str) -> RedirectResponse:
        return RedirectResponse(url, status_code=303)

    def finish(self, response: Response) -> Response:
        secure = self.state.secure_cookies or self.request.url.scheme == "https"
        if self.new_session and self.session is not None:
            response.set_cookie(
                COOKIE, self.session.token, httponly=True, samesite="lax", secure=secure, path="/"
            )
        if self.set_lang:
            response.set_cookie(
                LANG_COOKIE, self.set_lang, max_age=365 * 86400, samesite="lax", secure=secure
            )
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
        )
        return response


def _fmt(value: Any) -> str:
    from projections.numbers import fmt

    return "—" if value is None else fmt(value)


def _pts(value: Any, scheme_id: str, *, estimate: bool = False) -> str:
    """Points as `opsledger score` prints them: to the scheme's display places (Wujiang 74.8936 -> 74.89).

    An estimate (the projection at the current pace) of a scheme without display places is shown to one place,
    as `opsledger gaps` does: its pro-rated counts carry places no one scored."""
    from schemes.display import number, shown
    from schemes.model import get_scheme

    if value is None:
        return "—"
    places = get_scheme(scheme_id).display_places
    return shown(value) if estimate and places is None else number(value, places)


@functools.lru_cache(maxsize=2)
def type_names(lang: str) -> dict[str, str]:
    from ledger.events import CATALOG

    return {
        name: (m.label_zh if lang == "zh" and m.label_zh else name.replace("_", " "))
        for name, m in CATALOG.items()
    }


def sparkline(points: list[tuple[str, Any]], width: int = 90, height: int = 24) -> str:
    """A tiny inline SVG line of totals, oldest first (missing periods leave a gap)."""
    values = [float(v) for _, v in points if v is not None]
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = width / max(1, len(points) - 1)
    coords = [f"{i * step:.1f},{height - 2 - (float(v) - low) / span * (height - 4):.1f}"
              for i, (_, v) in enumerate(points) if v is not None]  # fmt: skip
    return (f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" aria-hidden="true">'
            f'<polyline fill="none" stroke="#0969da" stroke-width="2" points="{" ".join(coords)}"/></svg>')  # fmt: skip


def _with_lang(request: Request, lang: str) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"] + [("lang", lang)]
    return "&".join(f"{quote(k)}={quote(v)}" for k, v in params)


Handler = Callable[[Ctx], Awaitable[Response]]


def page(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Wrap a handler: context, CSRF on POST, errors as pages, cookies."""

    @functools.wraps(handler)
    async def endpoint(request: Request) -> Response:
        c = Ctx(request)
        try:
            with use_lang(c.lang):  # the library's messages (ledger/messages) in the page's language
                if request.method == "POST":
                    await c.read_form()
                response = await handler(c)
        except NeedLogin:
            if request.method == "GET":
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                response = c.redirect(f"/login?next={quote(target)}")
            else:
                response = c.render("error.html", 401, message=c.t("login.title"), detail="")
        except Forbidden as denied:
            key = "error.csrf" if denied.args == ("csrf",) else "error.forbidden"
            response = c.render("error.html", 403, message=c.t(key), detail="")
        except BadRequest as bad:
            response = c.render("error.html", 400, message=c.t(bad.key, **bad.values), detail="")
        except LedgerError as err:
            response = c.render(
                "error.html", 400, message=c.t("error.heading"), detail=text(err, c.lang)[:400]
            )
        except Exception:  # a bug: logged with its traceback on the server, one line for the user
            log.exception("error serving %s %s", request.method, request.url.path)
            response = c.render("error.html", 500, message=c.t("error.internal"), detail="")
        return c.finish(response)

    return endpoint
