from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "crossgen.skills"
    label = "skills"
