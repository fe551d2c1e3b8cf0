from django.apps import AppConfig


class RosterConfig(AppConfig):
    name = "crossgen.roster"
    label = "roster"
