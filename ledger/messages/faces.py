"""The faces' messages (the command line, the web app's library-level errors): (中文, English) templates by id.

Kept with the library's catalogue (not in cli.py) so one test checks every message of every layer; the web app's
page words stay in web/i18n.py.
"""

from __future__ import annotations

M: dict[str, tuple[str, str]] = {
    # -- how the command line prints a failure ----------------------------------------------------------------
    "cli.error": ("错误：{error}", "error: {error}"),
    "cli.aborted": ("已中止", "aborted"),
    "cli.usage": ("{error}（见 `{command} --help`）", "{error} (see `{command} --help`)"),
}
