from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "crossgen.tenancy"
    label = "tenancy"
