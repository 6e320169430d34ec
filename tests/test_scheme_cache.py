"""A checked scheme kept by its file's hash (schemes/cache.py, schemes/model.py `_kept`): a `score` reads it back
instead of parsing the TOML and checking the file, and what it reads is the scheme the file gives, never a stale
one (issue 15)."""

from __future__ import annotations

import json
import os
import pickle
import time
from pathlib import Path

import pytest

from schemes import cache, model
from schemes.locate import holiday_paths
from schemes.model import get_scheme, load_scheme, scheme_paths


@pytest.fixture(autouse=True)
def cold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of this test's own, and no scheme loaded in this process yet (get_scheme keeps one per file)."""
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(model, "_LOADED", {})
    return tmp_path / "cache"


def fields_set(value: object) -> object:
    """Every nested model's fields_set, so a kept scheme is the same also where code asks what the file gave."""
    if isinstance(value, model.BaseModel):
        return (
            sorted(value.model_fields_set),
            [fields_set(getattr(value, n)) for n in type(value).model_fields],
        )
    if isinstance(value, list | tuple):
        return [fields_set(v) for v in value]
    if isinstance(value, dict):
        return {k: fields_set(v) for k, v in value.items()}
    return None


@pytest.mark.parametrize("scheme_id", sorted(scheme_paths()))
def test_the_scheme_kept_is_the_scheme_the_file_gives(scheme_id: str, cold: Path, monkeypatch) -> None:
    path = scheme_paths()[scheme_id]
    loaded = load_scheme(path, holiday_paths(path))
    assert get_scheme(scheme_id) == loaded  # no entry: loaded from the file, and kept
    assert list(cold.glob(f"scheme-{scheme_id}-{loaded.sha256}-*.bin"))
    monkeypatch.setattr(model, "_LOADED", {})
    monkeypatch.setattr(model, "load_scheme", lambda *_: pytest.fail("the kept scheme was not read"))
    kept = get_scheme(scheme_id)
    assert kept == loaded and (kept.path, kept.sha256) == (loaded.path, loaded.sha256)
    assert fields_set(kept) == fields_set(loaded)


def test_an_edited_file_is_loaded_again(tmp_path: Path, cold: Path, monkeypatch) -> None:
    mine = tmp_path / "schemes"
    mine.mkdir()
    source = scheme_paths()["pingxiang-market"].read_text(encoding="utf-8")
    (mine / "pingxiang-market.toml").write_text(source, encoding="utf-8")
    before = get_scheme("pingxiang-market", mine)
    (mine / "pingxiang-market.toml").write_text(
        source.replace('title_en = "', 'title_en = "Edited: ', 1), encoding="utf-8"
    )
    monkeypatch.setattr(model, "_LOADED", {})
    after = get_scheme("pingxiang-market", mine)
    assert after.sha256 != before.sha256 and after.title_en.startswith("Edited: ")
    assert len(list(cold.glob("scheme-pingxiang-market-*.bin"))) == 2


