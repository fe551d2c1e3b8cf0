"""Text normalisation for matching free text to skills.

People type "Chat GPT", "chatgpt", "Gen-AI" or paste full-width letters from
an East Asian keyboard; all of them should find the same skill. The key we compare is therefore insensitive to
case, accents, punctuation and whitespace.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# "&" carries meaning ("P&L" is "P and L", "M&A" is "M and A"), so it becomes a
# word instead of vanishing with the rest of the punctuation. "+" does vanish:
# "LGBTQ+" and "LGBTQ" should find the same skill.
_SYMBOL_WORDS = str.maketrans({"&": " and "})


def _fold_once(text: str) -> str:
    # NFKC first so compatibility forms (full-width letters, ligatures, the
    # small ampersand) become their plain equivalents before anything else.
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_SYMBOL_WORDS)
    # Decompose and drop non-spacing marks: "é" -> "e", "Zoë" -> "zoe".
    decomposed = unicodedata.normalize("NFKD", folded)
    kept = "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", kept)


@lru_cache(maxsize=8192)  # roster imports repeat the same few hundred labels
def normalize(text: str) -> str:
    """Return the comparison key of ``text``.

    The key keeps only letters and digits, case-folded and without accents;
    ``&`` reads as "and". Applying it twice changes nothing.

    Examples
    --------
    >>> normalize("Chat GPT")
    'chatgpt'
    >>> normalize("Gen-AI") == normalize("gen ai") == normalize("\uff27\uff45\uff4e\uff21\uff29")
    True
    >>> normalize("P&L")
    'pandl'
    """
    key = _fold_once(text)
    # Case folding and composition can, for a few exotic characters, produce
    # text that folds further; iterate to a fixed point so the key is stable.
    for _ in range(4):
        again = _fold_once(key)
        if again == key:
            break
        key = again
    return key


def word_keys(text: str) -> tuple[str, ...]:
    """Keys of the words of ``text``, for prefix search ("bi" finds "Power BI").

    >>> word_keys("Slack and Teams etiquette")
    ('slack', 'and', 'teams', 'etiquette')
    """
    spaced = "".join(ch if ch.isalnum() or ch == "&" else " " for ch in text)
    return tuple(key for word in spaced.split() if (key := normalize(word)))
