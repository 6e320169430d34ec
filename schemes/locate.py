"""Where scheme files are, and the content hash that names a version of one, without loading the scheme model.

`schemes.model` reads and checks a file; this module only finds it and hashes it, so a command that needs no
more than that (the plausibility gate of every `opsledger log`, which finds its bounds by that hash in
schemes/cache.py) does not import the scheme layer's pydantic models, TOML parser and file check.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ledger.digests import sha256
from ledger.messages import msg
from schemes.errors import SchemeError

FILES = Path(__file__).parent / "files"
ENV = "OPSLEDGER_SCHEMES"  # a buyer's own scheme directory, beside the built-in files (or --schemes-dir)


def scheme_dirs(directory: Path | None = None) -> list[Path]:
    """The built-in files, then a buyer's directory (the argument, else $OPSLEDGER_SCHEMES), whose files win."""
    extra = directory or (Path(os.environ[ENV]) if os.environ.get(ENV) else None)
    if extra is None or extra.resolve() == FILES.resolve():
        return [FILES]
    if not extra.is_dir():
        raise SchemeError(msg("scheme.no_dir", path=extra, env=ENV))
    return [FILES, extra]


def scheme_paths(directory: Path | None = None) -> dict[str, Path]:
    """scheme id (file stem) -> path for every scheme file; a buyer's file overrides a built-in one of the same id.

    Beside a scheme file may sit its cases (ID.cases.toml) and holiday tables (holidays-YYYY.toml): not schemes.
    """
    out: dict[str, Path] = {}
    for folder in scheme_dirs(directory):
        for name in _names(folder):
            stem = name.removesuffix(".toml")
            if stem != name and not stem.endswith(".cases") and not name.startswith("holidays-"):
                out[stem] = folder / name
    return out


_HOLIDAYS = re.compile(r"holidays-[0-9]{4}\.toml")


def holiday_paths(path: Path) -> list[Path]:
    return [path.parent / name for name in _names(path.parent) if _HOLIDAYS.fullmatch(name)]


def _names(folder: Path) -> list[str]:
    """The names in `folder`, sorted; none when it cannot be listed (as Path.glob finds nothing there). Listed
    rather than globbed: every `opsledger log` looks here, and pathlib's glob compiles its pattern each time."""
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


def digest(path: Path) -> str:
    """The sha256 a loaded scheme carries (`Scheme.sha256`): the file's bytes, then its directory's holiday
    tables' in order, so a changed holiday table is a new version of the scheme. OSError if one cannot be read."""
    content = sha256(path.read_bytes())  # a scheme file: tens of kilobytes
    for table in holiday_paths(path):
        content.update(table.read_bytes())
    return content.hexdigest()
