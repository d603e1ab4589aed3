"""The definition cache (`definition.cache`): a hit is the loaded catalogue item for item, an
edit is never answered from an old entry, a bad definition is never kept, and an entry that is
damaged or tampered with is ignored (and runs nothing)."""

from __future__ import annotations

import os
import pickle
import shutil
import zipfile
from pathlib import Path

import pytest

from perfreg_xlsx.definition import cache, load
from perfreg_xlsx.definition.files import packaged_definition
from perfreg_xlsx.definition.problems import DefinitionError, Problem
from perfreg_xlsx.survey.catalogue import Catalogue
from perfreg_xlsx.survey.types import Programme


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("PERFREG_CACHE_DIR", str(where))
    return where


@pytest.fixture
def definition(tmp_path: Path) -> Path:
    return Path(shutil.copy(packaged_definition(), tmp_path / "definition.xlsx"))


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.catalogue"))


def _loads_counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    real = load.load

    def counted(path: Path) -> Catalogue:
        calls.append(path)
        return real(path)

    monkeypatch.setattr(load, "load", counted)
    return calls


def _same(a: Catalogue, b: Catalogue) -> None:
    assert (a.sections, a.fields, a.rules, a.headline, a.figures) == (
        b.sections,
        b.fields,
        b.rules,
        b.headline,
        b.figures,
    )
    # Equal, not the same repr: a frozenset of programmes may list them in another order
    # after pickling (the order follows the hashes of the strings, random per process).
    assert a.indicators == b.indicators
    assert [(i.scale, i.decimals) for i in a.indicators] == [
        (i.scale, i.decimals) for i in b.indicators
    ]
    assert dict(a.appendix1_headings) == dict(b.appendix1_headings)


def test_the_second_load_is_a_hit_and_the_same_catalogue(
    folder: Path, definition: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _loads_counted(monkeypatch)
    first = cache.load_cached(definition)
    assert calls == [definition] and len(_entries(folder)) == 1
    second = cache.load_cached(definition)
    assert calls == [definition]  # not read again
    assert second is not first and second.source == str(definition)
    _same(second, first)
    _same(second, load.load(definition))
    # What is derived from a catalogue works on the one from the cache.
    assert second.fields_by_id["turnover"].unit == "1.000 kr."
    assert len(second.rules_for(Programme.NETWORK)) == len(first.rules_for(Programme.NETWORK)) > 0


def test_an_edited_workbook_is_read_again(
    folder: Path, definition: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.load_cached(definition)
    calls = _loads_counted(monkeypatch)
    # The same cells, other bytes (a zip comment): read again, and kept as a second entry.
    with zipfile.ZipFile(definition, "a") as zf:
        zf.comment = b"saved again"
    cache.load_cached(definition)
    assert calls == [definition] and len(_entries(folder)) == 2


def test_a_bad_definition_is_never_kept(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    for _ in range(2):
        with pytest.raises(DefinitionError):
            cache.load_cached(bad)
    assert _entries(folder) == []


def test_definition_check_keeps_what_it_read_for_the_next_command(
    folder: Path, definition: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from perfreg_xlsx.cli.main import cli

    result = CliRunner().invoke(cli, ["definition", "check", str(definition)])
    assert result.exit_code == 0, result.output
    assert len(_entries(folder)) == 1
    # The command after the check finds it: the workbook is not read again.
    calls = _loads_counted(monkeypatch)
    kept = cache.load_cached(definition)
    assert calls == []
    _same(kept, load.load(definition))
    # A check always reads the file, also when it is kept, and a definition with mistakes
    # is not kept.
    checked: list[Path] = []
    real_check = load.check

    def counted_check(path: Path) -> tuple[Catalogue | None, tuple[Problem, ...]]:
        checked.append(path)
        return real_check(path)

    monkeypatch.setattr(load, "check", counted_check)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    assert cache.check_and_keep(bad)[0] is None
    assert cache.check_and_keep(definition)[0] is not None
    assert checked == [bad, definition]
    assert len(_entries(folder)) == 1


def test_a_damaged_or_tampered_entry_is_ignored_and_runs_nothing(
    folder: Path, definition: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cache.load_cached(definition)
    (entry,) = _entries(folder)
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    for payload in (b"\x80\x05garbage", pickle.dumps(Evil()), pickle.dumps({"not": "a catalogue"})):
        entry.write_bytes(payload)
        calls = _loads_counted(monkeypatch)
        cat = cache.load_cached(definition)
        assert calls == [definition] and not marker.exists()
        _same(cat, load.load(definition))
        # and written again, good this time
        assert isinstance(pickle.loads(entry.read_bytes()), Catalogue)


def test_the_cache_can_be_off_or_unwritable(
    definition: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PERFREG_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    calls = _loads_counted(monkeypatch)
    cache.load_cached(definition)
    cache.load_cached(definition)
    assert len(calls) == 2
    # A file where the folder should be: nothing can be kept, the definition still loads.
    blocked = tmp_path / "blocked"
    blocked.write_text("a file")
    monkeypatch.setenv("PERFREG_CACHE_DIR", str(blocked / "cache"))
    assert cache.load_cached(definition).fields


def test_at_most_keep_entries_are_kept(
    folder: Path, definition: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "KEEP", 2)
    for n in range(4):
        # Another program each time (as after an upgrade): another key for the same file.
        monkeypatch.setattr(cache, "_program", lambda n=n: f"program {n}".encode())
        cache.load_cached(definition)
    assert len(_entries(folder)) == 2


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PERFREG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if os.name != "nt":
        assert cache.cache_dir() == tmp_path / "perfreg-xlsx"