def test_a_damaged_entry_or_one_of_other_code_is_not_read(cold: Path, monkeypatch) -> None:
    loaded = get_scheme("wujiang-alliance")
    (entry,) = cold.glob("scheme-wujiang-alliance-*.bin")
    head, _, data = entry.read_bytes().partition(b"\n")
    good = json.loads(head)

    def stamped(stamp: dict, value: object) -> bytes:
        return json.dumps(stamp).encode() + b"\n" + pickle.dumps(value)

    other_code = {**good, "modules": {**good["modules"], "schemes/model.py": [1, 1]}}
    other_pydantic = {**good, "runtime": {**good["runtime"], "pydantic": "2.0.0"}}
    other_scheme = loaded.model_copy(update={"id": "wujiang"})
    for damage in (
        b"{",
        head + b"\n" + data[: len(data) // 2],  # cut short
        stamped(other_code, loaded),  # written by other code
        stamped(other_pydantic, loaded),  # pickled by another pydantic
        stamped({k: v for k, v in good.items() if k != "runtime"}, loaded),  # by a version that did not say
        stamped({**good, "sha256": "0" * 64}, loaded),  # the stamp names another version of the file
        stamped(good, {"id": "wujiang-alliance"}),  # not a scheme
        stamped(good, other_scheme),  # another scheme's
    ):
        entry.write_bytes(damage)
        monkeypatch.setattr(model, "_LOADED", {})
        assert get_scheme("wujiang-alliance") == loaded


def test_an_entry_others_can_write_is_not_read(cold: Path, monkeypatch) -> None:
    """Unpickling runs code the bytes name: an entry anyone but its owner could have written is no entry."""
    loaded = get_scheme("wujiang-alliance")
    (entry,) = cold.glob("scheme-wujiang-alliance-*.bin")
    head, _, _ = entry.read_bytes().partition(b"\n")
    for mode, served in ((0o620, "original"), (0o602, "original"), (0o600, "forged")):
        entry.write_bytes(head + b"\n" + pickle.dumps(loaded.model_copy(update={"title": "forged"})))
        os.chmod(entry, mode)
        monkeypatch.setattr(model, "_LOADED", {})
        title = get_scheme("wujiang-alliance").title
        assert title == (loaded.title if served == "original" else "forged"), oct(mode)


def test_a_broken_file_is_refused_as_before_whatever_is_kept(tmp_path: Path, cold: Path, monkeypatch) -> None:
    mine = tmp_path / "schemes"
    mine.mkdir()
    source = scheme_paths()["pingxiang-market"].read_text(encoding="utf-8")
    (mine / "pingxiang-market.toml").write_text(source, encoding="utf-8")
    get_scheme("pingxiang-market", mine)
    (mine / "pingxiang-market.toml").write_text(source + "\n[oops\n", encoding="utf-8")
    monkeypatch.setattr(model, "_LOADED", {})
    with pytest.raises(model.SchemeError, match="not valid TOML"):
        get_scheme("pingxiang-market", mine)


def test_with_the_cache_off_or_unwritable_nothing_changes(tmp_path: Path, monkeypatch) -> None:
    expected = load_scheme(scheme_paths()["chifeng-park"], holiday_paths(scheme_paths()["chifeng-park"]))
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    for value in ("off", str(blocker / "cache")):
        monkeypatch.setenv(cache.ENV, value)
        monkeypatch.setattr(model, "_LOADED", {})
        assert get_scheme("chifeng-park") == expected


def test_the_scheme_kept_as_json_by_earlier_versions_is_removed_when_kept_again(cold: Path) -> None:
    """Earlier versions kept the checked scheme as JSON beside where it is kept now; those files (of any version
    of the scheme) are never read again, so keeping the scheme removes them rather than leave them in the user's
    cache for good. Another scheme's, and the bounds kept as JSON, stay."""
    path = scheme_paths()["shaxian-gig"]
    sha256 = load_scheme(path, holiday_paths(path)).sha256
    legacy = cache._file("scheme", "shaxian-gig", sha256)
    assert legacy is not None and legacy.suffix == ".json"
    legacy.parent.mkdir(parents=True)
    legacy.write_text("{}", encoding="utf-8")
    other_version = legacy.with_name(legacy.name.replace(sha256, "0" * 64))
    other_scheme = legacy.with_name(legacy.name.replace("shaxian-gig", "chifeng-park"))
    bounds = legacy.with_name(legacy.name.replace("scheme-", "bounds-", 1))
    for kept in (other_version, other_scheme, bounds):
        kept.write_text("{}", encoding="utf-8")
    get_scheme("shaxian-gig")
    assert legacy.with_suffix(".bin").exists()
    assert not legacy.exists() and not other_version.exists()
    assert other_scheme.exists() and bounds.exists()


def _entry(folder: Path, kind: str, scheme_id: str, n: int, install: str, days_old: float) -> Path:
    path = folder / f"{kind}-{scheme_id}-{n:064x}-{install}.bin"
    path.write_bytes(b"{}\n")
    when = time.time() - days_old * 86400
    os.utime(path, (when, when))
    return path


@pytest.mark.parametrize("older", [0, 1, 2, 3, 4, 6])
def test_writing_an_entry_keeps_the_newest_versions_of_that_scheme_only(cold: Path, older: int) -> None:
    """Every edit of a scheme file is a new version kept beside the old ones: writing one keeps the
    KEEP_VERSIONS newest of that scheme (itself and three others), so a directory does not grow with every edit
    a user ever made. Another scheme's versions, however many, are not this write's to remove."""
    assert cache.KEEP_VERSIONS == 4
    cold.mkdir()
    mine = cache._install()
    old = [_entry(cold, "scheme", "wujiang-alliance", n + 1, mine, days_old=n + 1) for n in range(older)]
    others = [_entry(cold, "scheme", "wujiang", n + 1, mine, days_old=n + 1) for n in range(6)]
    assert cache._write(cold / f"scheme-wujiang-alliance-{0:064x}-{mine}.bin", b"{}\n")
    kept = [p.exists() for p in old]
    assert kept == [n < 3 for n in range(older)]  # the three newest beside the one written
    assert all(p.exists() for p in others)


@pytest.mark.parametrize(("days_old", "removed"), [(89, False), (91, True)])
def test_another_installations_entries_go_after_ninety_days_unwritten(
    cold: Path, days_old: float, removed: bool
) -> None:
    """Each checkout or virtualenv keeps its own entries; one not written for OTHER_INSTALL_DAYS belongs to an
    installation long gone (or one that will derive its entry again, once). Files not named as entries, and
    temporary files a running command is writing, are left alone; a day-old temporary file is a killed
    command's leftover."""
    assert cache.OTHER_INSTALL_DAYS == 90
    cold.mkdir()
    theirs = _entry(cold, "bounds", "chifeng-park", 1, "a" * 12, days_old=days_old)
    stranger = cold / "notes.txt"
    stranger.write_text("mine", encoding="utf-8")
    os.utime(stranger, (0, 0))
    writing = cold / ".scheme-x.bin.123.tmp"
    writing.write_bytes(b"")
    leftover = cold / ".scheme-y.bin.456.tmp"
    leftover.write_bytes(b"")
    os.utime(leftover, (time.time() - 2 * 86400,) * 2)
    assert cache._write(cold / f"bounds-chifeng-park-{2:064x}-{cache._install()}.json", b"{}")
    assert theirs.exists() is not removed
    assert stranger.exists() and writing.exists() and not leftover.exists()


def test_where_files_have_no_posix_owner_no_pickled_scheme_is_read(cold: Path, monkeypatch) -> None:
    """On a system without POSIX owners and modes (Windows) nothing says the file is the user's own alone, so
    the scheme is loaded from its file every time, as with the cache off."""
    loaded = get_scheme("wujiang-alliance")
    monkeypatch.delattr(os, "getuid")
    monkeypatch.setattr(model, "_LOADED", {})
    # Reached only when the kept entry is not read:
    monkeypatch.setattr(model, "load_scheme", lambda *_: loaded)
    (entry,) = cold.glob("scheme-wujiang-alliance-*.bin")
    head, _, _ = entry.read_bytes().partition(b"\n")
    entry.write_bytes(head + b"\n" + pickle.dumps(loaded.model_copy(update={"title": "kept"})))
    assert get_scheme("wujiang-alliance").title == loaded.title
