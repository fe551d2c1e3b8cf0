"""The bundled starter taxonomy is valid, and the validator catches what it claims to."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossgen.taxonomy import (
    STARTER_VERSION,
    Category,
    Side,
    Skill,
    Taxonomy,
    TaxonomyError,
    data_file_problems,
    load_starter_taxonomy,
    load_taxonomy,
    starter_path,
)


def test_the_starter_file_has_no_problems():
    assert data_file_problems(starter_path()) == ()


def test_the_starter_taxonomy_is_versioned_and_large_enough():
    tax = load_starter_taxonomy()
    assert tax.version == STARTER_VERSION
    assert len(tax) >= 120
    assert starter_path().name == f"starter-{STARTER_VERSION}.toml"


def test_it_is_loaded_once():
    assert load_starter_taxonomy() is load_starter_taxonomy()


def test_both_sides_of_a_reverse_pair_are_well_stocked():
    tax = load_starter_taxonomy()
    by_side = {side: [s for s in tax if s.side is side] for side in Side}
    assert len(by_side[Side.DIGITAL]) >= 50
    assert len(by_side[Side.EXPERIENCE]) >= 40
    assert by_side[Side.BOTH]


@pytest.mark.parametrize(
    "slug",
    [
        "generative-ai",
        "prompt-writing",
        "no-code-automation",
        "tiktok",
        "linkedin-personal-brand",
        "dashboards",
        "data-visualisation",
        "phishing-awareness",
        "deepfakes",
        "crypto-web3",
        "genz-workplace",
        "pronouns",
        "neurodiversity",
        "leading-teams",
        "negotiation",
        "stakeholder-management",
        "company-history",
        "navigating-the-organisation",
        "board-communication",
        "pnl-management",
        "executive-presence",
        "career-navigation",
    ],
)
def test_the_skills_reverse_mentoring_is_known_for_are_present(slug):
    assert load_starter_taxonomy().get(slug) is not None


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "tax.toml"
    path.write_text(body, encoding="utf-8")
    return path


BROKEN = """
version = "x"
[[categories]]
slug = "ai"
name = "AI"
description = "d"
[[categories]]
slug = "unused"
name = "Unused"
description = "d"
[[skills]]
slug = "generative-ai"
name = "Generative AI"
category = "ai"
side = "digital"
description = "d"
aliases = ["ChatGPT", "Gen AI"]
[[skills]]
slug = "chat-bots"
name = "Chat GPT"
category = "ai"
side = "digital"
description = "d"
aliases = ["gen-ai"]
[[skills]]
slug = "generative-ai"
name = "Other"
category = "nowhere"
side = "sideways"
description = "d"
[[skills]]
slug = "Bad_Slug"
name = "Bad; name"
category = "ai"
side = "both"
description = "d"
"""


def test_it_reports_every_problem_of_a_broken_file_at_once(tmp_path):
    problems = "\n".join(data_file_problems(_write(tmp_path, BROKEN), min_skills=120))
    assert "'Chat GPT' collides with 'ChatGPT' of skill 'generative-ai'" in problems
    assert "'gen-ai' collides with" in problems  # an alias equal to another skill's alias
    assert "side must be one of" in problems
    assert "category 'unused': no skill uses it" in problems
    assert "slug must be kebab-case" in problems
    assert "contains ;" in problems
    assert "only 3 skills" in problems


def test_it_reports_a_duplicate_slug_and_an_unknown_category():
    skills = (
        Skill(slug="a", name="A", category="c", description="d"),
        Skill(slug="a", name="B", category="nowhere", description="d"),
    )
    with pytest.raises(TaxonomyError) as caught:
        Taxonomy(
            version="t", categories=(Category(slug="c", name="C", description="d"),), skills=skills
        )
    assert "skill 'a': slug used twice" in caught.value.problems
    assert "skill 'a': unknown category 'nowhere'" in caught.value.problems


def test_an_alias_equal_to_another_skills_name_is_rejected():
    cats = (Category(slug="c", name="C", description="d"),)
    skills = (
        Skill(slug="tiktok", name="TikTok", category="c", description="d"),
        Skill(
            slug="video", name="Short video", category="c", description="d", aliases=("Tik-Tok",)
        ),
    )
    with pytest.raises(TaxonomyError, match="'Tik-Tok' collides with 'TikTok' of skill 'tiktok'"):
        Taxonomy(version="t", categories=cats, skills=skills)


def test_load_taxonomy_raises_with_the_problems(tmp_path):
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(_write(tmp_path, BROKEN))
    assert len(caught.value.problems) >= 5


def test_an_unreadable_file_is_one_problem_not_a_crash(tmp_path):
    problems = data_file_problems(_write(tmp_path, "version = "))
    assert len(problems) == 1
    assert "cannot read" in problems[0]
