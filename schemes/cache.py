"""What opsledger derives from a scheme file, kept on disk by the file's content hash (issue 15).

The plausibility gate of every `opsledger log` bounds figures by the targets the site's scheme sets
(schemes/plausibility.py). Those targets are a pure function of the scheme file's bytes (with its holiday tables)
and of opsledger's own code, and deriving them means loading the scheme layer: its ~60 pydantic models, the TOML
parser and the file check, which was most of a `log`'s start-up. So they are derived once and kept here, one
small file per (what, scheme id, content hash), and read back by the next command: JSON for data (the bounds),
a JSON stamp and pickled bytes for the checked scheme a `score` reads (schemes/model.py `_kept`).

An entry is never served stale:
- its name carries the sha256 of the scheme file and its holiday tables (schemes/locate.py `digest`, the same
  hash the loader stamps on the scheme): an edited file or table is another name, derived afresh;
- it records every opsledger module that was loaded when it was derived (the code that parsed the scheme and
  derived the value, and whatever else the process had loaded), with each file's size and modification time:
  the test Python itself applies before reusing a module's bytecode. A module edited, upgraded or missing since
  makes the entry stale: it is derived again and rewritten;
- its name carries the installation it was derived by (two checkouts of different code share no entry).

Where: $OPSLEDGER_CACHE, else $XDG_CACHE_HOME/opsledger, else ~/.cache/opsledger; OPSLEDGER_CACHE=off keeps
nothing. Writing an entry prunes the directory (`_prune`): the scheme's versions beyond the newest few, other
installations' entries long unwritten, leftovers of killed commands. The cache is an optimisation only: an entry
that cannot be read or written, a directory that cannot be made, a damaged file are all treated as no entry, and
the command does the work itself, as it always could.
Whoever can write this directory could change what is read from it, as they could the user's own scheme
directory or installation: it is the user's own, made readable by its owner only.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any

from ledger.digests import sha256

# The paths an operator's `log` reads (the bounds of its scheme) are made as text, and pathlib loaded only to
# write an entry (issue 15: start-up).
if TYPE_CHECKING:
    from pathlib import Path

ENV = "OPSLEDGER_CACHE"
# Where the ledger, projections and schemes packages are (what Path(__file__).resolve().parent.parent names).
ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
PACKAGES = ("ledger", "projections", "schemes")
FORMAT = 1  # the layout of an entry file (not of what it holds: the caller's code is in the module stamp)


def directory() -> str | None:
    """The cache directory, or None when caching is off (or there is no home directory to put it in)."""
    given = os.environ.get(ENV)
    if given == "off":
        return None
    if given:
        return given
    base = os.environ.get("XDG_CACHE_HOME")
    if base:
        return os.path.join(base, "opsledger")
    home = os.path.expanduser("~")
    if home == "~":  # no home directory: nowhere to keep anything
        return None
    return os.path.join(home, ".cache", "opsledger")


def _install() -> str:
    return sha256(ROOT.encode()).hexdigest()[:12]


def _file_text(kind: str, scheme_id: str, sha256: str, suffix: str = "json") -> str | None:
    folder = directory()
    if folder is None:
        return None
    return os.path.join(folder, f"{kind}-{scheme_id}-{sha256}-{_install()}.{suffix}")


def _file(kind: str, scheme_id: str, sha256: str, suffix: str = "json") -> Path | None:
    from pathlib import Path

    found = _file_text(kind, scheme_id, sha256, suffix)
    return None if found is None else Path(found)


def _modules() -> dict[str, list[int]]:
    """Every opsledger module loaded now: path under ROOT -> [size, mtime in ns]."""
    out: dict[str, list[int]] = {}
    under = ROOT + os.sep
    for name, module in list(sys.modules.items()):
        if name.partition(".")[0] not in PACKAGES:
            continue
        source = getattr(module, "__file__", None)
        if not source:
            continue
        real = os.path.realpath(source)
        if not real.startswith(under):
            continue  # not a file of this installation (a module loaded from elsewhere)
        try:
            stat = os.stat(source)
        except OSError:
            continue
        out[real[len(under) :].replace(os.sep, "/")] = [stat.st_size, stat.st_mtime_ns]
    return out


def _unchanged(modules: Any) -> bool:
    if not isinstance(modules, dict) or not modules:
        return False
    root = ROOT
    for relative, stamp in modules.items():
        try:
            # os.stat of a joined string, not a Path per module: about 85 files on every `log` (issue 15).
            stat = os.stat(os.path.join(root, relative))
        except (OSError, TypeError, ValueError):
            return False
        if stamp != [stat.st_size, stat.st_mtime_ns]:
            return False
    return True


def _stamp(scheme_id: str, sha256: str) -> dict[str, Any]:
    """What every entry records: its layout, the scheme version, and the opsledger modules loaded now."""
    return {"format": FORMAT, "scheme": scheme_id, "sha256": sha256, "modules": _modules()}


def _current(entry: Any) -> bool:
    """An entry of this layout whose modules are all still the ones installed."""
    return isinstance(entry, dict) and entry.get("format") == FORMAT and _unchanged(entry.get("modules"))


def get(kind: str, scheme_id: str, sha256: str) -> Any | None:
    """The value kept for this scheme version, if the code that derived it is still the code installed; else
    None (never an error)."""
    path = _file_text(kind, scheme_id, sha256)
    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            entry = json.loads(handle.read())
    except (OSError, ValueError):
        return None
    return entry.get("value") if _current(entry) else None


def put(kind: str, scheme_id: str, sha256: str, value: Any) -> bool:
    """Keep `value` (JSON data) for this scheme version, stamped with the modules loaded now; False when it could
    not be written (the caller goes on without it)."""
    path = _file(kind, scheme_id, sha256)
    if path is None:
        return False
    entry = {**_stamp(scheme_id, sha256), "value": value}
    try:
        data = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError):
        return False
    return _write(path, data)


# Bytes (a pickled scheme, schemes/model.py) are kept as one line of JSON (the entry without its value) and the
# bytes after it. Unpickling runs code the bytes name, so they are read only from a file the user running the
# command owns and nobody else can write; any other file is no entry.


def get_bytes(kind: str, scheme_id: str, sha256: str) -> bytes | None:
    """The bytes kept for this scheme version by the code installed now, from the user's own file; else None."""
    path = _file_text(kind, scheme_id, sha256, "bin")
    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            mode = os.fstat(handle.fileno())
            if not _own(mode):
                return None
            head, _, data = handle.read().partition(b"\n")
        entry = json.loads(head)
    except (OSError, ValueError):
        return None
    if not _current(entry) or (entry.get("scheme"), entry.get("sha256")) != (scheme_id, sha256):
        return None
    return data if _same_runtime(entry.get("runtime")) else None


