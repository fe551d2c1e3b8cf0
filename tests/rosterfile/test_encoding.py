"""How CSV bytes become text: BOMs, UTF-16, Windows-1252 detected, other code pages refused."""

from __future__ import annotations

import codecs

import pytest

from crossgen.rosterfile import RosterFileError, read_table

from .helpers import csv_bytes, person, table_rows, validate

NAME = "José Müller"


def first_names(data: bytes) -> tuple[str | None, list[object]]:
    with read_table(data, filename="roster.csv") as table:
        return table.encoding, [r.cells[1] for r in table.rows()]


def roster_with(*first: str) -> list[list[str]]:
    return table_rows(person(f"E{i}", first_name=name) for i, name in enumerate(first, 1))


def utf16_be_without_bom(text: str) -> bytes:
    return text.encode("utf-16-be")


@pytest.mark.parametrize(
    ("encode", "label"),
    [
        (lambda text: text.encode("utf-8"), "UTF-8"),
        (lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "UTF-8"),
        (lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "UTF-16"),
        (lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "UTF-16"),
        (lambda text: text.encode("utf-16-le"), "UTF-16"),
        (utf16_be_without_bom, "UTF-16"),
        (lambda text: text.encode("utf-32"), "UTF-32"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16le-bom",
        "utf16be-bom",
        "utf16le-no-bom",
        "utf16be-no-bom",
        "utf32",
    ],
)
def test_it_decodes_unicode_encodings(encode, label: str) -> None:
    text = csv_bytes(roster_with(NAME, "Zoë 山田")).decode("utf-8")
    encoding, names = first_names(encode(text))
    assert (encoding, names) == (label, [NAME, "Zoë 山田"])


def test_a_utf8_bom_does_not_leak_into_the_first_header() -> None:
    data = codecs.BOM_UTF8 + csv_bytes(roster_with(NAME))
    with read_table(data, filename="roster.csv") as table:
        assert table.headers[0] == "employee_id"


def test_it_reads_jose_mueller_in_windows_1252_correctly_and_warns() -> None:
    data = csv_bytes(roster_with(NAME), encoding="cp1252")
    assert first_names(data) == ("Windows-1252", [NAME])
    with read_table(data, filename="roster.csv") as table:
        assert "read as Windows-1252" in table.warnings[0].message
    assert validate(data).ok


def test_the_windows_1252_warning_shows_accented_words_as_read_so_a_person_can_check() -> None:
    # Czech "Ondřej Čech" saved as Windows-1250 is also plausible Windows-1252
    # ("Ondøej Èech"): no check of single words can tell them apart, so the
    # preview shows a person the words as read before anything is imported.
    data = csv_bytes(roster_with("Ondřej Čech"), encoding="cp1250")
    with read_table(data, filename="roster.csv") as table:
        warning = table.warnings[0].message
    assert "Ondøej" in warning and "Èech" in warning and "save the file as UTF-8" in warning


def test_it_reads_a_western_european_roster_in_windows_1252() -> None:
    names = [
        "Françoise Lefèvre",
        "Søren Ærø",
        "Ñoño Peña",
        "João Gonçalves",
        "Zoë O\u2019Brien",
        "Günther Groß",
        "Jean\u00a0Pierre Lévêque",
        "Zoë \u2013 €5 «Q»",
    ]
    data = csv_bytes(roster_with(*names), encoding="cp1252")
    assert first_names(data) == ("Windows-1252", names)


@pytest.mark.parametrize(
    ("names", "codec"),
    [
        (["Иван Петров", "Мария"], "cp1251"),  # Cyrillic: would read "Èâàí Ïåòðîâ"
        (["Γιώργος Παπαδόπουλος"], "cp1253"),  # Greek
        (["Jan Černý", "Petr Dvořák"], "cp1250"),  # Czech: would read "Èerný", "Dvoøák"
        (["Petr Dvořák"], "cp1250"),  # "Dvoøák" mixes Nordic ø with Czech á in one word
        (["Łukasz Nowak"], "cp1250"),  # would read "£ukasz"
        (["Paweł Wiśniewski"], "cp1250"),  # Polish: would read "Pawe³"
        (["Ayşe Y\u0131lmaz", "Mehmet Doğan"], "cp1254"),  # Turkish: would read "Yýlmaz", "Doðan"
        (["José Müller"], "mac_roman"),  # would read "JosŽ MŸller"
        (["山田太郎"], "shift_jis"),
    ],
)
def test_it_refuses_other_legacy_encodings_rather_than_produce_mojibake(
    names: list[str], codec: str
) -> None:
    data = csv_bytes(roster_with(*names), encoding=codec)
    with pytest.raises(RosterFileError, match="Save it as UTF-8") as caught:
        read_table(data, filename="roster.csv")
    assert "line 2" in str(caught.value)


def test_it_never_reads_jose_as_mojibake() -> None:
    for codec in ("cp1252", "utf-8", "utf-16", "latin-1", "mac_roman", "cp850"):
        data = csv_bytes(roster_with(NAME), encoding=codec)
        try:
            _, names = first_names(data)
        except RosterFileError:
            continue
        assert names == [NAME], codec


def test_it_refuses_a_file_that_starts_like_utf16_but_breaks() -> None:
    data = (
        codecs.BOM_UTF16_LE + "employee_id\r\nE1".encode("utf-16-le") + b"\x00\xd8"
    )  # lone surrogate
    with pytest.raises(RosterFileError, match="not valid UTF-16"):
        read_table(data, filename="roster.csv")


def test_the_first_byte_that_is_not_utf8_is_located_by_line() -> None:
    lines = (
        [b"employee_id,first_name"] + [b"E%d,Ann" % i for i in range(1, 40)] + [b"E40,\xff\xfe\xfd"]
    )
    with pytest.raises(RosterFileError, match="on line 41"):
        read_table(b"\r\n".join(lines), filename="roster.csv")
