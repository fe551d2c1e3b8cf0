"""Free text finds the right skill; the picker's search ranks sensibly."""

from __future__ import annotations

import unicodedata
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crossgen.taxonomy import load_starter_taxonomy, normalize

TAX = load_starter_taxonomy()
LABELS = sorted((label, s.slug) for s in TAX for label in s.labels)


@pytest.mark.parametrize(
    "text",
    [
        "ChatGPT",
        "Chat GPT",
        "chatgpt",
        "GenAI",
        "Gen AI",
        "gen-ai",
        "LLM tools",
        "llm-tools",
        "Generative AI",
        "generative-ai",
        "  GENERATIVE   ai ",
        "\uff23\uff48\uff41\uff54\uff27\uff30\uff34",  # full-width "ChatGPT",
    ],
)
def test_generative_ai_has_one_skill_under_many_names(text):
    skill = TAX.resolve(text)
    assert skill is not None
    assert skill.slug == "generative-ai"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Power BI", "dashboards"),
        ("tableau", "dashboards"),
        ("Zapier", "no-code-automation"),
        ("Power Automate", "no-code-automation"),
        ("P&L", "pnl-management"),
        ("P and L", "pnl-management"),
        ("M&A", "mergers-acquisitions"),
        ("LGBTQ+", "lgbtq-inclusion"),
        ("2FA", "mfa"),
        ("Navigating the organization", "navigating-the-organisation"),
        ("Data visualization", "data-visualisation"),
        ("Twitter", "x-and-threads"),
    ],
)
def test_aliases_and_spelling_variants_resolve(text, slug):
    skill = TAX.resolve(text)
    assert skill is not None
    assert skill.slug == slug


@pytest.mark.parametrize("text", ["", "   ", "---", "basket weaving", "chat"])
def test_unknown_or_empty_text_resolves_to_nothing(text):
    assert TAX.resolve(text) is None


def test_normalize_ignores_accents_case_width_and_punctuation():
    assert normalize("Zoë") == normalize("ZOE") == "zoe"
    assert normalize("\uff27\uff45\uff4e\u3000\uff21\uff29") == normalize("gen.ai") == "genai"
    assert normalize("P&L") == "pandl"


@given(st.text())
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@given(st.text())
def test_normalize_keeps_only_letters_and_digits(text):
    assert all(ch.isalnum() for ch in normalize(text))


_FORMS: list[Literal["NFC", "NFD", "NFKC", "NFKD"]] = ["NFC", "NFD", "NFKC", "NFKD"]
_SEPARATORS = st.sampled_from([" ", "  ", "\t", "\u00a0", "-", "_", ".", "/", "\n"])


@st.composite
def _variant(draw: st.DrawFn) -> tuple[str, str]:
    """A label of some skill, rewritten the way people type it."""
    label, slug = draw(st.sampled_from(LABELS))
    chars = []
    for ch in label:
        if draw(st.booleans()):
            ch = ch.swapcase()
        chars.append(ch)
        if ch.isalpha() and draw(st.integers(0, 9)) == 0:
            chars.append("\u0301")  # a stray combining accent: "é" typed as "e" + accent
        if draw(st.integers(0, 5)) == 0:
            chars.append(draw(_SEPARATORS))
    text = draw(st.sampled_from([" ", ""])) + "".join(chars) + draw(st.sampled_from([" ", ""]))
    form = draw(st.sampled_from(_FORMS))
    return unicodedata.normalize(form, text), slug


@given(_variant())
def test_resolve_is_insensitive_to_case_accents_and_spacing_of_every_label(case):
    text, slug = case
    skill = TAX.resolve(text)
    assert skill is not None, text
    assert skill.slug == slug


def test_search_puts_the_exact_alias_first():
    assert TAX.search("chatgpt")[0].slug == "generative-ai"
    assert TAX.search("Power BI")[0].slug == "dashboards"


def test_search_prefers_name_prefixes_over_substrings():
    slugs = [s.slug for s in TAX.search("neg")]
    assert slugs[0] == "negotiation"
    assert "pay-negotiation" in slugs  # a word of its name starts with "neg"


def test_search_finds_words_inside_names_and_aliases():
    assert "dashboards" in [s.slug for s in TAX.search("bi", limit=50)]
    assert "chat-etiquette" in [s.slug for s in TAX.search("teams", limit=50)]


def test_search_returns_each_skill_once_and_respects_the_limit():
    hits = TAX.search("ai", limit=7)
    assert len(hits) == 7
    assert len({s.slug for s in hits}) == 7


def test_search_for_nothing_returns_nothing():
    assert TAX.search("   ") == ()
    assert TAX.search("zzzqqq") == ()


def test_search_rejects_a_non_positive_limit():
    with pytest.raises(ValueError, match="limit must be at least 1"):
        TAX.search("ai", limit=0)


def test_lookups_by_slug_and_category():
    assert TAX.skill("tiktok").name == "TikTok"
    assert TAX.get("no-such-skill") is None
    with pytest.raises(KeyError, match="no-such-skill"):
        TAX.skill("no-such-skill")
    ai = TAX.skills_in("ai-automation")
    assert ai
    assert all(s.category == "ai-automation" for s in ai)
    with pytest.raises(KeyError, match="nowhere"):
        TAX.skills_in("nowhere")
