"""Cells such as "generative-ai:4;tiktok:3" parse to slugs and levels, or fail clearly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crossgen.taxonomy import (
    LEARN_LEVELS,
    TEACH_LEVELS,
    SkillLevelsError,
    format_skill_levels,
    level_range,
    load_starter_taxonomy,
    parse_skill_levels,
)

TAX = load_starter_taxonomy()
SLUGS = [s.slug for s in TAX]


def test_it_parses_slugs_and_levels_in_order():
    assert parse_skill_levels("generative-ai:4;tiktok:3", kind="teach") == {
        "generative-ai": 4,
        "tiktok": 3,
    }


def test_it_resolves_names_and_aliases_to_slugs():
    levels = parse_skill_levels(" ChatGPT : 4 ; Power BI:2, Negotiation:3 ;", kind="teach")
    assert levels == {"generative-ai": 4, "dashboards": 2, "negotiation": 3}


def test_an_empty_cell_is_no_skills():
    assert parse_skill_levels("", kind="learn") == {}
    assert parse_skill_levels(" ; ", kind="learn") == {}


@pytest.mark.parametrize(
    ("kind", "bad", "allowed"),
    [("teach", 5, "1 to 4"), ("teach", 0, "1 to 4"), ("learn", 4, "1 to 3")],
)
def test_it_rejects_out_of_range_levels_naming_the_item_and_the_range(kind, bad, allowed):
    with pytest.raises(
        ValueError,
        match=rf"item 2 'tiktok:{bad}': {kind} \w+ must be a whole number from {allowed}",
    ):
        parse_skill_levels(f"generative-ai:1;tiktok:{bad}", kind=kind)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tiktok", "item 1 'tiktok': missing level"),
        ("basket weaving:2", "unknown skill 'basket weaving'"),
        ("tiktok:two", "must be a whole number"),
        ("tiktok:2.5", "must be a whole number"),
        ("tiktok:2;TikTok:3", "item 2 'TikTok:3': tiktok is already given in item 1"),
    ],
)
def test_it_names_the_bad_item(text, message):
    with pytest.raises(SkillLevelsError, match=message):
        parse_skill_levels(text, kind="teach")


def test_it_reports_every_bad_item_at_once():
    with pytest.raises(SkillLevelsError) as caught:
        parse_skill_levels("nope:1;tiktok:9;seo:2;x", kind="teach")
    assert len(caught.value.problems) == 3
    assert caught.value.kind == "teach"


def test_it_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="kind must be 'teach' or 'learn'"):
        parse_skill_levels("tiktok:1", kind="mentor")  # type: ignore[arg-type]


def test_the_ranges_match_the_matching_engine():
    assert list(TEACH_LEVELS) == [1, 2, 3, 4] == list(level_range("teach"))
    assert list(LEARN_LEVELS) == [1, 2, 3] == list(level_range("learn"))


@given(
    kind=st.sampled_from(["teach", "learn"]),
    data=st.data(),
)
def test_format_and_parse_round_trip(kind, data):
    allowed = level_range(kind)
    levels = data.draw(
        st.dictionaries(st.sampled_from(SLUGS), st.sampled_from(list(allowed)), max_size=8)
    )
    assert parse_skill_levels(format_skill_levels(levels), kind=kind) == levels


@given(data=st.data())
def test_any_label_of_a_skill_parses_to_its_slug(data):
    skill = data.draw(st.sampled_from(list(TAX)))
    label = data.draw(st.sampled_from(skill.labels))
    level = data.draw(st.sampled_from(list(TEACH_LEVELS)))
    assert parse_skill_levels(f"{label}:{level}", kind="teach") == {skill.slug: level}


@given(level=st.integers().filter(lambda n: n not in TEACH_LEVELS))
def test_every_out_of_range_teach_level_is_rejected(level):
    with pytest.raises(SkillLevelsError, match="from 1 to 4"):
        parse_skill_levels(f"tiktok:{level}", kind="teach")
