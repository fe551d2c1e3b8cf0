from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "crossgen.demo"
    label = "demo"
