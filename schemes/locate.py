"""Where scheme files are, and the content hash that names a version of one, without loading the scheme model.

`schemes.model` reads and checks a file; this module only finds it and hashes it, so a command that needs no
more than that (the plausibility gate of every `opsledger log`, which finds its bounds by that hash in
schemes/cache.py) does not import the scheme layer's pydantic models, TOML parser and file check.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

from ledger.digests import sha256
from ledger.messages import msg
from schemes.errors import SchemeError

if TYPE_CHECKING:
    from pathlib import Path

# The built-in scheme files. Found and hashed here as text, so the gate of an operator's `log` loads no pathlib
# (issue 15: start-up); the functions other modules call still give Paths.
FILES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files")
ENV = "OPSLEDGER_SCHEMES"  # a buyer's own scheme directory, beside the built-in files (or --schemes-dir)


def __getattr__(name: str) -> Any:
    if name == "FILES":  # the built-in files' directory as a Path, made when first asked for
        from pathlib import Path

        return Path(FILES_DIR)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def scheme_dirs(directory: Path | None = None) -> list[Path]:
    """The built-in files, then a buyer's directory (the argument, else $OPSLEDGER_SCHEMES), whose files win."""
    from pathlib import Path

    return [Path(folder) for folder in _dirs(directory)]


def _dirs(directory: str | Path | None = None) -> list[str]:
    from ledger.pathtext import path_text

    given = directory or os.environ.get(ENV) or None
    if given is None:
        return [FILES_DIR]
    extra = path_text(os.fspath(given))
    if os.path.realpath(extra) == os.path.realpath(FILES_DIR):
        return [FILES_DIR]
    if not os.path.isdir(extra):
        raise SchemeError(msg("scheme.no_dir", path=extra, env=ENV))
    return [FILES_DIR, extra]


def scheme_paths(directory: Path | None = None) -> dict[str, Path]:
    """scheme id (file stem) -> path for every scheme file; a buyer's file overrides a built-in one of the same id.

    Beside a scheme file may sit its cases (ID.cases.toml) and holiday tables (holidays-YYYY.toml): not schemes.
    """
    from pathlib import Path

    return {scheme_id: Path(file) for scheme_id, file in scheme_files(directory).items()}


def scheme_files(directory: str | Path | None = None) -> dict[str, str]:
    """`scheme_paths` as text."""
    out: dict[str, str] = {}
    for folder in _dirs(directory):
        for name in _names(folder):
            stem = name.removesuffix(".toml")
            if stem != name and not stem.endswith(".cases") and not name.startswith("holidays-"):
                out[stem] = os.path.join(folder, name)
    return out


_HOLIDAYS = re.compile(r"holidays-[0-9]{4}\.toml")


def holiday_paths(path: Path) -> list[Path]:
    return [path.parent / name for name in _names(path.parent) if _HOLIDAYS.fullmatch(name)]


def _names(folder: str | Path) -> list[str]:
    """The names in `folder`, sorted; none when it cannot be listed (as Path.glob finds nothing there). Listed
    rather than globbed: every `opsledger log` looks here, and pathlib's glob compiles its pattern each time."""
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


def digest(path: str | Path) -> str:
    """The sha256 a loaded scheme carries (`Scheme.sha256`): the file's bytes, then its directory's holiday
    tables' in order, so a changed holiday table is a new version of the scheme. OSError if one cannot be read."""
    with open(path, "rb") as handle:
        content = sha256(handle.read())  # a scheme file: tens of kilobytes
    folder = os.path.dirname(os.fspath(path))
    for name in _names(folder):
        if _HOLIDAYS.fullmatch(name):
            with open(os.path.join(folder, name), "rb") as handle:
                content.update(handle.read())
    return content.hexdigest()