def _same_runtime(kept: Any) -> bool:
    """Whether bytes kept by a process with runtime `kept` read back here as they were: the same interpreter, and
    the same pydantic if this process has loaded it. A process with the plain models (projections/modelbase.py)
    has not: it reads only the fields out of pydantic's pickled state, not pydantic's own part of it."""
    return isinstance(kept, dict) and all(kept.get(name) == value for name, value in _runtime().items())


def _runtime() -> dict[str, str]:
    """What else decides what pickled bytes read back as, beside opsledger's modules: the interpreter, and the
    pydantic that made the objects (its models' pickled state is its own; another version may lay it out
    otherwise, and an object missing what the new one expects fails later, not when read)."""
    out = {"python": sys.version}
    for name in ("pydantic", "pydantic_core"):
        module = sys.modules.get(name)
        if module is not None:
            out[name] = str(getattr(module, "__version__", ""))
    return out


def _own(mode: os.stat_result) -> bool:
    """The file is the user's own and nobody else can write it. Where there are no POSIX owners and modes to
    ask (Windows), no file is taken as such: the pickled scheme is not read, and the command loads the file."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return False
    return mode.st_uid == getuid() and not mode.st_mode & 0o022


def put_bytes(kind: str, scheme_id: str, sha256: str, data: bytes) -> bool:
    """Keep `data` for this scheme version, stamped with the modules loaded now, the interpreter and pydantic
    (`_runtime`); False when it could not be written."""
    path = _file(kind, scheme_id, sha256, "bin")
    if path is None:
        return False
    entry = {**_stamp(scheme_id, sha256), "runtime": _runtime()}
    return _write(path, json.dumps(entry, separators=(",", ":")).encode("ascii") + b"\n" + data)


def _write(path: Path, data: bytes) -> bool:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(tmp, "wb", opener=lambda p, f: os.open(p, f, 0o600)) as handle:
            handle.write(data)
        os.replace(tmp, path)  # readers see the old entry or the whole new one, never a part
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        return False
    _prune(path)
    return True


# What is removed when an entry is written (never when one is read: a `log` only reads). An entry is written only
# when something was derived afresh, after an edit of a scheme file or an upgrade, so without this the directory
# would keep every version of every scheme a user ever edited, and every installation's, for good.
# Versions of one scheme kept per kind and installation (a user switching between a few derives none again):
KEEP_VERSIONS = 4
# Another installation's entries not written for this long (a checkout or a virtualenv long gone) are removed:
OTHER_INSTALL_DAYS = 90
# A temporary file this old is a killed command's leftover (a younger one may be a running command's):
LEFTOVER_DAYS = 1


def _prune(written: Path) -> None:
    """Remove this scheme's older versions beyond KEEP_VERSIONS (by when they were written) and its entries in
    a format no longer read (the scheme as JSON, kept pickled now), other installations' entries not written for
    OTHER_INSTALL_DAYS, and temporary files left over. Best effort: a file that cannot be read or removed
    stays, and files not named as entries are left alone."""
    import time

    now = time.time()
    kind_scheme = written.stem.rsplit("-", 2)[0]
    install = _install()
    versions: list[tuple[float, Path]] = []
    stale: list[Path] = []
    try:
        paths = list(written.parent.iterdir())
    except OSError:
        return
    for path in paths:
        try:
            age = now - path.stat().st_mtime
        except OSError:
            continue  # removed meanwhile (another command pruning too)
        if path.name.startswith("."):
            if path.name.endswith(".tmp") and age > LEFTOVER_DAYS * 86400:
                stale.append(path)
            continue
        parts = path.stem.rsplit("-", 2)
        if (
            len(parts) != 3
            or len(parts[1]) != 64
            or len(parts[2]) != 12
            or path.suffix not in (".json", ".bin")
        ):
            continue  # not an entry of this layout: not ours to judge
        if parts[2] != install:
            if age > OTHER_INSTALL_DAYS * 86400:
                stale.append(path)
        elif parts[0] == kind_scheme and path != written:
            if path.suffix != written.suffix:
                stale.append(path)  # what is kept as .bin now was kept as .json by earlier versions
            else:
                versions.append((age, path))
    versions.sort()  # the newest first; the entry just written is kept beside KEEP_VERSIONS - 1 of them
    stale.extend(path for _, path in versions[KEEP_VERSIONS - 1 :])
    for path in stale:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
