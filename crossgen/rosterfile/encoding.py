"""Decide how a CSV file's bytes become text, or refuse: never guess into mojibake.

Order of decisions:

1. A byte-order mark wins: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE.
2. Without one, ASCII text interleaved with NUL bytes is UTF-16 without a mark.
3. Otherwise strict UTF-8.
4. If that fails, Windows-1252 (what Excel writes for "CSV" on Western
   European Windows), but only if every word containing non-ASCII letters looks
   like a word of a language written in Windows-1252. Text in another legacy
   code page (Cyrillic, Greek, Central European, Turkish) decoded as
   Windows-1252 produces words such as "Ïðèâåò", "Pawe³", "Yýlmaz" or "JosŽ",
   which this check rejects. Anything it rejects is refused with a message
   asking for UTF-8. Some words are plausible either way (Czech "Ondřej" in
   Windows-1250 reads as "Ondøej"), so a file read as Windows-1252 always
   carries a warning that shows its first accented words as read, and the
   dry-run preview puts that in front of a person before anything is written.

charset-normalizer was tried for step 4 and left out: on name-sized samples it
ranks Windows-1250 first for "José Müller" in Windows-1252, and also for
Cyrillic text in Windows-1251, which it would decode into mojibake.

Every encoding is checked over the whole file here, in chunks, so that reading
rows later cannot fail half-way with a decoding error.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import BinaryIO

from crossgen.rosterfile.issues import RosterFileError

_CHUNK = 1 << 20
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_SAVE_AS_UTF8 = (
    "In Excel choose Save As, then 'CSV UTF-8 (Comma delimited)'; in LibreOffice or "
    "Numbers choose the UTF-8 character set."
)

# Letters of languages written in Windows-1252, lower case. A word's accented
# letters must all belong to one of these. ð, þ and ý are left out on purpose:
# they are what Turkish ğ, ş and dotless i become when Windows-1254 is read as 1252.
_ALPHABETS: tuple[frozenset[str], ...] = tuple(
    frozenset(letters)
    for letters in (
        "àâæçéèêëîïôœùûüÿ",  # French
        "äöüß",  # German
        "áéíñóúü",  # Spanish
        "àçèéíïòóúü",  # Catalan
        "áâãàçéêíóôõúü",  # Portuguese
        "àèéìíîòóù",  # Italian
        "áéíóúàèëïöüêôû",  # Dutch
        "åæøéóàü",  # Danish, Norwegian
        "åäöéü",  # Swedish, Finnish
        "äöüõšž",  # Estonian, Finnish loan words
        "áéíóúäôšž",  # Czech and Slovak letters shared with Windows-1250
        "áéíóöúü",  # Hungarian letters shared with Windows-1250
        "çë",  # Albanian
    )
)
# Typographic quotes (single, double, low, guillemets) and the no-break space
# may touch letters: they are the same characters in the other Windows code
# pages. These symbols (dashes, ellipsis, bullet, currency, degree, marks) may
# not: "£ukasz" is Polish "Łukasz" read as Windows-1252. Any other non-letter
# ("Pawe³") makes the text implausible.
_NEUTRAL = frozenset("\u00a0\u2018\u2019\u201a“”„«»\u2039\u203a")
_SYMBOLS = frozenset("\u2013—…•€£°©®™¡¿·§")
_ACCENTED_WORD = re.compile(r"[^\W\d_]*[^\W\d_\x00-\x7f][^\W\d_]*")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass(frozen=True, slots=True)
class Encoding:
    codec: str
    """The Python codec name to decode with."""
    label: str
    """What to tell a person: ``"UTF-8"``, ``"Windows-1252"``."""
    samples: tuple[str, ...] = ()
    """For a legacy code page, a few accented words as decoded, for a person to check."""


def detect_encoding(file: BinaryIO) -> Encoding:
    """Return the encoding of the text in ``file`` or raise ``RosterFileError``.

    Reads the whole file once in chunks; leaves it at an unspecified position.
    """
    file.seek(0)
    head = file.read(4096)
    for bom, codec, label in _BOMS:
        if head.startswith(bom):
            _check_decodes(file, codec, label)
            return Encoding(codec, label)
    utf16 = _utf16_without_bom(head)
    if utf16 is not None:
        _check_decodes(file, utf16.codec, utf16.label)
        return utf16
    failure = _first_utf8_failure(file)
    if failure is None:
        return Encoding("utf-8", "UTF-8")
    samples: list[str] = []
    if _plausible_cp1252(file, samples):
        return Encoding("cp1252", "Windows-1252", tuple(samples))
    raise RosterFileError.single(
        f"The file is not in UTF-8 (the first byte that is not UTF-8 is on line {failure}), "
        "and its encoding could not be recognised with confidence. "
        f"Save it as UTF-8 and upload it again. {_SAVE_AS_UTF8}"
    )


def _utf16_without_bom(head: bytes) -> Encoding | None:
    """ASCII-heavy UTF-16 without a byte-order mark: every other byte is NUL."""
    if len(head) < 8:
        return None
    pairs = len(head) // 2
    even_nul = head[0 : pairs * 2 : 2].count(0)
    odd_nul = head[1 : pairs * 2 : 2].count(0)
    if odd_nul >= 0.9 * pairs and even_nul == 0:
        return Encoding("utf-16-le", "UTF-16")
    if even_nul >= 0.9 * pairs and odd_nul == 0:
        return Encoding("utf-16-be", "UTF-16")
    return None


def _check_decodes(file: BinaryIO, codec: str, label: str) -> None:
    file.seek(0)
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    line = 1
    try:
        while chunk := file.read(_CHUNK):
            line += decoder.decode(chunk).count("\n")
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise RosterFileError.single(
            f"The file starts like {label} but is not valid {label} (near line {line}). "
            f"It may be damaged; save it again as UTF-8. {_SAVE_AS_UTF8}"
        ) from exc


def _first_utf8_failure(file: BinaryIO) -> int | None:
    """The line number of the first byte that is not UTF-8, or None if the file is UTF-8."""
    file.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    lines_before = 0
    while True:
        chunk = file.read(_CHUNK)
        try:
            decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            pending = decoder.getstate()[0]
            start = max(exc.start - len(pending), 0)
            return lines_before + chunk[:start].count(b"\n") + 1
        if not chunk:
            return None
        lines_before += chunk.count(b"\n")


SAMPLE_WORDS = 6


def _plausible_cp1252(file: BinaryIO, samples: list[str]) -> bool:
    """Whether the file reads as plausible Windows-1252 text; fills ``samples``
    with its first few distinct accented words."""
    file.seek(0)
    decoder = codecs.getincrementaldecoder("cp1252")(errors="strict")
    carry = ""
    try:
        while chunk := file.read(_CHUNK):
            text = carry + decoder.decode(chunk)
            cut = max(text.rfind(" "), text.rfind("\n"), text.rfind(","), text.rfind(";"))
            carry, text = text[cut + 1 :], text[: cut + 1]
            if not _plausible_text(text):
                return False
            _collect_samples(text, samples)
        rest = carry + decoder.decode(b"", final=True)
        _collect_samples(rest, samples)
        return _plausible_text(rest)
    except UnicodeDecodeError:
        return False


def _collect_samples(text: str, samples: list[str]) -> None:
    if len(samples) >= SAMPLE_WORDS or text.isascii():
        return
    for word in _ACCENTED_WORD.findall(text):
        if word not in samples:
            samples.append(word)
            if len(samples) >= SAMPLE_WORDS:
                return


def _plausible_text(text: str) -> bool:
    if text.isascii():
        return True
    for match in _NON_ASCII.finditer(text):
        char = match.group()
        if char in _NEUTRAL:
            continue
        if char in _SYMBOLS:
            if _touches_letter(text, match.start()):
                return False
        elif not _is_known_letter(char):
            return False
    return all(_plausible_word(word) for word in _ACCENTED_WORD.findall(text))


def _touches_letter(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return before.isalpha() or after.isalpha()


def _is_known_letter(char: str) -> bool:
    lower = char.lower()
    return any(lower in alphabet for alphabet in _ALPHABETS)


def _plausible_word(word: str) -> bool:
    accented = {c for c in word.lower() if not c.isascii()}
    if not any(accented <= alphabet for alphabet in _ALPHABETS):
        return False
    run = longest = 0
    for index, char in enumerate(word):
        if char.isascii():
            run = 0
            continue
        if index > 0 and char.isupper() and not word.isupper():
            return False  # "JosŽ", "MŸller": Mac Roman read as Windows-1252
        run += 1
        longest = max(longest, run)
    non_ascii = sum(1 for c in word if not c.isascii())
    return longest < 3 and not (len(word) >= 4 and non_ascii * 2 > len(word))
