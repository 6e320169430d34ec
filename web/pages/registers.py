"""Registers: upload an operator's xlsx/CSV register with a mapping, preview what would be appended, commit.

The upload is kept in a private temporary directory between the preview and the commit, named by a random
token held in the uploader's session (another session cannot commit it). Commit re-reads the file through
the library's register reader and appends in one transaction: all rows or none.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from pathlib import Path

from starlette.datastructures import UploadFile
from starlette.responses import Response

from web.core import BadRequest, Ctx, page
from web.pages.log import display_helpers
from web.services import safe_name

SUFFIXES = (".xlsx", ".xlsm", ".csv")


@page
async def registers_page(c: Ctx) -> Response:
    site = c.request.path_params["site"]
    c.need("operator", site)
    return c.render(
        "registers.html",
        site=site,
        mappings=c.services.mappings(),
        preview=None,
        error="",
        **display_helpers(c),
    )


async def _save(upload: object, folder: Path, suffixes: tuple[str, ...]) -> Path | None:
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    name = safe_name(upload.filename)
    if not name.lower().endswith(suffixes):
        raise BadRequest("error.bad_request")
    path = folder / name
    path.write_bytes(await upload.read())
    return path


@page
async def preview(c: Ctx) -> Response:
    site = c.request.path_params["site"]
    user = c.need("operator", site)
    assert c.form is not None and c.session is not None
    folder = Path(tempfile.mkdtemp(prefix="opsledger-register-"))
    try:
        register = await _save(c.form.get("register"), folder, SUFFIXES)
        mapping = await _save(c.form.get("mapping_file"), folder, (".toml",))
    except BadRequest:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if mapping is None:
        chosen = c.services.mappings().get(c.field("mapping"))
        mapping = chosen
    error = "" if register else c.t("reg.need_file")
    error = error or ("" if mapping else c.t("reg.need_mapping"))
    if error:
        shutil.rmtree(folder, ignore_errors=True)
        return c.render(
            "registers.html",
            422,
            site=site,
            mappings=c.services.mappings(),
            preview=None,
            error=error,
            **display_helpers(c),
        )
    assert register is not None and mapping is not None
    token = secrets.token_urlsafe(16)
    result = await c.call(c.services.register_preview, site, register, mapping, user.name, token)
    for old in c.session.uploads.values():  # one pending preview per session
        shutil.rmtree(old["folder"], ignore_errors=True)
    c.session.uploads = {token: {"folder": str(folder), "register": str(register), "mapping": str(mapping),
                                 "site": site}}  # fmt: skip
    c.save_session()
    return c.render("registers.html", site=site, mappings=c.services.mappings(), preview=result, error="",
                    **display_helpers(c))  # fmt: skip


@page
async def commit(c: Ctx) -> Response:
    site = c.request.path_params["site"]
    user = c.need("operator", site)
    assert c.session is not None
    pending = c.session.uploads.get(c.field("token"))
    if pending is None or pending["site"] != site:
        c.flash(c.t("reg.expired"), "error")
        return c.redirect(f"/s/{site}/registers")
    try:
        result = await c.call(c.services.register_commit, site, Path(pending["register"]), Path(pending["mapping"]),
                              user.name)  # fmt: skip
    finally:
        c.session.uploads.pop(c.field("token"), None)
        c.save_session()
        shutil.rmtree(pending["folder"], ignore_errors=True)
    c.flash(c.t("reg.committed", n=result.added))
    return c.redirect(f"/s/{site}/registers")
