from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "crossgen.web"
    label = "web"
    verbose_name = "Crossgen web shell"
