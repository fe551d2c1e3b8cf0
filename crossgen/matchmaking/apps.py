from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "crossgen.matchmaking"
    label = "matchmaking"
