"""The shape of the demo company: career ladder, offices, departments, titles.

Plain tables, kept apart from the generator so they read as a description of
Northwind Group rather than as code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

CAREER_STAGES: Final = (
    "Early career",
    "Professional",
    "Senior professional",
    "Manager",
    "Director",
    "Executive",
)
"""The ladder, lowest first; an employee's ``stage_index`` indexes it."""
EARLY_CAREER, PROFESSIONAL, SENIOR_PROFESSIONAL, MANAGER, DIRECTOR, EXECUTIVE = range(6)

# Years of service by stage (low, high): hire dates follow from these, so an
# early-career employee never has twenty years of tenure.
TENURE_YEARS: Final = ((0.1, 3.0), (1.0, 8.0), (3.0, 16.0), (4.0, 20.0), (7.0, 26.0), (3.0, 30.0))

# Mix of stages among people without reports. Members of a team lead's team
# are mostly early career; people reporting straight to a manager are more senior.
LEAD_TEAM_MIX: Final = (0.58, 0.42, 0.0)  # early career, professional, senior professional
MANAGER_DIRECT_MIX: Final = (0.20, 0.35, 0.45)


@dataclass(frozen=True, slots=True)
class Location:
    name: str
    timezone: str  # IANA name, valid for zoneinfo
    country: str
    weight: float  # share of headcount


LOCATIONS: Final = (
    Location("London", "Europe/London", "GB", 0.20),
    Location("New York", "America/New_York", "US", 0.16),
    Location("Chicago", "America/Chicago", "US", 0.10),
    Location("San Francisco", "America/Los_Angeles", "US", 0.09),
    Location("Berlin", "Europe/Berlin", "DE", 0.09),
    Location("Bangalore", "Asia/Kolkata", "IN", 0.16),
    Location("Singapore", "Asia/Singapore", "SG", 0.08),
    Location("Sydney", "Australia/Sydney", "AU", 0.06),
    Location("São Paulo", "America/Sao_Paulo", "BR", 0.06),
)
HEADQUARTERS: Final = "London"

# Name origins by office (pool origin -> weight). Every office is mixed.
NAME_MIX: Final[dict[str, dict[str, float]]] = {
    "London": {
        "english": 40,
        "irish": 6,
        "indian": 12,
        "west-african": 8,
        "caribbean-african-american": 5,
        "polish": 5,
        "french": 4,
        "hispanic": 3,
        "chinese": 4,
        "arabic": 5,
        "italian-greek": 4,
        "turkish": 2,
        "portuguese": 2,
    },
    "New York": {
        "english": 32,
        "irish": 8,
        "hispanic": 14,
        "caribbean-african-american": 12,
        "chinese": 6,
        "indian": 8,
        "italian-greek": 6,
        "japanese-korean": 4,
        "west-african": 3,
        "arabic": 3,
        "polish": 2,
        "vietnamese-filipino": 2,
    },
    "Chicago": {
        "english": 34,
        "irish": 8,
        "polish": 10,
        "hispanic": 14,
        "caribbean-african-american": 12,
        "german": 5,
        "indian": 7,
        "italian-greek": 4,
        "chinese": 3,
        "arabic": 3,
    },
    "San Francisco": {
        "english": 26,
        "chinese": 14,
        "indian": 14,
        "hispanic": 14,
        "vietnamese-filipino": 8,
        "japanese-korean": 8,
        "caribbean-african-american": 5,
        "arabic": 3,
        "french": 2,
        "nordic": 2,
        "german": 2,
        "irish": 2,
    },
    "Berlin": {
        "german": 50,
        "turkish": 12,
        "polish": 8,
        "french": 5,
        "english": 5,
        "nordic": 5,
        "italian-greek": 5,
        "arabic": 5,
        "hispanic": 3,
        "indian": 2,
    },
    "Bangalore": {
        "indian": 88,
        "english": 3,
        "chinese": 2,
        "arabic": 2,
        "west-african": 1,
        "french": 1,
        "german": 1,
        "japanese-korean": 2,
    },
    "Singapore": {
        "chinese": 50,
        "malay": 15,
        "indian": 15,
        "vietnamese-filipino": 8,
        "english": 5,
        "japanese-korean": 4,
        "nordic": 1,
        "french": 2,
    },
    "Sydney": {
        "english": 45,
        "irish": 6,
        "chinese": 12,
        "indian": 10,
        "vietnamese-filipino": 8,
        "italian-greek": 7,
        "japanese-korean": 4,
        "arabic": 3,
        "hispanic": 2,
        "nordic": 3,
    },
    "São Paulo": {
        "portuguese": 70,
        "hispanic": 10,
        "italian-greek": 6,
        "japanese-korean": 5,
        "arabic": 3,
        "german": 3,
        "west-african": 3,
    },
}


