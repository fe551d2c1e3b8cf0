from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "crossgen.people"
    label = "people"
