from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "crossgen.programs"
    label = "programs"