@dataclass(frozen=True, slots=True)
class Department:
    name: str
    weight: float  # share of directors, hence roughly of headcount
    portfolio: int  # departments of one portfolio sit under the same executives
    chief_title: str
    director_title: str
    manager_title: str
    lead_title: str
    ic_titles: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # by the three IC stages
    offices: dict[str, float]  # office -> weight for teams of this department


_ALL = {loc.name: loc.weight for loc in LOCATIONS}

DEPARTMENTS: Final = (
    Department(
        "Engineering",
        17,
        0,
        "Chief Technology Officer",
        "Director of Engineering",
        "Engineering Manager",
        "Engineering Team Lead",
        (
            ("Graduate Software Engineer", "Associate Software Engineer", "QA Analyst"),
            ("Software Engineer", "Test Engineer", "DevOps Engineer"),
            ("Senior Software Engineer", "Staff Engineer", "Site Reliability Engineer"),
        ),
        {
            "London": 3,
            "San Francisco": 4,
            "Bangalore": 5,
            "Berlin": 3,
            "New York": 1,
            "Singapore": 1,
        },
    ),
    Department(
        "Product",
        6,
        0,
        "Chief Product Officer",
        "Director of Product",
        "Product Manager, Group",
        "Product Team Lead",
        (
            ("Associate Product Manager", "Junior UX Designer"),
            ("Product Manager", "UX Designer", "Product Analyst"),
            ("Senior Product Manager", "Senior UX Designer", "Principal Designer"),
        ),
        {"London": 3, "San Francisco": 4, "Berlin": 2, "Bangalore": 1, "New York": 1},
    ),
    Department(
        "Data & Analytics",
        5,
        0,
        "Chief Data Officer",
        "Director of Data & Analytics",
        "Analytics Manager",
        "Analytics Team Lead",
        (
            ("Junior Data Analyst", "Data Analyst Intern", "BI Analyst"),
            ("Data Analyst", "Data Engineer", "Data Scientist"),
            ("Senior Data Scientist", "Senior Data Engineer", "Analytics Lead"),
        ),
        {"London": 2, "Bangalore": 3, "San Francisco": 2, "New York": 1, "Singapore": 1},
    ),
    Department(
        "IT",
        6,
        0,
        "Chief Information Officer",
        "Director of IT",
        "IT Manager",
        "IT Team Lead",
        (
            ("IT Support Analyst", "Service Desk Analyst"),
            ("Systems Administrator", "Security Analyst", "Business Systems Analyst"),
            ("Senior Security Engineer", "Enterprise Architect", "Senior Systems Engineer"),
        ),
        {"Bangalore": 4, "London": 2, "Chicago": 2, "Singapore": 1},
    ),
    Department(
        "Sales",
        13,
        1,
        "Chief Revenue Officer",
        "Sales Director",
        "Sales Manager",
        "Sales Team Lead",
        (
            ("Sales Development Representative", "Business Development Associate"),
            ("Account Executive", "Sales Executive", "Inside Sales Representative"),
            ("Senior Account Executive", "Key Account Manager", "Solutions Consultant"),
        ),
        _ALL,
    ),
    Department(
        "Marketing",
        7,
        1,
        "Chief Marketing Officer",
        "Marketing Director",
        "Marketing Manager",
        "Marketing Team Lead",
        (
            ("Marketing Coordinator", "Social Media Assistant", "Content Assistant"),
            ("Marketing Executive", "Content Strategist", "Digital Marketing Specialist"),
            ("Senior Brand Manager", "Senior Content Strategist", "Growth Marketing Lead"),
        ),
        {"London": 3, "New York": 3, "São Paulo": 1, "Sydney": 1, "Berlin": 1, "Singapore": 1},
    ),
    Department(
        "Customer Success",
        10,
        1,
        "Chief Customer Officer",
        "Director of Customer Success",
        "Customer Success Team Manager",
        "Support Team Lead",
        (
            ("Customer Support Associate", "Customer Success Associate"),
            ("Customer Success Manager", "Support Specialist", "Onboarding Specialist"),
            (
                "Senior Customer Success Manager",
                "Escalations Specialist",
                "Customer Experience Lead",
            ),
        ),
        {
            "Chicago": 2,
            "Sydney": 2,
            "Singapore": 2,
            "São Paulo": 2,
            "London": 2,
            "Bangalore": 2,
            "New York": 1,
        },
    ),
    Department(
        "Finance",
        6,
        2,
        "Chief Financial Officer",
        "Finance Director",
        "Finance Manager",
        "Finance Team Lead",
        (
            ("Junior Accountant", "Accounts Payable Associate", "Finance Graduate"),
            ("Financial Analyst", "Accountant", "Payroll Specialist"),
            ("Senior Financial Analyst", "Financial Controller", "Senior Accountant"),
        ),
        {"London": 3, "New York": 3, "Bangalore": 2, "Singapore": 1},
    ),
    Department(
        "Legal",
        3,
        2,
        "General Counsel",
        "Director of Legal",
        "Legal Manager",
        "Legal Team Lead",
        (
            ("Paralegal", "Legal Assistant"),
            ("Associate Counsel", "Compliance Analyst", "Contracts Specialist"),
            ("Senior Counsel", "Senior Compliance Manager", "Privacy Counsel"),
        ),
        {"London": 3, "New York": 3, "Berlin": 1, "Singapore": 1},
    ),
    Department(
        "People",
        5,
        3,
        "Chief People Officer",
        "Director of People",
        "People Manager",
        "People Team Lead",
        (
            ("People Coordinator", "Recruitment Coordinator", "HR Assistant"),
            ("HR Business Partner", "Recruiter", "Learning & Development Specialist"),
            ("Senior HR Business Partner", "Talent Acquisition Lead", "Reward Specialist"),
        ),
        {"London": 3, "New York": 2, "Bangalore": 1, "Chicago": 1, "Singapore": 1, "Berlin": 1},
    ),
    Department(
        "Operations",
        12,
        4,
        "Chief Operating Officer",
        "Director of Operations",
        "Operations Manager",
        "Operations Team Lead",
        (
            ("Operations Associate", "Operations Coordinator"),
            ("Operations Analyst", "Process Specialist", "Facilities Coordinator"),
            ("Senior Operations Analyst", "Continuous Improvement Lead", "Operations Specialist"),
        ),
        {
            "Chicago": 3,
            "London": 2,
            "Bangalore": 2,
            "São Paulo": 1,
            "Sydney": 1,
            "Singapore": 1,
            "Berlin": 1,
        },
    ),
    Department(
        "Supply Chain",
        8,
        4,
        "Chief Supply Chain Officer",
        "Director of Supply Chain",
        "Supply Chain Manager",
        "Logistics Team Lead",
        (
            ("Supply Chain Associate", "Logistics Coordinator", "Buyer Trainee"),
            ("Buyer", "Demand Planner", "Logistics Analyst"),
            ("Senior Buyer", "Senior Demand Planner", "Category Specialist"),
        ),
        {"Chicago": 4, "São Paulo": 2, "Singapore": 2, "Berlin": 1, "Sydney": 1},
    ),
)
EXECUTIVE_OFFICE: Final = "Executive Office"  # the CEO's department

# Two executive layers below the C-suite at most; beyond that everyone is a VP.
EXECUTIVE_TITLES_BELOW_CHIEF: Final = ("Senior Vice President, {dept}", "Vice President, {dept}")
EXTRA_CHIEF_TITLE: Final = "Executive Vice President, {dept}"
