from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "crossgen.notifications"
    label = "notifications"
