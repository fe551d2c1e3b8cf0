from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "crossgen.audit"
    label = "audit"
