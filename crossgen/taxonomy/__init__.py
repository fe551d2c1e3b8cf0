"""The curated, versioned skill taxonomy: pure data and lookups, no Django.

What can flow across a reverse-mentoring pair (AI tools, social media, data,
inclusion on the digital side; leadership, strategy, institutional knowledge
on the experience side), with aliases so that free text such as "ChatGPT" or
"Gen AI" resolves to one stable slug.
"""

from crossgen.taxonomy.levels import (
    LEARN_LEVELS,
    TEACH_LEVELS,
    LevelKind,
    SkillLevelsError,
    format_skill_levels,
    level_range,
    parse_skill_levels,
)
from crossgen.taxonomy.loader import (
    STARTER_VERSION,
    load_starter_taxonomy,
    load_taxonomy,
    starter_path,
)
from crossgen.taxonomy.model import Category, Side, Skill, Taxonomy, TaxonomyError
from crossgen.taxonomy.normalize import normalize
from crossgen.taxonomy.validation import data_file_problems, taxonomy_problems

__all__ = [
    "LEARN_LEVELS",
    "STARTER_VERSION",
    "TEACH_LEVELS",
    "Category",
    "LevelKind",
    "Side",
    "Skill",
    "SkillLevelsError",
    "Taxonomy",
    "TaxonomyError",
    "data_file_problems",
    "format_skill_levels",
    "level_range",
    "load_starter_taxonomy",
    "load_taxonomy",
    "normalize",
    "parse_skill_levels",
    "starter_path",
    "taxonomy_problems",
]
