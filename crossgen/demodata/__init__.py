"""Deterministic generator of a realistic demo company: pure, no Django.

``generate_company`` builds a manager tree, departments, offices across time
zones, diverse names, and skills that make reverse mentoring meaningful
(juniors strong in AI and social media, seniors in leadership and
institutional knowledge). The writers produce roster files in the import
format; ``roster_rows``/``skills_rows`` give the same data without a file.
Diversity answers are separate and opt-in: ``generate_diversity``.
"""

from crossgen.demodata.diversity import DiversityAnswers, generate_diversity
from crossgen.demodata.export import (
    ROSTER_COLUMNS,
    SKILLS_COLUMNS,
    format_levels,
    roster_dicts,
    roster_row,
    roster_rows,
    skills_rows,
    write_roster_csv,
    write_roster_xlsx,
    write_skills_csv,
)
from crossgen.demodata.generate import DEFAULT_AS_OF, generate_company
from crossgen.demodata.model import DemoCompany, Employee, SkillLevels
from crossgen.demodata.orgdata import CAREER_STAGES, DEPARTMENTS, LOCATIONS, Location

__all__ = [
    "CAREER_STAGES",
    "DEFAULT_AS_OF",
    "DEPARTMENTS",
    "LOCATIONS",
    "ROSTER_COLUMNS",
    "SKILLS_COLUMNS",
    "DemoCompany",
    "DiversityAnswers",
    "Employee",
    "Location",
    "SkillLevels",
    "format_levels",
    "generate_company",
    "generate_diversity",
    "roster_dicts",
    "roster_row",
    "roster_rows",
    "skills_rows",
    "write_roster_csv",
    "write_roster_xlsx",
    "write_skills_csv",
]
