"""The boundary that makes input text safe for the terminal, XML and file names."""

from __future__ import annotations

import os
import time

import pytest

from perfreg_xlsx.util.safetext import (
    display_path,
    for_json,
    for_terminal,
    for_xml,
    path_text,
    shortened,
    xml_unsafe,
)


def test_terminal_text_is_one_line_with_controls_shown() -> None:
    forged = "ok\n0 error(s)\r\x1b[32mgreen\x1b[0m\x07\x9b2J\u2028x"
    shown = for_terminal(forged)
    assert shown == "ok\\n0 error(s)\\r\\e[32mgreen\\e[0m\\x07\\x9b2J\\u2028x"
    assert all(ch.isprintable() for ch in shown)


def test_terminal_text_keeps_danish_letters_and_backslashes() -> None:
    assert for_terminal("Årsværk på 1,5 \\ ø") == "Årsværk på 1,5 \\ ø"


def test_xml_replaces_what_excel_cannot_hold() -> None:
    text = "a\x00b\x1bc\ufffe\uffffd\ud800e\tf\ng\rh"
    assert xml_unsafe(text)
    assert for_xml(text) == "a\ufffdb\ufffdc\ufffd\ufffdd\ufffde\tf\ng\rh"
    assert not xml_unsafe(for_xml(text))
    assert not xml_unsafe("Netværk æøå \t\n")


def test_undecodable_file_name_is_shown_with_its_bytes() -> None:
    name = os.fsdecode(b"net\xe6v\xe6rk_2012.xlsx")  # Latin-1 "netværk" on a UTF-8 system
    assert path_text(name) == "net\\xe6v\\xe6rk_2012.xlsx"
    path_text(name).encode("utf-8")  # never raises
    assert display_path("inputs/" + name) == "inputs/net\\xe6v\\xe6rk_2012.xlsx"


def test_a_surrogate_not_from_the_os_is_escaped_too() -> None:
    assert path_text("a\ud800b") == "a\\ud800b"


def test_a_good_name_is_unchanged() -> None:
    assert path_text("inputs/Væksthus_2012.xlsx") == "inputs/Væksthus_2012.xlsx"


@pytest.mark.parametrize("func", [for_terminal, for_xml])
def test_a_megabyte_of_hostile_text_takes_linear_time(func: object) -> None:
    text = "\x1b[" * 350_000 + "\ud800"
    start = time.perf_counter()
    out = func(text)  # type: ignore[operator]
    assert time.perf_counter() - start < 0.5
    assert len(out) > len(text) // 2


def test_bidirectional_controls_are_shown_not_obeyed() -> None:
    # Found by the red-team pass: U+202E in a file name reordered the finding line.
    assert for_terminal("net\u202eslx.2102_\u2066x\u2069") == "net\\u202eslx.2102_\\u2066x\\u2069"


def test_json_keeps_its_values_but_cannot_drive_a_terminal() -> None:
    import json

    doc = json.dumps({"v": "a\x85b\x9b2J\u2028c\u202ed æøå"}, ensure_ascii=False)
    safe = for_json(doc)
    assert json.loads(safe) == json.loads(doc)
    assert not any(ch in safe for ch in "\x85\x9b\u2028\u202e")
    assert "æøå" in safe


def test_a_long_value_is_shortened_with_a_visible_cut() -> None:
    assert shortened("abc", 3) == "abc"
    assert shortened("abcd", 3) == "ab…"
    assert len(shortened("x" * 2**20, 80)) == 80
