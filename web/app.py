"""The web app (`opsledger serve`): Starlette routes over the library, Jinja2 pages, htmx for partial updates.

`create_app(db_path)` builds the app for one ledger; routes are listed here in one table so the tests can
walk every one of them (access rules, CSRF).
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from web.accounts import Accounts
from web.core import State
from web.pages import assess, audit, auth, dashboard, log, overview, registers
from web.services import Services

STATIC = Path(__file__).parent / "static"

ROUTES = [
    Route("/", auth.home, methods=["GET"]),
    Route("/login", auth.login, methods=["GET", "POST"]),
    Route("/logout", auth.logout, methods=["POST"]),
    Route("/password", auth.password, methods=["GET", "POST"]),
    Route("/admin/users", auth.users, methods=["GET", "POST"]),
    Route("/overview", overview.overview, methods=["GET"]),
    Route("/audit", audit.audit_page, methods=["GET"]),
    Route("/s/{site}/log", log.log_page, methods=["GET"]),
    Route("/s/{site}/log", log.log_post, methods=["POST"]),
    Route("/s/{site}/log/form", log.log_form, methods=["GET"]),
    Route("/s/{site}/events/{seq}/correct", log.correct_post, methods=["POST"]),
    Route("/s/{site}/events/{seq}/retract", log.retract_post, methods=["POST"]),
    Route("/s/{site}/events/{seq}/attach", log.attach_post, methods=["POST"]),
    Route("/s/{site}/dashboard", dashboard.dashboard, methods=["GET"]),
    Route("/s/{site}/registers", registers.registers_page, methods=["GET"]),
    Route("/s/{site}/registers/preview", registers.preview, methods=["POST"]),
    Route("/s/{site}/registers/commit", registers.commit, methods=["POST"]),
    Route("/s/{site}/assess", assess.assess_page, methods=["GET"]),
    Route("/s/{site}/assess/judgement", assess.judgement, methods=["POST"]),
    Route("/s/{site}/assess/finding", assess.finding, methods=["POST"]),
    Route("/s/{site}/assess/close", assess.close, methods=["POST"]),
    Route("/s/{site}/assess/accept/{seq}", assess.accept, methods=["POST"]),
    Route("/s/{site}/assess/key", assess.create_key, methods=["POST"]),
    Route("/s/{site}/assess/signoff", assess.signoff, methods=["POST"]),
    Route("/s/{site}/audit/diff", audit.diff_page, methods=["GET"]),
    Route("/s/{site}/audit/bundle", audit.bundle, methods=["GET"]),
    Route("/report.css", dashboard.report_css, methods=["GET"]),
    Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
]


def create_app(
    db_path: str | Path, *, mappings_dir: str | Path | None = None, secure_cookies: bool = False
) -> Starlette:
    """The app for one ledger (a SQLite path or a store URL); its accounts live in the same store."""
    services = Services(db_path, mappings_dir=mappings_dir)
    app = Starlette(routes=ROUTES)
    accounts = Accounts(lambda: services.ledger().store)  # kept in the ledger's own records area
    app.state.opsledger = State(services, accounts, secure_cookies=secure_cookies)
    return app


def app_from_env() -> Starlette:
    """The app for `opsledger serve --workers N`: each worker process builds it from the environment."""
    import os

    return create_app(
        os.environ["OPSLEDGER_WEB_DB"], mappings_dir=os.environ.get("OPSLEDGER_WEB_MAPPINGS") or None,
        secure_cookies=os.environ.get("OPSLEDGER_WEB_TLS") == "1",
    )  # fmt: skip
